/**
 * Request bodies through tslb: large bodies (whose later chunks arrive while
 * the server connection is still being set up) reach the server whole, with
 * Content-Length or chunked framing, and a request pipelined right after a
 * body is answered in its turn.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import t from 'tap';
import { tcpServer } from '../helpers/net.js';
import { startListen } from '../helpers/runtime.js';

/** A backend answering each request with the length and sha1 of the body it received (decoding chunked). */
async function digestBackend(): Promise<{ port: number; close: () => Promise<void> }> {
  return tcpServer((s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        let body: Buffer;
        let consumed: number;
        const cl = /\r\ncontent-length: (\d+)/.exec(head);
        if (/\r\ntransfer-encoding: chunked/.test(head)) {
          const parts: Buffer[] = [];
          let at = end + 4;
          for (;;) {
            const eol = buf.indexOf('\r\n', at);
            if (eol < 0) return;
            const size = parseInt(buf.subarray(at, eol).toString(), 16);
            if (buf.length < eol + 2 + size + 2) return;
            if (size === 0) {
              if (buf.length < eol + 4) return;
              consumed = eol + 4;
              break;
            }
            parts.push(buf.subarray(eol + 2, eol + 2 + size));
            at = eol + 2 + size + 2;
          }
          body = Buffer.concat(parts);
        } else {
          const len = cl ? Number(cl[1]) : 0;
          if (buf.length < end + 4 + len) return;
          body = buf.subarray(end + 4, end + 4 + len);
          consumed = end + 4 + len;
        }
        buf = buf.subarray(consumed);
        const text = `${head.split(' ')[1]} ${body.length} ${createHash('sha1').update(body).digest('hex')}`;
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
      }
    });
  });
}

t.test('large bodies arrive whole; a pipelined request after a body is answered', async (t) => {
  const be = await digestBackend();
  t.teardown(be.close);
  const { port } = await startListen(t, { serverPort: be.port });

  const body = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 255;
  const sha = createHash('sha1').update(body).digest('hex');
  const chunked = Buffer.concat([
    Buffer.from('POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'),
    ...Array.from({ length: 16 }, (_, i) => Buffer.concat([Buffer.from('10000\r\n'), body.subarray(i * 65536, (i + 1) * 65536), Buffer.from('\r\n')])),
    Buffer.from('0\r\n\r\n'),
  ]);
  const requests = Buffer.concat([
    Buffer.from(`POST /length HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\n\r\n`),
    body,
    chunked,
    Buffer.from('GET /after HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n'),
  ]);
  const answers = await new Promise<string>((resolve) => {
    let got = '';
    const s = connect(port, '127.0.0.1', () => s.write(requests));
    s.on('data', (c: Buffer) => (got += c.toString('latin1')));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
  });
  const bodies = answers.split(/HTTP\/1\.1 200 OK\r\n[^]*?\r\n\r\n/).filter((x) => x !== '');
  t.same(bodies, [`/length ${body.length} ${sha}`, `/chunked ${body.length} ${sha}`, '/after 0 da39a3ee5e6b4b0d3255bfef95601890afd80709']);
});
