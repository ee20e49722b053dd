/**
 * The Prometheus exporter against HAProxy 2.6.12's own: one configuration
 * runs under the real HAProxy (an HTTP frontend with `option socket-stats`,
 * a backend with servers with and without `check`, an L7 check answering
 * 200, a check that fails, a backup, a `maxconn` server, a disabled server,
 * a disabled checked server, a draining server, a server that a 404 to
 * its check with `disable-on-404` puts in NOLB, a stick table; a TCP
 * `listen` with an L4 check; a backend without servers). After some traffic,
 * HAProxy's `show stat`, `show info` and `show table` are read from its
 * stats socket, turned into rows and rendered by tslb's exporter, and
 * compared with what HAProxy's `/metrics` answers in between:
 *
 *   - the same families in the same order, each with the same TYPE and the
 *     same series (label names, order and values, in the same order), and a
 *     HELP text of our own (never HAProxy's);
 *   - every value equal as text ("0.000000", "NaN"...), except those that
 *     move on their own between the reads: process counters of connections,
 *     tasks, memory and rates (both numbers), times in seconds (within 1 s),
 *     and the counters of the frontend that serves /metrics (both numbers);
 *   - and the four `*_time_average_seconds` of an object that has seen 512
 *     samples or fewer, where tslb deliberately differs: it writes the CSV
 *     average (the sum of the samples over their number), while HAProxy
 *     2.6.12's exporter divides the same sum by the full window of 512
 *     (rounding up) — so its figure starts near 0 and only meets the CSV's
 *     after 512 requests. The test checks HAProxy's value is exactly that:
 *     ceil(sum / 512) for a sum that the CSV average and count allow;
 *   - the snapshot is retried until two `show stat` around the /metrics
 *     request agree (a health check between them changes the counters).
 *
 * The same for `scope=` / `no-maint` variants, and 400 for refused queries.
 * Last, a checked server put in maintenance shows the one case the rows
 * cannot follow (its paused check), pinned as a known difference.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { FIELD_INDEX, type StatField } from '../../lib/stats/columns.js';
import type { StatRow } from '../../lib/stats/row.js';
import { METRICS_CONTENT_TYPE, PrometheusExporter, type MetricsSource } from '../../lib/stats/prometheus/exporter.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';
import { csvRows, families, infoFields, statsCommand as cli, tableStats, type Family } from '../helpers/stat-rows.js';

/** Process metrics that change with every connection, task or allocation. */
const MOVING_PROCESS = new Set(
  [
    'uptime_seconds',
    'current_connections',
    'connections_total',
    'requests_total',
    'current_connection_rate',
    'max_connection_rate',
    'current_session_rate',
    'max_session_rate',
    'current_tasks',
    'current_run_queue',
    'idle_time_percent',
    'jobs',
    'bytes_out_total',
    'bytes_out_rate',
    'pool_allocated_bytes',
    'pool_used_bytes',
  ].map((s) => `haproxy_process_${s}`),
);

/** The averages HAProxy's exporter computes over a full window from the start (see above). */
const AVERAGE = /_(queue|connect|response|total)_time_average_seconds$/;
const WINDOW = 512;

/**
 * What HAProxy 2.6.12's exporter writes, in ms, for an average whose CSV
 * value is `avg` ms over `count` samples: ceil(sum / 512), where the CSV's
 * ceil(sum / count) = avg leaves sum in ((avg - 1) * count, avg * count].
 */
function warmupAverage(avg: number, count: number): [number, number] {
  if (avg === 0 || count === 0) return [0, 0];
  return [Math.ceil(((avg - 1) * count + 1) / WINDOW), Math.ceil((avg * count) / WINDOW)];
}

/** Counts of seconds since or during something: may tick between the reads. */
const SECONDS = /_(check_last_change_seconds|downtime_seconds_total|last_session_seconds)$/;

async function backend(status = 200): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : status;
    res.end('ok');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { server, port: typeof a === 'object' && a ? a.port : 0 };
}

async function get(port: number, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Snapshot {
  readonly source: MetricsSource;
  readonly haproxy: { status: number; type: string | null; body: string };
}

/** `show stat` lines without the rows of the /metrics frontend and the columns of seconds, to tell whether anything moved. */
function settled(csv: string): string {
  const drop = [FIELD_INDEX.lastchg, FIELD_INDEX.downtime, FIELD_INDEX.lastsess];
  return csv
    .split('\n')
    .filter((l) => !l.startsWith('metrics,'))
    .map((l) =>
      l
        .split(',')
        .map((v, i) => (drop.includes(i) ? '' : v))
        .join(','),
    )
    .join('\n');
}

t.test('the exporter answers like HAProxy 2.6.12 for the same counters', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-promex-'));
  const socket = join(dir, 'stats.sock');
  const [ok, ok2, tcp] = await Promise.all([backend(), backend(), backend()]);
  const closed = await freePort();
  const [web, metrics, tl] = [await freePort(), await freePort(), await freePort()];
  t.teardown(() => {
    for (const b of [ok, ok2, tcp]) {
      b.server.closeAllConnections();
      b.server.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const cfg = `
global
    stats socket ${socket} level admin
    maxconn 500
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend metrics
    bind 127.0.0.1:${metrics}
    http-request use-service prometheus-exporter if { path /metrics }
frontend fe
    bind 127.0.0.1:${web}
    maxconn 100
    option socket-stats
    http-request deny if { path /deny }
    default_backend app
backend app
    stick-table type ip size 1k expire 10m
    http-request track-sc0 src
    option httpchk GET /health
    server up1 127.0.0.1:${ok.port} check inter 3s
    server up2 127.0.0.1:${ok2.port} weight 2
    server down1 127.0.0.1:${closed} check inter 100 fall 1 downinter 60s
    server bk 127.0.0.1:${ok.port} backup
    server lim 127.0.0.1:${ok2.port} maxconn 10 maxqueue 5
    server dis 127.0.0.1:${ok.port} disabled
    server dischk 127.0.0.1:${ok.port} check disabled
    server dr 127.0.0.1:${ok2.port}
backend soft
    option httpchk GET /missing
    http-check disable-on-404
    server nolb 127.0.0.1:${ok.port} check inter 3s
backend empty
listen tl
    mode tcp
    bind 127.0.0.1:${tl}
    server t1 127.0.0.1:${tcp.port} check inter 3s
`;
  const haproxy = await startHaproxy(cfg, metrics);
  t.teardown(() => haproxy.stop());
  t.equal(await cli(socket, 'set server app/dr state drain'), '');

  // Traffic: answers 200, 404 and a deny, some bytes through the TCP proxy.
  for (const path of ['/', '/a', '/missing', '/deny', '/b', '/c']) await get(web, path);
  await get(tl, '/').catch(() => undefined);
  // Until the first checks have run (up1 L7OK, down1 L4CON, t1 L4OK).
  for (let i = 0; i < 50; i++) {
    const csv = await cli(socket, 'show stat');
    if (/\napp,up1,.*L7OK/.test(csv) && /\napp,down1,.*L4CON/.test(csv) && /\ntl,t1,.*L4OK/.test(csv) && /\nsoft,nolb,.*NOLB/.test(csv)) break;
    await sleep(100);
  }

  const exporter = new PrometheusExporter({ nodeMetrics: false });

  /** HAProxy's counters read three ways and its /metrics in between, until stable. */
  async function snapshot(query: string): Promise<Snapshot> {
    for (let attempt = 0; ; attempt++) {
      const before = await cli(socket, 'show stat');
      const info = await cli(socket, 'show info');
      const tables = await cli(socket, 'show table');
      const answer = await get(metrics, `/metrics${query === '' ? '' : `?${query}`}`);
      const after = await cli(socket, 'show stat');
      if (settled(before) === settled(after) || attempt === 10) {
        const rows = csvRows(before);
        return { source: { rows: () => rows, info: () => infoFields(info), tables: () => tableStats(tables) }, haproxy: answer };
      }
    }
  }

  /** The sample count of the object a series belongs to: HTTP requests, or sessions given a server in TCP. */
  function samples(rows: readonly StatRow[], labels: string): { avg: (f: StatField) => number; count: number } {
    const proxy = /proxy="([^"]*)"/.exec(labels)?.[1];
    const server = /server="([^"]*)"/.exec(labels)?.[1] ?? 'BACKEND';
    const row = rows.find((r) => r.fields[FIELD_INDEX.pxname] === proxy && r.fields[FIELD_INDEX.svname] === server);
    if (!row) throw new Error(`no row for ${labels}`);
    const count = row.fields[FIELD_INDEX.mode] === 'http' ? row.fields[FIELD_INDEX.req_tot] : row.fields[FIELD_INDEX.lbtot];
    return { avg: (f) => Number(row.fields[FIELD_INDEX[f]]), count: Number(count) };
  }

  function compare(t: Test, query: string, rows: readonly StatRow[], ours: Map<string, Family>, theirs: Map<string, Family>): void {
    const tslb = [...ours.keys()].filter((n) => n.startsWith('tslb_'));
    for (const n of tslb) ours.delete(n);
    t.same([...ours.keys()], [...theirs.keys()], `${query}: the same families in the same order`);
    for (const [name, mine] of ours) {
      const real = theirs.get(name);
      if (!real) continue;
      t.equal(mine.type, real.type, `${name}: TYPE`);
      t.not(mine.help, real.help, `${name}: HELP in our own words`);
      t.same([...mine.series.keys()], [...real.series.keys()], `${query}: ${name}: the same series (labels and order)`);
      for (const [labels, value] of mine.series) {
        const other = real.series.get(labels);
        if (other === undefined) continue;
        if (AVERAGE.test(name) && samples(rows, labels).count <= WINDOW) {
          const column = (['qtime', 'ctime', 'rtime', 'ttime'] as const)[['queue', 'connect', 'response', 'total'].indexOf(AVERAGE.exec(name)?.[1] ?? '')];
          if (!column) throw new Error(name);
          const { avg, count } = samples(rows, labels);
          t.equal(value, (avg(column) / 1000).toFixed(6), `${labels}: the CSV average`);
          const [low, high] = warmupAverage(avg(column), count);
          const theirsMs = Math.round(Number(other) * 1000);
          t.ok(theirsMs >= low && theirsMs <= high, `${labels}: HAProxy's ${other} is ceil(sum/512) for ${avg(column)} ms over ${count} (${low}..${high} ms)`);
        } else if (MOVING_PROCESS.has(name) || labels.includes('proxy="metrics"')) {
          t.ok(Number.isFinite(Number(value)) && Number.isFinite(Number(other)), `${labels}: a number on both sides (${value} / ${other})`);
        } else if (SECONDS.test(name) && value !== 'NaN') {
          t.ok(Math.abs(Number(value) - Number(other)) <= 1, `${labels}: ${value} ≈ ${other}`);
        } else if (value !== other) t.equal(value, other, labels);
      }
    }
  }

  for (const query of ['', 'scope=*', 'no-maint', 'scope=server&no-maint', 'scope=backend&scope=sticktable', 'scope=frontend&scope=listener', 'scope=global', 'scope=', 'scope=server&scope=&scope=backend', 'scope=%73erver&x=1']) {
    await t.test(`/metrics?${query}`, async (t) => {
      const snap = await snapshot(query);
      t.equal(snap.haproxy.status, 200);
      t.equal(snap.haproxy.type, METRICS_CONTENT_TYPE, "HAProxy's content type is ours");
      const reply = await exporter.render(snap.source, query);
      if (reply.status !== 200) throw new Error(`refused: ${reply.reason}`);
      t.equal(reply.contentType, METRICS_CONTENT_TYPE);
      const ours = families(reply.body);
      const theirs = families(snap.haproxy.body);
      if (query === '') {
        // The configuration has what each rule needs.
        t.ok(theirs.get('haproxy_server_check_status')?.series.size, 'checked servers');
        t.ok(theirs.get('haproxy_listener_status')?.series.size, 'listeners');
        t.ok(theirs.get('haproxy_sticktable_used')?.series.size, 'stick tables');
        t.equal(theirs.get('haproxy_server_limit_sessions')?.series.get('haproxy_server_limit_sessions{proxy="app",server="up1"}'), 'NaN', 'no maxconn: NaN');
        t.equal(theirs.get('haproxy_server_limit_sessions')?.series.get('haproxy_server_limit_sessions{proxy="app",server="lim"}'), '10');
        t.equal(theirs.get('haproxy_server_check_code')?.series.get('haproxy_server_check_code{proxy="app",server="up1"}'), '200', 'L7 check code');
        t.ok(ours.has('tslb_build_info'), 'tslb_* families with the global group');
        const status = theirs.get('haproxy_server_status')?.series;
        for (const [server, state] of [['up1', 'UP'], ['up2', 'UP'], ['down1', 'DOWN'], ['dis', 'MAINT'], ['dr', 'DRAIN'], ['nolb', 'NOLB']] as const) {
          const proxy = server === 'nolb' ? 'soft' : 'app';
          t.equal(status?.get(`haproxy_server_status{proxy="${proxy}",server="${server}",state="${state}"}`), '1', `${server} is ${state}`);
        }
      }
      compare(t, query, snap.source.rows(), ours, theirs);
    });
  }

  await t.test('queries HAProxy refuses are refused', async (t) => {
    for (const query of ['scope=foo', 'scope', 'scope=SERVER', 'scope=global&x=%zz', 'scope=global%']) {
      const snap = await snapshot(query);
      t.equal(snap.haproxy.status, 400, `haproxy: ${query}`);
      const reply = await exporter.render(snap.source, query);
      t.equal(reply.status, 400, `tslb: ${query}`);
    }
  });

  await t.test('a checked server put in maintenance: the two deliberate differences', async (t) => {
    t.equal(await cli(socket, 'set server app/up1 state maint'), '');
    const snap = await snapshot('');
    const reply = await exporter.render(snap.source, '');
    if (reply.status !== 200) throw new Error(reply.reason);
    const theirs = families(snap.haproxy.body);
    // The CSV hides a paused check (empty check_status, check_duration), so the rows cannot tell its last result;
    // HAProxy's exporter still writes the last duration and counts the last result in agg_check_status.
    const duration = theirs.get('haproxy_server_check_duration_seconds')?.series;
    const key = 'haproxy_server_check_duration_seconds{proxy="app",server="up1"}';
    t.ok(duration?.has(key), 'HAProxy: the paused check keeps its duration');
    duration?.delete(key);
    const agg = theirs.get('haproxy_backend_agg_check_status')?.series;
    const l7ok = 'haproxy_backend_agg_check_status{proxy="app",state="L7OK"}';
    t.equal(agg?.get(l7ok), '1', 'HAProxy: the paused check counted as L7OK');
    agg?.set(l7ok, '0');
    compare(t, 'maint', snap.source.rows(), families(reply.body), theirs);
    t.equal(await cli(socket, 'set server app/up1 state ready'), '');
  });
});
