/**
 * Header line edits of `http-request` / `http-response` actions
 * (configuration manual 4.2 "set-header", "add-header", "del-header",
 * "replace-header", "replace-value"), on a list of lines changed in place.
 * Names compare case-insensitively; a new line keeps the name as written
 * (it is forwarded in lower case like every other).
 */
import type { HeaderField } from '../http/parser.js';

export function addHeader(lines: HeaderField[], name: string, value: string): void {
  lines.push({ name, lname: name.toLowerCase(), value });
}

/** Removes the lines whose lower-case name satisfies `test`. */
export function deleteHeaders(lines: HeaderField[], test: (lname: string) => boolean): void {
  let w = 0;
  for (const h of lines) if (!test(h.lname)) lines[w++] = h;
  lines.length = w;
}

/** `set-header`: every line of that name removed, one added at the end. */
export function setHeader(lines: HeaderField[], name: string, value: string): void {
  const lname = name.toLowerCase();
  deleteHeaders(lines, (n) => n === lname);
  addHeader(lines, name, value);
}

/**
 * The replacement of a regex match: `\0`..`\9` name the whole match and the
 * groups (HAProxy's exp_replace); other backslashes stay.
 */
export function expandReplacement(m: RegExpExecArray, replacement: string): string {
  return replacement.replace(/\\(\d)/g, (_all, d: string) => m[Number(d)] ?? '');
}

/**
 * `replace-header`: a line whose whole value matches the regex somewhere is
 * given the replacement; `replace-value` does the same for each
 * comma-separated value of the line.
 */
export function replaceHeader(lines: HeaderField[], lname: string, regex: RegExp, replacement: string, perValue: boolean): void {
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i] as HeaderField;
    if (h.lname !== lname) continue;
    const apply = (v: string): string => {
      regex.lastIndex = 0;
      const m = regex.exec(v);
      return m ? expandReplacement(m, replacement) : v;
    };
    // Per value: a value that matches is replaced with its surrounding spaces; the others stay as written (verified on 2.6.12).
    const value = perValue
      ? h.value
          .split(',')
          .map((v) => {
            const r = apply(v.trim());
            return r === v.trim() ? v : r;
          })
          .join(',')
      : apply(h.value);
    if (value !== h.value) lines[i] = { ...h, value };
  }
}
