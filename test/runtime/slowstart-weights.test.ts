/**
 * The slowstart ramp in numbers (manual 5.2 "slowstart"; HAProxy's
 * server_recalc_eweight and srv_dynamic_maxconn): the effective weight in
 * second s of a 10 s ramp is weight × ⌊(16 s + 10) / 10⌋, the connection
 * limit maxconn × ⌊100 s / 10⌋ % (at least 1); algorithms with static
 * weights (static-rr, map-based hashing) keep the full weight but still
 * ramp maxconn. The timing against HAProxy is in server-transitions.test.ts.
 */
import t from 'tap';
import type { RuntimeServer } from '../../lib/backend/server.js';
import { runtimeBackend } from '../helpers/runtime.js';

const backend = (balance: string): RuntimeServer => {
  const be = runtimeBackend(
    `defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend b\n    balance ${balance}\n    server s 127.0.0.1:80 weight 3 maxconn 50 slowstart 9500ms\n`,
    'b',
  );
  return be.servers[0] as RuntimeServer;
};

t.test('dynamic algorithms ramp the weight, every algorithm ramps maxconn', async (t) => {
  const weights: number[] = [];
  const maxconns: number[] = [];
  const s = backend('roundrobin');
  t.equal(s.eweight, 48, 'full weight × 16 when not warming up');
  t.equal(s.effectiveMaxconn, 50);
  for (let k = 0; k < 10; k++) {
    s.warmingFor = k;
    weights.push(s.eweight);
    maxconns.push(s.effectiveMaxconn);
  }
  // 9500 ms is kept as 10 s.
  t.same(weights, [3, 6, 12, 15, 21, 27, 30, 36, 39, 45]);
  t.same(maxconns, [1, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  s.counters.current = 5;
  s.warmingFor = 1;
  t.ok(s.full, 'full at the ramped limit');
  s.warmingFor = undefined;
  t.notOk(s.full);

  for (const balance of ['static-rr', 'source', 'uri']) {
    const st = backend(balance);
    st.warmingFor = 0;
    t.equal(st.eweight, 48, `${balance}: static weights`);
    t.equal(st.effectiveMaxconn, 1, `${balance}: maxconn still ramps`);
  }
  for (const balance of ['leastconn', 'first', 'random', 'source\n    hash-type consistent']) {
    const dy = backend(balance);
    dy.warmingFor = 0;
    t.equal(dy.eweight, 3, `${balance.split('\n')[0]}${balance.includes('consistent') ? ' consistent' : ''}: dynamic weights`);
  }
});
