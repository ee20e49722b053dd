/**
 * Stick tables under tslb and under the real HAProxy 2.6, with the same
 * configuration and the same traffic; after each scenario the table must
 * hold the same data (`show table` on HAProxy's stats socket against tslb's
 * own table, pointer and expiry apart). Traffic comes from 127.0.0.2 and up:
 * what the readiness probe (127.0.0.1) leaves is not compared.
 *
 *  - the canonical rate limiters of issue 5, which must refuse the same
 *    connection or request first:
 *      tcp-request connection reject if { src_conn_rate gt 10 }
 *      http-request deny deny_status 429 if { sc_http_req_rate(0) gt 20 }
 *  - errors and failures counted, and the sc_* / src_* fetches;
 *  - persistence: `stick on src` in HTTP and TCP mode, `stick match` and
 *    `stick store-request` on a header with a cookie that wins, `stick
 *    store-response` of a session cookie;
 *  - tcp-request content rules per request in HTTP mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import { Runtime } from '../../lib/runtime/runtime.js';
import { showTable } from '../../lib/stick/show-table.js';
import { cli } from '../helpers/balancer-differential.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { answerPath, namedBackend, request as requestOnce } from '../helpers/named-backends.js';
import { freePort, tcpServer } from '../helpers/net.js';

t.setTimeout(60_000);

type Who = 'haproxy' | 'tslb';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A running proxy, and how to read one of its tables as `show table` lines without pointer and exp. */
interface Under {
  table(name: string): Promise<string[]>;
}

/** Runs `text` under `who` on `port`; HAProxy gets a stats socket for `show table`. */
async function startUnder(t: Test, who: Who, text: string, port: number): Promise<Under> {
  // The probe's entry may still be held (TCP mode), so the header's count goes with it.
  const strip = (lines: string[]): string[] =>
    lines
      .map((l) => l.replace(/^0x[0-9a-f]+: /, '').replace(/ exp=\d+/, '').replace(/, used:\d+$/, ''))
      .filter((l) => l !== '' && !l.startsWith('key=127.0.0.1 '));
  if (who === 'haproxy') {
    const dir = mkdtempSync(join(tmpdir(), 'tslb-limit-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const socket = join(dir, 'stats.sock');
    const hp = await startHaproxy(`global\n    stats socket ${socket} level admin\n${text}`, port);
    t.teardown(hp.stop);
    return { table: async (name) => strip((await cli(socket, `show table ${name}`)).split('\n')) };
  }
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const rt = await Runtime.start(r.model);
  t.teardown(() => rt.hardStop());
  // The same probe as startHaproxy's (TCP mode balances it to a server), from 127.0.0.1.
  await new Promise<void>((resolve) => {
    const probe = connect({ port, host: '127.0.0.1' }, () => {
      probe.destroy();
      resolve();
    });
    probe.on('error', () => resolve());
  });
  await sleep(30);
  return {
    table: async (name) => {
      const table = rt.tables?.get(name);
      if (!table) throw new Error(`no table ${name}`);
      return strip(showTable(table, { kind: 'all' }, table.now()));
    },
  };
}


/** One request from `from`: the answer's bytes, '' when the proxy closed without answering. */
const send = (port: number, from: string, raw: string): Promise<string> => requestOnce(port, raw, 3000, from);

/** A GET with `Connection: close`: its status, or 'refused'. */
async function oneShot(port: number, from: string): Promise<number | 'refused'> {
  const got = await send(port, from, 'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
  return got === '' ? 'refused' : Number(got.split(' ')[1]);
}

/** A keep-alive client from `from`: one request at a time, a new connection whenever the proxy closed the last one. */
class KeepAlive {
  #socket: Socket | undefined;
  #buf = '';
  #waiting: ((status: number) => void) | undefined;
  readonly #port: number;
  readonly #from: string;

  constructor(port: number, from: string) {
    this.#port = port;
    this.#from = from;
  }

  async get(path: string): Promise<number> {
    if (!this.#socket || this.#socket.destroyed) await this.#open();
    return new Promise((resolve) => {
      this.#waiting = resolve;
      this.#socket?.write(`GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`);
    });
  }

  close(): void {
    this.#socket?.destroy();
  }

  #open(): Promise<void> {
    this.#buf = '';
    return new Promise((resolve) => {
      const s = connect({ port: this.#port, host: '127.0.0.1', localAddress: this.#from }, () => resolve());
      s.on('data', (c: Buffer) => {
        this.#buf += c.toString('latin1');
        const end = this.#buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.#buf.slice(0, end);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.#buf.length < end + 4 + length) return;
        this.#buf = this.#buf.slice(end + 4 + length);
        const w = this.#waiting;
        this.#waiting = undefined;
        w?.(Number(head.split(' ')[1]));
      });
      s.on('error', () => {});
      this.#socket = s;
    });
  }
}

const DEFAULTS = `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
`;

/**
 * HTTP mode counts requests and errors on the connection's entry; TCP mode
 * counts bytes, which HAProxy counts as they cross the wire only in TCP mode
 * (in HTTP mode it counts its internal message size, tslb the wire bytes).
 */
for (const mode of ['http', 'tcp'] as const) {
  t.test(`tcp-request connection reject if { src_conn_rate gt 10 } (mode ${mode})`, async (t) => {
    // In TCP mode the server ends each connection after its answer, so that every count is final.
    const be = mode === 'http' ? await namedBackend('b') : await tcpServer((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nb')));
    t.teardown(() => be.close());
    const store = mode === 'http' ? 'conn_cnt,conn_cur,conn_rate(10s),sess_cnt,sess_rate(10s),http_req_cnt,http_req_rate(10s),http_err_cnt' : 'conn_cnt,conn_cur,conn_rate(10s),sess_cnt,bytes_in_cnt,bytes_out_cnt';
    const results: Record<Who, { first: number; sequence: (number | 'refused')[]; table: string[] }> = {} as never;
    for (const who of ['haproxy', 'tslb'] as const) {
      const port = await freePort();
      const config = `${DEFAULTS.replace('mode http', `mode ${mode}`)}
frontend f
    bind 127.0.0.1:${port}
    stick-table type ip size 1m expire 60s store ${store}
    tcp-request connection track-sc0 src
    tcp-request connection reject if { src_conn_rate gt 10 }
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`;
      const under = await startUnder(t, who, config, port);
      const sequence: (number | 'refused')[] = [];
      for (let i = 0; i < 14; i++) sequence.push(await oneShot(port, '127.0.0.2'));
      // A second client has its own rate.
      sequence.push(await oneShot(port, '127.0.0.3'));
      await sleep(50);
      results[who] = { first: sequence.indexOf('refused') + 1, sequence, table: await under.table('f') };
    }
    t.equal(results.tslb.first, 11, 'tslb refuses the 11th connection first');
    t.equal(results.tslb.first, results.haproxy.first, 'the same connection as HAProxy');
    t.same(results.tslb.sequence, results.haproxy.sequence, 'every connection answered or refused alike');
    t.same(results.tslb.table, results.haproxy.table, 'the same table afterwards');
    t.equal(results.tslb.table.length, 3, 'a header and one entry per client');
  });
}

t.test('http-request deny deny_status 429 if { sc_http_req_rate(0) gt 20 }', async (t) => {
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const results: Record<Who, { first: number; statuses: number[]; table: string[] }> = {} as never;
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    const config = `${DEFAULTS}
frontend f
    bind 127.0.0.1:${port}
    stick-table type ip size 1m expire 60s store conn_cnt,conn_cur,conn_rate(10s),http_req_cnt,http_req_rate(10s),http_err_cnt,http_err_rate(10s),gpc0
    http-request track-sc0 src
    http-request deny deny_status 429 if { sc_http_req_rate(0) gt 20 }
    http-request sc-inc-gpc0(0) if { path /count }
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`;
    const under = await startUnder(t, who, config, port);
    const client = new KeepAlive(port, '127.0.0.2');
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push(await client.get(i % 5 === 0 ? '/count' : '/'));
    client.close();
    const other = new KeepAlive(port, '127.0.0.3');
    statuses.push(await other.get('/'));
    other.close();
    await sleep(50);
    results[who] = { first: statuses.indexOf(429) + 1, statuses, table: await under.table('f') };
  }
  t.equal(results.tslb.first, 21, 'tslb refuses the 21st request first');
  t.equal(results.tslb.first, results.haproxy.first, 'the same request as HAProxy');
  t.same(results.tslb.statuses, results.haproxy.statuses, 'every request answered alike');
  t.same(results.tslb.table, results.haproxy.table, 'the same table afterwards');
  t.equal(results.tslb.table.length, 3, 'a header and one entry per client');
});

t.test('errors, failures and the counter fetches', async (t) => {
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const results: Record<Who, { statuses: number[]; heads: string[]; table: string[] }> = {} as never;
  const paths = ['/', answerPath({ status: 404 }), answerPath({ status: 500 }), '/deny', '/none', answerPath({ status: 204 }), '/', answerPath({ status: 404 })];
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    const config = `${DEFAULTS}
frontend f
    bind 127.0.0.1:${port}
    stick-table type ip size 1m expire 60s store conn_cnt,conn_cur,http_req_cnt,http_err_cnt,http_fail_cnt,gpc0,gpc0_rate(10s)
    tcp-request connection track-sc1 src
    http-request track-sc0 src
    http-request deny if { path /deny }
    http-request set-header x-counts "%[sc0_http_req_cnt] %[sc_http_err_cnt(0)] %[sc1_http_fail_cnt] %[src_conn_cur] %[sc0_conn_cnt] %[sc_trackers(1)] %[sc0_tracked] %[sc2_tracked] %[src_inc_gpc0] %[sc_get_gpc0(0)] %[sc0_gpc0_rate]"
    http-request set-header x-missing "[%[sc2_http_req_cnt]] [%[src_http_req_rate]]"
    http-request set-header x-table "%[src,table_http_req_cnt(f)] %[src,in_table(f)] %[str(9.9.9.9),in_table(f)] %[str(9.9.9.9),table_conn_cnt(f)] %[src,table_trackers(f)] %[src,table_gpc0(f)] %[src,table_gpc0_rate(f)] [%[src,table_sess_cnt(f)]]"
    use_backend none if { path /none }
    default_backend b
backend none
backend b
    server s 127.0.0.1:${be.port}
`;
    const under = await startUnder(t, who, config, port);
    be.heads.length = 0;
    const client = new KeepAlive(port, '127.0.0.2');
    const statuses: number[] = [];
    for (const p of paths) statuses.push(await client.get(p));
    client.close();
    await sleep(50);
    results[who] = { statuses, heads: be.heads.map((h) => h.split('\r\n').filter((l) => l.startsWith('x-')).join('|')), table: await under.table('f') };
  }
  t.same(results.tslb.statuses, results.haproxy.statuses, 'the same answers');
  t.same(results.tslb.heads, results.haproxy.heads, 'the fetches read the same values');
  t.same(results.tslb.table, results.haproxy.table, 'the same errors and failures counted');
  t.equal(results.tslb.table.length, 2, 'a header and one entry');
});

/**
 * `stick on src` and `stick match` / `stick store-request` on a header, in
 * HTTP and TCP mode: each client keeps the server it was first balanced to
 * (round robin), a server put in maintenance loses its clients to the
 * others, and the tables end up naming the same servers.
 */
for (const mode of ['http', 'tcp'] as const) {
  t.test(`stick on src (mode ${mode})`, async (t) => {
    const servers = await Promise.all(['s1', 's2', 's3'].map((n) => namedBackend(n)));
    t.teardown(() => Promise.all(servers.map((s) => s.close())));
    const results: Record<Who, { served: string[]; table: string[] }> = {} as never;
    for (const who of ['haproxy', 'tslb'] as const) {
      // The readiness probes go to a frontend of their own: in TCP mode a probe would be balanced.
      const [probe, port] = [await freePort(), await freePort()];
      const config = `${DEFAULTS.replace('mode http', `mode ${mode}`)}
frontend probe
    bind 127.0.0.1:${probe}
listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    stick-table type ip size 1m expire 60s
    stick on src
${servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port}${s.name === 's3' ? ' disabled' : ''}\n`).join('')}`;
      const under = await startUnder(t, who, config, probe);
      const served: string[] = [];
      for (const round of [0, 1, 2]) {
        for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
          const answer = await request(port, from);
          served.push(`${round}:${from}:${answer}`);
        }
      }
      results[who] = { served, table: await under.table('l') };
    }
    t.same(results.tslb.served, results.haproxy.served, 'every client served by the same server');
    t.same(results.tslb.table, results.haproxy.table, 'the same servers stored');
    t.equal(new Set(results.tslb.served.map((s) => s.split(':').slice(1).join(':'))).size, 4, 'each client always on one server');
  });
}

t.test('stick match and store-request on a header, with a cookie winning', async (t) => {
  const servers = await Promise.all(['s1', 's2'].map((n) => namedBackend(n)));
  t.teardown(() => Promise.all(servers.map((s) => s.close())));
  const results: Record<Who, { served: string[]; table: string[] }> = {} as never;
  const requests: [string, string][] = [
    ['alice', ''],
    ['bob', ''],
    ['alice', ''],
    ['carol', ''],
    ['bob', ''],
    ['alice', 'SRV=s2'],
    ['carol', ''],
    ['', ''],
    ['dave', 'SRV=s1'],
    ['dave', ''],
  ];
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    const config = `${DEFAULTS}
backend users
    stick-table type string len 16 size 1k expire 60s store http_req_cnt
frontend f
    bind 127.0.0.1:${port}
    default_backend b
backend b
    balance roundrobin
    cookie SRV indirect nocache
    stick match req.hdr(x-user) table users
    stick store-request req.hdr(x-user) table users if { req.hdr(x-user) -m found }
${servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port} cookie ${s.name}\n`).join('')}`;
    const under = await startUnder(t, who, config, port);
    const served: string[] = [];
    for (const [user, cookie] of requests) {
      const headers = `${user ? `x-user: ${user}\r\n` : ''}${cookie ? `cookie: ${cookie}\r\n` : ''}`;
      const answer = await httpRequest(port, '127.0.0.2', headers);
      served.push(`${user}:${answer}`);
    }
    results[who] = { served, table: await under.table('users') };
  }
  t.same(results.tslb.served, results.haproxy.served, 'every request served by the same server');
  t.same(results.tslb.table, results.haproxy.table, 'the same users stored');
});

/** One exchange on a new connection from `from`: the x-server of the answer (or its first line), in HTTP or TCP mode alike. */
async function request(port: number, from: string): Promise<string> {
  return httpRequest(port, from, '');
}

async function httpRequest(port: number, from: string, headers: string): Promise<string> {
  const got = await send(port, from, `GET / HTTP/1.1\r\nHost: h\r\n${headers}\r\n`);
  return /\r\nx-server: (\S+)/.exec(got)?.[1] ?? got.split('\r\n')[0] ?? '';
}

t.test('tcp-request content rules in HTTP mode run per request', async (t) => {
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const results: Record<Who, { statuses: string[]; table: string[] }> = {} as never;
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    const config = `${DEFAULTS}
frontend f
    bind 127.0.0.1:${port}
    stick-table type ip size 1m expire 60s store conn_cnt,conn_cur,http_req_cnt,http_err_cnt
    tcp-request content track-sc0 src
    tcp-request content reject if { path /block }
    tcp-request content accept if { path /open }
    tcp-request content reject if { sc0_http_req_cnt gt 5 }
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`;
    const under = await startUnder(t, who, config, port);
    const statuses: string[] = [];
    for (const path of ['/', '/', '/block', '/', '/open', '/', '/', '/', '/open']) statuses.push(await httpRequestPath(port, '127.0.0.2', path));
    await sleep(50);
    results[who] = { statuses, table: await under.table('f') };
  }
  t.same(results.tslb.statuses, results.haproxy.statuses, 'the same requests answered and refused');
  t.same(results.tslb.table, results.haproxy.table, 'the same counts');
  t.ok(results.tslb.statuses.includes('closed'), 'some requests refused');
});

/** One GET of `path` on a new connection from `from`: the status, or 'closed' when the proxy closed without answering. */
async function httpRequestPath(port: number, from: string, path: string): Promise<string> {
  const got = await send(port, from, `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`);
  return got === '' ? 'closed' : (got.split(' ')[1] ?? '');
}

t.test('stick match on a request cookie, store-response from the response cookie', async (t) => {
  const servers = await Promise.all(['s1', 's2', 's3'].map((n) => namedBackend(n)));
  t.teardown(() => Promise.all(servers.map((s) => s.close())));
  const setting = (sid: string): string => answerPath({ headers: [['set-cookie', `SID=${sid}; path=/`]] });
  const requests: [string, string][] = [
    [setting('abc'), ''],
    ['/', 'cookie: SID=abc\r\n'],
    ['/', 'cookie: SID=zzz\r\n'],
    [setting('def'), 'cookie: SID=zzz\r\n'],
    ['/', 'cookie: SID=def\r\n'],
    ['/', 'cookie: SID=abc\r\n'],
    [setting('abc'), 'cookie: SID=def\r\n'],
    ['/', 'cookie: SID=abc\r\n'],
  ];
  const results: Record<Who, { served: string[]; table: string[] }> = {} as never;
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    const config = `${DEFAULTS}
listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    stick-table type string len 32 size 1k expire 60s
    stick match req.cook(SID)
    stick store-response res.cook(SID)
${servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port}\n`).join('')}`;
    const under = await startUnder(t, who, config, port);
    const served: string[] = [];
    for (const [path, headers] of requests) {
      const got = await send(port, '127.0.0.2', `GET ${path} HTTP/1.1\r\nHost: h\r\n${headers}\r\n`);
      served.push(/\r\nx-server: (\S+)/.exec(got)?.[1] ?? got.split('\r\n')[0] ?? '');
    }
    results[who] = { served, table: await under.table('l') };
  }
  t.same(results.tslb.served, results.haproxy.served, 'every request on the same server');
  t.same(results.tslb.table, results.haproxy.table, 'the same sessions stored');
  t.equal(results.tslb.served[1], results.tslb.served[0], 'the session cookie brings the client back');
});
