/**
 * Encoding converters (configuration manual 7.3.1): base64, b64dec,
 * ub64enc, ub64dec, hex, hex2i, url_enc, url_dec and json.
 *
 * Decoders are HAProxy 2.6's, quirks included:
 *  - b64dec wants groups of 4; '=' may end a group (not start one), and
 *    data may follow a padded group ("QQ==QUJD" is "AABC"); leftover bits
 *    are ignored ("QR==" is "A");
 *  - ub64dec takes the URL alphabet without padding (a length of 4n+1 is
 *    refused) and reads '=' as the value of '_';
 *  - url_dec stops at a NUL byte, fails on a '%' not followed by two hex
 *    digits, and turns '+' into a space only with <in_form> or after a '?';
 *  - hex2i gives no sample when a character is not hexadecimal (the manual
 *    says 0), and wraps at 64 bits.
 * url_enc escapes every byte but ALPHA, DIGIT, '-', '.', '_' and '~' as
 * %XX (upper case). hex writes upper-case digits.
 */
import { int, str } from '../sample/sample.js';
import { define, bin } from './definition.js';
import { wrap64 } from './int64.js';
import type { ConverterSpec } from './types.js';

const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 64;

/** Byte → 6-bit value, PAD for '=', -1 for anything else. */
function decodingTable(alphabet: string, equals: number): Int8Array {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  t[61] = equals;
  return t;
}

const STD = decodingTable(STD_ALPHABET, PAD);
const URL = decodingTable(STD_ALPHABET.replace('+/', '-_'), 63);

/** Standard base64 as HAProxy's base64dec reads it. */
export function b64decode(s: string): Buffer | undefined {
  if (s.length % 4 !== 0) return undefined;
  const out = Buffer.allocUnsafe((s.length / 4) * 3);
  let len = 0;
  for (let g = 0; g < s.length; g += 4) {
    let pad = 0;
    let bits = 0;
    for (let i = 0; i < 4; i++) {
      const v = STD[s.charCodeAt(g + i) & 0xff] ?? -1;
      if (v < 0) return undefined;
      if (v === PAD) {
        if (i === 0) return undefined;
        pad++;
      } else if (pad > 0) {
        return undefined;
      }
      bits = (bits << 6) | (v & 63);
    }
    for (let k = 0; k < 3 - pad; k++) out[len++] = (bits >>> (16 - 8 * k)) & 0xff;
  }
  return out.subarray(0, len);
}

/** base64url without padding as HAProxy's base64urldec reads it. */
function ub64decode(s: string): Buffer | undefined {
  const rest = s.length % 4;
  if (rest === 1) return undefined;
  const out = Buffer.allocUnsafe(Math.floor(s.length / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let len = 0;
  for (let g = 0; g < s.length; g += 4) {
    const n = Math.min(4, s.length - g);
    let bits = 0;
    for (let i = 0; i < 4; i++) {
      const v = i < n ? (URL[s.charCodeAt(g + i) & 0xff] ?? -1) : 0;
      if (v < 0) return undefined;
      bits = (bits << 6) | v;
    }
    for (let k = 0; k < n - 1; k++) out[len++] = (bits >>> (16 - 8 * k)) & 0xff;
  }
  return out;
}

const HEX_VALUE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 16; i++) {
    t['0123456789abcdef'.charCodeAt(i)] = i;
    t['0123456789ABCDEF'.charCodeAt(i)] = i;
  }
  return t;
})();

function hexToInt(s: string): number | undefined {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = HEX_VALUE[s.charCodeAt(i) & 0xff] ?? -1;
    if (d < 0) return undefined;
    n = n * 16 + d;
  }
  // Up to 13 digits are exact; beyond, redo it as HAProxy's wrapping long long.
  if (s.length <= 13) return n;
  let b = 0n;
  for (let i = 0; i < s.length; i++) b = wrap64((b << 4n) + BigInt(HEX_VALUE[s.charCodeAt(i) & 0xff] ?? 0));
  return Number(b);
}

function urlDecode(s: string, inForm: boolean): string | undefined {
  const nul = s.indexOf('\0');
  const text = nul < 0 ? s : s.slice(0, nul);
  if (!/[%+?]/.test(text)) return text;
  let form = inForm;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '%') {
      const h = HEX_VALUE[text.charCodeAt(i + 1) & 0xff] ?? -1;
      const l = HEX_VALUE[text.charCodeAt(i + 2) & 0xff] ?? -1;
      if (i + 2 >= text.length || h < 0 || l < 0) return undefined;
      out += String.fromCharCode((h << 4) | l);
      i += 2;
    } else if (c === '+') {
      out += form ? ' ' : '+';
    } else {
      if (c === '?') form = true;
      out += c;
    }
  }
  return out;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** Each byte as url_enc writes it. */
const URL_ENCODED: readonly string[] = Array.from({ length: 256 }, (_, c) => {
  const ch = String.fromCharCode(c);
  return UNRESERVED.test(ch) ? ch : `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
});

function urlEncode(s: string): string {
  if (UNRESERVED.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) out += URL_ENCODED[s.charCodeAt(i) & 0xff] as string;
  return out;
}

/** json's <input-code>: how bytes are read. */
const INPUT_CODES = ['ascii', 'utf8', 'utf8s', 'utf8p', 'utf8ps'] as const;
type InputCode = (typeof INPUT_CODES)[number];
const isInputCode = (s: string): s is InputCode => (INPUT_CODES as readonly string[]).includes(s);

const BADSEQ = 1;
const OVERLONG = 2;
const INVRANGE = 4;

/**
 * HAProxy's utf8_next: the code point at `i`, the bytes it takes, and
 * error bits. Sequences of up to 6 bytes are decoded; a bad continuation
 * byte ends the sequence before it.
 */
function utf8Next(s: string, i: number): { c: number; len: number; code: number } {
  const b = s.charCodeAt(i) & 0xff;
  const left = s.length - i;
  let c: number;
  let dec: number;
  if (b < 0x80) return { c: b, len: 1, code: 0 };
  if (b < 0xc0 || b > 0xfd) return { c: b, len: 1, code: BADSEQ };
  if (b < 0xe0) [c, dec] = [b & 0x1f, 1];
  else if (b < 0xf0) [c, dec] = [b & 0x0f, 2];
  else if (b < 0xf8) [c, dec] = [b & 0x07, 3];
  else if (b < 0xfc) [c, dec] = [b & 0x03, 4];
  else [c, dec] = [b & 0x01, 5];
  if (left < dec + 1) return { c: b, len: 1, code: BADSEQ };
  let p = i + 1;
  for (; dec > 0; dec--, p++) {
    const n = s.charCodeAt(p) & 0xff;
    if ((n & 0xc0) !== 0x80) return { c, len: p - i, code: BADSEQ };
    c = c * 64 + (n & 0x3f);
  }
  const len = p - i;
  let code = 0;
  if ((c <= 0x7f && len > 1) || (c >= 0x80 && c <= 0x7ff && len > 2) || (c >= 0x800 && c <= 0xffff && len > 3) || (c >= 0x10000 && c <= 0x1fffff && len > 4)) {
    code |= OVERLONG;
  }
  if ((c >= 0xd800 && c <= 0xdfff) || (c >= 0xfffe && c <= 0xffff)) code |= INVRANGE;
  return { c, len, code };
}

const JSON_ESCAPES: Readonly<Record<number, string>> = { 0x22: '\\"', 0x5c: '\\\\', 0x2f: '\\/', 0x08: '\\b', 0x0c: '\\f', 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t' };

function jsonChar(c: number): string {
  const e = JSON_ESCAPES[c];
  if (e !== undefined) return e;
  if (c > 0xff || c < 0x20 || c > 0x7e) return `\\u${c.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(c);
}

function jsonEscape(s: string, code: InputCode): string | undefined {
  let out = '';
  if (code === 'ascii') {
    for (let i = 0; i < s.length; i++) out += jsonChar(s.charCodeAt(i) & 0xff);
    return out;
  }
  const permissive = code === 'utf8p' || code === 'utf8ps';
  const silent = code === 'utf8s' || code === 'utf8ps';
  for (let i = 0; i < s.length; ) {
    const { c, len, code: err } = utf8Next(s, i);
    i += len;
    const bad = permissive ? err & ~OVERLONG : err;
    if (bad !== 0 || c > 0xffff) {
      if (silent) continue;
      return undefined;
    }
    out += jsonChar(c);
  }
  return out;
}

export const ENCODING_CONVERTERS: readonly ConverterSpec[] = [
  define({ name: 'base64', in: 'bin', out: 'str', build: () => (b) => str(b.toString('base64')) }),
  define({ name: 'ub64enc', in: 'bin', out: 'str', build: () => (b) => str(b.toString('base64url')) }),
  define({
    name: 'b64dec',
    in: 'str',
    out: 'bin',
    build: () => (s) => {
      const b = b64decode(s);
      return b === undefined ? undefined : bin(b);
    },
  }),
  define({
    name: 'ub64dec',
    in: 'str',
    out: 'bin',
    build: () => (s) => {
      const b = ub64decode(s);
      return b === undefined ? undefined : bin(b);
    },
  }),
  define({ name: 'hex', in: 'bin', out: 'str', build: () => (b) => str(b.toString('hex').toUpperCase()) }),
  define({
    name: 'hex2i',
    in: 'str',
    out: 'int',
    build: () => (s) => {
      const n = hexToInt(s);
      return n === undefined ? undefined : int(n);
    },
  }),
  define({
    name: 'url_dec',
    in: 'str',
    out: 'str',
    args: { kinds: ['int'], min: 0 },
    build(args) {
      const inForm = (args.int(0) ?? 0n) !== 0n;
      return (s) => {
        const d = urlDecode(s, inForm);
        return d === undefined ? undefined : str(d);
      };
    },
  }),
  define({
    name: 'url_enc',
    in: 'str',
    out: 'str',
    args: { kinds: ['str'], min: 1 },
    build(args) {
      const type = args.str(0);
      if (type !== '' && type !== 'query') throw args.error(`unknown encoding type '${type}' (only 'query' is supported)`);
      return (s) => str(urlEncode(s));
    },
  }),
  define({
    name: 'json',
    in: 'str',
    out: 'str',
    args: { kinds: ['str'], min: 1 },
    build(args) {
      const code = args.str(0) === '' ? 'ascii' : args.str(0);
      if (!isInputCode(code)) throw args.error(`unknown input code '${code}' (expected ascii, utf8, utf8s, utf8p or utf8ps)`);
      return (s) => {
        const j = jsonEscape(s, code);
        return j === undefined ? undefined : str(j);
      };
    },
  }),
];
