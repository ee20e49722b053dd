/**
 * `balance source` (manual 4.2 "balance" source): the client's IP address
 * chooses the server, so a client keeps its server while the set of servers
 * does not change. The hash is the address itself for IPv4 and the XOR of
 * its four 32-bit words for IPv6 (big-endian), passed through avalanche
 * when `hash-type` asks for it; the hash function of `hash-type` is not
 * used. A client without an IP address (a unix socket) is balanced round
 * robin.
 */
import type { BalancerFactory } from './balancer.js';
import { hashBalancer } from './hash-balancer.js';

export const source: BalancerFactory = hashBalancer((ctx) => (ctx.clientAddress === undefined ? undefined : addressHash(ctx.clientAddress)));

/** IPv6 groups of the address being read (reused: no allocation per request). */
const groups = new Uint16Array(8);

/**
 * The source hash of a textual address as Node reports it, or undefined if
 * it is not an IP address. An IPv4 client of a dual-stack listener (`bind
 * :::80`) arrives as `::ffff:a.b.c.d` and is hashed as that IPv6 address,
 * as HAProxy 2.6 does (verified): such a client hashes differently than on
 * an IPv4 listener, in both.
 */
export function addressHash(address: string): number | undefined {
  const v4 = ipv4(address, 0, address.length);
  if (v4 >= 0) return v4;
  if (!ipv6(address)) return undefined;
  let h = 0;
  for (let i = 0; i < 8; i += 2) h ^= ((groups[i] as number) << 16) | (groups[i + 1] as number);
  return h >>> 0;
}

/** A dotted quad in text[start, end) as an unsigned number, or -1. */
function ipv4(text: string, start: number, end: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      part = part * 10 + (c - 0x30);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 0x2e && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

/** Reads an IPv6 address (`::` compression, a trailing dotted quad, a `%zone` ignored) into `groups`. */
function ipv6(text: string): boolean {
  let end = text.indexOf('%');
  if (end < 0) end = text.length;
  groups.fill(0);
  let n = 0;
  let gap = -1;
  let i = 0;
  if (text.startsWith('::')) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let j = i;
    let v = 0;
    while (j < end && j - i < 5) {
      const d = hexDigit(text.charCodeAt(j));
      if (d < 0) break;
      v = v * 16 + d;
      j++;
    }
    if (j < end && text.charCodeAt(j) === 0x2e) {
      // The last 32 bits as a dotted quad.
      const v4 = ipv4(text, i, end);
      if (v4 < 0 || n > 6) return false;
      groups[n++] = v4 >>> 16;
      groups[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (j === i || j - i > 4 || n >= 8) return false;
    groups[n++] = v;
    if (j === end) {
      i = j;
      break;
    }
    if (text.charCodeAt(j) !== 0x3a) return false;
    if (text.charCodeAt(j + 1) === 0x3a) {
      if (gap >= 0) return false;
      gap = n;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === end) return false;
    }
  }
  if (gap < 0) return n === 8;
  if (n >= 8) return false;
  // Move the groups after '::' to the end.
  const tail = n - gap;
  for (let k = 1; k <= tail; k++) {
    groups[8 - k] = groups[n - k] as number;
    groups[n - k] = 0;
  }
  return true;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}
