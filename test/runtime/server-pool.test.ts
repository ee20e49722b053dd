/**
 * Server connections: reuse from the per-server pool (`http-reuse safe`),
 * `max-reuse`, `pool-purge-delay`; and the reused read buffer
 * (lib/net/read-buffer.ts) — a server's bytes must arrive intact at a
 * client that reads slowly (its chunks stay queued, so the buffer they
 * were read into must not be overwritten), in HTTP and TCP modes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { tcpServer } from '../helpers/net.js';
import { startListen } from '../helpers/runtime.js';

t.setTimeout(60_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A backend answering every request with `hello`; counts the connections it accepted and those still open. */
async function countingBackend(): Promise<{ port: number; accepted: () => number; open: () => number; close: () => Promise<void> }> {
  let accepted = 0;
  let open = 0;
  const be = await tcpServer((s) => {
    accepted++;
    open++;
    // tcpServer allows half-open sockets: the proxy's FIN is the end of the connection.
    s.once('end', () => {
      open--;
      s.destroy();
    });
    let buf = '';
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        buf = buf.slice(end + 4);
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
      }
    });
  });
  return { port: be.port, accepted: () => accepted, open: () => open, close: be.close };
}

/** Sends `n` keep-alive requests one after the other on one connection; resolves with the number of complete answers. */
async function sequential(port: number, n: number, gapMs = 0): Promise<number> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => {});
  await new Promise((r) => s.once('connect', r));
  let got = '';
  s.on('data', (c: Buffer) => (got += c.toString('latin1')));
  let answers = 0;
  for (let i = 0; i < n; i++) {
    s.write(`GET /${i} HTTP/1.1\r\nHost: h\r\n\r\n`);
    for (let w = 0; w < 200 && !got.includes('hello'); w++) await sleep(5);
    if (got.includes('hello')) answers++;
    got = '';
    if (gapMs > 0) await sleep(gapMs);
  }
  s.destroy();
  return answers;
}

t.test('keep-alive requests of one client reuse one server connection', async (t) => {
  const be = await countingBackend();
  t.teardown(be.close);
  const { port } = await startListen(t, { serverPort: be.port });
  t.equal(await sequential(port, 6), 6);
  t.equal(be.accepted(), 1, 'one server connection for six requests');
});

t.test('max-reuse 2: a server connection serves at most three exchanges', async (t) => {
  const be = await countingBackend();
  t.teardown(be.close);
  const { port } = await startListen(t, { serverPort: be.port, defaults: '    default-server max-reuse 2' });
  t.equal(await sequential(port, 6), 6);
  t.equal(be.accepted(), 2, 'six requests: 1 + 2 reuses, twice');
});

t.test('max-reuse 0: never reused', async (t) => {
  const be = await countingBackend();
  t.teardown(be.close);
  const { port } = await startListen(t, { serverPort: be.port, defaults: '    default-server max-reuse 0' });
  t.equal(await sequential(port, 3), 3);
  t.equal(be.accepted(), 3);
});

t.test('pool-purge-delay: an idle server connection is closed once unused that long', async (t) => {
  const be = await countingBackend();
  t.teardown(be.close);
  const { port } = await startListen(t, { serverPort: be.port, defaults: '    default-server pool-purge-delay 200ms' });
  // Within the delay the connection is reused; after it, a new one is opened.
  t.equal(await sequential(port, 2, 50), 2);
  t.equal(be.accepted(), 1, 'reused within the delay');
  for (let w = 0; w < 100 && be.open() > 0; w++) await sleep(10);
  t.equal(be.open(), 0, 'the idle server connection was closed by the proxy');
});

/** Reads everything from `s` slowly (paused between small reads); resolves with the sha256 and the length. */
function slowRead(s: Socket, expected: number): Promise<{ sha: string; length: number }> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let length = 0;
    let body = false;
    let head = Buffer.alloc(0);
    s.on('data', (c: Buffer) => {
      if (!body) {
        head = Buffer.concat([head, c]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        body = true;
        c = head.subarray(end + 4);
      }
      hash.update(c);
      length += c.length;
      if (length >= expected) {
        resolve({ sha: hash.digest('hex'), length });
        return;
      }
      // Slow: stop reading for a moment every chunk, so the proxy's writes queue up.
      s.pause();
      setTimeout(() => s.resume(), 2);
    });
  });
}

for (const mode of ['http', 'tcp'] as const) {
  t.test(`${mode} mode: 8 MiB of random bytes reach a slow client intact`, async (t) => {
    const payload = randomBytes(8 * 1024 * 1024);
    const want = createHash('sha256').update(payload).digest('hex');
    const be = await tcpServer((s) => {
      s.once('data', () => {
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${payload.length}\r\n\r\n`);
        // Small and large writes mixed, so reads of every size happen.
        let off = 0;
        let step = 1;
        const pump = (): void => {
          while (off < payload.length) {
            const n = Math.min(step, payload.length - off);
            step = step >= 200_000 ? 1 : step * 7;
            const more = s.write(payload.subarray(off, off + n));
            off += n;
            if (!more) {
              s.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
    });
    t.teardown(be.close);
    const { port } = await startListen(t, { mode, serverPort: be.port });
    const c = connect(port, '127.0.0.1');
    c.on('error', () => {});
    t.teardown(() => c.destroy());
    c.write('GET /big HTTP/1.1\r\nHost: h\r\n\r\n');
    const got = await slowRead(c, payload.length);
    t.equal(got.length, payload.length);
    t.equal(got.sha, want, 'same bytes, same order');
  });
}
