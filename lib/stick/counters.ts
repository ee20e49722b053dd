/**
 * The stick counters of one client connection (HAProxy's stkctr, `sc0` to
 * `sc2`; configuration manual 4.2 "tcp-request connection track-sc0",
 * "http-request track-sc0" and 7.3.3 `sc_*`): which table entry each counter
 * tracks, and the events counted on the tracked entries.
 *
 * HAProxy keeps two sets, the session's (`tcp-request connection|session`
 * tracking, for the whole connection) and each stream's (`tcp-request
 * content` and `http-request` tracking, for one request in HTTP), the second
 * starting as a copy of the first. One set with a level per counter is the
 * same thing: a counter already tracked at either level is not tracked again,
 * fetches read whichever is set, and a request's end stops only its own.
 *
 *   track ──► conn_cur+1, conn_cnt+1, conn_rate+1, entry renewed, held
 *   each HTTP request ──► http_req_cnt+1, http_req_rate+1
 *   response 4xx ──► http_err_*   5xx but 501/505 ──► http_fail_*
 *   stop (request end: content level; connection end: all) ──► conn_cur-1, released
 */
import type { StickEntry } from './entry.js';
import type { StickDataName } from './data-types.js';
import type { StickTable } from './table.js';

/** Counters per connection: sc0, sc1, sc2 (HAProxy's default tune.stick-counters). */
export const STICK_COUNTERS = 3;

export type TrackLevel = 'session' | 'content';

export interface TrackedEntry {
  readonly table: StickTable;
  readonly entry: StickEntry;
  readonly level: TrackLevel;
}

/** Adds `n` to a datum of the entry if its table stores it; true if it does. */
function bump(t: TrackedEntry, name: StickDataName, n: number, now: number): boolean {
  const slot = t.table.layout.slot(name);
  if (!slot) return false;
  t.entry.add(slot, n, now);
  return true;
}

/**
 * `n` events on a counter and its rate (an array's element `index`),
 * whichever the table stores, the entry then renewed (HAProxy's touch).
 * Answers the counter, or the current period's count of the rate alone, as
 * `sc_inc_gpc0` does; 0 when neither is stored.
 */
export function countEvents(table: StickTable, entry: StickEntry, counter: StickDataName, rate: StickDataName, n: number, now: number, index = 0): number {
  const r = table.layout.slot(rate, index);
  const c = table.layout.slot(counter, index);
  let v = 0;
  if (r) {
    entry.add(r, n, now);
    v = entry.data[r.offset + 1] as number;
  }
  if (c) {
    entry.add(c, n, now);
    v = entry.read(c, now);
  }
  if (r || c) table.touch(entry, now);
  return v;
}

export class StickCounters {
  readonly #slots: (TrackedEntry | undefined)[] = new Array<TrackedEntry | undefined>(STICK_COUNTERS).fill(undefined);
  /** Client bytes already counted (traffic()). */
  #read = 0;
  #written = 0;

  /** What counter `i` tracks, if anything. */
  tracked(i: number): TrackedEntry | undefined {
    return this.#slots[i];
  }

  /**
   * HAProxy's stream_track_stkctr(): counter `i` tracks `entry` unless it
   * already tracks something. The entry counts a new connection and is held
   * until stopped.
   */
  track(i: number, table: StickTable, entry: StickEntry, level: TrackLevel, now = table.now()): boolean {
    if (this.#slots[i] !== undefined) return false;
    const t: TrackedEntry = { table, entry, level };
    this.#slots[i] = t;
    table.ref(entry);
    bump(t, 'conn_cur', 1, now);
    bump(t, 'conn_cnt', 1, now);
    bump(t, 'conn_rate', 1, now);
    table.touch(entry, now);
    return true;
  }

  /** A new HTTP request on the connection. */
  httpRequest(): void {
    this.#event('http_req_cnt', 'http_req_rate', 1);
  }

  /** One HTTP request counted on a single counter: the one `http-request track-sc` just started. */
  httpRequestOn(i: number): void {
    const t = this.#slots[i];
    if (t) this.#count(t, 'http_req_cnt', 'http_req_rate', 1, t.table.now());
  }

  /** A client error: a server's 4xx, or a request tslb refused (deny, tarpit, auth, a bad request). */
  httpError(): void {
    this.#event('http_err_cnt', 'http_err_rate', 1);
  }

  /** The status of a server's final response: 4xx are client errors, 5xx but 501 and 505 server failures. */
  httpStatus(status: number): void {
    if (status >= 400 && status < 500) this.httpError();
    else if (status >= 500 && status < 600 && status !== 501 && status !== 505) this.#event('http_fail_cnt', 'http_fail_rate', 1);
  }

  /** The client connection's byte totals so far: what came in and went out since the last call is counted. */
  traffic(totalRead: number, totalWritten: number): void {
    const received = totalRead - this.#read;
    const sent = totalWritten - this.#written;
    this.#read = totalRead;
    this.#written = totalWritten;
    if (received > 0) this.#event('bytes_in_cnt', 'bytes_in_rate', received);
    if (sent > 0) this.#event('bytes_out_cnt', 'bytes_out_rate', sent);
  }

  /** A new session accepted (`tcp-request session` passed): sess_cnt and sess_rate of the session's counters. */
  session(): void {
    this.#event('sess_cnt', 'sess_rate', 1);
  }

  /** The end of a request (`content`: the counters it tracked stop) or of the connection (`session`: every counter stops). */
  stop(level: TrackLevel): void {
    for (let i = 0; i < STICK_COUNTERS; i++) {
      const t = this.#slots[i];
      if (t === undefined || (level === 'content' && t.level !== 'content')) continue;
      this.#slots[i] = undefined;
      const now = t.table.now();
      const cur = t.table.layout.slot('conn_cur');
      if (cur) {
        const v = t.entry.read(cur, now);
        if (v > 0) t.entry.set(cur, v - 1, now);
        t.table.touch(t.entry, now);
      }
      t.table.release(t.entry, now);
    }
  }

  #event(cnt: StickDataName, rate: StickDataName, n: number): void {
    for (let i = 0; i < STICK_COUNTERS; i++) {
      const t = this.#slots[i];
      if (t) this.#count(t, cnt, rate, n, t.table.now());
    }
  }

  #count(t: TrackedEntry, cnt: StickDataName, rate: StickDataName, n: number, now: number): void {
    countEvents(t.table, t.entry, cnt, rate, n, now);
  }
}
