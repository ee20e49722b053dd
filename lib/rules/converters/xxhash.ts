/**
 * The xxHash functions behind the xxh32, xxh64 and xxh3 converters: XXH32,
 * XXH64 and XXH3_64bits_withSeed, as specified by the xxHash project
 * (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md, and
 * XXH3 as frozen in release 0.8.0). XXH32 works in 32-bit numbers; the
 * 64-bit ones in bigint, wrapped to 64 bits after each step.
 */

const P32_1 = 0x9e3779b1;
const P32_2 = 0x85ebca77;
const P32_3 = 0xc2b2ae3d;
const P32_4 = 0x27d4eb2f;
const P32_5 = 0x165667b1;

const rotl32 = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;

function round32(acc: number, lane: number): number {
  return Math.imul(rotl32((acc + Math.imul(lane, P32_2)) >>> 0, 13), P32_1) >>> 0;
}

export function xxh32(b: Uint8Array, seed: number): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const len = b.length;
  let p = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P32_1 + P32_2) >>> 0;
    let v2 = (seed + P32_2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - P32_1) >>> 0;
    for (; p <= len - 16; p += 16) {
      v1 = round32(v1, v.getUint32(p, true));
      v2 = round32(v2, v.getUint32(p + 4, true));
      v3 = round32(v3, v.getUint32(p + 8, true));
      v4 = round32(v4, v.getUint32(p + 12, true));
    }
    h = (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) >>> 0;
  } else {
    h = (seed + P32_5) >>> 0;
  }
  h = (h + len) >>> 0;
  for (; p + 4 <= len; p += 4) h = Math.imul(rotl32((h + Math.imul(v.getUint32(p, true), P32_3)) >>> 0, 17), P32_4) >>> 0;
  for (; p < len; p++) h = Math.imul(rotl32((h + Math.imul(b[p] as number, P32_5)) >>> 0, 11), P32_1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), P32_2) >>> 0;
  h = Math.imul(h ^ (h >>> 13), P32_3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const M64 = (1n << 64n) - 1n;
const P64_1 = 0x9e3779b185ebca87n;
const P64_2 = 0xc2b2ae3d27d4eb4fn;
const P64_3 = 0x165667b19e3779f9n;
const P64_4 = 0x85ebca77c2b2ae63n;
const P64_5 = 0x27d4eb2f165667c5n;

const rotl64 = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const mul64 = (a: bigint, b: bigint): bigint => (a * b) & M64;
const add64 = (a: bigint, b: bigint): bigint => (a + b) & M64;

function round64(acc: bigint, lane: bigint): bigint {
  return mul64(rotl64(add64(acc, mul64(lane, P64_2)), 31n), P64_1);
}

function avalanche64(h: bigint): bigint {
  let x = mul64(h ^ (h >> 33n), P64_2);
  x = mul64(x ^ (x >> 29n), P64_3);
  return x ^ (x >> 32n);
}

export function xxh64(b: Uint8Array, seed: bigint): bigint {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const len = b.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = add64(seed, P64_1 + P64_2);
    let v2 = add64(seed, P64_2);
    let v3 = seed;
    let v4 = (seed - P64_1) & M64;
    for (; p <= len - 32; p += 32) {
      v1 = round64(v1, v.getBigUint64(p, true));
      v2 = round64(v2, v.getBigUint64(p + 8, true));
      v3 = round64(v3, v.getBigUint64(p + 16, true));
      v4 = round64(v4, v.getBigUint64(p + 24, true));
    }
    h = (rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n)) & M64;
    for (const lane of [v1, v2, v3, v4]) h = add64(mul64(h ^ round64(0n, lane), P64_1), P64_4);
  } else {
    h = add64(seed, P64_5);
  }
  h = add64(h, BigInt(len));
  for (; p + 8 <= len; p += 8) h = add64(mul64(rotl64(h ^ round64(0n, v.getBigUint64(p, true)), 27n), P64_1), P64_4);
  if (p + 4 <= len) {
    h = add64(mul64(rotl64(h ^ mul64(BigInt(v.getUint32(p, true)), P64_1), 23n), P64_2), P64_3);
    p += 4;
  }
  for (; p < len; p++) h = mul64(rotl64(h ^ mul64(BigInt(b[p] as number), P64_5), 11n), P64_1);
  return avalanche64(h);
}

/** XXH3's default secret (192 bytes). */
const K_SECRET = Uint8Array.from(
  (
    'b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221' +
    'b8084674f743248ee03590e6813a264c3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8' +
    'a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364eac5ac8334d3ebc3c581a0fffa1363eb' +
    '170ddd51b7f0da49d316552629d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e'
  ).match(/../g) ?? [],
  (h) => parseInt(h, 16),
);

const SECRET_SIZE = 192;
const STRIPE = 64;
const MX1 = 0x165667919e3779f9n;
const MX2 = 0x9fb21c651e98df25n;

const le64 = (d: DataView, at: number): bigint => d.getBigUint64(at, true);
const le32 = (d: DataView, at: number): bigint => BigInt(d.getUint32(at, true));
const xorshift = (h: bigint, s: bigint): bigint => h ^ (h >> s);

function mulFold(a: bigint, b: bigint): bigint {
  const p = a * b;
  return (p ^ (p >> 64n)) & M64;
}

function avalanche3(h: bigint): bigint {
  return xorshift(mul64(xorshift(h, 37n), MX1), 32n);
}

function rrmxmx(h: bigint, len: number): bigint {
  let x = h ^ rotl64(h, 49n) ^ rotl64(h, 24n);
  x = mul64(x, MX2);
  x = mul64(x ^ add64(x >> 35n, BigInt(len)), MX2);
  return xorshift(x, 28n);
}

function mix16(d: DataView, at: number, s: DataView, sAt: number, seed: bigint): bigint {
  return mulFold(le64(d, at) ^ add64(le64(s, sAt), seed), le64(d, at + 8) ^ ((le64(s, sAt + 8) - seed) & M64));
}

function upTo16(d: DataView, len: number, s: DataView, seed: bigint): bigint {
  if (len > 8) {
    const lo = le64(d, 0) ^ add64(le64(s, 24) ^ le64(s, 32), seed);
    const hi = le64(d, len - 8) ^ (((le64(s, 40) ^ le64(s, 48)) - seed) & M64);
    return avalanche3((BigInt(len) + swap64(lo) + hi + mulFold(lo, hi)) & M64);
  }
  if (len >= 4) {
    const seed2 = seed ^ (BigInt(swap32(Number(seed & 0xffffffffn))) << 32n);
    const input = le32(d, len - 4) + (le32(d, 0) << 32n);
    const flip = ((le64(s, 8) ^ le64(s, 16)) - seed2) & M64;
    return rrmxmx(input ^ flip, len);
  }
  if (len > 0) {
    const c1 = d.getUint8(0);
    const c2 = d.getUint8(len >> 1);
    const c3 = d.getUint8(len - 1);
    const combined = BigInt(((c1 << 16) | (c2 << 24) | c3 | (len << 8)) >>> 0);
    const flip = add64(le32(s, 0) ^ le32(s, 4), seed);
    return avalanche64(combined ^ flip);
  }
  return avalanche64(seed ^ le64(s, 56) ^ le64(s, 64));
}

function swap64(x: bigint): bigint {
  let r = 0n;
  for (let i = 0n; i < 64n; i += 8n) r = (r << 8n) | ((x >> i) & 0xffn);
  return r;
}

const swap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

function upTo128(d: DataView, len: number, s: DataView, seed: bigint): bigint {
  let acc = mul64(BigInt(len), P64_1);
  if (len > 32) {
    if (len > 64) {
      if (len > 96) {
        acc = add64(acc, mix16(d, 48, s, 96, seed));
        acc = add64(acc, mix16(d, len - 64, s, 112, seed));
      }
      acc = add64(acc, mix16(d, 32, s, 64, seed));
      acc = add64(acc, mix16(d, len - 48, s, 80, seed));
    }
    acc = add64(acc, mix16(d, 16, s, 32, seed));
    acc = add64(acc, mix16(d, len - 32, s, 48, seed));
  }
  acc = add64(acc, mix16(d, 0, s, 0, seed));
  acc = add64(acc, mix16(d, len - 16, s, 16, seed));
  return avalanche3(acc);
}

function upTo240(d: DataView, len: number, s: DataView, seed: bigint): bigint {
  let acc = mul64(BigInt(len), P64_1);
  const rounds = Math.floor(len / 16);
  for (let i = 0; i < 8; i++) acc = add64(acc, mix16(d, 16 * i, s, 16 * i, seed));
  acc = avalanche3(acc);
  for (let i = 8; i < rounds; i++) acc = add64(acc, mix16(d, 16 * i, s, 16 * (i - 8) + 3, seed));
  acc = add64(acc, mix16(d, len - 16, s, 136 - 17, seed));
  return avalanche3(acc);
}

function accumulate512(acc: bigint[], d: DataView, at: number, s: DataView, sAt: number): void {
  for (let i = 0; i < 8; i++) {
    const value = le64(d, at + 8 * i);
    const key = value ^ le64(s, sAt + 8 * i);
    acc[i ^ 1] = add64(acc[i ^ 1] as bigint, value);
    acc[i] = add64(acc[i] as bigint, (key & 0xffffffffn) * (key >> 32n));
  }
}

function scramble(acc: bigint[], s: DataView, sAt: number): void {
  for (let i = 0; i < 8; i++) acc[i] = mul64(xorshift(acc[i] as bigint, 47n) ^ le64(s, sAt + 8 * i), BigInt(P32_1));
}

function long(d: DataView, len: number, s: DataView): bigint {
  const acc = [BigInt(P32_3), P64_1, P64_2, P64_3, P64_4, BigInt(P32_2), P64_5, BigInt(P32_1)];
  const stripesPerBlock = (SECRET_SIZE - STRIPE) / 8;
  const blockLen = STRIPE * stripesPerBlock;
  const blocks = Math.floor((len - 1) / blockLen);
  for (let n = 0; n < blocks; n++) {
    for (let i = 0; i < stripesPerBlock; i++) accumulate512(acc, d, n * blockLen + i * STRIPE, s, i * 8);
    scramble(acc, s, SECRET_SIZE - STRIPE);
  }
  const stripes = Math.floor((len - 1 - blockLen * blocks) / STRIPE);
  for (let i = 0; i < stripes; i++) accumulate512(acc, d, blocks * blockLen + i * STRIPE, s, i * 8);
  accumulate512(acc, d, len - STRIPE, s, SECRET_SIZE - STRIPE - 7);
  let result = mul64(BigInt(len), P64_1);
  for (let i = 0; i < 4; i++) {
    result = add64(result, mulFold((acc[2 * i] as bigint) ^ le64(s, 11 + 16 * i), (acc[2 * i + 1] as bigint) ^ le64(s, 11 + 16 * i + 8)));
  }
  return avalanche3(result);
}

const DEFAULT_SECRET = new DataView(K_SECRET.buffer);

/** The secret XXH3 derives from a non-zero seed for inputs above 240 bytes. */
function seededSecret(seed: bigint): DataView {
  const out = new DataView(new ArrayBuffer(SECRET_SIZE));
  for (let i = 0; i < SECRET_SIZE; i += 16) {
    out.setBigUint64(i, add64(le64(DEFAULT_SECRET, i), seed), true);
    out.setBigUint64(i + 8, (le64(DEFAULT_SECRET, i + 8) - seed) & M64, true);
  }
  return out;
}

export function xxh3(b: Uint8Array, seed: bigint): bigint {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const len = b.length;
  if (len <= 16) return upTo16(d, len, DEFAULT_SECRET, seed);
  if (len <= 128) return upTo128(d, len, DEFAULT_SECRET, seed);
  if (len <= 240) return upTo240(d, len, DEFAULT_SECRET, seed);
  return long(d, len, seed === 0n ? DEFAULT_SECRET : seededSecret(seed));
}
