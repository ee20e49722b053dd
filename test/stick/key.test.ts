/**
 * Stick-table keys per table type (lib/stick/key.ts, lib/stick/address.ts):
 * what a sample becomes as a key of each type, Runtime API key text, how
 * `show table` prints keys and the byte order it lists them in. The printed
 * forms are the ones HAProxy 2.6.12 printed for the same input
 * (key-differential.test.ts checks them live).
 */
import t from 'tap';
import { formatIPv6, parseIPv6, readIPv4 } from '../../lib/stick/address.js';
import { stickKeyType, type StickKey } from '../../lib/stick/key.js';

const str = (value: string) => ({ type: 'str', value }) as const;
const int = (value: number) => ({ type: 'int', value }) as const;
const ip = (value: string) => ({ type: 'ip', value }) as const;
const bin = (value: Buffer) => ({ type: 'bin', value }) as const;
const bool = (value: boolean) => ({ type: 'bool', value }) as const;

t.test('HAProxy reads a dotted quad leniently: leading zeros, anything after the fourth octet', async (t) => {
  const cases: [string, string | undefined][] = [
    ['1.2.3.4', '1.2.3.4'],
    ['010.1.1.1', '10.1.1.1'],
    ['1.2.3.6x', '1.2.3.6'],
    ['1.2.3.4 5', '1.2.3.4'],
    ['1.2.3', undefined],
    ['256.1.1.1', undefined],
    ['1.2.3.4.', undefined],
    ['1.2.3.4.5', undefined],
    ['1..2.3', undefined],
    ['.1.2.3', undefined],
    ['', undefined],
    ['abc', undefined],
  ];
  for (const [text, want] of cases) t.equal(readIPv4(text), want, text);
});

t.test('IPv6 text as inet_pton reads it and inet_ntop prints it', async (t) => {
  const cases: [string, string | undefined][] = [
    ['::1', '::1'],
    ['::', '::'],
    ['2001:DB8::0:1', '2001:db8::1'],
    ['fe80:0:0:0:1:0:0:1', 'fe80::1:0:0:1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['0:0:1:0:0:0:0:0', '0:0:1::'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['::ffff:5.6.7.8', '::ffff:5.6.7.8'],
    ['::FFFF:0506:0708', '::ffff:5.6.7.8'],
    ['::9.9.9.9', '::9.9.9.9'],
    ['::0.0.0.1', '::1'],
    ['2002:0a0b:0c0d::', '2002:a0b:c0d::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['1.2.3.4', undefined],
    ['::01.2.3.4', undefined],
    ['1::2::3', undefined],
    [':::', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1:2:3:4:5:6:7', undefined],
    ['::1:2:3:4:5:6:7:8', undefined],
    ['12345::', undefined],
    ['::1.2.3.4:5', undefined],
    [':1::', undefined],
  ];
  for (const [text, want] of cases) {
    const words = parseIPv6(text);
    t.equal(words && formatIPv6(words), want, text);
  }
});

t.test('ip tables: addresses, IPv4-mapped IPv6 only, integers, dotted text', async (t) => {
  const k = stickKeyType('ip');
  t.equal(k.fromSample(ip('127.0.0.1')), '127.0.0.1');
  t.equal(k.fromSample(ip('::ffff:5.6.7.8')), '5.6.7.8');
  t.equal(k.fromSample(ip('::9.9.9.9')), undefined, 'IPv4-compatible does not convert');
  t.equal(k.fromSample(ip('2002:a0b:c0d::')), undefined, '6to4 does not convert');
  t.equal(k.fromSample(ip('::1')), undefined);
  t.equal(k.fromSample(int(0x7f000001)), '127.0.0.1');
  t.equal(k.fromSample(int(-1)), '255.255.255.255');
  t.equal(k.fromSample(str('010.1.1.1')), '10.1.1.1');
  t.equal(k.fromSample(str('1.2.3')), undefined);
  t.equal(k.fromSample(bool(true)), undefined);
  t.equal(k.fromSample(bin(Buffer.from([1, 2, 3, 4]))), undefined);
  t.equal(k.fromText('001.1.0.1'), '1.1.0.1');
  t.equal(k.fromText('abc'), '0.0.0.0', 'what is not an address looks up 0.0.0.0');
  t.equal(k.text('10.0.0.1'), '10.0.0.1');
  t.strictSame([...k.bytes('10.0.0.1')], [10, 0, 0, 1]);
});

t.test('ipv6 tables: IPv4 becomes IPv4-mapped, text is canonical', async (t) => {
  const k = stickKeyType('ipv6');
  t.equal(k.fromSample(ip('1.2.3.4')), '::ffff:1.2.3.4');
  t.equal(k.fromSample(ip('2001:DB8::0:1')), '2001:db8::1');
  t.equal(k.fromSample(ip('2001:DB8::0:1')), '2001:db8::1', 'twice (the memo)');
  t.equal(k.fromSample(ip('::1')), '::1', 'and after another address');
  t.equal(k.fromSample(int(0x01020304)), '::ffff:1.2.3.4');
  t.equal(k.fromSample(str('::FFFF:5.6.7.8')), '::ffff:5.6.7.8');
  t.equal(k.fromSample(str('1.2.3.4')), undefined, 'IPv4 text is not IPv6 text');
  t.equal(k.fromSample(bool(false)), undefined);
  t.equal(k.fromText('abc'), undefined);
  t.equal(k.fromText('::1'), '::1');
  t.strictSame([...k.bytes('::ffff:1.2.3.4')], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
});

t.test('integer tables: 32-bit unsigned, strings read as HAProxy reads numbers', async (t) => {
  const k = stickKeyType('integer');
  const cases: [string, number | undefined][] = [
    ['1', 1],
    ['-1', 4294967295],
    ['4294967297', 1],
    ['12abc', 12],
    ['abc', 0],
    ['0x10', 0],
    ['+7', 7],
    ['', undefined],
    ['99999999999999999999999', Number(99999999999999999999999n % 2n ** 32n)],
  ];
  for (const [text, want] of cases) t.equal(k.fromSample(str(text)), want, JSON.stringify(text));
  t.equal(k.fromSample(int(2 ** 32 + 5)), 5);
  t.equal(k.fromSample(int(-2)), 4294967294);
  t.equal(k.fromSample(bool(true)), 1);
  t.equal(k.fromSample(ip('1.0.0.2')), 0x01000002);
  t.equal(k.fromSample(ip('::1')), undefined);
  t.equal(k.fromSample({ type: 'meth', value: 'GET' }), undefined);
  const texts: [string, number | undefined][] = [
    ['12', 12],
    [' 12', 12],
    ['12abc', 12],
    ['-0', 0],
    ['-1', undefined],
    ['4294967295', 4294967295],
    ['4294967296', undefined],
    ['abc', undefined],
  ];
  for (const [text, want] of texts) t.equal(k.fromText(text), want, `key ${JSON.stringify(text)}`);
  t.equal(k.text(4294967295), '4294967295');
  t.strictSame([...k.bytes(256)], [0, 1, 0, 0], 'host (little-endian) order');
});

t.test('string tables: cut at len and at NUL, printed escaped', async (t) => {
  const k = stickKeyType('string', 12);
  t.equal(k.fromSample(str('abcdefghijklmnop')), 'abcdefghijkl');
  t.equal(k.fromSample(str('ab\0cd')), 'ab');
  t.equal(k.fromSample({ type: 'meth', value: 'GET' }), 'GET');
  t.equal(k.fromSample(int(-42)), '-42');
  t.equal(k.fromSample(bool(true)), '1');
  t.equal(k.fromSample(ip('10.0.0.1')), '10.0.0.1');
  t.equal(k.fromSample(ip('2001:DB8::1')), '2001:db8::1');
  t.equal(k.fromSample(ip('1:2:3:4:5:6:7:8')), '1:2:3:4:5:6:', 'text cut at len too');
  t.equal(k.fromSample(bin(Buffer.from('ab\0cd'))), 'ab');
  t.equal(k.fromText('abcdefghijklmnopq'), 'abcdefghijkl');
  const printed: [string, string][] = [
    ['a b', 'a\\ b'],
    ['x=y', 'x\\=y'],
    ['back\\slash', 'back\\\\slash'],
    ['tab\tx', 'tab\\tx'],
    ['\r\n\x1b', '\\r\\n\\e'],
    ['\xc3\xa9t\xc3\xa9', '\\xC3\\xA9t\\xC3\\xA9'],
    ['\x01\x7f', '\\x01\\x7F'],
    ['"q"#\'~', '"q"#\'~'],
  ];
  for (const [key, want] of printed) t.equal(k.text(key), want, JSON.stringify(key));
  t.equal(stickKeyType('string').fromSample(str('x'.repeat(40))), 'x'.repeat(32), 'len defaults to 32');
});

t.test('binary tables: zero-padded or cut to len, printed in hex', async (t) => {
  const k = stickKeyType('binary', 6);
  t.equal(k.fromSample(str('ab')), 'ab\0\0\0\0');
  t.equal(k.fromSample(str('abcdefgh')), 'abcdef');
  t.equal(k.fromSample(bin(Buffer.from([0xc3, 0xa9, 0, 1, 2, 3, 4, 5]))), '\xc3\xa9\0\x01\x02\x03');
  t.equal(k.fromSample(bin(Buffer.from([1]))), '\x01\0\0\0\0\0');
  t.equal(k.fromSample(int(1)), '\0\0\0\0\0\0', 'the first 6 of 8 big-endian bytes');
  t.equal(stickKeyType('binary', 8).fromSample(int(-2)), '\xff\xff\xff\xff\xff\xff\xff\xfe');
  t.equal(k.fromSample(ip('1.2.3.4')), '\x01\x02\x03\x04\0\0');
  t.equal(k.fromSample(ip('2001:db8::1')), '\x20\x01\x0d\xb8\0\0');
  t.equal(k.fromSample({ type: 'meth', value: 'GET' }), 'GET\0\0\0');
  t.equal(k.fromSample(bool(true)), undefined);
  t.equal(k.fromText('12'), undefined, 'no Runtime API keys for binary tables');
  t.equal(k.text('a b\0\xff\x10'), '612062' + '00FF10');
});

t.test('show table lists keys in byte order: integers little-endian, strings shortest first', async (t) => {
  const order = (type: 'integer' | 'string' | 'ipv6' | 'ip', keys: StickKey[]): StickKey[] => {
    const k = stickKeyType(type);
    return [...keys].sort((a, b) => Buffer.compare(k.bytes(a), k.bytes(b)));
  };
  t.strictSame(order('integer', [1, 256, 65536, 2, 4294967295, 0, 12]), [0, 65536, 256, 1, 2, 12, 4294967295]);
  t.strictSame(order('string', ['b', 'ab', 'abc', 'B', '~', '#h']), ['#h', 'B', 'ab', 'abc', 'b', '~']);
  t.strictSame(order('ipv6', ['2001:db8::1', '::ffff:1.2.3.4', '::1', '0:0:1::', '::9.9.9.9']), ['::1', '::9.9.9.9', '::ffff:1.2.3.4', '0:0:1::', '2001:db8::1']);
  t.strictSame(order('ip', ['10.0.0.1', '9.255.255.255', '10.0.0.0']), ['9.255.255.255', '10.0.0.0', '10.0.0.1']);
});
