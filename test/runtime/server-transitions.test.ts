/**
 * What happens around a server's state changes (manual 5.2), under tslb and
 * under the real HAProxy 2.6 with the same configuration and traffic:
 *
 * - `slowstart`: a server coming back from DOWN gets a growing share —
 *   weight × ⌊(16 × s + slowstart) / slowstart⌋ / 16 in second s — and its
 *   full share after `slowstart`; a server never slows down at start.
 * - `on-marked-down shutdown-sessions`: the connections using a server that
 *   goes DOWN are closed at once (without it they go on).
 * - `on-marked-up shutdown-backup-sessions`: the connections of backup
 *   servers are closed when an active server comes back.
 * - with `option redispatch`, requests waiting in the queue of a server that
 *   goes DOWN are balanced again ("1 requeued" in the DOWN line); without
 *   it they stay in its queue ("1 remaining in queue"), which the server
 *   still serves as its connections end.
 */
import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import type { RuntimeServer } from '../../lib/backend/server.js';
import { captureProcessLog } from '../../lib/log/process-log.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { LoadBackend, runLoad, type LoadResult } from '../helpers/load.js';
import { freePort, tcpServer } from '../helpers/net.js';
import { startRuntime } from '../helpers/runtime.js';

t.setTimeout(120_000);

type Who = 'haproxy' | 'tslb';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `text` (listening on `port`) under `who`; `onState` hears each
 * "Server l/<name> is UP|DOWN" as it happens — from HAProxy's stderr, or
 * tslb's server change events — and `lines` returns the process log lines.
 */
async function run(t: Test, who: Who, text: string, port: number, onState: (server: string, state: 'UP' | 'DOWN') => void): Promise<{ lines: () => string[]; servers?: Map<string, RuntimeServer> }> {
  if (who === 'haproxy') {
    const hp = await startHaproxy(text, port);
    t.teardown(hp.stop);
    hp.child.stderr?.on('data', (c: Buffer) => {
      for (const m of c.toString().matchAll(/Server l\/(\w+) is (UP|DOWN)/g)) onState(m[1] as string, m[2] as 'UP' | 'DOWN');
    });
    return { lines: () => hp.stderr().split('\n').filter((l) => l.includes('Server l/')) };
  }
  const log = captureProcessLog();
  t.teardown(log.restore);
  const rt = await startRuntime(t, text);
  const servers = new Map((rt.backends.get('l')?.servers ?? []).map((s) => [s.name, s]));
  for (const s of servers.values()) s.onChange((c) => c.was.health !== c.server.health && onState(s.name, c.server.health === 'up' ? 'UP' : 'DOWN'));
  return { lines: () => log.lines.map((l) => l.msg).filter((m) => m.includes('Server l/')), servers };
}

/** Resolves when `server` reaches `state` (the listener registered by run()). */
function waiter(): { on: (server: string, state: 'UP' | 'DOWN') => void; until: (server: string, state: 'UP' | 'DOWN', ms?: number) => Promise<number> } {
  const seen: { server: string; state: string; at: number }[] = [];
  const waiting: { server: string; state: string; resolve: (at: number) => void }[] = [];
  return {
    on(server, state) {
      const at = performance.now();
      seen.push({ server, state, at });
      for (const w of waiting.filter((w) => w.server === server && w.state === state)) w.resolve(at);
    },
    until(server, state, ms = 3000) {
      const since = performance.now();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${server} not ${state} within ${ms} ms`)), ms);
        waiting.push({
          server,
          state,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        });
        const already = seen.find((s) => s.server === server && s.state === state && s.at >= since);
        if (already) {
          clearTimeout(timer);
          resolve(already.at);
        }
      });
    },
  };
}

// --- slowstart ---------------------------------------------------------------

const SLOWSTART_S = 4;

/** b's share in second k after it came back, from the formula (weights 10 and 10). */
function expectedShare(k: number): number {
  const w = k >= SLOWSTART_S ? 16 : Math.floor((16 * k + SLOWSTART_S) / SLOWSTART_S);
  return (10 * w) / (10 * 16 + 10 * w);
}

const slowstartConfig = (port: number, a: number, b: number): string => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    server a 127.0.0.1:${a} weight 10 check inter 100ms fall 1 rise 1
    server b 127.0.0.1:${b} weight 10 check inter 100ms fall 1 rise 1 slowstart ${SLOWSTART_S}s
`;

/** b's share of the requests sent in each second after it came back (from 150 ms into the second to 50 ms before its end), and in the first second after start. */
async function slowstartShares(t: Test, who: Who): Promise<{ atStart: number; seconds: number[] }> {
  const [a, b] = await Promise.all([new LoadBackend('a').start(), new LoadBackend('b').start()]);
  t.teardown(() => void [a, b].forEach((s) => s.kill()));
  const port = await freePort();
  const w = waiter();
  await run(t, who, slowstartConfig(port, a.port, b.port), port, w.on);
  const share = (results: readonly LoadResult[], from: number, to: number): number => {
    const window = results.filter((r) => r.start >= from && r.start < to && /^[ab]$/.test(r.outcome));
    return window.filter((r) => r.outcome === 'b').length / window.length;
  };
  const first = await runLoad(port, 4, 800);
  b.kill();
  await w.until('b', 'DOWN');
  const origin = performance.now();
  await b.start();
  const load = runLoad(port, 4, (SLOWSTART_S + 1.5) * 1000, origin);
  const up = (await w.until('b', 'UP')) - origin;
  const results = await load;
  const seconds = [];
  for (let k = 0; k <= SLOWSTART_S; k++) seconds.push(share(results, up + k * 1000 + 150, up + (k + 1) * 1000 - 50));
  return { atStart: share(first, 100, 800), seconds };
}

t.test('slowstart ramps a returning server up second by second, as HAProxy', async (t) => {
  const measured = {} as Record<Who, { atStart: number; seconds: number[] }>;
  for (const who of ['haproxy', 'tslb'] as const) await t.test(who, async (t) => void (measured[who] = await slowstartShares(t, who)));
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  t.comment(`b's share per second after it came back (expected ${[0, 1, 2, 3, 4].map((k) => pct(expectedShare(k))).join(', ')}):`);
  for (const who of ['haproxy', 'tslb'] as const) t.comment(`  ${who}: ${measured[who].seconds.map(pct).join(', ')}; at start ${pct(measured[who].atStart)}`);
  for (const who of ['haproxy', 'tslb'] as const) {
    const m = measured[who];
    t.ok(Math.abs(m.atStart - 0.5) < 0.05, `${who}: no slowstart at start (${pct(m.atStart)})`);
    m.seconds.forEach((s, k) => t.ok(Math.abs(s - expectedShare(k)) < 0.06, `${who}: second ${k}: ${pct(s)} vs ${pct(expectedShare(k))}`));
  }
});

// --- on-marked-down / on-marked-up --------------------------------------------

/** A TCP server that keeps every connection open and echoes; `checks` is a separate port the health check uses, opened and closed at will. */
async function longLived(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = await tcpServer((sock) => sock.pipe(sock));
  return { port: s.port, close: s.close };
}

/** A port that accepts connections (health checks pass) until closed, and can reopen. */
class CheckPort {
  port = 0;
  #close: (() => Promise<void>) | undefined;
  async open(): Promise<this> {
    const s = await tcpServer((sock) => sock.destroy(), this.port);
    this.port = s.port;
    this.#close = s.close;
    return this;
  }
  async shut(): Promise<void> {
    await this.#close?.();
    this.#close = undefined;
  }
}

/** Opens a TCP connection through the proxy, checks it echoes, and resolves `closed` when the proxy ends it. */
async function session(port: number): Promise<{ closedWithin: (ms: number) => Promise<boolean>; sock: Socket }> {
  const sock = connect({ port, host: '127.0.0.1' });
  sock.on('error', () => {});
  let closed = false;
  const onClose = new Promise<void>((r) => sock.once('close', () => ((closed = true), r())));
  await new Promise<void>((resolve, reject) => {
    sock.once('data', () => resolve());
    sock.once('close', () => reject(new Error('closed before echoing')));
    sock.write('ping');
  });
  return {
    sock,
    closedWithin: async (ms) => {
      await Promise.race([onClose, sleep(ms)]);
      return closed;
    },
  };
}

const tcpConfig = (port: number, servers: string): string => `
defaults
    mode tcp
    timeout connect 1s
    timeout client 10s
    timeout server 10s
listen l
    bind 127.0.0.1:${port}
${servers}
`;

t.test('on-marked-down shutdown-sessions closes the sessions of a server going DOWN', async (t) => {
  for (const who of ['haproxy', 'tslb'] as const) {
    for (const option of [true, false]) {
      await t.test(`${who}, ${option ? 'with' : 'without'} the option`, async (t) => {
        const echo = await longLived();
        t.teardown(echo.close);
        const check = await new CheckPort().open();
        t.teardown(() => check.shut());
        const port = await freePort();
        const w = waiter();
        const extra = option ? ' on-marked-down shutdown-sessions' : '';
        await run(t, who, tcpConfig(port, `    server s 127.0.0.1:${echo.port} check port ${check.port} inter 100ms fall 1 rise 1${extra}`), port, w.on);
        const s = await session(port);
        t.teardown(() => s.sock.destroy());
        await check.shut();
        await w.until('s', 'DOWN');
        t.equal(await s.closedWithin(300), option, option ? 'closed when the server went DOWN' : 'still open');
      });
    }
  }
});

t.test('on-marked-up shutdown-backup-sessions closes the backup sessions when an active server returns', async (t) => {
  for (const who of ['haproxy', 'tslb'] as const) {
    await t.test(who, async (t) => {
      const [active, backup] = await Promise.all([longLived(), longLived()]);
      t.teardown(active.close);
      t.teardown(backup.close);
      const check = await new CheckPort().open();
      t.teardown(() => check.shut());
      const port = await freePort();
      const w = waiter();
      await run(
        t,
        who,
        tcpConfig(
          port,
          `    server a 127.0.0.1:${active.port} check port ${check.port} inter 100ms fall 1 rise 1 on-marked-up shutdown-backup-sessions
    server b 127.0.0.1:${backup.port} backup`,
        ),
        port,
        w.on,
      );
      await check.shut();
      await w.until('a', 'DOWN');
      const s = await session(port);
      t.teardown(() => s.sock.destroy());
      t.equal(await s.closedWithin(200), false, 'the backup session lives while the active server is DOWN');
      await check.open();
      await w.until('a', 'UP');
      t.equal(await s.closedWithin(300), true, 'closed when the active server came back');
    });
  }
});

// --- requests queued on a server going DOWN ---------------------------------------

const queueConfig = (port: number, s1: number, s2: number, check: number, redispatch: boolean): string => `
defaults
    mode http
    timeout connect 1s
    timeout queue 1500ms
    timeout client 5s
    timeout server 5s
${redispatch ? '    option redispatch' : ''}
listen l
    bind 127.0.0.1:${port}
    cookie SRV insert indirect
    server s1 127.0.0.1:${s1} cookie s1 maxconn 1 check port ${check} inter 100ms fall 1 rise 1
    server s2 127.0.0.1:${s2} cookie s2
`;

/** One request with a cookie naming s1, on its own connection: the status and the server that answered. */
function cookieRequest(port: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' });
    let got = '';
    sock.on('data', (c: Buffer) => (got += c.toString('latin1')));
    sock.on('error', () => {});
    sock.on('close', () => {
      const status = got.slice(9, 12);
      resolve(status === '200' ? got.slice(got.indexOf('\r\n\r\n') + 4) : `status ${status}`);
    });
    sock.write('GET / HTTP/1.1\r\nHost: h\r\nCookie: SRV=s1\r\nConnection: close\r\n\r\n');
  });
}

t.test('requests waiting for a server going DOWN are balanced again with option redispatch', async (t) => {
  for (const who of ['haproxy', 'tslb'] as const) {
    for (const redispatch of [true, false]) {
      await t.test(`${who}, ${redispatch ? 'with' : 'without'} option redispatch`, async (t) => {
        const [s1, s2] = await Promise.all([new LoadBackend('s1', 800).start(), new LoadBackend('s2').start()]);
        t.teardown(() => void [s1, s2].forEach((s) => s.kill()));
        const check = await new CheckPort().open();
        t.teardown(() => check.shut());
        const port = await freePort();
        const w = waiter();
        const proxy = await run(t, who, queueConfig(port, s1.port, s2.port, check.port, redispatch), port, w.on);
        // The first request holds s1's only slot for 800 ms; the second waits in s1's queue.
        const busy = cookieRequest(port);
        await sleep(100);
        const queued = cookieRequest(port);
        await sleep(100);
        await check.shut();
        await w.until('s1', 'DOWN');
        t.equal(await busy, 's1', 'the request in progress completes');
        // Without redispatch it stays in s1's queue, which s1 still serves when its slot frees (before `timeout queue`).
        t.equal(await queued, redispatch ? 's2' : 's1', redispatch ? 'the queued request went to s2' : 'the queued request waited for s1');
        const down = proxy.lines().find((l) => l.includes('is DOWN')) ?? '';
        t.match(down, redispatch ? /1 sessions active, 1 requeued, 0 remaining in queue/ : /1 sessions active, 0 requeued, 1 remaining in queue/, down);
      });
    }
  }
});
