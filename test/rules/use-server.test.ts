/**
 * `use-server` under tslb and under the real HAProxy 2.6: the first rule
 * whose condition holds sends the request to its server, ahead of the
 * persistence cookie and of balancing; a rule naming a server in
 * maintenance is passed over for the next one.
 */
import t from 'tap';
import { namedBackend, request } from '../helpers/named-backends.js';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const REQUESTS: readonly [string, string][] = [
  ['/', ''],
  ['/two', ''],
  ['/two', 'cookie: SRV=s1\r\n'],
  ['/three', ''],
  ['/three', 'x-s: 1\r\n'],
  ['/', 'x-s: 1\r\n'],
  ['/', 'cookie: SRV=s2\r\n'],
  ['/', ''],
  ['/two', 'x-s: 1\r\n'],
];

t.test('use-server picks the server like HAProxy', async (t) => {
  const servers = await Promise.all(['s1', 's2', 's3'].map((n) => namedBackend(n)));
  t.teardown(() => Promise.all(servers.map((s) => s.close())));
  const served = await underBoth(
    t,
    (port) => `${HTTP_DEFAULTS}listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    cookie SRV insert indirect nocache
    use-server s2 if { path /two }
    use-server s3 if { path /three }
    use-server s1 if { req.hdr(x-s) 1 }
${servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port} cookie ${s.name}${s.name === 's3' ? ' disabled' : ''}\n`).join('')}`,
    async (port) => {
      const out: string[] = [];
      for (const [path, headers] of REQUESTS) {
        const answer = await request(port, `GET ${path} HTTP/1.1\r\nHost: h\r\n${headers}\r\n`);
        out.push(`${/\r\nx-server: (\S+)/.exec(answer)?.[1] ?? answer.split('\r\n')[0]} ${/\r\nset-cookie: (\S+)/.exec(answer)?.[1] ?? '-'}`);
      }
      return out;
    },
  );
  t.same(served.tslb, served.haproxy, 'every request on the same server, with the same cookie');
  t.equal(served.tslb[1]?.split(' ')[0], 's2', 'use-server s2 for /two');
  t.equal(served.tslb[2]?.split(' ')[0], 's2', 'ahead of the cookie');
});
