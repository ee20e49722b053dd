/**
 * ACLs evaluated in groups (criteria reading the same sample share its
 * fetch, its combined pattern matching and a cache of answers by value)
 * answer what each criterion compiled on its own answers: over generated
 * requests, requests repeated and interleaved, and while rules change the
 * request or variables between two questions.
 */
import type { Socket } from 'node:net';
import t from 'tap';
import { loadConfigText } from '../../../lib/config/load.js';
import type { Proxy } from '../../../lib/config/model/proxy.js';
import type { Acl } from '../../../lib/config/model/rules.js';
import { hasFrontend } from '../../../lib/config/model/proxy.js';
import { DEFAULT_HEAD_LIMITS, parseRequestHead, type RequestHead } from '../../../lib/http/parser.js';
import { AclSet } from '../../../lib/rules/acl/condition.js';
import { compileCriterion, type Predicate } from '../../../lib/rules/acl/criterion.js';
import { SampleContext } from '../../../lib/rules/context.js';
import { converterSpec } from '../../../lib/rules/converter-lookup.js';
import { RuleEnv } from '../../../lib/rules/env.js';
import { compileExpression } from '../../../lib/rules/sample/expression.js';
import { str } from '../../../lib/rules/sample/sample.js';
import { Variables } from '../../../lib/rules/variables.js';

const ACLS = [
  'path_beg /api /static',
  'path_beg /api/v2',
  'path_beg -i /ADMIN',
  'path_end .css .js',
  'path_end -i .PNG',
  'path_sub img',
  'path_dir v1',
  'path_reg ^/api/v[0-9]+',
  'path_reg (?i)^/STATIC',
  'path -m str /',
  'path_len gt 5',
  'hdr(host) -i a.example.com b.example.com',
  'hdr(host) -i B.EXAMPLE.COM',
  'hdr_dom(host) -i example.com',
  'hdr_end(host) .org',
  'hdr_beg(host) www.',
  'hdr_sub(user-agent) -i bot',
  'hdr_sub(user-agent) -i curl',
  'hdr(x-multi) a',
  'hdr(x-multi) b c',
  'hdr_cnt(x-multi) gt 1',
  'hdr_val(content-length) gt 10',
  'src 10.0.0.0/8 192.168.0.0/16',
  'src 10.1.0.0/16',
  'src 2001:db8::/32',
  'method GET',
  'method POST PUT',
  'url_param(id) 1 2',
  'urlp(x) -m found',
  'req.cook(sess) abc',
  'cook_beg(pool) p',
  'hdr(host),lower -m str a.example.com',
  'var(txn.x) -m str yes',
  'query -m found',
  'url_beg /api',
];

function frontend(extra = ''): Proxy {
  const acls = ACLS.map((c, i) => `    acl a${i} ${c}\n`).join('');
  const r = loadConfigText(`defaults\n    mode http\nfrontend f\n    bind :1\n${acls}${extra}    default_backend b\nbackend b\n    server s 127.0.0.1:2\n`);
  const fe = r.model?.proxies.find((p) => hasFrontend(p.kind));
  if (!fe) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return fe;
}

function socket(address: string): Socket {
  return { remoteAddress: address, remotePort: 1234, localAddress: '127.0.0.1', localPort: 80 } as Socket;
}

function context(address: string): SampleContext {
  return new SampleContext(socket(address), { name: 'f', id: 1 }, { backend: () => undefined, userlist: () => undefined }, new Variables());
}

function head(text: string): RequestHead {
  const r = parseRequestHead(Buffer.from(text, 'latin1'), DEFAULT_HEAD_LIMITS);
  if (r.kind !== 'head') throw new Error(`bad request: ${JSON.stringify(text)}`);
  return r.head;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

function generated(rnd: () => number): string {
  const path = pick(rnd, ['/', '/api/v1/users', '/api/v2/x', '/static/a.css', '/Admin/x', '/img/logo.PNG', '/v1/y.js', '/small', '/x/v1?y']);
  const query = pick(rnd, ['', '?id=1', '?id=3&x', '?x=1;id=2', '?']);
  const method = pick(rnd, ['GET', 'POST', 'PUT', 'HEAD']);
  const lines = [`${method} ${path}${path.includes('?') ? '' : query} HTTP/1.1`, `Host: ${pick(rnd, ['a.example.com', 'B.Example.com', 'www.x.org', 'example.com:8080', 'shop.example.com'])}`];
  if (rnd() < 0.5) lines.push(`User-Agent: ${pick(rnd, ['Mozilla/5.0', 'GoogleBot/2.1', 'curl/8.0', 'CURL'])}`);
  if (rnd() < 0.4) lines.push(`X-Multi: ${pick(rnd, ['a', 'b, c', 'a, "b,c"', 'd'])}`);
  if (rnd() < 0.3) lines.push(`X-Multi: ${pick(rnd, ['c', 'x'])}`);
  if (rnd() < 0.4) lines.push(`Cookie: ${pick(rnd, ['sess=abc', 'pool=p1; sess=x', 'a=b', 'pool=q; pool=p2'])}`);
  if (method !== 'GET' && method !== 'HEAD') lines.push(`Content-Length: ${pick(rnd, ['0', '5', '50'])}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Each ACL compiled on its own (its lines ORed), as the reference. */
function alone(fe: Proxy, env: RuleEnv): Map<string, Predicate> {
  const out = new Map<string, Predicate>();
  for (const a of fe.acls) {
    const p = compileCriterion(a.criterion, env);
    const before = out.get(a.name);
    out.set(a.name, before ? (ctx) => before(ctx) || p(ctx) : p);
  }
  return out;
}

function answers(acls: AclSet, names: readonly string[], ctx: SampleContext): string {
  return names.map((n) => (acls.named(n)(ctx) ? '1' : '0')).join('');
}

t.test('grouped ACLs answer as each on its own, over generated requests', async (t) => {
  const fe = frontend();
  const env = new RuleEnv(converterSpec);
  const acls = new AclSet(fe.acls, env);
  const reference = alone(fe, new RuleEnv(converterSpec));
  const names = [...reference.keys()];
  const rnd = random(7);
  const ctxs = ['10.1.2.3', '192.168.0.9', '127.0.0.1', '2001:db8::5', '::ffff:10.1.0.1'].map(context);
  let compared = 0;
  for (let i = 0; i < 3000; i++) {
    const ctx = pick(rnd, ctxs);
    ctx.startRequest(head(generated(rnd)));
    if (rnd() < 0.3) ctx.vars.set('txn', 'x', str(rnd() < 0.5 ? 'yes' : 'no'));
    // Ask in a random order, some twice.
    const order = [...names].sort(() => rnd() - 0.5).concat(names.slice(0, 5));
    const ours = order.map((n) => (acls.named(n)(ctx) ? '1' : '0')).join('');
    const theirs = order.map((n) => ((reference.get(n) as Predicate)(ctx) ? '1' : '0')).join('');
    if (ours !== theirs) t.equal(ours, theirs, `request ${i}: ${order.join(' ')}`);
    compared += order.length;
  }
  t.ok(compared > 100_000, `${compared} answers agree`);
});

t.test('answers follow the changes rules make within a request', async (t) => {
  const fe = frontend();
  const env = new RuleEnv(converterSpec);
  const acls = new AclSet(fe.acls, env);
  const reference = alone(fe, new RuleEnv(converterSpec));
  const names = [...reference.keys()];
  const check = (ctx: SampleContext, what: string): void => {
    t.equal(answers(acls, names, ctx), names.map((n) => ((reference.get(n) as Predicate)(ctx) ? '1' : '0')).join(''), what);
  };
  const ctx = context('10.1.2.3');
  const req = ctx.startRequest(head('GET /api/v1/x?id=1 HTTP/1.1\r\nHost: a.example.com\r\nUser-Agent: curl/8\r\n\r\n'));
  check(ctx, 'as received');
  req.target = '/static/a.css';
  check(ctx, 'after set-path');
  req.method = 'POST';
  check(ctx, 'after set-method');
  const host = compileExpression('req.hdr(host)', env);
  // set-header host %[req.hdr(host),...]: the value is read after editHeaders() and before the change.
  const lines = req.editHeaders();
  t.equal(host.one(ctx)?.value, 'a.example.com', 'the old value while the rule computes the new one');
  const at = lines.findIndex((h) => h.lname === 'host');
  lines[at] = { name: 'Host', lname: 'host', value: 'www.x.org' };
  t.equal(host.one(ctx)?.value, 'www.x.org', 'the new value once changed');
  check(ctx, 'after set-header host');
  req.editHeaders().push({ name: 'X-Multi', lname: 'x-multi', value: 'b' });
  check(ctx, 'after add-header');
  ctx.vars.set('txn', 'x', str('yes'));
  check(ctx, 'after set-var');
  ctx.vars.set('txn', 'x', str('no'));
  check(ctx, 'after set-var again');
  ctx.setSource('192.168.1.1');
  check(ctx, 'after set-src');
  t.equal(acls.named(`a${ACLS.indexOf('hdr(host) -i a.example.com b.example.com')}`)(ctx), false, 'the old Host value is not kept');
});

t.test('the same values on other requests and connections get the same answers', async (t) => {
  const fe = frontend();
  const acls = new AclSet(fe.acls, new RuleEnv(converterSpec));
  const reference = alone(fe, new RuleEnv(converterSpec));
  const names = [...reference.keys()];
  const texts = ['GET /api/v1 HTTP/1.1\r\nHost: a.example.com\r\n\r\n', 'GET /img/x.PNG HTTP/1.1\r\nHost: B.Example.com\r\nX-Multi: b, c\r\n\r\n'];
  const a = context('10.1.0.1');
  const b = context('172.16.0.1');
  for (let round = 0; round < 4; round++) {
    for (const [i, text] of texts.entries()) {
      for (const ctx of [a, b]) {
        ctx.startRequest(head(text));
        t.equal(answers(acls, names, ctx), names.map((n) => ((reference.get(n) as Predicate)(ctx) ? '1' : '0')).join(''), `round ${round}, request ${i}, ${ctx.src}`);
      }
    }
  }
});

t.test('criteria that do not compile are refused when their ACL is used, as before', async (t) => {
  const fe = frontend();
  const place = { file: 'test', line: 1 };
  const criterion = { ignoreCase: false, files: [], mapFiles: false, noDns: false };
  const broken: Acl[] = [
    { place, name: 'broken', criterion: { ...criterion, fetch: 'path', match: 'reg', values: ['('] } },
    { place, name: 'nofetch', criterion: { ...criterion, fetch: 'nosuchfetch', match: 'found', values: [] } },
  ];
  const acls = new AclSet([...fe.acls, ...broken], new RuleEnv(converterSpec));
  t.ok(acls.named('a0'), 'the others compile');
  t.throws(() => acls.named('broken'), { name: 'PatternError' });
  t.throws(() => acls.named('nofetch'), { name: 'ExpressionError' });
  t.throws(() => acls.named('nosuch'), /unknown ACL 'nosuch'/);
});
