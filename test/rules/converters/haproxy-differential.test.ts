/**
 * Converters against the real HAProxy 2.6: one configuration holds a rule
 * per case, `http-request return` with an lf-string that prints the
 * converter chain's result when the chain gives a sample (`-m found`), and
 * a last rule answering 204 otherwise. Strings and binaries are
 * printed through `hex` so that every byte is compared; integers,
 * booleans and addresses as HAProxy prints them.
 *
 * Inputs: string and binary cases are the request body (`req.body`, a
 * binary sample that casts to a string: string inputs hold no NUL byte,
 * which HAProxy's cast would cut at); integers, booleans and addresses are
 * `int()`, `bool()`, `ipv4()` and `ipv6()` literals. Variables are set by
 * rules before the cases, and the same values are given to tslb through
 * the variable resolver.
 */
import { createCipheriv, type CipherGCMTypes } from 'node:crypto';
import t, { type Test } from 'tap';
import { startHaproxy } from '../../helpers/haproxy.js';
import { freePort } from '../../helpers/net.js';
import { converter } from '../../../lib/rules/converters/registry.js';
import type { Converter } from '../../../lib/rules/converters/types.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';

type Input =
  | { readonly kind: 'body'; readonly bytes: Buffer }
  | { readonly kind: 'int'; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'ipv4' | 'ipv6'; readonly text: string };

interface Case {
  /** The converter chain as HAProxy reads it (after the fetch and its comma). */
  readonly expr: string;
  /** The same chain for tslb: names and arguments. */
  readonly chain: readonly (readonly [string, readonly string[]])[];
  readonly input: Input;
}

/** Splits a chain written without quotes: "field(2,_),lower". */
function parseChain(expr: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  let depth = 0;
  let part = '';
  const flush = (): void => {
    const m = /^([^(]+)(?:\((.*)\))?$/s.exec(part);
    if (!m) throw new Error(`cannot split '${part}'`);
    out.push([m[1] as string, m[2] === undefined ? [] : m[2].split(',')]);
    part = '';
  };
  for (const c of expr) {
    if (c === ',' && depth === 0) {
      flush();
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    part += c;
  }
  flush();
  return out;
}

const body = (s: string | Buffer): Input => ({ kind: 'body', bytes: typeof s === 'string' ? Buffer.from(s, 'latin1') : s });
const hexBody = (h: string): Input => body(Buffer.from(h, 'hex'));
const integer = (n: string | number | bigint): Input => ({ kind: 'int', text: String(n) });

const cases: Case[] = [];

/** One chain over several inputs; `chain` overrides the split when arguments need quoting. */
function add(expr: string, inputs: readonly Input[], chain?: Case['chain']): void {
  for (const input of inputs) cases.push({ expr, chain: chain ?? parseChain(expr), input });
}

const strings = (...s: string[]): Input[] => s.map((x) => body(x));
const ints = (...n: (string | number | bigint)[]): Input[] => n.map(integer);

// --- strings -----------------------------------------------------------------
const TEXTS = strings('', 'a', 'Hello World', 'MiXeD-123_ÉÀé', '\xff\xfe\x80ABC', 'tab\there\r\nnext', '  both  ');
add('lower', TEXTS);
add('upper', TEXTS);
add('length', TEXTS);
add('ltrim( )', TEXTS, [['ltrim', [' ']]]);
add('rtrim( )', TEXTS, [['rtrim', [' ']]]);
add('ltrim(aH)', strings('aaHello', 'Hello', 'aHa', 'aaa', ''));
add('rtrim(lod)', strings('Hello World', 'doll', 'x'));
add('ltrim', strings('  x'));
add('cut_crlf', strings('abc', 'ab\rc', 'ab\nc', '\r\n', '', 'no end\x85'));
const FIELDS = strings('f1_f2_f3__f5', '_a_b_', 'abc', '', '__', 'a', 'x_y');
for (const args of ['1,_', '2,_', '3,_', '4,_', '5,_', '6,_', '-1,_', '-2,_', '-3,_', '-5,_', '-6,_', '2,_,0', '2,_,2', '2,_,-1', '-2,_,3', '-3,_,0', '-2,_,2', '1,_,3', '1,_-', '2,_f', '-1,_,0', '99,_', '-99,_,0']) {
  add(`field(${args})`, FIELDS);
  add(`word(${args})`, FIELDS);
}
add('word(2,/)', strings('/f1/f2/f3/f4', '//a//b//', 'a/b'));
add('word(-2,/,0)', strings('/f1/f2/f3/f4/', 'a'));
add('field(2,/,4294967297)', strings('a/b/c/d'));
// --- regsub ------------------------------------------------------------------
const REGSUB_TEXTS = strings('aaa', 'abcabc', 'Hello World', '', '/////a///b/c/', 'foo42bar7', 'line1\nline2', 'xyz');
/** Arguments as written in a chain: double-quoted when they hold a parenthesis or a comma. */
const written = (args: readonly string[]): string => args.map((a) => (/[(),]/.test(a) ? `"${a}"` : a)).join(',');
for (const args of [
  ['a', 'X'], ['a', 'X', 'g'], ['A', 'X', 'i'], ['A', 'X', 'gi'], ['^a', 'X', 'g'], ['^a', 'X'], ['a$', 'X', 'g'], ['b|c', '-', 'g'],
  ['/+', '/', 'g'], ['x*', '-', 'g'], ['x*', '-'], ['\\b', '|', 'g'], ['(o)([0-9]+)?', '<\\2\\1>', 'g'], ['(o)', '[\\0\\1\\9]', 'g'],
  ['.', '\\x41', 'g'], ['[aeiou]', '\\xZZ', 'g'], ['$', '!', 'g'], ['^', '>', 'g'], ['(?i)L', '_', 'g'], ['o', '\\q', 'g'], ['z?', '.', 'g'],
  ['(?<=a)b', 'B', 'g'], ['\\d', 'D', 'g'], ['(a)|(b)', '[\\1\\2]', 'g'], ['.*', 'all'], ['.*', 'all', 'g'], ['l', '', 'g'],
]) {
  add(`regsub(${written(args)})`, REGSUB_TEXTS, [['regsub', args]]);
}
add('regsub(",",;,g)', strings('a,b,c'), [['regsub', [',', ';', 'g']]]);
// --- encodings ---------------------------------------------------------------
const BINS = [hexBody(''), hexBody('00'), hexBody('ff'), hexBody('fffe'), hexBody('fbff'), hexBody('00010203fffefd'), body('Hello World!'), hexBody('0102030405060708090a')];
add('base64', BINS);
add('ub64enc', BINS);
add('hex', BINS);
add('b64dec,hex', strings('', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'QR==', 'QQ=A', 'Q===', '====', 'QQ==QUJD', 'QUI=QUJD', 'QUJD====', 'Zm9', 'Zm9v!', '-_-_', 'QUJD\n'));
add('ub64dec,hex', strings('', 'QQ', 'QUI', 'QUJD', 'QUJDRA', 'Q', 'QQ==', 'QQ=A', 'A===', '-_-_', '+/+/', 'AA:A', 'Zm9vYg'));
add('hex2i', strings('', '0', 'ff', 'FF', '7fffffffffffffff', 'ffffffffffffffff', '10000000000000000', 'deadbeefcafe1', '12g', '-1', ' 1'));
add('url_dec', strings('', 'a+b', 'a+b?c+d', 'a%41b', '%4a%4A', '%', '%4', '%4g', 'a%2', '%zz', '100%25', '%e9%E9', '?+', 'a%00b'));
add('url_dec(1)', strings('a+b', '%20+'));
add('url_dec(0)', strings('a+b'));
add('url_enc', strings('', 'abcXYZ019-._~', 'a b&c=d/e?f#g', 'é\xff\x01', '%'));
add('url_enc(query)', strings('a b'));
add('url_dec,url_enc', strings('a%00b'));
const JSON_TEXTS = [body('plain'), body('"quoted" \\ / \b\f\r\n\t'), hexBody('01071f7f'), body('é'), hexBody('c3a9'), hexBody('e282ac'), hexBody('f09f9880'), hexBody('c0af'), hexBody('e080af'), hexBody('eda080'), hexBody('efbfbf'), hexBody('80'), hexBody('c3'), hexBody('c328'), hexBody('e282'), hexBody('f880808080'), hexBody('fe'), hexBody('41c3a942')];
for (const code of ['', 'ascii', 'utf8', 'utf8s', 'utf8p', 'utf8ps']) add(code === '' ? 'json' : `json(${code})`, JSON_TEXTS);
// --- binary ------------------------------------------------------------------
const BYTES = [hexBody(''), hexBody('00'), hexBody('00414243'), hexBody('0102030405060708090a0b')];
for (const args of ['0', '1', '3', '4', '5', '-1', '1,2', '1,0', '1,-1', '0,100', '2,1', '11', '9223372036854775807']) add(`bytes(${args}),hex`, BYTES);
const BE = [hexBody(''), hexBody('01'), hexBody('01020304050607'), hexBody('7f000001'), hexBody('ffffffffffffffffff'), hexBody('0102030405060708')];
for (const args of [':,2', '-,2,1', ',2,1', '.,1', ':,8', ':,7', ',3', ':,3,1', ':,1,0', ':,8,1', ':,6']) add(`be2dec(${args})`, BE);
for (const args of ['', ':,2', '--,2,1', ',3,1', ',0', ',-1', ':,1', ':,100', ',5', ',1,1']) add(args === '' ? 'be2hex' : `be2hex(${args})`, BE);
add('htonl,hex', ints(0, 1, 0x01020304, -1, 4294967296, 4294967297, '9223372036854775807', '-9223372036854775808', 305419896));
// --- arithmetic --------------------------------------------------------------
// Beyond 2^53, only integers a JS number holds exactly are inputs: 2^62, 2^63 (INT64_MAX's number) and -2^63.
const NUMS = ints(0, 1, -1, 7, -7, 123456789, '9007199254740992', '9223372036854775807', '-9223372036854775808', '4611686018427387904', '-4611686018427387904', 2147483647, -2147483648, 4294967296);
for (const operand of ['0', '1', '-1', '3', '-3', '2', '7', '1000000007', '9223372036854775807', '-9223372036854775808', '4611686018427387904', '-', '', '99999999999999999999']) {
  for (const op of ['add', 'sub', 'mul', 'div', 'mod', 'and', 'or', 'xor']) add(`${op}(${operand})`, NUMS);
}
for (const op of ['neg', 'cpl', 'bool', 'not', 'odd', 'even']) add(op, NUMS);
add('add(txn.n)', ints(1, -5));
add('sub(txn.n),mul(txn.s)', ints(10));
add('div(txn.neg)', ints(100, -100));
add('add(txn.none)', ints(1));
add('add(txn.sn)', ints(1));
add('add(txn.word)', ints(1));
// --- hashes ------------------------------------------------------------------
let seed = 0x2545f491;
const random = (n: number): Buffer => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    b[i] = seed >>> 24;
  }
  return b;
};
const HASH_INPUTS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 96, 97, 100, 127, 128, 129, 160, 200, 239, 240, 241, 255, 256, 500, 1023, 1024, 1025, 1500, 2048, 3000].map((n) => body(random(n)));
for (const h of ['crc32', 'crc32c', 'djb2', 'sdbm', 'wt6', 'crc32(1)', 'djb2(1)', 'sdbm(2)', 'wt6(1)', 'crc32c(1)', 'xxh32', 'xxh32(1)', 'xxh32(-1)', 'xxh64', 'xxh64(1)', 'xxh64(-1)', 'xxh3', 'xxh3(1)', 'xxh3(-1)', 'xxh3(123456789012)']) {
  add(h, HASH_INPUTS);
}
add('crc32c', strings('123456789'));
// --- digests -----------------------------------------------------------------
const DIGEST_INPUTS = [hexBody(''), body('abc'), hexBody('00ff00ff')];
for (const d of ['sha1', 'sha2', 'sha2(224)', 'sha2(256)', 'sha2(384)', 'sha2(512)', 'digest(md5)', 'digest(sha256)', 'digest(SHA256)', 'digest(sha3-256)', 'digest(sha512-256)', 'digest(blake2b512)', 'digest(shake128)', 'digest(sm3)', 'digest(md5-sha1)', 'digest(sha-256)', 'digest(SHA2-256)']) {
  add(`${d},hex`, DIGEST_INPUTS);
}
for (const h of ['hmac(sha256,c2VjcmV0)', 'hmac(md5,c2VjcmV0)', 'hmac(sha512,)', 'hmac(sha1,txn.key)', 'hmac(sha1,txn.none)', 'hmac(sha1,txn.s)']) add(`${h},hex`, DIGEST_INPUTS);
// --- aes_gcm_dec -------------------------------------------------------------
const b64 = (b: Buffer): string => b.toString('base64');
function sealed(bits: 128 | 192 | 256, key: Buffer, nonce: Buffer, plain: string): { data: Buffer; tag: Buffer } {
  const e = createCipheriv(`aes-${bits}-gcm` as CipherGCMTypes, key, nonce);
  const data = Buffer.concat([e.update(plain, 'latin1'), e.final()]);
  return { data, tag: e.getAuthTag() };
}
const AES_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const NONCE = Buffer.from('cafebabefacedbaddecaf888', 'hex');
const GCM = sealed(128, AES_KEY.subarray(0, 16), NONCE, 'hello, world');
const aes = (bits: number, nonce: string, key: string, tag: string): string => `aes_gcm_dec(${bits},${nonce},${key},${tag}),hex`;
for (const tag of [GCM.tag, GCM.tag.subarray(0, 12), GCM.tag.subarray(0, 8), GCM.tag.subarray(0, 5), GCM.tag.subarray(0, 1), Buffer.concat([GCM.tag, Buffer.alloc(1)]), Buffer.from(GCM.tag).fill(0, 0, 1)]) {
  add(aes(128, b64(NONCE), b64(AES_KEY.subarray(0, 16)), b64(tag)), [body(GCM.data), body(Buffer.concat([GCM.data, Buffer.alloc(1)]))]);
}
add(aes(128, b64(NONCE), b64(AES_KEY), b64(GCM.tag)), [body(GCM.data)]);
add(aes(128, b64(NONCE), b64(AES_KEY.subarray(0, 12)), b64(GCM.tag)), [body(GCM.data)]);
add(aes(128, 'txn.nonce', 'txn.gkey', 'txn.tag'), [body(GCM.data)]);
add(aes(128, 'txn.nonce', 'txn.s', 'txn.tag'), [body(GCM.data)]);
for (const bits of [192, 256] as const) {
  const key = AES_KEY.subarray(0, bits / 8);
  const g = sealed(bits, key, NONCE, 'longer secret text, more than one block of sixteen bytes');
  add(aes(bits, b64(NONCE), b64(key), b64(g.tag)), [body(g.data)]);
}
const EMPTY = sealed(128, AES_KEY.subarray(0, 16), NONCE, '');
add(aes(128, b64(NONCE), b64(AES_KEY.subarray(0, 16)), b64(EMPTY.tag)), [hexBody('')]);
const LONG_NONCE = Buffer.alloc(16, 5);
const GCM16 = sealed(128, AES_KEY.subarray(0, 16), LONG_NONCE, 'sixteen-byte nonce');
add(aes(128, b64(LONG_NONCE), b64(AES_KEY.subarray(0, 16)), b64(GCM16.tag)), [body(GCM16.data)]);
// --- addresses ---------------------------------------------------------------
const V4 = (s: string): Input => ({ kind: 'ipv4', text: s });
const V6 = (s: string): Input => ({ kind: 'ipv6', text: s });
const ADDRESSES = [V4('192.168.1.77'), V4('255.255.255.255'), V4('0.0.0.0'), V6('2001:db8:85a3::8a2e:370:7334'), V6('::1'), V6('::ffff:10.1.2.3'), V6('::1.2.3.4'), V6('2002:c0a8:101::1'), V6('fe80::1:0:0:1'), V6('1:0:0:1:0:0:0:1'), V6('::')];
for (const args of ['24', '16', '0', '32', '255.0.255.0', '255.255.255.128', '24,64', '24,48', '8,0', '32,128', '24,ffff:ffff::', '24,ffff::ffff', '24,::ffff:0:0', '24,1', '24,127', '-0,-0', '+24,+64']) {
  add(`ipmask(${args})`, ADDRESSES);
}
add('ipmask(24)', ints(16909060, -1, 0));
add('cut_crlf,ipmask(24,64)', strings('10.20.30.40', '2001:db8::1', 'nope', '::ffff:1.2.3.4'));
const HOSTS = strings('HoSt.Com:80', 'www.example.com', '[::1]:8080', '[::1]', '::1', 'h:', ':80', '', 'h:99999999999', 'h:0080', 'h:8a0', 'h:-1', 'h:1:2', 'a]b:1', 'a:b]c', '[::1]:', 'HOST:Ab', 'ÉCOLE.fr:443');
add('host_only', HOSTS);
add('port_only', HOSTS);
// --- comparisons, concatenation, choice, language -------------------------------
add('strcmp(txn.s)', strings('abc', 'abd', 'ab', 'abcd', 'abz', '', 'ABC', '\xffbc'));
add('strcmp(txn.n)', strings('7', '8', '70'));
add('strcmp(txn.none)', strings('abc'));
add('secure_memcmp(txn.s)', strings('abc', 'abd', 'ab', 'abcd'));
add('secure_memcmp(txn.n)', [hexBody('0000000000000007'), hexBody('07')]);
add('secure_memcmp(txn.none)', strings('abc'));
add('concat(<,txn.s,>)', strings('', 'x'));
add('concat(<)', strings('x'));
add('concat(,txn.none,!)', strings('x'));
add('concat(,txn.n)', strings('x'));
add('concat', strings('x'));
add('add_item(;,txn.s)', strings('', 'x'));
add('add_item(;,txn.e)', strings('', 'x'));
add('add_item(;,txn.e,sfx)', strings('', 'x'));
add('add_item(;,,sfx)', strings('', 'x'));
add('add_item(;,txn.none,sfx)', strings('x'));
add('add_item(;,txn.none,s)', strings(''));
add('iif(yes,no)', [{ kind: 'bool', value: true }, { kind: 'bool', value: false }, ...ints(0, 2, -1)]);
add('iif(,)', [{ kind: 'bool', value: true }]);
// An entry's q-value at the very end of the header is read past its end by HAProxy (what follows in
// memory may be digits), so the last entries here have three decimals or no q-value.
const ACCEPT = strings('fr', 'en-US,en;q=0.9,fr;q=0.800', 'fr;q=0.5, es;q=0.700', 'de, es', 'fr;q=0,en', 'fr;q=0,es', 'es;q=0.5,en;q=0.5,x', 'es;q=0.7,fr;q=0.5,x', 'EN', 'en-GB', 'en-', '  ,, fr ;  q = 0.4 ', 'fr;level=1', 'fr;q=1.500', 'fr;q=0.001,es;q=0.0009', 'es;x=1,fr', 'fr;q', 'fr;q=', 'fr;q=.5', 'fr;q=0.5x', '', '-x', 'es-ES;q=0.3,es;q=0.600', 'fr;q=0.5x');
add('language(es;fr;en)', ACCEPT);
add('language(es;fr;en,de)', ACCEPT);
add('language(en-US;fr)', ACCEPT);
add('language(es;;fr)', ACCEPT);
// --- time --------------------------------------------------------------------
const DATES = ints(0, 1, 86399, 951782400, 1234567890, 1700000000, 2147483647, 4102444800, 253402300800, -1, -86400, '-62167219200', '36028797018963968', '9223372036854775807', '-9223372036854775808');
for (const fmt of ['%Y-%m-%d_%H:%M:%S', '%c|%x|%X|%r|%R|%T|%D|%F', '%a|%A|%b|%B|%h|%p|%P|%Z|%z|%s', '%C|%y|%Y|%G|%g|%V|%U|%W|%j|%u|%w|%e|%k|%l|%I', '%-d|%_d|%05d|%^a|%10Y|%-Y|%Ey|%Od|%q|%Q|%+|%', '%^c|%#p|%^P|%#Z|%E%|%5E%|%10q|%Oc|%EY|%OY|%OC|%Ob|%Eb', '%10z|%_10z|%-z|%_5s|%05s|%-e|%0e|%03k|%010D|%^#a|%-5|%5', '%%%n%t.', '']) {
  add(`utime(${fmt})`, DATES);
  add(`ltime(${fmt})`, DATES);
}
add('utime(%Y-%m-%d_%H:%M:%S,-86401)', ints(0, 3600));
add('utime(%Y-%m-%d_%H:%M:%S,-100000000000)', ints(0));
add('ltime(%F_%T,3600)', ints(0));
for (const args of ['', '3600', '-3600', '0,s', '0,ms', '1000,ms', '0,us', '-1,us', '86400']) {
  add(args === '' ? 'http_date' : `http_date(${args})`, ints(0, 1, 1500, 1000005, 784111777, 1700000000123, -1, -1500, '9223372036854775807', 253402300799));
}

/** The variables the configuration sets, as tslb's resolver gives them. */
const VARIABLES: ReadonlyMap<string, Sample> = new Map<string, Sample>([
  ['txn.s', { type: 'str', value: 'abc' }],
  ['txn.n', { type: 'int', value: 7 }],
  ['txn.neg', { type: 'int', value: -3 }],
  ['txn.e', { type: 'str', value: '' }],
  ['txn.sn', { type: 'str', value: '12abc' }],
  ['txn.word', { type: 'str', value: 'abc' }],
  ['txn.key', { type: 'str', value: 'c2VjcmV0' }],
  ['txn.nonce', { type: 'str', value: b64(NONCE) }],
  ['txn.gkey', { type: 'str', value: b64(AES_KEY.subarray(0, 16)) }],
  ['txn.tag', { type: 'str', value: b64(GCM.tag) }],
]);
const SET_VARS = [
  'http-request set-var(txn.s) str(abc)',
  'http-request set-var(txn.n) int(7)',
  'http-request set-var(txn.neg) int(-3)',
  'http-request set-var(txn.e) str()',
  'http-request set-var(txn.sn) str(12abc)',
  'http-request set-var(txn.word) str(abc)',
  'http-request set-var(txn.key) str(c2VjcmV0)',
  `http-request set-var(txn.nonce) str(${b64(NONCE)})`,
  `http-request set-var(txn.gkey) str(${b64(AES_KEY.subarray(0, 16))})`,
  `http-request set-var(txn.tag) str(${b64(GCM.tag)})`,
];

function fetchOf(input: Input): string {
  switch (input.kind) {
    case 'body':
      return 'req.body';
    case 'int':
      return `int(${input.text})`;
    case 'bool':
      return `bool(${input.value ? 1 : 0})`;
    case 'ipv4':
    case 'ipv6':
      return `${input.kind}(${input.text})`;
  }
}

function sampleOf(input: Input): Sample {
  switch (input.kind) {
    case 'body':
      return { type: 'bin', value: input.bytes };
    case 'int':
      return { type: 'int', value: Number(BigInt(input.text === '' ? '0' : input.text)) };
    case 'bool':
      return { type: 'bool', value: input.value };
    case 'ipv4':
    case 'ipv6':
      return { type: 'ip', value: input.text };
  }
}

/** How the last converter's output is printed: strings and binaries in hex. */
function printer(c: Case): string {
  const last = c.chain[c.chain.length - 1] as readonly [string, readonly string[]];
  const out = converter(last[0])?.out;
  return out === 'str' || out === 'bin' ? ',hex' : '';
}

/** What tslb's chain gives, printed as the HAProxy rule prints it; undefined for no sample. */
function tslb(c: Case): string | undefined {
  let s: Sample | undefined = sampleOf(c.input);
  for (const [name, args] of c.chain) {
    const spec = converter(name);
    if (spec === undefined) throw new Error(`no converter '${name}'`);
    const run: Converter<undefined> = spec.compile<undefined>(args, { variable: (n) => () => VARIABLES.get(n) });
    s = run(s, undefined);
    if (s === undefined) return undefined;
  }
  switch (s.type) {
    case 'str':
    case 'meth':
      return Buffer.from(s.value, 'latin1').toString('hex').toUpperCase();
    case 'bin':
      return s.value.toString('hex').toUpperCase();
    case 'int':
      return String(s.value);
    case 'bool':
      return s.value ? '1' : '0';
    case 'ip':
      return s.value;
  }
}

/** Escapes for a double-quoted configuration word. */
const quoted = (s: string): string => s.replace(/[\\"$]/g, (c) => `\\${c}`);

/** Runs `list` under HAProxy (in time zone `tz` when given, as tslb then) and compares every case. */
/** Cases per frontend: a request walks the rules of its frontend before it reaches its own. */
const PER_FRONTEND = 250;

async function differential(t: Test, list: readonly Case[], tz?: string): Promise<void> {
  const ports: number[] = [];
  let cfg = 'global\n  tune.bufsize 16384\ndefaults\n  mode http\n  timeout client 10s\n  timeout server 10s\n  timeout connect 10s\n';
  for (let first = 0; first < list.length; first += PER_FRONTEND) {
    const port = await freePort();
    ports.push(port);
    cfg += `frontend f${port}\n  bind 127.0.0.1:${port}\n  option http-buffer-request\n` + SET_VARS.map((l) => `  ${l}\n`).join('');
    list.slice(first, first + PER_FRONTEND).forEach((c, k) => {
      const expr = `${fetchOf(c.input)},${c.expr}`;
      cfg += `  http-request return status 200 content-type text/plain lf-string "%[${quoted(expr + printer(c))}]" if { path /${first + k} } { '${expr}' -m found }\n`;
    });
    // A case whose rule did not answer has no sample.
    cfg += '  http-request return status 204\n';
  }
  const haproxy = await startHaproxy(cfg, ports[ports.length - 1] as number, tz === undefined ? undefined : { ...process.env, TZ: tz });
  t.teardown(() => haproxy.stop());
  if (tz !== undefined) {
    const before = process.env['TZ'];
    process.env['TZ'] = tz;
    t.teardown(() => {
      if (before === undefined) delete process.env['TZ'];
      else process.env['TZ'] = before;
    });
  }

  const answers: (string | undefined)[] = new Array<string | undefined>(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      const c = list[i] as Case;
      const port = ports[Math.floor(i / PER_FRONTEND)] as number;
      const res = await fetch(`http://127.0.0.1:${port}/${i}`, { method: 'POST', body: c.input.kind === 'body' ? c.input.bytes : '' });
      const text = await res.text();
      answers[i] = res.status === 204 ? undefined : res.status === 200 ? text : `HTTP ${res.status}`;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));

  let failures = 0;
  list.forEach((c, i) => {
    const expected = answers[i];
    const got = tslb(c);
    // Integers beyond 2^53 are compared as the number tslb can hold.
    const same = got === expected || (expected !== undefined && got !== undefined && /^-?\d+$/.test(expected) && Number(BigInt(expected)) === Number(got));
    if (!same) {
      failures++;
      const shown = c.input.kind === 'body' ? c.input.bytes.toString('hex') : JSON.stringify(c.input);
      t.fail(`${fetchOf(c.input)},${c.expr} on ${shown}: haproxy ${JSON.stringify(expected)}, tslb ${JSON.stringify(got)}`);
    }
  });
  t.equal(failures, 0, `${list.length} cases agree`);
}

t.test('converters give what HAProxy 2.6 gives', (t) => differential(t, cases));

t.test('ltime gives what HAProxy 2.6 gives in a time zone with daylight saving time', (t) => {
  const local: Case[] = [];
  // Around the 2023 changes in New York (12 March 07:00 UTC, 5 November 06:00 UTC), in summer and winter.
  const instants = ints(0, 1678604399, 1678604400, 1699163999, 1699164000, 1700000000, 1689000000, 2147483647);
  for (const fmt of ['%F_%T|%z|%Z|%s|%c', '%k|%l|%p|%j|%U|%V|%G', '%-10z|%_z|%#Z|%^Z']) {
    for (const c of instants) {
      local.push({ expr: `ltime(${fmt})`, chain: [['ltime', [fmt]]], input: c });
      local.push({ expr: `utime(${fmt})`, chain: [['utime', [fmt]]], input: c });
    }
  }
  // Before 1970 by an offset (Intl names the zone "GMT-5" there, so no %Z).
  local.push({ expr: 'ltime(%F_%T|%z|%s,-100000000)', chain: [['ltime', ['%F_%T|%z|%s', '-100000000']]], input: integer(0) });
  return differential(t, local, 'America/New_York');
});
