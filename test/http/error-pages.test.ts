/**
 * Error pages, byte for byte against a running HAProxy 2.6: for every status
 * with a built-in page, `http-request deny deny_status <code>` makes HAProxy
 * send its page, which must equal tslb's; and the parser-level 400.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';
import { ERROR_STATUSES, ErrorPages, PARSER_400, builtInPage } from '../../lib/http/error-pages.js';

/** Sends raw bytes, returns everything received until the server goes quiet or closes. */
function exchange(port: number, bytes: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1', () => s.write(bytes));
    let timer = setTimeout(() => s.destroy(), 300);
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(() => s.destroy(), 100);
    });
    s.on('error', reject);
    s.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

t.test('every built-in page equals HAProxy 2.6', async (t) => {
  const port = await freePort();
  const cfg = [
    'defaults',
    '    mode http',
    '    timeout client 5s',
    '    timeout connect 5s',
    '    timeout server 5s',
    'listen e',
    `    bind 127.0.0.1:${port}`,
    ...ERROR_STATUSES.map((s) => `    http-request deny deny_status ${s} if { path /${s} }`),
    '',
  ].join('\n');
  const haproxy = await startHaproxy(cfg, port);
  t.teardown(() => haproxy.stop());
  for (const status of ERROR_STATUSES) {
    const theirs = await exchange(port, `GET /${status} HTTP/1.1\r\nHost: x\r\n\r\n`);
    t.equal(builtInPage(status)?.bytes.toString('latin1'), theirs.toString('latin1'), `${status}`);
  }
  const garbage = await exchange(port, 'GARBAGE\r\n\r\n');
  t.equal(PARSER_400.toString('latin1'), garbage.toString('latin1'), 'the parser-level 400');
});

t.test('errorfile replaces a page; 400 and 408 close the connection', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-errorfile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const custom = 'HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nsorry';
  writeFileSync(join(dir, '503.http'), custom);
  const pages = new ErrorPages([{ status: 503, kind: 'file', value: join(dir, '503.http') }]);
  t.equal(pages.get(503).bytes.toString('latin1'), custom);
  t.equal(pages.get(503).close, false);
  t.equal(pages.get(502).bytes.toString('latin1'), builtInPage(502)?.bytes.toString('latin1'));
  t.equal(pages.get(400).close, true);
  t.equal(pages.get(408).close, true);
  t.equal(pages.get(504).close, false);
});
