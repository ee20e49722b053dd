/** Stick tables and `stick on|match|store-*` (configuration manual 4.2 "stick-table", "stick"). */
import type { Condition, Place, SampleExpr } from './common.js';

export interface StickStore {
  /** server_id, gpc0, gpc0_rate, conn_cnt, conn_cur, conn_rate, http_req_rate, gpc, gpc_rate, gpt ... */
  readonly name: string;
  /** Period in ms for the *_rate counters. */
  readonly period?: number | undefined;
  /** Number of elements of the array types gpc(<n>), gpc_rate(<n>,<period>) and gpt(<n>), 1 to 100. */
  readonly count?: number | undefined;
}

export interface StickTable {
  readonly place: Place;
  readonly type: 'ip' | 'ipv6' | 'integer' | 'string' | 'binary';
  /** Key length for string / binary (HAProxy uses 32 when not given). */
  readonly len?: number | undefined;
  readonly size: number;
  readonly expire?: number | undefined;
  readonly nopurge: boolean;
  readonly peers?: string | undefined;
  /** `srvkey`: how a stored server is identified, by name (default) or by address. */
  readonly srvkey?: 'name' | 'addr' | undefined;
  readonly store: readonly StickStore[];
}

export interface StickRule {
  readonly place: Place;
  readonly kind: 'on' | 'match' | 'store-request' | 'store-response';
  readonly expr: SampleExpr;
  readonly table?: string | undefined;
  readonly cond?: Condition | undefined;
}
