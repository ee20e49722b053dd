/**
 * The exporter's query string (`scope=`, `no-maint`), table-driven: each
 * case is what HAProxy 2.6.12 does with it, and the table is run against
 * the real HAProxy too — the groups of families it answers (and whether a
 * server in maintenance is listed) must be the ones tslb's parser selects,
 * and a 400 where tslb refuses.
 */
import t from 'tap';
import { parseMetricsQuery, SCOPES, type Scope } from '../../lib/stats/prometheus/query.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';

const ALL = [...SCOPES];

/** Query → the groups selected and no-maint, or 400. */
const CASES: readonly (readonly [string, readonly Scope[] | 400, boolean?])[] = [
  ['', ALL],
  ['scope=', []],
  ['scope=global', ['global']],
  ['scope=frontend&scope=backend', ['frontend', 'backend']],
  ['scope=*', ALL],
  ['scope=server&scope=', []],
  ['scope=&scope=server', ['server']],
  ['scope=sticktable', ['sticktable']],
  ['scope=listener', ['listener']],
  ['scope=*&scope=global', ALL],
  ['scope=backend&scope=backend', ['backend']],
  ['scope=global&scope=*&scope=&scope=backend', ['backend']],
  ['foo=bar&scope=backend', ['backend']],
  ['scope=front%65nd', ['frontend']],
  ['%73cope=global', ['global']],
  ['scope=%2A', ALL],
  ['scope=global%00', ['global']],
  ['scope=global&&scope=frontend', ['global', 'frontend']],
  ['&scope=global&', ['global']],
  ['scopex=global', ALL],
  ['scope%3dglobal', ALL],
  ['SCOPE=global', ALL],
  ['no-maint', ALL, true],
  ['no-maint=1', ALL, true],
  ['no-maint=0', ALL, true],
  ['no%2dmaint', ALL, true],
  ['no-maint&no-maint', ALL, true],
  ['scope=server&no-maint', ['server'], true],
  ['no-maint&scope=', [], true],
  ['no-maintx', ALL, false],
  ['NO-MAINT', ALL, false],
  ['nomaint', ALL, false],
  ['scope=foo', 400],
  ['scope=SERVER', 400],
  ['scope', 400],
  ['scope=global=x', 400],
  ['scope==global', 400],
  ['scope=+global', 400],
  ['scope=frontend;scope=server', 400],
  ['scope=a&scope=global', 400],
  ['scope=server%26', 400],
  ['scope=%', 400],
  ['scope=%zz', 400],
  ['scope=global%', 400],
  ['x=%zz&scope=global', 400],
  ['%zz=1&scope=global', 400],
  ['no-maint=%zz&scope=global', 400],
  ['no-maint%', 400],
  ['%', 400],
];

t.test('the query parser selects what HAProxy selects', async (t) => {
  for (const [query, want, noMaint] of CASES) {
    const r = parseMetricsQuery(query);
    if (want === 400) {
      t.notOk(r.ok, `${query}: refused`);
      if (!r.ok) t.type(r.reason, 'string');
      continue;
    }
    if (!r.ok) {
      t.fail(`${query}: refused (${r.reason})`);
      continue;
    }
    t.same([...r.query.scopes].sort(), [...want].sort(), `${query}: groups`);
    t.equal(r.query.noMaint, noMaint ?? false, `${query}: no-maint`);
  }
  const q = parseMetricsQuery('?scope=global');
  t.ok(q.ok && q.query.scopes.has('global') && q.query.scopes.size === 1, 'a leading ? is tolerated');
});

/** The groups of families an answer holds, by metric name prefix. */
function groups(body: string): Set<Scope> {
  const prefix: Record<string, Scope> = { process: 'global', frontend: 'frontend', listener: 'listener', backend: 'backend', server: 'server', sticktable: 'sticktable' };
  const out = new Set<Scope>();
  for (const m of body.matchAll(/^# TYPE haproxy_([a-z]+)_/gm)) {
    const g = prefix[m[1] as string];
    if (g) out.add(g);
  }
  return out;
}

t.test('the table holds against HAProxy 2.6.12', async (t) => {
  const port = await freePort();
  const haproxy = await startHaproxy(
    `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${port}
    option socket-stats
    http-request use-service prometheus-exporter if { path /metrics }
backend be
    stick-table type ip size 10
    server up 127.0.0.1:1
    server off 127.0.0.1:1 disabled
`,
    port,
  );
  t.teardown(() => haproxy.stop());
  for (const [query, want, noMaint] of CASES) {
    const res = await fetch(`http://127.0.0.1:${port}/metrics?${query}`);
    const body = await res.text();
    if (want === 400) {
      t.equal(res.status, 400, `${query}: 400`);
      continue;
    }
    t.equal(res.status, 200, `${query}: 200`);
    t.same([...groups(body)].sort(), [...want].sort(), `${query}: groups`);
    if (want.includes('server')) t.equal(!body.includes('server="off"'), noMaint ?? false, `${query}: server in MAINT listed unless no-maint`);
  }
});
