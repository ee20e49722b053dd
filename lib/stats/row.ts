/**
 * One line of statistics as every output reads it — the stats page's CSV,
 * JSON and HTML, `show stat`, the Prometheus exporter: the object it
 * describes and its values by column (columns.ts). Rows are built on
 * demand from the counters (snapshot.ts); nothing on the data path makes
 * them.
 */
import { MODULE_FIELDS, STAT_FIELDS } from './columns.js';

/** A value: a number, a text, or undefined for an empty field (not applicable). */
export type StatValue = number | string | undefined;

/** HAProxy's object types and their `type` column: 0 frontend, 1 backend, 2 server, 3 listener. */
export type StatObjectType = 'frontend' | 'backend' | 'server' | 'listener';

export const STAT_TYPE_CODE: Readonly<Record<StatObjectType, number>> = { frontend: 0, backend: 1, server: 2, listener: 3 };

export interface StatRow {
  readonly type: StatObjectType;
  /** The proxy's numeric id (`iid`). */
  readonly proxyId: number;
  /** The server's or listener's id (`sid`); 0 for a frontend or backend row. */
  readonly id: number;
  /** Values by static field position (STAT_FIELDS); undefined: empty. */
  readonly fields: StatValue[];
  /** Values by module column position (MODULE_FIELDS). */
  readonly modules: StatValue[];
}

/** A row with every field empty; builders fill what applies. */
export function emptyRow(type: StatObjectType, proxyId: number, id: number): StatRow {
  return { type, proxyId, id, fields: new Array<StatValue>(STAT_FIELDS.length).fill(undefined), modules: new Array<StatValue>(MODULE_FIELDS.length).fill(undefined) };
}

/** One line of `show info`: its name as HAProxy prints it (`Uptime_sec`, `node`, `Build info`) and its value. */
export interface InfoField {
  readonly name: string;
  readonly value: number | string;
}
