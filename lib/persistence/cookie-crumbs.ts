/**
 * Splits a `Cookie` or `Set-Cookie` value into its cookies the way HAProxy
 * 2.6 reads them (facts verified on loopback, see
 * test/persistence/cookie-differential.test.ts): cookies end at an unquoted
 * `;` or `,` (a `,` inside the name part too), blanks around the name and the
 * value are not part of them, a double-quoted value may hold delimiters and
 * backslash escapes. A cookie without `=` is kept as it is.
 *
 *   "a = 1 ;$Path=/, b"
 *    │ │ │ │└─ crumb 2 ─┘└ crumb 3 (no '=')
 *    │ │ │ └ delimiter
 *    └ crumb 1: name "a", value "1"
 */

export interface Crumb {
  /** Index of the delimiter before it, -1 for the first cookie. */
  readonly delim: number;
  /** Where its name starts (blanks after the delimiter skipped). */
  readonly start: number;
  /** Just after the last non-blank character of the name. */
  readonly nameEnd: number;
  /** Index of its '=', -1 when it has none. */
  readonly equal: number;
  /** The value, blanks around it excluded. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** Index of the delimiter after it, or the length of the line. */
  readonly end: number;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/** Where a value that starts at `at` ends: the first `;` or `,` outside double quotes, or the end. */
function valueEnd(v: string, at: number): number {
  let quoted = false;
  for (let i = at; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x3b || c === 0x2c) return i;
  }
  return v.length;
}

/** The cookie that starts after `delim` (-1: at the start of the line). */
export function crumbAt(v: string, delim: number, setCookie = false): Crumb {
  const n = v.length;
  let start = delim + 1;
  while (start < n && isBlank(v.charCodeAt(start))) start++;
  let i = start;
  let nameEnd = start;
  while (i < n) {
    const c = v.charCodeAt(i);
    // A Set-Cookie name ends at ';' or '=' only: its Expires date may hold a comma.
    if (c === 0x3d || c === 0x3b || (!setCookie && c === 0x2c)) break;
    i++;
    if (!isBlank(c)) nameEnd = i;
  }
  if (i >= n || v.charCodeAt(i) !== 0x3d) return { delim, start, nameEnd, equal: -1, valueStart: i, valueEnd: i, end: i };
  let valueStart = i + 1;
  while (valueStart < n && isBlank(v.charCodeAt(valueStart))) valueStart++;
  const end = valueEnd(v, valueStart);
  let ve = end;
  while (ve > valueStart && isBlank(v.charCodeAt(ve - 1))) ve--;
  return { delim, start, nameEnd, equal: i, valueStart, valueEnd: ve, end };
}

/** Every cookie of a Cookie line, in order (none for an empty line; a final delimiter is followed by an empty one). */
export function crumbs(v: string): Crumb[] {
  const out: Crumb[] = [];
  if (v.length === 0) return out;
  let delim = -1;
  for (;;) {
    const c = crumbAt(v, delim);
    out.push(c);
    if (c.end >= v.length) return out;
    delim = c.end;
  }
}

/** The cookie's text from its name to its end, without the blanks around its '=' (HAProxy removes them). */
export function tightText(v: string, c: Crumb): string {
  if (c.equal < 0) return v.slice(c.start, c.end);
  if (c.nameEnd === c.equal && c.valueStart === c.equal + 1) return v.slice(c.start, c.end);
  return `${v.slice(c.start, c.nameEnd)}=${v.slice(c.valueStart, c.end)}`;
}

/** True when the cookie's name is `name` (case-sensitive, as HAProxy compares it). */
export function crumbNamed(v: string, c: Crumb, name: string): boolean {
  return c.equal >= 0 && c.nameEnd - c.start === name.length && v.startsWith(name, c.start);
}
