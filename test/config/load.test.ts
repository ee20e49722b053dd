/**
 * Configuration loading end to end (lib/config/load.ts): text or files in,
 * the frozen model (or every diagnostic) out. Each test asserts the values
 * the model carries, not only that loading succeeded. Where a test states
 * what HAProxy does, the same configuration was run through `haproxy -c`
 * (2.6.12) first.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Diagnostics, formatDiagnostic, type Diagnostic } from '../../lib/config/diagnostics.js';
import { loadConfig, loadConfigText } from '../../lib/config/load.js';
import type { Model, Proxy } from '../../lib/config/model/index.js';
import { validateModel } from '../../lib/config/schema/validate.js';

const FILE = 'lb.cfg';
const TIMEOUTS = ['  timeout client 5s', '  timeout connect 5s', '  timeout server 5s'];
const HTTP_DEFAULTS = ['defaults', '  mode http', ...TIMEOUTS];

// A readable error page for errorfile / http-errors, removed at the end.
const tmp = mkdtempSync(join(tmpdir(), 'tslb-load-'));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
const PAGE = join(tmp, '503.http');
writeFileSync(PAGE, 'HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/html\r\n\r\n<h1>down</h1>\n');

function cfg(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

interface Loaded {
  readonly model: Model | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly noListener: boolean;
  /** "line:CODE" of every diagnostic, in order. */
  readonly codes: string[];
  /** Every diagnostic as `tslb -c` prints it. */
  readonly lines: string[];
}

function load(text: string, env: Record<string, string> = {}): Loaded {
  const r = loadConfigText(text, { file: FILE, env });
  return {
    ...r,
    codes: r.diagnostics.map((d) => `${d.line ?? 0}:${d.code}`),
    lines: r.diagnostics.map(formatDiagnostic),
  };
}

/** The model of a configuration that must load; throws (failing the test) with the alerts otherwise. */
function modelOf(text: string, env: Record<string, string> = {}): Model {
  const r = load(text, env);
  if (!r.model) throw new Error(`expected a model, got:\n${r.lines.join('\n')}`);
  return r.model;
}

function proxy(m: Model, name: string): Proxy {
  const p = m.proxies.find((x) => x.name === name);
  if (!p) throw new Error(`no proxy '${name}'`);
  return p;
}

/** 1-based line of the nth (default first) line containing `fragment`, or matching it when a RegExp. */
function lineOf(text: string, fragment: string | RegExp, nth = 1): number {
  let seen = 0;
  const hit = (l: string): boolean => (typeof fragment === 'string' ? l.includes(fragment) : fragment.test(l));
  const i = text.split('\n').findIndex((l) => hit(l) && ++seen === nth);
  if (i < 0) throw new Error(`'${fragment}' (#${nth}) not in the configuration`);
  return i + 1;
}

/** An HTTP listen section 'l' holding `statements`, after HTTP defaults; the first statement is on line 8. */
function inListen(...statements: string[]): string {
  return cfg(...HTTP_DEFAULTS, 'listen l', '  bind :8080', ...statements.map((s) => `  ${s}`), '  server s 127.0.0.1:80');
}
const LISTEN_LINE = HTTP_DEFAULTS.length + 3;

/** A global section holding `statements` (the first on line 2), then a working HTTP listen section 'l'. */
function inGlobal(...statements: string[]): string {
  return cfg('global', ...statements.map((s) => `  ${s}`), ...HTTP_DEFAULTS, 'listen l', '  bind :8080', '  server s 127.0.0.1:80');
}

// ---------------------------------------------------------------------------
// Defaults inheritance (manual 4 "Proxies", 4.1)
// ---------------------------------------------------------------------------

t.test('a proxy starts as a copy of the last defaults section above it', async (t) => {
  const text = cfg(
    'backend early',
    '  server s0 127.0.0.1:79',
    ...HTTP_DEFAULTS,
    '  option forwardfor',
    '  option dontlognull',
    '  retries 5',
    '  default_backend app',
    'frontend web',
    '  bind :8080',
    'backend app',
    '  server s1 127.0.0.1:80',
  );
  const r = load(text);
  t.same(r.codes, [`1:TSLB_WRN_CFG_MISSING_TIMEOUTS`], 'only the proxy above every defaults section misses timeouts');
  const m = modelOf(text);
  const early = proxy(m, 'early');
  t.equal(early.from, undefined, 'no defaults section above it');
  t.equal(early.mode, 'tcp');
  t.same(early.timeouts, {});
  t.equal(early.forwardFor, undefined);
  t.equal(early.retries.count, 3, 'built-in retries');
  for (const name of ['web', 'app']) {
    const p = proxy(m, name);
    t.equal(p.from, '', `${name} comes from the anonymous defaults section`);
    t.equal(p.mode, 'http');
    t.same(p.timeouts, { client: 5000, connect: 5000, server: 5000 });
    t.same(p.forwardFor, { header: 'X-Forwarded-For', ifNone: false });
    t.equal(p.flags.dontlognull, true);
    t.equal(p.retries.count, 5);
  }
  t.equal(proxy(m, 'web').defaultBackend, 'app', 'default_backend is inherited too');
  t.same(m.defaults, [], 'an anonymous defaults section is not kept in the model');
});

t.test('default_backend inherited from defaults is checked in the proxy', async (t) => {
  // haproxy -c: "Proxy 'f': unable to find required default_backend: 'nope'."
  const text = cfg(...HTTP_DEFAULTS, '  default_backend nope', 'frontend f', '  bind :8080', 'backend b', '  server s 127.0.0.1:80');
  const r = load(text);
  t.equal(r.model, undefined);
  t.same(r.codes, [`${lineOf(text, 'default_backend nope')}:TSLB_ERR_CFG_UNKNOWN_BACKEND`], 'reported where the defaults section set it');
  t.same(r.diagnostics[0]?.section, { kind: 'frontend', name: 'f' }, 'in the frontend that uses it');
  t.match(r.lines[0], /unable to find required default_backend: 'nope'/);
});

t.test('a new defaults section resets everything (it does not inherit the previous one)', async (t) => {
  // haproxy -c on this file: "missing timeouts for backend 'b'" only, and no
  // "'option forwardfor' ignored" warning: the second section starts from the
  // built-in settings (mode tcp, no forwardfor, no connect/server timeouts).
  const text = cfg(
    ...HTTP_DEFAULTS,
    '  option forwardfor',
    '  option dontlognull',
    '  retries 7',
    'defaults',
    '  timeout client 7s',
    'frontend f',
    '  bind :8080',
    '  default_backend b',
    'backend b',
    '  server s1 127.0.0.1:80',
  );
  const r = load(text);
  t.ok(r.model, 'the file is valid');
  t.same(r.codes, [`${lineOf(text, /^backend b/)}:TSLB_WRN_CFG_MISSING_TIMEOUTS`], 'HAProxy warns about the backend timeouts');
  const m = r.model;
  if (!m) return;
  for (const name of ['f', 'b']) {
    const p = proxy(m, name);
    t.same(
      { mode: p.mode, timeouts: p.timeouts, forwardFor: p.forwardFor, dontlognull: p.flags.dontlognull, retries: p.retries.count },
      { mode: 'tcp', timeouts: { client: 7000 }, forwardFor: undefined, dontlognull: false, retries: 3 },
      `${name} has only what the second defaults section set`,
    );
  }
});

t.test('a named defaults section without from resets everything too', async (t) => {
  const text = cfg(
    'defaults base',
    '  mode http',
    '  option forwardfor',
    ...TIMEOUTS,
    'defaults other',
    '  timeout client 7s',
    'frontend f from other',
    '  bind :8080',
    '  default_backend b',
    'backend b from other',
    '  server s1 127.0.0.1:80',
  );
  const m = modelOf(text);
  const other = m.defaults.find((d) => d.name === 'other');
  t.ok(other);
  t.equal(other?.from, undefined, "'defaults other' names no parent");
  t.equal(other?.mode, 'tcp');
  t.same(proxy(m, 'b').timeouts, { client: 7000 });
});

t.test('from: named defaults, chained named defaults, rules and ACLs kept in the defaults section', async (t) => {
  const text = cfg(
    'defaults common',
    ...TIMEOUTS,
    '  default-server inter 3s fall 5',
    'defaults web from common',
    '  mode http',
    '  acl internal src 10.0.0.0/8',
    '  http-request set-header X-Internal yes if internal',
    'frontend w from web',
    '  bind :8080',
    '  acl mine path /',
    '  http-request deny if mine',
    '  default_backend app',
    'defaults',
    '  mode http',
    '  timeout client 10s',
    '  timeout connect 2s',
    '  timeout server 10s',
    'backend app',
    '  server s0 127.0.0.1:80',
    '  default-server weight 10',
    '  server s1 127.0.0.1:81 fall 2',
  );
  const r = load(text);
  t.same(r.codes, []);
  const m = modelOf(text);
  t.same(
    m.defaults.map((d) => ({ kind: d.kind, name: d.name, from: d.from, mode: d.mode, acls: d.acls.map((a) => a.name), rules: d.rules.httpRequest.length })),
    [
      { kind: 'defaults', name: 'common', from: undefined, mode: 'tcp', acls: [], rules: 0 },
      { kind: 'defaults', name: 'web', from: 'common', mode: 'http', acls: ['internal'], rules: 1 },
    ],
    'named defaults sections are kept with their ACLs and rules; the anonymous one is not',
  );
  t.same(m.defaults[1]?.timeouts, { client: 5000, connect: 5000, server: 5000 }, "'web' copied 'common'");
  const w = proxy(m, 'w');
  t.equal(w.from, 'web');
  t.equal(w.mode, 'http');
  t.same(w.acls.map((a) => a.name), ['mine'], "the proxy's ACLs are its own: the defaults' ACLs are not copied");
  t.same(w.rules.httpRequest.map((r) => r.action.type), ['deny'], 'nor are its rules');
  t.same(w.rules.httpRequest[0]?.place, { file: FILE, line: lineOf(text, 'http-request deny') });
  t.equal(w.defaultServer.inter, 3000, 'default-server settings are inherited');
  t.equal(w.defaultServer.fall, 5);
  const app = proxy(m, 'app');
  t.equal(app.from, '', 'the last (anonymous) defaults section');
  t.same(app.timeouts, { client: 10_000, connect: 2000, server: 10_000 });
  t.same(
    app.servers.map((s) => [s.name, s.weight, s.fall, s.inter]),
    [
      ['s0', 1, 3, 2000],
      ['s1', 10, 2, 2000],
    ],
    "the anonymous defaults section does not carry 'common''s default-server; a default-server line applies to the servers after it",
  );
  t.same(
    app.servers.map((s) => [s.name, s.weight, s.fall]),
    [
      ['s0', 1, app.defaultServer.fall],
      ['s1', 10, 2],
    ],
    'a default-server line applies to the servers after it',
  );
  t.same(app.binds, [], 'no listener comes from a defaults section');
});

t.test('frontends and backends cannot share a defaults section that defines rules; listen cannot use one', async (t) => {
  const rulesDefaults = ['defaults r', '  mode http', ...TIMEOUTS, '  http-request set-header X a'];
  // haproxy -c: "frontends and backends cannot inherit from the same defaults section if it defines TCP/HTTP rules (defaults section at ...:1)."
  const both = cfg(...rulesDefaults, 'frontend f from r', '  bind :8080', '  default_backend b', 'backend b from r', '  server s1 127.0.0.1:80');
  let r = load(both);
  t.equal(r.model, undefined);
  t.same(r.codes, [`${lineOf(both, 'backend b from r')}:TSLB_ERR_CFG_NOT_ALLOWED`]);
  t.match(r.lines[0], /frontends and backends cannot inherit from the same defaults section if it defines TCP\/HTTP rules \(defaults section at lb\.cfg:1\)/);

  // haproxy -c: "a listen section cannot inherit from a defaults section defining TCP/HTTP rules."
  const listen = cfg(...rulesDefaults, 'listen l from r', '  bind :8080', '  server s1 127.0.0.1:80');
  r = load(listen);
  t.same(r.codes, [`${lineOf(listen, 'listen l from r')}:TSLB_ERR_CFG_NOT_ALLOWED`]);
  t.match(r.lines[0], /a listen section cannot inherit from a defaults section defining TCP\/HTTP rules/);

  // ACLs alone are not rules: HAProxy accepts this one.
  const aclOnly = cfg('defaults r', '  mode http', ...TIMEOUTS, '  acl a path /', 'listen l from r', '  bind :8080', '  server s1 127.0.0.1:80');
  t.same(load(aclOnly).codes, []);

  // Two frontends may share it.
  const frontends = cfg(
    ...rulesDefaults,
    'frontend f from r',
    '  bind :8080',
    '  default_backend b',
    'frontend g from r',
    '  bind :8081',
    '  default_backend b',
    'defaults',
    '  mode http',
    ...TIMEOUTS,
    'backend b',
    '  server s1 127.0.0.1:80',
  );
  t.same(load(frontends).codes, []);
});

t.test('a defaults section used both with from and implicitly: a warning on each mixing use', async (t) => {
  // haproxy -c prints a (non-fatal) ALERT on lines 9 and 11 and accepts the file.
  const text = cfg(
    'defaults d1',
    ...TIMEOUTS,
    'frontend f',
    '  bind :8080',
    '  default_backend b',
    'backend b from d1',
    '  server s1 127.0.0.1:80',
    'frontend g',
    '  bind :8081',
    '  default_backend b',
  );
  const r = load(text);
  t.ok(r.model);
  t.same(r.codes, ['8:TSLB_WRN_CFG_DEFAULTS_MIXED', '10:TSLB_WRN_CFG_DEFAULTS_MIXED']);
  t.match(r.lines[0], /defaults section 'd1' \(lb\.cfg:1\) is used both explicitly with 'from' and implicitly/);
});

// ---------------------------------------------------------------------------
// option
// ---------------------------------------------------------------------------

t.test('negatable options: on, inherited, no option, default option', async (t) => {
  const options: [string, keyof Proxy['flags']][] = [
    ['dontlognull', 'dontlognull'],
    ['allbackups', 'allbackups'],
    ['persist', 'persist'],
    ['abortonclose', 'abortonclose'],
    ['log-health-checks', 'logHealthChecks'],
    ['socket-stats', 'socketStats'],
  ];
  for (const [option, key] of options) {
    const text = cfg(
      ...HTTP_DEFAULTS,
      `  option ${option}`,
      'listen inherited',
      '  bind :8080',
      'listen negated',
      '  bind :8081',
      `  no option ${option}`,
      'listen reset',
      '  bind :8082',
      `  default option ${option}`,
      'listen again',
      '  bind :8083',
      `  no option ${option}`,
      `  option ${option}`,
    );
    const m = modelOf(text);
    t.same(
      ['inherited', 'negated', 'reset', 'again'].map((n) => proxy(m, n).flags[key]),
      // 'default option x' restores the built-in value (a documented difference: HAProxy 2.6.12 refuses it).
      [true, false, false, true],
      `option ${option}`,
    );
  }
});

t.test('option redispatch [<interval>] and no option redispatch', async (t) => {
  const text = cfg(
    ...HTTP_DEFAULTS,
    '  option redispatch',
    'backend inherited',
    '  server s 127.0.0.1:80',
    'backend every2',
    '  option redispatch 2',
    '  server s 127.0.0.1:80',
    'backend never',
    '  option redispatch 0',
    '  server s 127.0.0.1:80',
    'backend negated',
    '  option redispatch 3',
    '  no option redispatch',
    '  server s 127.0.0.1:80',
  );
  const m = modelOf(text);
  t.same(
    ['inherited', 'every2', 'never', 'negated'].map((n) => [proxy(m, n).flags.redispatch, proxy(m, n).retries.redispatchInterval]),
    [
      [true, -1],
      [true, 2],
      [false, 0],
      [false, -1],
    ],
  );
});

t.test('HTTP connection modes: the last of http-keep-alive / http-server-close / httpclose wins', async (t) => {
  const cases: [string[], string][] = [
    [[], 'keep-alive'],
    [['option httpclose'], 'close'],
    [['option http-server-close'], 'server-close'],
    [['option httpclose', 'option http-server-close'], 'server-close'],
    [['option http-server-close', 'option http-keep-alive', 'option httpclose'], 'close'],
    [['option httpclose', 'no option httpclose'], 'keep-alive'],
    [['option http-server-close', 'no option httpclose'], 'server-close'],
    [['option httpclose', 'option http-server-close', 'no option http-server-close'], 'keep-alive'],
    [['option http-server-close', 'no option http-keep-alive'], 'server-close'],
    [['option httpclose', 'default option httpclose'], 'keep-alive'],
  ];
  for (const [statements, mode] of cases) {
    t.equal(proxy(modelOf(inListen(...statements)), 'l').httpConnectionMode, mode, statements.join(' ; ') || '(none)');
  }
  const inherited = cfg(...HTTP_DEFAULTS, '  option httpclose', 'listen a', '  bind :8080', 'listen b', '  bind :8081', '  no option httpclose');
  const m = modelOf(inherited);
  t.equal(proxy(m, 'a').httpConnectionMode, 'close', 'inherited from defaults');
  t.equal(proxy(m, 'b').httpConnectionMode, 'keep-alive', "'no' returns to keep-alive");
});

t.test("'no' / 'default' on an option that cannot be negated is an error", async (t) => {
  // haproxy -c: "negation/default is not supported for option '<name>'." for each.
  const cases: [string, string][] = [
    ['no option httplog', 'httplog'],
    ['no option forwardfor', 'forwardfor'],
    ['default option tcplog', 'tcplog'],
    ['no option httpchk', 'httpchk'],
    ['no option mysql-check', 'mysql-check'],
    ['no option pgsql-check', 'pgsql-check'],
    ['no option redis-check', 'redis-check'],
    ['no option tcp-check', 'tcp-check'],
  ];
  for (const [statement, option] of cases) {
    const r = load(inListen(statement));
    t.equal(r.model, undefined, statement);
    t.same(r.codes, [`${LISTEN_LINE}:TSLB_ERR_CFG_MODIFIER`], statement);
    t.equal(r.diagnostics[0]?.message, `negation/default is not supported for option '${option}'`, statement);
  }
  // haproxy -c: "negation/default currently supported only for options, log, busy-polling, ..."
  for (const statement of ['no balance', 'no timeout client', 'default mode']) {
    const r = load(inListen(statement));
    t.same(r.codes, [`${LISTEN_LINE}:TSLB_ERR_CFG_MODIFIER`], statement);
    t.match(r.lines[0], /'(no|default)' prefix is only supported for options, log, busy-polling/, statement);
  }
});

t.test("'no option httplog' in a backend is refused, as HAProxy does", async (t) => {
  // haproxy -c: "parsing [...:11]: negation/default is not supported for option 'httplog'." and exit 1.
  const text = cfg(...HTTP_DEFAULTS, 'frontend f', '  bind :8080', '  default_backend b', 'backend b', '  no option httplog', '  server s 127.0.0.1:80');
  const r = load(text);
  t.equal(r.model, undefined, 'the file is refused');
  t.same(r.codes, [`${lineOf(text, 'no option httplog')}:TSLB_ERR_CFG_MODIFIER`]);
});

t.test('option forwardfor variants', async (t) => {
  const cases: [string, object][] = [
    ['option forwardfor', { header: 'X-Forwarded-For', ifNone: false }],
    ['option forwardfor if-none', { header: 'X-Forwarded-For', ifNone: true }],
    ['option forwardfor header X-Real-IP', { header: 'X-Real-IP', ifNone: false }],
    ['option forwardfor except 127.0.0.0/8', { header: 'X-Forwarded-For', ifNone: false, except: '127.0.0.0/8' }],
    ['option forwardfor except 10.0.0.0/8 header X-Client if-none', { header: 'X-Client', ifNone: true, except: '10.0.0.0/8' }],
    ['option forwardfor except ::1', { header: 'X-Forwarded-For', ifNone: false, except: '::1' }],
  ];
  for (const [statement, expected] of cases) {
    t.same(proxy(modelOf(inListen(statement)), 'l').forwardFor, expected, statement);
  }
  t.equal(proxy(modelOf(inListen()), 'l').forwardFor, undefined, 'off by default');
});

t.test('option httplog / tcplog / log-format', async (t) => {
  const cases: [string[], object][] = [
    [[], { kind: 'default' }],
    [['option httplog'], { kind: 'httplog', clf: false }],
    [['option httplog clf'], { kind: 'httplog', clf: true }],
    [['option tcplog'], { kind: 'tcplog' }],
    [['log-format "%ci:%cp [%tr] %ft"'], { kind: 'custom', format: '%ci:%cp [%tr] %ft' }],
    [['option httplog', 'log-format "%ci %b"'], { kind: 'custom', format: '%ci %b' }],
    [['log-format "%ci"', 'option tcplog'], { kind: 'tcplog' }],
  ];
  for (const [statements, expected] of cases) {
    const r = load(inListen('log stdout local0', ...statements));
    t.same(r.codes, [], statements.join(' ; ') || '(none)');
    t.same(r.model && proxy(r.model, 'l').logFormat, expected, statements.join(' ; ') || '(none)');
  }
});

t.test('option httpchk with 0, 1, 2 and 3 arguments', async (t) => {
  const cases: [string, object][] = [
    ['option httpchk', { kind: 'http', method: 'OPTIONS', uri: '/', version: 'HTTP/1.0' }],
    ['option httpchk /health', { kind: 'http', method: 'OPTIONS', uri: '/health', version: 'HTTP/1.0' }],
    ['option httpchk HEAD /health', { kind: 'http', method: 'HEAD', uri: '/health', version: 'HTTP/1.0' }],
    ['option httpchk GET /health HTTP/1.1', { kind: 'http', method: 'GET', uri: '/health', version: 'HTTP/1.1' }],
  ];
  for (const [statement, expected] of cases) {
    const r = load(inListen(statement));
    t.same(r.codes, [], statement);
    t.same(r.model && proxy(r.model, 'l').check.kind, expected, statement);
  }
});

t.test('option httpchk with headers hidden after the version: accepted, deprecated', async (t) => {
  // haproxy -c: "'option httpchk' : hiding headers or body at the end of the version string is deprecated."
  const text = inListen('option httpchk GET /health "HTTP/1.1\\r\\nHost:\\ www.example.com"');
  const r = load(text);
  t.same(r.codes, [`${LISTEN_LINE}:TSLB_WRN_CFG_DEPRECATED`]);
  t.match(r.lines[0], /hiding headers or body at the end of the version string is deprecated; use 'http-check send hdr <name> <value>'/);
  t.same(r.model && proxy(r.model, 'l').check.kind, {
    kind: 'http',
    method: 'GET',
    uri: '/health',
    version: 'HTTP/1.1',
    extraHeaders: 'Host: www.example.com',
  });
});

t.test('mysql-check, pgsql-check, redis-check, tcp-check', async (t) => {
  const cases: [string[], object][] = [
    [[], { kind: 'tcp' }],
    [['option mysql-check'], { kind: 'mysql', variant: 'pre-41' }],
    [['option mysql-check user haproxy'], { kind: 'mysql', user: 'haproxy', variant: 'post-41' }],
    [['option mysql-check user haproxy post-41'], { kind: 'mysql', user: 'haproxy', variant: 'post-41' }],
    [['option pgsql-check user pg'], { kind: 'pgsql', user: 'pg' }],
    [['option redis-check'], { kind: 'redis' }],
    [['option tcp-check'], { kind: 'tcp-check' }],
    [['option httpchk', 'option tcp-check'], { kind: 'tcp-check' }],
    [['option redis-check', 'option httpchk /ping'], { kind: 'http', method: 'OPTIONS', uri: '/ping', version: 'HTTP/1.0' }],
  ];
  for (const [statements, expected] of cases) {
    t.same(proxy(modelOf(inListen(...statements)), 'l').check.kind, expected, statements.join(' ; ') || '(none)');
  }
});

t.test('option arguments HAProxy refuses', async (t) => {
  // Each refused by haproxy -c 2.6.12 as well.
  const cases: [string, string, RegExp][] = [
    ['option httpchk GET / HTTP/1.1 extra', 'TSLB_ERR_CFG_ARGS', /unexpected argument 'extra'/],
    ['option httplog foo', 'TSLB_ERR_CFG_ARGS', /'option httplog' only accepts 'clf', got 'foo'/],
    ['option tcplog x', 'TSLB_ERR_CFG_ARGS', /'option tcplog' cannot handle unexpected argument 'x'/],
    ['option dontlognull x', 'TSLB_ERR_CFG_ARGS', /'option dontlognull' cannot handle unexpected argument 'x'/],
    ['option mysql-check user', 'TSLB_ERR_CFG_ARGS', /'option mysql-check' expects '\[user <username>/],
    ['option mysql-check user u post-80', 'TSLB_ERR_CFG_ARGS', /unexpected argument 'post-80'/],
    ['option pgsql-check', 'TSLB_ERR_CFG_ARGS', /'option pgsql-check' expects 'user <username>'/],
    ['option forwardfor except foo', 'TSLB_ERR_CFG_ADDRESS', /expects a network, got 'foo'/],
    ['option forwardfor header', 'TSLB_ERR_CFG_ARGS', /missing argument after 'header'/],
    ['option forwardfor bogus', 'TSLB_ERR_CFG_ARGS', /unexpected argument 'bogus'/],
  ];
  for (const [statement, code, message] of cases) {
    const r = load(inListen(statement));
    t.equal(r.model, undefined, statement);
    t.same(r.codes, [`${LISTEN_LINE}:${code}`], statement);
    t.match(r.lines[0], message, statement);
  }
});

// ---------------------------------------------------------------------------
// timeouts, retries, reuse, error files
// ---------------------------------------------------------------------------

t.test('every timeout, in milliseconds', async (t) => {
  const cases: [string, keyof Proxy['timeouts'], number][] = [
    ['client 1m', 'client', 60_000],
    ['client-fin 2s', 'clientFin', 2000],
    ['connect 100ms', 'connect', 100],
    ['server 30s', 'server', 30_000],
    ['server-fin 1s', 'serverFin', 1000],
    ['http-request 10s', 'httpRequest', 10_000],
    ['http-keep-alive 500', 'httpKeepAlive', 500],
    ['queue 2s', 'queue', 2000],
    ['tunnel 1h', 'tunnel', 3_600_000],
    ['tarpit 1d', 'tarpit', 86_400_000],
    ['client 24d', 'client', 2_073_600_000],
  ];
  for (const [statement, key, ms] of cases) {
    const p = proxy(modelOf(inListen(`timeout ${statement}`)), 'l');
    t.equal(p.timeouts[key], ms, `timeout ${statement}`);
  }
});

t.test('sub-millisecond times round up, as HAProxy does', async (t) => {
  // HAProxy's parse_time_err() computes (value * mult + div - 1) / div: 1500us
  // is 2 ms and 500us is 1 ms. haproxy -c on 'timeout client 500us' gives no
  // "missing timeouts" warning; tslb stores 0 (no timeout at all) and warns.
  const r = load(inListen('timeout check 1500us', 'timeout client 500us'));
  t.same(r.codes, [], 'no missing-timeouts warning');
  const p = r.model && proxy(r.model, 'l');
  t.equal(p?.timeouts.check, 2, 'timeout check 1500us');
  t.equal(p?.timeouts.client, 1, 'timeout client 500us is not "no timeout"');
  t.equal(proxy(modelOf(inListen('timeout check 2000us')), 'l').timeouts.check, 2, 'exact values are unchanged');
});

t.test('timeout values HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    // haproxy: "unexpected character 'a' in 'timeout client'"
    ['timeout client abc', 'TSLB_ERR_CFG_TIME', /got 'abc'/],
    ['timeout client 5x', 'TSLB_ERR_CFG_TIME', /unexpected character 'x' in 'timeout client'/],
    // haproxy: "timer overflow in argument '25d' to 'timeout client' (maximum value is 2147483647 ms or ~24.8 days)"
    ['timeout client 25d', 'TSLB_ERR_CFG_TIME', /timer overflow in argument '25d' to 'timeout client' \(maximum value is 2147483647 ms/],
    ['timeout client 1s 2s', 'TSLB_ERR_CFG_ARGS', /unexpected argument '2s'/],
    ['timeout client', 'TSLB_ERR_CFG_ARGS', /missing argument/],
  ];
  for (const [statement, code, message] of cases) {
    const r = load(inListen(statement));
    t.same(r.codes, [`${LISTEN_LINE}:${code}`], statement);
    t.match(r.lines[0], message, statement);
  }
});

t.test('retries, retry-on, http-reuse', async (t) => {
  let p = proxy(modelOf(inListen()), 'l');
  t.same(p.retries, { count: 3, on: ['conn-failure'], redispatchInterval: -1 }, 'built-in');
  t.equal(p.httpReuse, 'safe', 'built-in');
  p = proxy(modelOf(inListen('retries 5', 'retry-on conn-failure empty-response 503', 'http-reuse always')), 'l');
  t.same(p.retries, { count: 5, on: ['conn-failure', 'empty-response', '503'], redispatchInterval: -1 });
  t.equal(p.httpReuse, 'always');
  t.same(proxy(modelOf(inListen('retry-on all-retryable-errors')), 'l').retries.on, ['all-retryable-errors']);
  t.same(proxy(modelOf(inListen('retry-on none')), 'l').retries.on, ['none']);
  for (const reuse of ['never', 'safe', 'aggressive', 'always']) {
    t.equal(proxy(modelOf(inListen(`http-reuse ${reuse}`)), 'l').httpReuse, reuse);
  }
  // haproxy reads retries with atol()
  const r = load(inListen('retries 3x'));
  t.same(r.codes, [`${LISTEN_LINE}:TSLB_WRN_CFG_NUMBER`]);
  t.equal(r.model && proxy(r.model, 'l').retries.count, 3);

  const errors: [string, RegExp][] = [
    ['retry-on foo', /'retry-on' does not support 'foo'/],
    ['retry-on none 503', /'retry-on none' cannot be combined with other keywords/],
    ['http-reuse sometimes', /'http-reuse' expects 'never', 'safe', 'aggressive' or 'always', got 'sometimes'/],
  ];
  for (const [statement, message] of errors) {
    const e = load(inListen(statement));
    t.same(e.codes, [`${LISTEN_LINE}:TSLB_ERR_CFG_ARGS`], statement);
    t.match(e.lines[0], message, statement);
  }
});

t.test('errorfile, errorfiles, errorloc, errorloc302, errorloc303', async (t) => {
  const text = cfg(
    'http-errors site',
    `  errorfile 503 ${PAGE}`,
    ...HTTP_DEFAULTS,
    'listen l',
    '  bind :8080',
    `  errorfile 503 ${PAGE}`,
    '  errorfiles site 503 404',
    '  errorloc 502 http://example.com/502',
    '  errorloc302 504 http://example.com/504',
    '  errorloc303 500 http://example.com/500',
    '  server s 127.0.0.1:80',
    'listen all',
    '  bind :8081',
    '  errorfiles site',
    '  server s 127.0.0.1:80',
  );
  const m = modelOf(text);
  const l = proxy(m, 'l');
  const at = (fragment: string): number => lineOf(text, fragment);
  t.same(
    l.errorFiles.map((e) => [e.status, e.kind, e.value, e.place.line]),
    [
      [503, 'file', PAGE, lineOf(text, `errorfile 503 ${PAGE}`, 2)],
      [503, 'http-errors', 'site', at('errorfiles site 503')],
      [404, 'http-errors', 'site', at('errorfiles site 503')],
      [502, 'location-302', 'http://example.com/502', at('errorloc 502')],
      [504, 'location-302', 'http://example.com/504', at('errorloc302')],
      [500, 'location-303', 'http://example.com/500', at('errorloc303')],
    ],
  );
  t.same(
    proxy(m, 'all').errorFiles.map((e) => e.status),
    [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504],
    "'errorfiles <name>' alone takes every status code",
  );
  t.same(m.httpErrors, [{ place: { file: FILE, line: 1 }, name: 'site', errorFiles: [{ status: 503, file: PAGE }] }]);

  const errors: [string, string, RegExp][] = [
    // haproxy: "errorfile : status code '418' not handled."
    [`errorfile 418 ${PAGE}`, 'TSLB_ERR_CFG_ARGS', /status code 418 not handled by 'errorfile'/],
    // haproxy: "errorfile : error opening file '...'."
    [`errorfile 503 ${join(tmp, 'missing.http')}`, 'TSLB_ERR_CFG_FILE', /errorfile : error opening file '.*missing\.http' \(ENOENT\)/],
    // haproxy: "errorloc : expects <status_code> and <url> as arguments."
    ['errorloc 503', 'TSLB_ERR_CFG_ARGS', /missing argument; 'errorloc' expects <code> <url>/],
    ['errorloc303 418 http://x/', 'TSLB_ERR_CFG_ARGS', /status code 418 not handled by 'errorloc303'/],
  ];
  for (const [statement, code, message] of errors) {
    const r = load(inListen(statement));
    t.same(r.codes, [`${LISTEN_LINE}:${code}`], statement);
    t.match(r.lines[0], message, statement);
  }
});

// ---------------------------------------------------------------------------
// stats
// ---------------------------------------------------------------------------

t.test('every stats keyword enables the statistics page', async (t) => {
  // Verified on haproxy -c: each one alone in a TCP listen section gives
  // "'stats' statement ignored for proxy 'l' as it requires HTTP mode".
  const cases: [string, Partial<Proxy['stats']>][] = [
    ['stats enable', {}],
    ['stats uri /st', { uri: '/st' }],
    ['stats realm My\\ Realm', { realm: 'My Realm' }],
    ['stats auth admin:s3cret', { auth: [{ user: 'admin', password: 's3cret' }] }],
    ['stats refresh 10s', { refresh: 10_000 }],
    ['stats hide-version', { hideVersion: true }],
    ['stats scope .', { scope: ['.'] }],
    ['stats show-legends', { showLegends: true }],
    ['stats show-desc primary lb', { showDesc: 'primary lb' }],
    ['stats show-node', { showNode: '' }],
    ['stats show-node lb1', { showNode: 'lb1' }],
  ];
  const off = proxy(modelOf(inListen()), 'l').stats;
  t.same(off, {
    enabled: false,
    uri: '/haproxy?stats',
    realm: 'HAProxy Statistics',
    auth: [],
    refresh: 0,
    hideVersion: false,
    scope: [],
    showLegends: false,
    admin: [],
    httpRequest: [],
  });
  for (const [statement, changed] of cases) {
    const stats = proxy(modelOf(inListen(statement)), 'l').stats;
    t.match(stats, { ...changed, enabled: true }, statement);
    const tcp = load(cfg('defaults', ...TIMEOUTS, 'listen l', '  bind :8080', `  ${statement}`, '  server s 127.0.0.1:80'));
    t.same(tcp.codes, ['5:TSLB_WRN_CFG_HTTP_IN_TCP'], `${statement} in a TCP proxy`);
    t.equal(tcp.model && proxy(tcp.model, 'l').stats.enabled, false, `${statement}: disabled again in a TCP proxy`);
  }
});

t.test('stats auth: split at the first colon, accumulated', async (t) => {
  const stats = proxy(modelOf(inListen('stats auth admin:se:cret', 'stats auth bob:', 'stats auth carol:pw')), 'l').stats;
  t.same(stats.auth, [
    { user: 'admin', password: 'se:cret' },
    { user: 'bob', password: '' },
    { user: 'carol', password: 'pw' },
  ]);
});

t.test('stats arguments HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['stats refresh x', 'TSLB_ERR_CFG_TIME', /'stats refresh' expects an integer value/],
    ['stats uri', 'TSLB_ERR_CFG_ARGS', /missing argument; 'stats uri' expects <prefix>/],
    ['stats scope', 'TSLB_ERR_CFG_ARGS', /missing argument; 'stats scope'/],
  ];
  for (const [statement, code, message] of cases) {
    const r = load(inListen(statement));
    t.same(r.codes, [`${LISTEN_LINE}:${code}`], statement);
    t.match(r.lines[0], message, statement);
  }
});

// ---------------------------------------------------------------------------
// log
// ---------------------------------------------------------------------------

t.test('log targets in global, log global, no log', async (t) => {
  const text = cfg(
    'global',
    '  log stdout format raw local0',
    '  log 10.0.0.1 len 2048 format rfc5424 local1 info',
    '  log 10.0.0.2:1514 sample 1-3,5:10 local2 notice err',
    '  log /dev/log daemon',
    '  log stderr user',
    '  log [::1] local3',
    '  log udp@10.0.0.3:600 local4',
    '  log unix@/var/run/log local5',
    ...HTTP_DEFAULTS,
    '  log global',
    'frontend inherits',
    '  bind :8080',
    '  option httplog',
    '  default_backend b',
    'frontend own',
    '  bind :8081',
    '  no log',
    '  log 127.0.0.1:2000 local7',
    '  default_backend b',
    'frontend none',
    '  bind :8082',
    '  no log',
    '  default_backend b',
    'backend b',
    '  server s 127.0.0.1:80',
  );
  const r = load(text);
  t.same(r.codes, [], 'HAProxy accepts it silently');
  const m = modelOf(text);
  const base = { len: 1024, format: 'local', global: false };
  t.same(m.global.logs, [
    { ...base, destination: { kind: 'stdout' }, format: 'raw', formatGiven: true, facility: 'local0', level: undefined, minLevel: undefined, sample: undefined },
    { ...base, destination: { kind: 'udp', host: '10.0.0.1', port: 514 }, len: 2048, format: 'rfc5424', formatGiven: true, facility: 'local1', level: 'info', minLevel: undefined, sample: undefined },
    { ...base, destination: { kind: 'udp', host: '10.0.0.2', port: 1514 }, facility: 'local2', level: 'notice', minLevel: 'err', sample: '1-3,5:10' },
    { ...base, destination: { kind: 'unix', path: '/dev/log' }, facility: 'daemon', level: undefined, minLevel: undefined, sample: undefined },
    { ...base, destination: { kind: 'stderr' }, facility: 'user', level: undefined, minLevel: undefined, sample: undefined },
    { ...base, destination: { kind: 'udp', host: '::1', port: 514 }, facility: 'local3', level: undefined, minLevel: undefined, sample: undefined },
    { ...base, destination: { kind: 'udp', host: '10.0.0.3', port: 600 }, facility: 'local4', level: undefined, minLevel: undefined, sample: undefined },
    { ...base, destination: { kind: 'unix', path: '/var/run/log' }, facility: 'local5', level: undefined, minLevel: undefined, sample: undefined },
  ]);
  const inherits = proxy(m, 'inherits').logs;
  t.same(
    inherits.map((l) => ({ ...l, global: false })),
    m.global.logs,
    "'log global' (from defaults) is replaced by the global section's targets",
  );
  t.ok(inherits.every((l) => l.global), 'each marked as coming from log global');
  t.same(
    proxy(m, 'own').logs.map((l) => [l.destination, l.facility, l.global]),
    [[{ kind: 'udp', host: '127.0.0.1', port: 2000 }, 'local7', false]],
    "'no log' drops the inherited targets",
  );
  t.same(proxy(m, 'none').logs, []);
  t.equal(proxy(m, 'b').logs.length, 8, 'the backend inherits log global too');
});

t.test('log arguments HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['log 10.0.0.1 local9', 'TSLB_ERR_CFG_ARGS', /unknown log facility 'local9'/],
    ['log 10.0.0.1 len 10 local0', 'TSLB_ERR_CFG_NUMBER', /'log len' expects a value between 80 and 65535/],
    ['log 10.0.0.1 format foo local0', 'TSLB_ERR_CFG_ARGS', /unknown log format 'foo'/],
    ['log 10.0.0.1 local0 loud', 'TSLB_ERR_CFG_ARGS', /unknown optional log level 'loud'/],
    ['log global x', 'TSLB_ERR_CFG_ARGS', /unexpected argument 'x'/],
    ['log', 'TSLB_ERR_CFG_ARGS', /'log' expects '<target>/],
    ['no log x', 'TSLB_ERR_CFG_ARGS', /'no log' takes no argument/],
  ];
  for (const [statement, code, message] of cases) {
    const r = load(inListen(statement));
    t.same(r.codes, [`${LISTEN_LINE}:${code}`], statement);
    t.match(r.lines[0], message, statement);
  }
});

t.test('a log format with nowhere to send it is a warning', async (t) => {
  // haproxy -c: "log format ignored for frontend 'f' since it has no log address." / "... for proxy 'l' ..."
  const text = cfg(
    ...HTTP_DEFAULTS,
    'frontend f',
    '  bind :8080',
    '  log-format "%ci"',
    '  default_backend b',
    'listen l',
    '  bind :8081',
    '  log global',
    '  option httplog',
    '  server s 127.0.0.1:80',
    'frontend fine',
    '  bind :8082',
    '  log stdout local0',
    '  option httplog',
    '  default_backend b',
    'backend b',
    '  server s 127.0.0.1:80',
  );
  const r = load(text);
  t.ok(r.model);
  t.same(r.codes, [`${lineOf(text, 'frontend f')}:TSLB_WRN_CFG_NO_LOG_TARGET`, `${lineOf(text, 'listen l')}:TSLB_WRN_CFG_NO_LOG_TARGET`]);
  t.match(r.lines[0], /log format ignored for frontend 'f' since it has no log address/);
  t.match(r.lines[1], /log format ignored for proxy 'l' since it has no log address/, "'log global' without global targets is no target");
});

// ---------------------------------------------------------------------------
// global
// ---------------------------------------------------------------------------

t.test('global keywords', async (t) => {
  const text = inGlobal(
    'maxconn 4096',
    'nbthread 4',
    'hard-stop-after 30s',
    'stats socket /run/tslb/admin.sock level admin mode 660 user haproxy group staff expose-fd listeners',
    'stats socket 127.0.0.1:9999',
    'stats socket ipv4@127.0.0.1:9998 level user',
    'stats timeout 2m',
    'stats maxconn 20',
    'tune.bufsize 32768',
    'tune.maxrewrite 2048',
    'tune.http.maxhdr 200',
    'spread-checks 5',
    'ssl-default-bind-ciphers ECDHE+AESGCM',
    'ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256',
    'ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets',
    'ssl-default-server-ciphers HIGH',
    'ssl-default-server-ciphersuites TLS_AES_256_GCM_SHA384',
    'ssl-default-server-options no-sslv3',
    'ssl-server-verify none',
    'h1-case-adjust content-length Content-Length',
    'h1-case-adjust x-foo X-FOO',
    'strict-limits',
  );
  t.same(load(text).codes, []);
  const g = modelOf(text).global;
  t.match(g, {
    maxconn: 4096,
    nbthread: 4,
    hardStopAfter: 30_000,
    statsTimeout: 120_000,
    statsMaxconn: 20,
    tune: { bufsize: 32768, maxrewrite: 2048, httpMaxhdr: 200, httpCookielen: 0, httpLogurilen: 1024 },
    spreadChecks: 5,
    sslDefaultBindCiphers: 'ECDHE+AESGCM',
    sslDefaultBindCiphersuites: 'TLS_AES_128_GCM_SHA256',
    sslDefaultBindOptions: ['ssl-min-ver', 'TLSv1.2', 'no-tls-tickets'],
    sslDefaultServerCiphers: 'HIGH',
    sslDefaultServerCiphersuites: 'TLS_AES_256_GCM_SHA384',
    sslDefaultServerOptions: ['no-sslv3'],
    sslServerVerify: 'none',
    h1CaseAdjust: [
      { from: 'content-length', to: 'Content-Length' },
      { from: 'x-foo', to: 'X-FOO' },
    ],
    strictLimits: true,
  });
  t.same(g.statsSockets, [
    {
      place: { file: FILE, line: 5 },
      address: { kind: 'unix', path: '/run/tslb/admin.sock' },
      level: 'admin',
      mode: 0o660,
      user: 'haproxy',
      group: 'staff',
      exposeFdListeners: true,
    },
    { place: { file: FILE, line: 6 }, address: { kind: 'inet', host: '127.0.0.1', port: 9999, family: 'any' }, level: 'operator', exposeFdListeners: false },
    { place: { file: FILE, line: 7 }, address: { kind: 'inet', host: '127.0.0.1', port: 9998, family: 'ipv4' }, level: 'user', exposeFdListeners: false },
  ]);
});

t.test('global built-in values', async (t) => {
  const g = modelOf(inGlobal()).global;
  t.same(g, {
    logs: [],
    statsSockets: [],
    statsTimeout: 10_000,
    statsMaxconn: 10,
    nbthread: 1,
    tune: { bufsize: 16384, maxrewrite: 1024, httpMaxhdr: 101, httpCookielen: 0, httpLogurilen: 1024 },
    spreadChecks: 0,
    sslDefaultBindOptions: [],
    sslDefaultServerOptions: [],
    sslServerVerify: 'required',
    h1CaseAdjust: [],
    strictLimits: false,
  });
  t.equal(modelOf(inGlobal('strict-limits', 'no strict-limits')).global.strictLimits, false, "'no strict-limits'");
  const r = load(inGlobal('maxconn 12x'));
  t.same(r.codes, ['2:TSLB_WRN_CFG_NUMBER'], 'maxconn is read with atol(), as HAProxy');
  t.equal(r.model?.global.maxconn, 12);
});

t.test('setenv, presetenv, unsetenv, resetenv affect the later "${VAR}" expansions', async (t) => {
  // haproxy -c with A=1 B=2 in the environment prints the same notice.
  const text = cfg(
    'global',
    '  resetenv A',
    '  setenv C 3',
    '  presetenv C 4',
    '  presetenv D 5',
    '  unsetenv D',
    '  setenv PORT 8080',
    '  .notice "A=${A-none} B=${B-none} C=${C-none} D=${D-none}"',
    ...HTTP_DEFAULTS,
    'frontend f',
    '  bind ":${PORT}"',
    '  bind ":${E-7070}"',
    '  description "${B-b was reset}"',
    '  default_backend b',
    'backend b',
    '  server s 127.0.0.1:80',
  );
  const r = load(text, { A: '1', B: '2', E: '9' });
  t.same(r.codes, ['8:TSLB_NOTE_CFG_NOTICE']);
  t.equal(r.diagnostics[0]?.message, "'A=1 B=none C=3 D=none'");
  const f = r.model && proxy(r.model, 'f');
  t.same(f?.binds.map((b) => b.spec), [':8080', ':7070'], 'E was removed by resetenv');
  t.equal(f?.description, 'b was reset');
  // presetenv keeps a value from the environment
  const kept = load(cfg('global', '  presetenv PORT 1', ...HTTP_DEFAULTS, 'frontend f', '  bind ":${PORT}"', '  default_backend b', 'backend b', '  server s 127.0.0.1:80'), { PORT: '8443' });
  t.same(kept.model && proxy(kept.model, 'f').binds.map((b) => b.spec), [':8443']);
});

t.test('global values HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    // haproxy: "'nbthread' value must be between 1 and 64 (was 0)"
    ['nbthread 0', 'TSLB_ERR_CFG_NUMBER', /'nbthread' expects a value between 1 and 64, got 0/],
    ['nbthread 65', 'TSLB_ERR_CFG_NUMBER', /got 65/],
    ['nbthread abc', 'TSLB_ERR_CFG_NUMBER', /'nbthread' expects an integer argument, got 'abc'/],
    ['hard-stop-after abc', 'TSLB_ERR_CFG_TIME', /'hard-stop-after'/],
    ['tune.http.maxhdr 0', 'TSLB_ERR_CFG_NUMBER', /'tune.http.maxhdr' expects a value between 1 and 32767/],
    ['tune.http.maxhdr 40000', 'TSLB_ERR_CFG_NUMBER', /'tune.http.maxhdr' expects a value between 1 and 32767/],
    ['spread-checks 60', 'TSLB_ERR_CFG_NUMBER', /'spread-checks' expects a value between 0 and 50/],
    ['stats timeout 0', 'TSLB_ERR_CFG_TIME', /'stats timeout' expects a positive value/],
    ['stats maxconn 0', 'TSLB_ERR_CFG_NUMBER', /'stats maxconn' expects a value between 1/],
    ['stats socket /tmp/a.sock level root', 'TSLB_ERR_CFG_ARGS', /'level' only supports 'user', 'operator', and 'admin', got 'root'/],
    ['stats socket /tmp/a.sock mode 999', 'TSLB_ERR_CFG_ARGS', /'mode' expects an octal permission/],
    ['stats socket /tmp/a.sock expose-fd foo', 'TSLB_ERR_CFG_ARGS', /'expose-fd' expects 'listeners', got 'foo'/],
    ['stats socket /tmp/a.sock foo', 'TSLB_ERR_CFG_UNSUPPORTED', /'stats socket' option 'foo' is not supported/],
    ['ssl-server-verify maybe', 'TSLB_ERR_CFG_ARGS', /'ssl-server-verify' expects 'none' or 'required', got 'maybe'/],
    ['h1-case-adjust content-length Content-Type', 'TSLB_ERR_CFG_ARGS', /'h1-case-adjust' expects '<to>' to be '<from>' with another case/],
    ['no maxconn 5', 'TSLB_ERR_CFG_MODIFIER', /'no' prefix is only supported for options, log/],
    ['setenv A', 'TSLB_ERR_CFG_ARGS', /missing argument; 'setenv' expects <name> <value>/],
    ['unsetenv', 'TSLB_ERR_CFG_ARGS', /missing argument; 'unsetenv'/],
  ];
  for (const [statement, code, message] of cases) {
    const r = load(inGlobal(statement));
    t.equal(r.model, undefined, statement);
    t.same(r.codes, [`2:${code}`], statement);
    t.match(r.lines[0], message, statement);
  }
});

// ---------------------------------------------------------------------------
// userlist, resolvers, http-errors
// ---------------------------------------------------------------------------

t.test('userlist, resolvers and http-errors sections in the model', async (t) => {
  const hash = '$6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g.';
  const text = cfg(
    'userlist admins',
    '  group ops users alice,bob',
    '  group dev',
    '  user alice insecure-password s3cret groups dev',
    `  user bob password ${hash}`,
    '  user alice insecure-password dup',
    'userlist admins',
    'resolvers dns',
    '  nameserver ns1 10.0.0.53:53',
    '  nameserver ns2 [::1]:5353',
    '  parse-resolv-conf',
    '  resolve_retries 5',
    '  timeout resolve 2s',
    '  timeout retry 500ms',
    '  hold valid 20s',
    '  hold nx 5s',
    '  accepted_payload_size 8192',
    'resolvers plain',
    '  nameserver ns 127.0.0.1:53',
    'http-errors errs',
    `  errorfile 503 ${PAGE}`,
    `  errorfile 404 ${PAGE}`,
    ...HTTP_DEFAULTS,
    'listen l',
    '  bind :8080',
    '  errorfiles errs',
    '  acl ok http_auth(admins)',
    '  http-request auth unless ok',
    '  server s 127.0.0.1:80 resolvers dns',
  );
  const r = load(text);
  // haproxy -c: "ignoring duplicated user 'alice' in userlist 'admins'." and "ignoring duplicated userlist 'admins'."
  t.same(r.codes, ['6:TSLB_WRN_CFG_DUPLICATE', '7:TSLB_WRN_CFG_DUPLICATE']);
  const m = modelOf(text);
  t.same(m.userlists, [
    {
      place: { file: FILE, line: 1 },
      name: 'admins',
      groups: [
        { place: { file: FILE, line: 2 }, name: 'ops', users: ['alice', 'bob'] },
        { place: { file: FILE, line: 3 }, name: 'dev', users: [] },
      ],
      users: [
        { place: { file: FILE, line: 4 }, name: 'alice', password: { kind: 'insecure', value: 's3cret' }, groups: ['dev'] },
        { place: { file: FILE, line: 5 }, name: 'bob', password: { kind: 'crypt', value: hash }, groups: [] },
      ],
    },
  ]);
  t.same(m.resolvers, [
    {
      place: { file: FILE, line: 8 },
      name: 'dns',
      nameservers: [
        { place: { file: FILE, line: 9 }, name: 'ns1', host: '10.0.0.53', port: 53 },
        { place: { file: FILE, line: 10 }, name: 'ns2', host: '::1', port: 5353 },
      ],
      parseResolvConf: true,
      resolveRetries: 5,
      timeoutResolve: 2000,
      timeoutRetry: 500,
      hold: { nx: 5000, other: 30_000, refused: 30_000, timeout: 30_000, valid: 20_000, obsolete: 0 },
      acceptedPayloadSize: 8192,
    },
    {
      place: { file: FILE, line: 18 },
      name: 'plain',
      nameservers: [{ place: { file: FILE, line: 19 }, name: 'ns', host: '127.0.0.1', port: 53 }],
      parseResolvConf: false,
      resolveRetries: 3,
      timeoutResolve: 1000,
      timeoutRetry: 1000,
      hold: { nx: 30_000, other: 30_000, refused: 30_000, timeout: 30_000, valid: 10_000, obsolete: 0 },
      acceptedPayloadSize: 512,
    },
  ]);
  t.same(m.httpErrors, [
    {
      place: { file: FILE, line: 20 },
      name: 'errs',
      errorFiles: [
        { status: 503, file: PAGE },
        { status: 404, file: PAGE },
      ],
    },
  ]);
  t.equal(proxy(m, 'l').servers[0]?.resolvers, 'dns');
});

t.test('userlist, resolvers and http-errors errors', async (t) => {
  const listen = [...HTTP_DEFAULTS, 'listen l', '  bind :8080', '  server s 127.0.0.1:80'];
  const cases: [string[], string[], RegExp][] = [
    // HAProxy refuses: "userlist 'broken': no such user 'nobody' specified in group 'g'"
    [['userlist broken', '  group g users nobody'], ['2:TSLB_ERR_CFG_UNKNOWN_REFERENCE'], /group 'g' of userlist 'broken' names unknown user 'nobody'/],
    // "userlist 'b2': no such group 'nogroup' specified in user 'x'"
    [['userlist b2', '  user x insecure-password a groups nogroup'], ['2:TSLB_ERR_CFG_UNKNOWN_REFERENCE'], /user 'x' of userlist 'b2' is in unknown group 'nogroup'/],
    // "unknown keyword 'usr' in 'users' section"
    [['userlist u', '  usr typo'], ['2:TSLB_ERR_CFG_UNKNOWN_KEYWORD'], /unknown keyword 'usr' in 'userlist' section; did you mean 'user' \?/],
    // a bcrypt hash: HAProxy hands it to crypt(3); tslb refuses it explicitly
    [['userlist u', '  user carol password $2y$10$abc'], ['2:TSLB_ERR_CFG_UNSUPPORTED'], /crypt\(3\) scheme tslb does not support/],
    // "nameserver 'ns1' has same name as another nameserver (declared at ...)"
    [['resolvers d', '  nameserver ns1 10.0.0.53:53', '  nameserver ns1 10.0.0.54:53'], ['3:TSLB_ERR_CFG_DUPLICATE'], /nameserver 'ns1' is declared twice/],
    // "'hold' unknown <event>: 'foo', expects either 'nx', 'timeout', 'valid', 'obsolete' or 'other'."
    [['resolvers d', '  hold foo 1s'], ['2:TSLB_ERR_CFG_ARGS'], /'hold' unknown status 'foo'/],
    // "'timeout' expects 'retry' or 'resolve' and <time> as arguments got 'bogus'."
    [['resolvers d', '  timeout bogus 1s'], ['2:TSLB_ERR_CFG_ARGS'], /'timeout' expects 'retry' or 'resolve' and <time> as arguments, got 'bogus'/],
    // "errorfile : status code '418' not handled."
    [['http-errors e', `  errorfile 418 ${PAGE}`], ['2:TSLB_ERR_CFG_ARGS'], /errorfile: status code '418' not handled/],
    // "errorfile : error opening file '...'."
    [['http-errors e', `  errorfile 404 ${join(tmp, 'nope.http')}`], ['2:TSLB_ERR_CFG_FILE'], /errorfile : error opening file '.*nope\.http' \(ENOENT\)/],
    [['http-errors e', `  errorfile 503 ${PAGE}`, 'http-errors e'], ['3:TSLB_ERR_CFG_DUPLICATE'], /http-errors section 'e' has the same name as the one declared at lb\.cfg:1/],
    [['resolvers d', 'resolvers d'], ['2:TSLB_ERR_CFG_DUPLICATE'], /resolvers section 'd' has the same name/],
    [['userlist'], ['1:TSLB_ERR_CFG_NAME'], /missing name for 'userlist' section/],
  ];
  for (const [section, codes, message] of cases) {
    const r = load(cfg(...section, ...listen));
    t.equal(r.model, undefined, section.join(' / '));
    t.same(r.codes, codes, section.join(' / '));
    t.match(r.lines[0], message, section.join(' / '));
  }
});

// ---------------------------------------------------------------------------
// Keywords tslb ignores, does not support, HAProxy removed, or does not know
// ---------------------------------------------------------------------------

t.test('tuning keywords are accepted and ignored with a warning', async (t) => {
  const text = cfg(
    'global',
    '  daemon',
    '  chroot /var/empty',
    '  tune.ssl.default-dh-param 2048',
    ...HTTP_DEFAULTS,
    'listen l',
    '  bind :8080',
    '  option splice-auto',
    '  server s 127.0.0.1:80',
  );
  const r = load(text);
  t.ok(r.model, 'the configuration is valid');
  t.same(r.codes, ['2:TSLB_WRN_CFG_IGNORED', '3:TSLB_WRN_CFG_IGNORED', '4:TSLB_WRN_CFG_IGNORED', `${lineOf(text, 'splice-auto')}:TSLB_WRN_CFG_IGNORED`]);
  t.same(
    r.diagnostics.map((d) => d.keyword),
    ['daemon', 'chroot', 'tune.ssl.default-dh-param', 'option splice-auto'],
  );
  t.match(r.lines[0], /'daemon' is accepted and ignored by tslb: tslb stays in the foreground/);
});

t.test('keywords HAProxy accepts and tslb does not support are errors', async (t) => {
  const text = cfg(
    'global',
    '  lua-load /etc/haproxy/a.lua',
    ...HTTP_DEFAULTS,
    'listen l',
    '  bind :8080',
    '  compression algo gzip',
    '  option originalto',
    '  server s 127.0.0.1:80',
    'peers mypeers',
    '  peer lb1 127.0.0.1:1024',
  );
  const r = load(text);
  t.equal(r.model, undefined);
  t.same(r.codes, [
    '2:TSLB_ERR_CFG_UNSUPPORTED',
    `${lineOf(text, 'compression')}:TSLB_ERR_CFG_UNSUPPORTED`,
    `${lineOf(text, 'originalto')}:TSLB_ERR_CFG_UNSUPPORTED`,
    `${lineOf(text, 'peers')}:TSLB_ERR_CFG_UNSUPPORTED`,
  ]);
  t.same(
    r.diagnostics.map((d) => d.message),
    ["'lua-load' is not supported by tslb", "'compression' is not supported by tslb", "'option originalto' is not supported by tslb", "'peers' section 'mypeers' is not supported by tslb"],
  );
});

t.test('keywords removed from HAProxy are errors that name the replacement', async (t) => {
  // haproxy -c: "The 'reqadd' directive is not supported anymore since HAProxy 2.1. Use 'http-request add-header' instead."
  const text = cfg('global', '  nbproc 2', ...HTTP_DEFAULTS, 'listen l', '  bind :8080', '  reqadd X-Foo:\\ bar', '  option forceclose', '  server s 127.0.0.1:80');
  const r = load(text);
  t.equal(r.model, undefined);
  t.same(r.codes, ['2:TSLB_ERR_CFG_REMOVED', `${lineOf(text, 'reqadd')}:TSLB_ERR_CFG_REMOVED`, `${lineOf(text, 'forceclose')}:TSLB_ERR_CFG_REMOVED`]);
  t.equal(r.diagnostics[1]?.message, "'reqadd' is not supported anymore since HAProxy 2.1; use 'http-request add-header' instead");
  t.equal(r.diagnostics[2]?.message, "'option forceclose' is not supported anymore since HAProxy 2.0; use 'option httpclose' instead");
  t.match(r.diagnostics[0]?.message, /^'nbproc' is not supported anymore since HAProxy 2\.5/);
});

t.test('unknown keywords, with a did-you-mean hint when one is close', async (t) => {
  const cases: [string, string, string, string | undefined][] = [
    // [section, statement, message, hint]; haproxy -c says "did you mean 'maxconn' maybe ?"
    ['global', 'maxcon 100', "unknown keyword 'maxcon' in 'global' section", "did you mean 'maxconn' ?"],
    ['listen', 'balnce roundrobin', "unknown keyword 'balnce' in 'listen' section", "did you mean 'balance' ?"],
    ['listen', 'option httplogg', "unknown option 'httplogg'", "did you mean 'httplog' ?"],
    ['listen', 'timeout clinet 5s', "unknown 'timeout' keyword 'clinet'", "did you mean 'client' ?"],
    ['listen', 'frobnicate yes', "unknown keyword 'frobnicate' in 'listen' section", undefined],
  ];
  for (const [section, statement, message, hint] of cases) {
    const r = load(section === 'global' ? inGlobal(statement) : inListen(statement));
    const line = section === 'global' ? 2 : LISTEN_LINE;
    t.same(r.codes, [`${line}:TSLB_ERR_CFG_UNKNOWN_KEYWORD`], statement);
    t.equal(r.diagnostics[0]?.message, message, statement);
    t.equal(r.diagnostics[0]?.hint, hint, statement);
  }
  const bare = load(inListen('option'));
  t.same(bare.codes, [`${LISTEN_LINE}:TSLB_ERR_CFG_UNKNOWN_KEYWORD`]);
  t.match(bare.diagnostics[0]?.message, /^'option' expects one of 'abortonclose', .*'httplog'/);
  // haproxy -c: "unknown keyword 'maxconn' out of section."
  const out = load(cfg('maxconn 10', ...HTTP_DEFAULTS, 'listen l', '  bind :8080', '  server s 127.0.0.1:80'));
  t.same(out.codes, ['1:TSLB_ERR_CFG_OUT_OF_SECTION']);
  t.equal(out.diagnostics[0]?.message, "unknown keyword 'maxconn' out of section");
});

// ---------------------------------------------------------------------------
// The keyword matrix (manual 4.1): which section may hold what
// ---------------------------------------------------------------------------

t.test('capability rules: a warning where HAProxy ignores, an error where it refuses', async (t) => {
  const cases: [string, string, string, string][] = [
    // [section, statement, code, message]; every message checked against haproxy -c 2.6.12
    ['frontend', 'balance roundrobin', 'TSLB_WRN_CFG_CAPABILITY', "'balance' ignored because frontend 'x' has no backend capability"],
    ['frontend', 'timeout server 3s', 'TSLB_WRN_CFG_CAPABILITY', "'timeout server' ignored because frontend 'x' has no backend capability"],
    ['backend', 'option httplog', 'TSLB_WRN_CFG_CAPABILITY', "'option httplog' ignored because backend 'x' has no frontend capability"],
    ['backend', 'timeout client 3s', 'TSLB_WRN_CFG_CAPABILITY', "'timeout client' ignored because backend 'x' has no frontend capability"],
    ['backend', 'default_backend b', 'TSLB_WRN_CFG_CAPABILITY', "'default_backend' ignored because backend 'x' has no frontend capability"],
    ['backend', 'bind :8081', 'TSLB_WRN_CFG_CAPABILITY', "'bind' ignored because backend 'x' has no frontend capability"],
    ['frontend', 'server s1 127.0.0.1:80', 'TSLB_ERR_CFG_NOT_ALLOWED', "'server' not allowed because frontend 'x' has no backend capability"],
    ['frontend', 'default-server inter 3s', 'TSLB_ERR_CFG_NOT_ALLOWED', "'default-server' not allowed because frontend 'x' has no backend capability"],
    ['defaults', 'bind :8080', 'TSLB_ERR_CFG_NOT_ALLOWED', "'bind' not allowed in 'defaults' section"],
    ['defaults', 'server s1 127.0.0.1:80', 'TSLB_ERR_CFG_NOT_ALLOWED', "'server' not allowed in 'defaults' section"],
    ['defaults', 'use_backend b', 'TSLB_ERR_CFG_NOT_ALLOWED', "'use_backend' not allowed in 'defaults' section"],
    ['defaults', 'description foo', 'TSLB_ERR_CFG_NOT_ALLOWED', "'description' not allowed in 'defaults' section"],
    ['defaults', 'id 5', 'TSLB_ERR_CFG_NOT_ALLOWED', "'id' not allowed in 'defaults' section"],
    ['defaults', 'stick-table type ip size 1k', 'TSLB_ERR_CFG_NOT_ALLOWED', "'stick-table' not allowed in 'defaults' section"],
    ['defaults', 'acl a path /', 'TSLB_ERR_CFG_ANON_DEFAULTS_RULE', "'acl' not allowed in anonymous 'defaults' section"],
    ['defaults', 'http-request deny', 'TSLB_ERR_CFG_ANON_DEFAULTS_RULE', "'http-request' not allowed in anonymous 'defaults' section"],
  ];
  for (const [section, statement, code, message] of cases) {
    const text =
      section === 'defaults'
        ? cfg(...HTTP_DEFAULTS, `  ${statement}`, 'listen l', '  bind :8080', '  server s 127.0.0.1:80', 'backend b', '  server s 127.0.0.1:80')
        : section === 'frontend'
          ? cfg(...HTTP_DEFAULTS, 'frontend x', '  bind :8080', `  ${statement}`, '  default_backend b', 'backend b', '  server s 127.0.0.1:80')
          : cfg(...HTTP_DEFAULTS, 'frontend f', '  bind :8080', '  default_backend x', 'backend x', `  ${statement}`, '  server s 127.0.0.1:80', 'backend b', '  server s 127.0.0.1:80');
    const r = load(text);
    t.same(r.codes, [`${lineOf(text, statement)}:${code}`], `${section}: ${statement}`);
    t.equal(r.diagnostics[0]?.message, message, `${section}: ${statement}`);
    t.equal(r.model === undefined, code.startsWith('TSLB_ERR_'), `${section}: ${statement} ${code.startsWith('TSLB_ERR_') ? 'refuses' : 'keeps'} the file`);
  }
});

t.test('a setting ignored for lack of capability stays out of the model', async (t) => {
  const text = cfg(
    ...HTTP_DEFAULTS,
    'frontend f',
    '  bind :8080',
    '  balance source',
    '  default_backend x',
    'backend x',
    '  option httplog',
    '  timeout client 3s',
    '  default_backend y',
    '  server s 127.0.0.1:80',
    'backend y',
    '  server s 127.0.0.1:81',
  );
  const m = modelOf(text);
  t.same(proxy(m, 'f').balance, { kind: 'roundrobin' });
  const x = proxy(m, 'x');
  t.same(x.logFormat, { kind: 'default' });
  t.equal(x.timeouts.client, 5000, 'still the value from defaults');
  t.equal(x.defaultBackend, undefined);
});

// ---------------------------------------------------------------------------
// Cross-checks (HAProxy's check_config_validity)
// ---------------------------------------------------------------------------

t.test('cross-references', async (t) => {
  // Each case alone through haproxy -c 2.6.12, which refuses it with the message quoted.
  const cases: [string, string[], string, RegExp][] = [
    [
      "Proxy 'f': unable to find required default_backend: 'nope'.",
      ['frontend f', '  bind :8080', '  default_backend nope', 'backend b', '  server s 127.0.0.1:80'],
      'default_backend nope:TSLB_ERR_CFG_UNKNOWN_BACKEND',
      /unable to find required default_backend: 'nope'/,
    ],
    [
      'use_backend to an unknown backend',
      ['frontend f', '  bind :8080', '  use_backend apii if TRUE', '  default_backend api', 'backend api', '  server s 127.0.0.1:80'],
      'use_backend apii:TSLB_ERR_CFG_UNKNOWN_BACKEND',
      /unable to find required use_backend: 'apii'; did you mean 'api' \?/,
    ],
    [
      "http frontend 'f' tries to use incompatible tcp backend 'b' as its default backend (see 'mode').",
      ['frontend f', '  bind :8080', '  default_backend b', 'backend b', '  mode tcp', '  server s 127.0.0.1:80'],
      'default_backend b:TSLB_ERR_CFG_NOT_ALLOWED',
      /http frontend 'f' tries to use incompatible tcp backend 'b' \(lb\.cfg:9\) in 'default_backend'/,
    ],
    [
      "proxy 'l' : unable to find server 's9' referenced in a 'use-server' rule.",
      ['listen l', '  bind :8080', '  use-server s9 if TRUE', '  server s1 127.0.0.1:80'],
      'use-server:TSLB_ERR_CFG_UNKNOWN_SERVER',
      /use-server: unable to find server 's9' in listen 'l'/,
    ],
    [
      'no such ACL',
      ['listen l', '  bind :8080', '  acl is_api path_beg /api', '  http-request deny if is_apii', '  server s1 127.0.0.1:80'],
      'deny if:TSLB_ERR_CFG_UNKNOWN_ACL',
      /no such ACL : 'is_apii' in 'http-request' condition; did you mean 'is_api' \?/,
    ],
    [
      "'server l/s1' : unable to find required proxy 'nobe' for tracking.",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80 track nobe/s1'],
      'track:TSLB_ERR_CFG_UNKNOWN_SERVER',
      /'server l\/s1' : unable to find required proxy 'nobe' for tracking/,
    ],
    [
      "'server l/s1' : unable to find required server 'zz' for tracking.",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80 track zz'],
      'track:TSLB_ERR_CFG_UNKNOWN_SERVER',
      /unable to find required server 'l\/zz' for tracking/,
    ],
    [
      "'server l/s2' : unable to enable checks and tracking at the same time!",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80 check', '  server s2 127.0.0.1:81 check track s1'],
      'track:TSLB_ERR_CFG_ARGS',
      /unable to enable checks and tracking at the same time/,
    ],
    [
      "'server l/s2' : unable to use l/s1 for tracking as it does not have any check nor agent enabled.",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80', '  server s2 127.0.0.1:81 track s1'],
      'track:TSLB_ERR_CFG_ARGS',
      /unable to use l\/s1 for tracking as it does not have any check nor agent enabled/,
    ],
    [
      "'server l/s2' : 'id' : custom id 1 already used at ... ('server s1').",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80 id 1', '  server s2 127.0.0.1:81 id 1'],
      'server s2:TSLB_ERR_CFG_DUPLICATE',
      /'server l\/s2' : 'id' : custom id 1 already used at lb\.cfg:\d+ \('server s1'\)/,
    ],
    [
      "proxy 'l', another server named 's1' was already defined at line 9, please use distinct names.",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80', '  server s1 127.0.0.1:81'],
      '127.0.0.1:81:TSLB_ERR_CFG_DUPLICATE',
      /another server named 's1' was already defined at lb\.cfg:\d+, please use distinct names/,
    ],
    [
      'backend c reuses same custom id as proxy l.',
      ['listen l', '  id 3', '  bind :8080', '  server s1 127.0.0.1:80', 'backend c', '  id 3', '  server s1 127.0.0.1:80'],
      'backend c:TSLB_ERR_CFG_DUPLICATE',
      /backend c reuses same custom id as listen l \(declared at lb\.cfg:\d+\)/,
    ],
    [
      "backend 'x' has the same name as backend 'x' declared at ...",
      ['frontend x', '  bind :8080', '  default_backend x', 'backend x', '  server s1 127.0.0.1:80', 'backend x', '  server s1 127.0.0.1:80'],
      '/^backend x$/#2:TSLB_ERR_CFG_DUPLICATE',
      /backend 'x' has the same name as backend 'x' declared at lb\.cfg:\d+/,
    ],
    [
      "proxy 'l', server 's1': unable to find required resolvers 'nodns'",
      ['listen l', '  bind :8080', '  server s1 127.0.0.1:80 resolvers nodns'],
      'nodns:TSLB_ERR_CFG_UNKNOWN_REFERENCE',
      /unable to find resolvers 'nodns'/,
    ],
    [
      "proxy 'l': unknown http-errors section 'nohttperrs'",
      ['listen l', '  bind :8080', '  errorfiles nohttperrs', '  server s1 127.0.0.1:80'],
      'errorfiles:TSLB_ERR_CFG_UNKNOWN_REFERENCE',
      /unable to find http-errors section 'nohttperrs' referenced by 'errorfiles'/,
    ],
    [
      "unable to find userlist 'nousers' referenced in arg 1 of ACL keyword 'http_auth'",
      ['listen l', '  bind :8080', '  acl ok http_auth(nousers)', '  http-request auth unless ok', '  server s1 127.0.0.1:80'],
      'acl ok:TSLB_ERR_CFG_UNKNOWN_REFERENCE',
      /unable to find userlist 'nousers' referenced by 'http_auth\(nousers\)'/,
    ],
    [
      "Proxy 'l': unable to find table 'nosuch' referenced by track-sc0.",
      ['listen l', '  bind :8080', '  http-request track-sc0 src table nosuch', '  server s1 127.0.0.1:80'],
      'track-sc0:TSLB_ERR_CFG_UNKNOWN_REFERENCE',
      /unable to find stick-table 'nosuch' for 'track-sc0'/,
    ],
    [
      "Proxy 'l': unable to find stick-table 'l'.",
      ['listen l', '  bind :8080', '  stick on src', '  server s1 127.0.0.1:80'],
      'stick on:TSLB_ERR_CFG_UNKNOWN_REFERENCE',
      /'stick on' uses the stick-table of listen 'l', which has none/,
    ],
  ];
  for (const [haproxy, lines, where, message] of cases) {
    const text = cfg(...HTTP_DEFAULTS, ...lines);
    // where = '<fragment of the reported line, or /regexp/>[#<nth occurrence>]:<code>'
    const [spec, code] = [where.slice(0, where.lastIndexOf(':')), where.slice(where.lastIndexOf(':') + 1)];
    const [fragment, nth] = spec.split('#') as [string, string | undefined];
    const locator = fragment.startsWith('/') ? new RegExp(fragment.slice(1, -1)) : fragment;
    const r = load(text);
    t.equal(r.model, undefined, haproxy);
    t.same(r.codes, [`${lineOf(text, locator, nth === undefined ? 1 : Number(nth))}:${code}`], haproxy);
    t.match(r.lines[0], message, haproxy);
  }
  // The same references, satisfied: accepted.
  const fine = cfg(
    'userlist users',
    '  user u insecure-password p',
    'resolvers dns',
    '  nameserver ns 127.0.0.1:53',
    ...HTTP_DEFAULTS,
    'backend t',
    '  stick-table type ip size 1k',
    'listen l',
    '  bind :8080',
    '  stick-table type ip size 1k',
    '  acl ok http_auth(users)',
    '  http-request auth unless ok',
    '  http-request track-sc0 src table t',
    '  stick on src',
    '  use-server s2 if { path /s2 }',
    '  server s1 127.0.0.1:80 check id 1',
    '  server s2 127.0.0.1:81 track s1 id 2 resolvers dns',
  );
  t.same(load(fine).codes, []);
  t.same(proxy(modelOf(fine), 'l').servers[1]?.track, { server: 's1' });
});

t.test('a frontend and a backend may share a name', async (t) => {
  const text = cfg(...HTTP_DEFAULTS, 'frontend x', '  bind :8080', '  default_backend x', 'backend x', '  server s1 127.0.0.1:80');
  const m = modelOf(text);
  t.same(
    m.proxies.map((p) => [p.kind, p.name]),
    [
      ['frontend', 'x'],
      ['backend', 'x'],
    ],
  );
});

t.test('HTTP-only settings of a TCP proxy are dropped from the model, each with a warning', async (t) => {
  const text = cfg(
    'defaults',
    ...TIMEOUTS,
    'listen l',
    '  bind :8080',
    '  http-request deny',
    '  http-response del-header x',
    '  redirect location /x',
    '  cookie SRV insert',
    '  balance uri',
    '  stats enable',
    '  option forwardfor',
    '  option httplog',
    '  log stdout local0',
    '  server s1 127.0.0.1:80 cookie a',
  );
  const r = load(text);
  t.ok(r.model);
  // haproxy -c gives the same nine warnings (in another order).
  t.same(
    [...r.codes].sort(),
    [
      `${lineOf(text, 'http-request')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
      `${lineOf(text, 'http-response')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
      `${lineOf(text, 'redirect')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
      `${lineOf(text, 'cookie SRV')}:TSLB_WRN_CFG_COOKIE`,
      `${lineOf(text, 'cookie a')}:TSLB_WRN_CFG_COOKIE`,
      `${lineOf(text, 'balance')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
      `${lineOf(text, 'listen l')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
      `${lineOf(text, 'forwardfor')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
      `${lineOf(text, 'httplog')}:TSLB_WRN_CFG_HTTP_IN_TCP`,
    ].sort(),
  );
  t.ok(r.lines.some((l) => l.includes("'option httplog' not usable with listen 'l' (needs 'mode http'); falling back to 'option tcplog'")));
  const l = proxy(modelOf(text), 'l');
  t.equal(l.mode, 'tcp');
  t.same(l.rules.httpRequest, []);
  t.same(l.rules.httpResponse, []);
  t.same(l.rules.redirect, []);
  t.equal(l.cookie, undefined);
  t.same(l.balance, { kind: 'roundrobin' });
  t.equal(l.stats.enabled, false);
  t.equal(l.forwardFor, undefined);
  t.same(l.logFormat, { kind: 'tcplog' });
  t.equal(l.servers[0]?.cookie, 'a', "the server's own cookie value stays (unused)");
});

t.test('missing timeouts', async (t) => {
  // haproxy -c: "missing timeouts for frontend 'f'." / "backend 'b'" / "proxy 'l'"; nothing for a disabled proxy.
  const text = cfg(
    'frontend f',
    '  bind :8080',
    '  default_backend b',
    'backend b',
    '  server s1 127.0.0.1:80',
    'listen l',
    '  bind :8081',
    '  timeout client 1s',
    '  server s1 127.0.0.1:80',
    'listen d',
    '  disabled',
    '  bind :8082',
    '  server s1 127.0.0.1:80',
    'listen ok',
    '  bind :8083',
    ...TIMEOUTS,
    '  server s1 127.0.0.1:80',
  );
  const r = load(text);
  t.ok(r.model);
  t.same(r.codes, ['1:TSLB_WRN_CFG_MISSING_TIMEOUTS', '4:TSLB_WRN_CFG_MISSING_TIMEOUTS', '6:TSLB_WRN_CFG_MISSING_TIMEOUTS']);
  t.same(
    r.diagnostics.map((d) => d.message),
    [
      "missing timeouts for frontend 'f': set 'timeout client' to non-zero values",
      "missing timeouts for backend 'b': set 'timeout connect', 'timeout server' to non-zero values",
      "missing timeouts for proxy 'l': set 'timeout connect', 'timeout server' to non-zero values",
    ],
  );
  t.equal(proxy(modelOf(text), 'd').disabled, true);
});

// ---------------------------------------------------------------------------
// No listener (haproxy -c exits with 2)
// ---------------------------------------------------------------------------

t.test('noListener: no enabled frontend with a bind and no stats socket', async (t) => {
  const backend = ['backend b', '  server s1 127.0.0.1:80'];
  const cases: [string, string[], string[], boolean][] = [
    // [what, global statements, proxies, noListener]; haproxy -c exits 2 exactly when true
    ['only a backend', [], backend, true],
    ['a frontend without bind', [], ['frontend f', '  default_backend b', ...backend], true],
    ['a disabled frontend', [], ['frontend f', '  disabled', '  bind :8080', '  default_backend b', ...backend], true],
    ['a frontend with a bind', [], ['frontend f', '  bind :8080', '  default_backend b', ...backend], false],
    ['a listen section with a bind', [], ['listen l', '  bind :8080', '  server s1 127.0.0.1:80'], false],
    ['a stats socket only', ['stats socket /run/tslb.sock'], backend, false],
    ['a global section only', ['maxconn 10'], [], true],
  ];
  for (const [what, global, proxies, noListener] of cases) {
    const text = cfg('global', ...global.map((s) => `  ${s}`), ...HTTP_DEFAULTS, ...proxies);
    const r = load(text);
    t.ok(r.model, `${what}: valid`);
    t.equal(r.noListener, noListener, what);
  }
  const invalid = load(cfg('backend b', '  balnce x'));
  t.equal(invalid.noListener, false, 'an invalid file is not "valid but no listener"');
});

// ---------------------------------------------------------------------------
// The model itself: frozen, and checked by the schema
// ---------------------------------------------------------------------------

function* unfrozen(value: unknown, path: string): Generator<string> {
  if (value === null || typeof value !== 'object') return;
  if (!Object.isFrozen(value)) yield path;
  for (const [k, v] of Object.entries(value)) yield* unfrozen(v, `${path}/${k}`);
}

function* objects(value: unknown): Generator<object> {
  if (value === null || typeof value !== 'object') return;
  yield value;
  for (const v of Object.values(value)) yield* objects(v);
}

const RICH = cfg(
  'global',
  '  log stdout local0',
  '  stats socket /run/tslb.sock level admin',
  'userlist users',
  '  user u insecure-password p',
  'defaults named',
  '  mode http',
  ...TIMEOUTS,
  '  log global',
  '  acl internal src 10.0.0.0/8',
  '  http-request set-header X-Internal yes if internal',
  'frontend web from named',
  '  bind :8080,:8081',
  '  option httplog',
  '  acl api path_beg /api',
  '  use_backend app if api',
  '  default_backend app',
  'defaults',
  '  mode http',
  ...TIMEOUTS,
  '  log global',
  'backend app',
  '  balance uri',
  '  option httpchk GET /health HTTP/1.1',
  '  http-check expect status 200-399',
  '  cookie SRV insert indirect nocache',
  '  stick-table type ip size 1k expire 30s store conn_cur',
  '  stick on src',
  '  server app1 127.0.0.1:9001 check cookie a1 weight 10',
  '  server app2 127.0.0.1:9002 check cookie a2',
);

t.test('the model is deep-frozen', async (t) => {
  const r = load(RICH);
  t.same(r.lines.filter((l) => l.startsWith('[ALERT]')), []);
  const m = r.model;
  if (!m) return;
  const count = [...objects(m)].length;
  t.ok(count > 100, `${count} objects and arrays checked`);
  t.same([...unfrozen(m, '')], [], 'every object and array is frozen');
  t.equal(Reflect.set(m.global, 'nbthread', 8), false, 'a property cannot be changed');
  t.equal(m.global.nbthread, 1);
  t.throws(() => (m.proxies as Proxy[]).push(m.proxies[0] as Proxy), TypeError, 'an array cannot grow');
  t.throws(() => {
    (m.proxies[1]?.servers[0] as { weight: number }).weight = 200;
  }, TypeError, 'assigning throws in strict mode (ES modules)');
  t.equal(m.proxies[1]?.servers[0]?.weight, 10);
});

t.test('the schema: a broken model is reported at the place of the nearest object', async (t) => {
  const m = modelOf(RICH);
  const clean = new Diagnostics();
  t.equal(validateModel(structuredClone(m), clean), true, 'a loaded model passes the schema');
  t.same(clean.list, []);

  const broken = structuredClone(m) as unknown as {
    global: { nbthread: number };
    proxies: { binds: { address: { port: unknown } }[]; balance: unknown; servers: Record<string, unknown>[] }[];
  };
  const web = broken.proxies[0];
  const app = broken.proxies[1];
  if (!web || !app || !app.servers[0] || !app.servers[1] || !web.binds[1]) throw new Error('unexpected model shape');
  app.servers[1]['weight'] = 999;
  app.servers[0]['bogus'] = true;
  app.balance = { kind: 'nope' };
  web.binds[1].address.port = '8081';
  broken.global.nbthread = 0;
  const diags = new Diagnostics();
  t.equal(validateModel(broken as unknown as Model, diags), false);
  t.ok(diags.list.every((d) => d.code === 'TSLB_ERR_CFG_SCHEMA' && d.severity === 'alert'));
  const byPath = new Map(diags.list.map((d) => [d.message.split(' ')[1], d]));
  const at = (path: string) => {
    const d = byPath.get(path);
    return d && { file: d.file, line: d.line, message: d.message };
  };
  t.same(at('/proxies/1/servers/1/weight'), {
    file: FILE,
    line: lineOf(RICH, 'server app2'),
    message: 'model /proxies/1/servers/1/weight must be <= 256',
  });
  t.same(at('/proxies/1/servers/0'), {
    file: FILE,
    line: lineOf(RICH, 'server app1'),
    message: "model /proxies/1/servers/0 must NOT have additional properties ('bogus')",
  });
  t.same(at('/proxies/1/balance'), {
    file: FILE,
    line: lineOf(RICH, /^backend app$/),
    message: 'model /proxies/1/balance value of tag "kind" must be in oneOf',
  }, 'a wrong union tag points at the proxy');
  t.same(at('/proxies/0/binds/1/address/port'), {
    file: FILE,
    line: lineOf(RICH, 'bind :8080,:8081'),
    message: 'model /proxies/0/binds/1/address/port must be integer',
  });
  t.same(at('/global/nbthread'), { file: undefined, line: undefined, message: 'model /global/nbthread must be >= 1' }, 'the global section has no place');
  t.equal(diags.list.length, 5, 'one diagnostic per problem');
  const weight = diags.list.find((d) => d.message.includes('weight')) as Diagnostic;
  t.equal(
    formatDiagnostic(weight),
    `[ALERT]    config : parsing [lb.cfg:${lineOf(RICH, 'server app2')}] : model /proxies/1/servers/1/weight must be <= 256 (TSLB_ERR_CFG_SCHEMA)`,
  );
});

// ---------------------------------------------------------------------------
// loadConfig: files and directories
// ---------------------------------------------------------------------------

t.test('loadConfig reads files and directories in order, with the given environment', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-load-files-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.cfg');
  writeFileSync(main, cfg('global', '  maxconn "${MAXCONN}"', ...HTTP_DEFAULTS));
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'conf.d', '20-backend.cfg'), cfg('backend app', '  server s1 "${APP_ADDR}"'));
  writeFileSync(join(dir, 'conf.d', '10-frontend.cfg'), cfg('frontend web', '  bind ":${PORT-8080}"', '  default_backend app'));
  writeFileSync(join(dir, 'conf.d', 'README'), 'not a configuration file\n');
  writeFileSync(join(dir, 'conf.d', '.hidden.cfg'), 'garbage\n');

  const r = loadConfig({ paths: [main, join(dir, 'conf.d')], env: { MAXCONN: '500', APP_ADDR: '10.1.2.3:81' } });
  t.same(r.diagnostics, []);
  t.equal(r.noListener, false);
  const m = r.model;
  if (!m) return;
  t.same(m.files, [main, join(dir, 'conf.d', '10-frontend.cfg'), join(dir, 'conf.d', '20-backend.cfg')]);
  t.equal(m.global.maxconn, 500);
  const web = proxy(m, 'web');
  t.same(web.place, { file: join(dir, 'conf.d', '10-frontend.cfg'), line: 1 });
  t.equal(web.from, '', 'the defaults section of main.cfg applies to the later files');
  t.same(web.binds.map((b) => b.address), [{ kind: 'inet', host: '', port: 8080, family: 'any' }]);
  t.same(proxy(m, 'app').servers[0]?.address, { kind: 'inet', host: '10.1.2.3', port: { kind: 'fixed', value: 81 }, family: 'any' });
  t.ok(Object.isFrozen(m));

  // Diagnostics name the file they come from.
  writeFileSync(join(dir, 'bad.cfg'), cfg('backend other', '  balnce roundrobin'));
  const bad = loadConfig({ paths: [main, join(dir, 'bad.cfg')], env: { MAXCONN: '500' } });
  t.equal(bad.model, undefined);
  t.same(
    bad.diagnostics.map((d) => [d.code, d.file, d.line]),
    [['TSLB_ERR_CFG_UNKNOWN_KEYWORD', join(dir, 'bad.cfg'), 2]],
  );
});

t.test('loadConfig without files, or with a missing one', async (t) => {
  const none = loadConfig({ paths: [] });
  t.equal(none.model, undefined);
  t.same(none.diagnostics.map((d) => [d.code, d.message]), [['TSLB_ERR_CFG_NO_FILE', 'no configuration file specified (use -f <file|dir>)']]);
  const missing = loadConfig({ paths: [join(tmp, 'nope.cfg')], env: {} });
  t.equal(missing.model, undefined);
  t.same(missing.diagnostics.map((d) => d.code), ['TSLB_ERR_CFG_FILE']);
});
