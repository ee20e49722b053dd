/**
 * `show stat` as CSV, typed and JSON, and `show info`, against HAProxy
 * 2.6.12 with the same configuration and the same traffic
 * (lib/stats/csv.ts, typed.ts, field-types.ts, info.ts, snapshot.ts):
 *
 *   - the header line, byte for byte;
 *   - after 5 GETs through a frontend to a backend of two servers, every
 *     column of every row equal except those listed in MOVING (times,
 *     rates, ages) and DIFFERENT (with the reason);
 *   - `show stat typed`: every line HAProxy prints has its twin in tslb's
 *     (same object, ids, position, name, tags and type), and tslb prints
 *     no other; `show stat json` the same field objects;
 *   - `show info`: the same keys in the same order; typed and JSON with
 *     the same positions, tags and types.
 */
import { createServer, type Server } from 'node:http';
import t from 'tap';
import { CSV_COLUMNS } from '../../lib/stats/columns.js';
import { CSV_HEADER, csvLine, csvValue, statsCsv } from '../../lib/stats/csv.js';
import { emptyRow } from '../../lib/stats/row.js';
import { csvValues } from '../helpers/stat-rows.js';
import { exchange, tcpServer } from '../helpers/net.js';
import { both, gets, sleep, startBoth, type Place } from './runtime-api-harness.js';

/** Columns that move with time or with when each proxy was started. */
const MOVING = new Set([
  'lastchg', // seconds since the last change: each proxy started at its own moment
  'downtime',
  'lastsess',
  'qtime',
  'ctime',
  'rtime',
  'ttime',
  'qtime_max',
  'ctime_max',
  'rtime_max',
  'ttime_max',
  'check_duration',
  'agent_duration',
  'smax', // the most sessions at once: the next request may come before the proxy saw the last one close
  'rate', // per-second rates: the requests may straddle a second boundary on one side only
  'rate_max',
  'req_rate',
  'req_rate_max',
  'conn_rate',
  'conn_rate_max',
]);

/**
 * Columns known to differ, and why:
 *   h1_bytes_in / h1_bytes_out: HAProxy's HTTP/1 layer counts the bytes on
 *     the wire, tslb repeats its message sizes there;
 *   need_conn_est: HAProxy's estimate of the server connections it will
 *     need (a decaying average of recent use); tslb's pool keeps no such
 *     estimate and reports 0.
 * (bin / bout are equal: tslb counts HTTP messages as HAProxy does, lib/http/message-size.ts.)
 */
const DIFFERENT = new Set(['h1_bytes_in', 'h1_bytes_out', 'need_conn_est']);

/** Counters known to differ per row (none left: connection attempts, retries and econ are counted as HAProxy counts them). */
const KNOWN: Readonly<Record<string, ReadonlySet<string>>> = {};

async function httpServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.setHeader('connection', 'close');
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end(name);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { server, port: typeof a === 'object' && a ? a.port : 0 };
}

t.test('unit: the header, quoting, empty fields and the - column', async (t) => {
  t.equal(CSV_HEADER, `# ${CSV_COLUMNS.join(',')},`);
  t.equal(csvValue(undefined), '');
  t.equal(csvValue(0), '0');
  t.equal(csvValue('no check'), 'no check');
  t.equal(csvValue('Bad, "really" down'), '"Bad, ""really"" down"');
  t.equal(csvValue('a\nb'), '"a\nb"');
  const row = emptyRow('frontend', 2, 0);
  row.fields[0] = 'fe';
  row.modules[0] = 0;
  const line = csvLine(row);
  t.ok(line.startsWith('fe,,'));
  t.ok(line.endsWith(','));
  t.equal(line.split(',').length, CSV_COLUMNS.length + 1);
  t.equal(csvValues(line)[103], '-');
  t.equal(statsCsv([row]), `${CSV_HEADER}\n${line}\n`);
});

t.test('show stat after the same traffic, column by column', async (t) => {
  const a = await httpServer('a');
  const b = await httpServer('b');
  const agent = await tcpServer((s) => s.end('up\n'));
  t.teardown(() => {
    a.server.close();
    b.server.close();
    void agent.close();
  });
  const config = (p: Place): string => `
global
    stats socket ${p.dir}/sock level admin
    maxconn 500
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p.port}
    use_backend dead if { path_beg /dead }
    default_backend be
backend dead
    retries 2
    server x 127.0.0.1:1
backend be
    cookie SRV insert indirect nocache
    server a 127.0.0.1:${a.port} cookie ca check inter 60s
    server b 127.0.0.1:${b.port} cookie cb agent-check agent-port ${agent.port} agent-inter 60s
    server c 127.0.0.1:1 backup disabled
listen tcp
    mode tcp
    bind 127.0.0.1:${p.port2}
    balance leastconn
    server t1 127.0.0.1:${a.port}
backend empty
`;
  const i = await startBoth(t, config);
  const header = await both(i, 'show stat');
  t.equal(header.tslb.split('\n')[0], header.haproxy.split('\n')[0], 'the header line');

  for (const who of ['haproxy', 'tslb'] as const) {
    t.strictSame(await gets(i[who].port, 5), [200, 200, 200, 200, 200], `${who}: 5 GETs`);
    t.strictSame(await gets(i[who].port, 1, '/missing'), [404], `${who}: a 404`);
    t.strictSame(await gets(i[who].port, 2, '/dead'), [503, 503], `${who}: two 503 (connection refused)`);
  }
  // Through the TCP listen section too: there, bytes are bytes.
  for (const who of ['haproxy', 'tslb'] as const) {
    const answer = await exchange(i[who].port2, 'GET / HTTP/1.0\r\n\r\n', { quietMs: 500 });
    t.match(answer.data.toString(), /^HTTP\/1\.1 200/, `${who}: through the TCP listen section`);
  }
  await sleep(100);
  const compare = async (when: string): Promise<void> => {
    const got = await both(i, 'show stat');
    const rows = (csv: string): string[][] =>
      csv
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map(csvValues);
    const h = rows(got.haproxy);
    const s = rows(got.tslb);
    t.strictSame(
      s.map((r) => `${r[0]}/${r[1]}`),
      h.map((r) => `${r[0]}/${r[1]}`),
      `${when}: the same rows in the same order`,
    );
    for (const [n, hr] of h.entries()) {
      const sr = s[n] ?? [];
      const name = `${hr[0]}/${hr[1]}`;
      const differing: string[] = [];
      const tcp = hr[CSV_COLUMNS.indexOf('mode')] === 'tcp';
      CSV_COLUMNS.forEach((col, c) => {
        if (MOVING.has(col) || (DIFFERENT.has(col) && !(tcp && (col === 'bin' || col === 'bout'))) || KNOWN[name]?.has(col)) return;
        if (sr[c] !== hr[c]) differing.push(`${col}: haproxy '${hr[c]}' tslb '${sr[c]}'`);
      });
      t.strictSame(differing, [], `${when}: ${name}: every column but the moving and known ones`);
    }
  };
  await compare('after the traffic');
  t.strictSame(await both(i, 'clear counters'), { haproxy: '\n', tslb: '\n' }, 'clear counters');
  await compare('after clear counters');
  t.strictSame(await both(i, 'clear counters all'), { haproxy: '\n', tslb: '\n' }, 'clear counters all');
  await compare('after clear counters all');
});

t.test('typed and JSON: the same lines, tags and types', async (t) => {
  const a = await httpServer('a');
  t.teardown(() => a.server.close());
  const config = (p: Place): string => `
global
    stats socket ${p.dir}/sock level admin
    stats socket ${p.dir}/user level user
    maxconn 500
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p.port}
    rate-limit sessions 50
    default_backend be
backend be
    option httpchk GET /
    server a 127.0.0.1:${a.port} check inter 60s maxconn 10 maxqueue 5 cookie x weight 2
    server d 127.0.0.1:1 check inter 60s
    server n 127.0.0.1:${a.port}
    server k 127.0.0.1:${a.port} backup
    server m 127.0.0.1:${a.port} disabled
listen tcp
    mode tcp
    bind 127.0.0.1:${p.port2}
    server t1 127.0.0.1:${a.port} check inter 60s
`;
  const i = await startBoth(t, config);
  await new Promise((r) => setTimeout(r, 300));
  for (const sock of ['sock', 'user']) {
    const got = await both(i, 'show stat typed', sock);
    const key = (l: string): string => l.replace(/^([^:]*:[^:]*:[^:]*):.*$/, '$1');
    const h = got.haproxy.split('\n').filter(Boolean).map(key);
    const s = got.tslb.split('\n').filter(Boolean).map(key);
    const hs = new Set(h);
    const ss = new Set(s);
    t.strictSame(
      h.filter((l) => !ss.has(l)),
      [],
      `${sock}: every typed line of HAProxy's has its twin`,
    );
    t.strictSame(
      s.filter((l) => !hs.has(l)),
      [],
      `${sock}: tslb prints no other`,
    );
    t.ok(got.tslb.endsWith('\n\n'), 'the answer ends with the empty line');
  }
  const json = await both(i, 'show stat json');
  t.ok(json.tslb.endsWith(']]\n\n'), 'JSON: one line, then the empty line');
  interface Field {
    objType: string;
    proxyId: number;
    id: number;
    field: { pos: number; name: string };
    processNum: number;
    tags: { origin: string; nature: string; scope: string };
    value: { type: string; value: unknown };
  }
  const shape = (text: string): string[][] => (JSON.parse(text) as Field[][]).map((row) => row.map((f) => JSON.stringify({ ...f, value: { type: f.value.type } })));
  t.strictSame(shape(json.tslb), shape(json.haproxy), 'JSON: the same field objects, row by row (values aside)');
  const keysOf = (text: string): string[] => (JSON.parse(text) as Field[][]).flat().map((f) => Object.keys(f).join(',') + Object.keys(f.value).join(','));
  t.strictSame([...new Set(keysOf(json.tslb))], [...new Set(keysOf(json.haproxy))], 'JSON: keys in the same order');
});

t.test('show info: keys in order, typed and JSON tags and types', async (t) => {
  const config = (p: Place): string => `
global
    stats socket ${p.dir}/sock level admin
    maxconn 500
    node lb1
    description my, described
defaults
    mode http
    timeout client 5s
frontend fe
    bind 127.0.0.1:${p.port}
`;
  const i = await startBoth(t, config);
  const text = await both(i, 'show info');
  const names = (s: string): string[] =>
    s
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(0, l.indexOf(':')));
  t.strictSame(names(text.tslb), names(text.haproxy), 'the same keys in the same order');
  const value = (s: string, k: string): string | undefined => s.split('\n').find((l) => l.startsWith(`${k}: `));
  for (const k of ['Nbproc', 'Process_num', 'Maxconn', 'Hard_maxconn', 'node', 'description', 'Stopping', 'Tainted', 'MaxSslConns']) {
    t.equal(value(text.tslb, k), value(text.haproxy, k), k);
  }
  t.equal(value(text.tslb, 'Name'), 'Name: tslb');
  const typed = await both(i, 'show info typed');
  const typeKey = (s: string): string[] =>
    s
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^([^:]*:[^:]*:[^:]*):.*$/, '$1'));
  t.strictSame(typeKey(typed.tslb), typeKey(typed.haproxy), 'typed: positions, names, tags and types');
  const json = await both(i, 'show info json');
  const shape = (s: string): string[] => (JSON.parse(s) as { value: { type: string } }[]).map((f) => JSON.stringify({ ...f, value: { type: f.value.type } }));
  t.strictSame(shape(json.tslb), shape(json.haproxy), 'JSON: the same field objects (values aside)');
  const last = await both(i, 'show info typed json;show info json typed;show info foo');
  const heads = (s: string): string[] => s.split('\n\n').map((a) => (a.startsWith('[') ? 'json' : a.startsWith('0.Name') ? 'typed' : a.startsWith('Name: ') ? 'text' : a));
  t.strictSame(heads(last.tslb), heads(last.haproxy), 'the last of typed/json wins; other words are ignored');
});
