/**
 * HAProxy's sample integers are signed 64-bit; tslb's are JS numbers
 * (sample.ts). Converters that must saturate or wrap at the 64-bit limits
 * exactly read a number as the int64 it stands for and compute in bigint:
 * below 2^53 the two are the same, and beyond the int64 range a number is
 * clamped (INT64_MAX, 2^63 - 1, reads back as the number 2^63).
 */
export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

/** INT64_MAX and INT64_MIN as the numbers that stand for them (2^63 and -2^63). */
export const INT64_MAX_NUMBER = Number(INT64_MAX);
export const INT64_MIN_NUMBER = Number(INT64_MIN);

/** The int64 a sample integer stands for (a string of 400 digits casts to Infinity: the limit). */
export function toInt64(n: number): bigint {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 0n : n > 0 ? INT64_MAX : INT64_MIN;
  const b = BigInt(Math.trunc(n));
  return b > INT64_MAX ? INT64_MAX : b < INT64_MIN ? INT64_MIN : b;
}

/** Two's complement wrap to 64 bits, as C arithmetic on long long does in practice. */
export function wrap64(b: bigint): bigint {
  return BigInt.asIntN(64, b);
}
