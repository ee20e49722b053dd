/**
 * Address text and bytes for the converters: IPv4 dotted text as a 32-bit
 * number, IPv6 text as 16 bytes (as inet_pton reads them), and 16 bytes
 * back to text as glibc's inet_ntop writes them, which is how HAProxy
 * prints addresses.
 */
import { formatIPv6 } from '../../stick/address.js';
import { isIPv6 } from 'node:net';

/** Dotted IPv4 text (already validated) → its unsigned 32-bit value. */
export function ipv4Value(text: string): number {
  let n = 0;
  for (const part of text.split('.')) n = n * 256 + Number(part);
  return n;
}

/** IPv6 text → its 16 bytes (an IPv4 tail allowed), or undefined when it is not an IPv6 address. */
export function parseIpv6(text: string): Buffer | undefined {
  // inet_pton knows no zone index ("fe80::1%eth0"), which Node's isIPv6 accepts.
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v = ipv4Value(last);
    tail.push(v >>> 16, v & 0xffff);
    body = body.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "1::1.2.3.4" leaves "1::", "1:2:3:4:5:6:1.2.3.4" leaves "1:2:3:4:5:6:".
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const [head = '', rest] = body.split('::');
  const words = (s: string): number[] => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const front = words(head);
  const back = rest === undefined ? [] : words(rest);
  const zeros = 8 - front.length - back.length - tail.length;
  const all = [...front, ...new Array<number>(zeros).fill(0), ...back, ...tail];
  const out = Buffer.alloc(16);
  all.forEach((w, i) => {
    out[i * 2] = w >>> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** glibc's inet_ntop for AF_INET6 (lib/stick/address.ts formats the words). */
export function ipv6Text(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] as number) << 8) | (b[i + 1] as number));
  return formatIPv6(words);
}
