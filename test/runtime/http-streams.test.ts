/**
 * HTTP paths that need time or volume: a WebSocket upgrade tunnelled both
 * ways, `timeout http-request` (408) and `timeout http-keep-alive` (silent
 * close), and backpressure — a slow client reading a 256 MiB response while
 * tslb's memory stays flat.
 */
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { PARSER_408 } from '../../lib/http/error-pages.js';
import { exchange, tcpServer } from '../helpers/net.js';
import { startListen, type Teardown } from '../helpers/runtime.js';

t.setTimeout(120_000);

async function start(t: Teardown, extra: string, serverPort: number): Promise<number> {
  return (await startListen(t, { serverPort, defaults: extra })).port;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => {});
  });
}

t.test('a WebSocket upgrade becomes a tunnel, both ways', async (t) => {
  const be = await tcpServer((s) => {
    s.once('data', () => {
      s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n');
      s.on('data', (c: Buffer) => s.write(Buffer.concat([Buffer.from('echo:'), c])));
    });
  });
  t.teardown(be.close);
  const port = await start(t, '    timeout tunnel 5s', be.port);
  const s = await open(port);
  t.teardown(() => s.destroy());
  let got = '';
  s.on('data', (c: Buffer) => (got += c.toString('latin1')));
  s.write('GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  for (let i = 0; i < 50 && !got.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 10));
  t.match(got, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
  t.match(got, /\r\nconnection: Upgrade\r\n/, "the server's Connection line kept as it was, as HAProxy does");
  got = '';
  s.write('frame-1');
  for (let i = 0; i < 50 && !got.includes('frame-1'); i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(got, 'echo:frame-1', 'bytes flow through the tunnel and back');
});

t.test('timeout http-request: an incomplete head gets 408 and the connection closes', async (t) => {
  const be = await tcpServer(() => {});
  t.teardown(be.close);
  const port = await start(t, '    timeout http-request 200ms', be.port);
  const started = Date.now();
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\n', { quietMs: 2000 });
  // HAProxy's raw 408, capitalised, sent before its HTTP layer exists (compared with HAProxy in http-semantics.test.ts).
  t.equal(r.data.toString('latin1'), PARSER_408.toString('latin1'));
  t.equal(r.closed, true);
  t.ok(Date.now() - started >= 180, 'after the timeout');
});

t.test('timeout http-keep-alive: an idle kept-alive connection is closed silently', async (t) => {
  const be = await tcpServer((s) => s.on('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
  t.teardown(be.close);
  const port = await start(t, '    timeout http-keep-alive 200ms\n    timeout http-request 5s', be.port);
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', { quietMs: 2000 });
  t.match(r.data.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nok$/, 'only the response, no 408 after it');
  t.equal(r.closed, true, 'closed once idle for http-keep-alive');
});

t.test('a slow client reads 256 MiB while memory stays flat', async (t) => {
  const total = 256 * 1024 * 1024;
  const block = Buffer.alloc(1024 * 1024, 97);
  const be = await tcpServer((s) => {
    s.once('data', () => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${total}\r\n\r\n`);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += block.length;
          if (!s.write(block)) {
            s.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
  t.teardown(be.close);
  const port = await start(t, '', be.port);
  const s = await open(port);
  t.teardown(() => s.destroy());
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let received = 0;
  let sinceBreak = 0;
  const done = new Promise<void>((resolve) => {
    s.on('data', (c: Buffer) => {
      received += c.length;
      sinceBreak += c.length;
      // Slow reader: stop for a moment after every 8 MiB.
      if (sinceBreak >= 8 * 1024 * 1024) {
        sinceBreak = 0;
        s.pause();
        peak = Math.max(peak, process.memoryUsage().rss);
        setTimeout(() => s.resume(), 30);
      }
      if (received >= total) resolve();
    });
  });
  s.write('GET /big HTTP/1.1\r\nHost: h\r\n\r\n');
  await done;
  const growth = (peak - before) / (1024 * 1024);
  t.ok(received >= total, `received ${Math.round(received / 1048576)} MiB`);
  t.ok(growth < 64, `memory grew by ${growth.toFixed(1)} MiB while 256 MiB went through`);
});
