/**
 * Log destinations: UDP datagrams and stream writers deliver the exact
 * bytes, never throw, count what they lose; unix datagram sockets and rings
 * are refused clearly; sinks are shared per destination.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import type { LogDestination } from '../../lib/config/model/log.js';
import { droppedLogs } from '../../lib/log/dropped-logs.js';
import { LogTargetError } from '../../lib/log/syslog.js';
import { BATCH_BYTES, FLUSH_MS, StreamSink } from '../../lib/log/target-stream.js';
import { UdpSink } from '../../lib/log/target-udp.js';
import { createLogSink, describeDestination, LogSinks, type LogSink } from '../../lib/log/target.js';
import { udpCollector } from './log-helpers.js';

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-log-target-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('UDP: one datagram per message, its bytes as latin1', async (t) => {
  const c = await udpCollector();
  t.teardown(c.close);
  const sink = createLogSink({ kind: 'udp', host: '127.0.0.1', port: c.port });
  sink.write('<134>caf\u00e9 one\n');
  sink.write('<134>two\n');
  t.equal(await c.waitFor('two'), '<134>two\n');
  t.equal(c.datagrams.length, 2);
  t.same(Buffer.from(c.datagrams[0] as string, 'latin1'), Buffer.from('<134>caf\xe9 one\n', 'latin1'), 'é is the byte E9');
  t.equal(sink.dropped, 0);
  await sink.close();
  await sink.close();
  sink.write('after close\n');
  await new Promise((r) => setTimeout(r, 50));
  t.equal(c.datagrams.length, 2, 'nothing is sent after close');
});

t.test('UDP: a host name is resolved (once) and used', async (t) => {
  const c = await udpCollector();
  t.teardown(c.close);
  const sink = new UdpSink('localhost', c.port);
  t.teardown(() => sink.close());
  sink.write('a\n');
  t.equal(await c.waitFor('a'), 'a\n');
  sink.write('b\n');
  t.equal(await c.waitFor('b'), 'b\n');
});

t.test('UDP: what the kernel refuses is a dropped log, never an exception', async (t) => {
  const before = droppedLogs();
  const c = await udpCollector();
  t.teardown(c.close);
  const sink = new UdpSink('127.0.0.1', c.port);
  t.teardown(() => sink.close());
  // Larger than any UDP datagram: EMSGSIZE in the send callback.
  sink.write('x'.repeat(70_000));
  for (let i = 0; i < 100 && sink.dropped === 0; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(sink.dropped, 1);
  // A port Node refuses before sending.
  const bad = new UdpSink('127.0.0.1', 0);
  t.teardown(() => bad.close());
  t.doesNotThrow(() => bad.write('y\n'));
  t.equal(bad.dropped, 1);
  t.equal(droppedLogs(), before + 2, 'the process-wide DroppedLogs counter follows');
});

t.test('stream: a file gets the exact bytes, appended, flushed on close', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'access.log');
  const first = new StreamSink(path);
  first.write('one caf\u00e9\n');
  first.write('two\n');
  await first.close();
  await first.close();
  first.write('ignored after close\n');
  const second = createLogSink({ kind: 'file', path });
  second.write('three\n');
  await second.close();
  t.same(readFileSync(path), Buffer.from('one caf\xe9\ntwo\nthree\n', 'latin1'));
});

t.test('stream: a file descriptor', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'fd.log');
  const fd = openSync(path, 'a');
  const sink = new StreamSink(fd);
  sink.write('via fd\n');
  await sink.close();
  t.equal(readFileSync(path, 'latin1'), 'via fd\n');
  t.throws(() => closeSync(fd), 'the sink closed its descriptor');
});

t.test('stream: beyond the buffer bound, lines are dropped and counted', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'small.log');
  const sink = new StreamSink(path, 10);
  const before = droppedLogs();
  sink.write('0123456789ABCDEF\n');
  sink.write('short\n');
  t.equal(sink.dropped, 1, 'the long line did not fit');
  t.equal(droppedLogs(), before + 1);
  await sink.close();
  t.equal(readFileSync(path, 'latin1'), 'short\n');
});

t.test('stream: lines are batched, and reach the file within FLUSH_MS without a close', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'batched.log');
  const sink = new StreamSink(path);
  t.teardown(() => sink.close());
  sink.write('a\n');
  sink.write('b\n');
  t.equal(readFileSync(path, 'latin1'), '', 'nothing written yet: the lines wait for the batch');
  for (let i = 0; i < 100 && readFileSync(path, 'latin1') === ''; i++) await new Promise((r) => setTimeout(r, FLUSH_MS));
  t.equal(readFileSync(path, 'latin1'), 'a\nb\n');
  // More than a batch at once: handed over as it fills, in order, nothing lost.
  const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}\n`);
  for (const l of lines) sink.write(l);
  const expected = 'a\nb\n' + lines.join('');
  t.ok(expected.length > 2 * BATCH_BYTES);
  for (let i = 0; i < 200 && readFileSync(path, 'latin1').length < expected.length; i++) await new Promise((r) => setTimeout(r, FLUSH_MS));
  t.equal(readFileSync(path, 'latin1'), expected);
  t.equal(sink.dropped, 0);
});

t.test('stream: the bound counts the lines waiting in the batch', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bound.log');
  const sink = new StreamSink(path, 10);
  sink.write('12345\n');
  sink.write('6789\n');
  t.equal(sink.dropped, 1, '6 bytes wait: 5 more would pass 10');
  sink.write('abc\n');
  t.equal(sink.dropped, 1, '6 + 4 fit');
  await sink.close();
  t.equal(readFileSync(path, 'latin1'), '12345\nabc\n');
});

t.test('stream: what waits when the process exits is written', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'exit.log');
  const module = pathToFileURL(fileURLToPath(new URL('../../dist/lib/log/target-stream.js', import.meta.url))).href;
  const code = `import { StreamSink } from ${JSON.stringify(module)};
const sink = new StreamSink(${JSON.stringify(path)});
for (let i = 0; i < 5; i++) sink.write('line ' + i + '\\n');
process.exit(0);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(readFileSync(path, 'latin1'), 'line 0\nline 1\nline 2\nline 3\nline 4\n');
});

t.test('stream: a file that cannot be opened is an error when the sink is made', async (t) => {
  t.throws(() => new StreamSink('/nonexistent-dir-for-tslb/x.log'), LogTargetError);
  t.throws(() => createLogSink({ kind: 'file', path: '/nonexistent-dir-for-tslb/x.log' }), /cannot open log file '\/nonexistent-dir-for-tslb\/x\.log': ENOENT/);
});

t.test('stream: a write error is a dropped log', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ro.log'), '');
  const fd = openSync(join(dir, 'ro.log'), 'r');
  const sink = new StreamSink(fd);
  const before = droppedLogs();
  sink.write('refused\n');
  for (let i = 0; i < 100 && sink.dropped === 0; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(sink.dropped, 1, 'EBADF on a read-only descriptor, counted once');
  sink.write('given up\n');
  t.equal(sink.dropped, 2, 'the destination is given up: later lines are dropped');
  t.equal(droppedLogs(), before + 2);
  await sink.close();
  t.throws(() => closeSync(fd), 'and its descriptor closed');
});

t.test('stdout and stderr open on descriptors 1 and 2 and close without closing them', async (t) => {
  for (const kind of ['stdout', 'stderr'] as const) {
    const sink = createLogSink({ kind });
    await sink.close();
  }
  t.doesNotThrow(() => process.stderr.write(''), 'stderr is still usable');
});

t.test('unix datagram sockets and rings are refused, saying so', async (t) => {
  t.throws(() => createLogSink({ kind: 'unix', path: '/dev/log' }), LogTargetError);
  t.throws(() => createLogSink({ kind: 'unix', path: '/dev/log' }), /log target '\/dev\/log': unix datagram sockets are not implemented/);
  t.throws(() => createLogSink({ kind: 'ring', name: 'buf1' }), /log target 'ring@buf1': ring buffers are not implemented/);
  t.throws(() => createLogSink({ kind: 'nope' } as unknown as LogDestination), /unknown log target/);
});

t.test('destinations have a readable name', async (t) => {
  const cases: readonly [LogDestination, string][] = [
    [{ kind: 'stdout' }, 'stdout'],
    [{ kind: 'stderr' }, 'stderr'],
    [{ kind: 'file', path: '/var/log/x' }, 'file /var/log/x'],
    [{ kind: 'udp', host: '127.0.0.1', port: 514 }, 'udp 127.0.0.1:514'],
    [{ kind: 'udp', host: '::1', port: 514 }, 'udp [::1]:514'],
    [{ kind: 'unix', path: '/dev/log' }, 'unix /dev/log'],
    [{ kind: 'ring', name: 'r' }, 'ring@r'],
  ];
  for (const [d, name] of cases) t.equal(describeDestination(d), name);
  t.equal(describeDestination({ kind: 'x' } as unknown as LogDestination), '{"kind":"x"}');
});

t.test('sinks are shared per destination and closed with their last user', async (t) => {
  const made: { d: LogDestination; closed: boolean }[] = [];
  const sinks = new LogSinks((d) => {
    const entry = { d, closed: false };
    made.push(entry);
    const sink: LogSink = {
      write: () => {},
      dropped: 0,
      close: async () => {
        entry.closed = true;
      },
    };
    return sink;
  });
  const a: LogDestination = { kind: 'udp', host: '127.0.0.1', port: 514 };
  const s1 = sinks.acquire(a);
  const s2 = sinks.acquire({ ...a });
  const s3 = sinks.acquire({ kind: 'stdout' });
  t.equal(s1, s2, 'same destination, same sink');
  t.not(s1, s3);
  t.equal(made.length, 2);
  await sinks.release(a);
  t.notOk(made[0]?.closed, 'still used once');
  await sinks.release(a);
  t.ok(made[0]?.closed, 'closed with its last user');
  await sinks.release(a);
  await sinks.release({ kind: 'stderr' });
  t.equal(made.length, 2, 'releasing unknown destinations does nothing');
  const again = sinks.acquire(a);
  t.not(again, s1, 'a new sink after the old one closed');
});
