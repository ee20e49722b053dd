/**
 * Content inspection in TCP mode under tslb and under the real HAProxy 2.6:
 * `tcp-request inspect-delay` with `req.ssl_hello_type`, `req.ssl_sni`,
 * `req.payload` and `req.len` — SNI routing of TLS passed through, a
 * ClientHello split over two packets, plain bytes waiting out the delay, a
 * refused prefix. Each client must reach the same backend (or be refused),
 * and the backend must receive the same bytes.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import t from 'tap';
import { freePort, tcpServer } from '../helpers/net.js';
import { startUnder } from '../helpers/runtime.js';

t.setTimeout(60_000);

const DELAY_MS = 300;

interface Recorder {
  readonly name: string;
  readonly port: number;
  /** The bytes of each connection, once closed. */
  readonly got: Buffer[];
  close(): Promise<void>;
}

async function recorder(name: string): Promise<Recorder> {
  const got: Buffer[] = [];
  const s = await tcpServer((sock: Socket) => {
    const parts: Buffer[] = [];
    sock.on('data', (c: Buffer) => parts.push(c));
    sock.on('error', () => {});
    sock.on('close', () => got.push(Buffer.concat(parts)));
    // Answer once, then close: the client sees which backend it reached.
    setTimeout(() => sock.end(`${name}\n`), 150);
  });
  return { name, port: s.port, got, close: s.close };
}

/** A real ClientHello for `servername` (Node's TLS client), as the first bytes it sends. */
function clientHello(servername: string | undefined): Promise<Buffer> {
  return new Promise((resolve) => {
    const srv = tcpServer((sock) => {
      sock.once('data', (c: Buffer) => {
        resolve(c);
        sock.destroy();
        void srv.then((x) => x.close());
      });
    });
    void srv.then((x) => {
      const c = tlsConnect({ port: x.port, host: '127.0.0.1', servername, rejectUnauthorized: false });
      c.on('error', () => {});
    });
  });
}

/** Sends `parts` (waiting `gapMs` between them) and returns what came back before the proxy or backend closed. */
function send(port: number, parts: readonly Buffer[], gapMs: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = tcpConnect({ port, host: '127.0.0.1' }, async () => {
      for (const [i, p] of parts.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        s.write(p);
      }
    });
    s.on('data', (c: Buffer) => (got += c.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => resolve(got.trim() || 'closed'));
  });
}

t.test('SNI routing and payload rules like HAProxy', async (t) => {
  const helloA = await clientHello('a.example.com');
  const helloB = await clientHello('x.b.example.com');
  const helloNone = await clientHello(undefined);
  const cases: readonly [string, readonly Buffer[], number][] = [
    ['SNI a.example.com', [helloA], 0],
    ['SNI x.b.example.com', [helloB], 0],
    ['no SNI', [helloNone], 0],
    ['a ClientHello in two packets', [helloA.subarray(0, 40), helloA.subarray(40)], 60],
    ['plain bytes wait out the delay', [Buffer.from('hello there\n')], 0],
    ['a refused prefix', [Buffer.from('PROXY TCP4 1.2.3.4\r\n')], 0],
  ];
  const backends = await Promise.all(['ba', 'bb', 'bd'].map((n) => recorder(n)));
  t.teardown(() => Promise.all(backends.map((b) => b.close())));
  const results: Record<string, { answer: string; forwarded: string }[]> = {};
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    const stop = await startUnder(
      who,
      `
defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend f
    bind 127.0.0.1:${port}
    tcp-request inspect-delay ${DELAY_MS}ms
    tcp-request content reject if { req.payload(0,5) -m bin 50524f5859 }
    tcp-request content accept if { req.ssl_hello_type 1 }
    tcp-request content accept if { req.len gt 100 }
    use_backend ba if { req.ssl_sni -i a.example.com }
    use_backend bb if { req.ssl_sni -m end .b.example.com }
    default_backend bd
${backends.map((b) => `backend ${b.name}\n    server s 127.0.0.1:${b.port}\n`).join('')}`,
      port,
    );
    t.teardown(stop);
    // HAProxy's readiness probe reached the default backend, which closes it after 150 ms.
    await new Promise((r) => setTimeout(r, 250));
    const out: { answer: string; forwarded: string }[] = [];
    for (const [, parts, gap] of cases) {
      for (const b of backends) b.got.length = 0;
      const answer = await send(port, parts, gap);
      await new Promise((r) => setTimeout(r, 30));
      const forwarded = backends.flatMap((b) => b.got.map((g) => `${b.name}:${g.equals(Buffer.concat(parts)) ? 'all bytes' : g.length}`)).join(',');
      out.push({ answer, forwarded });
    }
    results[who] = out;
  }
  for (const [i, [what]] of cases.entries()) t.same(results['tslb']?.[i], results['haproxy']?.[i], what);
  t.same(
    results['tslb']?.map((r) => r.answer),
    ['ba', 'bb', 'bd', 'ba', 'bd', 'closed'],
    'each client reached the backend its SNI names',
  );
});
