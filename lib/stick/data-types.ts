/**
 * The data a stick table can store (configuration manual 4.2 "stick-table",
 * `store`), in the order HAProxy 2.6 lays them out in an entry, which is the
 * order `show table` prints them whatever the order of the `store` list.
 *
 * Kinds, as HAProxy stores them: `uint` a 32-bit unsigned counter (wraps),
 * `sint` a 32-bit signed integer, `ull` a 64-bit unsigned counter (exact here
 * up to 2^53), `rate` a period-based rate counter (freq-counter.ts), `dict`
 * a server key (a name or an address, `-` when unset). Array types (`gpt`,
 * `gpc`, `gpc_rate`) hold 1 to 100 elements and are distinct from the legacy
 * single ones (`gpt0`, `gpc0`, `gpc1`...), as in HAProxy.
 */
export type StickDataKind = 'sint' | 'uint' | 'ull' | 'rate' | 'dict';

export interface StickDataType {
  readonly name: string;
  readonly kind: StickDataKind;
  readonly array: boolean;
}

export const STICK_DATA_TYPES = [
  { name: 'server_id', kind: 'sint', array: false },
  { name: 'gpt0', kind: 'uint', array: false },
  { name: 'gpc0', kind: 'uint', array: false },
  { name: 'gpc0_rate', kind: 'rate', array: false },
  { name: 'conn_cnt', kind: 'uint', array: false },
  { name: 'conn_rate', kind: 'rate', array: false },
  { name: 'conn_cur', kind: 'uint', array: false },
  { name: 'sess_cnt', kind: 'uint', array: false },
  { name: 'sess_rate', kind: 'rate', array: false },
  { name: 'http_req_cnt', kind: 'uint', array: false },
  { name: 'http_req_rate', kind: 'rate', array: false },
  { name: 'http_err_cnt', kind: 'uint', array: false },
  { name: 'http_err_rate', kind: 'rate', array: false },
  { name: 'bytes_in_cnt', kind: 'ull', array: false },
  { name: 'bytes_in_rate', kind: 'rate', array: false },
  { name: 'bytes_out_cnt', kind: 'ull', array: false },
  { name: 'bytes_out_rate', kind: 'rate', array: false },
  { name: 'gpc1', kind: 'uint', array: false },
  { name: 'gpc1_rate', kind: 'rate', array: false },
  { name: 'server_key', kind: 'dict', array: false },
  { name: 'http_fail_cnt', kind: 'uint', array: false },
  { name: 'http_fail_rate', kind: 'rate', array: false },
  { name: 'gpt', kind: 'uint', array: true },
  { name: 'gpc', kind: 'uint', array: true },
  { name: 'gpc_rate', kind: 'rate', array: true },
] as const satisfies readonly StickDataType[];

export type StickDataName = (typeof STICK_DATA_TYPES)[number]['name'];

const BY_NAME = new Map<string, StickDataType>(STICK_DATA_TYPES.map((d) => [d.name, d]));
// HAProxy 2.6 takes `server_name` as another name of `server_key`.
BY_NAME.set('server_name', BY_NAME.get('server_key') as StickDataType);

/** The data type a `store` item or a `data.<type>` filter names, if any. */
export function stickDataType(name: string): StickDataType | undefined {
  return BY_NAME.get(name);
}
