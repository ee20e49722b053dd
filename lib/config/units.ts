/**
 * Numbers, durations and sizes as HAProxy reads them (configuration manual
 * 2.5 "Time format"; sizes with k/m/g suffixes).
 *
 * Each parser returns a value or a message; the caller reports it with the
 * keyword's place.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Largest timer HAProxy accepts: 2^31 - 1 ms (~24.8 days). */
export const MAX_TIMER_MS = 2147483647;

const TIME_UNITS: Readonly<Record<string, [mul: number, div: number]>> = {
  '': [1, 1],
  us: [1, 1000],
  ms: [1, 1],
  s: [1000, 1],
  m: [60_000, 1],
  h: [3_600_000, 1],
  d: [86_400_000, 1],
};

/**
 * Parses a duration into milliseconds; the default unit is ms. The value
 * must start with a digit, and only a known unit may follow the digits.
 */
export function parseTime(text: string, keyword: string): Parsed<number> {
  const m = /^(\d+)(.*)$/.exec(text);
  if (!m) return no(`'${keyword}' expects an integer value (in milliseconds), got '${text}'`);
  const unit = TIME_UNITS[m[2] as string];
  if (!unit) {
    const bad = (m[2] as string).replace(/^(us|ms|s|m|h|d)/, '');
    return no(`unexpected character '${(bad || (m[2] as string))[0]}' in '${keyword}' (units: us, ms, s, m, h, d)`);
  }
  // Rounded up, as HAProxy does: '500us' is 1 ms, never 0 (which means "no timeout").
  const value = Math.ceil((Number(m[1]) * unit[0]) / unit[1]);
  if (value > MAX_TIMER_MS) {
    return no(`timer overflow in argument '${text}' to '${keyword}' (maximum value is ${MAX_TIMER_MS} ms or ~24.8 days)`);
  }
  return ok(value);
}

/** Parses a size with an optional k, m or g suffix (powers of 1024). */
export function parseSize(text: string, keyword: string): Parsed<number> {
  const m = /^(\d+)([kKmMgG]?)$/.exec(text);
  if (!m) {
    const bad = /^\d*(.)/.exec(text)?.[1] ?? '';
    return no(`unexpected character '${bad}' in argument of '${keyword}' (sizes are integers with an optional k, m or g suffix)`);
  }
  const mul = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] as string).toLowerCase() as '' | 'k' | 'm' | 'g'];
  return ok(Number(m[1]) * mul);
}

/** A strict integer within [min, max]. */
export function parseInteger(text: string, keyword: string, min: number, max: number): Parsed<number> {
  if (!/^-?\d+$/.test(text)) return no(`'${keyword}' expects an integer argument, got '${text}'`);
  const value = Number(text);
  if (value < min || value > max) return no(`'${keyword}' expects a value between ${min} and ${max}, got ${text}`);
  return ok(value);
}

/**
 * The C library's atol(), which many HAProxy keywords use: leading blanks and
 * sign, then as many digits as there are; anything else is ignored. `exact`
 * is false when something was ignored, so the caller can warn about it.
 */
export function atol(text: string): { readonly value: number; readonly exact: boolean } {
  const m = /^[ \t]*([+-]?\d*)/.exec(text) as RegExpExecArray;
  const digits = m[1] as string;
  const value = /\d/.test(digits) ? Number(digits) : 0;
  return { value, exact: /^[+-]?\d+$/.test(text) };
}
