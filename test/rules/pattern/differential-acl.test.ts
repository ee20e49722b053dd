/**
 * ACL pattern matching, differentially against real HAProxy 2.6.
 *
 * One HAProxy holds every ACL of the tables below, each as
 * `acl aN req.hdr(x-v),url_dec -m <method> <flags> -- <values>` followed by
 * a rule appending "N," to a variable when it matches; the response is that
 * list. The input is sent percent-encoded in x-v (so any byte, NUL
 * included, reaches the ACL as it is) and x-g selects the table, so one
 * request asks every ACL of a table about one input. tslb compiles the same
 * patterns and must report the same list for every input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { MatchMethod } from '../../../lib/config/model/common.js';
import { anyPattern, compilePatternEntries, compilePatterns, parseMapFile, parsePatternFile, type PatternMatcher } from '../../../lib/rules/pattern/index.js';
import { str } from '../../../lib/rules/sample/sample.js';
import { startHaproxy } from '../../helpers/haproxy.js';
import { freePort } from '../../helpers/net.js';

/** One ACL: its words after the fetch (files as @@name@@), the files it needs, and tslb's matcher. */
interface AclCase {
  readonly words: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly tslb: () => PatternMatcher;
}

interface Table {
  readonly name: string;
  readonly cases: readonly AclCase[];
  readonly inputs: readonly string[];
}

/** A latin1 string as one double-quoted configuration word. */
function quote(v: string): string {
  let out = '"';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\' || ch === '$') out += `\\${ch}`;
    else if (c < 0x20 || c > 0x7e) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function inline(method: MatchMethod, values: readonly string[], flags: { i?: boolean; n?: boolean } = {}): AclCase {
  const f = `${flags.i ? ' -i' : ''}${flags.n ? ' -n' : ''}`;
  return {
    words: `-m ${method}${f} -- ${values.map(quote).join(' ')}`,
    tslb: () => compilePatterns(method, values, { ignoreCase: flags.i, noDns: flags.n }),
  };
}

const each = (method: MatchMethod, values: readonly string[], flags: { i?: boolean } = {}): AclCase[] => values.map((v) => inline(method, [v], flags));

const strings: Table = {
  name: 'strings',
  cases: [
    inline('str', ['abc']),
    inline('str', ['abc'], { i: true }),
    inline('str', ['a b', '#x', '\\x41', '-i', "it's"]),
    inline('str', ['CAF\xc9'], { i: true }),
    inline('str', ['\xe9']),
    inline('beg', ['/a', '/abc', 'www.']),
    inline('beg', ['WWW.', 'caf\xe9'], { i: true }),
    inline('end', ['.com', 'abc', '/']),
    inline('end', ['.COM', '\xc9'], { i: true }),
    inline('sub', ['bc', 'example', '\xe9']),
    inline('sub', ['BC', 'EXAMPLE'], { i: true }),
    inline('sub', ['a\x01b', ' ']),
    // The manual's examples for dir (7.1.3): all match "/images/png/logo/32x32.png" but "png" and "32x32".
    ...each('dir', ['/images', '/images/png', 'images/png', '/png/logo', 'logo/32x32.png', '32x32.png', 'png', '32x32']),
    ...each('dir', ['/', '?', 'abc', 'abc?x', '/abc/', 'b?c']),
    inline('dir', ['ABC', '32X32.PNG'], { i: true }),
    // The manual's examples for dom: all match "http://www1.dc-eu.example.com:80/blah" but "eu" and "dc".
    ...each('dom', ['http', 'www1', '.www1', 'dc-eu', 'example', 'com', '80', 'dc-eu.example', 'blah', ':www1:', 'dc-eu.example:80', 'eu', 'dc']),
    ...each('dom', ['.', 'a.b', 'example.com', '/?.:', 'x:com']),
    inline('dom', ['EXAMPLE.com', 'CAF\xc9'], { i: true }),
  ],
  inputs: [
    '', 'a', 'abc', 'ABC', 'aBc', 'abcd', 'xabc', 'xabcx', 'bc', '/', '//', '?', 'a/', '/a', '/ab', '/abc', '/abcd', '/abc/',
    'x/abc/y', 'x/ABC/y', 'abc/x', 'x?abc', 'abc?x', 'x/abc?x', 'b?c', 'a/b?c', 'a.b', 'a.b.c', 'xa.b', 'a.', '.', '.com',
    'x:com', 'x:com:', 'www.example.com', 'WWW.Example.COM:80', 'http://www1.dc-eu.example.com:80/blah', 'example.com.',
    'www.', 'WWW.x', 'images/png', '/images/png/logo/32x32.png', '/IMAGES/PNG/LOGO/32X32.PNG', '/images/png/', 'img',
    '\xe9', '\xc9', 'caf\xe9', 'CAF\xc9', 'Caf\xe9', 'caf\xe9s', 'abc\0x', 'abc\0', '\0', 'a\0/', '/\0', 'a b', ' abc', 'abc ',
    '#x', '\\x41', 'A', '-i', "it's", 'a\x01b', 'a\x01', '\x7f',
  ],
};

const integers: Table = {
  name: 'integers',
  cases: [
    ...[['5'], ['10:20'], [':3'], ['10:'], ['10-20'], ['-3'], [':-5'], ['08'], ['0'], [':-'], ['--']].map((v) => inline('int', v)),
    ...[['lt', '3', '10'], ['gt', '5'], ['ge', '1.5'], ['le', '-3'], ['eq', '7', 'lt', '3'], ['gt', '5:7'], ['lt', '0'], ['gt', '3', 'eq', '1']].map((v) => inline('int', v)),
    ...[['3'], ['gt', '3'], ['0'], [':2'], ['2:4']].map((v) => inline('len', v)),
    inline('bool', []),
    inline('bool', ['ignored']),
    inline('found', []),
    inline('found', ['ignored']),
  ],
  inputs: [
    '', '0', '00', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '15', '20', '21', '100', '-1', '-3', '-4', '-5', '-6', '-10',
    '12abc', 'abc', ' 5', '+5', '-', '1.5', 'abcd', '\0', 'ab', '-0', '2147483648', '4294967296',
  ],
};

const addresses: Table = {
  name: 'addresses',
  cases: [
    ...[
      '10.0.0.0/8', '10.1.2.3', '10.1.2.0/255.255.255.0', '10.0.2.0/255.0.255.0', '127.1', '010.0.0.1', '10', '192.168.1/22',
      '::1', '::/0', '::ffff:10.1.2.0/120', '2002:a01:203::/48', '2001:db8::/32', '0.0.0.0/0', '1.2.3.4/0.0.0.0', '10.0.0.0/+8',
      '10.0.0.0/-0', '::1/-0', '1:2:3:4:5:6:7::', '::10.1.2.3', '10.0.0.0/ 16', '1.2.3.4/255.255.255.254',
    ].map((v) => inline('ip', [v])),
    inline('ip', ['10.1.2.3', '192.168.0.0/16'], { n: true }),
  ],
  inputs: [
    '10.0.0.1', '10.1.2.3', '10.1.3.3', '10.2.2.2', '10.9.2.9', '11.1.2.3', '127.0.0.1', '8.0.0.1', '0.0.0.10', '192.168.0.1',
    '192.168.3.255', '192.168.4.1', '1.2.3.4', '1.2.3.5', '1.2.3.6', '0.0.0.0', '255.255.255.255', '::1', '::', '::2',
    '::ffff:10.1.2.3', '::10.1.2.3', '::ffff:127.0.0.1', '::ffff:11.1.2.3', '2002:a01:203::1', '2002:a01:303::1',
    '2002:7f00:1::', '2001:db8::1', '2001:db8:1::1', 'fe80::1', '1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:8', '10.0.0.300', 'abc', '',
  ],
};

const regexes: Table = {
  name: 'regexes',
  cases: [
    ...each('reg', ['^/api', 'abc$', '(?i)^abc', 'a.c', '^$', '\\d+', '^a|b$', 'x{2,}', '[^a-z]', '\\bword\\b', '^\\.', '.']),
    inline('reg', ['^ABC', 'D$'], { i: true }),
  ],
  inputs: ['', 'abc', 'ABC', '/api/x', 'x/api', 'a\nc', 'axc', '123', 'xx', 'x', 'a word here', 'swordfish', '.a', 'ab', 'cab', 'aBc-d', '\0', 'A-Z'],
};

const binary: Table = {
  name: 'binary',
  cases: [inline('bin', ['48656c6c6f0a']), inline('bin', ['48656C6C6F']), inline('bin', ['616263', '00ff']), inline('bin', ['00'])],
  inputs: ['Hello\n', 'Hello', 'hello', 'abc', 'abcd', '', '\0\xff', '\0', '\0\0'],
};

const FILE_PATTERNS = 'abc  \n  def\n#ghi\n  #jkl\nmn\ropq\n\tTAB\t\nx\0y\n\n   \n\r\nCRLF\r\nlast';
const FILE_MAP = '# comment\nk1 v1\n  k2\tvalue two  \n #k3 v3\nk4\n\tk5\rv5\nk6\x0bv6 x\n';

const fromFile = (method: MatchMethod, name: string, content: string, flags: { i?: boolean; map?: boolean } = {}): AclCase => ({
  words: `-m ${method}${flags.i ? ' -i' : ''}${flags.map ? ' -M' : ''} -f @@${name}@@`,
  files: { [name]: content },
  tslb: () => compilePatternEntries(method, flags.map ? parseMapFile(content, name) : parsePatternFile(content, name), { ignoreCase: flags.i }),
});

const files: Table = {
  name: 'files',
  cases: [
    fromFile('str', 'p1.lst', FILE_PATTERNS),
    fromFile('str', 'p2.lst', FILE_PATTERNS, { i: true }),
    fromFile('beg', 'p3.lst', FILE_PATTERNS),
    fromFile('end', 'p4.lst', FILE_PATTERNS),
    fromFile('str', 'm1.map', FILE_MAP, { map: true }),
    fromFile('sub', 'm2.map', FILE_MAP, { map: true }),
    // -i applies to what follows it only (manual 7.1): a.lst exactly, b.lst and the value ignoring case.
    {
      words: '-m str -f @@a.lst@@ -i -f @@b.lst@@ -- "Val"',
      files: { 'a.lst': 'Exact\n', 'b.lst': 'Loose\n' },
      tslb: () =>
        anyPattern([
          compilePatternEntries('str', parsePatternFile('Exact\n', 'a.lst')),
          compilePatternEntries('str', parsePatternFile('Loose\n', 'b.lst'), { ignoreCase: true }),
          compilePatterns('str', ['Val'], { ignoreCase: true }),
        ]),
    },
    // -M after -f: the file was already read as a one-column list.
    {
      words: '-m str -f @@m3.map@@ -M',
      files: { 'm3.map': FILE_MAP },
      tslb: () => compilePatternEntries('str', parsePatternFile(FILE_MAP, 'm3.map')),
    },
  ],
  inputs: [
    'abc', 'abc  ', 'def', '  def', '#ghi', '#jkl', '  #jkl', 'mn', 'opq', 'mn\ropq', 'TAB', 'TAB\t', '\tTAB\t', 'x', 'x\0y', 'y',
    'CRLF', 'CRLF\r', 'last', 'ABC  ', 'DEF', 'abcdef', 'xdef', 'k1', 'v1', 'k2', 'value two', '#k3', 'k3', 'k4', 'k5', 'k5\rv5',
    'k6\x0bv6', 'k6', '# comment', 'k1 v1', 'Exact', 'exact', 'Loose', 'LOOSE', 'Val', 'vAL', 'ak1b',
  ],
};

const tables: readonly Table[] = [strings, integers, addresses, regexes, binary, files];

function encode(v: string): string {
  let out = '';
  for (const ch of v) out += /[A-Za-z0-9]/.test(ch) ? ch : `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return out;
}

function ask(agent: Agent, port: number, group: number, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = { 'x-g': String(group), 'x-v': encode(input) };
    const req = request({ host: '127.0.0.1', port, path: '/', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('HAProxy and tslb match the same patterns', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-patterns-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const lines: string[] = [];
  let n = 0;
  for (const [g, table] of tables.entries()) {
    for (const c of table.cases) {
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), Buffer.from(content, 'latin1'));
      const words = c.words.replace(/@@([^@]+)@@/g, (_m, name: string) => join(dir, name));
      lines.push(`    acl a${n} req.hdr(x-v),url_dec ${words}`);
      lines.push(`    http-request set-var-fmt(txn.r) "%[var(txn.r)]${n}," if { req.hdr(x-g) -m str ${g} } a${n}`);
      n++;
    }
  }
  const cfg = [
    'global',
    '    nbthread 1',
    'defaults',
    '    mode http',
    '    timeout client 5s',
    '    timeout connect 5s',
    '    timeout server 5s',
    'frontend patterns',
    `    bind 127.0.0.1:${port}`,
    ...lines,
    '    http-request return status 200 content-type text/plain lf-string "%[var(txn.r)]"',
    '',
  ].join('\n');
  const haproxy = await startHaproxy(cfg, port);
  t.teardown(() => haproxy.stop());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());

  let id = 0;
  let compared = 0;
  for (const [g, table] of tables.entries()) {
    const first = id;
    const matchers = table.cases.map((c) => c.tslb());
    id += table.cases.length;
    for (const input of table.inputs) {
      const theirs = await ask(agent, port, g, input);
      const ours = matchers.flatMap((m, i) => (m.match(str(input)) ? [`${first + i},`] : [])).join('');
      t.equal(ours, theirs, `${table.name}: ${JSON.stringify(input)}`);
      compared += table.cases.length;
    }
  }
  t.ok(compared > 2000, `${compared} (ACL, input) pairs compared`);
  t.equal(haproxy.stderr().includes('ALERT'), false, 'haproxy loaded every ACL');
});
