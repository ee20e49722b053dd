/**
 * Server order, differentially against HAProxy 2.6: the same `listen`
 * section under HAProxy and tslb, the same requests one at a time on new
 * connections, the same sequence of servers — weighted round robin (FWRR)
 * and static-rr for several weight sets, leastconn's and first's order for
 * sequential requests, backup servers, and weight and state changes at run
 * time (HAProxy's stats socket vs onServerChange).
 */
import t from 'tap';
import { expectSame, requests, runBoth, type Scenario, type Step } from '../helpers/balancer-differential.js';

t.setTimeout(120_000);

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const WEIGHT_SETS = [
  [3, 2, 1],
  [5, 1, 1],
  [1, 2, 3],
  [4, 3, 2, 1],
  [7, 5, 3, 1],
];

const weighted = (weights: readonly number[]): Scenario['servers'] => weights.map((w, i) => [NAMES[i] as string, `weight ${w}`]);

for (const algo of ['roundrobin', 'static-rr']) {
  for (const weights of WEIGHT_SETS) {
    t.test(`${algo} ${weights.join('/')}: 60 requests in HAProxy's order`, (t) => expectSame(t, `${algo} ${weights.join('/')}`, { lines: `balance ${algo}`, servers: weighted(weights), steps: requests(60) }));
  }
}

t.test('roundrobin in TCP mode follows the same order', (t) => expectSame(t, 'tcp roundrobin 3/2/1', { mode: 'tcp', lines: 'balance roundrobin', servers: weighted([3, 2, 1]), steps: requests(24) }));

t.test('leastconn rotates over idle servers whatever their weights', (t) => expectSame(t, 'leastconn 3/1/1', { lines: 'balance leastconn', servers: weighted([3, 1, 1]), steps: requests(12) }));

t.test('leastconn: equal loads rotate, a busy server is passed over, weights count once servers are busy', async (t) => {
  const hold = { hold: {} } as const;
  await expectSame(t, 'one request held on a', { lines: 'balance leastconn', servers: weighted([1, 1, 1]), steps: [hold, ...requests(8)] });
  await expectSame(t, 'held requests on unequal weights', {
    lines: 'balance leastconn',
    servers: weighted([4, 2, 1]),
    steps: [hold, hold, hold, ...requests(4), hold, hold, ...requests(4), hold, hold, hold, ...requests(6)],
  });
});

t.test('first always takes the lowest id with room', (t) =>
  expectSame(t, 'first', { lines: 'balance first', servers: [['a', 'id 5'], ['b', 'id 2'], ['c']], steps: requests(6) }));

t.test('backup servers', async (t) => {
  const down: Scenario['servers'] = [
    ['a', 'disabled'],
    ['b', 'disabled'],
    ['b1', 'backup weight 2'],
    ['b2', 'backup weight 1'],
    ['b3', 'backup weight 1'],
  ];
  for (const algo of ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri']) {
    await expectSame(t, `${algo}: only the first backup`, { lines: `balance ${algo}`, servers: down, steps: requests(8, (i) => ({ path: `/p${i}` })) });
    await expectSame(t, `${algo}: every backup with option allbackups`, { lines: `balance ${algo}\noption allbackups`, servers: down, steps: requests(12, (i) => ({ path: `/p${i}` })) });
  }
  await expectSame(t, 'consistent source: only the first backup', { lines: 'balance source\nhash-type consistent', servers: down, steps: requests(4) });
  await expectSame(t, 'consistent uri: every backup with option allbackups', {
    lines: 'balance uri\nhash-type consistent\noption allbackups',
    servers: down,
    steps: requests(12, (i) => ({ path: `/p${i}` })),
  });
});

t.test('known difference: a map-based algorithm uses only the first backup even when a later one is heavier', async (t) => {
  // HAProxy 2.6 sizes its map for the first backup's weight but fills it from
  // every backup, so a heavier later backup takes the traffic; tslb keeps to
  // the documented rule (manual 4.2 "option allbackups": only the first).
  const servers: Scenario['servers'] = [['a', 'disabled'], ['b1', 'backup weight 2'], ['b2', 'backup weight 5']];
  for (const lines of ['balance static-rr', 'balance uri']) {
    const { haproxy, tslb } = await runBoth(t, { lines, servers, steps: requests(6, (i) => ({ path: `/${i}` })) });
    t.strictSame(haproxy, Array(6).fill('b2'), `${lines}: HAProxy uses b2`);
    t.strictSame(tslb, Array(6).fill('b1'), `${lines}: tslb uses b1, the first backup`);
  }
});

/** Requests interleaved with weight and state changes. */
function changing(paths = false): Step[] {
  const req = (n: number): Step[] => requests(n, (i) => (paths ? { path: `/x${i * 7}` } : {}));
  return [
    ...req(7),
    { change: { server: 'b', weight: 6 } },
    ...req(13),
    { change: { server: 'a', state: 'maint' } },
    ...req(9),
    { change: { server: 'c', weight: 1 } },
    ...req(5),
    { change: { server: 'a', state: 'ready' } },
    ...req(17),
    { change: { server: 'b', weight: 2 } },
    { change: { server: 'd', state: 'maint' } },
    ...req(23),
    { change: { server: 'd', state: 'ready' } },
    { change: { server: 'a', weight: 10 } },
    ...req(30),
  ];
}

t.test('roundrobin follows weight and state changes as HAProxy does', (t) =>
  expectSame(t, 'roundrobin, changes', { lines: 'balance roundrobin', servers: weighted([3, 2, 4, 1]), steps: changing() }));

t.test('static-rr rebuilds its map when a server goes and comes back', (t) => {
  const steps = [...requests(10), { change: { server: 'b', state: 'maint' } } as const, ...requests(10), { change: { server: 'b', state: 'ready' } } as const, ...requests(12)];
  return expectSame(t, 'static-rr, maint', { lines: 'balance static-rr', servers: weighted([3, 2, 1]), steps });
});
