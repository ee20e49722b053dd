/**
 * String converters (configuration manual 7.3.1): lower, upper, length,
 * ltrim, rtrim, cut_crlf, field and word.
 *
 * Strings are byte strings (one char per byte). Case changes touch ASCII
 * letters only, as C's tolower()/toupper() in the C locale: 0xC9 stays
 * 0xC9. Delimiters and trimmed characters are sets of bytes.
 *
 * field and word count from 1 (or from -1, from the end); <count> says how
 * many to return, delimiters included; 0, and any negative count, means
 * "all the rest". field splits at every delimiter, so empty fields count;
 * word skips runs of delimiters. A field beyond the last gives no sample,
 * while a word beyond the last gives an empty string (2.6.12 behaviour).
 * HAProxy keeps the count in a C int, so it is read modulo 2^32.
 */
import { int, str } from '../sample/sample.js';
import type { Args, ArgList } from './args.js';
import { define } from './definition.js';
import type { ConverterSpec } from './types.js';

/** A 256-entry membership table of the bytes of `chars`. */
function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i) & 0xff] = 1;
  return set;
}

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;

export const asciiLower = (s: string): string => (UPPER.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s);
const asciiUpper = (s: string): string => (LOWER.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s);

function trimmer(name: string, fromStart: boolean): ConverterSpec {
  return define({
    name,
    in: 'str',
    out: 'str',
    args: { kinds: ['str'], min: 1 },
    build(args) {
      const set = byteSet(args.str(0));
      return fromStart
        ? (s) => {
            let i = 0;
            while (i < s.length && set[s.charCodeAt(i) & 0xff]) i++;
            return str(i === 0 ? s : s.slice(i));
          }
        : (s) => {
            let i = s.length;
            while (i > 0 && set[s.charCodeAt(i - 1) & 0xff]) i--;
            return str(i === s.length ? s : s.slice(0, i));
          };
    },
  });
}

const SPLIT_ARGS: ArgList = { kinds: ['int', 'str', 'int'], min: 2 };

/** The checked arguments of field and word. */
interface Split {
  readonly index: number;
  readonly delimiters: Uint8Array;
  readonly count: number;
}

function splitArgs(args: Args): Split {
  const index = args.int(0) ?? 0n;
  if (index === 0n) throw args.error('the index must not be 0 (fields and words count from 1, or from -1 at the end)');
  if (args.str(1) === '') throw args.error('the list of delimiters must not be empty');
  const count = args.int(2);
  return {
    index: Number(index),
    delimiters: byteSet(args.str(1)),
    count: count === undefined ? 1 : Number(BigInt.asIntN(32, count)),
  };
}

/** The <index>th field (and the <count>-1 after it); undefined when there are fewer fields. */
function field(s: string, { index, delimiters, count }: Split): string | undefined {
  let n = count;
  if (index > 0) {
    let at = 1;
    let start = 0;
    for (let end = 0; end < s.length; end++) {
      if (!delimiters[s.charCodeAt(end) & 0xff]) continue;
      if (at === index) {
        if (n === 1) return s.slice(start, end);
        if (n > 1) n--;
      } else {
        start = end + 1;
        at++;
      }
    }
    return at === index ? s.slice(start) : undefined;
  }
  let at = -1;
  let end = s.length;
  for (let start = s.length; start > 0; start--) {
    if (!delimiters[s.charCodeAt(start - 1) & 0xff]) continue;
    if (at === index) {
      if (n === 1) return s.slice(start, end);
      if (n > 1) n--;
    } else {
      end = start - 1;
      at--;
    }
  }
  return at === index ? s.slice(0, end) : undefined;
}

/** The <index>th word (and the <count>-1 after it, with the delimiters between them); empty when there are fewer words. */
function word(s: string, { index, delimiters, count }: Split): string {
  let n = count;
  let at = 0;
  let inWord = false;
  if (index > 0) {
    let start = 0;
    for (let end = 0; end < s.length; end++) {
      const sep = delimiters[s.charCodeAt(end) & 0xff] === 1;
      if (!inWord) {
        if (!sep) {
          if (at !== index) {
            at++;
            start = end;
          }
          inWord = true;
        }
      } else if (sep) {
        if (at === index) {
          if (n === 1) return s.slice(start, end);
          if (n > 1) n--;
        }
        inWord = false;
      }
    }
    return at === index ? s.slice(start) : '';
  }
  let end = s.length;
  for (let start = s.length; start > 0; start--) {
    const sep = delimiters[s.charCodeAt(start - 1) & 0xff] === 1;
    if (!inWord) {
      if (!sep) {
        if (at !== index) {
          at--;
          end = start;
        }
        inWord = true;
      }
    } else if (sep) {
      if (at === index) {
        if (n === 1) return s.slice(start, end);
        if (n > 1) n--;
      }
      inWord = false;
    }
  }
  return at === index ? s.slice(0, end) : '';
}

export const STRING_CONVERTERS: readonly ConverterSpec[] = [
  define({ name: 'lower', in: 'str', out: 'str', build: () => (s) => str(asciiLower(s)) }),
  define({ name: 'upper', in: 'str', out: 'str', build: () => (s) => str(asciiUpper(s)) }),
  define({ name: 'length', in: 'str', out: 'int', build: () => (s) => int(s.length) }),
  trimmer('ltrim', true),
  trimmer('rtrim', false),
  define({
    name: 'cut_crlf',
    in: 'str',
    out: 'str',
    build: () => (s) => {
      const m = /[\r\n]/.exec(s);
      return str(m === null ? s : s.slice(0, m.index));
    },
  }),
  define({
    name: 'field',
    in: 'str',
    out: 'str',
    args: SPLIT_ARGS,
    build(args) {
      const split = splitArgs(args);
      return (s) => {
        const f = field(s, split);
        return f === undefined ? undefined : str(f);
      };
    },
  }),
  define({
    name: 'word',
    in: 'str',
    out: 'str',
    args: SPLIT_ARGS,
    build(args) {
      const split = splitArgs(args);
      return (s) => str(word(s, split));
    },
  }),
];
