/**
 * Server `maxconn` and the backend queue (manual 4.2 "maxconn", "timeout
 * queue"): requests beyond a server's maxconn wait, oldest first, and are
 * answered 503 when `timeout queue` (by default `timeout connect`) expires;
 * a client that leaves the queue takes no slot. The 503 and the concurrency
 * the server sees are compared with HAProxy 2.6 on the same configuration.
 */
import { connect } from 'node:net';
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import { builtInPage } from '../../lib/http/error-pages.js';
import { checkRuntimeSupport } from '../../lib/runtime/support.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { exchange, freePort, tcpServer } from '../helpers/net.js';
import { startRuntime, type Teardown } from '../helpers/runtime.js';

t.setTimeout(60_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A backend answering each request after `delayMs`; records the request paths and the most requests it held at once. */
async function slowBackend(delayMs: number): Promise<{ port: number; paths: string[]; peak: () => number; close: () => Promise<void> }> {
  const paths: string[] = [];
  let busy = 0;
  let peak = 0;
  const be = await tcpServer((s) => {
    let buf = '';
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const path = buf.split(' ')[1] ?? '';
        buf = buf.slice(end + 4);
        paths.push(path);
        busy++;
        peak = Math.max(peak, busy);
        setTimeout(() => {
          busy--;
          if (!s.destroyed) s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${path.length}\r\n\r\n${path}`);
        }, delayMs);
      }
    });
  });
  return { port: be.port, paths, peak: () => peak, close: be.close };
}

function config(port: number, serverPort: number, extra: string, mode: 'http' | 'tcp' = 'http'): string {
  return `
defaults
    mode ${mode}
    timeout connect 1s
    timeout client 5s
    timeout server 5s
${extra}
listen l
    bind 127.0.0.1:${port}
    server s1 127.0.0.1:${serverPort} maxconn 1
`;
}

/** One request on its own connection; resolves with what came back and when. */
async function request(port: number, path: string): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const r = await exchange(port, `GET ${path} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n`, { quietMs: 3000 });
  return { text: r.data.toString('latin1'), ms: Date.now() - started };
}

/** Starts three requests 20 ms apart through `port`. */
async function three(port: number): Promise<{ text: string; ms: number }[]> {
  const out: Promise<{ text: string; ms: number }>[] = [];
  for (const p of ['/a', '/b', '/c']) {
    out.push(request(port, p));
    await sleep(20);
  }
  return Promise.all(out);
}

async function underBoth(
  t: Teardown,
  extra: string,
  delayMs: number,
  run: (port: number) => Promise<{ text: string; ms: number }[]>,
): Promise<{ haproxy: { answers: { text: string; ms: number }[]; paths: string[]; peak: number }; tslb: { answers: { text: string; ms: number }[]; paths: string[]; peak: number } }> {
  const results = [];
  for (const which of ['haproxy', 'tslb'] as const) {
    const be = await slowBackend(delayMs);
    const port = await freePort();
    const cfg = config(port, be.port, extra);
    if (which === 'haproxy') {
      const h = await startHaproxy(cfg, port);
      const answers = await run(port);
      h.stop();
      results.push({ answers, paths: [...be.paths], peak: be.peak() });
    } else {
      const rt = await startRuntime(t, cfg);
      const answers = await run(port);
      await rt.hardStop();
      results.push({ answers, paths: [...be.paths], peak: be.peak() });
    }
    await be.close();
  }
  return { haproxy: results[0]!, tslb: results[1]! };
}

const bodyOf = (text: string): string => text.slice(text.indexOf('\r\n\r\n') + 4);

t.test('maxconn 1: requests wait their turn, the server never holds two, all are served in order', async (t) => {
  const r = await underBoth(t, '', 150, three);
  for (const [name, side] of Object.entries(r)) {
    t.equal(side.peak, 1, `${name}: one request at a time at the server`);
    t.same(side.paths, ['/a', '/b', '/c'], `${name}: oldest first`);
    t.same(side.answers.map((a) => bodyOf(a.text)), ['/a', '/b', '/c'], `${name}: every client served`);
  }
  t.ok(r.tslb.answers[2]!.ms >= 400, 'the third waited for the two before it');
});

t.test('timeout queue: a request still waiting gets the 503 page, byte for byte as HAProxy', async (t) => {
  const r = await underBoth(t, '    timeout queue 200ms', 600, three);
  // The clients asked to close: HAProxy adds `connection: close` to its page.
  const page = builtInPage(503)?.closing.toString('latin1');
  for (const [name, side] of Object.entries(r)) {
    t.equal(bodyOf(side.answers[0]!.text), '/a', `${name}: the first is served`);
    t.equal(side.answers[1]!.text, page, `${name}: the second gets 503`);
    t.equal(side.answers[2]!.text, page, `${name}: the third gets 503`);
    t.ok(side.answers[1]!.ms >= 180 && side.answers[1]!.ms < 550, `${name}: after timeout queue (${side.answers[1]!.ms} ms)`);
    t.same(side.paths, ['/a'], `${name}: the queued requests never reached the server`);
  }
});

t.test('without timeout queue, timeout connect bounds the wait', async (t) => {
  const be = await slowBackend(700);
  t.teardown(be.close);
  const port = await freePort();
  await startRuntime(t, config(port, be.port, '').replace('timeout connect 1s', 'timeout connect 250ms'));
  const [first, second] = await Promise.all([request(port, '/a'), sleep(20).then(() => request(port, '/b'))]);
  t.equal(bodyOf(first.text), '/a');
  t.equal(second.text, builtInPage(503)?.closing.toString('latin1'));
  t.ok(second.ms >= 230 && second.ms < 650, `503 after timeout connect (${second.ms} ms)`);
});

t.test('option abortonclose: a client that leaves the queue takes no slot', async (t) => {
  // Without abortonclose a client's FIN after its request is a legal
  // half-close and the queued request is still served (HAProxy does so too).
  const run = async (port: number): Promise<{ text: string; ms: number }[]> => {
    const a = request(port, '/a');
    await sleep(30);
    const quitter = connect(port, '127.0.0.1', () => quitter.write('GET /quitter HTTP/1.1\r\nHost: h\r\n\r\n'));
    quitter.on('error', () => {});
    await sleep(30);
    quitter.destroy();
    const c = await request(port, '/c');
    return [await a, c];
  };
  const r = await underBoth(t, '    option abortonclose', 200, run);
  for (const [name, side] of Object.entries(r)) {
    t.same(side.answers.map((x) => bodyOf(x.text)), ['/a', '/c'], `${name}: both others served`);
    t.same(side.paths, ['/a', '/c'], `${name}: the request of the client that left was never sent`);
  }
});

t.test('tcp mode: a connection beyond maxconn waits until the first one ends', async (t) => {
  // An echo server that closes when its client does.
  const be = await tcpServer((s) => {
    s.on('data', (c: Buffer) => s.write(c));
    s.on('end', () => s.end());
  });
  t.teardown(be.close);
  const port = await freePort();
  await startRuntime(t, config(port, be.port, '', 'tcp'));
  const first = connect(port, '127.0.0.1');
  first.on('error', () => {});
  t.teardown(() => first.destroy());
  await new Promise((r) => first.once('connect', r));
  first.write('one');
  await new Promise((r) => first.once('data', r));
  const second = exchange(port, 'two', { quietMs: 400 });
  await sleep(200);
  first.destroy();
  const r = await second;
  t.equal(r.data.toString(), 'two', 'served once the slot was free');
});

t.test("'minconn' (a dynamic maxconn) is refused at start, not ignored", async (t) => {
  const r = loadConfigText(config(1, 2, '').replace('maxconn 1', 'minconn 5 maxconn 10'));
  t.ok(r.model, 'a valid configuration');
  if (!r.model) return;
  t.match(checkRuntimeSupport(r.model).refuse.join('\n'), /'minconn' .* not implemented yet/);
});
