/**
 * The per-proxy access logger: a record in, one framed line per target out
 * (levels, sampling, line length, dontlognull, %lc), and the logger built
 * from a loaded configuration sending real UDP datagrams.
 */
process.env['TZ'] = 'UTC';

import t from 'tap';
import type { LogDestination, LogTarget } from '../../lib/config/model/log.js';
import { loadConfigText } from '../../lib/config/load.js';
import { hasFrontend, type Proxy } from '../../lib/config/model/proxy.js';
import { accessLoggerFor, createAccessLogger, DEFAULT_LOG_TAG, isNullConnection } from '../../lib/log/access-logger.js';
import { droppedLogs } from '../../lib/log/dropped-logs.js';
import { compileAccessLogFormat, HTTPLOG } from '../../lib/log/format.js';
import type { LogRecord } from '../../lib/log/record.js';
import { LogTargetError } from '../../lib/log/syslog.js';
import { LogSinks, type LogSink } from '../../lib/log/target.js';
import { converterSpec } from '../../lib/rules/converter-lookup.js';
import { RuleEnv } from '../../lib/rules/env.js';
import { freePort } from '../helpers/net.js';
import { udpCollector } from './log-helpers.js';

const ACCEPT = Date.UTC(2026, 10, 22, 7, 55, 36, 95);
const NOW_US = Date.UTC(2026, 10, 22, 7, 55, 37, 500) * 1000;

const rec: LogRecord = {
  clientIp: '127.0.0.1',
  clientPort: 36036,
  frontendIp: '127.0.0.1',
  frontendPort: 8080,
  frontend: 'fe',
  backend: 'be',
  server: 's1',
  backendSourceIp: '127.0.0.1',
  backendSourcePort: 40000,
  serverIp: '127.0.0.1',
  serverPort: 8000,
  acceptDate: ACCEPT,
  requestDate: ACCEPT,
  handshake: 0,
  idle: 0,
  request: 0,
  queue: 0,
  connect: 0,
  response: 2,
  active: 2,
  total: 2,
  status: 200,
  bytesOut: 132,
  bytesIn: 47,
  termination: '----',
  actconn: 1,
  feconn: 1,
  beconn: 0,
  srvconn: 0,
  retries: 0,
  redispatched: false,
  srvQueue: 0,
  backendQueue: 0,
  method: 'GET',
  uri: '/a?b=1',
  version: 'HTTP/1.1',
};
const LINE = '127.0.0.1:36036 [22/Nov/2026:07:55:36.095] fe be/s1 0/0/0/2/2 200 132 - - ---- 1/1/0/0/0 0/0 "GET /a?b=1 HTTP/1.1"';

/** Sinks kept in memory, by destination name. */
function memorySinks(): { sinks: LogSinks; written: Map<string, string[]>; closed: Set<string> } {
  const written = new Map<string, string[]>();
  const closed = new Set<string>();
  const sinks = new LogSinks((d) => {
    const name = d.kind === 'file' ? d.path : d.kind;
    const lines: string[] = [];
    written.set(name, lines);
    const sink: LogSink = {
      write: (frame) => void lines.push(frame),
      dropped: 0,
      close: async () => void closed.add(name),
    };
    return sink;
  });
  return { sinks, written, closed };
}

const file = (path: string): LogDestination => ({ kind: 'file', path });

function target(path: string, extra: Partial<LogTarget> = {}): LogTarget {
  return { destination: file(path), len: 1024, format: 'raw', facility: 'local0', global: false, ...extra };
}

t.test('one record, one framed line per target', async (t) => {
  const { sinks, written, closed } = memorySinks();
  const logger = createAccessLogger({
    targets: [target('raw'), target('local', { format: 'local' }), target('notice', { level: 'notice' }), target('debug', { format: 'priority', minLevel: 'debug' })],
    format: compileAccessLogFormat(HTTPLOG),
    identity: { tag: 'tslb', pid: 42 },
    sinks,
    clock: () => NOW_US,
  });
  t.equal(logger.atAccept, false);
  logger.log(rec);
  t.same(written.get('raw'), [`${LINE}\n`]);
  t.same(written.get('local'), [`<134>Nov 22 07:55:37 tslb[42]: ${LINE}\n`]);
  t.same(written.get('notice'), [], 'an info message does not reach a notice target');
  t.same(written.get('debug'), [`<135>${LINE}\n`]);
  t.equal(logger.count, 1);
  await logger.close();
  t.same([...closed].sort(), ['debug', 'local', 'notice', 'raw']);
  logger.log(rec);
  t.equal(written.get('raw')?.length, 1, 'a closed logger logs nothing');
  await logger.close();
});

t.test('option dontlognull skips connections the client sent nothing on', async (t) => {
  const { sinks, written } = memorySinks();
  const empty = { ...rec, bytesIn: 0, method: undefined };
  t.ok(isNullConnection(empty));
  t.notOk(isNullConnection(rec));
  const quiet = createAccessLogger({ targets: [target('a')], format: compileAccessLogFormat('%U'), identity: { tag: 't', pid: 1 }, dontlognull: true, sinks });
  quiet.log(empty);
  quiet.log(rec);
  t.same(written.get('a'), ['47\n']);
  const loud = createAccessLogger({ targets: [target('b')], format: compileAccessLogFormat('%U'), identity: { tag: 't', pid: 1 }, sinks });
  loud.log(empty);
  t.same(written.get('b'), ['0\n'], 'without the option, logged');
});

t.test('%lc counts the lines built; sampling picks among them per target', async (t) => {
  const { sinks, written } = memorySinks();
  const logger = createAccessLogger({
    targets: [target('all'), target('half', { sample: '2:2' })],
    format: compileAccessLogFormat('n=%lc'),
    identity: { tag: 't', pid: 1 },
    sinks,
  });
  for (let i = 0; i < 4; i++) logger.log(rec);
  t.same(written.get('all'), ['n=0\n', 'n=1\n', 'n=2\n', 'n=3\n']);
  t.same(written.get('half'), ['n=1\n', 'n=3\n']);
});

t.test('lines are built within the largest len, then framed within each len', async (t) => {
  const { sinks, written } = memorySinks();
  const logger = createAccessLogger({
    targets: [target('short', { len: 80 }), target('long', { len: 100 })],
    format: compileAccessLogFormat('y'.repeat(200)),
    identity: { tag: 't', pid: 1 },
    sinks,
  });
  logger.log(rec);
  t.equal(written.get('long')?.[0], 'y'.repeat(99) + '\n', 'the line: largest len - 1');
  t.equal(written.get('short')?.[0], 'y'.repeat(79) + '\n', 'a file keeps the line feed within len');
  const explicit = createAccessLogger({ targets: [target('x', { len: 100 })], format: () => 'z'.repeat(200), identity: { tag: 't', pid: 1 }, maxLineLength: 50, sinks });
  explicit.log(rec);
  t.equal(written.get('x')?.[0], 'z'.repeat(49) + '\n');
});

t.test('a line that fails to build is dropped, not thrown', async (t) => {
  const { sinks, written } = memorySinks();
  const before = droppedLogs();
  const logger = createAccessLogger({
    targets: [target('x')],
    format: () => {
      throw new Error('fetch failed');
    },
    identity: { tag: 't', pid: 1 },
    sinks,
  });
  t.doesNotThrow(() => logger.log(rec));
  t.same(written.get('x'), []);
  t.equal(droppedLogs(), before + 1);
  t.equal(logger.count, 0);
});

t.test('a target tslb cannot open fails the logger and releases what it opened', async (t) => {
  const { sinks, closed } = memorySinks();
  const bad = new LogSinks((d) => {
    if (d.kind === 'unix') throw new LogTargetError('unix datagram sockets are not implemented');
    return sinks.acquire(d);
  });
  t.throws(
    () =>
      createAccessLogger({
        targets: [target('ok'), { ...target('x'), destination: { kind: 'unix', path: '/dev/log' } }],
        format: () => 'x',
        identity: { tag: 't', pid: 1 },
        sinks: bad,
      }),
    LogTargetError,
  );
  await new Promise((r) => setImmediate(r));
  t.ok(closed.has('ok'), 'the sink opened first was released');
  t.throws(() => createAccessLogger({ targets: [target('y', { facility: 'nope' })], format: () => 'x', identity: { tag: 't', pid: 1 }, sinks }), /unknown log facility/);
  t.throws(() => createAccessLogger({ targets: [target('y', { sample: 'bad' })], format: () => 'x', identity: { tag: 't', pid: 1 }, sinks }), /log sample 'bad'/);
  const none = createAccessLogger({ targets: [], format: () => 'x', identity: { tag: 't', pid: 1 }, sinks });
  none.log(rec);
  t.equal(none.count, 0, 'no target: nothing built');
  await none.close();
});

function proxy(text: string, name: string): { fe: Proxy; model: NonNullable<ReturnType<typeof loadConfigText>['model']> } {
  const r = loadConfigText(text);
  const model = r.model;
  if (!model) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  const fe = model.proxies.find((p) => p.name === name && hasFrontend(p.kind));
  if (!fe) throw new Error(`no frontend ${name}`);
  return { fe, model };
}

t.test('accessLoggerFor: a configured frontend logs over UDP', async (t) => {
  const c = await udpCollector();
  t.teardown(c.close);
  const port = await freePort();
  const cfg = `global
    log 127.0.0.1:${c.port} format rfc5424 local1
    log-tag fromglobal
defaults
    mode http
    log global
    timeout client 1s
    timeout server 1s
    timeout connect 1s
frontend fe
    bind 127.0.0.1:${port}
    option httplog
    option dontlognull
    log-tag web
    log-format "%ci %[str(ok)] %HM %pid"
    default_backend be
frontend plain
    bind 127.0.0.1:${port + 1}
    default_backend be
frontend quiet
    bind 127.0.0.1:${port + 2}
    no log
    default_backend be
frontend tcpfe
    mode tcp
    bind 127.0.0.1:${port + 3}
    log global
    option httplog
    default_backend tcpbe
backend be
    server s1 127.0.0.1:1
backend tcpbe
    mode tcp
    server s1 127.0.0.1:1
`;
  const { fe, model } = proxy(cfg, 'fe');
  const logger = accessLoggerFor(fe, model.global, { env: new RuleEnv(converterSpec), pid: 777, clock: () => NOW_US });
  if (!logger) throw new Error('no logger');
  t.teardown(() => logger.close());
  t.equal(logger.atAccept, false);
  logger.log({ ...rec, bytesIn: 0 });
  logger.log(rec);
  t.equal(await c.waitFor('127.0.0.1 '), '<142>1 2026-11-22T07:55:37.500000+00:00 - web 777 - - 127.0.0.1 - GET 777\n', 'tag from the proxy; no ctx: the sample prints -');
  await new Promise((r) => setTimeout(r, 50));
  t.equal(c.datagrams.length, 1, 'dontlognull kept the empty connection out');

  const plain = accessLoggerFor(proxy(cfg, 'plain').fe, model.global, { pid: 777, clock: () => NOW_US });
  if (!plain) throw new Error('no logger');
  t.teardown(() => plain.close());
  t.equal(plain.atAccept, true, 'no log option: HAProxy logs the connection at accept');
  plain.log(rec);
  t.equal(await c.waitFor('Connect from'), '<142>1 2026-11-22T07:55:37.500000+00:00 - fromglobal 777 - - Connect from 127.0.0.1:36036 to 127.0.0.1:8080 (fe/HTTP)\n');

  t.equal(accessLoggerFor(proxy(cfg, 'quiet').fe, model.global), undefined, 'no target, no logger');

  const tcp = accessLoggerFor(proxy(cfg, 'tcpfe').fe, model.global, { pid: 1, clock: () => NOW_US });
  if (!tcp) throw new Error('no logger');
  t.teardown(() => tcp.close());
  tcp.log({ ...rec, frontend: 'tcpfe', method: undefined });
  t.match(await c.waitFor('tcpfe'), / 127\.0\.0\.1:36036 \[22\/Nov\/2026:07:55:36\.095\] tcpfe be\/s1 1\/0\/2 132 -- 1\/1\/0\/0\/0 0\/0\n$/, 'httplog falls back to tcplog in TCP mode');
});

t.test('the default tag is tslb', async (t) => {
  t.equal(DEFAULT_LOG_TAG, 'tslb');
  const { sinks, written } = memorySinks();
  const cfg = `global
    log stdout format local local0
defaults
    mode http
    log global
    timeout client 1s
    timeout server 1s
    timeout connect 1s
frontend fe
    bind 127.0.0.1:1
    option tcplog
    default_backend be
backend be
    server s1 127.0.0.1:1
`;
  const { fe, model } = proxy(cfg, 'fe');
  const logger = accessLoggerFor(fe, model.global, { sinks, pid: 5, clock: () => NOW_US });
  logger?.log(rec);
  t.same(written.get('stdout'), ['<134>Nov 22 07:55:37 tslb[5]: 127.0.0.1:36036 [22/Nov/2026:07:55:36.095] fe be/s1 0/0/2 132 -- 1/1/0/0/0 0/0\n']);
  await logger?.close();
});

t.test('levels and samplers are looked at before the line is built', async (t) => {
  const { sinks, written } = memorySinks();
  let built = 0;
  const counting = (text: string) => (_rec: LogRecord, lc = 0): string => {
    built++;
    return `${text}${lc}`;
  };
  const filtered = createAccessLogger({ targets: [target('notice', { level: 'notice' }), target('err', { level: 'err' })], format: counting('x'), identity: { tag: 't', pid: 1 }, sinks });
  for (let i = 0; i < 3; i++) filtered.log(rec);
  t.equal(built, 0, 'no target takes info: the line is never built');
  t.equal(filtered.count, 0);
  t.same(written.get('notice'), []);

  built = 0;
  const sampled = createAccessLogger({ targets: [target('half', { sample: '2:2' }), target('third', { sample: '3:3' }), target('quiet', { level: 'notice' })], format: counting('n='), identity: { tag: 't', pid: 1 }, sinks });
  for (let i = 0; i < 6; i++) sampled.log(rec);
  t.same(written.get('half'), ['n=1\n', 'n=3\n', 'n=5\n']);
  t.same(written.get('third'), ['n=2\n', 'n=5\n']);
  t.equal(built, 4, 'lines no target samples are not built (the 1st and 5th of 6)');
  t.equal(sampled.count, 6, 'but counted: %lc numbers every line');
});

t.test('the header time: the record says when it is logged; the clock when the header needs microseconds', async (t) => {
  const { sinks, written } = memorySinks();
  const logDate = Date.UTC(2026, 10, 22, 9, 10, 11, 999);
  const seconds = createAccessLogger({ targets: [target('local', { format: 'local' })], format: compileAccessLogFormat('%ST'), identity: { tag: 't', pid: 1 }, sinks });
  seconds.log({ ...rec, logDate });
  t.same(written.get('local'), ['<134>Nov 22 09:10:11 t[1]: 200\n']);
  const before = Date.now();
  const micros = createAccessLogger({ targets: [target('iso', { format: 'iso' })], format: compileAccessLogFormat('%ST'), identity: { tag: 't', pid: 1 }, sinks });
  micros.log({ ...rec, logDate });
  const line = written.get('iso')?.[0] ?? '';
  const sent = Date.parse(line.slice(0, 26) + 'Z');
  t.ok(sent >= before - 1000 && sent <= Date.now() + 1000, `the clock, not logDate: ${line}`);
  const none = createAccessLogger({ targets: [target('raw2')], format: compileAccessLogFormat('%ST'), identity: { tag: 't', pid: 1 }, sinks });
  none.log(rec);
  t.same(written.get('raw2'), ['200\n'], 'raw reads no time');
});

t.test('a line cut at the largest len is trimmed again, even from a format that ends cleanly', async (t) => {
  const { sinks, written } = memorySinks();
  const format = compileAccessLogFormat('ab\ncd%ST');
  t.equal(format.cleanEnd, true);
  const logger = createAccessLogger({ targets: [target('cut', { len: 100 })], format, identity: { tag: 't', pid: 1 }, maxLineLength: 4, sinks });
  logger.log(rec);
  t.same(written.get('cut'), ['ab\n'], 'cut to "ab\\n", whose line feed is then dropped');
});
