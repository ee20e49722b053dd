/**
 * regsub(<regex>,<subst>[,<flags>]) (configuration manual 7.3.1): sed's
 * s/regex/subst/ on a string; flag 'g' replaces every match, 'i' ignores
 * case, nothing else is accepted.
 *
 * HAProxy 2.6 runs the regex again on what follows each match, as a new
 * subject that does not start a line (REG_NOTBOL): `^` never matches
 * there, and lookbehinds and \b see nothing before it. tslb does the same
 * with two compilations of the pattern: as written for the first search,
 * and with `^` neutralised for the later ones. An empty match at the start
 * of a subject copies one character before the next search. The
 * substitution knows `\0`..`\9` (a group that did not take part gives
 * nothing), `\xHH`, and `\c` for a literal c.
 */
import { str } from '../sample/sample.js';
import { compileRegex } from '../../config/regex.js';
import { define } from './definition.js';
import type { Args } from './args.js';
import type { ConverterSpec } from './types.js';

/** One piece of the substitution: literal text or a group number. */
type Piece = string | number;

/** HAProxy's loose reading of \xHH: each character minus '0', minus 7 more above 9, in bytes. */
function hexNibble(c: string): number {
  let v = (c.toUpperCase().charCodeAt(0) - 48) & 0xff;
  if (v > 9) v = (v - 7) & 0xff;
  return v;
}

function parseSubstitution(subst: string, args: Args): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  for (let i = 0; i < subst.length; i++) {
    const c = subst[i] as string;
    if (c !== '\\') {
      text += c;
      continue;
    }
    const next = subst[++i];
    if (next === undefined) throw args.error(`the substitution '${subst}' ends with a lone '\\'`);
    if (next >= '0' && next <= '9') {
      if (text !== '') pieces.push(text);
      text = '';
      pieces.push(next.charCodeAt(0) - 48);
    } else if (next === 'x') {
      const h1 = subst[i + 1];
      const h2 = subst[i + 2];
      if (h1 === undefined || h2 === undefined) throw args.error(`the substitution '${subst}' ends inside a '\\x' escape`);
      text += String.fromCharCode(((hexNibble(h1) << 4) + hexNibble(h2)) & 0xff);
      i += 2;
    } else {
      text += next;
    }
  }
  if (text !== '') pieces.push(text);
  return pieces;
}

/** The pattern with `^` (outside classes and escapes) unable to match at the subject's start. */
function notAtLineStart(regex: RegExp): RegExp {
  const src = regex.source;
  if (!src.includes('^')) return regex;
  const lineStart = regex.multiline ? '(?<=\\n)' : '(?!)';
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      out += c + (src[++i] ?? '');
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else {
      out += c === '^' ? lineStart : c;
    }
  }
  return new RegExp(out, regex.flags);
}

function regsub(args: Args): (s: string) => string {
  const flags = args.str(2);
  for (const f of flags) {
    if (f !== 'i' && f !== 'g') throw args.error(`invalid regex flag '${f}', only 'i' and 'g' are supported`);
  }
  if (args.str(0) === '') throw args.error('missing regex');
  const compiled = compileRegex(args.str(0), flags.includes('i'));
  if (!compiled.ok) throw args.error(compiled.message);
  const first = compiled.regex;
  const later = notAtLineStart(first);
  const global = flags.includes('g');
  const pieces = parseSubstitution(args.str(1), args);
  const expand = (m: RegExpExecArray): string => {
    let r = '';
    for (const p of pieces) r += typeof p === 'string' ? p : (m[p] ?? '');
    return r;
  };
  return (s) => {
    let out = '';
    let start = 0;
    let searched = false;
    for (;;) {
      const m = searched && !global ? null : (searched ? later : first).exec(start === 0 ? s : s.slice(start));
      if (m === null) return out + s.slice(start);
      out += s.slice(start, start + m.index) + expand(m);
      if (start >= s.length) return out;
      let advance = m.index + m[0].length;
      if (advance === 0) {
        out += s[start];
        advance = 1;
      }
      start += advance;
      searched = true;
    }
  };
}

export const REGSUB_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'regsub',
    in: 'str',
    out: 'str',
    args: { kinds: ['str', 'str', 'str'], min: 2 },
    build(args) {
      const apply = regsub(args);
      return (s) => str(apply(s));
    },
  }),
];
