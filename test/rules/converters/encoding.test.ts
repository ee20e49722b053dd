import t from 'tap';
import { converter } from '../../../lib/rules/converters/registry.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';

function run(name: string, args: string[], input: Sample): Sample | undefined {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter ${name}`);
  return spec.compile(args)(input);
}
const str = (value: string): Sample => ({ type: 'str', value });
const bin = (hex: string): Sample => ({ type: 'bin', value: Buffer.from(hex, 'hex') });
/** A result as hex (binary) or text. */
const out = (s: Sample | undefined): string | undefined => (s === undefined ? undefined : s.type === 'bin' ? s.value.toString('hex') : String(s.value));

t.test('base64 and base64url encodings of binary', async (t) => {
  t.equal(out(run('base64', [], bin('fffe'))), '//4=');
  t.equal(out(run('ub64enc', [], bin('fffe'))), '__4');
  t.equal(out(run('base64', [], bin(''))), '');
});

t.test('b64dec: groups of 4, padding ends a group, leftover bits ignored', async (t) => {
  const cases: [string, string | undefined][] = [
    ['Zm9v', '666f6f'], ['QR==', '41'], ['Q===', ''], ['QQ==QUJD', '41414243'], ['', ''],
    ['QQ=A', undefined], ['====', undefined], ['QUJD====', undefined], ['Zm9', undefined], ['-_-_', undefined], ['QUJD\n', undefined],
  ];
  for (const [text, hex] of cases) t.equal(out(run('b64dec', [], str(text))), hex, text);
});

t.test('ub64dec: no padding, 4n+1 refused, and = reads as _', async (t) => {
  const cases: [string, string | undefined][] = [['QQ', '41'], ['QUI', '4142'], ['-_-_', 'fbffbf'], ['QQ==', '410fff'], ['', ''], ['Q', undefined], ['+/+/', undefined]];
  for (const [text, hex] of cases) t.equal(out(run('ub64dec', [], str(text))), hex, text);
});

t.test('hex and hex2i', async (t) => {
  t.equal(out(run('hex', [], bin('00ab'))), '00AB');
  t.equal(out(run('hex2i', [], str('ff'))), '255');
  t.equal(out(run('hex2i', [], str('ffffffffffffffff'))), '-1', 'wraps at 64 bits');
  t.equal(out(run('hex2i', [], str(''))), '0');
  t.equal(run('hex2i', [], str('12g')), undefined, 'not hexadecimal: no sample');
});

t.test('url_dec: %XX, + after ?, NUL ends the input, a bad escape fails', async (t) => {
  t.equal(out(run('url_dec', [], str('a+b%41?c+d'))), 'a+bA?c d');
  t.equal(out(run('url_dec', ['1'], str('a+b'))), 'a b');
  t.equal(out(run('url_dec', [], str('a\x00%zz'))), 'a');
  t.equal(run('url_dec', [], str('a%4')), undefined);
  t.equal(run('url_dec', [], str('%zz')), undefined);
  t.throws(() => run('url_dec', ['x'], str('')), /must be an integer/);
});

t.test('url_enc keeps the unreserved characters only', async (t) => {
  t.equal(out(run('url_enc', [], str('aZ0-._~ /?é\x00'))), 'aZ0-._~%20%2F%3F%E9%00');
  t.throws(() => run('url_enc', ['path'], str('')), /only 'query'/);
});

t.test('json: escapes, and the five input codes', async (t) => {
  t.equal(out(run('json', [], str('"a\\/\b\f\r\n\t\x01\x7f'))), '\\"a\\\\\\/\\b\\f\\r\\n\\t\\u0001\\u007f');
  t.equal(out(run('json', ['ascii'], str('\xc3\xa9'))), '\\u00c3\\u00a9');
  t.equal(out(run('json', ['utf8'], str('\xc3\xa9\xe2\x82\xac'))), '\\u00e9\\u20ac');
  t.equal(run('json', ['utf8'], str('\xf0\x9f\x98\x80')), undefined, 'beyond U+FFFF');
  t.equal(out(run('json', ['utf8s'], str('a\xf0\x9f\x98\x80b\x80c'))), 'abc', 'errors removed');
  t.equal(run('json', ['utf8'], str('\xc0\xaf')), undefined, 'overlong');
  t.equal(out(run('json', ['utf8p'], str('\xc0\xaf'))), '\\/', 'overlong accepted and fixed');
  t.equal(run('json', ['utf8p'], str('\xed\xa0\x80')), undefined, 'a surrogate is an invalid range');
  t.equal(out(run('json', ['utf8ps'], str('x\xed\xa0\x80\xc0\xafy'))), 'x\\/y');
  t.throws(() => run('json', ['UTF8'], str('')), /unknown input code 'UTF8'/);
});

t.test('bytes: unsigned comparisons of offset and length', async (t) => {
  const b = bin('0102030405');
  t.equal(out(run('bytes', ['1', '2'], b)), '0203');
  t.equal(out(run('bytes', ['3'], b)), '0405');
  t.equal(out(run('bytes', ['5'], b)), '');
  t.equal(out(run('bytes', ['-1'], b)), '', 'a negative offset is huge');
  t.equal(out(run('bytes', ['1', '-1'], b)), '02030405', 'a negative length is huge');
  t.equal(out(run('bytes', ['1', '0'], b)), '');
});

t.test('be2dec and be2hex: the manual examples and the argument checks', async (t) => {
  const b = bin('01020304050607');
  t.equal(out(run('be2dec', [':', '2'], b)), '258:772:1286:7');
  t.equal(out(run('be2dec', ['-', '2', '1'], b)), '258-772-1286');
  t.equal(out(run('be2dec', ['', '2', '1'], b)), '2587721286');
  t.equal(out(run('be2dec', ['.', '1'], bin('7f000001'))), '127.0.0.1');
  t.equal(out(run('be2dec', [':', '8'], bin('ffffffffffffffff'))), '18446744073709551615');
  t.equal(out(run('be2hex', [], b)), '01020304050607');
  t.equal(out(run('be2hex', [':', '2'], b)), '0102:0304:0506:07');
  t.equal(out(run('be2hex', ['--', '2', '1'], b)), '0102--0304--0506');
  t.equal(out(run('be2hex', ['', '3', '1'], bin('0102030405060708'))), '010203040506');
  t.throws(() => run('be2dec', [':', '9'], b), /chunk_size must be from 1 to 8/);
  t.throws(() => run('be2dec', [':', '2', '2'], b), /truncate must be 0 or 1/);
  t.throws(() => run('be2hex', [':'], b), /chunk_size must be positive/);
  t.throws(() => run('be2hex', [':', '4294967296'], b), /at most 2147483647/);
});

t.test('htonl: the low 32 bits, big-endian', async (t) => {
  t.equal(out(run('htonl', [], { type: 'int', value: 0x01020304 })), '01020304');
  t.equal(out(run('htonl', [], { type: 'int', value: -1 })), 'ffffffff');
  t.equal(out(run('htonl', [], { type: 'int', value: 2 ** 63 })), 'ffffffff', '2^63 stands for INT64_MAX');
});
