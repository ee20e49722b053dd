/**
 * Maps (manual 7.3.1 "map") and the store that loads each file once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PatternMap, loadMap } from '../../../lib/rules/pattern/pattern-map.js';
import { PatternStore } from '../../../lib/rules/pattern/pattern-store.js';
import { int, ip, str } from '../../../lib/rules/sample/sample.js';

t.test('which entry answers', async (t) => {
  const beg = PatternMap.fromText('beg', '/a first\n/abc longer\n/ab mid\n', 'b.map');
  t.equal(beg.lookup(str('/abcd')), 'longer', 'map_beg: the longest key');
  t.equal(beg.lookup(str('/x')), undefined, 'no key: undefined, for the default');
  const sub = PatternMap.fromText('sub', 'c one\nab two\n', 's.map');
  t.equal(sub.lookup(str('abc')), 'one', 'map_sub: the first line that matches');
  const dup = PatternMap.fromText('str', 'k first\nk second\n', 'd.map');
  t.equal(dup.lookup(str('k')), 'first', 'map_str: the first of equal keys');
  t.equal(dup.find(str('k'))?.line, 1);
  const ips = PatternMap.fromText('ip', '10.0.0.0/8 eight\n10.1.0.0/16 sixteen\n', 'i.map');
  t.equal(ips.lookup(ip('10.1.2.3')), 'sixteen', 'map_ip: the longest network');
  t.equal(ips.lookup(str('10.9.9.9')), 'eight', 'a string is cast to an address');
  t.equal(ips.lookup(str('nope')), undefined, 'a sample that does not cast finds nothing');
  const ints = PatternMap.fromText('int', '10:20 teen\n:9 small\n', 'n.map');
  t.equal(ints.lookup(int(15)), 'teen');
  t.equal(ints.lookup(str('3')), 'small');
  t.equal(PatternMap.fromText('str', 'k\n', 'e.map').lookup(str('k')), '', 'a key without value maps to ""');
  t.equal(beg.entries.length, 3);
  t.equal(beg.method, 'beg');
});

t.test('map keys are read without DNS', async (t) => {
  t.throws(() => PatternMap.fromText('ip', '10.0.0.1 a\n127.1 b\n', 'x.map'), { name: 'PatternError', message: "x.map:2: '127.1' is not a valid IPv4 or IPv6 address" });
});

t.test('loadMap and the store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-maps-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'hosts.map');
  writeFileSync(file, 'example.com be1\nwww.example.com be2\n');
  t.equal(loadMap(file, 'dom').lookup(str('api.example.com')), 'be1');

  const store = new PatternStore();
  const m = store.map(file, 'str');
  t.equal(store.map(file, 'str'), m, 'one map per file and method');
  t.not(store.map(file, 'end'), m, 'another method compiles the keys again');
  t.equal(m.lookup(str('www.example.com')), 'be2');
  const acl = store.patternFile(file, 'str', { map: true });
  t.ok(acl.match(str('example.com')), '-M: the keys are the patterns');
  t.notOk(acl.match(str('be1')), '-M: values are not patterns');
  t.equal(store.patternFile(file, 'str', { map: true }), acl, 'one matcher per file and options');
  t.throws(() => store.patternFile(file, 'str'), {
    name: 'PatternError',
    file,
    message: `${file}: the file is already used as a two-column map and cannot also be used as a one-column pattern list`,
  });

  const listFile = join(dir, 'list.lst');
  writeFileSync(listFile, 'Foo\n');
  t.ok(store.patternFile(listFile, 'str', { ignoreCase: true }).match(str('foo')));
  t.notOk(store.patternFile(listFile, 'str').match(str('foo')), '-i is part of what is shared');
  t.throws(() => store.map(listFile, 'str'), { message: /already used as a one-column pattern list/ });
});
