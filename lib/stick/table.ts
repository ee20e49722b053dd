/**
 * A stick table (configuration manual 4.2 "stick-table"): entries indexed by
 * key, with the data of the table's `store` list, that expire `expire` ms
 * after they were last touched and make room for new ones when `size` is
 * reached. Pure data structure: time comes from an injected clock (ms), and
 * the owner drives expiry with a timer from `sweep()`'s answer — though
 * every lookup also sweeps what is due first, so expired entries are never
 * seen.
 *
 * HAProxy 2.6 semantics, kept here:
 *
 *  - A new entry expires `expire` ms after its creation; `touch()` moves that
 *    to `expire` ms after now (to now itself in a table without `expire`,
 *    which makes "oldest" mean least recently touched).
 *  - Expiry: an entry is removed once its date passed (`exp=0`), unless a
 *    tracker holds it (`ref()`); `release()` of the last holder removes it if
 *    it expired meanwhile. Tables without `expire` never expire entries.
 *  - Full table: creating an entry first purges the (size >> 8) + 1 oldest
 *    entries that nobody holds, oldest by the date each was last queued at
 *    (an entry touched since is queued again at its new date instead, and
 *    does not count). The purge gives up after visiting twice that many
 *    entries: so a table whose first entries in that order are held, or were
 *    touched since they were queued, refuses the new entry — HAProxy 2.6.12
 *    does exactly that. With `nopurge`, a full table refuses new entries.
 *  - `remove()` (the Runtime API's `clear table`) refuses held entries.
 *
 *     getOrCreate(key) ──► sweep due ──► Map lookup ──► (miss) full? purge ──► new entry, queued
 *
 * Held entries whose queue date passed are "parked" out of the heap (HAProxy
 * leaves them in its tree, where every expiry run steps over them); they
 * rank first in purge order, so the purge counts them without visiting them.
 */
import type { StickTable as StickTableConfig } from '../config/model/stick.js';
import { StickEntry } from './entry.js';
import { ExpiryQueue, NOT_QUEUED, PARKED } from './expiry-queue.js';
import { stickKeyType, type StickKey, type StickKeyType } from './key.js';
import { StickLayout } from './layout.js';

/** A monotonic ms clock that starts at the wall-clock date, as HAProxy's now_ms. */
const monotonicMs = (): number => performance.timeOrigin + performance.now();

let serial = 0;

export class StickTable {
  /** The table's name: its proxy's. */
  readonly name: string;
  readonly type: StickTableConfig['type'];
  readonly size: number;
  /** Entry lifetime in ms; 0 when the table has no `expire`. */
  readonly expire: number;
  readonly nopurge: boolean;
  readonly keys: StickKeyType;
  readonly layout: StickLayout;
  readonly #clock: () => number;
  readonly #entries = new Map<StickKey, StickEntry>();
  readonly #queue = new ExpiryQueue<StickEntry>();
  /** Held entries out of the heap whose queue date passed. */
  #parked = 0;

  constructor(name: string, config: StickTableConfig, clock: () => number = monotonicMs) {
    this.name = name;
    this.type = config.type;
    this.size = config.size;
    this.expire = config.expire ?? 0;
    this.nopurge = config.nopurge;
    this.keys = stickKeyType(config.type, config.len);
    this.layout = new StickLayout(config.store);
    this.#clock = clock;
  }

  /** Entries in the table (`used:` in `show table`), counting expired ones until a sweep or a lookup. */
  get used(): number {
    return this.#entries.size;
  }

  /** The table clock's date, in whole ms. */
  now(): number {
    return Math.floor(this.#clock());
  }

  /** The entry of `key`, if any. */
  lookup(key: StickKey, now = this.now()): StickEntry | undefined {
    this.#due(now);
    return this.#entries.get(key);
  }

  /** The entry of `key`, created if needed; undefined when the table is full and nothing can be purged. */
  getOrCreate(key: StickKey, now = this.now()): StickEntry | undefined {
    this.#due(now);
    const found = this.#entries.get(key);
    if (found !== undefined) return found;
    if (this.#entries.size >= this.size && (this.nopurge || this.#purge(Math.floor(this.size / 256) + 1) === 0)) return undefined;
    const entry = new StickEntry(key, ++serial, this.layout.width);
    entry.expire = now + this.expire;
    this.#entries.set(key, entry);
    this.#queue.push(entry, entry.expire);
    return entry;
  }

  /** Renews an entry's lifetime: it expires `expire` ms from now. */
  touch(entry: StickEntry, now = this.now()): void {
    entry.expire = now + this.expire;
  }

  /** A tracker holds the entry. */
  ref(entry: StickEntry): void {
    entry.refCount++;
  }

  /** A tracker lets the entry go; the last one removes it if it expired meanwhile. */
  release(entry: StickEntry, now = this.now()): void {
    if (--entry.refCount > 0) return;
    if (this.expire !== 0 && entry.expire <= now) {
      this.#delete(entry);
    } else if (entry.queueIndex === PARKED) {
      this.#parked--;
      this.#queue.restore(entry);
    }
  }

  /** Removes an entry nobody holds (`clear table`); false if it is held. */
  remove(entry: StickEntry): boolean {
    if (entry.refCount > 0) return false;
    this.#delete(entry);
    return true;
  }

  /**
   * Removes the expired entries (HAProxy's expiry task) and returns when to
   * call again: the first queue date, Infinity if none or without `expire`.
   */
  sweep(now = this.now()): number {
    if (this.expire === 0) return Infinity;
    for (let e = this.#queue.peek(); e !== undefined && e.queueDate <= now; e = this.#queue.peek()) {
      this.#queue.pop();
      if (e.refCount > 0) {
        e.queueIndex = PARKED;
        this.#parked++;
      } else if (e.expire > now) {
        this.#queue.push(e, e.expire);
      } else {
        this.#entries.delete(e.key);
      }
    }
    return this.#queue.peek()?.queueDate ?? Infinity;
  }

  /** Every entry, in no particular order. */
  entries(now = this.now()): IterableIterator<StickEntry> {
    this.#due(now);
    return this.#entries.values();
  }

  /** Every entry in key order, as `show table` lists them. */
  sorted(now = this.now()): StickEntry[] {
    const withBytes = [...this.entries(now)].map((e) => ({ e, b: this.keys.bytes(e.key) }));
    return withBytes.sort((x, y) => Buffer.compare(x.b, y.b)).map((x) => x.e);
  }

  /** Sweeps if something may have expired: one comparison on the hot path. */
  #due(now: number): void {
    if (this.expire === 0) return;
    const first = this.#queue.peek();
    if (first !== undefined && first.queueDate <= now) this.sweep(now);
  }

  /** HAProxy's stktable_trash_oldest(): purges up to `batch` entries, visiting at most twice as many. */
  #purge(batch: number): number {
    let visits = batch * 2 - this.#parked;
    let purged = 0;
    const held: StickEntry[] = [];
    for (let e = this.#queue.peek(); e !== undefined && purged < batch && --visits >= 0; e = this.#queue.peek()) {
      this.#queue.pop();
      if (e.refCount > 0) held.push(e);
      else if (e.expire !== e.queueDate) this.#queue.push(e, e.expire);
      else {
        this.#entries.delete(e.key);
        purged++;
      }
    }
    for (const e of held) this.#queue.restore(e);
    return purged;
  }

  #delete(entry: StickEntry): void {
    if (entry.queueIndex >= 0) this.#queue.remove(entry);
    else if (entry.queueIndex === PARKED) this.#parked--;
    entry.queueIndex = NOT_QUEUED;
    this.#entries.delete(entry.key);
  }
}
