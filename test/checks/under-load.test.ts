/**
 * A server killed under load (issue 4, "Done when"): three HTTP servers
 * behind `balance roundrobin` with `check inter 100ms fall 2 rise 2`,
 * `retries 2` and `option redispatch`, twenty keep-alive clients sending
 * requests back to back; one server dies mid-run (listener closed, every
 * connection reset) and comes back on the same port later.
 *
 * Measured, under tslb and under the real HAProxy 2.6 with the same
 * configuration, servers and clients:
 * - the time from the kill until the server is marked DOWN — at most the
 *   wait for its next check (≤ inter) plus fall − 1 more checks at fastinter
 *   (manual 5.2 "fall", "fastinter"); the Done-when bound is inter × fall +
 *   one inter, plus MARGIN_MS for timers of a process that also runs the
 *   clients and the servers;
 * - failed requests: only those in progress on the server when it died may
 *   fail (a request sent and unanswered is not retried: manual 4.2 "retries"
 *   covers connection failures; HAProxy closes the client connection without
 *   an answer when it was not the connection's first request); a request
 *   that could not connect is redispatched (manual 4.2 "option redispatch"),
 *   at once and without the turn-around delay since roundrobin does not care
 *   which server it gets while others are UP — so every request sent after
 *   the kill gets its 200, none waits, and after DOWN none even tries the
 *   dead server;
 * - the time from the restart until the server is UP again: at most
 *   downinter + (rise − 1) × fastinter, plus MARGIN_MS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { RuntimeServer } from '../../lib/backend/server.js';
import { captureProcessLog } from '../../lib/log/process-log.js';
import { cli } from '../helpers/balancer-differential.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { LoadBackend, outcomes, runLoad, type LoadResult } from '../helpers/load.js';
import { freePort } from '../helpers/net.js';
import { startRuntime } from '../helpers/runtime.js';

t.setTimeout(40_000);

const INTER = 100;
const FALL = 2;
const RISE = 2;
/** Timer lateness allowed: the test process runs the twenty clients and the servers too. */
const MARGIN_MS = 100;
/** `timeout connect`, hence the turn-around delay before a retry on the same server. */
const CONNECT_MS = 200;
const CLIENTS = 20;
const KILL_AT = 1000;
const RESTART_AT = 2200;
const END_AT = 3400;

const config = (port: number, ports: readonly number[], socket?: string): string => `
global
${socket ? `    stats socket ${socket} level admin` : ''}
defaults
    mode http
    timeout connect ${CONNECT_MS}ms
    timeout client 5s
    timeout server 5s
    retries 2
    option redispatch
listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    option httpchk GET /health
${ports.map((p, i) => `    server s${i + 1} 127.0.0.1:${p} check inter ${INTER}ms fall ${FALL} rise ${RISE}`).join('\n')}
`;

interface Run {
  readonly results: LoadResult[];
  /** When s2 was killed, marked DOWN, restarted, marked UP (ms since the load started). */
  readonly kill: number;
  readonly down: number;
  readonly restart: number;
  readonly up: number;
  /** Requests s2 had read and not answered when it died, and its connections then. */
  readonly unanswered: number;
  readonly connections: number;
  /** Connection retries and redispatches the proxy counted on s2. */
  readonly retries: number;
  readonly redispatches: number;
}

/**
 * Runs the load against the proxy on `port`; `watch` subscribes `mark` to
 * s2's state changes (NaN when one did not happen); `counters` reads the
 * proxy's retry counters of s2 at the end.
 */
async function scenario(
  backends: readonly LoadBackend[],
  port: number,
  watch: (mark: (state: 'down' | 'up') => void) => void,
  counters: () => Promise<{ retries: number; redispatches: number }>,
): Promise<Run> {
  const s2 = backends[1] as LoadBackend;
  // Let the first (spread) checks pass before the load starts.
  await new Promise((r) => setTimeout(r, 3 * INTER));
  const origin = performance.now();
  const seen = { down: NaN, up: NaN };
  watch((state) => (seen[state] = performance.now() - origin));
  let killed = { unanswered: 0, connections: 0 };
  let killedAt = NaN;
  let restart = NaN;
  const kill = setTimeout(() => {
    killedAt = performance.now() - origin;
    killed = s2.kill();
  }, KILL_AT);
  const back = setTimeout(() => {
    restart = performance.now() - origin;
    void s2.start();
  }, RESTART_AT);
  const results = await runLoad(port, CLIENTS, END_AT, origin);
  clearTimeout(kill);
  clearTimeout(back);
  return { results, kill: killedAt, down: seen.down, restart, up: seen.up, ...killed, ...(await counters()) };
}

async function threeBackends(t: Test): Promise<LoadBackend[]> {
  const backends = await Promise.all(['s1', 's2', 's3'].map((n) => new LoadBackend(n, 2).start()));
  t.teardown(() => void backends.forEach((b) => b.kill()));
  return backends;
}

async function underTslb(t: Test): Promise<Run> {
  const backends = await threeBackends(t);
  const port = await freePort();
  // The DOWN / UP lines are HAProxy's (differential.test.ts): kept off the test output.
  const log = captureProcessLog();
  t.teardown(log.restore);
  const rt = await startRuntime(t, config(port, backends.map((b) => b.port)));
  const s2 = rt.backends.get('l')?.servers[1] as RuntimeServer;
  return scenario(
    backends,
    port,
    (mark) => s2.onChange((c) => mark(c.server.health === 'down' ? 'down' : 'up')),
    async () => ({ retries: s2.counters.retries, redispatches: s2.counters.redispatches }),
  );
}

async function underHaproxy(t: Test): Promise<Run> {
  const backends = await threeBackends(t);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tslb-under-load-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const socket = join(dir, 'stats.sock');
  const hp = await startHaproxy(config(port, backends.map((b) => b.port), socket), port);
  t.teardown(hp.stop);
  return scenario(
    backends,
    port,
    // HAProxy writes each state change on stderr as it happens (`-db`).
    (mark) =>
      hp.child.stderr?.on('data', (c: Buffer) => {
        const state = /Server l\/s2 is (DOWN|UP)/.exec(c.toString())?.[1];
        if (state) mark(state === 'DOWN' ? 'down' : 'up');
      }),
    async () => {
      // show stat CSV: pxname,svname,...; wretr and wredis by their header names.
      const csv = (await cli(socket, 'show stat')).split('\n');
      const header = (csv[0] ?? '').replace(/^# /, '').split(',');
      const row = (csv.find((l) => l.startsWith('l,s2,')) ?? '').split(',');
      const field = (name: string): number => Number(row[header.indexOf(name)] ?? NaN);
      return { retries: field('wretr'), redispatches: field('wredis') };
    },
  );
}

interface Measured {
  readonly requests: number;
  readonly leftRotationMs: number;
  readonly returnedMs: number;
  readonly failed: number;
  readonly failedOutcomes: Record<string, number>;
  readonly unansweredByS2: number;
  readonly connectionsOfS2: number;
  readonly retries: number;
  readonly redispatches: number;
  /** The longest request sent between the kill and DOWN (those that met the dead server included). */
  readonly slowestBetweenKillAndDownMs: number;
}

const served = (r: LoadResult): boolean => /^s\d$/.test(r.outcome);

/** What the run shows, for the assertions and the report. */
function measure(run: Run): Measured {
  const failed = run.results.filter((r) => !served(r));
  const window = run.results.filter((r) => r.start >= run.kill && r.start < run.down);
  return {
    requests: run.results.length,
    leftRotationMs: Math.round(run.down - run.kill),
    returnedMs: Math.round(run.up - run.restart),
    failed: failed.length,
    failedOutcomes: outcomes(failed),
    unansweredByS2: run.unanswered,
    connectionsOfS2: run.connections,
    retries: run.retries,
    redispatches: run.redispatches,
    slowestBetweenKillAndDownMs: Math.round(Math.max(...window.map((r) => r.end - r.start))),
  };
}

/** How long after the kill a request may still reach one of s2's dying connections. */
const KILL_RACE_MS = 10;

function checkRun(t: Test, who: string, run: Run): void {
  const m = measure(run);
  t.comment(`${who}: ${JSON.stringify(m)}`);
  const leaveBound = INTER * FALL + INTER + MARGIN_MS;
  t.ok(m.leftRotationMs <= leaveBound, `${who}: s2 left rotation ${m.leftRotationMs} ms after the kill (≤ ${leaveBound} ms)`);
  const returnBound = INTER + (RISE - 1) * INTER + MARGIN_MS;
  t.ok(m.returnedMs <= returnBound, `${who}: s2 back in rotation ${m.returnedMs} ms after its restart (≤ ${returnBound} ms)`);

  const failed = run.results.filter((r) => !served(r));
  // A request sent in the few ms after the kill can still be written to one
  // of s2's connections before the proxy has seen them close (HAProxy too):
  // it was in flight at the kill as far as the proxy can know.
  t.ok(
    failed.every((r) => r.start < run.kill + KILL_RACE_MS && r.end >= run.kill),
    `${who}: only requests in progress at the kill failed: ${JSON.stringify(failed.map((r) => [Math.round(r.start), Math.round(r.end), r.outcome]))}`,
  );
  t.ok(m.failed <= run.connections, `${who}: at most one request per connection s2 had failed (${m.failed} ≤ ${run.connections}; ${run.unanswered} read and unanswered)`);
  t.strictSame(Object.keys(m.failedOutcomes), m.failed > 0 ? ['error closed'] : [], `${who}: closed without an answer, no 502 (not the first request of their connection)`);
  // s2 is alive again from its restart (the proxy may use it a moment before this process reads HAProxy's UP line).
  const afterDown = run.results.filter((r) => r.start >= run.down);
  const wrong = afterDown.filter((r) => !served(r) || (r.outcome === 's2' && r.start < run.restart));
  t.strictSame(wrong, [], `${who}: after DOWN every request got a 200 from a live server (${afterDown.length} requests)`);
  t.ok(m.redispatches > 0 && m.retries === 0, `${who}: requests that could not connect to s2 were redispatched at once, never retried on s2`);
  t.ok(m.slowestBetweenKillAndDownMs < CONNECT_MS, `${who}: no request waited the turn-around delay (slowest ${m.slowestBetweenKillAndDownMs} ms < ${CONNECT_MS} ms)`);
  const s2After = run.results.filter((r) => r.start >= run.up && r.outcome === 's2').length;
  t.ok(s2After > 0, `${who}: s2 serves again after its restart (${s2After} requests)`);
}

t.test('tslb: a server killed under load leaves rotation, no request fails after it, it comes back', async (t) => {
  checkRun(t, 'tslb', await underTslb(t));
});

t.test('HAProxy 2.6, the same run', async (t) => {
  checkRun(t, 'haproxy', await underHaproxy(t));
});
