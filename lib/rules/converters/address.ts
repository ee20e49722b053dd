/**
 * Address converters (configuration manual 7.3.1): ipmask, host_only and
 * port_only.
 *
 * ipmask(<mask4>[,<mask6>]) first turns an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) into IPv4; an IPv4 address is masked with <mask4>, an
 * IPv6 one with <mask6>, and without <mask6> an IPv6 address gives no
 * sample. IPv6 results are written as glibc's inet_ntop writes them
 * (RFC 5952, with an IPv4 tail for ::a.b.c.d and ::ffff:a.b.c.d).
 *
 * host_only and port_only split a Host header value at its last ':' that
 * follows any ']' ("[::1]:80"): host_only returns the part before it in
 * lower case, port_only the part after it read as HAProxy reads it (each
 * character minus '0', in a wrapping 32-bit unsigned number), or 0 when
 * there is no ':'.
 */
import { isIPv4 } from 'node:net';
import { int, ip, str } from '../sample/sample.js';
import { ipv4Value, ipv6Text, parseIpv6 } from './ip.js';
import { define } from './definition.js';
import { asciiLower } from './string.js';
import type { ConverterSpec } from './types.js';

const dotted = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Index of the ':' before a port, or -1. */
function portColon(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === 0x3a) return i;
    if (c === 0x5d) return -1;
  }
  return -1;
}


export const ADDRESS_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'ipmask',
    in: 'ip',
    out: 'ip',
    args: { kinds: ['mask4', 'mask6'], min: 1 },
    build(args) {
      const mask4 = args.mask4(0) ?? 0;
      const mask6 = args.mask6(1);
      return (a) => {
        if (isIPv4(a)) return ip(dotted((ipv4Value(a) & mask4) >>> 0));
        const b = parseIpv6(a);
        if (b === undefined) return undefined;
        if (isV4Mapped(b)) return ip(dotted((b.readUInt32BE(12) & mask4) >>> 0));
        if (mask6 === undefined) return undefined;
        return ip(ipv6Text(b.map((byte, i) => byte & (mask6[i] as number))));
      };
    },
  }),
  define({
    name: 'host_only',
    in: 'str',
    out: 'str',
    build: () => (s) => {
      const colon = portColon(s);
      return str(asciiLower(colon < 0 ? s : s.slice(0, colon)));
    },
  }),
  define({
    name: 'port_only',
    in: 'str',
    out: 'int',
    build: () => (s) => {
      const colon = portColon(s);
      let port = 0;
      for (let i = colon < 0 ? s.length : colon + 1; i < s.length; i++) port = (Math.imul(port, 10) + (s.charCodeAt(i) & 0xff) - 48) >>> 0;
      return int(port);
    },
  }),
];
