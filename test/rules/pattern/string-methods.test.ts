/**
 * The string match methods (manual 7.1.3): str, beg, end, sub, dir, dom,
 * with and without -i, which pattern each reports, and how non-string
 * samples are cast first.
 */
import t from 'tap';
import type { MatchMethod } from '../../../lib/config/model/common.js';
import { compilePatternEntries, compilePatterns } from '../../../lib/rules/pattern/compile.js';
import { bool, int, ip, str, type Sample } from '../../../lib/rules/sample/sample.js';

interface Row {
  readonly method: MatchMethod;
  readonly patterns: readonly string[];
  readonly i?: boolean;
  readonly yes: readonly string[];
  readonly no: readonly string[];
}

const rows: readonly Row[] = [
  { method: 'str', patterns: ['abc'], yes: ['abc', 'abc\0tail'], no: ['ABC', 'abcd', 'ab', ''] },
  { method: 'str', patterns: ['abc'], i: true, yes: ['abc', 'ABC', 'aBc'], no: ['abc\0tail', 'abcd'] },
  { method: 'str', patterns: ['caf\xe9'], i: true, yes: ['CAF\xe9'], no: ['CAF\xc9'] },
  { method: 'beg', patterns: ['/api', 'www.'], yes: ['/api', '/api/v1', 'www.x'], no: ['/ap', 'x/api', '/API'] },
  { method: 'beg', patterns: ['/API'], i: true, yes: ['/api/v1', '/Api'], no: ['/ap'] },
  { method: 'end', patterns: ['.com', '.php'], yes: ['a.com', '.php'], no: ['a.com.', 'com', 'A.COM'] },
  { method: 'end', patterns: ['.COM'], i: true, yes: ['a.com', 'A.Com'], no: ['a.co'] },
  { method: 'sub', patterns: ['bc'], yes: ['abcd', 'bc'], no: ['b c', 'BC', ''] },
  { method: 'sub', patterns: ['BC'], i: true, yes: ['abcd', 'xBcx'], no: ['b'] },
  { method: 'sub', patterns: ['\xe9'], i: true, yes: ['caf\xe9'], no: ['CAF\xc9'] },
  // The manual's dir examples against /images/png/logo/32x32.png.
  { method: 'dir', patterns: ['/images'], yes: ['/images/png/logo/32x32.png'], no: ['/imagesx/png'] },
  { method: 'dir', patterns: ['images/png'], yes: ['/images/png/logo/32x32.png', 'images/png'], no: ['/images/pngx'] },
  { method: 'dir', patterns: ['logo/32x32.png'], yes: ['/images/png/logo/32x32.png'], no: [] },
  { method: 'dir', patterns: ['png'], yes: ['/png', 'a/png?x'], no: ['/images/png.gif', '/images/pngs/logo'] },
  { method: 'dir', patterns: ['32x32'], yes: ['/32x32/'], no: ['/images/png/logo/32x32.png'] },
  { method: 'dir', patterns: ['abc'], i: true, yes: ['/ABC/'], no: ['/abcd'] },
  // A pattern of delimiters only is an empty word: empty samples and those ending with a delimiter.
  { method: 'dir', patterns: ['/'], yes: ['', '/', 'a/', 'a?'], no: ['a', '/a', 'a/\0'] },
  // The manual's dom examples against http://www1.dc-eu.example.com:80/blah.
  { method: 'dom', patterns: ['www1', '.www1', ':www1:', 'dc-eu.example:80', 'blah', 'http'], yes: ['http://www1.dc-eu.example.com:80/blah'], no: [] },
  { method: 'dom', patterns: ['eu', 'dc'], yes: [], no: ['http://www1.dc-eu.example.com:80/blah'] },
  { method: 'dom', patterns: ['example.com'], i: true, yes: ['WWW.EXAMPLE.COM', 'x?example.com:443'], no: ['myexample.com', 'example.community'] },
  { method: 'dom', patterns: ['.'], yes: ['', 'a.', 'a:'], no: ['a', 'a.b'] },
];

t.test('each method matches what HAProxy matches', async (t) => {
  for (const r of rows) {
    const m = compilePatterns(r.method, r.patterns, { ignoreCase: r.i });
    const name = `-m ${r.method}${r.i ? ' -i' : ''} ${r.patterns.join(' ')}`;
    for (const s of r.yes) t.ok(m.match(str(s)), `${name} matches ${JSON.stringify(s)}`);
    for (const s of r.no) t.notOk(m.match(str(s)), `${name} does not match ${JSON.stringify(s)}`);
  }
});

t.test('which pattern is reported when several match', async (t) => {
  const key = (method: MatchMethod, patterns: string[], s: string, i = false): string | undefined =>
    compilePatterns(method, patterns, { ignoreCase: i }).find(str(s))?.key;
  t.equal(key('beg', ['/a', '/abc', '/ab'], '/abcd'), '/abc', 'beg: the longest prefix');
  t.equal(key('beg', ['/a', '/abc', '/ab'], '/abcd', true), '/a', 'beg -i: the first in load order');
  t.equal(key('beg', ['', '/a'], '/x'), '', 'beg: an empty pattern prefixes everything');
  t.equal(key('sub', ['c', 'ab'], 'abc'), 'c', 'sub: the first in load order');
  t.equal(key('end', ['bc', 'c'], 'abc'), 'bc', 'end: the first in load order');
  t.equal(key('dir', ['b', 'a'], '/a/b'), 'b', 'dir: the first in load order');
  t.equal(key('dom', ['b', 'a'], 'a.b'), 'b', 'dom: the first in load order');
  const lines = [
    { key: 'k', line: 1 },
    { key: 'k', line: 2 },
  ];
  t.equal(compilePatternEntries('str', lines).find(str('k'))?.line, 1, 'str: the first of equal keys');
  t.equal(compilePatternEntries('beg', lines).find(str('kx'))?.line, 1, 'beg: the first of equal prefixes');
  const m = compilePatterns('str', ['K', 'k'], { ignoreCase: true });
  t.equal(m.find(str('k'))?.key, 'K', 'str -i: the first of the keys equal ignoring case');
});

t.test('non-string samples are cast to strings first', async (t) => {
  const cases: [Sample, string][] = [
    [int(42), '42'],
    [bool(true), '1'],
    [ip('10.0.0.1'), '10.0.0.1'],
    [{ type: 'bin', value: Buffer.from([0x61, 0xe9]) }, 'a\xe9'],
    [{ type: 'meth', value: 'GET' }, 'GET'],
  ];
  for (const [sample, text] of cases) {
    t.ok(compilePatterns('str', [text]).match(sample), `${sample.type} sample matches '${text}'`);
    t.ok(compilePatterns('len', [String(text.length)]).match(sample), `${sample.type} sample has length ${text.length}`);
  }
});

t.test('a matcher is built once and reused', async (t) => {
  const m = compilePatterns('sub', ['needle']);
  t.equal(m.match(str('haystack with needle')), true);
  t.equal(m.match(str('haystack')), false);
  t.equal(m.match(str('needle again')), true, 'no state is kept between calls');
});
