/** Small real-socket helpers for scenario tests: free ports, raw exchanges, backends. */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (for configurations, which cannot say "port 0"). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Starts a raw TCP server on 127.0.0.1, port 0 unless one is given (a restart on the same port). */
export async function tcpServer(onSocket: (s: Socket) => void, listenPort = 0): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(listenPort, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  const close = (): Promise<void> =>
    new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return { server, port, close };
}

/** Connects, sends `data`, optionally half-closes, and collects everything until the peer closes or `quietMs` pass without data. */
/** `port`: a loopback TCP port, or the path of a unix socket. */
export function exchange(port: number | string, data: string | Buffer, opts: { end?: boolean; quietMs?: number } = {}): Promise<{ data: Buffer; closed: boolean; reset: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = connect({ ...(typeof port === 'string' ? { path: port } : { port, host: '127.0.0.1' }), allowHalfOpen: true }, () => {
      s.write(data);
      if (opts.end) s.end();
    });
    const quiet = opts.quietMs ?? 300;
    let reset = false;
    let timer = setTimeout(() => finish(false), quiet);
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve({ data: Buffer.concat(chunks), closed, reset });
    };
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), quiet);
    });
    s.on('error', () => (reset = true));
    // The peer's FIN ends the exchange (this socket is half-open, so 'close' would wait for us).
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
  });
}
