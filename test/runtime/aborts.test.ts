/**
 * Client and server aborts at each phase of an HTTP exchange, and in TCP
 * mode: tslb must neither crash nor leak — afterwards no connection is open
 * on the proxy and no server is counted as busy.
 */
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { Runtime } from '../../lib/runtime/runtime.js';
import { tcpServer } from '../helpers/net.js';
import { startListen } from '../helpers/runtime.js';

type Behaviour = 'hold' | 'close-at-head' | 'close-mid-body' | 'answer-slowly';

/** A backend whose behaviour is chosen by the request path. */
async function backend(): Promise<{ port: number; close: () => Promise<void> }> {
  return tcpServer((s) => {
    s.once('data', (c: Buffer) => {
      const path = c.toString('latin1').split(' ')[1] as Behaviour | string;
      if (path === '/close-at-head') s.destroy();
      else if (path === '/close-mid-body') {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial');
        setTimeout(() => s.destroy(), 20);
      } else if (path === '/answer-slowly') {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n');
        const timer = setInterval(() => s.write(Buffer.alloc(1000, 120)), 5);
        s.on('close', () => clearInterval(timer));
      }
      // '/hold': never answers.
    });
  });
}

/** Waits for the proxy to let go (a half-closed client may wait for `timeout server`, 400 ms here). */
async function settle(rt: Runtime): Promise<void> {
  for (let i = 0; i < 100 && rt.openConnections > 0; i++) await new Promise((r) => setTimeout(r, 20));
}

t.setTimeout(120_000);

function busyServers(rt: Runtime): number {
  let n = 0;
  for (const be of rt.backends.values()) for (const s of be.servers) n += s.counters.current;
  return n;
}

for (const mode of ['http', 'tcp'] as const) {
  t.test(`${mode} mode`, async (t) => {
    const be = await backend();
    t.teardown(be.close);
    const { rt, port } = await startListen(t, { mode, serverPort: be.port, listen: '    timeout server 400ms' });

    const scenarios: [string, (s: Socket) => Promise<void>][] = [
      ['client closes before sending anything', async (s) => void s.destroy()],
      ['client closes in the middle of the head', async (s) => {
        s.write('GET /hold HTTP/1.1\r\nHo');
        await new Promise((r) => setTimeout(r, 30));
        s.destroy();
      }],
      ['client closes while the server thinks', async (s) => {
        s.write('GET /hold HTTP/1.1\r\nHost: h\r\n\r\n');
        await new Promise((r) => setTimeout(r, 50));
        s.destroy();
      }],
      ['client closes in the middle of its body', async (s) => {
        s.write('POST /hold HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\nabc');
        await new Promise((r) => setTimeout(r, 50));
        s.destroy();
      }],
      ['client closes while the response streams', async (s) => {
        s.write('GET /answer-slowly HTTP/1.1\r\nHost: h\r\n\r\n');
        await new Promise((resolve) => s.once('data', resolve));
        s.destroy();
      }],
      ['server closes before answering', async (s) => {
        s.write('GET /close-at-head HTTP/1.1\r\nHost: h\r\n\r\n');
        await new Promise((resolve) => {
          s.once('data', resolve);
          s.once('close', resolve);
        });
        s.destroy();
      }],
      ['server closes in the middle of the body', async (s) => {
        s.write('GET /close-mid-body HTTP/1.1\r\nHost: h\r\n\r\n');
        s.resume(); // read what arrives, so the end of the stream is seen
        const closed = await Promise.race([
          new Promise<boolean>((resolve) => s.once('close', () => resolve(true))),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000)),
        ]);
        t.ok(closed, 'the client connection is cut, the body being incomplete');
      }],
    ];
    for (const [name, act] of scenarios) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((r) => s.once('connect', r));
      await act(s);
      s.destroy();
      await settle(rt);
      t.equal(rt.openConnections, 0, `${name}: no connection left open`);
      t.equal(busyServers(rt), 0, `${name}: no server left busy`);
    }
  });
}
