/**
 * HAProxy's period-based event rate counter, the `*_rate(<period>)` data of a
 * stick table (configuration manual 4.2 "stick-table", `store`; read by the
 * `sc_*_rate` / `src_*_rate` fetches of 7.3.3 and printed by `show table`).
 *
 * A counter is three numbers kept in a stick entry's data array at `off`:
 *
 *   off + 0  tick   start of the current period (a 32-bit wrapping ms date, even)
 *   off + 1  curr   events in the current period (32-bit unsigned)
 *   off + 2  prev   events in the previous period (32-bit unsigned)
 *
 * The arithmetic is HAProxy 2.6's, on 32-bit unsigned ms dates (`now >>> 0`,
 * which is HAProxy's now_ms when the clock is the wall clock):
 *
 *  - update: if less than a period passed since `tick`, `curr += inc`. Else the
 *    counter rotates: prev = curr, curr = inc, tick += period; if that still
 *    leaves a whole period behind (two periods without an event), prev = 0 and
 *    tick = now. The stored tick is always rounded down to an even date (HAProxy
 *    keeps its lowest bit as a lock), so with an odd period each rotation loses
 *    1 ms, and a period opened by an event at an odd date starts 1 ms earlier.
 *  - read does not rotate: remain = tick + period - now (signed); if negative
 *    the period ended, so curr counts as prev (if less than two periods ago,
 *    else nothing) and remain grows by a period. The rate is then
 *    curr + floor(prev × remain / period): the previous period weighted by the
 *    part of the current one still to come. To keep low rates from flapping,
 *    a counter with no event in the current period and at most one in the
 *    previous reads as that previous count (0 or 1) for the whole period.
 *
 * A zeroed counter has tick 0: its first update rotates and opens a period at
 * that date, except within `period` ms after the 32-bit date wraps to 0 (every
 * 49.7 days, as in HAProxy), where it just counts.
 */

/** HAProxy's update_freq_ctr_period(): adds `inc` events at `now` (ms). */
export function updateFreqCounter(d: Float64Array, off: number, period: number, now: number, inc: number): void {
  const date = now >>> 0;
  let tick = d[off] as number;
  if ((date - tick) >>> 0 < period) {
    d[off + 1] = ((d[off + 1] as number) + inc) >>> 0;
    return;
  }
  d[off + 2] = d[off + 1] as number;
  d[off + 1] = inc >>> 0;
  tick = (tick + period) >>> 0;
  if ((date - tick) >>> 0 >= period) {
    d[off + 2] = 0;
    tick = date;
  }
  d[off] = (tick & ~1) >>> 0;
}

/** HAProxy's read_freq_ctr_period(): the event rate over `period` at `now` (ms). */
export function readFreqCounter(d: Float64Array, off: number, period: number, now: number): number {
  let curr = d[off + 1] as number;
  let past = d[off + 2] as number;
  let remain = ((d[off] as number) + period - (now >>> 0)) | 0;
  if (remain < 0) {
    remain += period;
    past = remain >= 0 ? curr : 0;
    curr = 0;
  }
  if (curr === 0 && past <= 1) return past;
  // curr + floor(past × remain / period), exactly (past × remain reaches 2^63).
  const weighted = past * remain;
  const part = Number.isSafeInteger(weighted) ? (weighted - (weighted % period)) / period : Number((BigInt(past) * BigInt(remain)) / BigInt(period));
  return (curr + part) >>> 0;
}

/**
 * `set table <t> key <k> data.<rate> <value>` (management guide 9.3): the
 * current period starts now with `value` events and no previous period, so
 * the rate reads `value` for a whole period then fades out.
 */
export function setFreqCounter(d: Float64Array, off: number, now: number, value: number): void {
  d[off] = ((now >>> 0) & ~1) >>> 0;
  d[off + 1] = value >>> 0;
  d[off + 2] = 0;
}
