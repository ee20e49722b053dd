/**
 * Scenario tests under load: HTTP/1.1 backends that answer with their name
 * (after a delay) and can be killed and restarted on the same port, and a
 * load generator of keep-alive clients on raw sockets — no client library
 * that could retry behind the test's back: a request whose connection breaks
 * is a failed request, and the client reconnects for the next one.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** An HTTP/1.1 server answering every request with 200 and its name; HTTP/1.0 or `Connection: close` requests are closed after the answer (health checks). */
export class LoadBackend {
  readonly name: string;
  readonly delayMs: number;
  port = 0;
  /** Requests answered, and received but not answered yet. */
  served = 0;
  inFlight = 0;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  constructor(name: string, delayMs = 0) {
    this.name = name;
    this.delayMs = delayMs;
  }

  /** Listens on 127.0.0.1: port 0 the first time, the same port on a restart. */
  async start(): Promise<this> {
    const server = createServer((s) => this.#serve(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.port = (server.address() as { port: number }).port;
    return this;
  }

  /**
   * Dies: the listener closes (connections refused) and every connection is
   * reset, requests in progress unanswered. Returns how many requests it had
   * read and not answered, and how many connections it had (each may also
   * carry a request not read yet).
   */
  kill(): { unanswered: number; connections: number } {
    const killed = { unanswered: this.inFlight, connections: this.#sockets.size };
    this.#server?.close();
    this.#server = undefined;
    for (const s of this.#sockets) s.resetAndDestroy();
    this.#sockets.clear();
    this.inFlight = 0;
    return killed;
  }

  #serve(s: Socket): void {
    this.#sockets.add(s);
    s.on('close', () => this.#sockets.delete(s));
    s.on('error', () => {});
    let buf = '';
    const body = this.name;
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const close = (head.split('\r\n', 1)[0] ?? '').endsWith('HTTP/1.0') || /\r\nconnection: *close/i.test(head);
        const answer = `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n${close ? 'connection: close\r\n' : ''}\r\n${body}`;
        this.inFlight++;
        const send = (): void => {
          if (s.destroyed) return;
          this.inFlight--;
          this.served++;
          s.write(answer);
          if (close) s.end();
        };
        if (this.delayMs > 0) setTimeout(send, this.delayMs);
        else send();
      }
    });
  }
}

/** One request of the load: when it was sent and answered (ms since the run started) and what came back. */
export interface LoadResult {
  readonly start: number;
  readonly end: number;
  /** The body of a 200 (the server's name), else `status <code>` or `error <what>`. */
  readonly outcome: string;
}

/**
 * `clients` keep-alive connections to 127.0.0.1:port, each sending `GET /`
 * as soon as the previous answer arrived, until `durationMs` have passed.
 * A connection closed or reset before its answer fails that request; the
 * client then reconnects (also after a `connection: close` answer). Times
 * are ms since `origin` (performance.now()).
 */
export async function runLoad(port: number, clients: number, durationMs: number, origin = performance.now()): Promise<LoadResult[]> {
  const now = (): number => performance.now() - origin;
  const results: LoadResult[] = [];
  const client = async (): Promise<void> => {
    let sock: Socket | undefined;
    while (now() < durationMs) {
      const start = now();
      if (!sock) {
        sock = connect({ port, host: '127.0.0.1' });
        sock.setNoDelay(true);
        sock.on('error', () => {});
      }
      const { outcome, keep } = await exchange(sock);
      results.push({ start, end: now(), outcome });
      if (!keep) {
        sock.destroy();
        sock = undefined;
      }
    }
    sock?.destroy();
  };
  await Promise.all(Array.from({ length: clients }, client));
  return results;
}

/** Sends one request on a keep-alive connection and reads its answer (a Content-Length body); `keep`: the connection can take the next one. */
function exchange(s: Socket): Promise<{ outcome: string; keep: boolean }> {
  return new Promise((resolve) => {
    let got = '';
    const done = (outcome: string, keep = false): void => {
      s.off('data', onData);
      s.off('error', onError);
      s.off('close', onClose);
      resolve({ outcome, keep });
    };
    const onData = (c: Buffer): void => {
      got += c.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = got.slice(0, end);
      const status = head.slice(9, 12);
      const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!cl) return done(`status ${status}`);
      const body = got.slice(end + 4);
      if (body.length < Number(cl[1])) return;
      done(status === '200' ? body : `status ${status}`, !/\r\nconnection: *close/i.test(head));
    };
    const onError = (e: Error): void => done(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`);
    const onClose = (): void => done('error closed');
    s.on('data', onData);
    s.on('error', onError);
    s.on('close', onClose);
    s.write('GET / HTTP/1.1\r\nHost: load.test\r\n\r\n');
  });
}

/** Counts results by outcome. */
export function outcomes(results: readonly LoadResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.outcome] = (out[r.outcome] ?? 0) + 1;
  return out;
}
