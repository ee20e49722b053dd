/**
 * The process log of health changes made from the Runtime API: HAProxy 2.6
 * writes "Server be/a is DOWN, changed from CLI. …", "… is stopping, changed
 * from CLI. …" and "… is UP, changed from CLI. …"; tslb writes the same lines.
 */
import t from 'tap';
import { processLines, sleep, start, type Place } from './runtime-api-harness.js';

const config = (p: Place): string => `
global
    stats socket ${p.dir}/sock level admin
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p.port}
    default_backend be
backend be
    server a 127.0.0.1:${p.port2}
    server b 127.0.0.1:${p.port2}
`;

t.test('set server health: the same process-log lines as HAProxy', async (t) => {
  const haproxy = await start(t, 'haproxy', config);
  const tslb = await start(t, 'tslb', config);
  for (const cmd of ['set server be/a health down', 'set server be/a health stopping', 'set server be/a health up']) {
    t.equal(await tslb.cmd(cmd), await haproxy.cmd(cmd), `${cmd}: the same answer`);
  }
  await sleep(200);
  const theirs = haproxy
    .stderr()
    .split('\n')
    .filter((l) => l.includes('changed from CLI'))
    .map((l) => l.replace(/^\[WARNING\]\s+\(\d+\) : /, ''));
  const ours = processLines()
    .map((l) => l.msg)
    .filter((m) => m.includes('changed from CLI'));
  t.equal(theirs.length, 3, 'HAProxy logged three changes');
  t.same(ours, theirs, 'tslb logged the same three lines');
});
