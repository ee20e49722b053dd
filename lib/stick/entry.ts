/**
 * One stick-table entry (HAProxy's stksess): its key, the data its table
 * stores (laid out by StickLayout), its expiry date and how many trackers
 * hold it. Updates take a slot resolved at load time and the current date,
 * and allocate nothing.
 *
 * Counters behave as HAProxy's C types: `uint` data wrap at 2^32, `sint`
 * (server_id) is a 32-bit signed integer, `ull` (bytes_*_cnt) is exact up to
 * 2^53 here where HAProxy wraps at 2^64.
 */
import { ExpiryNode } from './expiry-queue.js';
import { readFreqCounter, setFreqCounter, updateFreqCounter } from './freq-counter.js';
import type { StickKey } from './key.js';
import type { StickSlot } from './layout.js';

export class StickEntry extends ExpiryNode {
  readonly key: StickKey;
  /** A serial number, unique in the process: `show table` prints it where HAProxy prints a pointer. */
  readonly id: number;
  /** The stored data, `layout.width` numbers. */
  readonly data: Float64Array;
  /** The `server_key` datum (a server name or address), if stored and set. */
  serverKey: string | undefined = undefined;
  /** Trackers holding the entry (HAProxy's ref_cnt, `use=` in `show table`); a held entry is never purged nor expired. */
  refCount = 0;

  constructor(key: StickKey, id: number, width: number) {
    super();
    this.key = key;
    this.id = id;
    this.data = new Float64Array(width);
  }

  /** Adds `n` to a counter, or `n` events at `now` (ms) to a rate. */
  add(slot: StickSlot, n: number, now: number): void {
    const d = this.data;
    const o = slot.offset;
    switch (slot.type.kind) {
      case 'uint':
        d[o] = ((d[o] as number) + n) >>> 0;
        return;
      case 'sint':
        d[o] = ((d[o] as number) + n) | 0;
        return;
      case 'ull':
        d[o] = (d[o] as number) + n;
        return;
      case 'rate':
        updateFreqCounter(d, o, slot.period, now, n);
        return;
      case 'dict':
        throw new TypeError(`stick-table datum '${slot.label}' is not a number`);
    }
  }

  /**
   * Sets a counter to `value` (truncated to its C type), or a rate as the
   * Runtime API's `set table` does: `value` events in a period starting `now`.
   */
  set(slot: StickSlot, value: number, now: number): void {
    const d = this.data;
    const o = slot.offset;
    switch (slot.type.kind) {
      case 'uint':
        d[o] = value >>> 0;
        return;
      case 'sint':
        d[o] = value | 0;
        return;
      case 'ull':
        d[o] = Number(BigInt.asUintN(64, BigInt(value)));
        return;
      case 'rate':
        setFreqCounter(d, o, now, value);
        return;
      case 'dict':
        throw new TypeError(`stick-table datum '${slot.label}' is not a number`);
    }
  }

  /** A counter's value, or a rate at `now` (ms). The server key reads as 0, as in `show table` filters. */
  read(slot: StickSlot, now: number): number {
    switch (slot.type.kind) {
      case 'rate':
        return readFreqCounter(this.data, slot.offset, slot.period, now);
      case 'dict':
        return 0;
      default:
        return this.data[slot.offset] as number;
    }
  }
}
