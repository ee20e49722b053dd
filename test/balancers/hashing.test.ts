/**
 * Hash-based balancing, differentially against HAProxy 2.6: the same key
 * must reach the same server under HAProxy and tslb — `balance source` over
 * 20 client addresses, `uri` over 50 targets with whole / len / depth /
 * path-only, `hdr(<name>)` with use_domain_only, `url_param`; map-based and
 * consistent hashing, with each hash function, with and without avalanche,
 * equal and unequal weights; and the round-robin fallback for requests
 * without a key, interleaved with keyed ones.
 */
import t from 'tap';
import { expectSame, requests, type Request, type Scenario, type Step } from '../helpers/balancer-differential.js';

t.setTimeout(120_000);

const EQUAL: Scenario['servers'] = [['a'], ['b'], ['c'], ['d']];
const UNEQUAL: Scenario['servers'] = [
  ['a', 'weight 3'],
  ['b', 'weight 2'],
  ['c', 'weight 1'],
  ['d', 'weight 5'],
];

const FROM_20 = requests(20, (i) => ({ from: `127.0.0.${i + 1}` }));

/** 50 request targets: paths of several depths, query strings, absolute-form. */
const URIS: string[] = [
  '/', '/index.html', '/uri', '/uri/a', '/uri/b', '/uri/c', '/uri/abc?x=1', '/uri/abc?y=2',
  '/img/logo.png', '/img/logo.png?v=3', '/css/site.css', '/js/app.js?build=42', '/api/v1/users', '/api/v1/users/42',
  '/api/v1/users/42/orders', '/api/v2/items?page=2&size=10', '/a/b/c/d/e/f', '/a/b/c/d/e/g', '/static/', '/static/fonts/x.woff2',
  '/search?q=haproxy', '/search?q=tslb', '/download/file-1.tar.gz', '/download/file-2.tar.gz', '/UPPER/Case', '/upper/case',
  '/%7Euser/page', '/with;params/x', '/deep/1/2/3/4/5/6/7/8', '/x?', '/?only=query', '/long/' + 'z'.repeat(80),
  '/p1', '/p2', '/p3', '/p4', '/p5', '/p6', '/p7', '/p8',
  'http://example.com/abs/path', 'http://example.com/abs/path?q=1', 'http://example.com', 'https://example.org/secure/x',
  'http://example.com/at', 'http://example.com:8080/port/y', '/tail/', '//double//slash', '/dot/./x', '/%C3%A9/utf8',
];

/** Requests for `uris`; an absolute-form target comes with the Host its authority names, as HAProxy requires. */
const uriRequests = (uris: readonly string[] = URIS): Request[] =>
  uris.map((path) => {
    const authority = /^https?:\/\/([^/]+)/.exec(path)?.[1];
    return authority ? { path, headers: [['Host', authority]] } : { path };
  });

t.test('balance source: 20 client addresses', async (t) => {
  for (const [name, servers] of [
    ['equal weights', EQUAL],
    ['weights 3/2/1/5', UNEQUAL],
  ] as const) {
    await expectSame(t, `map-based, ${name}`, { lines: 'balance source', servers, steps: FROM_20 });
    await expectSame(t, `consistent, ${name}`, { lines: 'balance source\nhash-type consistent', servers, steps: FROM_20 });
  }
  await expectSame(t, 'map-based with avalanche', { lines: 'balance source\nhash-type map-based sdbm avalanche', servers: EQUAL, steps: FROM_20 });
  await expectSame(t, 'consistent without avalanche', { lines: 'balance source\nhash-type consistent crc32', servers: UNEQUAL, steps: FROM_20 });
  await expectSame(t, 'TCP mode', { mode: 'tcp', lines: 'balance source', servers: UNEQUAL, steps: FROM_20 });
  await expectSame(t, 'explicit server ids on the ring', { lines: 'balance source\nhash-type consistent', servers: [['a', 'id 7'], ['b'], ['c', 'id 3']], steps: FROM_20 });
});

t.test('balance source behind a dual-stack listener (IPv4-mapped client addresses)', async (t) => {
  await expectSame(t, 'map-based', { bind: '::', lines: 'balance source', servers: UNEQUAL, steps: FROM_20 });
  await expectSame(t, 'consistent', { bind: '::', lines: 'balance source\nhash-type consistent', servers: UNEQUAL, steps: FROM_20 });
});

t.test('balance uri over 50 targets', async (t) => {
  const variants = ['', 'whole', 'len 5', 'depth 2', 'depth 1 len 9', 'path-only', 'path-only whole', 'path-only depth 2', 'whole len 12 depth 3'];
  for (const v of variants) {
    await expectSame(t, `uri ${v || '(plain)'}, map-based`, { lines: `balance uri ${v}`, servers: UNEQUAL, steps: uriRequests() });
  }
  await expectSame(t, 'uri, consistent', { lines: 'balance uri\nhash-type consistent', servers: UNEQUAL, steps: uriRequests() });
  await expectSame(t, 'uri path-only, consistent', { lines: 'balance uri path-only\nhash-type consistent', servers: EQUAL, steps: uriRequests() });
});

t.test('hash functions and avalanche, map-based and consistent', async (t) => {
  for (const method of ['map-based', 'consistent']) {
    for (const fn of ['sdbm', 'djb2', 'wt6', 'crc32']) {
      for (const aval of ['', ' avalanche']) {
        await expectSame(t, `uri, ${method} ${fn}${aval}`, { lines: `balance uri\nhash-type ${method} ${fn}${aval}`, servers: UNEQUAL, steps: uriRequests(URIS.slice(0, 25)) });
      }
    }
  }
});

const hosts = ['www.example.com', 'example.com', 'api.example.com:8443', 'localhost', 'a.b.c.d', '10.0.0.1', 'shop.example.co.uk', 'EXAMPLE.com', 'example.com.', 'x'];

t.test('balance hdr(<name>)', async (t) => {
  const byHost = hosts.map((h) => ({ headers: [['Host', h]] as const }));
  await expectSame(t, 'hdr(host)', { lines: 'balance hdr(host)', servers: UNEQUAL, steps: byHost });
  await expectSame(t, 'hdr(Host) use_domain_only', { lines: 'balance hdr(Host) use_domain_only', servers: UNEQUAL, steps: byHost });
  await expectSame(t, 'hdr(host) use_domain_only, consistent', { lines: 'balance hdr(host) use_domain_only\nhash-type consistent', servers: EQUAL, steps: byHost });
  // The first value of the first such header; requests without it (or with an empty one) go round robin.
  const user = (v?: string): Request => ({ headers: v === undefined ? [['Host', 'h']] : [['Host', 'h'], ['X-User', v]] });
  const steps = [user('alice'), user(), user('bob'), user(), user(), user('alice, bob'), user('bob,alice'), user('"a,b", c'), user(''), user(' , x'), user('carol'), user(), user('alice')];
  const moreSteps: Request[] = [...steps, { headers: [['Host', 'h'], ['x-user', 'dave'], ['X-User', 'erin']] }, user(), user('frank')];
  await expectSame(t, 'hdr(x-user), map-based', { lines: 'balance hdr(X-User)', servers: UNEQUAL, steps: moreSteps });
  await expectSame(t, 'hdr(x-user), consistent', { lines: 'balance hdr(x-user)\nhash-type consistent', servers: UNEQUAL, steps: moreSteps });
});

t.test('balance url_param', async (t) => {
  const paths = ['/?user=alice', '/x?user=bob', '/', '/?other=1', '/?a=1&user=alice', '/?user=', '/?useralice', '/?User=alice', '/?user=carol&x=2', '/?xuser=1&user=dave', '/no-query', '/?user=alice&user=bob', '/?user=erin', '/?auser=z'];
  const steps = paths.map((path) => ({ path }));
  await expectSame(t, 'url_param user, map-based', { lines: 'balance url_param user', servers: UNEQUAL, steps });
  await expectSame(t, 'url_param user, consistent djb2', { lines: 'balance url_param user\nhash-type consistent djb2', servers: UNEQUAL, steps });
});

t.test('a server change remaps hashes as HAProxy does', async (t) => {
  const change = (server: string, c: { weight: number } | { state: 'maint' | 'ready' }) => ({ change: { server, ...c } });
  await expectSame(t, 'map-based source, a server leaves and comes back', {
    lines: 'balance source',
    servers: UNEQUAL,
    steps: [...FROM_20, change('b', { state: 'maint' }), ...FROM_20, change('b', { state: 'ready' }), ...FROM_20],
  });
  await expectSame(t, 'consistent source, weights change and a server leaves', {
    lines: 'balance source\nhash-type consistent',
    servers: UNEQUAL,
    steps: [...FROM_20, change('a', { weight: 1 }), ...FROM_20, change('d', { state: 'maint' }), ...FROM_20, change('c', { weight: 9 }), change('d', { state: 'ready' }), ...FROM_20],
  });
  await expectSame(t, 'consistent hdr, round-robin fallback across changes', {
    lines: 'balance hdr(x-k)\nhash-type consistent',
    servers: EQUAL,
    steps: [...requests(6), change('b', { state: 'maint' }), ...requests(6), change('b', { state: 'ready' }), change('a', { weight: 3 }), ...requests(9)],
  });
});

t.test('hash-balance-factor sends a key elsewhere once its server holds more than its share', async (t) => {
  const holdSame = (n: number): Step[] => Array.from({ length: n }, () => ({ hold: { path: '/same' } }));
  const k = (v: string): Request => ({ headers: [['Host', 'h'], ['X-K', v]] });
  const hold = (v: string) => ({ hold: k(v) });
  await expectSame(t, 'hdr, consistent, factor 150', {
    lines: 'balance hdr(x-k)\nhash-type consistent\nhash-balance-factor 150',
    servers: EQUAL,
    steps: [k('one'), hold('one'), k('one'), hold('one'), k('one'), hold('one'), hold('two'), k('one'), k('two'), hold('one'), hold('one'), k('one'), k('three'), hold('three'), k('three'), k('one')],
  });
  await expectSame(t, 'uri, consistent, factor 101, unequal weights', {
    lines: 'balance uri\nhash-type consistent\nhash-balance-factor 101',
    servers: UNEQUAL,
    steps: [...holdSame(4), ...requests(3, () => ({ path: '/same' })), ...holdSame(3), ...requests(3, () => ({ path: '/same' }))],
  });
});
