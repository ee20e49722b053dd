/**
 * The dates a persistence cookie carries with `maxidle` / `maxlife` (manual
 * 4.2 "cookie"): `<server>|<last seen>[|<first seen>]`, each date the UNIX
 * time in seconds divided by 4, written on 30 bits as 5 base64 digits
 * (RFC 4648 alphabet, most significant first). HAProxy 2.6 writes the date of
 * "now" rounded up to the next 4-second step.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The 5 characters for a date in seconds (only its 4-second step is kept). */
export function encodeCookieDate(seconds: number): string {
  const v = Math.floor(seconds / 4) & 0x3fffffff;
  let out = '';
  for (let shift = 24; shift >= 0; shift -= 6) out += ALPHABET[(v >>> shift) & 63];
  return out;
}

/** The date in seconds that the 5 characters at `at` carry, or 0 when they are not 5 base64 digits or encode 0. */
export function decodeCookieDate(text: string, at: number): number {
  if (text.length - at < 5) return 0;
  let v = 0;
  for (let i = at; i < at + 5; i++) {
    const d = ALPHABET.indexOf(text[i] as string);
    if (d < 0) return 0;
    v = v * 64 + d;
  }
  return v * 4;
}

/** "Now" as a cookie date: the current second rounded up to a 4-second step. */
export function cookieNow(nowSeconds: number): string {
  return encodeCookieDate(nowSeconds + 3);
}
