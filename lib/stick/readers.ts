/**
 * How the fetches (`sc_*`, `src_*`) and converters (`table_*`) of
 * configuration manual 7.3.1 and 7.3.3 read — or, for `inc_*` and `clr_*`,
 * change — one datum of a stick-table entry, as HAProxy 2.6 does:
 * undefined when the table does not store the datum; `inc_gpc0` counts on
 * gpc0_rate and gpc0, whichever are stored, and answers gpc0 (or the current
 * period's count of the rate alone); `clr_gpc0` answers the value it cleared.
 */
import { countEvents } from './counters.js';
import type { StickDataName } from './data-types.js';
import type { StickEntry } from './entry.js';
import type { StickTable } from './table.js';

/** Reads (or changes) a datum: a number, or undefined when the table does not store it. `index` is an array datum's element. */
export type Datum = (table: StickTable, entry: StickEntry, now: number, index: number) => number | undefined;

export interface DatumSpec {
  readonly read: Datum;
  /** `src_*` creates the entry (the fetch changes it). */
  readonly creates?: boolean;
  /** Takes an element index first (`sc_get_gpc(<idx>,<ctr>)`). */
  readonly array?: boolean;
}

export const value =
  (name: StickDataName): Datum =>
  (table, entry, now, index) => {
    const slot = table.layout.slot(name, index);
    return slot ? entry.read(slot, now) : undefined;
  };

const kbytes =
  (name: 'bytes_in_cnt' | 'bytes_out_cnt'): Datum =>
  (table, entry, now) => {
    const slot = table.layout.slot(name);
    return slot ? Math.floor(entry.read(slot, now) / 1024) : undefined;
  };

/** `inc_gpc0`, `inc_gpc(<idx>)`: one event on the rate and the counter, whichever are stored. */
const increment =
  (counter: StickDataName, rate: StickDataName): Datum =>
  (table, entry, now, index) =>
    countEvents(table, entry, counter, rate, 1, now, index);

/** `clr_gpc0`: the value, then 0. */
const clear =
  (counter: StickDataName): Datum =>
  (table, entry, now, index) => {
    const c = table.layout.slot(counter, index);
    if (!c) return undefined;
    const v = entry.read(c, now);
    entry.set(c, 0, now);
    table.touch(entry, now);
    return v;
  };

/** By the name the fetches give them after `sc_` / `src_`. */
export const STICK_READERS: Readonly<Record<string, DatumSpec>> = {
  conn_cnt: { read: value('conn_cnt') },
  conn_cur: { read: value('conn_cur') },
  conn_rate: { read: value('conn_rate') },
  sess_cnt: { read: value('sess_cnt') },
  sess_rate: { read: value('sess_rate') },
  http_req_cnt: { read: value('http_req_cnt') },
  http_req_rate: { read: value('http_req_rate') },
  http_err_cnt: { read: value('http_err_cnt') },
  http_err_rate: { read: value('http_err_rate') },
  http_fail_cnt: { read: value('http_fail_cnt') },
  http_fail_rate: { read: value('http_fail_rate') },
  bytes_in_rate: { read: value('bytes_in_rate') },
  bytes_out_rate: { read: value('bytes_out_rate') },
  kbytes_in: { read: kbytes('bytes_in_cnt') },
  kbytes_out: { read: kbytes('bytes_out_cnt') },
  get_gpt0: { read: value('gpt0') },
  get_gpc0: { read: value('gpc0') },
  get_gpc1: { read: value('gpc1') },
  gpc0_rate: { read: value('gpc0_rate') },
  gpc1_rate: { read: value('gpc1_rate') },
  inc_gpc0: { read: increment('gpc0', 'gpc0_rate'), creates: true },
  inc_gpc1: { read: increment('gpc1', 'gpc1_rate'), creates: true },
  clr_gpc0: { read: clear('gpc0'), creates: true },
  clr_gpc1: { read: clear('gpc1'), creates: true },
  trackers: { read: (_t, entry) => entry.refCount },
  get_gpt: { read: value('gpt'), array: true },
  get_gpc: { read: value('gpc'), array: true },
  gpc_rate: { read: value('gpc_rate'), array: true },
  inc_gpc: { read: increment('gpc', 'gpc_rate'), array: true, creates: true },
  clr_gpc: { read: clear('gpc'), array: true, creates: true },
};

