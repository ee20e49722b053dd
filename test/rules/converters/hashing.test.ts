import { createCipheriv, createHmac } from 'node:crypto';
import t from 'tap';
import { xxh3, xxh32, xxh64 } from '../../../lib/rules/converters/xxhash.js';
import { converter } from '../../../lib/rules/converters/registry.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';

function run(name: string, args: string[], input: Buffer, variables: Record<string, Sample> = {}): unknown {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter ${name}`);
  const s = spec.compile<undefined>(args, { variable: (n) => () => variables[n] })({ type: 'bin', value: input }, undefined);
  return s?.type === 'bin' ? s.value.toString('hex') : s?.value;
}
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

t.test('xxHash: the published test vectors', async (t) => {
  t.equal(xxh32(text(''), 0), 0x02cc5d05);
  t.equal(xxh32(text('abc'), 0), 0x32d153ff);
  t.equal(xxh64(text(''), 0n), 0xef46db3751d8e999n);
  t.equal(xxh64(text('abc'), 0n), 0x44bc2cf5ad770999n);
  t.equal(xxh3(text(''), 0n), 0x2d06800538d394c2n);
  t.equal(xxh3(text('abc'), 0n), 0x78af5f94892f3950n);
});

t.test('32-bit hashes, with the avalanche argument', async (t) => {
  t.equal(run('crc32', [], text('123456789')), 0xcbf43926);
  t.equal(run('crc32c', [], text('123456789')), 0xe3069283);
  t.equal(run('crc32', ['1'], text('\x00')), 1927583040);
  t.equal(run('crc32', ['2'], text('\x00')), 1927583040, 'any non-zero argument');
  t.equal(run('djb2', [], text('')), 5381);
  t.equal(run('sdbm', [], text('a')), 97);
  t.ok(Number.isInteger(run('wt6', [], text('abc'))));
});

t.test('xxHash converters: seeds read as unsigned, 64-bit results as signed', async (t) => {
  t.equal(run('xxh32', ['-1'], text('abc')), xxh32(text('abc'), 0xffffffff));
  t.equal(run('xxh64', [], text('')), Number(BigInt.asIntN(64, 0xef46db3751d8e999n)));
  t.equal(run('xxh3', ['-1'], text('abc')), Number(BigInt.asIntN(64, xxh3(text('abc'), (1n << 64n) - 1n))));
});

t.test('digests', async (t) => {
  t.equal(run('sha1', [], text('abc')), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  t.equal(run('sha2', [], text('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  t.equal(String(run('sha2', ['224'], text(''))).length, 56);
  t.equal(run('digest', ['SHA256'], text('abc')), run('sha2', ['256'], text('abc')), 'OpenSSL names are case-insensitive');
  t.throws(() => run('sha2', ['1'], text('')), /unsupported number of bits 1/);
  t.throws(() => run('digest', ['nope'], text('')), /'nope' is not an OpenSSL message digest name/);
});

t.test('hmac: a base64 key, or a variable holding one', async (t) => {
  const expected = createHmac('sha256', 'secret').update('abc').digest('hex');
  t.equal(run('hmac', ['sha256', 'c2VjcmV0'], text('abc')), expected);
  t.equal(run('hmac', ['sha256', 'txn.k'], text('abc'), { 'txn.k': { type: 'str', value: 'c2VjcmV0' } }), expected);
  t.equal(run('hmac', ['sha256', 'txn.k'], text('abc'), { 'txn.k': { type: 'str', value: 'c2Vj!' } }), undefined, 'not base64');
  t.equal(run('hmac', ['sha256', 'txn.k'], text('abc')), undefined, 'unset');
  t.throws(() => run('hmac', ['sha256', 'Zm9'], text('')), /the key must be base64 text or a variable name/);
});

t.test('aes_gcm_dec: tags of 1 to 16 bytes, longer keys, failures', async (t) => {
  const key = Buffer.alloc(16, 7);
  const nonce = Buffer.alloc(12, 9);
  const e = createCipheriv('aes-128-gcm', key, nonce);
  const data = Buffer.concat([e.update('hello'), e.final()]);
  const tag = e.getAuthTag();
  const dec = (k: Buffer, tg: Buffer, d = data): unknown => run('aes_gcm_dec', ['128', nonce.toString('base64'), k.toString('base64'), tg.toString('base64')], d);
  const hello = text('hello').toString('hex');
  t.equal(dec(key, tag), hello);
  for (const n of [1, 3, 5, 8, 11, 12]) t.equal(dec(key, tag.subarray(0, n)), hello, `a ${n}-byte tag`);
  t.equal(dec(Buffer.concat([key, Buffer.alloc(4)]), tag), hello, 'the first 16 bytes of a longer key');
  t.equal(dec(key, Buffer.concat([tag, Buffer.alloc(1)])), undefined, 'a 17-byte tag');
  t.equal(dec(key, Buffer.from(tag).fill(0, 0, 1)), undefined, 'a wrong tag');
  t.equal(dec(key.subarray(0, 8), tag), undefined, 'a short key');
  t.equal(dec(key, tag.subarray(0, 5), Buffer.concat([data, Buffer.alloc(1)])), undefined, 'altered data');
  t.throws(() => run('aes_gcm_dec', ['129', 'Zm9v', 'Zm9v', 'Zm9v'], data), /128, 192 or 256 bits/);
  t.throws(() => run('aes_gcm_dec', ['128', '!', 'Zm9v', 'Zm9v'], data), /the nonce must be base64/);
});
