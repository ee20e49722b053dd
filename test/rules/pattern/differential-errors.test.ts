/**
 * Which patterns are refused at load time, differentially against real
 * HAProxy 2.6 (`haproxy -c`, which reports every bad ACL and map of a file
 * at once): inline ACL values, pattern files and map files, with the line
 * of the bad entry. tslb must refuse exactly the same ones, at the same
 * line, with a PatternError.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { MatchMethod } from '../../../lib/config/model/common.js';
import { compilePatterns } from '../../../lib/rules/pattern/compile.js';
import { PatternError } from '../../../lib/rules/pattern/pattern-error.js';
import { loadMap, type MapMethod } from '../../../lib/rules/pattern/pattern-map.js';
import { PatternStore } from '../../../lib/rules/pattern/pattern-store.js';

interface InlineCase {
  readonly method: MatchMethod;
  readonly values: readonly string[];
  readonly noDns?: boolean;
}

const ints = [
  '5', '1.5', '1+', '+5', '10-20', ':', '-', '5:', ':-5', '3:1', '1a', '99999999999999999999', '9223372036854775807',
  '-9223372036854775808', ':-9223372036854775808', '1:2:3', '1-2-3', '08', '--', ':-', '5--', '5:-0', '0x10', 'a', ' 1',
];
const ips = [
  '127.1', '010.0.0.1', '08.1.2.3', '10', '4294967295', '4294967296', '1..2', '1.2.3.4.5', '10.0.0.0/33', '10.0.0.0/',
  '::1/129', '::1/-0', '::1/-1', '1.2.3.4/-1', 'fe80::1%eth0', '1:2:3:4:5:6:7::', '256.1.1.1', '1.2.3.4/255.255.255.256',
  '1.2.3.4/1.2.3', '10.0.0.0/08', '1.2.3.4/ 8', '1.2.3.4/8 ', '1.2.3.4.', '1:2:3:4:5:6:7:8::', '::1.2.3.04', '::1.2.3.4',
  '1::2::3', '00000::1', '::0x1', ':1::', '1:', '::ffff:1.2.3.4/96', '0x7f.1', '1.2.3.4/32', '10.0.0.0/255.0.255.0',
];

const cases: readonly InlineCase[] = [
  ...ints.map((v) => ({ method: 'int' as const, values: [v] })),
  ...[['gt', 'abc'], ['ge', '.5'], ['ge', '1.x'], ['gt', '9223372036854775807'], ['lt', '-9223372036854775808'], ['gt'], ['le', '5', 'x'], ['eq', 'gt', '2']].map((v) => ({
    method: 'int' as const,
    values: v,
  })),
  ...[['x'], ['gt', '3'], ['3:1']].map((v) => ({ method: 'len' as const, values: v })),
  ...ips.map((v) => ({ method: 'ip' as const, values: [v] })),
  ...ips.map((v) => ({ method: 'ip' as const, values: [v], noDns: true })),
  ...['4', '4g', '41', 'zz', '0A0b', '414'].map((v) => ({ method: 'bin' as const, values: [v] })),
  ...['(', '[z-a]', 'a{2,1}', '\\', '*a', '(?<n>x)', 'a(?=b)', '(?i)x', 'a)', '[a'].map((v) => ({ method: 'reg' as const, values: [v] })),
  ...['found', 'bool', 'str', 'beg', 'sub'].map((m) => ({ method: m as MatchMethod, values: ['anything'] })),
];

interface FileCase {
  /** The converter or ACL words using the file ({file} stands for its path). */
  readonly use: string;
  readonly content: string;
  /** The bad line tslb must name, or undefined when the file loads. */
  readonly tslb: (file: string) => void;
}

const map = (method: MapMethod) => (file: string) => void loadMap(file, method);
const list = (method: MatchMethod, noDns = false) => (file: string) => void new PatternStore().patternFile(file, method, { noDns });

const files: readonly FileCase[] = [
  { use: 'map_ip', content: '10.0.0.0/8 a\n127.1 b\n', tslb: map('ip') },
  { use: 'map_ip', content: '::1 a\n\n# 1.1.1.1.1 x\n10.0.0.1/255.0.0.0 ok\nlocalhost b\n', tslb: map('ip') },
  { use: 'map_int', content: '1 a\n2 b\nx c\n', tslb: map('int') },
  { use: 'map_int', content: '1 a\ngt 3\n', tslb: map('int') },
  { use: 'map_reg', content: 'a x\n( y\n', tslb: map('reg') },
  { use: 'map_str', content: 'anything goes\n( y\n', tslb: map('str') },
  { use: 'acl -m ip', content: '# c\n10.0.0.1\n\n  300.1.1.1\n', tslb: list('ip') },
  { use: 'acl -m ip', content: '127.1\n', tslb: list('ip') },
  { use: 'acl -m ip -n', content: '::1\n127.1\n', tslb: list('ip', true) },
  { use: 'acl -m int', content: '5\n10:20\ngt 3\n', tslb: list('int') },
  { use: 'acl -m bin', content: '41\n4\n', tslb: list('bin') },
  { use: 'acl -m reg', content: 'ok\n#(\n  [\n', tslb: list('reg') },
];

/**
 * `haproxy -c` on a frontend holding `lines`: the ALERT lines. HAProxy
 * stops after 50 fatal errors, so the lines are checked 40 at a time.
 */
function checkLines(lines: readonly string[], dir: string): string[] {
  const alerts: string[] = [];
  for (let i = 0; i < lines.length; i += 40) alerts.push(...check([...FRONTEND, ...lines.slice(i, i + 40), ''].join('\n'), dir));
  return alerts;
}

/** `haproxy -c` on a configuration: the ALERT lines. */
function check(cfg: string, dir: string): string[] {
  const file = join(dir, 'check.cfg');
  writeFileSync(file, cfg);
  const r = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'latin1' });
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes('[ALERT]'));
}

function quote(v: string): string {
  return `"${v.replace(/["\\$]/g, (c) => `\\${c}`)}"`;
}

const FRONTEND = ['defaults', '    mode http', '    timeout client 5s', '    timeout connect 5s', '    timeout server 5s', 'frontend f', '    bind 127.0.0.1:1'];

t.test('inline ACL values: refused by both or by neither', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-pattern-errors-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const acls = cases.map((c, i) => `    acl e${i} req.hdr(x) -m ${c.method}${c.noDns ? ' -n' : ''} -- ${c.values.map(quote).join(' ')}`);
  const alerts = checkLines(acls, dir);
  const refused = new Set(alerts.flatMap((l) => /ACL 'e(\d+)'/.exec(l)?.[1] ?? []).map(Number));
  t.ok(refused.size > 40, `haproxy refused ${refused.size} of ${cases.length}`);
  for (const [i, c] of cases.entries()) {
    let error: unknown;
    try {
      compilePatterns(c.method, c.values, { noDns: c.noDns });
    } catch (err) {
      error = err;
    }
    const name = `-m ${c.method}${c.noDns ? ' -n' : ''} ${c.values.join(' ')}`;
    t.equal(error !== undefined, refused.has(i), `${name}: ${refused.has(i) ? 'refused' : 'accepted'}`);
    if (error !== undefined) t.type(error, PatternError, `${name}: a PatternError`);
  }
});

t.test('pattern and map files: the same bad line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-pattern-errors-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // One run per file: HAProxy may stop reporting after a bad converter argument.
  const alerts = files.flatMap((f, i) => {
    const file = join(dir, `f${i}.txt`);
    writeFileSync(file, Buffer.from(f.content, 'latin1'));
    const line = f.use.startsWith('acl ') ? `    acl f${i} req.hdr(x) ${f.use.slice(4)} -f ${file}` : `    http-request set-var(txn.f${i}) req.hdr(x),${f.use}(${file})`;
    return checkLines([line], dir);
  });
  for (const [i, f] of files.entries()) {
    const file = join(dir, `f${i}.txt`);
    const alert = alerts.find((l) => l.includes(`'${file}'`));
    const theirs = alert === undefined ? undefined : Number(/at line (\d+) of file/.exec(alert)?.[1]);
    let ours: number | undefined;
    try {
      f.tslb(file);
    } catch (err) {
      t.type(err, PatternError, `${f.use} ${JSON.stringify(f.content)}: a PatternError`);
      ours = (err as PatternError).line;
      t.match((err as PatternError).message, `${file}:${ours}: `, 'the message starts with file:line');
    }
    t.equal(ours, theirs, `${f.use} ${JSON.stringify(f.content)}: bad line ${String(theirs)}`);
  }
});

t.test('a file is a pattern list or a map, not both', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-pattern-errors-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'both.txt');
  writeFileSync(file, 'a b\n');
  const orders = [
    { cfg: [`    acl x req.hdr(x) -f ${file}`, `    http-request set-var(txn.y) req.hdr(x),map(${file})`], first: 'list' },
    { cfg: [`    http-request set-var(txn.y) req.hdr(x),map(${file})`, `    acl x req.hdr(x) -f ${file}`], first: 'map' },
    { cfg: [`    http-request set-var(txn.y) req.hdr(x),map(${file})`, `    acl x req.hdr(x) -M -f ${file}`], first: 'map' },
  ];
  for (const o of orders) {
    const theirs = check([...FRONTEND, ...o.cfg, ''].join('\n'), dir).some((l) => l.includes('column'));
    const store = new PatternStore();
    const twoColumnAcl = o.cfg[1]?.includes('-M') === true;
    const uses = o.first === 'list' ? [() => store.patternFile(file, 'str'), () => store.map(file, 'str')] : [() => store.map(file, 'str'), () => store.patternFile(file, 'str', { map: twoColumnAcl })];
    t.doesNotThrow(uses[0] as () => void, 'the first use loads the file');
    let ours = false;
    try {
      (uses[1] as () => void)();
    } catch (err) {
      ours = err instanceof PatternError && err.file === file;
    }
    t.equal(ours, theirs, `${o.cfg.join(' / ')}: ${theirs ? 'refused' : 'accepted'}`);
  }
});
