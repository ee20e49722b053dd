/**
 * `http-request tarpit` under tslb and under the real HAProxy 2.6: the
 * answer — the deny page for the status, 500 by default, or the given
 * payload — comes after `timeout tarpit`, and the connection stays open for
 * the next request.
 */
import { connect } from 'node:net';
import t from 'tap';
import { namedBackend } from '../helpers/named-backends.js';

import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const TARPIT_MS = 300;

/** Sends two requests one after the other on one connection: what came back, and when the first byte did. */
function twoRequests(port: number, first: string): Promise<{ bytes: string; firstByteMs: number }> {
  return new Promise((resolve) => {
    const start = Date.now();
    let firstByteMs = -1;
    let got = '';
    const s = connect({ port, host: '127.0.0.1' }, () => s.write(`GET ${first} HTTP/1.1\r\nHost: h\r\n\r\n`));
    s.on('data', (c: Buffer) => {
      if (firstByteMs < 0) {
        firstByteMs = Date.now() - start;
        // The connection is still usable: a second request is answered by the server.
        setTimeout(() => s.write('GET /next HTTP/1.1\r\nHost: h\r\n\r\n'), 20);
      }
      got += c.toString('latin1');
    });
    s.on('error', () => {});
    setTimeout(() => {
      s.destroy();
      resolve({ bytes: got, firstByteMs });
    }, TARPIT_MS + 400);
  });
}

t.test('tarpit holds then answers, like HAProxy', async (t) => {
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const paths = ['/t', '/t429', '/tbody'];
  const answers = await underBoth(
    t,
    (port) => `${HTTP_DEFAULTS}    timeout tarpit ${TARPIT_MS}ms
frontend f
    bind 127.0.0.1:${port}
    http-request tarpit if { path /t }
    http-request tarpit deny_status 429 if { path /t429 }
    http-request tarpit deny_status 403 content-type text/plain string "go away" if { path /tbody }
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`,
    (port) => Promise.all(paths.map((p) => twoRequests(port, p))),
  );
  for (const [i, p] of paths.entries()) {
    const mine = answers.tslb[i];
    t.equal(mine?.bytes, answers.haproxy[i]?.bytes, `${p}: the same bytes, the answer then the next request's`);
    t.ok((mine?.firstByteMs ?? 0) >= TARPIT_MS - 5, `${p}: held ${mine?.firstByteMs} ms`);
  }
  t.match(answers.tslb[0]?.bytes, /^HTTP\/1\.1 500 [^]*x-server: b/, 'a 500, then the server answers the next request');
});
