/**
 * Reading pattern files (-f, manual 7.1) and map files (7.3.1 "map"): how
 * lines become entries, and errors naming the file and line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { compilePatternEntries } from '../../../lib/rules/pattern/compile.js';
import { fileLines } from '../../../lib/rules/pattern/file-lines.js';
import { parseMapFile, readMapFile } from '../../../lib/rules/pattern/map-file.js';
import { PatternError } from '../../../lib/rules/pattern/pattern-error.js';
import { parsePatternFile, readPatternFile } from '../../../lib/rules/pattern/pattern-file.js';

t.test('lines: split on LF, cut at CR or NUL, numbered from 1', async (t) => {
  t.same(fileLines('a\nb\0c\n\nd\r\ne\rf'), [
    { line: 1, text: 'a' },
    { line: 2, text: 'b' },
    { line: 3, text: '' },
    { line: 4, text: 'd' },
    { line: 5, text: 'e' },
  ]);
  t.same(fileLines(''), []);
  t.same(fileLines('x\n'), [{ line: 1, text: 'x' }], 'a final LF ends the last line');
});

t.test('one-column files', async (t) => {
  const content = 'abc  \n  def\n#ghi\n  #jkl\nmn\ropq\n\tTAB\t\n\n   \n\r\nlast';
  t.same(
    parsePatternFile(content, 'p.lst').map((e) => [e.line, e.key]),
    [
      [1, 'abc  '],
      [2, 'def'],
      [4, '#jkl'],
      [5, 'mn'],
      [6, 'TAB\t'],
      [10, 'last'],
    ],
    'comments only in the first column, leading blanks stripped, trailing kept, CR ends the line',
  );
  t.equal(parsePatternFile('x', 'p.lst')[0]?.file, 'p.lst', 'entries name their file');
});

t.test('two-column files', async (t) => {
  const content = '# c\nk1 v1\n  k2\tvalue two  \n #k3 v3\nk4\n\tk5\rv5\nk6\x0bv6 x\nk7 v7\x0b\nk8 a\\tb\nk9 v9 # kept\n';
  t.same(
    parseMapFile(content, 'm.map').map((e) => [e.line, e.key, e.value]),
    [
      [2, 'k1', 'v1'],
      [3, 'k2', 'value two'],
      [4, '#k3', 'v3'],
      [5, 'k4', ''],
      [6, 'k5', ''],
      [7, 'k6\x0bv6', 'x'],
      [8, 'k7', 'v7\x0b'],
      [9, 'k8', 'a\\tb'],
      [10, 'k9', 'v9 # kept'],
    ],
    'only spaces and tabs separate, CR ends the line, no escapes',
  );
});

t.test('reading files', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-pattern-files-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'latin1.lst');
  writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  t.same(
    readPatternFile(file).map((e) => e.key),
    ['caf\xe9'],
    'bytes are read one char each',
  );
  const map = join(dir, 'x.map');
  writeFileSync(map, 'k v\n');
  t.same(readMapFile(map).map((e) => [e.key, e.value]), [['k', 'v']]);
  const missing = join(dir, 'missing.lst');
  t.throws(() => readPatternFile(missing), { name: 'PatternError', message: `${missing}: cannot read the pattern file (ENOENT)` });
  t.throws(() => readMapFile(missing), PatternError);
});

t.test('a bad pattern names its file and line', async (t) => {
  const entries = parsePatternFile('10.0.0.1\n\n# skip\n10.0.0.300\n', '/etc/lb/allow.lst');
  t.throws(() => compilePatternEntries('ip', entries), {
    name: 'PatternError',
    file: '/etc/lb/allow.lst',
    line: 4,
    message: "/etc/lb/allow.lst:4: '10.0.0.300' is not a valid IPv4 or IPv6 address",
  });
  t.throws(() => compilePatternEntries('int', parsePatternFile('1\ngt 3\n', 'n.lst')), { name: 'PatternError', line: 2 }, 'no operators in files');
});
