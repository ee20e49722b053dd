/**
 * Backends that answer with their name, for persistence scenarios: each
 * records the head of every request it receives; the response is chosen by
 * the client through the request path — `/r/<base64url JSON>` with
 * `{ status?, headers?: [name, value][], delayMs? }` — so that one script drives what
 * every server answers. Nothing run-dependent (no Date) is sent.
 */
import { connect } from 'node:net';
import { tcpServer } from './net.js';

export interface ResponseSpec {
  readonly status?: number;
  readonly headers?: readonly (readonly [string, string])[];
  /** Answer after this many ms. */
  readonly delayMs?: number;
}

/** The request path that makes a named backend answer `spec`. */
export function answerPath(spec: ResponseSpec = {}): string {
  return `/r/${Buffer.from(JSON.stringify(spec)).toString('base64url')}`;
}

const REASONS: Record<number, string> = { 200: 'OK', 203: 'Non-Authoritative Information', 204: 'No Content', 302: 'Found', 404: 'Not Found', 500: 'Internal Server Error' };

export interface NamedBackend {
  readonly name: string;
  readonly port: number;
  /** Request heads received, oldest first (taken by take()). */
  readonly heads: string[];
  close(): Promise<void>;
}

export async function namedBackend(name: string): Promise<NamedBackend> {
  const heads: string[] = [];
  const be = await tcpServer((s) => {
    let buf = '';
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.slice(0, end);
        const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
        const bodyEnd = end + 4 + (cl ? Number(cl[1]) : 0);
        if (buf.length < bodyEnd) return;
        buf = buf.slice(bodyEnd);
        heads.push(head);
        const [method = '', path = ''] = head.split(' ');
        const m = /^\/r\/([A-Za-z0-9_-]*)/.exec(path);
        const spec: ResponseSpec = m ? (JSON.parse(Buffer.from(m[1] as string, 'base64url').toString()) as ResponseSpec) : {};
        const status = spec.status ?? 200;
        const body = status === 204 || status === 304 ? '' : name;
        let out = `HTTP/1.1 ${status} ${REASONS[status] ?? 'X'}\r\nx-server: ${name}\r\n`;
        for (const [n, v] of spec.headers ?? []) out += `${n}: ${v}\r\n`;
        if (status !== 204 && status !== 304) out += `content-length: ${body.length}\r\n`;
        const send = (): void => void s.write(`${out}\r\n${method === 'HEAD' ? '' : body}`);
        if (spec.delayMs) setTimeout(send, spec.delayMs);
        else send();
      }
    });
  });
  return { name, port: be.port, heads, close: be.close };
}

/**
 * Sends one request on a new connection (from the loopback address `from`,
 * if given) and returns the response bytes: the head and its Content-Length
 * body (none for HEAD, 204, 304), or all until the proxy closes ('' when it
 * closes without answering); the connection is closed after it.
 */
export function request(port: number, raw: string, timeoutMs = 3000, from?: string): Promise<string> {
  const head = raw.startsWith('HEAD ');
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ port, host: '127.0.0.1', ...(from ? { localAddress: from } : {}) }, () => s.write(raw));
    const done = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, timeoutMs);
    s.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const h = got.slice(0, end);
      const status = Number(h.split(' ')[1]);
      const cl = /\r\ncontent-length: *(\d+)/i.exec(h);
      const need = head || status === 204 || status === 304 ? 0 : cl ? Number(cl[1]) : -1;
      if (need >= 0 && got.length >= end + 4 + need) done();
    });
    s.on('error', done);
    s.on('close', done);
  });
}
