/**
 * Address patterns (manual 7.1.6): `<addr>[/<mask>]`, split at the last '/'.
 *
 * IPv4 first: a dotted quad (or, unless -n, a short numeric form such as
 * `127.1`) with an optional mask, either a length 0-32 or a dotted mask
 * (`10.0.0.0/255.0.0.0`), which may even be non-contiguous. Otherwise IPv6
 * with an optional length 0-128. Host names are not resolved by tslb.
 * The address is kept as written: the mask applies when matching.
 */
import { parseIpv4, parseIpv4Numeric, parseIpv6, parseMaskLength } from './ip-address.js';
import type { PatternEntry } from './matcher.js';
import { PatternError } from './pattern-error.js';

export type IpPattern =
  | { readonly family: 4; readonly address: number; readonly mask: number }
  | { readonly family: 6; readonly address: Uint8Array; readonly bits: number };

/** The 32-bit mask of a length. */
export function lengthMask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** The prefix length of a contiguous mask, or undefined for a mask such as 255.0.255.0. */
export function maskLength(mask: number): number | undefined {
  let bits = 0;
  while (bits < 32 && ((mask >>> (31 - bits)) & 1) === 1) bits++;
  return lengthMask(bits) === mask ? bits : undefined;
}

/** An IPv4 mask after '/': dotted (any bits, even non-contiguous) or a length 0-32. */
function ipv4Mask(text: string): number | undefined {
  if (text.includes('.')) return parseIpv4(text);
  const bits = parseMaskLength(text, 32);
  return bits === undefined ? undefined : lengthMask(bits);
}

function ipv4Pattern(text: string, noDns: boolean): IpPattern | undefined {
  const slash = text.lastIndexOf('/');
  const mask = slash >= 0 ? ipv4Mask(text.slice(slash + 1)) : 0xffffffff;
  if (mask === undefined) return undefined;
  const a = slash >= 0 ? text.slice(0, slash) : text;
  const address = parseIpv4(a) ?? (noDns ? undefined : parseIpv4Numeric(a));
  return address === undefined ? undefined : { family: 4, address, mask };
}

function ipv6Pattern(text: string): IpPattern | undefined {
  const slash = text.lastIndexOf('/');
  let bits = 128;
  if (slash >= 0) {
    const parsed = parseMaskLength(text.slice(slash + 1), 128);
    if (parsed === undefined) return undefined;
    bits = parsed;
  }
  const address = new Uint8Array(16);
  return parseIpv6(slash >= 0 ? text.slice(0, slash) : text, address) ? { family: 6, address, bits } : undefined;
}

export function parseIpPattern(entry: PatternEntry, noDns: boolean): IpPattern {
  const p = ipv4Pattern(entry.key, noDns) ?? ipv6Pattern(entry.key);
  if (p) return p;
  const hostName = !noDns && /[A-Za-z]/.test(entry.key) && !entry.key.includes(':');
  throw PatternError.at(
    entry,
    `'${entry.key}' is not a valid IPv4 or IPv6 address${hostName ? ' (tslb does not resolve host names in patterns: write the address)' : ''}`,
  );
}
