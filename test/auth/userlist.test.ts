/**
 * The run-time userlist: password checks for each kind of password, group
 * membership from both `group ... users` and `user ... groups`, the per-user
 * cache of verified passwords, and the problems the configuration refuses.
 */
import t from 'tap';
import type { Userlist as UserlistConfig, UserlistUser } from '../../lib/config/model/sections.js';
import { Userlist, userlistProblems } from '../../lib/auth/userlist.js';

const place = (line: number): { file: string; line: number } => ({ file: 'lb.cfg', line });

function user(name: string, password: UserlistUser['password'], groups: string[] = [], line = 1): UserlistUser {
  return { place: place(line), name, password, groups };
}

const CONFIG: UserlistConfig = {
  place: place(1),
  name: 'L',
  groups: [
    { place: place(2), name: 'G1', users: ['alice'] },
    { place: place(3), name: 'G2', users: [] },
    { place: place(4), name: 'G3', users: ['bob', 'carol'] },
  ],
  users: [
    user('alice', { kind: 'insecure', value: 'secret' }, ['G2'], 5),
    // openssl passwd -6 -salt tslbSalt 'correct horse'
    user('bob', { kind: 'crypt', value: '$6$tslbSalt$Y8KsiCePl6He7zH9JUc/5KduwPdfi..9OipHrkTdT2A4fvW6WJNkjVZ7J9HHdJn5A6ICqo6Cwfm6k1UQ4K6041' }, [], 6),
    // openssl passwd -1 -salt tslbSalt 'correct horse'
    user('carol', { kind: 'crypt', value: '$1$tslbSalt$895dtOCqTaDT1uCZM7JFY/' }, [], 7),
    user('d\u00e9sir\u00e9e', { kind: 'insecure', value: 'p\u00e4ss' }, [], 8),
    // openssl passwd -6 -salt utf8salt 'pässwörd' (UTF-8)
    user('eve', { kind: 'crypt', value: '$6$utf8salt$Nf6juS0Q3mv0f53eB4BVd6Njt8ABkI/Nw9Yqy9ZA65U6sGRcr2ajrL8Kwlq2SfdEvHi3Rhn/AVzWRrTM5gRn80' }, [], 9),
    user('mallory', { kind: 'crypt', value: '$y$j9T$.O7DrR1h1GWKfuaD.Xq1T1$3W8rDC71ULrTdrURuLryKtYUlYsCjW4nCTjBn88AUt.' }, [], 10),
    user('trent', { kind: 'crypt', value: '$6$rounds=10$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.' }, [], 11),
    user('alice', { kind: 'insecure', value: 'second' }, [], 12),
  ],
};

/** A string of UTF-8 text as the bytes a client sends, one character per byte. */
const wire = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

t.test('check: insecure and crypt passwords, unknown users, unusable hashes', async (t) => {
  const list = new Userlist(CONFIG);
  t.equal(list.name, 'L');
  t.ok(list.check('alice', 'secret'));
  t.notOk(list.check('alice', 'Secret'));
  t.notOk(list.check('alice', 'secret '));
  t.notOk(list.check('alice', ''));
  t.notOk(list.check('alice', 'second'), 'a repeated user: the first one counts');
  t.ok(list.check('bob', 'correct horse'));
  t.notOk(list.check('bob', 'correct horsE'));
  t.ok(list.check('carol', 'correct horse'));
  t.notOk(list.check('carol', 'secret'));
  t.ok(list.check(wire('d\u00e9sir\u00e9e'), wire('p\u00e4ss')), 'a non-ASCII user and insecure password, as UTF-8 bytes');
  t.notOk(list.check('d\u00e9sir\u00e9e', 'p\u00e4ss'), 'latin-1 bytes are other bytes');
  t.ok(list.check('eve', wire('p\u00e4ssw\u00f6rd')), 'a crypt hash of UTF-8 bytes');
  t.notOk(list.check('nobody', 'secret'));
  t.notOk(list.check('mallory', 'x'), 'an unsupported scheme never matches');
  t.notOk(list.check('trent', 'the minimum number is still observed'), 'out-of-range rounds never match');
});

t.test('a verified password is remembered per user; a wrong one never hits', async (t) => {
  const list = new Userlist(CONFIG);
  t.same(list.stats(), { verifications: 0, cacheHits: 0 });
  t.ok(list.check('bob', 'correct horse'));
  t.same(list.stats(), { verifications: 1, cacheHits: 0 });
  t.ok(list.check('bob', 'correct horse'));
  t.same(list.stats(), { verifications: 1, cacheHits: 1 });
  t.notOk(list.check('bob', 'wrong'));
  t.notOk(list.check('bob', 'wrong'));
  t.same(list.stats(), { verifications: 3, cacheHits: 1 }, 'every wrong password pays a full crypt');
  t.notOk(list.check('carol', 'wrong'), 'the entry belongs to its user');
  t.ok(list.check('bob', 'correct horse'), 'a failure does not evict');
  t.same(list.stats(), { verifications: 4, cacheHits: 2 });
  t.ok(list.check('carol', 'correct horse'));
  t.ok(list.check('alice', 'secret'));
  t.same(list.stats(), { verifications: 5, cacheHits: 2 }, 'insecure passwords are not cached');
  t.same(new Userlist(CONFIG).stats(), { verifications: 0, cacheHits: 0 }, 'a new list starts empty');
});

t.test('groups from group lines and from user lines', async (t) => {
  const list = new Userlist(CONFIG);
  t.ok(list.hasGroup('G1'));
  t.ok(list.hasGroup('G2'));
  t.notOk(list.hasGroup('GX'));
  t.ok(list.inAnyGroup('alice', ['G1']), 'from group G1 users alice');
  t.ok(list.inAnyGroup('alice', ['G2']), 'from user alice groups G2');
  t.notOk(list.inAnyGroup('alice', ['G3']));
  t.ok(list.inAnyGroup('bob', ['G1', 'G3']), 'any of the groups');
  t.notOk(list.inAnyGroup('bob', ['G1', 'G2']));
  t.notOk(list.inAnyGroup('bob', []));
  t.notOk(list.inAnyGroup('nobody', ['G1', 'G2', 'G3']));
  t.notOk(list.inAnyGroup(wire('d\u00e9sir\u00e9e'), ['G1', 'G2', 'G3']));
});

t.test('userlistProblems: one per unusable hash, with its user and line', async (t) => {
  const problems = userlistProblems(CONFIG);
  t.match(problems, [
    { place: { file: 'lb.cfg', line: 10 }, user: 'mallory', unsupported: true, message: /^password of user 'mallory' in userlist 'L': unsupported crypt\(3\) scheme \(yescrypt\)/ },
    { place: { file: 'lb.cfg', line: 11 }, user: 'trent', unsupported: false, message: /rounds=10 is outside .* so no password can match this hash$/ },
  ]);
  t.equal(problems.length, 2);
});
