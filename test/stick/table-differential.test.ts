/**
 * Stick tables against the real HAProxy 2.6: traffic from 127.0.0.x goes
 * through HAProxy, which tracks it (`tcp-request connection track-sc1`,
 * `http-request track-sc0`, `sc-inc-gpc0`), and the same events at the same
 * dates go into tslb's tables built from the same configuration. `show table`
 * must then read alike: header, key order, every count exactly, `exp` within
 * 100 ms, and rates exactly where the check dates leave a wide margin (the
 * previous period weighted by ~half, so a few ms of skew cannot change the
 * floor); the byte rates, which move a unit every few ms, within a 50 ms
 * skew. Then what a full table does: LRU purge, the purge giving up after
 * twice its batch of visits, held entries, (size >> 8) + 1 at once.
 *
 * The test plays the trackers HAProxy runs (conn_cur/conn_cnt/conn_rate when
 * tracking starts, sess_* per session, http_req_* per request, touches,
 * release at the end): those are not the table's business, only the arithmetic
 * and bookkeeping that follow are.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import type { StickDataName } from '../../lib/stick/data-types.js';
import type { StickEntry } from '../../lib/stick/entry.js';
import { showTable } from '../../lib/stick/show-table.js';
import { StickTable } from '../../lib/stick/table.js';
import { cli } from '../helpers/balancer-differential.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const REQUEST_BYTES = 100;
const RESPONSE_BYTES = 250;

/** The sections shared by HAProxy and tslb's model (tslb reads the stick tables from it). */
function sections(http: number, tcp: number, echo: number, hold: number): string {
  return `
defaults
    timeout connect 1s
    timeout client 30s
    timeout server 30s

frontend fe
    mode http
    bind 127.0.0.1:${http}
    stick-table type ip size 100 expire 10s store conn_cnt,conn_cur,conn_rate(2s),http_req_cnt,http_req_rate(2s),gpc0,gpc0_rate(2s)
    tcp-request connection track-sc1 src table conn
    http-request track-sc0 src if !{ req.hdr(x-t) -m found }
    http-request track-sc0 req.hdr_ip(x-k) table lru if { req.hdr(x-t) lru }
    http-request track-sc0 req.hdr_ip(x-k) table search if { req.hdr(x-t) search }
    http-request track-sc0 req.hdr_ip(x-k) table held if { req.hdr(x-t) held }
    http-request track-sc0 req.hdr_ip(x-k) table batch if { req.hdr(x-t) batch }
    http-request sc-inc-gpc0(0) if { path /bump }
    http-request return status 200

frontend tc
    mode tcp
    bind 127.0.0.1:${tcp}
    tcp-request connection track-sc0 src table bytes
    default_backend echo

frontend th
    mode tcp
    bind 127.0.0.1:${hold}
    tcp-request connection track-sc0 src table held
    default_backend echo

backend echo
    mode tcp
    server s 127.0.0.1:${echo}

backend conn
    stick-table type ip size 100 expire 4s store conn_cnt,conn_cur,conn_rate(2s),sess_cnt,sess_rate(2s),http_req_cnt,http_req_rate(2s)

backend bytes
    stick-table type ip size 100 expire 10s store conn_cnt,conn_cur,bytes_in_cnt,bytes_in_rate(2s),bytes_out_cnt,bytes_out_rate(2s)

backend lru
    stick-table type ip size 3 store http_req_cnt

backend search
    stick-table type ip size 3 expire 1m store http_req_cnt

backend held
    stick-table type ip size 3 expire 2s store conn_cnt

backend batch
    stick-table type ip size 257 store http_req_cnt
`;
}

/** tslb's tables for the same configuration, on the wall clock (dates are passed explicitly anyway). */
function tables(text: string): Map<string, StickTable> {
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const out = new Map<string, StickTable>();
  for (const p of r.model.proxies) if (p.stickTable) out.set(p.name, new StickTable(p.name, p.stickTable, Date.now));
  return out;
}

function add(tb: StickTable, e: StickEntry, name: StickDataName, n: number, now: number): void {
  const s = tb.layout.slot(name);
  if (s) e.add(s, n, now);
}

/** What HAProxy does when a tracker starts on `key`: the entry (or none when full), held, connection counters, touched. */
function track(tb: StickTable, key: string, now: number): StickEntry | undefined {
  const e = tb.getOrCreate(key, now);
  if (!e) return undefined;
  tb.ref(e);
  add(tb, e, 'conn_cur', 1, now);
  add(tb, e, 'conn_cnt', 1, now);
  add(tb, e, 'conn_rate', 1, now);
  tb.touch(e, now);
  return e;
}

/** What HAProxy does when the tracking stream or session ends. */
function untrack(tb: StickTable, e: StickEntry | undefined, now: number): void {
  if (!e) return;
  if (tb.layout.slot('conn_cur')) {
    add(tb, e, 'conn_cur', -1, now);
    tb.touch(e, now);
  }
  tb.release(e, now);
}

/** One HTTP request on its own connection from `from`; resolves when HAProxy closed it. */
function httpRequest(port: number, from: string, path: string, headers: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: from }, () => s.write(`GET ${path} HTTP/1.1\r\nHost: h\r\n${headers}Connection: close\r\n\r\n`));
    s.on('data', () => {});
    s.on('error', reject);
    s.on('close', () => resolve());
  });
}

interface Line {
  readonly text: string;
  readonly exp: number;
  readonly rates: Map<string, number>;
}

/** A `show table` line without its pointer, its exp apart and the byte rates apart. */
function parseLine(line: string): Line {
  const words = line.replace(/^0x[0-9a-f]+: /, '').split(' ');
  const rates = new Map<string, number>();
  let exp = 0;
  const kept = words.filter((w) => {
    const [name = '', value = ''] = w.split('=');
    if (name === 'exp') exp = Number(value);
    else if (name.startsWith('bytes_') && name.includes('_rate(')) rates.set(name, Number(value));
    else return true;
    return false;
  });
  return { text: kept.join(' '), exp, rates };
}

// About 7 s alone; a loaded machine (the full suite in parallel) takes several times that.
t.setTimeout(120_000);

t.test('counts, rates, expiry and purges read alike in HAProxy and tslb', async (t) => {
  const echo = createServer((s) => {
    let got = 0;
    s.on('error', () => {});
    s.on('data', (c: Buffer) => {
      got += c.length;
      if (got >= REQUEST_BYTES) s.end(Buffer.alloc(RESPONSE_BYTES, 0x61));
    });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  t.teardown(() => echo.close());
  const echoAddress = echo.address();
  const echoPort = typeof echoAddress === 'object' && echoAddress ? echoAddress.port : 0;
  const [http, tcp, hold] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'tslb-stick-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const socket = join(dir, 'stats.sock');
  const text = sections(http, tcp, echoPort, hold);
  const hp = await startHaproxy(`global\n    stats socket ${socket} level admin\n${text}`, http);
  t.teardown(hp.stop);
  const mine = tables(text);
  // startHaproxy's readiness probe connected from 127.0.0.1 and was tracked in `conn`.
  await sleep(30);
  await cli(socket, 'clear table conn');
  const table = (name: string): StickTable => mine.get(name) as StickTable;

  /** An HTTP request through `fe` from `from`, mirrored into fe and conn. */
  async function request(from: string, path = '/'): Promise<void> {
    const start = Date.now();
    const conn = track(table('conn'), from, start);
    const c = table('conn');
    if (conn) {
      add(c, conn, 'sess_cnt', 1, start);
      add(c, conn, 'sess_rate', 1, start);
      add(c, conn, 'http_req_cnt', 1, start);
      add(c, conn, 'http_req_rate', 1, start);
    }
    const fe = table('fe');
    const e = track(fe, from, start);
    if (e) {
      add(fe, e, 'http_req_cnt', 1, start);
      add(fe, e, 'http_req_rate', 1, start);
      if (path === '/bump') {
        add(fe, e, 'gpc0', 1, start);
        add(fe, e, 'gpc0_rate', 1, start);
      }
    }
    await httpRequest(http, from, path, '');
    const end = Date.now();
    untrack(fe, e, end);
    untrack(c, conn, end);
  }

  /** A request whose `x-k` header is tracked in table `name` (only http_req_cnt or conn counters stored there). */
  async function keyed(name: string, key: string): Promise<void> {
    const now = Date.now();
    const c = table('conn');
    const conn = track(c, '127.0.0.1', now);
    if (conn) {
      add(c, conn, 'sess_cnt', 1, now);
      add(c, conn, 'sess_rate', 1, now);
      add(c, conn, 'http_req_cnt', 1, now);
      add(c, conn, 'http_req_rate', 1, now);
    }
    const tb = table(name);
    const e = track(tb, key, now);
    if (e) add(tb, e, 'http_req_cnt', 1, now);
    await httpRequest(http, '127.0.0.1', '/', `x-t: ${name}\r\nx-k: ${key}\r\n`);
    const end = Date.now();
    untrack(tb, e, end);
    untrack(c, conn, end);
    await sleep(5);
  }

  /** A TCP connection through `tc` from `from`: 100 bytes in, 250 out. */
  async function exchange(from: string): Promise<void> {
    const tb = table('bytes');
    const start = Date.now();
    const e = track(tb, from, start);
    let got = 0;
    await new Promise<void>((resolve, reject) => {
      const s = connect({ port: tcp, host: '127.0.0.1', localAddress: from }, () => s.write(Buffer.alloc(REQUEST_BYTES, 0x62)));
      s.on('data', (c: Buffer) => (got += c.length));
      s.on('error', reject);
      s.on('close', () => resolve());
    });
    const end = Date.now();
    if (e) {
      add(tb, e, 'bytes_in_cnt', REQUEST_BYTES, start);
      add(tb, e, 'bytes_in_rate', REQUEST_BYTES, start);
      add(tb, e, 'bytes_out_cnt', got, end);
      add(tb, e, 'bytes_out_rate', got, end);
    }
    untrack(tb, e, end);
  }

  /** Both `show table <name>` answers, line by line. */
  async function compare(name: string, what: string): Promise<void> {
    await sleep(30); // HAProxy ends its sessions
    const theirs = (await cli(socket, `show table ${name}`)).split('\n');
    const ours = showTable(table(name), { kind: 'all' }, Date.now());
    t.equal(ours.length, theirs.length, `${what}: ${name} has as many lines`);
    t.equal(ours[0], theirs[0], `${what}: ${name} header`);
    for (let i = 1; i < Math.max(ours.length, theirs.length); i++) {
      const a = parseLine(ours[i] ?? '');
      const b = parseLine(theirs[i] ?? '');
      t.equal(a.text, b.text, `${what}: ${name} line ${i}`);
      t.ok(Math.abs(a.exp - b.exp) <= 100, `${what}: ${name} line ${i} exp ${a.exp} ~ ${b.exp}`);
      for (const [rate, v] of b.rates) {
        // At most three exchanges' bytes in a period, 50 ms of skew on its weight.
        const slack = Math.ceil((3 * RESPONSE_BYTES * 50) / Number(/\((\d+)\)/.exec(rate)?.[1]));
        const ours = a.rates.get(rate) ?? NaN;
        t.ok(Math.abs(ours - v) <= slack, `${what}: ${name} line ${i} ${rate} ${ours} ~ ${v}`);
      }
    }
  }

  t.test('counters and rates over three periods', async (t) => {
    const t0 = Date.now();
    for (const path of ['/', '/bump', '/']) await request('127.0.0.2', path);
    await request('127.0.0.3');
    for (let i = 0; i < 3; i++) await exchange('127.0.0.4');
    for (const name of ['fe', 'conn', 'bytes']) await compare(name, 'first period');
    t.ok(Date.now() - t0 < 1000, 'the first checks ran within the first second');

    await sleep(t0 + 2500 - Date.now());
    await request('127.0.0.2', '/bump');
    await request('127.0.0.2');
    await exchange('127.0.0.4');
    await sleep(t0 + 3000 - Date.now());
    // 127.0.0.2: 2 + floor(3 × ~1000 / 2000); 127.0.0.3: its one request reads as 1.
    for (const name of ['fe', 'conn', 'bytes']) await compare(name, 'second period');
    t.match((await cli(socket, 'show table fe')).split('\n')[1], / http_req_cnt=5 http_req_rate\(2000\)=3$/, 'the weighted rate');

    await sleep(t0 + 4700 - Date.now());
    // 127.0.0.2: floor(2 × ~1300 / 2000); 127.0.0.3 left `conn` (expire 4s).
    for (const name of ['fe', 'conn', 'bytes']) await compare(name, 'third period');
    t.equal(table('conn').lookup('127.0.0.3'), undefined, 'expired');
  });

  t.test('a full table purges the least recently touched entry', async (t) => {
    for (const k of ['1.0.0.1', '1.0.0.2', '1.0.0.3', '1.0.0.1', '1.0.0.4']) await keyed('lru', k);
    await compare('lru', 'D');
    await keyed('lru', '1.0.0.5');
    await compare('lru', 'E');
    await keyed('lru', '1.0.0.1');
    await keyed('lru', '1.0.0.6');
    await compare('lru', 'F');
    t.strictSame(table('lru').sorted().map((e) => e.key), ['1.0.0.1', '1.0.0.5', '1.0.0.6']);
  });

  t.test('the purge gives up after two visits of touched entries', async (t) => {
    for (const k of ['1.0.0.1', '1.0.0.2', '1.0.0.3', '1.0.0.1', '1.0.0.2', '1.0.0.4']) await keyed('search', k);
    await compare('search', 'refused');
    t.equal(table('search').lookup('1.0.0.4'), undefined);
    await keyed('search', '1.0.0.5');
    await compare('search', 'then purged');
  });

  t.test('held entries are not purged', async (t) => {
    const held: Socket[] = [];
    const mineHeld: (StickEntry | undefined)[] = [];
    for (const from of ['127.0.0.2', '127.0.0.3']) {
      mineHeld.push(track(table('held'), from, Date.now()));
      held.push(
        await new Promise<Socket>((resolve) => {
          const s = connect({ port: hold, host: '127.0.0.1', localAddress: from }, () => resolve(s));
        }),
      );
      await sleep(20); // HAProxy accepts (and tracks) when it polls, not when the client is connected
    }
    t.teardown(() => held.forEach((s) => s.destroy()));
    await keyed('held', '9.9.9.9');
    await keyed('held', '9.9.9.8');
    await compare('held', 'two held');
    t.equal(table('held').lookup('9.9.9.8'), undefined, 'refused');
    held[1]?.destroy();
    await sleep(30);
    untrack(table('held'), mineHeld[1], Date.now());
    await keyed('held', '9.9.9.6');
    await compare('held', 'one released');
    held[0]?.destroy();
    await sleep(30);
    untrack(table('held'), mineHeld[0], Date.now());
    await compare('held', 'none held');
  });

  t.test('a purge removes (size >> 8) + 1 entries', async (t) => {
    for (let i = 0; i < 258; i++) await keyed('batch', `2.0.${i >> 8}.${i & 255}`);
    await compare('batch', '258 keys');
    t.equal(table('batch').used, 256);
  });
});
