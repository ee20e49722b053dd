/**
 * Micro-benchmark of ACL evaluation (lib/rules/): the cost of one ACL — a
 * named `acl` line compiled by the real engine (AclSet over a RuleEnv) —
 * on a new request, and of the whole backend switching of scenario (g) of
 * the data-plane benchmark (200 ACLs, 100 use_backend rules: the same
 * lb.cfg) for requests that none of its first 99 rules match.
 *
 * Each evaluation starts a new request as the engine does (a new
 * HttpRequestState on the SampleContext of its connection), so what is
 * kept per request starts empty; the first row is that start alone, and
 * is subtracted from the others. Two pools of requests, asked in turn:
 *
 *   - "values repeat": 1,024 requests from 1,024 connections, with 50
 *     hosts, 4 kinds of path, a few cookies and query strings: the answers
 *     the ACL groups keep by sample value (criterion-group.ts, like
 *     HAProxy's tune.pattern.cache-size) serve most of them;
 *   - "all different": 65,536 requests whose path, host, client address,
 *     cookie and query all differ: every kept answer misses.
 *
 * Plain Node, performance.now, median of runs.
 *
 *   node dist/benchmarks/acl.js [--runs 7] [--ms 300]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ACL_PATTERN_FILE, lbConfig } from './harness/lb-config.js';
import { arg, median } from './harness/micro.js';
import { RuntimeBackend } from '../lib/backend/backend.js';
import { loadConfigText } from '../lib/config/load.js';
import type { Proxy } from '../lib/config/model/proxy.js';
import { hasBackend, hasFrontend } from '../lib/config/model/proxy.js';
import { DEFAULT_HEAD_LIMITS, parseRequestHead, type RequestHead } from '../lib/http/parser.js';
import { AclSet } from '../lib/rules/acl/condition.js';
import { SampleContext } from '../lib/rules/context.js';
import { converterSpec } from '../lib/rules/converter-lookup.js';
import { RuleEnv } from '../lib/rules/env.js';
import { HttpRequestState } from '../lib/rules/http-request-state.js';
import { Router } from '../lib/rules/router.js';
import { Variables } from '../lib/rules/variables.js';

/** The single ACLs measured: name → criterion, as written after `acl <name>`. */
const SINGLE: readonly (readonly [string, string])[] = [
  ['path_beg, 1 pattern', 'path_beg /static/'],
  ['path_beg, 20 patterns', `path_beg ${Array.from({ length: 20 }, (_, i) => `/app${i}/`).join(' ')}`],
  ['path_end, 5 patterns', 'path_end .css .js .png .jpg .gif'],
  ['hdr(host) -i, 10 names', `hdr(host) -i ${Array.from({ length: 10 }, (_, i) => `WWW.SHOP${i * 5}.EXAMPLE.ORG`).join(' ')}`],
  ['hdr_sub(user-agent) -i, 2 words', 'hdr_sub(user-agent) -i bot crawler'],
  ['src, 12 CIDR networks', `src ${Array.from({ length: 10 }, (_, i) => `10.${i * 20}.0.0/14`).join(' ')} 172.20.1.0/24 2001:db8::/32`],
  ['method, 2 methods', 'method PUT DELETE'],
  ['url_param(tenant), 3 values', 'url_param(tenant) x1 x2 x3'],
  ['req.cook(pool), 1 value', 'req.cook(pool) p3'],
  ['path_reg, 1 regex', 'path_reg ^/api/v[0-9]+/users/[0-9]+$'],
];

/** A connection from `address`: the context reads only the socket's addresses. */
function context(address: string): SampleContext {
  const socket = { remoteAddress: address, remotePort: 40_000, localAddress: '127.0.0.1', localPort: 8080 } as Socket;
  return new SampleContext(socket, { name: 'fe', id: 1 }, { backend: () => undefined, userlist: () => undefined }, new Variables());
}

function parse(text: string): RequestHead {
  const r = parseRequestHead(Buffer.from(text, 'latin1'), DEFAULT_HEAD_LIMITS);
  if (r.kind !== 'head') throw new Error(`bad request head: ${JSON.stringify(text)}`);
  return r.head;
}

/** The requests of a pool and the connections they come from. */
interface Pool {
  readonly ctxs: readonly SampleContext[];
  readonly heads: readonly RequestHead[];
}

/**
 * `n` requests, API calls, static files and pages with a browser's headers,
 * a cookie and some query strings; `distinct`: every value differs from one
 * request to the next, else hosts, cookies and queries repeat.
 */
function pool(n: number, distinct: boolean): Pool {
  const ctxs: SampleContext[] = [];
  const heads: RequestHead[] = [];
  for (let i = 0; i < n; i++) {
    const path = [`/api/v${1 + (i % 3)}/users/${i}`, `/static/img/${i}.png`, `/products/${i * 31}/reviews`, distinct ? `/pages/${i}.html` : '/index.html'][i % 4] as string;
    const query = i % 3 === 0 ? `?page=${i % 17}&tenant=x${distinct ? i : i % 9}` : '';
    const host = distinct ? `www.shop${i}.example.org` : `www.shop${i % 50}.example.org`;
    const cookie = distinct ? `session=${(i * 2654435761) >>> 0}; pool=p${i}` : `session=${(i * 2654435761) >>> 0}; theme=dark; pool=p${i % 5}`;
    heads.push(
      parse(
        `GET ${path}${query} HTTP/1.1\r\nHost: ${host}\r\n` +
          'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n' +
          'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n' +
          `Accept-Language: en-US,en;q=0.5\r\nCookie: ${cookie}\r\n\r\n`,
      ),
    );
    // Client addresses outside the networks of (g), so that its rules do not match.
    ctxs.push(context(`172.${20 + ((i >> 16) & 7)}.${(i >> 8) & 255}.${i & 255}`));
  }
  return { ctxs, heads };
}

function loadProxies(text: string): { frontend: Proxy; backends: Map<string, RuntimeBackend> } {
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  const frontend = r.model.proxies.find((p) => hasFrontend(p.kind));
  if (!frontend) throw new Error('no frontend');
  const backends = new Map(r.model.proxies.filter((p) => hasBackend(p.kind)).map((p) => [p.name, new RuntimeBackend(p)] as const));
  return { frontend, backends };
}

/** ns per evaluation: a new request from the pool, then `evaluate`, over the pool in turn; median of `runs` timed runs after one warm-up. */
function measure(runs: number, ms: number, p: Pool, evaluate: (ctx: SampleContext) => unknown): number {
  const samples: number[] = [];
  const n = p.heads.length;
  let sink = 0;
  for (let run = 0; run < runs + 1; run++) {
    let ops = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < n; i++) {
        const ctx = p.ctxs[i] as SampleContext;
        ctx.req = new HttpRequestState(p.heads[i] as RequestHead);
        if (evaluate(ctx)) sink++;
      }
      ops += n;
      now = performance.now();
    }
    if (run > 0) samples.push(((now - start) * 1e6) / ops);
  }
  if (sink < 0) throw new Error('unreachable');
  return median(samples);
}

/** How many requests of the pool `evaluate` is true for. */
function share(p: Pool, evaluate: (ctx: SampleContext) => boolean): string {
  let yes = 0;
  for (let i = 0; i < p.heads.length; i++) {
    const ctx = p.ctxs[i] as SampleContext;
    ctx.req = new HttpRequestState(p.heads[i] as RequestHead);
    if (evaluate(ctx)) yes++;
  }
  return `${Math.round((yes * 100) / p.heads.length)} %`;
}

const header = (fresh: Pool): string => `ACL evaluation cost per request, median of runs (Node ${process.version}); ${fresh.heads.length.toLocaleString('en-US')} "all different" requests`;

function main(): void {
  const runs = arg('runs', 7);
  const ms = arg('ms', 300);
  const dir = mkdtempSync(join(tmpdir(), 'tslb-acl-bench-'));
  try {
    const env = new RuleEnv(converterSpec);
    const repeat = pool(1024, false);
    const fresh = pool(65_536, true);
    const rows: string[] = [];
    const ns = (v: number): string => `${v.toFixed(0)} ns`;
    // Each row: what is measured, ns with values repeating, ns with all values different, how many match (repeating pool).
    const row = (what: string, evaluate: (ctx: SampleContext) => boolean, subtract: readonly [number, number] = [0, 0]): [number, number] => {
      const a = measure(runs, ms, repeat, evaluate);
      const b = measure(runs, ms, fresh, evaluate);
      rows.push(`| ${what} | ${ns(a - subtract[0])} | ${ns(b - subtract[1])} | ${share(repeat, evaluate)} |`);
      return [a, b];
    };

    const base = row('new request state alone (subtracted below)', () => true);

    const single = loadProxies(
      `defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nfrontend fe\n    bind :8080\n` +
        `${SINGLE.map(([, c], i) => `    acl a${i} ${c}\n`).join('')}    default_backend be\nbackend be\n    server s 127.0.0.1:8081\n`,
    );
    const acls = new AclSet(single.frontend.acls, env);
    for (const [i, [what]] of SINGLE.entries()) row(what, acls.named(`a${i}`), base);

    // Scenario (g): its lb.cfg, its pattern file.
    const patternFile = join(dir, 'paths.lst');
    writeFileSync(patternFile, ACL_PATTERN_FILE);
    const g = loadProxies(lbConfig({ mode: 'http-acl', proxyPort: 8080, serverPort: 8081, maxconn: 1000, patternFile }));
    const router = new Router(g.frontend, new AclSet(g.frontend.acls, env), g.backends);
    row('(g) router: 100 rules, 200 ACLs, to default_backend', (ctx) => router.route(ctx)?.name === 'be_fallback', base);
    // wrk's request: GET /small with a Host header only, from 127.0.0.1; rule 100 matches.
    const wrk = parse('GET /small HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n');
    const local = context('127.0.0.1');
    const wrkPool: Pool = { ctxs: [local], heads: [wrk] };
    const routed = (ctx: SampleContext): boolean => router.route(ctx)?.name === 'be_nginx';
    const w = measure(runs, ms, wrkPool, routed);
    const wBase = measure(runs, ms, wrkPool, () => true);
    rows.push(`| (g) router: wrk's GET /small from 127.0.0.1, to rule 100 | ${ns(w - wBase)} | | ${share(wrkPool, routed)} |`);

    process.stdout.write(`${header(fresh)}, ${runs} runs of ${ms} ms:\n\n`);
    process.stdout.write(`| evaluation | values repeat | all different | matched |\n|---|---:|---:|---:|\n${rows.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
