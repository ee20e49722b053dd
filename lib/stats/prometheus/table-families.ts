/**
 * The `sticktable` group: the size and the use of each stick table, under
 * the labels `name` (the table's name: its proxy's, or the one a `peers`
 * section gives it) and `type` (`ip`, `ipv6`, `integer`, `string`,
 * `binary`), as HAProxy 2.6.12 writes them. Nothing is written when there
 * is no table.
 */
import type { MetricType } from './text.js';

/** A stick table as the exporter sees it. */
export interface StickTableStat {
  readonly name: string;
  /** The key type as `show table` prints it. */
  readonly type: string;
  /** The configured number of entries. */
  readonly size: number;
  /** Entries in use now. */
  readonly used: number;
}

export interface TableFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly value: 'size' | 'used';
}

export const TABLE_FAMILIES: readonly TableFamily[] = [
  { name: 'haproxy_sticktable_size', type: 'gauge', help: 'Entries the stick table can hold (size).', value: 'size' },
  { name: 'haproxy_sticktable_used', type: 'gauge', help: 'Entries the stick table holds now.', value: 'used' },
];
