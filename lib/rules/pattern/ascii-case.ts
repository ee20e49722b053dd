/**
 * Case folding as `-i` does it (manual 7.1.3): HAProxy compares with the C
 * library in the "C" locale, so only A-Z fold to a-z; Latin-1 letters such
 * as 'É' and 'é' stay different. Strings are byte strings (one char per
 * byte), so this works on char codes.
 */

/** The char code with A-Z folded to a-z. */
export function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

const UPPER = /[A-Z]/;
const NOT_ASCII = /[^\x00-\x7f]/;

/** The string with A-Z folded to a-z (the same string when there is nothing to fold). */
export function foldAscii(s: string): string {
  if (!UPPER.test(s)) return s;
  // Without bytes beyond ASCII, toLowerCase() folds A-Z and nothing else.
  return NOT_ASCII.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}

/** Whether `s` holds the already folded `folded` at `at` (ignoring ASCII case). */
export function foldedAt(s: string, at: number, folded: string): boolean {
  if (at < 0 || at + folded.length > s.length) return false;
  for (let i = 0; i < folded.length; i++) {
    if (foldCode(s.charCodeAt(at + i)) !== folded.charCodeAt(i)) return false;
  }
  return true;
}
