/**
 * Log-format parts of `http-request return` / `deny` and `http-response
 * return` under tslb and under the real HAProxy 2.6: `lf-string` and
 * `lf-file` bodies and `hdr` values with `%[...]`, built per request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { namedBackend, request } from '../helpers/named-backends.js';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const REQUESTS = [
  'GET /lf?x=1 HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /lf?x=22 HTTP/1.1\r\nHost: h\r\nx-name: bob\r\n\r\n',
  'GET /file HTTP/1.1\r\nHost: h\r\nx-name: ann\r\n\r\n',
  'GET /deny HTTP/1.1\r\nHost: h\r\nx-name: eve\r\n\r\n',
  'GET /plain HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /res HTTP/1.1\r\nHost: h\r\n\r\n',
];

t.test('log-format replies like HAProxy', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-return-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'body.lf');
  writeFileSync(file, 'hello %[req.hdr(x-name)] on %[path]\n');
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const answers = await underBoth(
    t,
    (port) => `${HTTP_DEFAULTS}frontend f
    bind 127.0.0.1:${port}
    http-request return status 200 content-type text/plain lf-string "x is %[url_param(x)], len %[url_param(x),length]" hdr x-who "%[req.hdr(x-name)]" hdr x-fixed yes if { path /lf }
    http-request return status 201 content-type text/plain lf-file ${file} if { path /file }
    http-request deny deny_status 403 content-type text/plain lf-string "no %[req.hdr(x-name)]" if { path /deny }
    http-request return status 202 content-type text/plain string "plain %[src]" hdr x-m "%[method]" if { path /plain }
    http-response return status 203 content-type text/plain lf-string "was %[method]" if { path /res } || { status 200 }
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`,
    async (port) => {
      const out: string[] = [];
      for (const r of REQUESTS) out.push(await request(port, r));
      return out;
    },
  );
  for (const [i, r] of REQUESTS.entries()) t.equal(answers.tslb[i], answers.haproxy[i], JSON.stringify(r.split('\r\n')[0]));
  t.match(answers.tslb[1], /x-who: bob\r\n[^]*x is 22, len 2$/, 'built per request');
});
