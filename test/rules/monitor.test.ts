/**
 * `monitor-uri` and `monitor fail` under tslb and under the real HAProxy 2.6:
 * the same requests get the same bytes back — the 200 "Service ready." page
 * before any http-request rule, the proxy's 503 errorfile while a `monitor
 * fail` condition holds, other URIs going through the rules as usual.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { namedBackend } from '../helpers/named-backends.js';
import { exchange } from '../helpers/net.js';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const REQUESTS = [
  'GET /health HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: h\r\nx-fail: 1\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: h\r\nx-deny: 1\r\n\r\n',
  'GET /health?x HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET http://h/health HTTP/1.1\r\nHost: h\r\n\r\n',
  'HEAD /health HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /health HTTP/1.0\r\n\r\n',
  'POST /health HTTP/1.1\r\nHost: h\r\ncontent-length: 3\r\n\r\nabc',
  'GET /health HTTP/1.1\r\nHost: h\r\n\r\nGET /other HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /other HTTP/1.1\r\nHost: h\r\nx-deny: 1\r\n\r\n',
];

for (const withErrorfile of [true, false]) t.test(`monitor-uri answers like HAProxy (${withErrorfile ? 'a 503 errorfile' : 'the built-in 503'})`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-monitor-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const page = join(dir, '503.http');
  writeFileSync(page, 'HTTP/1.0 503 Custom\r\ncontent-type: text/plain\r\n\r\ncustom 503\n');
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const answers = await underBoth(
    t,
    (port) => `${HTTP_DEFAULTS}
frontend f
    bind 127.0.0.1:${port}
    monitor-uri /health
    monitor fail if { req.hdr(x-fail) 1 }
    http-request deny if { req.hdr(x-deny) 1 }
    http-request return status 299 if { path /health }
${withErrorfile ? `    errorfile 503 ${page}\n` : ''}    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`,
    async (port) => {
      const out: string[] = [];
      for (const r of REQUESTS) out.push((await exchange(port, r, { quietMs: 150 })).data.toString('latin1'));
      return out;
    },
  );
  for (const [i, r] of REQUESTS.entries()) t.equal(answers.tslb[i], answers.haproxy[i], JSON.stringify(r));
  t.match(answers['tslb']?.[0], /^HTTP\/1\.1 200 OK\r\n[^]*Service ready\./, 'the ready page');
  t.match(answers['tslb']?.[1], withErrorfile ? /^HTTP\/1\.0 503 Custom/ : /^HTTP\/1\.1 503 Service Unavailable/, 'failing: the 503 page');
});
