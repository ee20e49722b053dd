/**
 * TCP mode end to end: real sockets, a backend on port 0, tslb's runtime in
 * process. Bytes pass both ways unchanged, half-close is passed on, counters
 * add up, a dead server ends the connection, maxconn makes extra clients
 * wait instead of refusing them.
 */
import { connect } from 'node:net';
import t from 'tap';
import type { Runtime } from '../../lib/runtime/runtime.js';
import { exchange, freePort, tcpServer } from '../helpers/net.js';
import { startRuntime, type Teardown } from '../helpers/runtime.js';

async function start(t: Teardown, cfg: (port: number) => string): Promise<{ rt: Runtime; port: number }> {
  const port = await freePort();
  return { rt: await startRuntime(t, cfg(port)), port };
}

const tcp = (port: number, serverPort: number, extra = ''): string => `
defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen echo
    bind 127.0.0.1:${port}
${extra}
    server s1 127.0.0.1:${serverPort}
`;

t.test('bytes pass both ways; a client FIN is passed on and the answer still comes back', async (t) => {
  // The backend answers only once the client has finished sending (half-close).
  const be = await tcpServer((s) => {
    const got: Buffer[] = [];
    s.on('data', (c: Buffer) => got.push(c));
    s.on('end', () => s.end(`got ${Buffer.concat(got).length} bytes: ${Buffer.concat(got).toString().toUpperCase()}`));
  });
  t.teardown(be.close);
  const { rt, port } = await start(t, (p) => tcp(p, be.port));
  const r = await exchange(port, 'hello tcp', { end: true });
  t.equal(r.data.toString(), 'got 9 bytes: HELLO TCP');
  t.equal(r.closed, true, 'closed once both directions ended');
  const fe = rt.frontends[0];
  await new Promise((r) => setTimeout(r, 50));
  t.equal(fe?.counters.bytesIn, 9);
  t.equal(fe?.counters.bytesOut, 'got 9 bytes: HELLO TCP'.length);
  t.equal(rt.backends.get('echo')?.servers[0]?.counters.total, 1);
});

t.test('a large transfer arrives intact', async (t) => {
  const payload = Buffer.alloc(8 * 1024 * 1024, 7);
  const be = await tcpServer((s) => s.end(payload));
  t.teardown(be.close);
  const { port } = await start(t, (p) => tcp(p, be.port));
  const r = await exchange(port, '', { quietMs: 2000 });
  t.equal(r.data.length, payload.length);
  t.ok(r.data.equals(payload));
});

t.test('a refused server ends the client connection after the retries', async (t) => {
  const dead = await freePort();
  const { rt, port } = await start(t, (p) => tcp(p, dead, '    retries 1\n    timeout connect 200ms'));
  const started = Date.now();
  const r = await exchange(port, 'x', { quietMs: 3000 });
  t.equal(r.data.length, 0);
  t.equal(r.closed, true, 'closed (the unread byte makes it a reset)');
  // One retry after a turn-around delay of min(timeout connect, 1 s) = 200 ms.
  t.ok(Date.now() - started >= 180, `closed after the retry delay (${Date.now() - started} ms)`);
  // Counted as HAProxy counts: two attempts (stot, connect), one retry (wretr), one failed request (econ).
  const c = rt.backends.get('echo')?.servers[0]?.counters;
  t.same([c?.total, c?.connects, c?.retries, c?.connectErrors], [2, 2, 1, 1], 'two attempts, one retry, one connection error');
});

t.test('maxconn: an extra client waits for a slot instead of being refused', async (t) => {
  const be = await tcpServer((s) => s.on('data', (c: Buffer) => s.write(c)));
  t.teardown(be.close);
  const { rt, port } = await start(t, (p) => tcp(p, be.port).replace('listen echo', 'listen echo\n    maxconn 1'));
  const first = connect(port, '127.0.0.1');
  first.on('error', () => {});
  await new Promise((r) => first.once('connect', r));
  first.write('a');
  await new Promise((r) => first.once('data', r));
  // The second connection is accepted by the kernel but not served yet.
  const second = connect(port, '127.0.0.1', () => second.write('b'));
  second.on('error', () => {});
  t.teardown(() => second.destroy());
  let answeredAt = 0;
  const answered = new Promise<void>((r) => second.once('data', () => ((answeredAt = Date.now()), r())));
  await new Promise((r) => setTimeout(r, 200));
  t.equal(answeredAt, 0, 'not served while the slot is taken');
  const freedAt = Date.now();
  first.destroy();
  await answered;
  t.ok(answeredAt >= freedAt, 'served once the first one left');
  t.equal(rt.frontends[0]?.counters.total, 2);
});
