/**
 * Start and stop: the demo configuration balances round robin over its own
 * `http-request return` listeners; a soft stop closes idle keep-alive
 * connections at once and lets an exchange in progress finish (its response
 * then says `connection: close`); hard-stop-after bounds the wait.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { exchange, freePort, tcpServer } from '../helpers/net.js';
import { startListen, startRuntime } from '../helpers/runtime.js';


function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => {});
  });
}

function nextResponse(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const onData = (c: Buffer): void => {
      got += c.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      const m = /content-length: (\d+)\r\n/.exec(got);
      if (end >= 0 && m && got.length >= end + 4 + Number(m[1])) {
        s.off('data', onData);
        resolve(got);
      }
    };
    s.on('data', onData);
  });
}

t.test('the demo: round robin over three servers that are tslb listeners', async (t) => {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const socket = join(mkdtempSync(join(tmpdir(), 'tslb-demo-')), 'sock');
  const demo = readFileSync(new URL('../../conf/demo.cfg', import.meta.url), 'utf8')
    .replace('bind :8000', `bind 127.0.0.1:${ports[0]}`)
    .replace('bind :8080', `bind 127.0.0.1:${ports[4]}`)
    .replace('stats socket /tmp/tslb-demo.sock', `stats socket ${socket}`)
    .replace(/127\.0\.0\.1:800([1-3])/g, (_m, n: string) => `127.0.0.1:${ports[Number(n)]}`)
    .replace('log stdout format raw local0', '')
    .replace('    log global\n', '');
  await startRuntime(t, demo);
  const bodies: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await exchange(ports[0] as number, 'GET / HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n');
    bodies.push(r.data.toString().split('\r\n\r\n')[1] ?? '');
  }
  t.same(bodies, ['hello from app1\n', 'hello from app2\n', 'hello from app3\n', 'hello from app1\n']);
  const routed = await exchange(ports[0] as number, 'GET /app3/x HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n');
  t.equal(routed.data.toString().split('\r\n\r\n')[1], 'hello from app3\n', '/app3/ routed to app3');
  // The 21st request within 10 s is refused.
  const statuses: string[] = [];
  for (let i = 6; i <= 21; i++) statuses.push((await exchange(ports[0] as number, 'GET / HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n')).data.toString().split(' ')[1] ?? '');
  t.same(statuses, [...new Array<string>(15).fill('200'), '429'], 'rate-limited after 20 requests');
  // The dashboard (behind its password), its CSV, the metrics and the Runtime API.
  const auth = `Authorization: Basic ${Buffer.from('admin:tslb').toString('base64')}\r\n`;
  const denied = await exchange(ports[4] as number, 'GET / HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n');
  t.match(denied.data.toString(), /^HTTP\/1\.1 401 /, 'the dashboard asks for the password');
  const page = await exchange(ports[4] as number, `GET / HTTP/1.1\r\nHost: demo\r\n${auth}Connection: close\r\n\r\n`);
  t.match(page.data.toString(), /^HTTP\/1\.1 200 [^]*data-server="app2"/, 'the dashboard lists the servers');
  const csv = (await exchange(ports[4] as number, `GET /;csv HTTP/1.1\r\nHost: demo\r\n${auth}Connection: close\r\n\r\n`)).data.toString();
  t.match(csv, /\ndemo,FRONTEND,(?:[^,]*,){5}21,/, 'the frontend counted its 21 sessions');
  const metrics = (await exchange(ports[4] as number, 'GET /metrics HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n')).data.toString();
  t.match(metrics, /haproxy_frontend_http_responses_total\{proxy="demo",code="4xx"\} 1\b/, 'the 429 is in the metrics');
  const api = await exchange(socket, 'get weight demo_servers/app2\n');
  t.equal(api.data.toString(), '1 (initial 1)\n\n', 'the Runtime API answers');
});

t.test('soft stop: idle connections close now, the exchange in progress finishes with connection: close', async (t) => {
  let release: (() => void) | undefined;
  const be = await tcpServer((s) =>
    s.on('data', (c: Buffer) => {
      const answer = (): boolean => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      if (c.toString().startsWith('GET /slow')) release = answer;
      else answer();
    }),
  );
  t.teardown(be.close);
  const { rt, port } = await startListen(t, { serverPort: be.port });
  const idle = await open(port);
  idle.write('GET /fast HTTP/1.1\r\nHost: h\r\n\r\n');
  await nextResponse(idle);
  const busy = await open(port);
  busy.write('GET /slow HTTP/1.1\r\nHost: h\r\n\r\n');
  await new Promise((r) => setTimeout(r, 100));
  const idleClosed = new Promise<void>((r) => idle.once('close', () => r()));
  const stopped = rt.softStop();
  await idleClosed;
  t.pass('the idle keep-alive connection was closed at once');
  const answer = nextResponse(busy);
  release?.();
  t.match(await answer, /connection: close\r\n/, 'the last response announces the close');
  await stopped;
  t.equal(rt.openConnections, 0, 'soft stop resolves once every connection is gone');
  const refused = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', { quietMs: 200 });
  t.ok(refused.closed && refused.data.length === 0, 'no longer accepting');
});

t.test('hard-stop-after bounds a soft stop', async (t) => {
  const be = await tcpServer(() => {}); // never answers
  t.teardown(be.close);
  const port = await freePort();
  const rt = await startRuntime(
    t,
    `
global
    hard-stop-after 300ms
defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen l
    bind 127.0.0.1:${port}
    server s1 127.0.0.1:${be.port}
`,
  );
  const s = await open(port);
  s.write('hello');
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await rt.softStop();
  const took = Date.now() - started;
  t.ok(took >= 280 && took < 1500, `stopped after about hard-stop-after (${took} ms)`);
  t.equal(rt.openConnections, 0);
});

t.test('a long keep-alive connection does not accumulate listeners', async (t) => {
  const be = await tcpServer((s) => s.on('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
  t.teardown(be.close);
  const { port } = await startListen(t, { serverPort: be.port });
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.name);
  };
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  const s = await open(port);
  for (let i = 0; i < 30; i++) {
    s.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    t.match(await nextResponse(s), /^HTTP\/1\.1 200 OK/, `request ${i + 1}`);
  }
  s.destroy();
  await new Promise((r) => setImmediate(r));
  t.same(warnings, [], 'no MaxListenersExceededWarning');
});
