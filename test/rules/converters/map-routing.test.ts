/**
 * Map converters through the rule engine, against HAProxy 2.6: the same
 * configuration under tslb's runtime and under the real HAProxy, with
 * `http-request set-header` values and a `use_backend` condition made of
 * map lookups (`req.hdr(host),lower,map_dom(<file>,<default>)` and the
 * like). Each request must reach the same backend with the same head.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startHaproxy } from '../../helpers/haproxy.js';
import { namedBackend, request } from '../../helpers/named-backends.js';
import { freePort } from '../../helpers/net.js';
import { startRuntime } from '../../helpers/runtime.js';

t.setTimeout(30_000);

const dir = mkdtempSync(join(tmpdir(), 'tslb-map-routing-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const sites = file('sites.map', '# site of each domain (the first matching line answers)\nshop.example.com shop\nexample.com main\nexample.org two\n');
const nets = file('nets.map', '127.0.0.0/8 loopback\n10.0.0.0/8 private\n');
const weights = file('weights.map', '1:9 10\n10:99 100\n-5 -50\n');
const routes = file('routes.map', '^/user/([0-9]+)(/.*)?$ /u\\2?id=\\1\n^/static/(.*)\\.(css|js)$ /assets/\\2/\\1\n^/broken \\x4\n');
const pools = file('pools.map', '/api 10.0.0.1\n/api/v2 2001:db8::2\n');

const config = (port: number, b1: number, b2: number): string => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend f
    bind 127.0.0.1:${port}
    http-request set-header X-Site %[req.hdr(host),lower,map_dom(${sites},unknown)]
    http-request set-header X-Net %[src,map_ip(${nets})]
    http-request set-header X-Weight %[req.hdr(x-n),map_int_int(${weights},-1)]
    http-request set-header X-Route %[path,map_regm(${routes},/fallback)]
    http-request set-header X-Pool %[path,map_beg_ip(${pools},0.0.0.0)]
    use_backend b2 if { req.hdr(host),lower,map_dom(${sites},none) -m str two shop }
    default_backend b1
backend b1
    server s 127.0.0.1:${b1}
backend b2
    server s 127.0.0.1:${b2}
`;

/** Request line and headers (Host and Connection: close added). */
const CASES: readonly (readonly [string, string])[] = [
  ['GET / HTTP/1.1', 'www.example.com'],
  ['GET / HTTP/1.1', 'Shop.Example.COM'],
  ['GET / HTTP/1.1', 'a.b.example.org'],
  ['GET / HTTP/1.1', 'example.net'],
  ['GET /user/42 HTTP/1.1', 'example.com'],
  ['GET /user/7/profile HTTP/1.1', 'example.com'],
  ['GET /static/app.css HTTP/1.1', 'example.org'],
  ['GET /broken HTTP/1.1', 'example.com'],
  ['GET /api/x HTTP/1.1', 'example.com'],
  ['GET /api/v2/x HTTP/1.1', 'example.com'],
  ['GET /x HTTP/1.1\r\nX-N: 5', 'example.com'],
  ['GET /x HTTP/1.1\r\nX-N: 50', 'example.com'],
  ['GET /x HTTP/1.1\r\nX-N: -5', 'example.com'],
  ['GET /x HTTP/1.1\r\nX-N: 1000', 'example.com'],
  ['GET /x HTTP/1.1\r\nX-N: abc', 'example.com'],
];

async function outcomes(t: Test, who: 'haproxy' | 'tslb'): Promise<string[]> {
  const [b1, b2] = await Promise.all([namedBackend('b1'), namedBackend('b2')]);
  t.teardown(() => Promise.all([b1.close(), b2.close()]));
  const port = await freePort();
  const text = config(port, b1.port, b2.port);
  if (who === 'haproxy') t.teardown((await startHaproxy(text, port)).stop);
  else await startRuntime(t, text);
  const out: string[] = [];
  for (const [line, host] of CASES) {
    const answer = await request(port, `${line}\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const server = /\r\nx-server: (\w+)/.exec(answer)?.[1] ?? `(answered: ${answer.slice(0, 12)})`;
    const head = [...b1.heads, ...b2.heads].pop() ?? '';
    b1.heads.length = 0;
    b2.heads.length = 0;
    out.push(`${server}\n${head}`);
  }
  return out;
}

t.test('map lookups in header values and conditions give what HAProxy gives', async (t) => {
  const seen = { haproxy: [] as string[], tslb: [] as string[] };
  for (const who of ['haproxy', 'tslb'] as const) await t.test(who, async (t) => void (seen[who] = await outcomes(t, who)));
  CASES.forEach(([line, host], i) => t.equal(seen.tslb[i], seen.haproxy[i], `${line.split('\r\n').join(' | ')} (Host: ${host})`));
  // Not vacuous: the lookups answered, in both directions of each converter.
  t.match(seen.haproxy[4], /\r\nx-route: \/u\?id=42\r\n/, 'map_regm back-references');
  t.match(seen.haproxy[7], /\r\nx-route: (\r\n|$)/, 'map_regm: a value ending inside an escape gives an empty header');
  t.match(seen.haproxy[9], /\r\nx-pool: 2001:db8::2(\r\n|$)/, 'map_beg_ip: the longest prefix, an IPv6 value');
  t.match(seen.haproxy[3], /\r\nx-site: unknown\r\n/, 'map_dom default');
  t.match(seen.haproxy[12], /\r\nx-weight: -50\r\n/, 'map_int_int');
  t.ok(seen.haproxy.some((o) => o.startsWith('b2')) && seen.haproxy.some((o) => o.startsWith('b1')), 'both backends are reached');
});
