/**
 * Stick-table converters (configuration manual 7.3.1): `table_<datum>(<table>)`
 * looks the input up in the named table, as its key, and answers a datum of
 * the entry; `in_table(<table>)` whether the entry exists. HAProxy 2.6's
 * answers: a key absent from the table reads 0 (`table_expire` and
 * `table_idle` give their default, or no sample); a datum the table does not
 * store, or an input that does not convert to the table's key type, gives no
 * sample. Lookups only: nothing is created or counted.
 */
import { STICK_READERS, value, type Datum } from '../../stick/readers.js';
import type { StickTable } from '../../stick/table.js';
import { bool, int, type Sample } from '../sample/sample.js';
import { ConverterArgumentError, type CompileOptions, type ConverterSpec } from './types.js';

interface TableDatum {
  readonly read: Datum;
  /** Takes an element index first (`table_gpc(<idx>,<table>)`). */
  readonly array?: boolean;
  /** What an absent key reads: 0, or `<default>` / no sample for expire and idle. */
  readonly absent?: 'default';
}

/** Converter suffixes whose datum the fetches read under another name. */
const RENAMED: Readonly<Record<string, TableDatum>> = {
  gpc0: { read: value('gpc0') },
  gpc1: { read: value('gpc1') },
  gpt0: { read: value('gpt0') },
  gpc: { read: value('gpc'), array: true },
  gpt: { read: value('gpt'), array: true },
  gpc_rate: { read: value('gpc_rate'), array: true },
  server_id: { read: value('server_id') },
  // HAProxy 2.6 counts its own lookup among the trackers (one more than sc_trackers; verified).
  trackers: { read: (_table, entry) => entry.refCount + 1 },
  expire: { read: (table, entry, now) => (table.expire === 0 ? undefined : Math.max(0, entry.expire - now)), absent: 'default' },
  idle: { read: (table, entry, now) => (table.expire === 0 ? undefined : Math.max(0, now - (entry.expire - table.expire))), absent: 'default' },
};

const SAME = [
  'bytes_in_rate',
  'bytes_out_rate',
  'conn_cnt',
  'conn_cur',
  'conn_rate',
  'gpc0_rate',
  'gpc1_rate',
  'http_err_cnt',
  'http_err_rate',
  'http_fail_cnt',
  'http_fail_rate',
  'http_req_cnt',
  'http_req_rate',
  'kbytes_in',
  'kbytes_out',
  'sess_cnt',
  'sess_rate',
] as const;

function tableOf<C>(converter: string, name: string | undefined, options: CompileOptions<C> | undefined): StickTable {
  if (!options?.table) throw new ConverterArgumentError(converter, 'stick tables need the rule engine');
  if (name === undefined || name === '') throw new ConverterArgumentError(converter, 'missing table name');
  const table = options.table(name);
  if (!table) throw new ConverterArgumentError(converter, `no stick-table named '${name}'`);
  return table;
}

function tableConverter(name: string, d: TableDatum): ConverterSpec {
  return {
    name,
    in: 'any',
    out: 'int',
    compile(args, options) {
      let index = 0;
      if (d.array) {
        index = Number(args[0]);
        if (!/^\d+$/.test(args[0] ?? '') || index > 99) throw new ConverterArgumentError(name, `array index '${args[0] ?? ''}' must be 0 to 99`);
      }
      const table = tableOf(name, args[d.array ? 1 : 0], options);
      const fallbackText = d.absent ? args[1] : undefined;
      const fallback = fallbackText === undefined || fallbackText === '' ? undefined : int(Number(fallbackText));
      return (input: Sample): Sample | undefined => {
        const key = table.keys.fromSample(input);
        if (key === undefined) return undefined;
        const now = table.now();
        const entry = table.lookup(key, now);
        if (!entry) return d.absent ? fallback : int(0);
        const v = d.read(table, entry, now, index);
        return v === undefined ? undefined : int(v);
      };
    },
  };
}

const inTable: ConverterSpec = {
  name: 'in_table',
  in: 'any',
  out: 'bool',
  compile(args, options) {
    const table = tableOf('in_table', args[0], options);
    return (input) => {
      const key = table.keys.fromSample(input);
      return key === undefined ? undefined : bool(table.lookup(key) !== undefined);
    };
  },
};

export const TABLE_CONVERTERS: readonly ConverterSpec[] = [
  ...SAME.map((n) => tableConverter(`table_${n}`, { read: (STICK_READERS[n] as { read: Datum }).read })),
  ...Object.entries(RENAMED).map(([n, d]) => tableConverter(`table_${n}`, d)),
  inTable,
];
