/**
 * Address patterns and matching (manual 7.1.6): the C library's address
 * syntax, masks, IPv4/IPv6 cross matching and the lookup order.
 */
import t from 'tap';
import { BitTrie } from '../../../lib/rules/pattern/bit-trie.js';
import { compilePatterns } from '../../../lib/rules/pattern/compile.js';
import { parseIpv4, parseIpv4Numeric, parseIpv6, parseMaskLength } from '../../../lib/rules/pattern/ip-address.js';
import { maskLength } from '../../../lib/rules/pattern/ip-pattern.js';
import { int, ip, str } from '../../../lib/rules/sample/sample.js';

const dotted = (n: number | undefined): string | undefined => (n === undefined ? undefined : [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.'));

t.test('IPv4 as inet_pton reads it', async (t) => {
  t.equal(dotted(parseIpv4('10.1.2.3')), '10.1.2.3');
  t.equal(dotted(parseIpv4('255.255.255.255')), '255.255.255.255');
  for (const bad of ['010.0.0.1', '1.2.3', '1.2.3.4.', '1.2.3.4.5', '256.0.0.1', '1..2.3', '', ' 1.2.3.4', '1.2.3.4x']) {
    t.equal(parseIpv4(bad), undefined, `refuses ${JSON.stringify(bad)}`);
  }
});

t.test('the numeric forms the resolver reads', async (t) => {
  const rows: [string, string | undefined][] = [
    ['127.1', '127.0.0.1'],
    ['10', '0.0.0.10'],
    ['1.2.3', '1.2.0.3'],
    ['010.0.0.1', '8.0.0.1'],
    ['4294967295', '255.255.255.255'],
    ['4294967296', undefined],
    ['08.1.2.3', undefined],
    ['1.2.256', '1.2.1.0'],
    ['1.256.3', undefined],
    ['1..2', undefined],
    ['1.2.', undefined],
    ['0x7f.1', undefined],
  ];
  for (const [text, want] of rows) t.equal(dotted(parseIpv4Numeric(text)), want, text);
});

t.test('IPv6 as inet_pton reads it', async (t) => {
  const hex = (text: string): string | undefined => {
    const out = new Uint8Array(16);
    return parseIpv6(text, out) ? Buffer.from(out).toString('hex') : undefined;
  };
  t.equal(hex('::'), '0'.repeat(32));
  t.equal(hex('::1'), `${'0'.repeat(31)}1`);
  t.equal(hex('2001:DB8::1'), '20010db8000000000000000000000001');
  t.equal(hex('1:2:3:4:5:6:7::'), '00010002000300040005000600070000', ':: may stand for one group');
  t.equal(hex('::ffff:1.2.3.4'), '00000000000000000000ffff01020304');
  for (const bad of ['1:2:3:4:5:6:7:8::', ':1::', '1:', '1::2::3', '00000::1', '::0x1', '::1.2.3.04', 'fe80::1%eth0', '', ':', '1:2:3:4:5:6:7:8:9', '::1.2.3.4:5']) {
    t.equal(hex(bad), undefined, `refuses ${JSON.stringify(bad)}`);
  }
});

t.test('mask lengths as strtol reads them', async (t) => {
  t.equal(parseMaskLength('24', 32), 24);
  t.equal(parseMaskLength('+8', 32), 8);
  t.equal(parseMaskLength(' 8', 32), 8);
  t.equal(parseMaskLength('-0', 32), 0);
  t.equal(parseMaskLength('08', 32), 8);
  for (const bad of ['', '33', '-1', '8 ', 'x']) t.equal(parseMaskLength(bad, 32), undefined, `refuses ${JSON.stringify(bad)}`);
  t.equal(parseMaskLength('128', 128), 128);
  t.equal(maskLength(0xffffff00), 24);
  t.equal(maskLength(0), 0);
  t.equal(maskLength(0xff00ff00), undefined, 'a non-contiguous mask has no length');
});

t.test('IPv4 patterns', async (t) => {
  const m = compilePatterns('ip', ['10.0.0.0/8', '192.168.1.0/255.255.255.0', '172.16.0.0/255.0.255.0', '127.1']);
  for (const a of ['10.1.2.3', '192.168.1.200', '172.9.0.77', '127.0.0.1', '::ffff:10.0.0.1', '::10.0.0.1', '2002:a00:1::']) t.ok(m.match(ip(a)), `matches ${a}`);
  for (const a of ['11.0.0.1', '192.168.2.1', '172.16.1.0', '127.0.0.2', '2001:a00:1::']) t.notOk(m.match(ip(a)), `does not match ${a}`);
  t.ok(m.match(str('10.0.0.1')), 'a string casts to an address');
  t.notOk(m.match(str('not an address')), 'other strings do not match');
  t.ok(m.match(int(0x0a000001)), 'an integer casts to an IPv4 address');
  t.throws(() => compilePatterns('ip', ['127.1'], { noDns: true }), { name: 'PatternError', message: "'127.1' is not a valid IPv4 or IPv6 address" });
  t.throws(() => compilePatterns('ip', ['localhost']), { message: /does not resolve host names/ });
});

t.test('IPv6 patterns', async (t) => {
  const m = compilePatterns('ip', ['2001:db8::/32', '::ffff:10.1.2.0/120']);
  t.ok(m.match(ip('2001:db8:ffff::1')));
  t.notOk(m.match(ip('2001:db9::1')));
  t.ok(m.match(ip('10.1.2.3')), 'an IPv4 sample is looked up as ::ffff:a.b.c.d');
  t.notOk(m.match(ip('10.1.3.3')));
});

t.test('lookup order: longest prefix first, IPv4 before IPv6, masks last', async (t) => {
  const m = compilePatterns('ip', ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.3/8', '::ffff:10.1.0.0/112', '10.0.0.0/255.0.0.255', '::ffff:0.0.0.0/96']);
  const key = (a: string): string | undefined => m.find(ip(a))?.key;
  t.equal(key('10.1.2.3'), '10.1.0.0/16', 'the longest IPv4 network');
  t.equal(key('10.2.0.0'), '10.0.0.0/8', 'the first of equal networks');
  t.equal(key('::ffff:10.1.2.3'), '::ffff:10.1.0.0/112', 'an IPv6 sample: the IPv6 networks first');
  t.equal(key('::ffff:10.2.2.2'), '::ffff:0.0.0.0/96', 'then still the IPv6 networks');
  t.equal(key('11.0.0.0'), '::ffff:0.0.0.0/96', 'an IPv4 sample: IPv6 networks before non-contiguous masks');
  const masked = compilePatterns('ip', ['11.0.0.0/255.0.0.255', '11.0.0.0/255.0.255.0']);
  t.equal(masked.find(ip('11.0.5.0'))?.key, '11.0.0.0/255.0.0.255', 'masks: the first in load order');
  t.equal(masked.find(ip('2002:b00:500::'))?.key, '11.0.0.0/255.0.0.255', 'masks also apply to 6to4 samples');
});

t.test('the bit trie keeps the first entry of a prefix and finds the longest', async (t) => {
  const trie = new BitTrie<string>();
  trie.insert(Uint8Array.of(10, 0, 0, 0), 8, 'a');
  trie.insert(Uint8Array.of(10, 9, 9, 9), 8, 'b');
  trie.insert(Uint8Array.of(10, 1, 0, 0), 16, 'c');
  t.equal(trie.longest(Uint8Array.of(10, 1, 7, 7)), 'c');
  t.equal(trie.longest(Uint8Array.of(10, 2, 7, 7)), 'a');
  t.equal(trie.longest(Uint8Array.of(11, 1, 7, 7)), undefined);
  trie.insert(Uint8Array.of(0, 0, 0, 0), 0, 'all');
  t.equal(trie.longest(Uint8Array.of(11, 1, 7, 7)), 'all', 'a zero-length prefix matches everything');
});
