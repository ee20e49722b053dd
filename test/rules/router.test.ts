/**
 * Backend switching with many rules: the router asks only the rules that a
 * matching ACL may let hold (and those it cannot tell about), and must
 * choose what asking every rule in turn chooses. Generated configurations
 * of use_backend rules (ANDs, `or`, `||`, `!`, `unless`, anonymous and
 * predefined ACLs, ACLs the router cannot evaluate ahead: variables,
 * converters) against generated requests.
 */
import type { Socket } from 'node:net';
import t from 'tap';
import { RuntimeBackend } from '../../lib/backend/backend.js';
import { loadConfigText } from '../../lib/config/load.js';
import type { AclCriterion, Condition } from '../../lib/config/model/common.js';
import { hasBackend, hasFrontend, type Proxy } from '../../lib/config/model/proxy.js';
import { PREDEFINED_ACL_DEFINITIONS } from '../../lib/config/predefined-acls.js';
import { DEFAULT_HEAD_LIMITS, parseRequestHead } from '../../lib/http/parser.js';
import { AclSet } from '../../lib/rules/acl/condition.js';
import { compileCriterion, type Predicate } from '../../lib/rules/acl/criterion.js';
import { SampleContext } from '../../lib/rules/context.js';
import { converterSpec } from '../../lib/rules/converter-lookup.js';
import { RuleEnv } from '../../lib/rules/env.js';
import { Router } from '../../lib/rules/router.js';
import { str } from '../../lib/rules/sample/sample.js';
import { Variables } from '../../lib/rules/variables.js';

const ACLS = [
  'path_beg /api /static',
  'path_beg /api/v2',
  'path_end .css .js',
  'path_sub img',
  'path_dir v1',
  'path_reg ^/api/v[0-9]+',
  'path_len gt 5',
  'hdr(host) -i a.example.com b.example.com',
  'hdr_dom(host) -i example.com',
  'hdr_end(host) .org',
  'hdr_sub(user-agent) -i bot',
  'src 10.0.0.0/8',
  'src 10.1.0.0/16 192.168.0.0/16',
  'method POST PUT',
  'url_param(id) 1 2',
  'req.cook(sess) abc',
  'hdr(host),lower -m str a.example.com',
  'var(txn.x) -m str yes',
];
const PREDEFINED = ['METH_GET', 'LOCALHOST', 'HTTP_1.1', 'TRUE', 'FALSE'];
const ANONYMOUS = ['{ path_beg /api }', '{ hdr(host) -i www.x.org }', '{ src 192.168.0.0/16 }', '{ var(txn.x) -m found }'];

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

function condition(rnd: () => number): string {
  const term = (): string => {
    const r = rnd();
    const acl = r < 0.7 ? `a${Math.floor(rnd() * ACLS.length)}` : r < 0.85 ? pick(rnd, PREDEFINED) : pick(rnd, ANONYMOUS);
    return `${rnd() < 0.3 ? '!' : ''}${acl}`;
  };
  const group = (): string => Array.from({ length: 1 + Math.floor(rnd() * 3) }, term).join(' ');
  const groups = Array.from({ length: 1 + Math.floor(rnd() * 2) }, group).join(rnd() < 0.5 ? ' || ' : ' or ');
  return `${rnd() < 0.15 ? 'unless' : 'if'} ${groups}`;
}

function config(rnd: () => number, rules: number): { frontend: Proxy; backends: Map<string, RuntimeBackend> } {
  const acls = ACLS.map((c, i) => `    acl a${i} ${c}\n`).join('');
  const uses = Array.from({ length: rules }, (_, k) => `    use_backend b${k % 5} ${condition(rnd)}\n`).join('');
  const backends = Array.from({ length: 6 }, (_, i) => `backend b${i}\n    server s 127.0.0.1:${2000 + i}\n`).join('');
  const r = loadConfigText(`defaults\n    mode http\nfrontend f\n    bind :1\n${acls}${uses}    default_backend b5\n${backends}`);
  const fe = r.model?.proxies.find((p) => hasFrontend(p.kind));
  if (!r.model || !fe) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return { frontend: fe, backends: new Map(r.model.proxies.filter((p) => hasBackend(p.kind)).map((p) => [p.name, new RuntimeBackend(p)])) };
}

/** Every rule asked in turn, each ACL compiled on its own: the reference. */
function naive(fe: Proxy, env: RuleEnv): (ctx: SampleContext) => string {
  const cache = new Map<string, Predicate>();
  const named = (name: string): Predicate => {
    let p = cache.get(name);
    if (p) return p;
    const lines = fe.acls.filter((a) => a.name === name).map((a) => compileCriterion(a.criterion, env));
    if (lines.length === 0) {
      const [fetch = '', ...values] = (PREDEFINED_ACL_DEFINITIONS.get(name) ?? '').split(' ');
      const c: AclCriterion = { fetch, ignoreCase: false, files: [], mapFiles: false, noDns: false, values };
      lines.push(compileCriterion(c, env));
    }
    p = (ctx) => lines.some((q) => q(ctx));
    cache.set(name, p);
    return p;
  };
  const holds = (cond: Condition | undefined): Predicate => {
    if (!cond) return () => true;
    const groups = cond.anyOf.map((g) =>
      g.map((term) => {
        const p = term.kind === 'acl' ? named(term.name) : compileCriterion(term.acl, env);
        return term.negate ? (ctx: SampleContext) => !p(ctx) : p;
      }),
    );
    const any = (ctx: SampleContext): boolean => groups.some((g) => g.every((p) => p(ctx)));
    return cond.polarity === 'unless' ? (ctx) => !any(ctx) : any;
  };
  const rules = fe.useBackends.map((u) => ({ when: holds(u.cond), backend: u.backend }));
  return (ctx) => rules.find((r) => r.when(ctx))?.backend ?? fe.defaultBackend ?? '';
}

function request(rnd: () => number): string {
  const path = pick(rnd, ['/', '/api/v1/users', '/api/v2/x', '/static/a.css', '/img/logo.png', '/v1/y.js', '/small']);
  const lines = [
    `${pick(rnd, ['GET', 'POST', 'PUT', 'HEAD'])} ${path}${pick(rnd, ['', '?id=1', '?id=3'])} HTTP/1.${rnd() < 0.9 ? 1 : 0}`,
    `Host: ${pick(rnd, ['a.example.com', 'B.Example.com', 'www.x.org', 'shop.example.com'])}`,
  ];
  if (rnd() < 0.4) lines.push(`User-Agent: ${pick(rnd, ['Mozilla/5.0', 'GoogleBot/2.1'])}`);
  if (rnd() < 0.3) lines.push(`Cookie: ${pick(rnd, ['sess=abc', 'sess=x'])}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

t.test('the router chooses what asking every rule in turn chooses', async (t) => {
  let compared = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const rnd = random(seed);
    const { frontend, backends } = config(rnd, 5 + Math.floor(rnd() * 60));
    const router = new Router(frontend, new AclSet(frontend.acls, new RuleEnv(converterSpec)), backends);
    const reference = naive(frontend, new RuleEnv(converterSpec));
    const ctxs = ['10.1.2.3', '192.168.0.9', '127.0.0.1', '172.16.0.1'].map(
      (a) => new SampleContext({ remoteAddress: a, remotePort: 1, localAddress: '127.0.0.1', localPort: 80 } as Socket, { name: 'f', id: 1 }, { backend: () => undefined, userlist: () => undefined }, new Variables()),
    );
    for (let i = 0; i < 200; i++) {
      const ctx = pick(rnd, ctxs);
      const r = parseRequestHead(Buffer.from(request(rnd), 'latin1'), DEFAULT_HEAD_LIMITS);
      if (r.kind !== 'head') throw new Error('bad request');
      ctx.startRequest(r.head);
      if (rnd() < 0.3) ctx.vars.set('txn', 'x', str(rnd() < 0.5 ? 'yes' : 'no'));
      const ours = router.route(ctx)?.name ?? '';
      const theirs = reference(ctx);
      if (ours !== theirs) t.equal(ours, theirs, `seed ${seed}, request ${i}`);
      // A second route of the same request (kept answers) chooses the same.
      if (router.route(ctx)?.name !== ours) t.fail(`seed ${seed}, request ${i}: routing twice differs`);
      compared++;
    }
  }
  t.equal(compared, 6000, `${compared} requests routed as the reference does`);
});
