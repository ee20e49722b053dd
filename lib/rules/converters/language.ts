/**
 * language(<values>[,<default>]) (configuration manual 7.3.1): the value
 * of a ';'-separated list that an Accept-Language header prefers.
 *
 * As HAProxy 2.6: entries are read in order and the first one with the
 * highest q-value wins (q=0 never does; an entry without q counts as 1 and
 * ends the search). A header entry "en-US" matches a listed "en", not the
 * reverse; matching is case-sensitive and the output is the listed value.
 * The q-value is read as HAProxy reads it: a digit, then '.', then up to
 * three digits; the character after the first digit is consumed even when
 * it is not '.', so a ',' right after "q=0" goes with it and the next entry
 * is lost ("fr;q=0,en" never offers en). An entry whose parameter is not q
 * counts as q=1. Without a match: <default> when given and not empty, else
 * no sample.
 */
import { str } from '../sample/sample.js';
import { define } from './definition.js';
import type { ConverterSpec } from './types.js';

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** http_language_range_match: the header's range against a listed tag. */
function rangeMatches(range: string, tag: string): boolean {
  let t = 0;
  for (let r = 0; r < range.length; r++, t++) {
    if (range[r] === '-' && t === tag.length) return true;
    if (t === tag.length || range[r] !== tag[t]) return false;
  }
  return t === tag.length;
}

function preferred(header: string, tags: readonly string[]): string {
  const end = header.length;
  // Past the end reads as C's NUL terminator.
  const at = (k: number): number => (k < end ? header.charCodeAt(k) & 0xff : 0);
  let best = '';
  let bestQ = 0;
  let i = 0;
  for (;;) {
    while (i < end && isSpace(at(i))) i++;
    if (i >= end) break;
    const token = i;
    while (i < end && at(i) !== 0x3b && at(i) !== 0x2c && !isSpace(at(i))) i++;
    const range = header.slice(token, i);
    const tag = range === '' ? undefined : tags.find((t) => rangeMatches(range, t));
    if (tag !== undefined) {
      const q = qValue();
      if (q !== undefined && q > bestQ) {
        best = tag;
        if (q >= 1000) break;
        bestQ = q;
      }
    }
    while (i < end && at(i) !== 0x2c) i++;
    if (i >= end) break;
    i++;
  }
  return best;

  /** The entry's q-value (1000 = 1); undefined when the entry is malformed and skipped. */
  function qValue(): number | undefined {
    const skip = (): void => {
      while (i < end && isSpace(at(i))) i++;
    };
    skip();
    if (i >= end || at(i) === 0x2c) return 1000;
    if (at(i) !== 0x3b) return undefined;
    i++;
    skip();
    if (i >= end || at(i) !== 0x71) return 1000;
    i++;
    skip();
    if (i >= end || at(i) !== 0x3d) return 1000;
    i++;
    skip();
    if (i >= end || !isDigit(at(i))) return 1000;
    let q = (at(i++) - 48) * 1000;
    if (at(i++) === 0x2e) {
      for (const weight of [100, 10, 1]) {
        if (!isDigit(at(i))) break;
        q += (at(i++) - 48) * weight;
      }
    }
    return Math.min(q, 1000);
  }
}

export const LANGUAGE_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'language',
    in: 'str',
    out: 'str',
    args: { kinds: ['str', 'str'], min: 1 },
    build(args) {
      const tags = args.str(0).split(';');
      const fallback = args.str(1);
      return (header) => {
        const best = preferred(header, tags);
        const chosen = best === '' ? fallback : best;
        return chosen === '' ? undefined : str(chosen);
      };
    },
  }),
];
