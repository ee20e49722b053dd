/**
 * `use_backend` with a log-format name under tslb and under the real
 * HAProxy 2.6: the name is resolved per request; a name that is no backend
 * ends switching with `default_backend`, skipping the rules after it.
 */
import t from 'tap';
import { namedBackend, request } from '../helpers/named-backends.js';
import { freePort } from '../helpers/net.js';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const REQUESTS: readonly [string, string][] = [
  ['/', 'x-be: a\r\n'],
  ['/', 'x-be: b\r\n'],
  ['/', 'x-be: A\r\n'],
  ['/b', 'x-be: zz\r\n'],
  ['/b', ''],
  ['/', ''],
  ['/', 'x-be: f\r\n'],
];

t.test('dynamic use_backend names resolve like HAProxy', async (t) => {
  const servers = await Promise.all(['sa', 'sb', 'sd'].map((n) => namedBackend(n)));
  t.teardown(() => Promise.all(servers.map((s) => s.close())));
  // A frontend of each proxy's configuration named like a backend (be_f): no backend to switch to.
  const spare = [await freePort(), await freePort()];
  const served = await underBoth(
    t,
    (port) => `${HTTP_DEFAULTS}frontend f
    bind 127.0.0.1:${port}
    use_backend be_%[req.hdr(x-be),lower] if { req.hdr(x-be) -m found }
    use_backend be_b if { path /b }
    default_backend be_d
frontend be_f
    bind 127.0.0.1:${spare.pop()}
    default_backend be_d
backend be_a
    server s 127.0.0.1:${servers[0]?.port}
backend be_b
    server s 127.0.0.1:${servers[1]?.port}
backend be_d
    server s 127.0.0.1:${servers[2]?.port}
`,
    async (port) => {
      const out: string[] = [];
      for (const [path, headers] of REQUESTS) {
        const answer = await request(port, `GET ${path} HTTP/1.1\r\nHost: h\r\n${headers}\r\n`);
        out.push(/\r\nx-server: (\S+)/.exec(answer)?.[1] ?? answer.split('\r\n')[0] ?? '');
      }
      return out;
    },
  );
  t.same(served.tslb, served.haproxy, 'every request in the same backend');
  t.same(served.tslb, ['sa', 'sb', 'sa', 'sd', 'sb', 'sd', 'sd'], 'names resolved per request; an unknown one means default_backend');
});
