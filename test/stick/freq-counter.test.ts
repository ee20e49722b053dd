/**
 * HAProxy 2.6's period-based rate counter (lib/stick/freq-counter.ts), step
 * by step on a driven clock: where periods start (even dates, odd periods
 * drifting), how an update rotates and a read does not, the weighting of the
 * previous period, the low-rate rule, 32-bit date wrapping, exact results
 * beyond 2^53, and `set table`.
 */
import t from 'tap';
import { readFreqCounter, setFreqCounter, updateFreqCounter } from '../../lib/stick/freq-counter.js';

const fresh = (): Float64Array => new Float64Array(3);
const state = (d: Float64Array): number[] => [...d];

t.test('the first event opens a period at its date rounded down to even', async (t) => {
  const d = fresh();
  updateFreqCounter(d, 0, 1000, 1_000_001, 1);
  t.strictSame(state(d), [1_000_000, 1, 0]);
  updateFreqCounter(d, 0, 1000, 1_000_500, 2);
  updateFreqCounter(d, 0, 1000, 1_000_999, 1);
  t.strictSame(state(d), [1_000_000, 4, 0], 'counted within the period');
  t.equal(readFreqCounter(d, 0, 1000, 1_000_999), 4);
});

t.test('an update after the period rotates: the previous one is weighted by what is left of the current', async (t) => {
  const d = fresh();
  for (let i = 0; i < 7; i++) updateFreqCounter(d, 0, 1000, 1_000_000 + i, 1);
  updateFreqCounter(d, 0, 1000, 1_001_200, 1);
  t.strictSame(state(d), [1_001_000, 1, 7], 'the new period starts one period after the last, not at the event');
  // remain = 1_002_000 - now; rate = 1 + floor(7 × remain / 1000)
  t.equal(readFreqCounter(d, 0, 1000, 1_001_200), 1 + 5);
  t.equal(readFreqCounter(d, 0, 1000, 1_001_500), 1 + 3);
  t.equal(readFreqCounter(d, 0, 1000, 1_001_857), 1 + 1);
  t.equal(readFreqCounter(d, 0, 1000, 1_001_858), 1 + 0);
});

t.test('a read after the period does not rotate but reads the last period as the previous one', async (t) => {
  const d = fresh();
  for (let i = 0; i < 4; i++) updateFreqCounter(d, 0, 1000, 1_000_000 + i, 1);
  t.equal(readFreqCounter(d, 0, 1000, 1_001_400), 2, 'floor(4 × 600 / 1000)');
  t.equal(readFreqCounter(d, 0, 1000, 1_002_000), 0, 'nothing left of it two periods after its start');
  t.equal(readFreqCounter(d, 0, 1000, 1_002_001), 0);
  t.strictSame(state(d), [1_000_000, 4, 0], 'reads changed nothing');
});

t.test('two idle periods reset the previous count and the next period starts at the event', async (t) => {
  const d = fresh();
  for (let i = 0; i < 5; i++) updateFreqCounter(d, 0, 1000, 1_000_000, 1);
  updateFreqCounter(d, 0, 1000, 1_002_000, 1);
  t.strictSame(state(d), [1_002_000, 1, 0], 'exactly two periods later');
  updateFreqCounter(d, 0, 1000, 1_005_555, 3);
  t.strictSame(state(d), [1_005_554, 3, 0]);
});

t.test('the boundary: one ms before the period ends counts in it, the period end rotates', async (t) => {
  const d = fresh();
  updateFreqCounter(d, 0, 10_000, 5_000_000, 1);
  updateFreqCounter(d, 0, 10_000, 5_009_999, 1);
  t.strictSame(state(d), [5_000_000, 2, 0]);
  updateFreqCounter(d, 0, 10_000, 5_010_000, 1);
  t.strictSame(state(d), [5_010_000, 1, 2]);
});

t.test('an odd period loses a millisecond at each rotation (the stored date is even)', async (t) => {
  const d = fresh();
  updateFreqCounter(d, 0, 999, 2_000_000, 1);
  updateFreqCounter(d, 0, 999, 2_000_999, 1);
  t.strictSame(state(d), [2_000_998, 1, 1], '2_000_000 + 999 rounded down');
  updateFreqCounter(d, 0, 999, 2_001_996, 1);
  t.strictSame(state(d), [2_000_998, 2, 1], 'still in the period that started at 2_000_998');
  updateFreqCounter(d, 0, 999, 2_001_997, 1);
  t.strictSame(state(d), [2_001_996, 1, 2]);
  // remain = 2_001_996 + 999 - now
  t.equal(readFreqCounter(d, 0, 999, 2_002_495), 1 + Math.floor((2 * 500) / 999));
});

t.test('1500 ms periods are not aligned on seconds', async (t) => {
  const d = fresh();
  for (let i = 0; i < 10; i++) updateFreqCounter(d, 0, 1500, 3_000_100, 1);
  updateFreqCounter(d, 0, 1500, 3_001_650, 2);
  t.strictSame(state(d), [3_001_600, 2, 10]);
  t.equal(readFreqCounter(d, 0, 1500, 3_002_350), 2 + Math.floor((10 * 750) / 1500));
});

t.test('low rates do not flap: no event now and at most one before reads as that one', async (t) => {
  const d = fresh();
  updateFreqCounter(d, 0, 1000, 1_000_000, 1);
  t.equal(readFreqCounter(d, 0, 1000, 1_000_000), 1);
  t.equal(readFreqCounter(d, 0, 1000, 1_001_999), 1, 'not floor(1 × 1 / 1000)');
  t.equal(readFreqCounter(d, 0, 1000, 1_002_000), 1, 'remain 0 is still the previous period');
  t.equal(readFreqCounter(d, 0, 1000, 1_002_001), 0);
  t.equal(readFreqCounter(fresh(), 0, 1000, 1_000_000), 0);
});

t.test('dates are 32-bit and wrap as HAProxy ticks do', async (t) => {
  const two32 = 2 ** 32;
  const d = fresh();
  updateFreqCounter(d, 0, 1000, two32 - 100, 3);
  t.strictSame(state(d), [two32 - 100, 3, 0]);
  updateFreqCounter(d, 0, 1000, two32 + 400, 1);
  t.strictSame(state(d), [two32 - 100, 4, 0], 'still the same period across the wrap');
  updateFreqCounter(d, 0, 1000, two32 + 1200, 1);
  t.strictSame(state(d), [900, 1, 4]);
  t.equal(readFreqCounter(d, 0, 1000, 5 * two32 + 1400), 1 + Math.floor((4 * 500) / 1000), 'only the low 32 bits of the date count');
  // A zeroed counter has date 0: within one period after the wrap its first event just counts.
  const z = fresh();
  updateFreqCounter(z, 0, 1000, 7 * two32 + 300, 1);
  t.strictSame(state(z), [0, 1, 0]);
});

t.test('counts wrap at 2^32 and weighted results stay exact past 2^53', async (t) => {
  const d = new Float64Array([1_000_000, 2 ** 32 - 1, 0]);
  updateFreqCounter(d, 0, 1000, 1_000_001, 2);
  t.equal(d[1], 1);
  const period = 2_000_000_000;
  const big = new Float64Array([1000, 7, 4_000_000_001]);
  const now = 1001;
  const expected = 7n + (4_000_000_001n * BigInt(1000 + period - now)) / BigInt(period);
  t.equal(readFreqCounter(big, 0, period, now), Number(expected));
  t.ok(4_000_000_001 * (period - 1) > Number.MAX_SAFE_INTEGER, 'the product is beyond 2^53');
});

t.test('a counter lives at any offset of an entry array', async (t) => {
  const d = new Float64Array(7);
  updateFreqCounter(d, 4, 1000, 1_000_000, 5);
  t.strictSame(state(d), [0, 0, 0, 0, 1_000_000, 5, 0]);
  t.equal(readFreqCounter(d, 4, 1000, 1_000_500), 5);
});

t.test('set table: the value holds for a period from now, then fades', async (t) => {
  const d = new Float64Array([123, 45, 67]);
  setFreqCounter(d, 0, 9_000_001, 20);
  t.strictSame(state(d), [9_000_000, 20, 0]);
  t.equal(readFreqCounter(d, 0, 1000, 9_000_999), 20);
  t.equal(readFreqCounter(d, 0, 1000, 9_001_250), 15, 'floor(20 × 750 / 1000)');
  setFreqCounter(d, 0, 9_000_000, -1);
  t.equal(d[1], 2 ** 32 - 1, 'truncated to 32 bits');
});
