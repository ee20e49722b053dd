/**
 * What a Prometheus scrape costs at 1,000 servers (50 backends of 20, one
 * frontend in front of them, a stick table per backend): the rows and
 * `show info` lines made once, as the stats snapshot would give them, then
 * whole renders of `/metrics` by the exporter (lib/stats/prometheus/):
 *
 *   - the time of a render, p50 and p99 over --renders renders (after
 *     warm-up), each chunk encoded to bytes as a socket write would, with
 *     and without the Node.js collectors of `tslb_*`;
 *   - the longest the event loop waited during a render (a setImmediate
 *     ticker runs alongside: each gap between its ticks is a stretch that
 *     traffic could not be served), which is what "does not stall
 *     traffic" means;
 *   - the same series through prom-client's own metric objects, to show why
 *     the `haproxy_*` families are not built on them: a Gauge per family
 *     with `set(labels, value)` for every series, and a registered object
 *     whose `get()` returns ready-made values — both then rendered by
 *     `Registry.metrics()`. Their values are taken from the exporter's
 *     output beforehand, so they time prom-client alone (a lower bound).
 *
 *   node dist/benchmarks/prometheus-scrape.js [--renders 50] [--backends 50] [--servers 20]
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Gauge, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { arg } from './harness/micro.js';
import { FIELD_INDEX, type StatField } from '../lib/stats/columns.js';
import { PrometheusExporter, type MetricsSource } from '../lib/stats/prometheus/exporter.js';
import { DEFAULT_QUERY, parseMetricsQuery, type MetricsQuery } from '../lib/stats/prometheus/query.js';
import type { StickTableStat } from '../lib/stats/prometheus/table-families.js';
import { emptyRow, type InfoField, type StatObjectType, type StatRow, type StatValue } from '../lib/stats/row.js';

const COUNTERS: readonly StatField[] = ['stot', 'bin', 'bout', 'dresp', 'econ', 'eresp', 'wretr', 'wredis', 'lbtot', 'hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other', 'req_tot', 'cli_abrt', 'srv_abrt', 'connect', 'reuse', 'eint', 'wrew'];

function row(type: StatObjectType, proxyId: number, id: number, proxy: string, name: string, fields: Partial<Record<StatField, StatValue>>): StatRow {
  const r = emptyRow(type, proxyId, id);
  r.fields[FIELD_INDEX.pxname] = proxy;
  r.fields[FIELD_INDEX.svname] = name;
  r.fields[FIELD_INDEX.mode] = 'http';
  for (const [f, v] of Object.entries(fields)) r.fields[FIELD_INDEX[f as StatField]] = v;
  return r;
}

/** A frontend, then per backend its servers (a third checked, a fifth with maxconn, one in MAINT) and its BACKEND row. */
function rows(backends: number, servers: number): StatRow[] {
  const out: StatRow[] = [row('frontend', 1, 0, 'fe', 'FRONTEND', { scur: 12, smax: 90, slim: 2000, stot: 1e6, bin: 3e8, bout: 9e9, status: 'OPEN', rate_lim: 0, rate_max: 400, req_tot: 1e6, hrsp_2xx: 9e5, conn_rate_max: 300, conn_tot: 1e6 })];
  let counter = 1;
  for (let b = 0; b < backends; b++) {
    const proxy = `app${b}`;
    for (let s = 0; s < servers; s++) {
      const checked = s % 3 === 0;
      const fields: Partial<Record<StatField, StatValue>> = { qcur: 0, qmax: 3, scur: s % 7, smax: 40, slim: s % 5 === 0 ? 50 : undefined, status: s === servers - 1 ? 'MAINT' : checked ? 'UP' : 'no check', weight: 1, act: 1, bck: 0, lastchg: 86_400, rate_max: 120, qtime: 0, ctime: 1, rtime: 12, ttime: 40, qtime_max: 5, ctime_max: 20, rtime_max: 900, ttime_max: 3000, lastsess: 0, uweight: 1, srv_icur: 4, idle_conn_cur: 1, safe_conn_cur: 3, used_conn_cur: 2, need_conn_est: 6 };
      if (checked) Object.assign(fields, { chkfail: 2, chkdown: 1, downtime: 12, check_status: 'L7OK', check_code: 200, check_duration: 3 });
      for (const f of COUNTERS) fields[f] = (counter = (counter * 7919) % 1_000_003);
      out.push(row('server', b + 2, s + 1, proxy, `srv${s}`, fields));
    }
    out.push(row('backend', b + 2, 0, proxy, 'BACKEND', { qcur: 0, qmax: 3, scur: 40, smax: 300, slim: 2000, stot: 1e6, bin: 3e8, bout: 9e9, status: 'UP', weight: servers - 1, act: servers - 1, bck: 0, chkdown: 0, lastchg: 86_400, downtime: 0, lbtot: 1e6, rate_max: 800, req_tot: 1e6, hrsp_2xx: 9e5, qtime: 0, ctime: 1, rtime: 12, ttime: 40, uweight: servers - 1 }));
  }
  return out;
}

const INFO: readonly InfoField[] = [
  ['Nbthread', 4], ['Nbproc', 1], ['Process_num', 1], ['Uptime_sec', 86_400], ['PoolFailed', 0], ['Ulimit-n', 200_039], ['Maxsock', 200_039], ['Maxconn', 100_000], ['Hard_maxconn', 100_000], ['CurrConns', 1200], ['CumConns', 9e7], ['CumReq', 2e8], ['Tasks', 3000], ['Run_queue', 1], ['Idle_pct', 80], ['Stopping', 0], ['Jobs', 1300], ['Unstoppable Jobs', 0], ['Listeners', 3], ['Build info', '2.6.12'], ['Start_time_sec', 1.7e9],
].map(([name, value]) => ({ name: name as string, value: value as number | string }));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
}

/** p50, p99 and the longest event-loop wait of `renders` runs of `render`. */
async function measure(renders: number, render: () => Promise<unknown>): Promise<{ p50: number; p99: number; stall: number }> {
  for (let i = 0; i < 5; i++) await render();
  const times: number[] = [];
  let stall = 0;
  for (let i = 0; i < renders; i++) {
    let running = true;
    let last = performance.now();
    const ticker = (async (): Promise<void> => {
      while (running) {
        await nextTurn();
        const now = performance.now();
        stall = Math.max(stall, now - last);
        last = now;
      }
    })();
    const start = performance.now();
    await render();
    times.push(performance.now() - start);
    running = false;
    await ticker;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), stall };
}

interface Parsed {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly series: { labels: Record<string, string>; value: number }[];
}

/** The exporter's `haproxy_*` families as label objects and numbers, for the prom-client variants. */
function parse(text: string): Parsed[] {
  const out: Parsed[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP haproxy_')) {
      const [, , name, ...help] = line.split(' ');
      out.push({ name: name as string, help: help.join(' '), type: 'gauge', series: [] });
    } else if (line.startsWith('# TYPE haproxy_')) {
      const last = out[out.length - 1] as Parsed;
      out[out.length - 1] = { ...last, type: line.endsWith('counter') ? 'counter' : 'gauge' };
    } else if (line.startsWith('haproxy_')) {
      const m = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
      const labels: Record<string, string> = {};
      for (const pair of (m?.[1] ?? '').split(',').filter(Boolean)) {
        const [k, v] = pair.split('=');
        labels[k as string] = (v as string).slice(1, -1);
      }
      out[out.length - 1]?.series.push({ labels, value: Number(m?.[2]) });
    }
  }
  return out;
}

/** A Gauge per family, every series set, then the registry rendered. */
function gaugeApi(families: readonly Parsed[]): () => Promise<string> {
  const registry = new Registry();
  const gauges = families.map((f) => ({ f, g: new Gauge({ name: f.name, help: f.help, labelNames: Object.keys(f.series[0]?.labels ?? {}), registers: [registry] }) }));
  return async () => {
    for (const { f, g } of gauges) {
      g.reset();
      for (const s of f.series) g.set(s.labels, s.value);
    }
    return registry.metrics();
  };
}

/** A registered object per family whose get() returns its series, then the registry rendered. */
function collectorObjects(families: readonly Parsed[]): () => Promise<string> {
  const registry = new Registry();
  for (const f of families) {
    const metric = {
      name: f.name,
      help: f.help,
      type: f.type,
      aggregator: 'sum',
      get: async (): Promise<MetricObjectWithValues<MetricValue<string>>> => ({ name: f.name, help: f.help, type: f.type, aggregator: 'sum', values: f.series.map((s) => ({ labels: s.labels, value: s.value })) }) as unknown as MetricObjectWithValues<MetricValue<string>>,
    };
    registry.registerMetric(metric as unknown as Gauge);
  }
  return () => registry.metrics();
}

async function main(): Promise<void> {
  const renders = arg('renders', 50);
  const backends = arg('backends', 50);
  const servers = arg('servers', 20);
  const data = rows(backends, servers);
  const tables: StickTableStat[] = Array.from({ length: backends }, (_, i) => ({ name: `app${i}`, type: 'ip', size: 102_400, used: 3000 + i }));
  // The rows are made once: their cost is the snapshot's, not the exporter's.
  const source: MetricsSource = { rows: () => data, info: () => INFO, tables: () => tables };
  const withNode = new PrometheusExporter();
  const bare = new PrometheusExporter({ nodeMetrics: false });
  const sample = await bare.render(source, '');
  if (sample.status !== 200) throw new Error('refused');
  const lines = sample.body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  const families = parse(sample.body);

  const results: [string, { p50: number; p99: number; stall: number }][] = [];
  // As the service sends it: each chunk encoded for the socket as it comes.
  const send = (exporter: PrometheusExporter, query: MetricsQuery) => async (): Promise<number> => {
    let bytes = 0;
    for await (const chunk of exporter.chunks(source, query)) bytes += Buffer.from(chunk, 'utf8').length;
    return bytes;
  };
  const serverOnly = parseMetricsQuery('scope=server');
  if (!serverOnly.ok) throw new Error(serverOnly.reason);
  results.push(['exporter, all groups + tslb_* with Node collectors', await measure(renders, send(withNode, DEFAULT_QUERY))]);
  results.push(['exporter, all groups + tslb_* (no Node collectors)', await measure(renders, send(bare, DEFAULT_QUERY))]);
  results.push(['exporter, scope=server only', await measure(renders, send(bare, serverOnly.query))]);
  results.push(['exporter, in one piece (no turns to the event loop)', await measure(renders, send(new PrometheusExporter({ nodeMetrics: false, sliceMs: Infinity }), DEFAULT_QUERY))]);
  results.push(['prom-client Gauge per family, set() per series', await measure(Math.min(renders, 20), gaugeApi(families))]);
  results.push(['prom-client objects with get(), values ready', await measure(Math.min(renders, 20), collectorObjects(families))]);

  process.stdout.write(`Prometheus scrape, ${backends} backends x ${servers} servers = ${backends * servers} servers, ${lines} series, ${(sample.body.length / 1024).toFixed(0)} KiB (Node ${process.version}):\n\n`);
  process.stdout.write('| render | p50 | p99 | longest event-loop wait |\n|---|---:|---:|---:|\n');
  for (const [what, r] of results) process.stdout.write(`| ${what} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.stall.toFixed(1)} ms |\n`);
}

await main();
