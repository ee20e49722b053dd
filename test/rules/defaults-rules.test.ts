/**
 * Rules of a named `defaults` section under tslb and under the real HAProxy
 * 2.6: they run before the proxy's own, as one list — an `allow` or
 * `accept` there ends the proxy's rules too — with the defaults' ACLs, even
 * where the proxy has an ACL of the same name.
 */
import t from 'tap';
import { namedBackend, request } from '../helpers/named-backends.js';

import { underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);


const CASES: readonly [string, string][] = [
  ['127.0.0.2', '/a'],
  ['127.0.0.2', '/r'],
  ['127.0.0.2', '/x'],
  ['127.0.0.3', '/x'],
  ['127.0.0.4', '/x'],
  ['127.0.0.2', '/y'],
  ['127.0.0.2', '/same'],
];

t.test('named defaults rules run first, like HAProxy', async (t) => {
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const answers = await underBoth(
    t,
    (port) => `
defaults d
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    acl is_a path /a
    acl same path /same
    tcp-request connection accept if { src 127.0.0.3 }
    tcp-request connection reject if { src 127.0.0.4 }
    http-request allow if is_a
    http-request set-header x-d 1
    http-request return status 201 if { path /r }
    http-request return status 203 if same
    http-response set-header x-dres 1
frontend f from d
    bind 127.0.0.1:${port}
    acl same path /other
    tcp-request connection reject if { src 127.0.0.3 }
    http-request deny if { path /a }
    http-request return status 202 if { path /r }
    http-request return status 200 content-type text/plain lf-string "d=%[req.hdr(x-d)]" if { path /x }
    default_backend b
defaults plain
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
backend b from plain
    server s 127.0.0.1:${be.port}
`,
    async (port) => {
      const out: string[] = [];
      for (const [from, path] of CASES) out.push(await request(port, `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`, 3000, from));
      return out;
    },
  );
  for (const [i, [from, path]] of CASES.entries()) t.equal(answers.tslb[i], answers.haproxy[i], `${from} ${path}`);
  t.match(answers.tslb[0], /^HTTP\/1\.1 200 [^]*x-dres: 1/, "the defaults' allow ends the proxy's rules too");
  t.match(answers.tslb[6], /^HTTP\/1\.1 203 /, "the defaults' ACL, not the proxy's of the same name");
});
