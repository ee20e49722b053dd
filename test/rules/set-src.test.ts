/**
 * `http-request set-src` and `tcp-request connection set-src` under tslb and
 * under the real HAProxy 2.6: the new address is what `src` reads, what
 * X-Forwarded-For says and what stick tables count; no address, no change.
 */
import t from 'tap';
import { namedBackend, request } from '../helpers/named-backends.js';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const REQUESTS = [
  'GET / HTTP/1.1\r\nHost: h\r\nx-real-ip: 10.1.2.3\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: h\r\nx-real-ip: 2001:db8::7\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: h\r\nx-real-ip: not an address\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /masked HTTP/1.1\r\nHost: h\r\nx-real-ip: 10.9.8.7\r\n\r\n',
];

for (const set of ['http-request', 'tcp-request connection'] as const) {
  t.test(`${set} set-src like HAProxy`, async (t) => {
    const be = await namedBackend('b');
    t.teardown(() => be.close());
    const rules =
      set === 'http-request'
        ? `    http-request set-src req.hdr(x-real-ip)
    http-request set-src src,ipmask(16) if { path /masked }`
        : '    tcp-request connection set-src ipv4(10.20.30.40)';
    const heads = await underBoth(
      t,
      (port) => `${HTTP_DEFAULTS}frontend f
    bind 127.0.0.1:${port}
    option forwardfor
${rules}
    http-request set-header x-src "%[src] %[src_port,bool]"
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`,
      async (port) => {
        be.heads.length = 0;
        for (const r of REQUESTS) await request(port, r);
        return be.heads.map((h) => h.split('\r\n').filter((l) => /^(x-forwarded-for|x-src):/i.test(l)).join(' | '));
      },
    );
    for (const [i, r] of REQUESTS.entries()) t.equal(heads.tslb[i], heads.haproxy[i], JSON.stringify(r.split('\r\n').slice(0, 3).join(' ')));
  });
}
