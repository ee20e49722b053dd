/**
 * The exporter on rows made by hand: each mapping rule on the cases a
 * configuration rarely reaches (server states in transition, a check in
 * progress, a check that never ran, agent states, a stopped frontend, a full
 * listener), the NaN and "no series" rules, the groups and `no-maint`, the
 * `tslb_*` families from prom-client, and the body in chunks.
 */
import t from 'tap';
import { Gauge, Registry } from 'prom-client';
import { FIELD_INDEX } from '../../lib/stats/columns.js';
import type { InfoField, StatRow } from '../../lib/stats/row.js';
import { METRICS_CONTENT_TYPE, PrometheusExporter, renderMetrics, type MetricsSource } from '../../lib/stats/prometheus/exporter.js';
import { parseMetricsQuery, type MetricsQuery } from '../../lib/stats/prometheus/query.js';
import type { StickTableStat } from '../../lib/stats/prometheus/table-families.js';
import { TSLB_VERSION } from '../../lib/version.js';
import { families, statRow } from '../helpers/stat-rows.js';

const http = { mode: 'http' } as const;

function server(id: number, name: string, status: string, more: Parameters<typeof statRow>[3] = {}): StatRow {
  return statRow('server', 3, id, { pxname: 'be', svname: name, status, ...http, ...more });
}

const ROWS: StatRow[] = [
  statRow('frontend', 2, 0, { pxname: 'fe', svname: 'FRONTEND', status: 'OPEN', scur: 1, slim: 100, ...http }),
  statRow('listener', 2, 1, { pxname: 'fe', svname: 'sock-1', status: 'FULL', scur: 100, slim: 100, ...http }),
  statRow('frontend', 4, 0, { pxname: 'stopped', svname: 'FRONTEND', status: 'STOP', mode: 'tcp' }),
  statRow('frontend', 5, 0, { pxname: 'paused', svname: 'FRONTEND', status: 'PAUSED', mode: 'tcp' }),
  server(1, 'going-down', 'UP 2/3', { check_status: '* L7OK', check_code: 200, check_duration: 12, chkfail: 1 }),
  server(2, 'going-up', 'DOWN 1/2', { check_status: 'L4CON', check_duration: 1 }),
  server(3, 'nolb-going-down', 'NOLB 1/2', { check_status: 'L7OKC', check_code: 404, check_duration: 2 }),
  server(4, 'drain-agent', 'DRAIN (agent)'),
  server(5, 'via', 'MAINT (via be/going-down)'),
  server(6, 'resolution', 'MAINT (resolution)'),
  server(7, 'unchecked', 'no check', { slim: 10 }),
  server(8, 'agent-down', 'DOWN (agent)', { check_status: 'INI' }),
  statRow('backend', 3, 0, { pxname: 'be', svname: 'BACKEND', status: 'DOWN', ...http, qtime: 1500, ttime: 3 }),
  statRow('backend', 6, 0, { pxname: 'tcp', svname: 'BACKEND', status: 'UP', mode: 'tcp', req_tot: 5 }),
  statRow('server', 6, 1, { pxname: 'tcp', svname: 'a"b\\c', status: 'UP', mode: 'tcp', hrsp_2xx: 1 }),
];

const INFO: InfoField[] = [
  { name: 'Nbthread', value: 4 },
  { name: 'Uptime_sec', value: 'soon' },
  { name: 'Build info', value: '2.6.12' },
];

function source(rows: StatRow[] = ROWS, info: InfoField[] = INFO, tables: StickTableStat[] = [{ name: 'be', type: 'ip', size: 1024, used: 3 }]): MetricsSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    rows: () => (calls.push('rows'), rows),
    info: () => (calls.push('info'), info),
    tables: () => (calls.push('tables'), tables),
  };
}

function query(text: string): MetricsQuery {
  const r = parseMetricsQuery(text);
  if (!r.ok) throw new Error(r.reason);
  return r.query;
}

const exporter = new PrometheusExporter({ nodeMetrics: false });

async function body(text: string, src: MetricsSource = source()): Promise<string> {
  const r = await exporter.render(src, text);
  if (r.status !== 200) throw new Error(r.reason);
  return r.body;
}

/** The state whose series is 1, per object, for a status family. */
function states(text: string, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [labels, v] of families(text).get(name)?.series ?? []) {
    const object = /(?:server|listener|proxy)="((?:[^"\\]|\\.)*)",state/.exec(labels)?.[1] ?? '?';
    if (v === '1') out[object] = /state="([^"]+)"/.exec(labels)?.[1] ?? '?';
  }
  return out;
}

t.test('server states from the CSV status, states in transition included', async (t) => {
  const text = await body('scope=server');
  t.same(states(text, 'haproxy_server_status'), {
    'going-down': 'UP',
    'going-up': 'DOWN',
    'nolb-going-down': 'NOLB',
    'drain-agent': 'DRAIN',
    via: 'MAINT',
    resolution: 'MAINT',
    unchecked: 'UP',
    'agent-down': 'DOWN',
    'a\\"b\\\\c': 'UP',
  });
  const status = families(text).get('haproxy_server_status');
  t.equal(status?.series.size, 9 * 5, 'five states for each server');
  t.same(
    [...(status?.series.keys() ?? [])].slice(0, 5).map((k) => /state="(\w+)"/.exec(k)?.[1]),
    ['DOWN', 'UP', 'MAINT', 'DRAIN', 'NOLB'],
    "HAProxy's order of states",
  );
});

t.test('check families only for servers whose check runs', async (t) => {
  const f = families(await body('scope=server'));
  t.same(states(await body('scope=server'), 'haproxy_server_check_status'), { 'going-down': 'L7OK', 'going-up': 'L4CON', 'nolb-going-down': 'L7OKC' }, 'a check in progress (* L7OK) keeps its last result');
  const checkStatus = f.get('haproxy_server_check_status');
  t.equal(checkStatus?.series.size, 4 * 16, 'an INI check writes its 16 states, all 0');
  t.notOk([...(checkStatus?.series.keys() ?? [])].some((k) => k.includes('unchecked')), 'no check: no series');
  const code = f.get('haproxy_server_check_code')?.series;
  t.same(Object.fromEntries(code ?? []), {
    'haproxy_server_check_code{proxy="be",server="going-down"}': '200',
    'haproxy_server_check_code{proxy="be",server="going-up"}': '0',
    'haproxy_server_check_code{proxy="be",server="nolb-going-down"}': '404',
    'haproxy_server_check_code{proxy="be",server="agent-down"}': '0',
  });
  t.same([...(f.get('haproxy_server_check_duration_seconds')?.series.values() ?? [])], ['0.012000', '0.001000', '0.002000'], 'duration only once a check completed');
  t.equal(f.get('haproxy_server_check_failures_total')?.series.get('haproxy_server_check_failures_total{proxy="be",server="unchecked"}'), 'NaN', 'empty field: NaN');
  t.equal(f.get('haproxy_server_limit_sessions')?.series.get('haproxy_server_limit_sessions{proxy="be",server="unchecked"}'), '10');
  t.equal(f.get('haproxy_server_limit_sessions')?.series.get('haproxy_server_limit_sessions{proxy="be",server="via"}'), 'NaN');
});

t.test('no-maint leaves out servers in maintenance, not from the backend counts', async (t) => {
  const text = await body('scope=server&scope=backend&no-maint');
  const f = families(text);
  t.notOk(text.includes('server="via"') || text.includes('server="resolution"'), 'MAINT servers gone');
  t.ok(text.includes('server="drain-agent"'));
  const agg = Object.fromEntries(f.get('haproxy_backend_agg_server_status')?.series ?? []);
  t.same(
    Object.entries(agg)
      .filter(([k]) => k.includes('proxy="be"'))
      .map(([k, v]) => `${/state="(\w+)"/.exec(k)?.[1]}=${v}`),
    ['DOWN=2', 'UP=2', 'MAINT=2', 'DRAIN=1', 'NOLB=1'],
  );
  t.same(f.get('haproxy_backend_agg_server_check_status')?.series.size, 10, 'the older name, same counts');
  const checks = Object.fromEntries(f.get('haproxy_backend_agg_check_status')?.series ?? []);
  t.equal(checks['haproxy_backend_agg_check_status{proxy="be",state="L7OK"}'], '1');
  t.equal(checks['haproxy_backend_agg_check_status{proxy="be",state="L4CON"}'], '1');
  t.equal(checks['haproxy_backend_agg_check_status{proxy="be",state="HANA"}'], '0');
});

t.test('frontend, backend and listener states', async (t) => {
  const text = await body('scope=frontend&scope=backend&scope=listener');
  t.same(states(text, 'haproxy_frontend_status'), { fe: 'UP', stopped: 'DOWN', paused: 'UP' });
  t.same(states(text, 'haproxy_backend_status'), { be: 'DOWN', tcp: 'UP' });
  t.same(states(text, 'haproxy_listener_status'), { 'sock-1': 'FULL' });
  t.ok(text.includes('haproxy_listener_current_sessions{proxy="fe",listener="sock-1"} 100\n'));
});

t.test('HTTP families only for HTTP proxies, a family without series not written', async (t) => {
  const f = families(await body('scope=frontend&scope=backend&scope=server'));
  t.same([...(f.get('haproxy_frontend_http_requests_total')?.series.keys() ?? [])], ['haproxy_frontend_http_requests_total{proxy="fe"}']);
  t.notOk([...(f.get('haproxy_backend_http_requests_total')?.series.keys() ?? [])].some((k) => k.includes('tcp')));
  t.same([...(f.get('haproxy_frontend_http_responses_total')?.series.keys() ?? [])].map((k) => /code="(\w+)"/.exec(k)?.[1]), ['1xx', '2xx', '3xx', '4xx', '5xx', 'other']);
  const only = families(await body('scope=server', source(ROWS.filter((r) => r.fields[FIELD_INDEX.mode] === 'tcp'))));
  t.notOk(only.has('haproxy_server_http_responses_total'), 'TCP servers only: no HTTP family at all');
  t.notOk(only.has('haproxy_server_check_status'), 'no checked server: no check family at all');
  t.equal(only.get('haproxy_server_current_sessions')?.series.get('haproxy_server_current_sessions{proxy="tcp",server="a\\"b\\\\c"}'), 'NaN', 'label escaped');
  const lone = families(await body('scope=backend', source([statRow('backend', 9, 0, { pxname: 'nothing', svname: 'BACKEND', status: 'UP', ...http })])));
  t.notOk(lone.has('haproxy_backend_agg_server_status'), 'a backend without servers: no aggregate');
});

t.test('times in seconds with six decimals', async (t) => {
  const f = families(await body('scope=backend'));
  t.equal(f.get('haproxy_backend_queue_time_average_seconds')?.series.get('haproxy_backend_queue_time_average_seconds{proxy="be"}'), '1.500000');
  t.equal(f.get('haproxy_backend_total_time_average_seconds')?.series.get('haproxy_backend_total_time_average_seconds{proxy="be"}'), '0.003000');
  t.equal(f.get('haproxy_backend_max_total_time_seconds')?.series.get('haproxy_backend_max_total_time_seconds{proxy="be"}'), 'NaN', 'an empty field stays NaN');
});

t.test('process families from show info', async (t) => {
  const f = families(await body('scope=global'));
  t.equal(f.get('haproxy_process_nbthread')?.series.get('haproxy_process_nbthread'), '4');
  t.equal(f.get('haproxy_process_uptime_seconds')?.series.get('haproxy_process_uptime_seconds'), 'NaN', 'not a number: NaN');
  t.equal(f.get('haproxy_process_current_zlib_memory')?.series.get('haproxy_process_current_zlib_memory'), 'NaN', 'absent: NaN');
  t.equal(f.get('haproxy_process_build_info')?.series.get('haproxy_process_build_info{version="2.6.12"}'), '1');
  t.equal(f.get('haproxy_process_build_info')?.type, 'gauge');
  t.notOk(families(await body('scope=global', source(ROWS, []))).has('haproxy_process_build_info'), 'no Build info: no family');
});

t.test('stick tables', async (t) => {
  const text = await body('scope=sticktable');
  t.equal(text.split('\n').filter((l) => !l.startsWith('#')).join('\n'), 'haproxy_sticktable_size{name="be",type="ip"} 1024\nhaproxy_sticktable_used{name="be",type="ip"} 3\n');
  t.equal(await body('scope=sticktable', source(ROWS, INFO, [])), '', 'no table: nothing');
});

t.test('the groups read only what they need, in order, without blank lines', async (t) => {
  const src = source();
  await body('scope=global', src);
  t.same(src.calls, ['info']);
  const src2 = source();
  await body('scope=sticktable&scope=listener', src2);
  t.same(src2.calls, ['rows', 'tables']);
  t.equal(await body('scope='), '', 'no group: an empty body');
  const all = await body('');
  t.notOk(all.includes('\n\n'), 'no blank line');
  const order = [...families(all).keys()].map((n) => n.split('_')[1]);
  t.same([...new Set(order)], ['process', 'frontend', 'listener', 'backend', 'server', 'sticktable', 'build', 'exporter'], 'groups in order, tslb_* last');
});

t.test('tslb_* families come from a prom-client registry', async (t) => {
  const registry = new Registry();
  const own = new Gauge({ name: 'tslb_test_gauge', help: 'a test', registers: [registry] });
  own.set(7);
  const withNode = new PrometheusExporter({ registry });
  t.equal(withNode.registry, registry);
  const r = await withNode.render(source(), 'scope=global');
  if (r.status !== 200) throw new Error(r.reason);
  t.equal(r.contentType, METRICS_CONTENT_TYPE);
  t.equal(METRICS_CONTENT_TYPE, 'text/plain; version=0.0.4');
  const f = families(r.body);
  t.equal(f.get('tslb_build_info')?.series.get(`tslb_build_info{version="${TSLB_VERSION}"}`), '1');
  t.equal(f.get('tslb_test_gauge')?.series.get('tslb_test_gauge'), '7');
  t.equal(f.get('tslb_exporter_render_seconds')?.type, 'histogram');
  t.equal(f.get('tslb_exporter_render_seconds')?.series.get('tslb_exporter_render_seconds_count'), '1', 'this scrape counted');
  t.ok(f.has('tslb_process_cpu_user_seconds_total') && f.has('tslb_nodejs_eventloop_lag_seconds'), 'Node.js collectors under tslb_');
  t.notOk([...f.keys()].some((n) => !n.startsWith('haproxy_') && !n.startsWith('tslb_')), 'nothing unprefixed');
  t.notOk(families(await body('scope=server')).has('tslb_build_info'), 'not without the global group');
});

t.test('the body in chunks', async (t) => {
  const sliced = new PrometheusExporter({ nodeMetrics: false, sliceMs: 0 });
  const chunks: string[] = [];
  for await (const c of sliced.chunks(source(), query('scope=frontend&scope=server&scope=backend'))) chunks.push(c);
  t.ok(chunks.length > 10, `${chunks.length} chunks`);
  t.equal(chunks.join(''), await body('scope=frontend&scope=server&scope=backend'));
});

t.test('renderMetrics and refused queries', async (t) => {
  const r = await renderMetrics(source(), 'scope=nope');
  t.same(r, { status: 400, reason: "unknown scope 'nope'" });
  const ok = await renderMetrics(source(), query('scope=sticktable'));
  t.equal(ok.status, 200);
  await t.rejects(exporter.render(source([{ ...ROWS[0], type: 'bogus' } as unknown as StatRow]), 'scope=server'), /unknown stats object type/);
});
