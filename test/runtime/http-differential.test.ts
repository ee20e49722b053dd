/**
 * HTTP mode, differentially: the same configuration runs under HAProxy 2.6
 * and under tslb, in front of the same recording backend; the same raw
 * requests go to both, and what the client receives and what the backend
 * receives must be identical — connection modes (frontend × backend),
 * HTTP/1.0 and 1.1 clients, X-Forwarded-For variants, error pages
 * (no server, refused server, server closing early, server timeout),
 * `http-request return`, pipelining and chunked bodies both ways.
 */
import t from 'tap';
import { exchange, freePort, tcpServer } from '../helpers/net.js';
import { startUnder } from '../helpers/runtime.js';

/** A backend that records each request head it receives and answers according to the path. */
async function recordingBackend(): Promise<{ port: number; heads: string[]; close: () => Promise<void> }> {
  const heads: string[] = [];
  const be = await tcpServer((s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
        const chunked = /\r\ntransfer-encoding: *chunked/i.test(head);
        let bodyEnd = end + 4;
        if (cl) bodyEnd += Number(cl[1]);
        if (chunked) {
          const last = buf.indexOf('\r\n0\r\n\r\n', end);
          if (last < 0) return;
          bodyEnd = last + 7;
        }
        if (buf.length < bodyEnd) return;
        const body = buf.subarray(end + 4, bodyEnd).toString('latin1');
        buf = buf.subarray(bodyEnd);
        heads.push(`${head}\n\n${body}`);
        const path = head.split(' ')[1] ?? '/';
        if (path === '/close-early') {
          s.destroy();
          return;
        }
        if (path === '/slow') return; // never answers
        if (path === '/chunked') {
          s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Path: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
          continue;
        }
        const text = `you asked ${path}`;
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${text.length}\r\nX-Path: ${path}\r\n\r\n${text}`);
      }
    });
  });
  return { port: be.port, heads, close: be.close };
}

/**
 * Chunk boundaries carry no meaning (RFC 9112 §7.1): HAProxy re-frames a
 * chunked body by what it read at once, tslb forwards the server's chunks as
 * they are. Compare chunked bodies decoded, with their framing marked.
 */
function dechunk(raw: string): string {
  return raw.replace(/(\r\ntransfer-encoding: chunked\r\n(?:[^\r]+\r\n)*\r\n)((?:[0-9a-fA-F]+\r\n[\s\S]*?\r\n)*?0\r\n\r\n)/g, (_m, head: string, body: string) => {
    let out = '';
    let rest = body;
    for (;;) {
      const eol = rest.indexOf('\r\n');
      const size = parseInt(rest.slice(0, eol), 16);
      if (!size) break;
      out += rest.slice(eol + 2, eol + 2 + size);
      rest = rest.slice(eol + 4 + size);
    }
    return `${head}[chunked]${out}[end]`;
  });
}

interface Outcome {
  client: string;
  closed: boolean;
  backend: string[];
}

async function runBoth(t: { teardown: (fn: () => void | Promise<void>) => void }, cfg: (port: number, bePort: number) => string, request: string): Promise<{ haproxy: Outcome; tslb: Outcome }> {
  const out: Partial<{ haproxy: Outcome; tslb: Outcome }> = {};
  for (const who of ['haproxy', 'tslb'] as const) {
    const be = await recordingBackend();
    const port = await freePort();
    const text = cfg(port, be.port);
    const stop = await startUnder(who, text, port);
    try {
      const r = await exchange(port, request, { quietMs: 400 });
      out[who] = { client: dechunk(r.data.toString('latin1')), closed: r.closed, backend: [...be.heads] };
    } finally {
      stop();
      await be.close();
    }
  }
  t.teardown(() => {});
  return out as { haproxy: Outcome; tslb: Outcome };
}

t.setTimeout(240_000);

const cfg = (opts: { fe?: string; be?: string; defaults?: string; server?: string } = {}) => (port: number, bePort: number) => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
${opts.defaults ?? ''}
frontend fe
    bind 127.0.0.1:${port}
${opts.fe ?? ''}
    default_backend app
backend app
${opts.be ?? ''}
    server s1 ${opts.server ?? `127.0.0.1:${bePort}`}
`;

const GET11 = 'GET /a HTTP/1.1\r\nHost: example.test\r\nUser-Agent: T\r\n\r\n';
const GET10 = 'GET /b HTTP/1.0\r\nHost: example.test\r\n\r\n';
const GET10KA = 'GET /c HTTP/1.0\r\nHost: example.test\r\nConnection: keep-alive\r\n\r\n';
const GET11CLOSE = 'GET /d HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n';

const MODES = ['', 'option http-server-close', 'option httpclose'];

for (const feMode of MODES) {
  for (const beMode of MODES) {
    for (const req of [GET11, GET10, GET10KA, GET11CLOSE]) {
      const name = `fe[${feMode || 'keep-alive'}] be[${beMode || 'keep-alive'}] ${req.split('\r\n')[0]}${req.includes('Connection:') ? ' +' + /Connection: (\S+)/.exec(req)?.[1] : ''}`;
      t.test(name, async (t) => {
        const r = await runBoth(t, cfg({ fe: `    ${feMode}`, be: `    ${beMode}` }), req);
        t.same(r.tslb, r.haproxy, 'client and backend see the same');
      });
    }
  }
}

const cases: [string, ReturnType<typeof cfg>, string][] = [
  ['option forwardfor', cfg({ fe: '    option forwardfor' }), 'GET /x HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n'],
  ['option forwardfor header X-Real-IP', cfg({ be: '    option forwardfor header X-Real-IP' }), GET11],
  ['option forwardfor if-none, header present', cfg({ defaults: '    option forwardfor if-none' }), 'GET /x HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n'],
  ['option forwardfor except 127.0.0.0/8', cfg({ fe: '    option forwardfor except 127.0.0.0/8' }), GET11],
  ['no usable server: 503', cfg({ server: '127.0.0.1:9 disabled' }), GET11],
  ['server refuses: 503 after retries', cfg({ be: '    retries 1\n    timeout connect 100ms', server: '127.0.0.1:9' }), GET11],
  ['server closes before answering: 502', cfg(), 'GET /close-early HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['server timeout: 504', cfg({ be: '    timeout server 200ms' }), 'GET /slow HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['http-request return', cfg({ fe: '    http-request return status 200 content-type text/plain string "pong" hdr X-A b' }), GET11],
  ['http-request return to HEAD', cfg({ fe: '    http-request return status 200 content-type text/plain string "pong"' }), 'HEAD / HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['pipelined requests', cfg(), 'GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['chunked request body', cfg(), 'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
  ['content-length request body', cfg(), 'POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello'],
  ['chunked response', cfg(), 'GET /chunked HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['garbage request: 400', cfg(), 'GARBAGE\r\n\r\n'],
];

for (const [name, c, req] of cases) {
  t.test(name, async (t) => {
    const r = await runBoth(t, c, req);
    t.same(r.tslb, r.haproxy, 'client and backend see the same');
  });
}
