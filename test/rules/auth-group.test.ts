/**
 * `http_auth_group(<userlist>) <group> ...` under tslb and under the real
 * HAProxy 2.6: membership by a user's `groups` and by a group's `users`,
 * wrong passwords and unknown users, each request answered alike.
 */
import t from 'tap';
import { namedBackend, request } from '../helpers/named-backends.js';
import { underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

const basic = (user: string, password: string): string => `authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}\r\n`;

const CASES: readonly [string, string][] = [
  ['no credentials', ''],
  ['alice, admin by her groups', basic('alice', 'a')],
  ['alice, wrong password', basic('alice', 'x')],
  ['bob, admin by the group line', basic('bob', 'b')],
  ['carol, only ops', basic('carol', 'c')],
  ['dave, no group', basic('dave', 'd')],
  ['unknown user', basic('eve', 'e')],
];

t.test('http_auth_group matches like HAProxy', async (t) => {
  const be = await namedBackend('b');
  t.teardown(() => be.close());
  const answers = await underBoth(
    t,
    (port) => `
userlist L
    group admin users bob
    group ops
    user alice insecure-password a groups admin,ops
    user bob insecure-password b
    user carol insecure-password c groups ops
    user dave insecure-password d
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend f
    bind 127.0.0.1:${port}
    acl admins http_auth_group(L) admin
    acl staff http_auth_group(L) admin ops
    http-request return status 201 if admins
    http-request return status 202 if staff
    http-request set-header x-user %[http_auth_group(L)]
    default_backend b
backend b
    server s 127.0.0.1:${be.port}
`,
    async (port) => {
      const out: string[] = [];
      for (const [, headers] of CASES) out.push((await request(port, `GET / HTTP/1.1\r\nHost: h\r\n${headers}\r\n`)).split('\r\n')[0] ?? '');
      return out;
    },
  );
  for (const [i, [what]] of CASES.entries()) t.equal(answers.tslb[i], answers.haproxy[i], what);
  t.match(answers.tslb[1], / 201 /, 'an admin');
  t.match(answers.tslb[4], / 202 /, 'staff');
});
