/**
 * Byte classes of the HTTP/1.1 grammar as 256-entry lookup tables, built
 * once at load time so the parsers test a byte with one array read
 * (../../../shared/DESIGN.md "Hot-path notes"). A byte is in a class when
 * its entry is 1.
 */

function table(accept: (byte: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = accept(b) ? 1 : 0;
  return t;
}

const isAlpha = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;
const among = (chars: string) => (b: number): boolean => chars.includes(String.fromCharCode(b));

/** tchar (RFC 9110 §5.6.2): method names, header names, transfer codings, chunk-extension names. */
export const TOKEN = table((b) => isAlpha(b) || isDigit(b) || among("!#$%&'*+-.^_`|~")(b));

/**
 * field-vchar / SP / HTAB (RFC 9110 §5.5), obs-text (0x80-0xFF) included as
 * the RFC and both HAProxy and llhttp allow it. Excludes every CTL but HTAB:
 * NUL, CR and LF above all, and DEL (llhttp refuses DEL; HAProxy 2.6.12 lets
 * NUL, 0x01 and DEL through — verified — so llhttp is the stricter one).
 * Also the reason-phrase class (RFC 9112 §4).
 */
export const FIELD_VALUE = table((b) => b === 0x09 || (b >= 0x20 && b <= 0x7e) || b >= 0x80);

/**
 * Bytes allowed in a request-target: visible ASCII except '#'. Stricter
 * than either reference, taking the union of their refusals (verified):
 * llhttp refuses CTLs, SP, DEL and bytes >= 0x80; HAProxy 2.6.12 refuses
 * CTLs, SP and '#' (a fragment is never sent, RFC 9112 §3.2) but passes DEL
 * and 0x80-0xFF. Both pass '"', '{', '}', '|' ... so tslb does too.
 */
export const TARGET = table((b) => b >= 0x21 && b <= 0x7e && b !== 0x23);

/**
 * Bytes of uri-host [ ":" port ] (RFC 3986 §3.2.2: reg-name, IP-literal,
 * pct-encoded) in Host values and request-target authorities. No '@'
 * (userinfo is refused, RFC 9110 §4.2.4), no '/', '?', '#', space.
 */
export const HOST = table((b) => isAlpha(b) || isDigit(b) || among("-._~!$&'()*+,;=%:[]")(b));

/** qdtext / quoted-pair payload (RFC 9110 §5.6.4), for quoted chunk-extension values. */
export const QDTEXT = table((b) => b === 0x09 || b === 0x20 || b === 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) || b >= 0x80);

/** Hex digit value, or 255 for a non-hex byte (chunk-size, RFC 9112 §7.1). */
export const HEX = (() => {
  const t = new Uint8Array(256).fill(255);
  for (let d = 0; d < 10; d++) t[0x30 + d] = d;
  for (let d = 0; d < 6; d++) {
    t[0x41 + d] = 10 + d;
    t[0x61 + d] = 10 + d;
  }
  return t;
})();

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const COLON = 0x3a;
