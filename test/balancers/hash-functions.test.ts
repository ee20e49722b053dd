/**
 * The hash functions of `hash-type` and the avalanche mixer against HAProxy
 * 2.6.12: fixed vectors that HAProxy's own converters printed (`sdbm`,
 * `djb2`, `wt6`, `crc32`, each also with avalanche: `sdbm(1)` ...), then the
 * same converters run live on more keys — every byte value HAProxy accepts
 * in a header, long keys — and compared one by one. Also the address hash of
 * `balance source`.
 */
import { connect } from 'node:net';
import t from 'tap';
import { avalanche, crc32, djb2, HASH_FUNCTIONS, sdbm, wt6 } from '../../lib/balancers/hash-functions.js';
import { addressHash } from '../../lib/balancers/source.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';

/** key → [sdbm, sdbm(1), djb2, djb2(1), wt6, wt6(1), crc32, crc32(1)] as printed by HAProxy 2.6.12. */
const VECTORS: Record<string, readonly number[]> = {
  a: [97, 1830748055, 177670, 3548763807, 1900802597, 1986649387, 3904355907, 1288200982],
  abc: [807794786, 659243622, 193485963, 2235766107, 2483038440, 266135527, 891568578, 930845320],
  '/uri': [3301934461, 3359831051, 2088293924, 3717673886, 1286509862, 2600352473, 2722629703, 2655783288],
  'hello world': [430867652, 261123301, 894552257, 2328455893, 1866899626, 2174767729, 222957957, 2832483188],
  'caf\xe9': [776778689, 174747283, 2090140600, 3015215531, 373517862, 955979145, 2880679963, 1434038732],
};

const ours = (key: string): number[] => [sdbm, djb2, wt6, crc32].flatMap((f) => [f(key, 0, key.length), avalanche(f(key, 0, key.length))]);

t.test('fixed vectors printed by HAProxy', async (t) => {
  for (const [key, expected] of Object.entries(VECTORS)) t.strictSame(ours(key), expected, JSON.stringify(key));
  t.equal(sdbm(''), 0);
  t.equal(djb2(''), 5381);
  t.equal(crc32(''), 0);
});

t.test('a range of a string hashes like the substring', async (t) => {
  for (const f of Object.values(HASH_FUNCTIONS)) t.equal(f('xx/uri?q', 2, 6), f('/uri', 0, 4));
});

t.test('the converters of a live HAProxy agree on every byte and long keys', async (t) => {
  const port = await freePort();
  const line = ['sdbm', 'djb2', 'wt6', 'crc32'].flatMap((f) => [`%[req.fhdr(x-k),${f}]`, `%[req.fhdr(x-k),${f}(1)]`]).join(' ');
  const hp = await startHaproxy(
    `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend f
    bind 127.0.0.1:${port}
    http-request return status 200 content-type text/plain lf-string "${line}"
`,
    port,
  );
  t.teardown(hp.stop);
  const ask = (key: string): Promise<number[]> =>
    new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => s.end(Buffer.from(`GET / HTTP/1.1\r\nHost: h\r\nX-K: ${key}\r\nConnection: close\r\n\r\n`, 'latin1')));
      let out = '';
      s.on('data', (c: Buffer) => (out += c.toString('latin1')));
      s.on('error', reject);
      s.on('close', () => resolve(out.slice(out.indexOf('\r\n\r\n') + 4).split(' ').map(Number)));
    });
  // Header values: printable ASCII and obs-text (a value neither starts nor ends with a blank).
  const bytes = Array.from({ length: 256 }, (_, b) => b).filter((b) => b >= 0x21 && b !== 0x7f);
  const keys = [
    ...bytes.map((b) => `k${String.fromCharCode(b)}`),
    bytes.map((b) => String.fromCharCode(b)).join(''),
    'x'.repeat(1000),
    '/api/v1/users/42?page=2&size=10',
    'www.example.com',
  ];
  let mismatches = 0;
  for (const key of keys) {
    const theirs = await ask(key);
    if (JSON.stringify(theirs) !== JSON.stringify(ours(key))) {
      mismatches++;
      t.strictSame(ours(key), theirs, JSON.stringify(key));
    }
  }
  t.equal(mismatches, 0, `${keys.length} keys hash alike under all four functions, with and without avalanche`);
});

t.test('source address hash: IPv4 as a number, IPv6 as the XOR of its 32-bit words', async (t) => {
  t.equal(addressHash('127.0.0.1'), 0x7f000001);
  t.equal(addressHash('10.1.2.3'), 0x0a010203);
  t.equal(addressHash('255.255.255.255'), 0xffffffff);
  t.equal(addressHash('::1'), 1);
  t.equal(addressHash('::'), 0);
  t.equal(addressHash('::ffff:127.0.0.1'), (0xffff ^ 0x7f000001) >>> 0);
  t.equal(addressHash('2001:db8::1'), (0x20010db8 ^ 1) >>> 0);
  t.equal(addressHash('2001:db8:1:2:3:4:5:6'), (0x20010db8 ^ 0x00010002 ^ 0x00030004 ^ 0x00050006) >>> 0);
  t.equal(addressHash('fe80::1%eth0'), (0xfe800000 ^ 1) >>> 0);
  t.equal(addressHash('1::'), 0x00010000);
  for (const bad of ['', 'x', '1.2.3', '1.2.3.256', '1.2.3.4.5', ':::', '1:2:3:4:5:6:7:8:9', '12345::', '1::2::3', '/tmp/sock']) {
    t.equal(addressHash(bad), undefined, JSON.stringify(bad));
  }
});
