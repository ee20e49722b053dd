/**
 * What a metric family of the frontend, listener, backend and server groups
 * is made of: its name, type and help text, how one stats row gives its
 * series, and which rows have none. The tables are proxy-families.ts; the
 * writer is render.ts.
 *
 * Empty fields: a row's empty field is written `NaN` (HAProxy's rule for a
 * value the object does not have: `limit_sessions` of a server without
 * `maxconn`, `check_failures_total` of a server without `check`), while a
 * family with an `only` condition writes no series at all for the rows it
 * rejects (HTTP families of TCP proxies, check families of unchecked
 * servers) — exactly as HAProxy 2.6.12 does; a family with no series left
 * is not written, not even its HELP/TYPE lines.
 *
 * The one case the rows cannot follow: a checked server in maintenance has
 * its check paused, and the CSV then shows neither its last result nor its
 * duration, while HAProxy's exporter still writes `check_duration_seconds`
 * and counts the last result in the backend's `agg_check_status`. tslb
 * follows the CSV (no series, not counted).
 */
import { FIELD_INDEX, type StatField } from '../columns.js';
import type { StatRow, StatValue } from '../row.js';
import { checkState } from './states.js';
import type { MetricType } from './text.js';

/** How a family gets its series from one row. */
export type RowSeries =
  /** The field as it is; `empty: 'zero'` writes 0 instead of NaN for an empty field. */
  | { readonly kind: 'field'; readonly field: StatField; readonly empty?: 'zero' }
  /** A duration field in milliseconds, written in seconds ("%f"). */
  | { readonly kind: 'seconds'; readonly field: StatField }
  /** `hrsp_1xx` ... `hrsp_other` under a `code` label; all rows for 1xx, then all for 2xx... */
  | { readonly kind: 'responses' }
  /** One series per state, 1 for the row's state, 0 for the others. */
  | { readonly kind: 'state'; readonly states: readonly string[]; readonly of: (row: StatRow) => string | undefined }
  /** A backend's servers counted per state (every server, whatever `no-maint` says); no series for a backend without servers. */
  | { readonly kind: 'servers'; readonly states: readonly string[]; readonly of: (server: StatRow) => string | undefined };

export interface RowFamily {
  /** The full metric name (`haproxy_server_current_sessions`). */
  readonly name: string;
  readonly type: MetricType;
  /** Our own words; HAProxy's differ, only names, types and labels are kept. */
  readonly help: string;
  readonly series: RowSeries;
  /** Rows that have this metric at all; the others write no series (not even NaN). */
  readonly only?: (row: StatRow) => boolean;
}

/** A row's static field. */
export function field(row: StatRow, name: StatField): StatValue {
  return row.fields[FIELD_INDEX[name]];
}

/** The proxy is in HTTP mode: it has the HTTP families. */
export function httpMode(row: StatRow): boolean {
  return field(row, 'mode') === 'http';
}

/** The server's health check runs (configured with `check`, not paused by maintenance): the CSV shows its status. */
export function checkRuns(row: StatRow): boolean {
  return checkState(field(row, 'check_status')) !== undefined;
}

/** The server's check has completed once (the CSV shows its duration). */
export function checkCompleted(row: StatRow): boolean {
  return typeof field(row, 'check_duration') === 'number';
}
