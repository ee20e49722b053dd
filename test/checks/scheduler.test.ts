/**
 * Checks in the running proxy: a server marked DOWN leaves rotation and
 * comes back after `rise` good checks, every state change is logged,
 * intervals follow inter / fastinter / downinter, agents drain servers, and
 * stopping leaves no check running.
 */
import { createServer, type Server } from 'node:http';
import t from 'tap';
import { request } from 'undici';
import { HealthCounter } from '../../lib/checks/health.js';
import { captureProcessLog } from '../../lib/log/process-log.js';
import { until } from '../helpers/checks.js';
import { freePort, tcpServer } from '../helpers/net.js';
import { startRuntime, type Teardown } from '../helpers/runtime.js';

t.setTimeout(30_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An HTTP server on a fixed port that can be stopped (connections refused) and started again; answers its name. */
async function switchable(t: Teardown, name: string): Promise<{ port: number; up: () => Promise<void>; down: () => Promise<void>; checks: { at: number; ok: boolean }[]; healthy: { ok: boolean } }> {
  const port = await freePort();
  const checks: { at: number; ok: boolean }[] = [];
  const healthy = { ok: true };
  let srv: Server | undefined;
  const up = async (): Promise<void> => {
    srv = createServer((req, res) => {
      if (req.url === '/health') {
        checks.push({ at: Date.now(), ok: healthy.ok });
        res.writeHead(healthy.ok ? 200 : 503, { connection: 'close' });
        res.end();
        return;
      }
      res.end(name);
    });
    srv.keepAliveTimeout = 50;
    await new Promise<void>((r) => srv?.listen(port, '127.0.0.1', r));
  };
  const down = async (): Promise<void> => {
    const s = srv;
    srv = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  };
  await up();
  t.teardown(down);
  return { port, up, down, checks, healthy };
}

async function get(port: number): Promise<{ status: number; body: string }> {
  const r = await request(`http://127.0.0.1:${port}/`, { reset: true });
  return { status: r.statusCode, body: await r.body.text() };
}

async function names(port: number, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await get(port);
    out.push(r.status === 200 ? r.body : String(r.status));
  }
  return out;
}

/** Starts tslb with a `listen l` on a free port holding `lines` (servers, options). */
async function listen(t: Teardown, lines: string, mode: 'http' | 'tcp' = 'http'): Promise<{ rt: Awaited<ReturnType<typeof startRuntime>>; port: number }> {
  const port = await freePort();
  const rt = await startRuntime(
    t,
    `
defaults
    mode ${mode}
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen l
    bind 127.0.0.1:${port}
${lines}
`,
  );
  return { rt, port };
}

const normalise = (msg: string): string => msg.replace(/check duration: \d+ms/, 'check duration: Nms');

t.test('a server marked DOWN leaves rotation within inter × fall, returns after rise; none left → 503', async (t) => {
  const log = captureProcessLog();
  t.teardown(log.restore);
  const a = await switchable(t, 'a');
  const b = await switchable(t, 'b');
  const { rt, port } = await listen(
    t,
    `    balance roundrobin
    server a 127.0.0.1:${a.port} check inter 100 fall 2 rise 2
    server b 127.0.0.1:${b.port} check inter 100 fall 2 rise 2`,
  );
  await sleep(150);
  t.same((await names(port, 4)).sort(), ['a', 'a', 'b', 'b']);

  await a.down();
  const took = await until(() => rt.backends.get('l')?.servers[0]?.health === 'down', 1000);
  t.ok(took <= 100 * 2 + 100 + 50, `left rotation after ${took}ms (inter × fall + inter)`);
  t.same(await names(port, 4), ['b', 'b', 'b', 'b']);
  t.same(log.lines.map((l) => ({ ...l, msg: normalise(l.msg) })), [
    {
      level: 'warning',
      msg: 'Server l/a is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: Nms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    },
  ]);

  await b.down();
  await until(() => rt.backends.get('l')?.servers[1]?.health === 'down', 1000);
  t.same(await names(port, 2), ['503', '503']);
  t.equal(log.lines.at(-1)?.msg, "backend 'l' has no server available!");
  t.equal(log.lines.at(-1)?.level, 'alert');

  await a.up();
  const back = await until(() => rt.backends.get('l')?.servers[0]?.health === 'up', 1000);
  t.ok(back >= 100, `back after ${back}ms: rise 2 needs two good checks`);
  t.same(await names(port, 3), ['a', 'a', 'a']);
  t.match(normalise(log.lines.at(-1)?.msg ?? ''), 'Server l/a is UP, reason: Layer4 check passed, check duration: Nms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.');
  t.equal(rt.backends.get('l')?.servers[0]?.lastCheck?.code, 'L4OK');
});

t.test('intervals: inter while UP, fastinter while changing, downinter while DOWN', async (t) => {
  const log = captureProcessLog();
  t.teardown(log.restore);
  const a = await switchable(t, 'a');
  const { rt } = await listen(
    t,
    `    option httpchk GET /health
    server a 127.0.0.1:${a.port} check inter 300 fastinter 60 downinter 150 fall 3 rise 2`,
  );
  await sleep(350);
  a.healthy.ok = false;
  await sleep(700);
  a.healthy.ok = true;
  await sleep(700);
  rt.hardStop();
  // Replay the state machine over the results the server gave: each gap is the interval of the state after the previous check.
  const counter = new HealthCounter(2, 3);
  const gaps: string[] = [];
  for (let i = 0; i + 1 < a.checks.length; i++) {
    counter.record((a.checks[i] as { ok: boolean }).ok);
    const want = counter.settled === 'up' ? 300 : counter.settled === 'down' ? 150 : 60;
    const gap = (a.checks[i + 1]?.at ?? 0) - (a.checks[i]?.at ?? 0);
    gaps.push(`${want}:${Math.abs(gap - want) <= 40 ? 'ok' : gap}`);
  }
  t.ok(gaps.length >= 8, `${gaps.length} gaps`);
  t.same(
    gaps.filter((g) => !g.endsWith(':ok')),
    [],
    gaps.join(' '),
  );
  t.ok(gaps.some((g) => g.startsWith('60')) && gaps.some((g) => g.startsWith('150')) && gaps.some((g) => g.startsWith('300')), 'all three intervals seen');
  t.same(
    log.lines.map((l) => normalise(l.msg).replace(/, code: \d+, info: "[^"]*"/, ', code: X')),
    [
      'Server l/a is DOWN, reason: Layer7 wrong status, code: X, check duration: Nms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
      "backend 'l' has no server available!",
      'Server l/a is UP, reason: Layer7 check passed, code: 200, check duration: Nms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
    ],
  );
});

t.test('first checks are spread over the interval; stopping ends every check', async (t) => {
  const conns: { at: number; port: number }[] = [];
  const servers = await Promise.all([0, 1, 2, 3].map(() => tcpServer(() => {})));
  for (const s of servers) {
    s.server.on('connection', () => conns.push({ at: Date.now(), port: s.port }));
    t.teardown(s.close);
  }
  const start = Date.now();
  const { rt } = await listen(
    t,
    servers.map((s, i) => `    server s${i} 127.0.0.1:${s.port} check inter 400 fall 1 rise 1`).join('\n'),
    'tcp',
  );
  await sleep(350);
  const firsts = servers.map((s) => (conns.find((c) => c.port === s.port)?.at ?? Infinity) - start);
  t.ok(firsts.every((ms, i) => ms >= i * 100 - 20 && ms < i * 100 + 80), `first checks at ${firsts.join(', ')}ms, spread by 100ms`);
  rt.hardStop();
  const n = conns.length;
  await sleep(500);
  t.equal(conns.length, n, 'no check after stop');
});

t.test('agent-check: drain takes a server out, ready puts it back, down marks it DOWN', async (t) => {
  const log = captureProcessLog();
  t.teardown(log.restore);
  const a = await switchable(t, 'a');
  const b = await switchable(t, 'b');
  let say = 'ready\n';
  const agent = await tcpServer((s) => s.end(say));
  t.teardown(agent.close);
  const { rt, port } = await listen(
    t,
    `    server a 127.0.0.1:${a.port} agent-check agent-port ${agent.port} agent-inter 50
    server b 127.0.0.1:${b.port}`,
  );
  const s = rt.backends.get('l')?.servers[0];
  say = 'drain\n';
  await until(() => s?.agentAdmin === 'drain', 1000);
  t.same(await names(port, 3), ['b', 'b', 'b']);
  say = 'ready\n';
  await until(() => s?.agentAdmin === 'ready', 1000);
  t.same((await names(port, 4)).sort(), ['a', 'a', 'b', 'b']);
  say = 'down\n';
  await until(() => s?.health === 'down', 1000);
  t.same(await names(port, 2), ['b', 'b']);
  say = 'up 50% maxconn:7\n';
  await until(() => s?.health === 'up', 1000);
  t.equal(s?.weight, 0, '50% of weight 1');
  t.equal(s?.maxconn, 7);
  t.same(
    log.lines.map((l) => normalise(l.msg)),
    [
      'Server l/a enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
      'Server l/a is UP (leaving forced drain).',
      'Server l/a is DOWN, reason: Layer7 wrong status, code: 0, info: "via agent : down", check duration: Nms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
      'Server l/a is UP, reason: Layer7 check passed, code: 0, info: "via agent : up", check duration: Nms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
    ],
  );
});
