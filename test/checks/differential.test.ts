/**
 * The state-change lines of tslb and of the real HAProxy 2.6 for the same
 * configuration, both checking the same servers at once: a server that
 * answers 503 then 200 (Layer7 wrong status, then Layer7 check passed), one
 * that refuses connections (Layer4 connection problem), a redis-check peer
 * and a tcp-check script. Compared after removing HAProxy's `[WARNING]
 * (pid) :` prefix and the check durations.
 */
import { createServer } from 'node:http';
import t from 'tap';
import { captureProcessLog } from '../../lib/log/process-log.js';
import { haproxyStateLines, tslbStateLines } from '../helpers/checks.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort, tcpServer } from '../helpers/net.js';
import { startRuntime } from '../helpers/runtime.js';

t.setTimeout(30_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

t.test('DOWN / UP lines as HAProxy writes them', async (t) => {
  const log = captureProcessLog();
  t.teardown(log.restore);
  let healthy = false;
  const web = createServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { connection: 'close' });
    res.end();
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => web.close(() => r())));
  const webPort = (web.address() as { port: number }).port;
  let pong = false;
  const redis = await tcpServer((s) => s.on('data', () => s.end(pong ? '+PONG\r\n' : '-LOADING not yet\r\n')));
  t.teardown(redis.close);
  const script = await tcpServer((s) => s.on('data', () => s.end('nope\n')));
  t.teardown(script.close);
  const dead = await freePort();

  const config = (port: number): string => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
backend web
    option httpchk GET /health
    # b (refused at once) is checked first under both: the order of the two DOWN lines, and so their
    # "N active ... left" counts, does not depend on how fast a's first HTTP check is answered.
    server b 127.0.0.1:${dead} check inter 100
    server a 127.0.0.1:${webPort} check inter 100 fall 2 rise 2
backend cache
    option redis-check
    server r 127.0.0.1:${redis.port} check inter 300 rise 1
backend script
    option tcp-check
    tcp-check send "hi\\n"
    tcp-check expect string ok
    server t 127.0.0.1:${script.port} check inter 300
frontend f
    bind 127.0.0.1:${port}
    default_backend web
`;
  // tslb first: the peers live in this process, whose loading must not delay their answers to HAProxy's first checks.
  await startRuntime(t, config(await freePort()));
  const hport = await freePort();
  const haproxy = await startHaproxy(config(hport), hport);
  t.teardown(() => haproxy.stop());
  await sleep(500);
  healthy = true;
  pong = true;
  await sleep(700);

  const theirs = haproxyStateLines(haproxy.stderr());
  const ours = tslbStateLines(log.lines);
  t.ok(theirs.length >= 8, theirs.join('\n'));
  t.same([...ours].sort(), [...theirs].sort());
});
