/**
 * `http-request use-service prometheus-exporter` end to end, under HAProxy
 * 2.6 and tslb with the same configuration and traffic: the same response
 * head, the same metric names with the same TYPE and label sets, and equal
 * values for what is deterministic — request and response counts by code,
 * sessions, status, weights — and a body that Prometheus's own parser
 * (`promtool check metrics`) accepts.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';
import { answerPath, namedBackend, request } from '../helpers/named-backends.js';
import { exchange } from '../helpers/net.js';

function config(a: number, b: number): (port: number) => string {
  return (port) => `${HTTP_DEFAULTS}
frontend fe
    bind 127.0.0.1:${port}
    http-request use-service prometheus-exporter if { path /metrics }
    http-request deny if { path /forbidden }
    default_backend be
backend be
    balance roundrobin
    server a 127.0.0.1:${a} weight 2
    server b 127.0.0.1:${b} maxconn 10
    server down 127.0.0.1:1 disabled
`;
}

interface Series {
  readonly types: Map<string, string>;
  readonly values: Map<string, string>;
}

/** The text format read into TYPE by metric name and values by series key (`name{labels}`). */
function parse(text: string): Series {
  const types = new Map<string, string>();
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name = '', type = ''] = line.split(' ');
      types.set(name, type);
    } else if (line !== '' && !line.startsWith('#')) {
      const sp = line.lastIndexOf(' ');
      values.set(line.slice(0, sp), line.slice(sp + 1));
    }
  }
  return { types, values };
}

function dechunk(res: string): { head: string; body: string } {
  const end = res.indexOf('\r\n\r\n');
  let rest = res.slice(end + 4);
  let body = '';
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) break;
    body += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 4 + size);
  }
  return { head: res.slice(0, end), body: Buffer.from(body, 'latin1').toString('utf8') };
}

/**
 * Series whose values follow from the traffic alone (no clock, no process-wide count). Not
 * compared: limit_sessions, whose default HAProxy derives from the file-descriptor limit.
 */
const DETERMINISTIC = /^haproxy_(frontend|backend|server)_(http_requests_total|http_responses_total|requests_denied_total|sessions_total|loadbalanced_total|status|weight|active_servers|backup_servers|current_queue|connection_errors_total|intercepted_requests_total|uweight)\{/;

t.test('the /metrics of tslb and HAProxy: names, types, labels and deterministic values', async (t) => {
  const a = await namedBackend('a');
  const b = await namedBackend('b');
  t.teardown(() => Promise.all([a.close(), b.close()]));
  // startHaproxy's readiness probe is a connection closed without a request, which HAProxy
  // counts as a bad request (req_tot, ereq, hrsp_4xx); tslb gets the same one (underBoth runs HAProxy first).
  let run = 0;
  const got = await underBoth(t, config(a.port, b.port), async (port) => {
    if (run++ === 1) await exchange(port, '', { end: true, quietMs: 50 });
    for (let i = 0; i < 6; i++) await request(port, `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await request(port, `GET ${answerPath({ status: 404 })} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await request(port, `GET /forbidden HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const scoped = dechunk(await request(port, `GET /metrics?scope=backend&scope=server HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    const all = dechunk(await request(port, `GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    const bad = await request(port, `GET /metrics?scope=nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    return { scoped, all, bad: bad.split('\r\n')[0] };
  });
  const h = parse(got.haproxy.all.body);
  const s = parse(got.tslb.all.body);
  t.same(got.tslb.all.head.split('\r\n').slice(0, 4), got.haproxy.all.head.split('\r\n').slice(0, 4), 'status line, cache-control, content-type, chunked');
  t.equal(got.tslb.bad, got.haproxy.bad, 'an unknown scope is refused the same way');
  const hNames = [...h.types.keys()].filter((n) => n.startsWith('haproxy_'));
  const sNames = [...s.types.keys()].filter((n) => n.startsWith('haproxy_'));
  t.same(sNames, hNames, 'the same haproxy_* families, in the same order');
  for (const name of hNames) t.equal(s.types.get(name), h.types.get(name), `TYPE of ${name}`);
  // Series keys (labels) of the proxy families are the same; values where they are deterministic.
  const keys = (v: Map<string, string>): string[] => [...v.keys()].filter((k) => /^haproxy_(frontend|backend|server)_/.test(k));
  t.same(keys(s.values), keys(h.values), 'the same series (names and labels) for frontends, backends and servers');
  let compared = 0;
  for (const [key, value] of h.values) {
    if (!DETERMINISTIC.test(key)) continue;
    // The scrape itself is a request of the frontend: counted once both sides reach it.
    t.equal(s.values.get(key), value, key);
    compared++;
  }
  t.ok(compared > 40, `${compared} deterministic series compared`);
  t.equal(parse(got.tslb.scoped.body).values.size > 0, true);
  t.same(
    [...parse(got.tslb.scoped.body).types.keys()].filter((n) => n.startsWith('haproxy_')),
    [...parse(got.haproxy.scoped.body).types.keys()],
    'scope=backend&scope=server: the same families',
  );
});

t.test("promtool parses tslb's /metrics", { skip: existsSync('/usr/bin/promtool') ? undefined : 'promtool (Debian prometheus) is not installed' }, async (t) => {
  const a = await namedBackend('a');
  const b = await namedBackend('b');
  t.teardown(() => Promise.all([a.close(), b.close()]));
  const got = await underBoth(t, config(a.port, b.port), async (port) => dechunk(await request(port, `GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).body);
  const r = spawnSync('promtool', ['check', 'metrics'], { input: got.tslb, encoding: 'utf8' });
  // promtool's lint also reports names HAProxy itself uses (a counter without _total): only parse errors fail.
  t.notMatch(`${r.stdout}${r.stderr}`, /error while linting|parse error|text format parsing error/i, 'no parse error');
  t.ok(got.tslb.includes('haproxy_process_uptime_seconds'), 'the process family is there');
});
