/**
 * Sample values (configuration manual 7.3): what fetches produce, converters
 * transform and ACL patterns match. One small tagged object per value; the
 * type is one of the config model's SampleType names ('ip' covers HAProxy's
 * ipv4, ipv6 and addr; 'int' is its sint).
 *
 * Strings are byte strings: one JS char per byte (latin1), as header values
 * come off the wire, so lengths and offsets are HAProxy's. Integers are JS
 * numbers (HAProxy's are signed 64-bit; beyond 2^53 precision is lost).
 * Addresses are kept as text: dotted IPv4 or RFC 5952 IPv6, with Node's
 * `::ffff:` prefix of a dual-stack socket already removed by whoever fetched
 * them.
 *
 * castSample() is HAProxy's implicit cast table (sample.c sample_casts):
 * what a converter or a match method gets when it expects another type.
 */
import { isIP } from 'node:net';
import type { SampleType } from '../../config/keywords/sample-types.js';

export type { SampleType };

export type Sample =
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'ip'; readonly value: string }
  | { readonly type: 'bin'; readonly value: Buffer }
  | { readonly type: 'meth'; readonly value: string };

export const str = (value: string): Sample => ({ type: 'str', value });
export const int = (value: number): Sample => ({ type: 'int', value });
export const bool = (value: boolean): Sample => ({ type: 'bool', value });
export const ip = (value: string): Sample => ({ type: 'ip', value });

/**
 * HAProxy's read_int64 as c_str2int uses it: an optional sign then digits,
 * stopping at the first other byte ("12abc" → 12, "abc" → 0); an empty
 * string does not cast.
 */
export function strToInt(s: string): number | undefined {
  if (s.length === 0) return undefined;
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i = 1;
  }
  let n = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return neg ? -n : n;
}

/** IPv4 dotted text → its 32-bit value (for ip → int). */
function ipv4ToInt(a: string): number {
  let n = 0;
  for (const part of a.split('.')) n = n * 256 + Number(part);
  return n;
}

function intToIpv4(n: number): string {
  const u = n >>> 0;
  return `${u >>> 24}.${(u >>> 16) & 255}.${(u >>> 8) & 255}.${u & 255}`;
}

/** Text of an address as HAProxy prints it (str conversion). */
function addressText(a: string): string {
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * The sample as another type, or undefined where HAProxy has no cast (an
 * address to a boolean) or the cast fails (an empty string to an integer,
 * text that is not an address). 'any' accepts everything unchanged.
 */
export function castSample(s: Sample, to: SampleType): Sample | undefined {
  if (to === 'any' || s.type === to) return s;
  switch (s.type) {
    case 'bool':
      if (to === 'int') return int(s.value ? 1 : 0);
      if (to === 'str') return str(s.value ? '1' : '0');
      return undefined;
    case 'int':
      if (to === 'bool') return bool(s.value !== 0);
      if (to === 'str') return str(String(s.value));
      if (to === 'ip') return ip(intToIpv4(s.value));
      if (to === 'bin') {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(BigInt(s.value));
        return { type: 'bin', value: b };
      }
      return undefined;
    case 'ip':
      if (to === 'int') return isIP(s.value) === 4 ? int(ipv4ToInt(s.value)) : undefined;
      if (to === 'str') return str(addressText(s.value));
      return undefined;
    case 'str': {
      if (to === 'int' || to === 'bool') {
        const n = strToInt(s.value);
        if (n === undefined) return undefined;
        return to === 'int' ? int(n) : bool(n !== 0);
      }
      if (to === 'ip') return isIP(s.value) ? ip(s.value) : undefined;
      if (to === 'bin') return { type: 'bin', value: Buffer.from(s.value, 'latin1') };
      if (to === 'meth') return { type: 'meth', value: s.value };
      return undefined;
    }
    case 'bin':
      if (to === 'str') return str(s.value.toString('latin1'));
      if (to === 'meth') return { type: 'meth', value: s.value.toString('latin1') };
      return undefined;
    case 'meth':
      if (to === 'str') return str(s.value);
      if (to === 'bin') return { type: 'bin', value: Buffer.from(s.value, 'latin1') };
      return undefined;
  }
}
