/**
 * Access logs end to end: the same configuration (`option httplog` /
 * `option tcplog` to a syslog target over UDP, captures, dontlognull) and
 * the same traffic under HAProxy 2.6 and tslb; the lines each sends are
 * compared field by field, with what depends on the run masked: dates,
 * client ports, timers (their shape stays: `-1` for a phase not reached
 * must match), and the syslog header's tag and pid.
 */
import t from 'tap';
import { createSocket, type Socket } from 'node:dgram';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';
import { answerPath, namedBackend, request } from '../helpers/named-backends.js';
import { exchange } from '../helpers/net.js';

async function syslogSink(t: { teardown(fn: () => void): void }): Promise<{ port: number; lines: string[] }> {
  const lines: string[] = [];
  const sock: Socket = createSocket('udp4');
  sock.on('message', (m) => lines.push(m.toString('latin1').replace(/\n$/, '')));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => sock.close());
  return { port: sock.address().port, lines };
}

/** The message after the syslog header, with run-dependent values masked. */
function masked(line: string): string {
  return line
    .replace(/^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d [^:]+: /, '')
    .replace(/^(127\.0\.0\.1):\d+/, '$1:PORT')
    .replace(/\[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d\.\d{3}\]/, '[DATE]')
    .replace(/ (-1|\d+)\/(-1|\d+)\/(-1|\d+)\/(-1|\d+)\/(-1|\d+) /, (_m, ...g: string[]) => ` ${g.slice(0, 5).map((v) => (v === '-1' ? '-1' : 'T')).join('/')} `)
    .replace(/ (-1|\d+)\/(-1|\d+)\/(\+?\d+) (\d+) (--|[A-Za-z-]{2}) /, (_m, w: string, c: string, tt: string, b: string, ts: string) => ` ${[w, c, tt].map((v) => (v === '-1' ? '-1' : 'T')).join('/')} ${b} ${ts} `);
}

async function waitFor(lines: string[], n: number, ms = 5000): Promise<void> {
  for (let i = 0; i < ms / 20 && lines.length < n; i++) await new Promise((r) => setTimeout(r, 20));
}

t.test('option httplog: the same lines as HAProxy for answered, refused, failed and empty requests', async (t) => {
  const a = await namedBackend('a');
  t.teardown(a.close);
  const sinks = { haproxy: await syslogSink(t), tslb: await syslogSink(t) };
  let run = 0;
  const got = await underBoth(
    t,
    (port) => `
global
    log 127.0.0.1:${(run === 0 ? sinks.haproxy : sinks.tslb).port} local0
${HTTP_DEFAULTS}
    log global
    option httplog
frontend fe
    bind 127.0.0.1:${port}
    capture request header Host len 20
    capture request header User-Agent len 5
    capture response header X-Server len 10
    capture cookie SRV len 12
    http-request deny if { path /forbidden }
    http-request return status 200 content-type text/plain string ok if { path /own }
    use_backend empty if { path /none }
    default_backend be
backend be
    server a 127.0.0.1:${a.port}
backend empty
`,
    async (port) => {
      const sink = run++ === 0 ? sinks.haproxy : sinks.tslb;
      // HAProxy's readiness probe (an empty connection) is logged as a bad request: tslb gets the same one.
      if (run === 2) await exchange(port, '', { end: true, quietMs: 50 });
      const get = (path: string, extra = ''): Promise<string> => request(port, `GET ${path} HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\n${extra}Connection: close\r\n\r\n`);
      await get('/a?x=1', 'Cookie: SRV=s1; other=2\r\n');
      await get(answerPath({ status: 404, headers: [['Set-Cookie', 'SRV=abc; path=/']] }));
      await get('/forbidden');
      await get('/own');
      await get('/none');
      await exchange(port, 'GET / HTTP/1.1\r\nHo\0st: x\r\n\r\n', { quietMs: 100 });
      await waitFor(sink.lines, 7);
      return sink.lines.map(masked);
    },
  );
  t.equal(got.tslb.length, got.haproxy.length, `as many lines (${got.haproxy.length})`);
  // The probe's line is written when the client leaves, maybe after the next connection arrived: its %ac/%fc race.
  const counts = (line: string | undefined): string | undefined => line?.replace(/ CR-- \d+\/\d+\//, ' CR-- N/N/');
  for (let i = 0; i < got.haproxy.length; i++) t.equal(counts(got.tslb[i]), counts(got.haproxy[i]), `line ${i + 1}`);
});

t.test('option tcplog and dontlognull: one line per connection, none for an empty one', async (t) => {
  const a = await namedBackend('a');
  t.teardown(a.close);
  const sinks = { haproxy: await syslogSink(t), tslb: await syslogSink(t) };
  let run = 0;
  const got = await underBoth(
    t,
    (port) => `
global
    log 127.0.0.1:${(run === 0 ? sinks.haproxy : sinks.tslb).port} local0
defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 1s
    log global
    option tcplog
    option dontlognull
listen l
    bind 127.0.0.1:${port}
    server a 127.0.0.1:${a.port}
`,
    async (port) => {
      const sink = run++ === 0 ? sinks.haproxy : sinks.tslb;
      await exchange(port, '', { end: true, quietMs: 50 });
      await request(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      // The server keeps its side open: the connection ends at \`timeout server\` (sD).
      await waitFor(sink.lines, 1, 3000);
      await new Promise((r) => setTimeout(r, 200));
      return sink.lines.map(masked);
    },
  );
  t.same(got.tslb, got.haproxy, 'the same tcplog line, and nothing for the empty connection');
  t.equal(got.tslb.length, 1);
});

t.test('log-format with samples: %[...] reads the connection and the transaction, with or without rules', async (t) => {
  const a = await namedBackend('a');
  t.teardown(a.close);
  const sinks = { haproxy: await syslogSink(t), tslb: await syslogSink(t) };
  let run = 0;
  // Fetches HAProxy allows at log time (request fetches are refused there: the request is gone).
  const format = '"%[src] %[fe_name] %[be_name] %[srv_name] %[status] %[var(txn.tag)] %ST %b/%s"';
  const got = await underBoth(
    t,
    (port) => `
global
    log 127.0.0.1:${(run === 0 ? sinks.haproxy : sinks.tslb).port} local0
${HTTP_DEFAULTS}
    log global
    log-format ${format}
frontend plain
    bind 127.0.0.1:${port}
    default_backend be
frontend ruled
    bind 127.0.0.1:${port + 1}
    http-request set-var(txn.tag) str(tagged)
    default_backend be
backend be
    server a 127.0.0.1:${a.port}
`,
    async (port) => {
      const sink = run++ === 0 ? sinks.haproxy : sinks.tslb;
      if (run === 2) await exchange(port, '', { end: true, quietMs: 50 });
      await request(port, 'GET /x HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n');
      await request(port + 1, 'GET /y HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n');
      await waitFor(sink.lines, 3);
      return sink.lines.map((l) => l.replace(/^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d [^:]+: /, ''));
    },
  );
  // The probe's line may come before or after the others (it is written when its client leaves): compared as sets.
  t.same([...got.tslb].sort(), [...got.haproxy].sort(), 'the same sample values (and "-" where there is none)');
  t.ok(got.tslb.includes('127.0.0.1 ruled be a 200 tagged 200 be/a'), got.tslb.join('\n'));
});
