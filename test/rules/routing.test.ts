/**
 * Layer-7 routing against HAProxy 2.6 (issue 5, "Done when"): one frontend
 * with ACLs and `use_backend` rules in front of five named backends, the
 * same configuration under tslb and under the real HAProxy, and a table of
 * requests — paths, hosts with and without a port, headers, source
 * addresses, methods, cookies, query parameters, pattern files, negation,
 * `or`, predefined ACLs — each of which must reach the same backend (or
 * get the same answer) through both. Then the http-request actions: what
 * the backend receives and what the client gets back, byte for byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startHaproxy } from '../helpers/haproxy.js';
import { namedBackend, request, type NamedBackend } from '../helpers/named-backends.js';
import { freePort } from '../helpers/net.js';
import { startRuntime } from '../helpers/runtime.js';

t.setTimeout(60_000);

type Who = 'haproxy' | 'tslb';

const dir = mkdtempSync(join(tmpdir(), 'tslb-routing-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const blocked = join(dir, 'blocked.lst');
writeFileSync(blocked, '# blocked paths\n/admin\n  /private  \n\n/secret\n');
const hostsMap = join(dir, 'hosts.map');
writeFileSync(hostsMap, 'shop.example.com   b3\napi.example.com b4\n');

const routingConfig = (port: number, be: Record<string, number>): string => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend f
    bind 127.0.0.1:${port}
    acl is_static path_beg /static /images
    acl is_static path_end .css .js
    acl api_host hdr(host),lower api.example.com
    acl api_host_port hdr_dom(host) -i api.example.com
    acl v2 url_param(version) 2
    acl mobile hdr_sub(user-agent) -i mobile
    acl beta req.cook(beta) 1
    acl local_net src 127.0.0.0/30
    acl is_post method POST
    acl big_len hdr_val(content-length) gt 1000
    acl blocked path -f ${blocked}
    acl mapped_host hdr(host) -M -f ${hostsMap}
    acl has_auth hdr_cnt(authorization) ge 1
    acl json_accept hdr_sub(accept) json
    acl dir_api path_dir api
    acl dom_org hdr_end(host) .org
    acl reg_id path_reg ^/item/[0-9]+$
    acl query_present query -m found
    acl short_path path_len le 2
    http-request deny if blocked
    http-request deny deny_status 429 if { hdr(x-flood) yes }
    http-request return status 200 content-type text/plain string pong if { path /ping }
    use_backend b1 if is_static
    use_backend b2 if api_host or api_host_port
    use_backend b3 if v2 !mobile
    use_backend b4 if beta is_post
    use_backend b5 if mobile || json_accept
    use_backend b1 if big_len
    use_backend b2 if mapped_host
    use_backend b3 if has_auth
    use_backend b4 if dir_api
    use_backend b5 if dom_org
    use_backend b1 if reg_id
    use_backend b2 if query_present short_path
    use_backend b3 if { path_beg -i /CASE }
    use_backend b4 if METH_PUT
    use_backend b5 if HTTP_1.0 !LOCALHOST
    use_backend b1 if HTTP_1.0
    use_backend b2 unless local_net
    default_backend b3
${Object.entries(be)
  .map(([n, p]) => `backend ${n}\n    server s 127.0.0.1:${p}\n`)
  .join('')}`;

/** [name, request line + extra headers (Host added unless given), source address]. */
const CASES: readonly (readonly [string, string, string?])[] = [
  ['path_beg static', 'GET /static/app.css HTTP/1.1'],
  ['path_beg images', 'GET /images/logo.png HTTP/1.1'],
  ['path_end .js', 'GET /app/main.js HTTP/1.1'],
  ['path_end .css with query', 'GET /x/site.css?v=3 HTTP/1.1'],
  ['host exact -i', 'GET / HTTP/1.1\r\nHost: API.example.com'],
  ['host with port (hdr_dom)', 'GET / HTTP/1.1\r\nHost: api.example.com:8080'],
  ['host with port (exact fails, dom matches)', 'GET /x HTTP/1.1\r\nHost: api.example.com:443'],
  ['url_param version=2', 'GET /p?version=2 HTTP/1.1'],
  ['url_param version=2 but mobile', 'GET /p?version=2 HTTP/1.1\r\nUser-Agent: Some Mobile Safari'],
  ['url_param version=3', 'GET /p?a=1&version=3 HTTP/1.1'],
  ['url_param second occurrence', 'GET /p?version=1&version=2 HTTP/1.1'],
  ['cookie beta + POST', 'POST /form HTTP/1.1\r\nCookie: a=b; beta=1\r\nContent-Length: 0'],
  ['cookie beta + GET', 'GET /form HTTP/1.1\r\nCookie: beta=1'],
  ['cookie beta=2 + POST', 'POST /form HTTP/1.1\r\nCookie: beta=2\r\nContent-Length: 0'],
  ['mobile user agent', 'GET /m HTTP/1.1\r\nUser-Agent: xx MOBILE yy'],
  ['accept json (sub)', 'GET /data HTTP/1.1\r\nAccept: text/html, application/json'],
  ['content-length > 1000', 'POST /upload HTTP/1.1\r\nContent-Length: 1001\r\n\r\n' + 'x'.repeat(1001)],
  ['content-length = 1000', 'POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(1000)],
  ['map file key as host', 'GET / HTTP/1.1\r\nHost: shop.example.com'],
  ['authorization present', 'GET /z HTTP/1.1\r\nAuthorization: Basic eDp5'],
  ['path_dir api', 'GET /v1/api/users HTTP/1.1'],
  ['path_dir not a component', 'GET /v1/apis HTTP/1.1'],
  ['hdr_end .org', 'GET / HTTP/1.1\r\nHost: www.example.org'],
  ['path_reg item id', 'GET /item/42 HTTP/1.1'],
  ['path_reg item non-numeric', 'GET /item/4x2 HTTP/1.1'],
  ['query found + short path', 'GET /a?x HTTP/1.1'],
  ['query found + long path', 'GET /abc?x HTTP/1.1'],
  ['path_beg -i', 'GET /case/x HTTP/1.1'],
  ['METH_PUT', 'PUT /thing HTTP/1.1\r\nContent-Length: 0'],
  ['HTTP/1.0 from 127.0.0.1 (LOCALHOST)', 'GET /old HTTP/1.0'],
  ['HTTP/1.0 from 127.0.0.2 (LOCALHOST /8)', 'GET /old HTTP/1.0', '127.0.0.2'],
  ['source outside 127.0.0.0/30', 'GET /far HTTP/1.1', '127.0.0.9'],
  ['source inside 127.0.0.0/30', 'GET /near HTTP/1.1', '127.0.0.3'],
  ['default backend', 'GET /nothing/special HTTP/1.1'],
  ['blocked path from file', 'GET /admin HTTP/1.1'],
  ['blocked path from file, last line', 'GET /secret HTTP/1.1'],
  ['file line with surrounding spaces', 'GET /private HTTP/1.1'],
  ['blocked path, not in file', 'GET /privately HTTP/1.1'],
  ['deny_status 429', 'GET / HTTP/1.1\r\nX-Flood: yes'],
  ['return pong', 'GET /ping HTTP/1.1'],
  ['absolute-form target, path static', 'GET http://other.example.com/static/x HTTP/1.1\r\nHost: other.example.com'],
  ['header with two values, second matches', 'GET /m HTTP/1.1\r\nUser-Agent: a\r\nUser-Agent: b mobile'],
  ['cookie in second Cookie line', 'POST /form HTTP/1.1\r\nCookie: a=1\r\nCookie: beta=1\r\nContent-Length: 0'],
  ['negation: mobile without v2', 'GET /p?version=2&x=mobile HTTP/1.1'],
];

function raw(line: string): string {
  const [head, body = ''] = line.split('\r\n\r\n') as [string, string?];
  const withHost = /\r\nHost:/i.test(head) || head.endsWith('HTTP/1.0') ? head : `${head}\r\nHost: www.example.com`;
  return `${withHost}\r\nConnection: close\r\n\r\n${body}`;
}

/** One request from `source` (a 127.0.0.x address): the status and who answered (x-server), or the whole answer when tslb or HAProxy answered itself. */
async function send(port: number, text: string, source = '127.0.0.1'): Promise<string> {
  const got = await requestFrom(port, raw(text), source);
  const server = /\r\nx-server: (\w+)/.exec(got)?.[1];
  return server ? `${got.slice(9, 12)} ${server}` : got;
}

function requestFrom(port: number, text: string, source: string): Promise<string> {
  if (source === '127.0.0.1') return request(port, text);
  return new Promise((resolve) => {
    import('node:net').then(({ connect }) => {
      let got = '';
      const s = connect({ port, host: '127.0.0.1', localAddress: source }, () => s.write(text));
      s.on('data', (c: Buffer) => (got += c.toString('latin1')));
      s.on('error', () => {});
      s.on('close', () => resolve(got));
    });
  });
}

async function backends(t: Test): Promise<Record<string, number>> {
  const list: NamedBackend[] = await Promise.all(['b1', 'b2', 'b3', 'b4', 'b5'].map((n) => namedBackend(n)));
  t.teardown(() => Promise.all(list.map((b) => b.close())));
  return Object.fromEntries(list.map((b) => [b.name, b.port]));
}

async function under(t: Test, who: Who, text: string, port: number): Promise<void> {
  if (who === 'haproxy') {
    const hp = await startHaproxy(text, port);
    t.teardown(hp.stop);
  } else {
    await startRuntime(t, text);
  }
}

t.test(`${CASES.length} routing cases land on the same backend as under HAProxy`, async (t) => {
  const be = await backends(t);
  const outcomes: Record<Who, string[]> = { haproxy: [], tslb: [] };
  for (const who of ['haproxy', 'tslb'] as const) {
    await t.test(who, async (t) => {
      const port = await freePort();
      await under(t, who, routingConfig(port, be), port);
      for (const [, line, source] of CASES) outcomes[who].push(await send(port, line, source));
    });
  }
  CASES.forEach(([name], i) => t.equal(outcomes.tslb[i], outcomes.haproxy[i], `${name}: ${JSON.stringify(outcomes.haproxy[i]).slice(0, 80)}`));
  const reached = new Set(outcomes.haproxy.map((o) => o.split(' ')[1]));
  t.ok(['b1', 'b2', 'b3', 'b4', 'b5'].every((b) => reached.has(b)), 'every backend is reached by some case');
});

const actionsConfig = (port: number, be: number): string => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
userlist L
    user alice insecure-password secret
    user bob password $6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g.
frontend f
    bind 127.0.0.1:${port}
    http-request auth realm Zone if { path_beg /auth } !{ http_auth(L) }
    http-request auth if { path_beg /auth2 } !{ http_auth(L) }
    http-request redirect location /moved if { path /r/loc }
    http-request redirect location /moved code 301 if { path /r/301 }
    http-request redirect prefix /new code 303 if { path_beg /r/pre }
    http-request redirect prefix /new code 307 drop-query if { path_beg /r/drop }
    http-request redirect prefix / code 308 drop-query append-slash if { path_beg /r/slash }
    http-request redirect scheme https if { path_beg /r/scheme }
    http-request set-var(txn.who) req.hdr(x-who) if { req.hdr(x-who) -m found }
    http-request set-header X-Set set-%[var(txn.who)]-%[path]
    http-request add-header X-Added one
    http-request add-header X-Added two
    http-request del-header X-Drop
    http-request del-header x-pre- -m beg
    http-request replace-header X-Rep ^(\\w+)-(\\w+)$ \\2_\\1
    http-request replace-value X-Vals ^a(.*) A\\1
    http-request set-path /p%[path] if { path_beg /sp }
    http-request set-query q=%[src] if { path_beg /sq }
    http-request replace-path ^/old/(.*) /new/\\1
    http-request set-method PUT if { path_beg /meth }
    http-request set-uri /uri-set if { path_beg /su }
    http-request allow if { path_beg /allowed }
    http-request return status 200 content-type text/plain string final if { path_beg /allowed }
    default_backend b
backend b
    server s 127.0.0.1:${be}
`;

const ACTION_CASES: readonly string[] = [
  'GET /auth HTTP/1.1',
  'GET /auth HTTP/1.1\r\nAuthorization: Basic YWxpY2U6c2VjcmV0',
  'GET /auth HTTP/1.1\r\nAuthorization: Basic YWxpY2U6d3Jvbmc=',
  'GET /auth HTTP/1.1\r\nAuthorization: Basic Ym9iOnBhc3N3b3Jk',
  'GET /auth2 HTTP/1.1\r\nAuthorization: Bearer x',
  'GET /r/loc HTTP/1.1',
  'GET /r/301?x=1 HTTP/1.1',
  'GET /r/pre/a?b=c HTTP/1.1',
  'GET /r/drop/a?b=c HTTP/1.1',
  'GET /r/slash/a?b=c HTTP/1.1',
  'GET /r/slash/a/?b=c HTTP/1.1',
  'GET /r/scheme/x?y HTTP/1.1\r\nHost: site.example:8080',
  'GET /plain HTTP/1.1\r\nX-Who: alice',
  'GET /plain HTTP/1.1',
  'GET /h HTTP/1.1\r\nX-Drop: 1\r\nX-Pre-A: 1\r\nX-Pre-B: 2\r\nX-Keep: 3\r\nX-Set: old',
  'GET /h HTTP/1.1\r\nX-Rep: foo-bar\r\nX-Rep: nomatch',
  'GET /h HTTP/1.1\r\nX-Vals: abc, xyz, aq',
  'GET /sp/x?k=v HTTP/1.1',
  'GET /sq/x?k=v HTTP/1.1',
  'GET /old/deep/er?z HTTP/1.1',
  'GET /meth HTTP/1.1',
  'GET /su/x?y HTTP/1.1',
  'GET /allowed HTTP/1.1',
];

t.test('http-request actions: same request at the backend, same answer at the client', async (t) => {
  const b = await namedBackend('b');
  t.teardown(() => b.close());
  const seen: Record<Who, string[]> = { haproxy: [], tslb: [] };
  for (const who of ['haproxy', 'tslb'] as const) {
    await t.test(who, async (t) => {
      const port = await freePort();
      await under(t, who, actionsConfig(port, b.port), port);
      for (const line of ACTION_CASES) {
        const before = b.heads.length;
        const answer = await request(port, raw(line));
        const head = b.heads.length > before ? (b.heads[b.heads.length - 1] as string) : '(nothing reached the backend)';
        seen[who].push(`${answer}\n---\n${head}`);
      }
    });
  }
  ACTION_CASES.forEach((line, i) => t.equal(seen.tslb[i], seen.haproxy[i], line));
});

t.test('allow ends the rules before a later unconditional return, as in HAProxy', async (t) => {
  const b = await namedBackend('b');
  t.teardown(() => b.close());
  for (const who of ['haproxy', 'tslb'] as const) {
    await t.test(who, async (t) => {
      const port = await freePort();
      await under(
        t,
        who,
        `defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\nfrontend f\n    bind 127.0.0.1:${port}\n    http-request allow if { path /a }\n    http-request return status 200 content-type text/plain string r\n    default_backend b\nbackend b\n    server s 127.0.0.1:${b.port}\n`,
        port,
      );
      t.match(await send(port, 'GET /a HTTP/1.1'), /^200 b$/, 'allowed: reaches the backend');
      t.match(await send(port, 'GET /b HTTP/1.1'), /\r\n\r\nr$/, 'the return answers the others');
    });
  }
});
