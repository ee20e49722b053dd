/**
 * Userlist authentication against the real HAProxy 2.6: one userlist with
 * an insecure password and hashes of each crypt(3) kind (some that can never
 * match), behind `http-request auth` with and without a realm and behind an
 * `http_auth_group` ACL. For correct, wrong, missing and malformed
 * credentials, the status, `www-authenticate` and body HAProxy sends must be
 * what lib/auth decides; a probe frontend shows the user and password bytes
 * HAProxy read (`http_auth_user`, `http_auth_pass`), which must be what
 * parseBasicAuthorization reads.
 */
import t from 'tap';
import { basicChallenge, parseBasicAuthorization } from '../../lib/auth/basic.js';
import { Userlist } from '../../lib/auth/userlist.js';
import type { Userlist as UserlistConfig, UserlistUser } from '../../lib/config/model/sections.js';
import { builtInPage } from '../../lib/http/error-pages.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { exchange, freePort } from '../helpers/net.js';

/** [name, password as configured, the password that matches (undefined: none can), groups]. */
const USERS: readonly (readonly [string, UserlistUser['password'], string | undefined, readonly string[]])[] = [
  ['alice', { kind: 'insecure', value: 'secret' }, 'secret', ['G2']],
  ['dave', { kind: 'insecure', value: '' }, '', []],
  ['md5', { kind: 'crypt', value: '$1$tslbSalt$895dtOCqTaDT1uCZM7JFY/' }, 'correct horse', []],
  ['sha256', { kind: 'crypt', value: '$5$tslbSalt$p2Fc.R..oJhn.KCQyCugCz55/Fe0WNnmcONMiaFi/WC' }, 'correct horse', []],
  ['sha256r', { kind: 'crypt', value: '$5$rounds=12345$mkpSalt2$CnXLuXQwlKj5WxNSjRjVibA4168qbfXIqXgJuO8wMj4' }, 'battery staple', []],
  ['sha512', { kind: 'crypt', value: '$6$tslbSalt$Y8KsiCePl6He7zH9JUc/5KduwPdfi..9OipHrkTdT2A4fvW6WJNkjVZ7J9HHdJn5A6ICqo6Cwfm6k1UQ4K6041' }, 'correct horse', []],
  ['sha512r', { kind: 'crypt', value: '$6$rounds=1000$mkpSalt1$teeHSxJibKNzoRzWfLxZFOjvhw8KSrCdbw6jw5QsONPV6JQusG4BXiKLxzPcXY69iTLZRebhCv/3KYOi0QSs/1' }, 'battery staple', ['G1']],
  ['utf8', { kind: 'crypt', value: '$6$utf8salt$Nf6juS0Q3mv0f53eB4BVd6Njt8ABkI/Nw9Yqy9ZA65U6sGRcr2ajrL8Kwlq2SfdEvHi3Rhn/AVzWRrTM5gRn80' }, 'p\u00e4ssw\u00f6rd', ['G2']],
  // The specification's clamped vector: crypt(3) writes rounds=1000, so the stored rounds=10 never matches.
  ['toolow', { kind: 'crypt', value: '$6$rounds=10$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.' }, undefined, []],
  // The specification's vector with its 20-character salt kept: crypt(3) cuts it to 16.
  ['longsalt', { kind: 'crypt', value: '$6$saltstringsaltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1' }, undefined, []],
];
const TOOLOW_PASSWORD = 'the minimum number is still observed';
const LONGSALT_PASSWORD = 'Hello world!';
const GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['G1', ['alice', 'md5']],
  ['G2', []],
  ['G3', ['sha256']],
];

const place = { file: 'haproxy.cfg', line: 1 };
const CONFIG: UserlistConfig = {
  place,
  name: 'L',
  groups: GROUPS.map(([name, users]) => ({ place, name, users })),
  users: USERS.map(([name, password, , groups]) => ({ place, name, password, groups })),
};

/** Base64 of UTF-8 text. */
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Each request: its header lines, as [name, value] pairs. */
const REQUESTS: (readonly (readonly [string, string])[])[] = [[]];
for (const [name, , password] of USERS) {
  if (password !== undefined) REQUESTS.push([['authorization', `Basic ${b64(`${name}:${password}`)}`]]);
  REQUESTS.push([['authorization', `Basic ${b64(`${name}:${password ?? ''}x`)}`]]);
}
const ALICE = b64('alice:secret');
for (const value of [
  `Basic ${b64(`toolow:${TOOLOW_PASSWORD}`)}`,
  `Basic ${b64(`longsalt:${LONGSALT_PASSWORD}`)}`,
  `Basic ${b64('nobody:secret')}`,
  `Basic ${b64('Alice:secret')}`,
  `basic ${ALICE}`,
  `BAS ${ALICE}`,
  `B ${ALICE}`,
  `Basicx ${ALICE}`,
  `Bearer ${ALICE}`,
  `Basic   ${ALICE}`,
  `Basic\t${ALICE}`,
  `Basic ${ALICE} , foo`,
  `Basic ${b64('x')}, Basic ${ALICE}`,
  `, Basic ${ALICE}`,
  'Basic',
  '',
  `Basic ${b64('alicesecret')}`,
  `Basic ${b64('alice:')}`,
  `Basic ${b64(':secret')}`,
  `Basic ${b64('alice:secret:')}`,
  `Basic ${b64('alice:secret\0junk')}`,
  `Basic ${b64('al\0ice:secret')}`,
  `Basic ${b64('dave:\0x')}`,
  'Basic YWxpY2U6c2VjcmV',
  'Basic YWxpY2U6c2VjcmV0=',
  'Basic YWxpY2U6c2VjcmV0==',
  'Basic YWxpY2U6====',
  'Basic YQ==YQ==',
  'Basic YWxpY2U6YW=j',
  'Basic YWxp Y2U6c2VjcmV0',
  'Basic YWxpY2U6c2Vj-_V0',
  'Basic c2hhNTEycjpiYXR0ZXJ5IHN0YXBsZR==',
  'Basic ZGF2ZToAA===',
  `Basic "${ALICE}"`,
]) {
  REQUESTS.push([['authorization', value]]);
}
REQUESTS.push([['authorization', ''], ['authorization', `Basic ${ALICE}`]]);
REQUESTS.push([['authorization', `Basic ${ALICE}`], ['authorization', `Basic ${b64('x')}`]]);
REQUESTS.push([['Authorization', `Basic ${ALICE}`]]);
REQUESTS.push([['proxy-authorization', `Basic ${ALICE}`]]);
REQUESTS.push([['authorization', `Basic ${b64(`md5:correct horse`)}`], ['authorization', `Basic ${b64('md5:wrong')}`]]);

interface Reply {
  readonly status: number;
  readonly challenge: string | undefined;
  readonly body: string;
}

function parseReply(raw: Buffer): Reply {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const lines = text.slice(0, end).split('\r\n');
  const challenges = lines.filter((l) => /^www-authenticate:/i.test(l)).map((l) => l.slice(l.indexOf(':') + 1).trim());
  return { status: Number(lines[0]?.split(' ')[1]), challenge: challenges.join('\n') || undefined, body: text.slice(end + 4) };
}

function send(port: number, headers: readonly (readonly [string, string])[]): Promise<Buffer> {
  const head = headers.map(([n, v]) => `${n}: ${v}\r\n`).join('');
  return exchange(port, Buffer.from(`GET / HTTP/1.1\r\nhost: x\r\n${head}connection: close\r\n\r\n`, 'latin1')).then((r) => r.data);
}

t.test('decisions, challenges and bodies equal HAProxy 2.6', async (t) => {
  const [realmPort, plainPort, groupPort, probePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const cfg = [
    'defaults',
    '    mode http',
    '    timeout client 5s',
    '    timeout connect 5s',
    '    timeout server 5s',
    'userlist L',
    ...GROUPS.map(([name, users]) => `    group ${name}${users.length > 0 ? ` users ${users.join(',')}` : ''}`),
    ...USERS.map(([name, p, , groups]) => `    user ${name} ${p.kind === 'crypt' ? 'password' : 'insecure-password'} '${p.value}'${groups.length > 0 ? ` groups ${groups.join(',')}` : ''}`),
    'frontend fe_realm',
    `    bind 127.0.0.1:${realmPort}`,
    '    http-request auth realm X unless { http_auth(L) }',
    '    http-request return status 200 content-type text/plain lf-string ok',
    'frontend fe_plain',
    `    bind 127.0.0.1:${plainPort}`,
    '    http-request auth unless { http_auth(L) }',
    '    http-request return status 200 content-type text/plain lf-string ok',
    'frontend fe_group',
    `    bind 127.0.0.1:${groupPort}`,
    '    http-request auth realm Group\\ Realm unless { http_auth_group(L) G1 G2 }',
    '    http-request return status 200 content-type text/plain lf-string ok',
    'frontend fe_probe',
    `    bind 127.0.0.1:${probePort}`,
    '    http-request set-var(txn.type) http_auth_type',
    '    http-request set-var(txn.user) http_auth_user',
    '    http-request set-var(txn.pass) http_auth_pass',
    '    http-request return status 200 content-type text/plain lf-string "%[var(txn.type)]|%[var(txn.user),hex]|%[var(txn.pass),hex]"',
    '',
  ].join('\n');
  const haproxy = await startHaproxy(cfg, probePort);
  t.teardown(() => haproxy.stop());

  const list = new Userlist(CONFIG);
  const page401 = parseReply(builtInPage(401)?.bytes ?? Buffer.alloc(0)).body;
  const frontends = [
    { name: 'fe_realm', port: realmPort, realm: 'X', groups: undefined },
    { name: 'fe_plain', port: plainPort, realm: undefined, groups: undefined },
    { name: 'fe_group', port: groupPort, realm: 'Group Realm', groups: ['G1', 'G2'] },
  ];
  let accepted = 0;
  for (const headers of REQUESTS) {
    const label = JSON.stringify(headers);
    const first = headers.find(([n]) => n.toLowerCase() === 'authorization');
    const creds = first === undefined ? undefined : parseBasicAuthorization(first[1]);

    const probe = (await send(probePort, headers)).toString('latin1');
    const [type, user, pass] = probe.slice(probe.indexOf('\r\n\r\n') + 4).split('|');
    const theirs = type === 'Basic' ? [Buffer.from(user ?? '', 'hex').toString('latin1'), Buffer.from(pass ?? '', 'hex').toString('latin1')] : undefined;
    t.same(creds === undefined ? undefined : [creds.user, creds.password], theirs, `credentials read from ${label}`);

    const valid = creds !== undefined && list.check(creds.user, creds.password);
    for (const fe of frontends) {
      const ok = valid && (fe.groups === undefined || list.inAnyGroup(creds.user, fe.groups));
      if (ok) accepted++;
      const ours: Reply = ok ? { status: 200, challenge: undefined, body: 'ok' } : { status: 401, challenge: basicChallenge(fe.realm, fe.name), body: page401 };
      t.same(parseReply(await send(fe.port, headers)), ours, `${fe.name}: ${label}`);
    }
  }
  // Right passwords: 8 users on two frontends, 4 of them group members on the third; then 5 spellings of
  // alice's header, alice before a NUL, dave's empty password twice, leftover base64 bits, the first of
  // two headers, a capitalised name and md5 before a wrong second header.
  t.equal(accepted, 8 * 2 + 4 + 5 * 3 + 3 + 2 * 2 + 3 + 3 + 3 + 3);
});
