/**
 * Rule keywords (lib/config/keywords/rules.ts and actions.ts), driven through
 * their handlers with a real ProxyContext: words → model fragment, or words →
 * diagnostic code. Expectations were checked against `haproxy -c` (2.6.12).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { builtinProxy } from '../../lib/config/defaults.js';
import { Diagnostics } from '../../lib/config/diagnostics.js';
import type { Draft } from '../../lib/config/draft.js';
import type { Proxy, ProxyKind } from '../../lib/config/model/proxy.js';
import { implementedActions } from '../../lib/config/keywords/actions.js';
import { ProxyContext } from '../../lib/config/keywords/context.js';
import type { ProxyKeyword } from '../../lib/config/keywords/registry.js';
import { ruleKeywords } from '../../lib/config/keywords/rules.js';
import { readText } from '../../lib/config/reader.js';
import { SECTION_KEYWORDS } from '../../lib/config/sections.js';

const HANDLERS: ReadonlyMap<string, ProxyKeyword> = new Map(ruleKeywords.map((k) => [k.name, k]));
const FILE = 'test/fixtures/config/errors/403.http';

/** The handler a statement starts with (longest name, as the parser does). */
function handlerFor(words: readonly string[]): { kw: ProxyKeyword; n: number } | undefined {
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const kw = HANDLERS.get(words.slice(0, n).join(' '));
    if (kw) return { kw, n };
  }
  return undefined;
}

/** One proxy fed statement after statement, line numbers 1, 2, 3 ... */
class Scenario {
  readonly diags = new Diagnostics();
  readonly proxy: Draft<Proxy>;
  #line = 0;
  constructor(kind: ProxyKind = 'frontend') {
    this.proxy = builtinProxy(kind, 'p', { file: 't.cfg', line: 1 });
    this.proxy.mode = 'http';
  }
  run(line: string | readonly string[], lineNo = ++this.#line): this {
    const words = typeof line === 'string' ? line.split(' ').filter((w) => w !== '') : line;
    const found = handlerFor(words);
    if (!found) throw new Error(`no rule handler for '${words.join(' ')}'`);
    const place = { file: 't.cfg', line: lineNo };
    const ctx = new ProxyContext({
      place,
      section: { kind: this.proxy.kind, name: this.proxy.name },
      keyword: found.kw.name,
      modifier: 'none',
      vars: () => undefined,
      diags: this.diags,
      proxy: this.proxy,
      builtin: builtinProxy(this.proxy.kind, '', place),
    });
    found.kw.parse(ctx, words.slice(found.n));
    return this;
  }
  get codes(): string[] {
    return this.diags.list.map((d) => d.code);
  }
}

const one = (line: string | readonly string[], kind?: ProxyKind): Scenario => new Scenario(kind).run(line);

const SETS = {
  'http-request': 'httpRequest',
  'http-response': 'httpResponse',
  'http-after-response': 'httpAfterResponse',
  'tcp-request connection': 'tcpRequestConnection',
  'tcp-request session': 'tcpRequestSession',
  'tcp-request content': 'tcpRequestContent',
  'tcp-response content': 'tcpResponseContent',
} as const;

/** The action of the single rule a one-line scenario produced. */
function actionOf(line: string | readonly string[], kind?: ProxyKind): unknown {
  const s = one(line, kind);
  const words = typeof line === 'string' ? line.split(' ') : line;
  const set = (Object.keys(SETS) as (keyof typeof SETS)[]).find((k) => words.join(' ').startsWith(`${k} `));
  if (!set) throw new Error(`no rule set in '${words.join(' ')}'`);
  const rules = s.proxy.rules[SETS[set]];
  if (s.diags.list.length > 0 || rules.length !== 1) return { diagnostics: s.diags.list, rules };
  return rules[0]?.action;
}

t.test('actions of http-request', async (t) => {
  const cases: [string | string[], unknown][] = [
    ['http-request allow', { type: 'allow' }],
    ['http-request deny', { type: 'deny', response: { status: 403, headers: [], body: { kind: 'default-errorfiles' }, contentType: undefined } }],
    ['http-request deny deny_status 429', { type: 'deny', response: { status: 429, body: { kind: 'default-errorfiles' } } }],
    // Any reply option but deny_status turns the implied error page off: an empty body.
    ['http-request deny status 418', { type: 'deny', response: { status: 418, body: undefined } }],
    ['http-request deny deny_status 418 hdr x-a b', { type: 'deny', response: { status: 418, body: undefined, headers: [{ name: 'x-a', value: 'b' }] } }],
    [
      'http-request deny status 404 content-type text/plain string nope hdr x-reason %[path]',
      { type: 'deny', response: { status: 404, contentType: 'text/plain', body: { kind: 'string', value: 'nope' }, headers: [{ name: 'x-reason', value: '%[path]' }] } },
    ],
    ['http-request deny deny_status 403 errorfiles site', { type: 'deny', response: { status: 403, body: { kind: 'errorfiles', name: 'site' } } }],
    ['http-request tarpit', { type: 'tarpit', response: { status: 500, headers: [], body: { kind: 'default-errorfiles' } } }],
    ['http-request tarpit status 418', { type: 'tarpit', response: { status: 418, body: undefined } }],
    ['http-request tarpit deny_status 403', { type: 'tarpit', response: { status: 403 } }],
    ['http-request reject', { type: 'reject' }],
    ['http-request silent-drop', { type: 'silent-drop' }],
    ['http-request auth', { type: 'auth' }],
    ['http-request auth realm Admins', { type: 'auth', realm: 'Admins' }],
    [
      'http-request redirect prefix https://example.test code 301 drop-query append-slash set-cookie SEEN=1 clear-cookie OLD ignore-empty',
      {
        type: 'redirect',
        redirect: { kind: 'prefix', value: 'https://example.test', code: 301, dropQuery: true, appendSlash: true, ignoreEmpty: true, setCookie: 'SEEN=1', clearCookie: 'OLD' },
      },
    ],
    ['http-request redirect location /x', { type: 'redirect', redirect: { kind: 'location', value: '/x', code: 302, dropQuery: false, appendSlash: false, ignoreEmpty: false } }],
    ['http-request redirect scheme https code 308 code 301', { type: 'redirect', redirect: { kind: 'scheme', value: 'https', code: 301 } }],
    ['http-request redirect location /a location /b', { type: 'redirect', redirect: { value: '/b' } }],
    ['http-request return', { type: 'return', response: { status: 200, headers: [], body: undefined } }],
    ['http-request return status 204', { type: 'return', response: { status: 204 } }],
    ['http-request return status 418', { type: 'return', response: { status: 418 } }],
    [
      ['http-request', 'return', 'status', '200', 'content-type', 'text/plain', 'string', 'pong\n', 'hdr', 'Cache-Control', 'no-cache'],
      { type: 'return', response: { status: 200, contentType: 'text/plain', body: { kind: 'string', value: 'pong\n' }, headers: [{ name: 'Cache-Control', value: 'no-cache' }] } },
    ],
    ['http-request return content-type a/b string x status 404', { type: 'return', response: { status: 404 } }],
    [`http-request return content-type text/html file ${FILE}`, { type: 'return', response: { body: { kind: 'file', path: FILE } } }],
    [`http-request return content-type text/html lf-file ${FILE}`, { type: 'return', response: { body: { kind: 'lf-file', path: FILE } } }],
    [`http-request return status 418 errorfile ${FILE}`, { type: 'return', response: { status: 418, body: { kind: 'errorfile', path: FILE } } }],
    ['http-request return status 503 default-errorfiles', { type: 'return', response: { status: 503, body: { kind: 'default-errorfiles' } } }],
    ['http-request set-header X-Client %[src]', { type: 'set-header', name: 'X-Client', value: '%[src]' }],
    ['http-request set-header X-Path %{+Q}[path]-%%[not-a-sample]', { type: 'set-header', value: '%{+Q}[path]-%%[not-a-sample]' }],
    [["http-request", "set-header", "X-Host", "%[req.hdr(host),regsub('a,b',c)]"], { type: 'set-header' }],
    ['http-request add-header X-Start t=%Ts', { type: 'add-header', name: 'X-Start', value: 't=%Ts' }],
    ['http-request del-header X-Debug', { type: 'del-header', name: 'X-Debug', match: 'str' }],
    ['http-request del-header ^x-internal- -m reg', { type: 'del-header', name: '^x-internal-', match: 'reg' }],
    ['http-request del-header x-a -m beg', { type: 'del-header', name: 'x-a', match: 'beg' }],
    ['http-request replace-header User-Agent ^curl.* curl-client', { type: 'replace-header', name: 'User-Agent', regex: '^curl.*', replacement: 'curl-client' }],
    ['http-request replace-value Cache-Control ^public$ private', { type: 'replace-value', name: 'Cache-Control', regex: '^public$', replacement: 'private' }],
    ['http-request set-path /index.html', { type: 'set-path', value: '/index.html' }],
    ['http-request set-pathq /a?b', { type: 'set-pathq', value: '/a?b' }],
    ['http-request set-query a=1&%[query]', { type: 'set-query', value: 'a=1&%[query]' }],
    ['http-request set-uri %[url,lower]', { type: 'set-uri', value: '%[url,lower]' }],
    ['http-request set-method GET', { type: 'set-method', value: 'GET' }],
    ['http-request replace-path ^/old/(.*) /new/\\1', { type: 'replace-path', regex: '^/old/(.*)', replacement: '/new/\\1' }],
    ['http-request replace-pathq ^/(a) /b', { type: 'replace-pathq', regex: '^/(a)', replacement: '/b' }],
    ['http-request replace-uri ^http://(.*) https://\\1', { type: 'replace-uri', regex: '^http://(.*)', replacement: 'https://\\1' }],
    ['http-request set-var(txn.path) path', { type: 'set-var', scope: 'txn', name: 'path', conditions: [], expr: 'path' }],
    ['http-request set-var(sess.a.b,ifnotexists,ifnotempty) str(x)', { type: 'set-var', scope: 'sess', name: 'a.b', conditions: ['ifnotexists', 'ifnotempty'], expr: 'str(x)' }],
    ['http-request set-var(proc.n) int(1)', { type: 'set-var', scope: 'proc', name: 'n' }],
    ['http-request set-var-fmt(txn.x) %[path]-x', { type: 'set-var-fmt', scope: 'txn', name: 'x', conditions: [], format: '%[path]-x' }],
    ['http-request unset-var(req.x)', { type: 'unset-var', scope: 'req', name: 'x' }],
    ['http-request set-src hdr(x-forwarded-for)', { type: 'set-src', expr: 'hdr(x-forwarded-for)' }],
    ['http-request track-sc0 src', { type: 'track-sc', slot: 0, key: 'src' }],
    ['http-request track-sc1 src table per-ip', { type: 'track-sc', slot: 1, key: 'src', table: 'per-ip' }],
    // HAProxy reads no digit as counter 0.
    ['http-request track-sc src', { type: 'track-sc', slot: 0 }],
    ['http-request sc-inc-gpc0', { type: 'sc-inc-gpc0', slot: 0 }],
    ['http-request sc-inc-gpc1(2)', { type: 'sc-inc-gpc1', slot: 2 }],
    ['http-request capture req.hdr(host) len 64', { type: 'capture', expr: 'req.hdr(host)', len: 64 }],
    ['http-request capture src id 0', { type: 'capture', expr: 'src', id: 0 }],
    ['http-request set-log-level silent', { type: 'set-log-level', level: 'silent' }],
    ['http-request use-service prometheus-exporter', { type: 'use-service', service: 'prometheus-exporter' }],
  ];
  for (const [line, expected] of cases) t.match(actionOf(line), expected, typeof line === 'string' ? line : line.join(' '));
});

t.test('actions of the response and tcp rule sets', async (t) => {
  const cases: [string | string[], unknown, ProxyKind?][] = [
    [['http-response', 'set-status', '503', 'reason', 'Try later'], { type: 'set-status', status: 503, reason: 'Try later' }],
    ['http-response set-status 999', { type: 'set-status', status: 999 }],
    ['http-response deny', { type: 'deny', response: { status: 502, body: { kind: 'default-errorfiles' } } }],
    ['http-response redirect location /moved code 303', { type: 'redirect', redirect: { kind: 'location', code: 303 } }],
    ['http-response return status 503 content-type text/plain string down', { type: 'return', response: { status: 503 } }],
    ['http-response capture res.hdr(x-id) id 0', { type: 'capture', expr: 'res.hdr(x-id)', id: 0 }],
    ['http-response set-header X-Status %[status]', { type: 'set-header' }],
    ['http-response track-sc2 src', { type: 'track-sc', slot: 2 }],
    ['http-after-response set-header Strict-Transport-Security max-age=31536000', { type: 'set-header' }],
    ['http-after-response allow', { type: 'allow' }],
    ['http-after-response set-status 200', { type: 'set-status', status: 200 }],
    ['http-after-response capture res.hdr(x) id 1', { type: 'capture', id: 1 }],
    ['tcp-request connection accept', { type: 'accept' }],
    ['tcp-request connection reject', { type: 'reject' }],
    ['tcp-request connection expect-proxy layer4', { type: 'expect-proxy' }],
    ['tcp-request connection track-sc0 src', { type: 'track-sc', slot: 0, key: 'src' }],
    ['tcp-request connection set-var(sess.ip) src', { type: 'set-var', scope: 'sess' }],
    ['tcp-request connection set-src src', { type: 'set-src' }],
    ['tcp-request connection silent-drop', { type: 'silent-drop' }],
    ['tcp-request session accept', { type: 'accept' }],
    ['tcp-request session track-sc1 src', { type: 'track-sc', slot: 1 }],
    ['tcp-request content capture req.payload(0,4) len 4', { type: 'capture', expr: 'req.payload(0,4)', len: 4 }],
    ['tcp-request content switch-mode http', { type: 'switch-mode', mode: 'http' }],
    ['tcp-request content switch-mode http proto h2', { type: 'switch-mode', mode: 'http', proto: 'h2' }],
    ['tcp-request content set-log-level info', { type: 'set-log-level', level: 'info' }],
    ['tcp-request content track-sc2 src', { type: 'track-sc', slot: 2 }],
    ['tcp-request content accept', { type: 'accept' }, 'backend'],
    ['tcp-response content accept', { type: 'accept' }, 'backend'],
    ['tcp-response content reject', { type: 'reject' }, 'backend'],
    ['tcp-response content set-log-level err', { type: 'set-log-level', level: 'err' }, 'backend'],
    ['tcp-response content sc-inc-gpc0(1)', { type: 'sc-inc-gpc0', slot: 1 }, 'backend'],
  ];
  for (const [line, expected, kind] of cases) t.match(actionOf(line, kind), expected, typeof line === 'string' ? line : line.join(' '));
});

t.test('rules keep their place and condition', async (t) => {
  const s = new Scenario().run('http-request reject').run('http-request deny deny_status 429 if { req.hdr_cnt(x-flood) gt 3 } || !LOCALHOST');
  t.same(s.codes, []);
  const [first, second] = s.proxy.rules.httpRequest;
  t.same(first, { place: { file: 't.cfg', line: 1 }, action: { type: 'reject' } });
  t.same(second?.place, { file: 't.cfg', line: 2 });
  t.match(second?.cond, {
    polarity: 'if',
    anyOf: [[{ kind: 'anonymous', negate: false, acl: { fetch: 'req.hdr_cnt(x-flood)', values: ['gt', '3'] } }], [{ kind: 'acl', name: 'LOCALHOST', negate: true }]],
  });
});

t.test('actions: errors', async (t) => {
  const cases: [string, string, ProxyKind?][] = [
    ['http-request', 'TSLB_ERR_CFG_ARGS'],
    ['http-request if TRUE', 'TSLB_ERR_CFG_ARGS'],
    ['http-request dney', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request set-bandwidth-limit x', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request allow()', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-response tarpit', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-after-response deny', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['tcp-request connection set-log-level info', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['tcp-request connection capture src len 1', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['tcp-request session capture src len 1', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['tcp-request session expect-proxy layer4', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['tcp-request content expect-proxy layer4', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['http-request lua.hello', 'TSLB_ERR_CFG_UNSUPPORTED'],
    ['http-request allow foo', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request content reject foo', 'TSLB_ERR_CFG_ARGS'],
    // replies
    ['http-request deny deny_status', 'TSLB_ERR_CFG_ARGS'],
    ['http-request deny deny_status 418', 'TSLB_ERR_CFG_ARGS'],
    ['http-request deny deny_status 600', 'TSLB_ERR_CFG_NUMBER'],
    ['http-request deny deny_status 100', 'TSLB_ERR_CFG_NUMBER'],
    ['http-request deny deny_status abc', 'TSLB_ERR_CFG_NUMBER'],
    ['http-request deny content-type a/b string x deny_status 404', 'TSLB_ERR_CFG_ARGS'],
    ['http-request deny deny_status 403 string x', 'TSLB_ERR_CFG_ARGS'],
    ['http-request deny deny_status 418 errorfiles site', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 418 default-errorfiles', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 204 content-type a/b string x', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 304 content-type a/b string x', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 200 string a string b', 'TSLB_ERR_CFG_ARGS'],
    [`http-request return content-type a/b string x file ${FILE}`, 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 200 string', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 200 content-type', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 200 errorfiles', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 200 hdr a', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return content-type t/p file /nonexistent/page.html', 'TSLB_ERR_CFG_FILE'],
    ['http-request return content-type t/p lf-string %[nosuch]', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request return content-type t/p lf-string %[path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request return status 200 foo', 'TSLB_ERR_CFG_ARGS'],
    // auth, redirect
    ['http-request auth realm', 'TSLB_ERR_CFG_ARGS'],
    ['http-request auth foo', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect if TRUE', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect location', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect location /x code 304', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect location /x code abc', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect foo https', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect location /x set-cookie', 'TSLB_ERR_CFG_ARGS'],
    ['http-request redirect location %[nosuch]', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-response redirect prefix /x', 'TSLB_ERR_CFG_ARGS'],
    // headers and URL rewriting
    ['http-request set-header X', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-header X a b', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-header X %[nosuch]', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request set-header X %[res.hdr(x)]', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['http-request set-header X %{+Q[path]', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-header X %[path,regsub(a,b]', 'TSLB_ERR_CFG_ARGS'],
    ['http-after-response set-header a %[path]', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['http-request add-header a', 'TSLB_ERR_CFG_ARGS'],
    ['http-request del-header', 'TSLB_ERR_CFG_ARGS'],
    ['http-request del-header X foo', 'TSLB_ERR_CFG_ARGS'],
    ['http-request del-header X -m', 'TSLB_ERR_CFG_ARGS'],
    ['http-request del-header X -m dom', 'TSLB_ERR_CFG_ARGS'],
    ['http-request del-header ^x( -m reg', 'TSLB_ERR_CFG_ARGS'],
    ['http-request replace-header X ^(a b', 'TSLB_ERR_CFG_ARGS'],
    ['http-request replace-header X (a', 'TSLB_ERR_CFG_ARGS'],
    ['http-request replace-value X ^(a) b c', 'TSLB_ERR_CFG_ARGS'],
    ['http-request replace-uri (a b', 'TSLB_ERR_CFG_ARGS'],
    ['http-request replace-path (a) b c', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-path a b', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-method', 'TSLB_ERR_CFG_ARGS'],
    ['http-response set-status 99', 'TSLB_ERR_CFG_NUMBER'],
    ['http-response set-status 1000', 'TSLB_ERR_CFG_NUMBER'],
    ['http-response set-status abc', 'TSLB_ERR_CFG_NUMBER'],
    ['http-response set-status', 'TSLB_ERR_CFG_ARGS'],
    ['http-response set-status 200 reason', 'TSLB_ERR_CFG_ARGS'],
    ['http-response set-status 200 foo', 'TSLB_ERR_CFG_ARGS'],
    // variables
    ['http-request set-var(txn.x)', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(foo.x) path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(x) path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(txn.) path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(txn.a-b) path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(txn.x path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var() path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(txn.x,a,b,c,d,e) path', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(txn.x,ifexist) path', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request set-var(txn.x) nosuch', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request set-var(txn.x) str(a) b', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-var(txn.x) res.hdr(x)', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['http-after-response set-var(txn.a) path', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['tcp-request connection set-var(txn.a) path', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['http-request set-var-fmt(txn.x)', 'TSLB_ERR_CFG_ARGS'],
    ['http-request unset-var(txn.x,ifexists)', 'TSLB_ERR_CFG_ARGS'],
    ['http-request unset-var(txn.x) foo', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-src', 'TSLB_ERR_CFG_ARGS'],
    // stick counters and captures
    ['http-request track-sc3 src', 'TSLB_ERR_CFG_ARGS'],
    ['http-request track-scx src', 'TSLB_ERR_CFG_ARGS'],
    ['http-request track-sc0', 'TSLB_ERR_CFG_ARGS'],
    ['http-request track-sc0 src table', 'TSLB_ERR_CFG_ARGS'],
    ['http-request track-sc0 src foo', 'TSLB_ERR_CFG_ARGS'],
    ['http-request track-sc0 nosuch', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request sc-inc-gpc0(3)', 'TSLB_ERR_CFG_ARGS'],
    ['http-request sc-inc-gpc0(a)', 'TSLB_ERR_CFG_ARGS'],
    ['http-request sc-inc-gpc0(0) x', 'TSLB_ERR_CFG_ARGS'],
    ['http-request capture src', 'TSLB_ERR_CFG_ARGS'],
    ['http-request capture src len 0', 'TSLB_ERR_CFG_NUMBER'],
    ['http-request capture src len 10 id 0', 'TSLB_ERR_CFG_ARGS'],
    ['http-request capture nosuch len 10', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request capture src len 10', 'TSLB_ERR_CFG_NOT_ALLOWED', 'backend'],
    ['http-response capture src len 10', 'TSLB_ERR_CFG_ARGS'],
    ['http-response capture res.hdr(x) id', 'TSLB_ERR_CFG_ARGS'],
    ['http-response capture res.hdr(x) id abc', 'TSLB_ERR_CFG_NUMBER'],
    ['tcp-request content capture src id 0', 'TSLB_ERR_CFG_ARGS'],
    // log levels, services, tcp specifics
    ['http-request set-log-level Info', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-log-level', 'TSLB_ERR_CFG_ARGS'],
    ['http-request set-log-level silent x', 'TSLB_ERR_CFG_ARGS'],
    ['http-request use-service prometheus', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['http-request use-service lua.hello', 'TSLB_ERR_CFG_UNSUPPORTED'],
    ['http-request use-service prometheus-exporter foo', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request content use-service prometheus-exporter', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['tcp-request connection expect-proxy', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request connection expect-proxy layer5', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request connection expect-proxy layer4 x', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request content switch-mode', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request content switch-mode tcp', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request content switch-mode http proto h3', 'TSLB_ERR_CFG_ARGS'],
    ['tcp-request content switch-mode http foo', 'TSLB_ERR_CFG_ARGS'],
    // conditions
    ['http-request deny if', 'TSLB_ERR_CFG_CONDITION'],
    ['http-request deny unless { path /', 'TSLB_ERR_CFG_CONDITION'],
  ];
  for (const [line, code, kind] of cases) {
    const s = one(line, kind);
    t.same(s.codes, [code], line);
    t.equal(Object.values(s.proxy.rules).flat().length, 0, `${line}: no rule kept`);
  }
});

t.test('actions HAProxy knows and tslb does not run are refused as not supported', async (t) => {
  const lines = [
    'http-request set-timeout server 5s',
    'http-request normalize-uri path-merge-slashes',
    'http-request cache-use assets',
    'http-request early-hint Link </style.css>',
    'http-request do-resolve(txn.ip,dns) hdr(host)',
    'http-request set-mark 1',
    'http-request set-tos 0',
    'http-request set-dst hdr(x-dst)',
    'http-request set-dst-port int(80)',
    'http-request set-src-port int(80)',
    'http-request set-priority-class int(1)',
    'http-request set-priority-offset int(1)',
    'http-request sc-set-gpt0(0) 1',
    'http-request sc-inc-gpc(0,1)',
    'http-request set-nice 10',
    'http-request wait-for-body time 1s',
    'http-request wait-for-handshake',
    'http-request disable-l7-retry',
    'http-request strict-mode on',
    'http-request send-spoe-group agent group',
    'http-request add-acl(/tmp/x.acl) %[src]',
    'http-request set-map(/tmp/x.map) %[src] 1',
    'http-request ot-group tracer group',
    'http-response cache-store assets',
    'tcp-request connection expect-netscaler-cip layer4',
    'tcp-response content close',
  ];
  for (const line of lines) {
    const s = one(line, line.startsWith('tcp-response') ? 'backend' : 'frontend');
    t.same(s.codes, ['TSLB_ERR_CFG_UNSUPPORTED'], line);
    t.match(s.diags.list[0]?.message, /is not supported by tslb/, `${line}: message`);
  }
});

t.test('unknown actions get a did-you-mean, or the rule set they belong to', async (t) => {
  t.equal(one('http-request dney').diags.list[0]?.hint, "did you mean 'deny' ?");
  t.equal(one('http-request set-heder a b').diags.list[0]?.hint, "did you mean 'set-header' ?");
  t.equal(one('tcp-request content acept').diags.list[0]?.hint, "did you mean 'accept' ?");
  t.equal(one('http-response tarpit').diags.list[0]?.hint, "'tarpit' is an action of 'http-request' rules");
  t.equal(one('tcp-request connection set-log-level info').diags.list[0]?.hint, "'set-log-level' is an action of 'http-request', 'http-response', 'tcp-request content', 'tcp-response content' rules");
});

t.test('implemented actions per rule set', async (t) => {
  t.same(implementedActions('http-after-response').sort(), [
    'add-header', 'allow', 'capture', 'del-header', 'replace-header', 'replace-value', 'set-header', 'set-status', 'set-var', 'set-var-fmt', 'unset-var',
  ]);
  t.same(implementedActions('tcp-request connection').sort(), [
    'accept', 'expect-proxy', 'reject', 'sc-inc-gpc0', 'sc-inc-gpc1', 'set-src', 'set-var', 'set-var-fmt', 'silent-drop', 'track-sc0', 'track-sc1', 'track-sc2', 'unset-var',
  ]);
  t.same(implementedActions('tcp-response content').sort(), [
    'accept', 'reject', 'sc-inc-gpc0', 'sc-inc-gpc1', 'set-log-level', 'set-var', 'set-var-fmt', 'silent-drop', 'unset-var',
  ]);
});

t.test('replies: what HAProxy ignores is dropped with a warning', async (t) => {
  const cases: [string, unknown][] = [
    ['http-request return status 200 content-type a/b', { contentType: undefined }],
    ['http-request return status 200 default-errorfiles content-type a/b', { contentType: undefined }],
    ['http-request return status 200 default-errorfiles hdr a b', { headers: [] }],
    ['http-request deny content-type a/b', { contentType: undefined }],
    ['http-request return status 200 content-type a/b string x hdr content-length 3', { headers: [] }],
    ['http-request return status 200 content-type a/b string x hdr Content-Type c/d hdr x-a b', { headers: [{ name: 'x-a', value: 'b' }] }],
  ];
  for (const [line, expected] of cases) {
    const s = one(line);
    t.same(s.codes, ['TSLB_WRN_CFG_NO_EFFECT'], line);
    t.match(s.proxy.rules.httpRequest[0]?.action, { response: expected }, line);
  }
});

t.test('acl', async (t) => {
  const s = new Scenario().run('acl is_api path_beg /api/ /v1/').run('acl is_api hdr(host) -i api.example.test').run('acl a:b-c.d_e path /');
  t.same(s.codes, []);
  t.match(s.proxy.acls, [
    { name: 'is_api', place: { line: 1 }, criterion: { fetch: 'path_beg', values: ['/api/', '/v1/'] } },
    { name: 'is_api', place: { line: 2 }, criterion: { fetch: 'hdr(host)', ignoreCase: true, values: ['api.example.test'] } },
    { name: 'a:b-c.d_e' },
  ]);
  const errors: [string, string][] = [
    ['acl', 'TSLB_ERR_CFG_ARGS'],
    ['acl nothing', 'TSLB_ERR_CFG_ARGS'],
    ['acl a/b path /', 'TSLB_ERR_CFG_ARGS'],
    ['acl weird no_such_fetch foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
  ];
  for (const [line, code] of errors) {
    const e = one(line);
    t.same(e.codes, [code], line);
    t.same(e.proxy.acls, [], `${line}: nothing kept`);
  }
});

t.test('inspect delays', async (t) => {
  t.equal(one('tcp-request inspect-delay 5s').proxy.inspectDelay, 5000);
  t.equal(one('tcp-response inspect-delay 1m', 'backend').proxy.responseInspectDelay, 60_000);
  t.same(one('tcp-request inspect-delay').codes, ['TSLB_ERR_CFG_ARGS']);
  t.same(one('tcp-request inspect-delay abc').codes, ['TSLB_ERR_CFG_TIME']);
  const extra = one('tcp-request inspect-delay 5s x');
  t.same(extra.codes, ['TSLB_WRN_CFG_NO_EFFECT'], 'HAProxy ignores extra words');
  t.equal(extra.proxy.inspectDelay, 5000);
});

t.test('legacy redirect: its own list, run after http-request rules', async (t) => {
  const s = one('redirect location /x code 301 if TRUE');
  t.same(s.codes, []);
  t.same(s.proxy.rules.httpRequest, []);
  t.match(s.proxy.rules.redirect, [{ place: { line: 1 }, action: { type: 'redirect', redirect: { kind: 'location', value: '/x', code: 301 } }, cond: { polarity: 'if' } }]);
  t.same(one('redirect foo /x').codes, ['TSLB_ERR_CFG_ARGS']);
  t.match(one('redirect').diags.list[0]?.message, /^'redirect' expects/);
});

t.test('use_backend, default_backend, use-server', async (t) => {
  const s = new Scenario()
    .run('use_backend api if is_api')
    .run('use_backend be_%[req.hdr(host),lower]')
    .run('use_backend 100%%')
    .run('default_backend app');
  t.same(s.codes, []);
  t.match(s.proxy.useBackends, [
    { backend: 'api', dynamic: false, cond: { polarity: 'if', anyOf: [[{ name: 'is_api' }]] } },
    { backend: 'be_%[req.hdr(host),lower]', dynamic: true },
    { backend: '100%%', dynamic: false },
  ]);
  t.equal(s.proxy.useBackends[1]?.cond, undefined);
  t.equal(s.proxy.defaultBackend, 'app');

  const b = new Scenario('backend').run('use-server app1 if { req.hdr(x-pin) -m str one }');
  t.same(b.codes, []);
  t.match(b.proxy.useServers, [{ server: 'app1', cond: { polarity: 'if' } }]);

  const errors: [string, string, ProxyKind?][] = [
    ['use_backend', 'TSLB_ERR_CFG_ARGS'],
    ['use_backend if TRUE', 'TSLB_ERR_CFG_ARGS'],
    ['use_backend a b', 'TSLB_ERR_CFG_ARGS'],
    ['use_backend %[path', 'TSLB_ERR_CFG_ARGS'],
    ['use_backend %[nosuch]', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['use_backend a if', 'TSLB_ERR_CFG_CONDITION'],
    ['default_backend', 'TSLB_ERR_CFG_ARGS'],
    ['default_backend a b', 'TSLB_ERR_CFG_ARGS'],
    ['use-server', 'TSLB_ERR_CFG_ARGS', 'backend'],
    ['use-server s1', 'TSLB_ERR_CFG_ARGS', 'backend'],
    ['use-server s1 TRUE', 'TSLB_ERR_CFG_ARGS', 'backend'],
  ];
  for (const [line, code, kind] of errors) {
    const e = one(line, kind);
    t.same(e.codes, [code], line);
    t.same([...e.proxy.useBackends, ...e.proxy.useServers], [], `${line}: nothing kept`);
  }
});

t.test('monitor-uri and monitor fail', async (t) => {
  const s = new Scenario().run('monitor-uri /healthz').run('monitor fail if { nbsrv(app) lt 1 }').run('monitor fail unless TRUE');
  t.same(s.codes, []);
  t.equal(s.proxy.monitor.uri, '/healthz');
  t.match(s.proxy.monitor.fail, [{ polarity: 'if' }, { polarity: 'unless' }]);
  // HAProxy does not check where monitor fail ACLs get their data.
  t.same(one('monitor fail if { status 200 }').codes, []);
  for (const line of ['monitor-uri', 'monitor-uri /a /b', 'monitor fail', 'monitor fail TRUE']) t.same(one(line).codes, ['TSLB_ERR_CFG_ARGS'], line);
});

t.test('stick-table', async (t) => {
  const cases: [string, unknown][] = [
    ['stick-table type ip size 100k expire 30s store conn_rate(10s),http_req_rate(10s),gpc0', {
      type: 'ip', size: 102_400, expire: 30_000, nopurge: false,
      store: [{ name: 'conn_rate', period: 10_000 }, { name: 'http_req_rate', period: 10_000 }, { name: 'gpc0' }],
    }],
    ['stick-table type string len 32 size 10k expire 1h', { type: 'string', len: 32, size: 10_240, expire: 3_600_000 }],
    ['stick-table type binary size 1k', { type: 'binary', len: undefined }],
    ['stick-table type ipv6 size 1m nopurge srvkey addr', { type: 'ipv6', size: 1_048_576, nopurge: true, srvkey: 'addr' }],
    ['stick-table type integer size 1k store gpc0 store conn_cur', { store: [{ name: 'gpc0' }, { name: 'conn_cur' }] }],
    ['stick-table type ip size 1k store gpc(3),gpc_rate(2,10s),gpt(100),server_id,server_key,server_name', {
      store: [{ name: 'gpc', count: 3 }, { name: 'gpc_rate', count: 2, period: 10_000 }, { name: 'gpt', count: 100 }, { name: 'server_id' }, { name: 'server_key' }, { name: 'server_name' }],
    }],
    ['stick-table type ip size 1k store conn_rate(0)', { store: [{ name: 'conn_rate', period: 0 }] }],
    // HAProxy ignores what follows <count>,<period>.
    ['stick-table type ip size 1k store gpc_rate(2,10s,3)', { store: [{ name: 'gpc_rate', count: 2, period: 10_000 }] }],
  ];
  for (const [line, expected] of cases) {
    const s = one(line, 'backend');
    t.same(s.codes, [], line);
    t.match(s.proxy.stickTable, { place: { line: 1 }, ...(expected as object) }, line);
  }
  const errors: [string, string][] = [
    ['stick-table type ip', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table size 1k', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type foo size 1k', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type string size 1k len 10', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type integer len 10 size 1k', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type string len 0 size 1k', 'TSLB_ERR_CFG_NUMBER'],
    ['stick-table type ip size 0', 'TSLB_ERR_CFG_SIZE'],
    ['stick-table type ip size 10q expire 30s', 'TSLB_ERR_CFG_SIZE'],
    ['stick-table type ip size 1k expire abc', 'TSLB_ERR_CFG_TIME'],
    ['stick-table type ip size 1k expire 25d', 'TSLB_ERR_CFG_TIME'],
    ['stick-table type ip size 1k srvkey id', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k write-to x', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store conn_rate', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store conn_rate(10s', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store conn_rate(abc)', 'TSLB_ERR_CFG_TIME'],
    ['stick-table type ip size 1k store gpc0(10s)', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['stick-table type ip size 1k store gpc(0)', 'TSLB_ERR_CFG_NUMBER'],
    ['stick-table type ip size 1k store gpc(101)', 'TSLB_ERR_CFG_NUMBER'],
    ['stick-table type ip size 1k store gpc_rate(2)', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store gpc0,gpc(2)', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store gpc0_rate(1s),gpc_rate(2,1s)', 'TSLB_ERR_CFG_ARGS'],
    ['stick-table type ip size 1k store gpt0,gpt(2)', 'TSLB_ERR_CFG_ARGS'],
  ];
  for (const [line, code] of errors) {
    const s = one(line, 'backend');
    t.same(s.codes, [code], line);
    t.equal(s.proxy.stickTable, undefined, `${line}: no table`);
  }
  const dup = new Scenario('backend').run('stick-table type ip size 1').run('stick-table type ip size 2');
  t.same(dup.codes, ['TSLB_ERR_CFG_DUPLICATE']);
  t.equal(dup.proxy.stickTable?.size, 1);
  const twice = one('stick-table type ip size 1k store gpc0,gpc0', 'backend');
  t.same(twice.codes, ['TSLB_WRN_CFG_NO_EFFECT']);
  t.same(twice.proxy.stickTable?.store, [{ name: 'gpc0' }]);
  const peers = one('stick-table type ip size 100k expire 30m peers lb-cluster', 'backend');
  t.same(peers.codes, ['TSLB_ERR_CFG_UNSUPPORTED']);
  t.match(peers.proxy.stickTable, { size: 102_400, peers: undefined }, 'the table is kept for the rules that use it');
});

t.test('stick rules', async (t) => {
  const s = new Scenario('backend')
    .run('stick on src')
    .run('stick match req.cook(SID) table sessions if TRUE')
    .run('stick store-request src table t2')
    .run('stick store-response res.cook(SID)');
  t.same(s.codes, []);
  t.match(s.proxy.stickRules, [
    { kind: 'on', expr: 'src', table: undefined, cond: undefined },
    { kind: 'match', expr: 'req.cook(SID)', table: 'sessions', cond: { polarity: 'if' } },
    { kind: 'store-request', expr: 'src', table: 't2' },
    { kind: 'store-response', expr: 'res.cook(SID)' },
  ]);
  const errors: [string, string][] = [
    ['stick on', 'TSLB_ERR_CFG_ARGS'],
    ['stick on if TRUE', 'TSLB_ERR_CFG_ARGS'],
    ['stick on nosuch', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['stick on res.hdr(x)', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['stick match status', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['stick store-request res.hdr(x)', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['stick store-response path', 'TSLB_ERR_CFG_NOT_ALLOWED'],
    ['stick on src table', 'TSLB_ERR_CFG_ARGS'],
    ['stick on src foo', 'TSLB_ERR_CFG_ARGS'],
  ];
  for (const [line, code] of errors) {
    const e = one(line, 'backend');
    t.same(e.codes, [code], line);
    t.same(e.proxy.stickRules, [], `${line}: nothing kept`);
  }
  t.same(one('stick on src if { status 200 }', 'backend').codes, ['TSLB_WRN_CFG_NO_EFFECT']);
  t.same(one('stick store-response src if { path / }', 'backend').codes, ['TSLB_WRN_CFG_NO_EFFECT']);
});

t.test('captures', async (t) => {
  const s = new Scenario()
    .run('capture request header Host len 64')
    .run('capture response header Content-Type len 32')
    .run('capture cookie SID= len 20');
  t.same(s.codes, []);
  t.same(s.proxy.captures, [
    { place: { file: 't.cfg', line: 1 }, kind: 'request-header', name: 'Host', len: 64 },
    { place: { file: 't.cfg', line: 2 }, kind: 'response-header', name: 'Content-Type', len: 32 },
    { place: { file: 't.cfg', line: 3 }, kind: 'cookie', name: 'SID=', len: 20 },
  ]);
  const cut = one('capture cookie SID len 100');
  t.same(cut.codes, ['TSLB_WRN_CFG_NO_EFFECT']);
  t.equal(cut.proxy.captures[0]?.len, 63, 'HAProxy keeps 63 characters of a cookie');
  const zero = one('capture request header Host len 0');
  t.same(zero.codes, ['TSLB_WRN_CFG_NO_EFFECT']);
  t.equal(zero.proxy.captures[0]?.len, 0);
  const atol = one('capture request header Host len 10x');
  t.same(atol.codes, ['TSLB_WRN_CFG_NUMBER'], 'the length is read with atol()');
  t.equal(atol.proxy.captures[0]?.len, 10);
  for (const line of ['capture request header Host', 'capture request header Host len', 'capture request header Host foo 10', 'capture request header Host len 10 x', 'capture cookie']) {
    const e = one(line);
    t.same(e.codes, ['TSLB_ERR_CFG_ARGS'], line);
    t.same(e.proxy.captures, [], `${line}: nothing kept`);
  }
});

t.test('force-persist, ignore-persist, stats admin, stats http-request', async (t) => {
  const b = new Scenario('backend').run('force-persist if { src 10.0.0.0/8 }').run('ignore-persist unless TRUE');
  t.same(b.codes, []);
  t.match(b.proxy.forcePersist, [{ polarity: 'if', anyOf: [[{ kind: 'anonymous', acl: { fetch: 'src' } }]] }]);
  t.match(b.proxy.ignorePersist, [{ polarity: 'unless' }]);
  for (const line of ['force-persist', 'force-persist TRUE', 'ignore-persist']) t.same(one(line, 'backend').codes, ['TSLB_ERR_CFG_ARGS'], line);
  t.same(one('force-persist if { status 200 }', 'backend').codes, ['TSLB_WRN_CFG_NO_EFFECT'], 'checked as a backend content rule');

  const l = new Scenario('listen').run('stats admin if LOCALHOST').run('stats http-request auth realm Stats unless LOCALHOST').run('stats http-request allow');
  t.same(l.codes, []);
  t.equal(l.proxy.stats.enabled, true, 'like every stats keyword, they enable the page');
  t.match(l.proxy.stats.admin, [{ polarity: 'if', anyOf: [[{ name: 'LOCALHOST' }]] }]);
  t.match(l.proxy.stats.httpRequest, [{ action: { type: 'auth', realm: 'Stats' } }, { action: { type: 'allow' } }]);
  t.same(l.proxy.rules.httpRequest, []);
  for (const line of ['stats admin', 'stats admin TRUE']) {
    const e = one(line, 'listen');
    t.same(e.codes, ['TSLB_ERR_CFG_ARGS'], line);
    t.equal(e.proxy.stats.enabled, false, `${line}: page not enabled`);
  }
  t.same(one('stats http-request foo', 'listen').codes, ['TSLB_ERR_CFG_UNKNOWN_KEYWORD']);
  t.same(one('stats admin if { status 200 }', 'listen').codes, ['TSLB_WRN_CFG_NO_EFFECT']);
});

t.test('rules written out of HAProxy evaluation order are warned about', async (t) => {
  const cases: [string[], string | undefined][] = [
    [['use_backend b if TRUE', 'http-request deny if TRUE'], "a 'http-request' rule placed after a 'use_backend' rule"],
    [['http-request allow if TRUE', 'tcp-request content accept if TRUE'], "a 'tcp-request content' rule placed after a 'http-request' rule"],
    [['redirect location / if TRUE', 'http-request deny if TRUE'], "a 'http-request' rule placed after a 'redirect' rule"],
    [['tcp-request content accept', 'tcp-request connection accept'], "a 'tcp-request connection' rule placed after a 'tcp-request content' rule"],
    [['tcp-request content accept', 'tcp-request session accept'], "a 'tcp-request session' rule placed after a 'tcp-request content' rule"],
    [['monitor fail if TRUE', 'tcp-request content accept'], "a 'tcp-request content' rule placed after a 'monitor fail' rule"],
    [['http-request allow if TRUE', 'monitor fail if TRUE'], "a 'monitor fail' rule placed after a 'http-request' rule"],
    [['use_backend b if TRUE', 'redirect location /'], "a 'redirect' rule placed after a 'use_backend' rule"],
    [['use_backend b if TRUE', 'use-server s if TRUE', 'tcp-request connection reject'], "a 'tcp-request connection' rule placed after a 'use_backend' rule"],
    [['use-server s if TRUE', 'use_backend b'], undefined],
    [['http-request deny if TRUE', 'use_backend b'], undefined],
    [['tcp-request connection accept', 'tcp-request session accept', 'tcp-request content accept', 'http-request allow if TRUE', 'redirect location / if TRUE', 'use_backend b'], undefined],
    [['http-response allow if TRUE', 'http-request allow if TRUE'], undefined],
  ];
  for (const [lines, message] of cases) {
    const s = new Scenario('listen');
    for (const line of lines) s.run(line);
    const label = lines.join(' / ');
    if (message === undefined) {
      t.same(s.codes, [], label);
    } else {
      t.same(s.codes, ['TSLB_WRN_CFG_RULE_ORDER'], label);
      t.match(s.diags.list[0]?.message, message, label);
      t.equal(s.diags.list[0]?.line, lines.length, `${label}: on the last line`);
    }
  }
});

t.test('a rule after an unconditional final rule is never reached (warning)', async (t) => {
  const cases: [string[], boolean][] = [
    [['http-request deny', 'http-request allow'], true],
    [['http-request allow', 'http-request deny'], true],
    [['http-request auth', 'http-request deny'], true],
    [['http-request tarpit', 'http-request deny'], true],
    [['http-request return', 'http-request deny'], true],
    [['http-request redirect location /', 'http-request deny'], true],
    [['http-request deny if TRUE', 'http-request allow'], false],
    [['http-request set-header a b', 'http-request deny'], false],
    [['http-request silent-drop', 'http-request deny'], false],
    [['http-request reject', 'http-request deny'], false],
    [['http-request use-service prometheus-exporter', 'http-request deny'], false],
    [['http-response allow', 'http-response deny'], true],
    [['http-response redirect location /', 'http-response deny'], true],
    [['http-response silent-drop', 'http-response deny'], false],
    [['http-after-response allow', 'http-after-response allow'], true],
    [['tcp-request content accept', 'tcp-request content reject'], false],
    [['redirect location /', 'redirect location /x'], false],
    [['stats http-request set-header a b', 'stats http-request allow'], true],
    [['stats http-request deny if TRUE', 'stats http-request allow'], false],
  ];
  for (const [lines, warns] of cases) {
    const s = new Scenario('listen');
    for (const line of lines) s.run(line);
    t.same(s.codes, warns ? ['TSLB_WRN_CFG_RULE_ORDER'] : [], lines.join(' / '));
  }
});

t.test('conditions of rules: fetches without data where the rule runs', async (t) => {
  const cases: [string, ProxyKind, boolean][] = [
    ['http-request deny if { status 200 }', 'frontend', true],
    ['http-request deny if { status 200 }', 'listen', true],
    ['http-request deny if { path / }', 'backend', false],
    ['http-response deny if { path / }', 'frontend', true],
    ['http-response deny if { status 500 }', 'backend', false],
    ['tcp-request connection reject if { path / }', 'frontend', true],
    ['tcp-request connection reject if { src 10.0.0.1 }', 'frontend', false],
    ['use_backend b if { status 200 }', 'frontend', true],
    ['use_backend b if { path / }', 'frontend', false],
  ];
  for (const [line, kind, warns] of cases) t.same(one(line, kind).codes, warns ? ['TSLB_WRN_CFG_NO_EFFECT'] : [], `${kind}: ${line}`);
});

/**
 * The corpus files of this area, read with the real reader and fed to these
 * handlers section by section: valid files give no diagnostic at all;
 * invalid and unsupported files give exactly their annotated codes on the
 * lines these handlers own (names resolved later, in crossref.ts, aside).
 */
t.test('corpus fixtures', async (t) => {
  const LATER = new Set(['TSLB_ERR_CFG_UNKNOWN_ACL', 'TSLB_ERR_CFG_UNKNOWN_BACKEND', 'TSLB_ERR_CFG_UNKNOWN_SERVER', 'TSLB_ERR_CFG_UNKNOWN_REFERENCE']);
  const files = [
    'valid-http-rules.cfg',
    'valid-acl-routing.cfg',
    'valid-errors-capture-monitor.cfg',
    'valid-stats.cfg',
    'invalid-acl-conditions.cfg',
    'invalid-http-rules.cfg',
    'invalid-references.cfg',
    'invalid-references-sections.cfg',
    'unsupported-lua.cfg',
    'unsupported-cache.cfg',
    'unsupported-peers.cfg',
  ];
  for (const name of files) {
    const path = `test/fixtures/config/${name}`;
    const text = readFileSync(path, 'utf8');
    const diags = new Diagnostics();
    let scenario: Scenario | undefined;
    const handled = new Set<number>();
    for (const stmt of readText(path, text, { vars: () => undefined }, diags)) {
      const head = stmt.words[0] as string;
      if (SECTION_KEYWORDS.has(head)) {
        const kind = head as ProxyKind;
        scenario = ['defaults', 'frontend', 'backend', 'listen'].includes(head) ? new Scenario(kind) : undefined;
        continue;
      }
      if (!scenario || !handlerFor(stmt.words)) continue;
      handled.add(stmt.line);
      const before = scenario.diags.list.length;
      scenario.run(stmt.words, stmt.line);
      for (const d of scenario.diags.list.slice(before)) diags.report(d.code, { message: d.message, place: { file: path, line: d.line as number } });
    }
    const expected: string[] = [];
    text.split('\n').forEach((line, i) => {
      const m = /#\s*expect:\s*(TSLB_[A-Z0-9_]+(?:\s*,\s*TSLB_[A-Z0-9_]+)*)\s*$/.exec(line);
      if (!m || !handled.has(i + 1)) return;
      for (const code of (m[1] as string).split(',')) if (!LATER.has(code.trim())) expected.push(`${i + 1}:${code.trim()}`);
    });
    const actual = diags.list.map((d) => `${d.line}:${d.code}`);
    t.same(actual.sort(), expected.sort(), name);
  }
});
