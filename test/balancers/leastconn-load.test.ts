/**
 * leastconn under a mixed workload (issue 4, "Done when"): two servers, one
 * answering in 2 ms and one in 50 ms, twenty keep-alive clients sending
 * requests back to back. leastconn sends each request to the server with
 * the fewest in progress, so the slow one — whose requests pile up — gets
 * clearly fewer (more than 3× fewer here); roundrobin, as a contrast, splits
 * them evenly whatever the servers' speed. The same runs under the real
 * HAProxy 2.6 give the same picture.
 */
import t, { type Test } from 'tap';
import { LoadBackend, outcomes, runLoad } from '../helpers/load.js';
import { freePort } from '../helpers/net.js';
import { startUnder } from '../helpers/runtime.js';

t.setTimeout(40_000);

const CLIENTS = 20;
const DURATION_MS = 1500;

/** Requests each server answered (and anything else the clients got) under `balance <balance>`. */
async function split(t: Test, who: 'tslb' | 'haproxy', balance: string): Promise<Record<string, number>> {
  const fast = await new LoadBackend('fast', 2).start();
  const slow = await new LoadBackend('slow', 50).start();
  t.teardown(() => void [fast, slow].forEach((b) => b.kill()));
  const port = await freePort();
  const stop = await startUnder(
    who,
    `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen l
    bind 127.0.0.1:${port}
    balance ${balance}
    server fast 127.0.0.1:${fast.port}
    server slow 127.0.0.1:${slow.port}
`,
    port,
  );
  t.teardown(stop);
  const counts = outcomes(await runLoad(port, CLIENTS, DURATION_MS));
  t.comment(`${who} ${balance}: ${JSON.stringify(counts)}`);
  return counts;
}

for (const who of ['tslb', 'haproxy'] as const) {
  t.test(`${who}: leastconn favours the fast server, roundrobin does not`, async (t) => {
    const lc = await split(t, who, 'leastconn');
    const fast = lc['fast'] ?? 0;
    const slow = lc['slow'] ?? 0;
    t.strictSame(Object.keys(lc).sort(), ['fast', 'slow'], 'every request answered by a server');
    t.ok(fast > 3 * slow, `leastconn: fast ${fast} > 3 × slow ${slow} (${(fast / Math.max(1, slow)).toFixed(1)}×)`);

    const rr = await split(t, who, 'roundrobin');
    const rfast = rr['fast'] ?? 0;
    const rslow = rr['slow'] ?? 0;
    t.strictSame(Object.keys(rr).sort(), ['fast', 'slow'], 'every request answered by a server');
    t.ok(Math.abs(rfast - rslow) <= 0.05 * (rfast + rslow), `roundrobin: even split, fast ${rfast} / slow ${rslow}`);
  });
}
