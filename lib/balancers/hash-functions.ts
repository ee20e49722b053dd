/**
 * The hash functions of `hash-type` (configuration manual 4.2 "hash-type"):
 * sdbm, djb2, wt6 and crc32 over the bytes of a key, and the avalanche
 * mixer (Bob Jenkins' 32-bit integer hash followed by a multiplication by
 * 3221225473) that HAProxy applies on `avalanche`, to consistent-hashing
 * ring points and to `hash-type consistent` without a function.
 *
 * Keys are strings read as latin1 (the HTTP parser decodes heads that way),
 * so a character code is a byte. A key is a range of a string, so that a
 * request's key is hashed where it lies, without a copy. All results are
 * unsigned 32-bit numbers.
 */
import type { HashFunction } from '../config/model/balance.js';

/** Hashes `text[start, end)`. */
export type KeyHash = (text: string, start: number, end: number) => number;

/** sdbm: h = c + (h << 6) + (h << 16) - h; HAProxy's default. */
export function sdbm(text: string, start = 0, end = text.length): number {
  let h = 0;
  for (let i = start; i < end; i++) h = ((text.charCodeAt(i) & 0xff) + (h << 6) + (h << 16) - h) >>> 0;
  return h;
}

/** djb2: h = h * 33 + c, from 5381. */
export function djb2(text: string, start = 0, end = text.length): number {
  let h = 5381;
  for (let i = start; i < end; i++) h = (((h << 5) + h) + (text.charCodeAt(i) & 0xff)) >>> 0;
  return h;
}

/** wt6: two 32-bit lanes rotated by amounts that the data itself selects. */
export function wt6(text: string, start = 0, end = text.length): number {
  let h0 = 0xa53c965a;
  let h1 = 0x5ca6953a;
  let rot0 = 6;
  let rot1 = 18;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) & 0xff;
    h0 = ~(h0 ^ c) >>> 0;
    h1 = ~(h1 + c) >>> 0;
    // A rotation by 0 keeps the value: JavaScript masks shift counts to 5 bits, as x86 does.
    const r0 = ((h1 << rot0) | (h1 >>> (32 - rot0))) >>> 0;
    h1 = ((h0 << rot1) | (h0 >>> (32 - rot1))) >>> 0;
    h0 = r0;
    const mix = ((h0 >>> 16) ^ h1) & 0xffff;
    rot0 = mix & 0x1f;
    rot1 = mix >>> 11;
  }
  return (h0 ^ h1) >>> 0;
}

/** CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320), the zlib one. */
export function crc32(text: string, start = 0, end = text.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The avalanche mixer: spreads close inputs (ids, addresses) over the whole 32-bit range. */
export function avalanche(value: number): number {
  let a = value >>> 0;
  a = (a + 0x7ed55d16 + (a << 12)) >>> 0;
  a = (a ^ 0xc761c23c ^ (a >>> 19)) >>> 0;
  a = (a + 0x165667b1 + (a << 5)) >>> 0;
  a = ((a + 0xd3a2646c) ^ (a << 9)) >>> 0;
  a = (a + 0xfd7046c5 + (a << 3)) >>> 0;
  a = (a ^ 0xb55a4f09 ^ (a >>> 16)) >>> 0;
  return Math.imul(a, 3221225473) >>> 0;
}

export const HASH_FUNCTIONS: Readonly<Record<HashFunction, KeyHash>> = { sdbm, djb2, wt6, crc32 };
