/**
 * How access-log values are written (configuration manual 8.2.6 flags, 8.6
 * "Non-printable characters"), verified against HAProxy 2.6:
 *
 *   text values (%ci %b %s %CC %ID %[...])  '-' when empty, `""` when +Q,
 *                                            +E puts '\' before '"' '\' ']'
 *   request-line values (%r %HM %HU ...)    never '-', encoded '#XX'
 *   captured headers (%hr %hrl ...)         encoded '#XX', also '{' '|' '}'
 *   numbers and dates                       never quoted
 *
 * Encoded characters are those below 32, from 127 up, '"' and '#' (and the
 * header delimiters), as '#' and two upper-case hex digits of the byte.
 */

/** The flags a variable is written with: +Q quote, +X hexadecimal, +E escape for RFC 5424 structured data. */
export interface FormatFlags {
  readonly quote: boolean;
  readonly hex: boolean;
  readonly escape: boolean;
}

export const NO_FLAGS: FormatFlags = Object.freeze({ quote: false, hex: false, escape: false });

/** Which characters a request-line or header value encodes as '#XX'. */
export type EncodeMap = 'url' | 'header';

const HEX = '0123456789ABCDEF';

// Compiled once: does a value need any work at all? (the common answer is no)
const URL_SPECIAL = /[\x00-\x1f"#\x7f-\uffff]/;
const HEADER_SPECIAL = /[\x00-\x1f"#{|}\x7f-\uffff]/;
const URL_SPECIAL_E = /[\x00-\x1f"#\\\]\x7f-\uffff]/;
const HEADER_SPECIAL_E = /[\x00-\x1f"#{|}\\\]\x7f-\uffff]/;
const ESCAPE_SPECIAL = /["\\\]]/;

function hexByte(b: number): string {
  return '#' + HEX[b >> 4] + HEX[b & 15];
}

function encodedByte(c: number, map: EncodeMap): boolean {
  if (c < 32 || c >= 127 || c === 0x22 || c === 0x23) return true;
  return map === 'header' && (c === 0x7b || c === 0x7c || c === 0x7d);
}

/** Encodes `s` with the map; with +E, '\' and ']' get a backslash ('"' is always encoded). */
export function encodeValue(s: string, map: EncodeMap, escape: boolean): string {
  const special = map === 'url' ? (escape ? URL_SPECIAL_E : URL_SPECIAL) : escape ? HEADER_SPECIAL_E : HEADER_SPECIAL;
  if (!special.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) {
      // Not a byte: the value came from UTF-8 text; encode its UTF-8 bytes as HAProxy sees them.
      for (const b of Buffer.from(s[i] as string, 'utf8')) out += hexByte(b);
    } else if (encodedByte(c, map)) out += hexByte(c);
    else if (escape && (c === 0x5c || c === 0x5d)) out += '\\' + (s[i] as string);
    else out += s[i] as string;
  }
  return out;
}

/** +E on a text value: a backslash before '"', '\' and ']'. */
export function escapeText(s: string): string {
  if (!ESCAPE_SPECIAL.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    out += ch === '"' || ch === '\\' || ch === ']' ? '\\' + ch : ch;
  }
  return out;
}

/** A text value: '-' when missing or empty (`""` when quoted). */
export function textValue(s: string | undefined, f: FormatFlags): string {
  if (s === undefined || s === '') return f.quote ? '""' : '-';
  const v = f.escape ? escapeText(s) : s;
  return f.quote ? '"' + v + '"' : v;
}

/** `n` in upper-case hexadecimal, at least `width` digits (printf's %0<width>X). */
export function hexNumber(n: number, width: number): string {
  return Math.trunc(n).toString(16).toUpperCase().padStart(width, '0');
}

/** `%0<width>d` for small non-negative numbers. */
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * The bytes of an IPv4 or IPv6 address in hexadecimal (+X on %ci %fi %si
 * %bi): 8 digits for IPv4, 32 for IPv6 (an IPv4-mapped address stays IPv6).
 * undefined when `ip` is not an address.
 */
export function hexAddress(ip: string): string | undefined {
  if (ip.includes(':')) {
    const bytes = ipv6Bytes(ip);
    return bytes && bytes.map((b) => hexNumber(b, 2)).join('');
  }
  const v4 = ipv4Bytes(ip);
  return v4 && v4.map((b) => hexNumber(b, 2)).join('');
}

function ipv4Bytes(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function ipv6Bytes(ip: string): number[] | undefined {
  const zone = ip.indexOf('%');
  const text = zone >= 0 ? ip.slice(0, zone) : ip;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const words = s.split(':');
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (i === words.length - 1 && w.includes('.')) {
        const v4 = ipv4Bytes(w);
        if (!v4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
        out.push(parseInt(w, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const words = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}
