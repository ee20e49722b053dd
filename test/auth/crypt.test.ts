/**
 * crypt(3) in TypeScript: the SHA-crypt specification's own vectors, fixed
 * vectors made once on Debian 12 by `openssl passwd` and `mkpasswd` (package
 * whois, not needed to run this test), the same tools' output regenerated at
 * run time with random salts when `openssl` is installed, and libxcrypt
 * itself — the crypt(3) HAProxy links — through perl's built-in crypt(), on
 * edge cases where crypt(3) fails or cuts.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { crypt, parseCryptHash, type CryptHash } from '../../lib/auth/crypt.js';

/** "Unix crypt using SHA-256 and SHA-512", Ulrich Drepper, test vectors: [setting, password, result]. */
const SPEC_VECTORS: readonly (readonly [string, string, string])[] = [
  ['$5$saltstring', 'Hello world!', '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
  ['$5$rounds=10000$saltstringsaltstring', 'Hello world!', '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA'],
  ['$5$rounds=5000$toolongsaltstring', 'This is just a test', '$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5'],
  [
    '$5$rounds=1400$anotherlongsaltstring',
    'a very much longer text to encrypt.  This one even stretches over morethan one line.',
    '$5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1',
  ],
  ['$5$rounds=77777$short', 'we have a short salt string but not a short password', '$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/'],
  ['$5$rounds=123456$asaltof16chars..', 'a short string', '$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD'],
  ['$5$rounds=10$roundstoolow', 'the minimum number is still observed', '$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC'],
  ['$6$saltstring', 'Hello world!', '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
  [
    '$6$rounds=10000$saltstringsaltstring',
    'Hello world!',
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
  ],
  [
    '$6$rounds=5000$toolongsaltstring',
    'This is just a test',
    '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0',
  ],
  [
    '$6$rounds=1400$anotherlongsaltstring',
    'a very much longer text to encrypt.  This one even stretches over morethan one line.',
    '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1',
  ],
  [
    '$6$rounds=77777$short',
    'we have a short salt string but not a short password',
    '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0',
  ],
  [
    '$6$rounds=123456$asaltof16chars..',
    'a short string',
    '$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1',
  ],
  [
    '$6$rounds=10$roundstoolow',
    'the minimum number is still observed',
    '$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.',
  ],
];

/** Made once on Debian 12 (OpenSSL 3.0, whois 5.5.17 mkpasswd, perl over libxcrypt 4.4.33): [tool, password, hash]. */
const LOCAL_VECTORS: readonly (readonly [string, string, string])[] = [
  ['openssl passwd -1 -salt tslbSalt', 'correct horse', '$1$tslbSalt$895dtOCqTaDT1uCZM7JFY/'],
  ['openssl passwd -5 -salt tslbSalt', 'correct horse', '$5$tslbSalt$p2Fc.R..oJhn.KCQyCugCz55/Fe0WNnmcONMiaFi/WC'],
  ['openssl passwd -6 -salt tslbSalt', 'correct horse', '$6$tslbSalt$Y8KsiCePl6He7zH9JUc/5KduwPdfi..9OipHrkTdT2A4fvW6WJNkjVZ7J9HHdJn5A6ICqo6Cwfm6k1UQ4K6041'],
  ['openssl passwd -6 -salt abcdefghijklmnop', 'p@ss:word', '$6$abcdefghijklmnop$/exQMkw0WXQ9OI88Sq21FDdr5UU4vCuP.OYGUKR//4tt32ZJKMiIQdc7I0xGz4zrnVkC/cJ5K859wmE4OzT3z0'],
  ['openssl passwd -6 -salt utf8salt -stdin', 'pässwörd', '$6$utf8salt$Nf6juS0Q3mv0f53eB4BVd6Njt8ABkI/Nw9Yqy9ZA65U6sGRcr2ajrL8Kwlq2SfdEvHi3Rhn/AVzWRrTM5gRn80'],
  ['mkpasswd -m sha512crypt -R 1000', 'battery staple', '$6$rounds=1000$mkpSalt1$teeHSxJibKNzoRzWfLxZFOjvhw8KSrCdbw6jw5QsONPV6JQusG4BXiKLxzPcXY69iTLZRebhCv/3KYOi0QSs/1'],
  ['mkpasswd -m sha256crypt -R 12345', 'battery staple', '$5$rounds=12345$mkpSalt2$CnXLuXQwlKj5WxNSjRjVibA4168qbfXIqXgJuO8wMj4'],
  ['mkpasswd -m md5crypt', 'battery staple', '$1$mkpSalt3$JpZDbekYC2uZVEdYwkWdt.'],
  ['mkpasswd -m sha512crypt', 'battery staple', '$6$mkpSalt4$KL3cIgdDfmJMOiofowLsNG/DVwfo15o07FfJL7xC5KxAAuj5hQu3RuzX7qr/PQArCDMyVBm6rZK2qI6v7F6iK0'],
  ['mkpasswd -m sha512crypt -R 5000', 'battery staple', '$6$rounds=5000$mkpSalt5$Mb5IFWhA2yj/0KZ6mmAntebwgyC8Qr1ve8WMKcib15W9Fam9NRJrehX.kAxs1P/VvAQBVUFWz4NMa6kSPNLW41'],
  ['perl crypt', '', '$5$x$yHbtfs4Y8t6X1xcJemNX.4JQRfUTafA2qQenWGLBee2'],
  ['perl crypt', '', '$1$empty$dcN8YAzH./JGClDgyY17..'],
  ['perl crypt', '', '$6$empty$MWslJBrCvUsbDfvDkNQwBNtJFEGiZ5CHosSR8Ol/yMiSd9JINPGkSH4OfOOVEIp87YcT49Wr.Qp4a8bJCR6y2/'],
  ['perl crypt', 'a'.repeat(511), '$6$long$.q7TEW2ALtTQ6EgEp1Olg3WEJrqZH3DupODnGPu1sk6HtLIxHr5pSDtazx2aT.fWJZf7M0ZtqvdPyyLW1hn5B0'],
  ['perl crypt', 'a'.repeat(511), '$1$long$zbn6u1QD9jevUt14.D7zq0'],
  ['perl crypt', 'x'.repeat(200), '$5$rounds=1000$long$vAgSgZ7xIZH4AyND/uui16t.zH6IzVRb/dhj8BfhsrB'],
];

function mustParse(stored: string): CryptHash {
  const r = parseCryptHash(stored);
  if (!r.ok) throw new Error(`${stored}: ${r.message}`);
  return r.hash;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

t.test('the SHA-crypt specification vectors', async (t) => {
  for (const [setting, password, expected] of SPEC_VECTORS) t.equal(crypt(Buffer.from(password), setting), expected, setting);
});

t.test('vectors made by openssl, mkpasswd and libxcrypt verify, and a wrong password does not', async (t) => {
  for (const [tool, password, stored] of LOCAL_VECTORS) {
    t.equal(crypt(Buffer.from(password), stored), stored, `${tool}: crypt`);
    const h = mustParse(stored);
    t.ok(h.verify(Buffer.from(password)), `${tool}: verify`);
    t.notOk(h.verify(Buffer.from(`${password}x`)), `${tool}: a longer password`);
    if (password !== '') t.notOk(h.verify(Buffer.from(password.slice(0, -1))), `${tool}: a shorter password`);
  }
});

t.test('openssl passwd, run now with random salts and passwords', { skip: has('openssl') ? false : 'openssl is not installed' }, async (t) => {
  for (const kind of ['1', '5', '6']) {
    for (let i = 0; i < 3; i++) {
      const salt = randomBytes(12).toString('base64').replace(/\+/g, '.').slice(0, kind === '1' ? 8 : 16);
      const password = randomBytes(1 + i * 20).toString('base64');
      const out = spawnSync('openssl', ['passwd', `-${kind}`, '-salt', salt, '-stdin'], { input: password, encoding: 'latin1' });
      const stored = out.stdout.trim();
      t.equal(crypt(Buffer.from(password), `$${kind}$${salt}`), stored, `-${kind} -salt ${salt}`);
      t.ok(mustParse(stored).verify(Buffer.from(password)));
    }
  }
});

/**
 * libxcrypt through perl's crypt() (perl-base is essential on Debian):
 * settings where crypt(3) fails, cuts the salt or reads rounds, and password
 * bytes beyond ASCII. libxcrypt answers a failure with a '*' token.
 */
t.test('equals libxcrypt on edge cases', { skip: has('perl') ? false : 'perl is not installed' }, async (t) => {
  const cases: (readonly [Buffer, string])[] = [];
  const settings = [
    '$6$salt$', '$6$salt', '$6$', '$6$$', '$6$salt$garbage', '$6$0123456789abcdefXYZ$', '$6$sa_lt$', '$6$sa!lt$', '$6$sa*lt$', '$6$sa:lt$',
    '$6$sa;lt$', '$6$sa\\lt$', '$6$sa lt$', '$6$sa\tlt$', '$6$s\u00e9lt$', '$6$salt$ab c', '$6$rounds=1000$salt$', '$6$rounds=01000$salt$',
    '$6$rounds=+1000$salt$', '$6$rounds=$salt$', '$6$rounds=abc$salt$', '$6$rounds=1000', '$6$ROUNDS=1000$salt$', '$6$rounds=1000$$',
    '$5$rounds=1001$x$', '$5$"#%&\'()+,-./<=>?@[]^_`{|}~$', '$1$', '$1$$', '$1$saltsaltX$', '$1$salt', '$1$rounds=1000$x$', '$1$sa;t$', '$1$a$b$c',
  ];
  for (const s of settings) cases.push([Buffer.from('pw'), s]);
  for (const p of [Buffer.alloc(0), Buffer.from([0xff, 0x80, 0x01, 0x7f]), Buffer.alloc(511, 'b'), Buffer.alloc(512, 'b'), Buffer.alloc(1000, 'c')]) {
    for (const s of ['$1$bytes$', '$5$bytes$', '$6$bytes$']) cases.push([p, s]);
  }
  const input = cases.map(([p, s]) => `${p.toString('hex')} ${Buffer.from(s, 'latin1').toString('hex')}\n`).join('');
  const script = 'while (<STDIN>) { chomp; my ($p, $s) = split / /, $_, 2; my $r = crypt(pack("H*", $p), pack("H*", $s)); print((defined $r ? $r : "*"), "\\n"); }';
  const out = spawnSync('perl', ['-e', script], { input, encoding: 'latin1' });
  const results = out.stdout.split('\n');
  t.equal(results.length, cases.length + 1);
  cases.forEach(([p, s], i) => {
    const libxcrypt = results[i] as string;
    const ours = crypt(p, s);
    t.equal(ours ?? '*', libxcrypt.startsWith('*') ? '*' : libxcrypt, `${p.length}-byte password, setting ${JSON.stringify(s)}`);
  });
});

t.test('parseCryptHash names what tslb cannot verify and what can never match', async (t) => {
  const unsupported: readonly (readonly [string, RegExp])[] = [
    ['$y$j9T$.O7DrR1h1GWKfuaD.Xq1T1$3W8rDC71ULrTdrURuLryKtYUlYsCjW4nCTjBn88AUt.', /yescrypt/],
    ['$2b$05$p1js1pgZ7hbE2AgPWsTzE.CRFlIDqMuOvLQE6/JP47HQeSZgK1pGe', /bcrypt/],
    ['abiQ6Ep3EYTHc', /traditional DES/],
    ['_J9..rasmBYk8r9AiWNc', /BSDi/],
    ['', /unknown/],
    ['$9$x$y', /unknown/],
  ];
  for (const [stored, name] of unsupported) {
    const r = parseCryptHash(stored);
    t.same(r.ok ? undefined : r.unsupported, true, stored);
    t.match(r.ok ? '' : r.message, name, stored);
  }
  const good = '$6$tslbSalt$Y8KsiCePl6He7zH9JUc/5KduwPdfi..9OipHrkTdT2A4fvW6WJNkjVZ7J9HHdJn5A6ICqo6Cwfm6k1UQ4K6041';
  const never: readonly (readonly [string, RegExp])[] = [
    ['$6$rounds=10$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.', /rounds=10 is outside/],
    ['$6$rounds=1000000000$salt$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.', /outside/],
    ['$6$rounds=01000$salt$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.', /leading zero/],
    ['$6$saltstringsaltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1', /longer than 16/],
    ['$1$saltsaltX$6SNdNaZLKst2LlSm7oPPL1', /longer than 8/],
    ['$6$sa!t$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1', /refuses/],
    ['$6$tslbSalt', /not a sha512 digest/],
    ['$6$tslbSalt$', /not a sha512 digest/],
    [good.slice(0, -1), /not a sha512 digest/],
    [`${good}.`, /not a sha512 digest/],
    // The last character carries 2 bits of a SHA-512 digest, 4 of a SHA-256 one, 2 of an MD5 one.
    [`${good.slice(0, -1)}2`, /not a sha512 digest/],
    ['$5$tslbSalt$p2Fc.R..oJhn.KCQyCugCz55/Fe0WNnmcONMiaFi/WE', /not a sha256 digest/],
    ['$1$tslbSalt$895dtOCqTaDT1uCZM7JFY2', /not a md5 digest/],
  ];
  for (const [stored, why] of never) {
    const r = parseCryptHash(stored);
    t.same(r.ok ? undefined : r.unsupported, false, stored);
    t.match(r.ok ? '' : r.message, why, stored);
  }
  t.match(parseCryptHash('$5$tslbSalt$p2Fc.R..oJhn.KCQyCugCz55/Fe0WNnmcONMiaFi/WD'), { ok: true }, 'the largest last character of a SHA-256 hash');
});

t.test('a parsed hash reports its scheme and cost, and refuses passwords crypt(3) refuses', async (t) => {
  t.match(mustParse('$6$rounds=1000$mkpSalt1$teeHSxJibKNzoRzWfLxZFOjvhw8KSrCdbw6jw5QsONPV6JQusG4BXiKLxzPcXY69iTLZRebhCv/3KYOi0QSs/1'), { scheme: 'sha512', rounds: 1000 });
  t.match(mustParse('$5$tslbSalt$p2Fc.R..oJhn.KCQyCugCz55/Fe0WNnmcONMiaFi/WC'), { scheme: 'sha256', rounds: 5000 });
  t.match(mustParse('$1$tslbSalt$895dtOCqTaDT1uCZM7JFY/'), { scheme: 'md5', rounds: 1000 });
  // 512 bytes whose first 511 are the password of the vector: libxcrypt fails rather than truncating.
  const h = mustParse('$1$long$zbn6u1QD9jevUt14.D7zq0');
  t.ok(h.verify(Buffer.alloc(511, 'a')));
  t.notOk(h.verify(Buffer.alloc(512, 'a')));
  t.equal(crypt(Buffer.alloc(512, 'a'), '$1$long$'), undefined);
});
