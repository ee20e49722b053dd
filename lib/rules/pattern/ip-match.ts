/**
 * `-m ip` (manual 7.1.6) and map_ip, with HAProxy's lookup order:
 *
 *   IPv4 sample:  IPv4 networks (longest prefix)
 *                 → IPv6 networks with the sample as ::ffff:a.b.c.d (longest prefix)
 *                 → IPv4 non-contiguous masks (first in load order)
 *   IPv6 sample:  IPv6 networks (longest prefix)
 *                 → if it is ::a.b.c.d, ::ffff:a.b.c.d or 2002:AABB:CCDD::/16 (6to4),
 *                   IPv4 networks with a.b.c.d (longest prefix)
 *                 → IPv4 non-contiguous masks with a.b.c.d (first in load order)
 *
 * Among networks of the same prefix the first loaded is found.
 */
import { BitTrie } from './bit-trie.js';
import { ipv4Bytes, parseIpv4, parseIpv6 } from './ip-address.js';
import { maskLength, parseIpPattern } from './ip-pattern.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher } from './matcher.js';
import { asAddress } from './sample-value.js';

interface MaskedIpv4 {
  readonly entry: PatternEntry;
  readonly address: number;
  readonly mask: number;
}

// Scratch buffers for the sample being matched (matching is synchronous).
const SAMPLE6 = new Uint8Array(16);
const MAPPED6 = new Uint8Array(16);
const SAMPLE4 = new Uint8Array(4);

/** The big-endian 32-bit word at byte `i`. */
function word(a: Uint8Array, i: number): number {
  return (((a[i] as number) << 24) | ((a[i + 1] as number) << 16) | ((a[i + 2] as number) << 8) | (a[i + 3] as number)) >>> 0;
}

/** The IPv4 address an IPv6 one carries (::a.b.c.d, ::ffff:a.b.c.d, 2002:AABB:CCDD::), or undefined. */
function embeddedIpv4(a: Uint8Array): number | undefined {
  if (word(a, 0) === 0 && word(a, 4) === 0 && (word(a, 8) === 0 || word(a, 8) === 0xffff)) return word(a, 12);
  if (a[0] === 0x20 && a[1] === 0x02) return word(a, 2);
  return undefined;
}

export function compileIp(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  const v4 = new BitTrie<PatternEntry>();
  const v6 = new BitTrie<PatternEntry>();
  const masked: MaskedIpv4[] = [];
  for (const e of entries) {
    const p = parseIpPattern(e, opts.noDns === true);
    if (p.family === 6) {
      v6.insert(p.address, p.bits, e);
      continue;
    }
    const bits = maskLength(p.mask);
    if (bits === undefined) masked.push({ entry: e, address: p.address, mask: p.mask });
    else v4.insert(ipv4Bytes(p.address, new Uint8Array(4)), bits, e);
  }
  const inMasked = (a: number): PatternEntry | undefined => {
    for (const m of masked) if (((a ^ m.address) & m.mask) === 0) return m.entry;
    return undefined;
  };
  return matcher((sample) => {
    const text = asAddress(sample);
    if (text === undefined) return undefined;
    const a4 = parseIpv4(text);
    if (a4 !== undefined) {
      const hit = v4.longest(ipv4Bytes(a4, SAMPLE4));
      if (hit) return hit;
      MAPPED6.fill(0, 0, 10);
      MAPPED6[10] = 0xff;
      MAPPED6[11] = 0xff;
      MAPPED6.set(SAMPLE4, 12);
      return v6.longest(MAPPED6) ?? inMasked(a4);
    }
    if (!parseIpv6(text, SAMPLE6)) return undefined;
    const hit = v6.longest(SAMPLE6);
    if (hit) return hit;
    const embedded = embeddedIpv4(SAMPLE6);
    if (embedded === undefined) return undefined;
    return v4.longest(ipv4Bytes(embedded, SAMPLE4)) ?? inMasked(embedded);
  });
}
