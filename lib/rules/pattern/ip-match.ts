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
import { addList, markLists } from './list-marks.js';
import { matcher, type CompileOptions, type ListHits, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
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

/**
 * Several lists at once: the networks of every list in the same two bit
 * tries, each prefix naming the lists that hold it; a lookup reports the
 * lists of every stored prefix of the sample (not only the longest), in
 * the order above, and the lists with a non-contiguous mask that matches.
 */
export function compileIpSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  const v4 = new BitTrie<number[]>();
  const v6 = new BitTrie<number[]>();
  const masked: { readonly list: number; readonly address: number; readonly mask: number }[] = [];
  const none = (): number[] => [];
  for (const [i, entries] of lists.entries()) {
    for (const e of entries) {
      const p = parseIpPattern(e, opts.noDns === true);
      if (p.family === 6) {
        addList(v6.at(p.address, p.bits, none), i);
        continue;
      }
      const bits = maskLength(p.mask);
      if (bits === undefined) masked.push({ list: i, address: p.address, mask: p.mask });
      else addList(v4.at(ipv4Bytes(p.address, new Uint8Array(4)), bits, none), i);
    }
  }
  // Where the lookup in progress reports, for the trie visitor (lookups are synchronous).
  let into: ListHits | undefined;
  const visit = (found: number[]): void => markLists(found, into as ListHits);
  const inMasked = (a: number): void => {
    for (const m of masked) if (((a ^ m.address) & m.mask) === 0) (into as ListHits).hit(m.list);
  };
  return {
    mark(sample, hits) {
      const text = asAddress(sample);
      if (text === undefined) return;
      into = hits;
      const a4 = parseIpv4(text);
      if (a4 !== undefined) {
        v4.prefixes(ipv4Bytes(a4, SAMPLE4), visit);
        MAPPED6.fill(0, 0, 10);
        MAPPED6[10] = 0xff;
        MAPPED6[11] = 0xff;
        MAPPED6.set(SAMPLE4, 12);
        v6.prefixes(MAPPED6, visit);
        inMasked(a4);
        return;
      }
      if (!parseIpv6(text, SAMPLE6)) return;
      v6.prefixes(SAMPLE6, visit);
      const embedded = embeddedIpv4(SAMPLE6);
      if (embedded === undefined) return;
      v4.prefixes(ipv4Bytes(embedded, SAMPLE4), visit);
      inMasked(embedded);
    },
  };
}
