/**
 * Hash converters (configuration manual 7.3.1): crc32, crc32c, djb2, sdbm,
 * wt6, xxh32, xxh64 and xxh3, over the bytes of a binary sample.
 *
 * crc32, djb2, sdbm and wt6 are the functions of `hash-type` (4.2), so
 * they give what the balancers compute; a non-zero argument applies the
 * avalanche mixer to their result. crc32c is CRC-32C (Castagnoli, RFC 4960
 * appendix B). The xxHash seeds are read as unsigned: 32 bits for xxh32, 64
 * for the others. xxh64 and xxh3 return the 64-bit hash as a signed
 * integer, which a JS number only holds to 53 bits of precision.
 */
import { int } from '../sample/sample.js';
import { avalanche, crc32, djb2, sdbm, wt6, type KeyHash } from '../../balancers/hash-functions.js';
import { define } from './definition.js';
import { xxh3, xxh32, xxh64 } from './xxhash.js';
import type { ArgList } from './args.js';
import type { ConverterSpec } from './types.js';

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32c(b: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of b) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

const OPTIONAL_INT: ArgList = { kinds: ['int'], min: 0 };

/** A 32-bit hash with the optional avalanche argument. */
function hash32(name: string, hash: (b: Buffer) => number): ConverterSpec {
  return define({
    name,
    in: 'bin',
    out: 'int',
    args: OPTIONAL_INT,
    build(args) {
      return (args.int(0) ?? 0n) !== 0n ? (b) => int(avalanche(hash(b))) : (b) => int(hash(b));
    },
  });
}

/** The balancers' hash functions read latin1 text, one char per byte. */
const overText = (h: KeyHash) => (b: Buffer): number => h(b.toString('latin1'), 0, b.length);

/** An xxHash with the optional seed argument, read as unsigned `bits`-bit. */
function seeded(name: string, bits: 32 | 64, hash: (b: Buffer, seed: bigint) => number): ConverterSpec {
  return define({
    name,
    in: 'bin',
    out: 'int',
    args: OPTIONAL_INT,
    build(args) {
      const seed = BigInt.asUintN(bits, args.int(0) ?? 0n);
      return (b) => int(hash(b, seed));
    },
  });
}

export const HASHING_CONVERTERS: readonly ConverterSpec[] = [
  hash32('crc32', overText(crc32)),
  hash32('crc32c', crc32c),
  hash32('djb2', overText(djb2)),
  hash32('sdbm', overText(sdbm)),
  hash32('wt6', overText(wt6)),
  seeded('xxh32', 32, (b, seed) => xxh32(b, Number(seed))),
  seeded('xxh64', 64, (b, seed) => Number(BigInt.asIntN(64, xxh64(b, seed)))),
  seeded('xxh3', 64, (b, seed) => Number(BigInt.asIntN(64, xxh3(b, seed)))),
];
