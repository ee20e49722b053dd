/**
 * Syslog framing of one message per target format, level and length rule
 * (configuration manual 3.1 "log"); the expected bytes are the shapes real
 * HAProxy 2.6 sent (syslog-differential.test.ts compares with the binary).
 */
process.env['TZ'] = 'UTC';

import t from 'tap';
import type { LogFormatName, LogTarget } from '../../lib/config/model/log.js';
import { logSampler } from '../../lib/log/log-sample.js';
import { isStream, LogTargetError, SEVERITY, syslogFramer, type SyslogIdentity } from '../../lib/log/syslog.js';

const US = (Date.UTC(2026, 10, 22, 7, 55, 41, 12) * 1000) + 941;
const ID: SyslogIdentity = { tag: 'tslb', pid: 14124 };
const MSG = '127.0.0.1:35340 [22/Nov/2026:07:55:41.010] fe be/s1 0/0/0/2/2 200 132 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"';

function target(format: LogFormatName, extra: Partial<LogTarget> = {}): LogTarget {
  return { destination: { kind: 'udp', host: '127.0.0.1', port: 514 }, len: 1024, format, facility: 'local0', global: false, ...extra };
}

t.test('each format frames the message as HAProxy does', async (t) => {
  const cases: readonly [LogFormatName, string][] = [
    ['local', `<134>Nov 22 07:55:41 tslb[14124]: ${MSG}\n`],
    ['rfc3164', `<134>Nov 22 07:55:41 localhost tslb[14124]: ${MSG}\n`],
    ['rfc5424', `<134>1 2026-11-22T07:55:41.012941+00:00 - tslb 14124 - - ${MSG}\n`],
    ['priority', `<134>${MSG}\n`],
    ['short', `<6>${MSG}\n`],
    ['timed', `<6>2026-11-22T07:55:41.012941+00:00 ${MSG}\n`],
    ['iso', `2026-11-22T07:55:41.012941+00:00 ${MSG}\n`],
    ['raw', `${MSG}\n`],
  ];
  for (const [format, expected] of cases) t.equal(syslogFramer(target(format), ID)(MSG, SEVERITY.info, US), expected, format);
});

t.test('log-send-hostname names the host in rfc3164 and rfc5424 only', async (t) => {
  const id = { ...ID, hostname: 'myhost' };
  t.equal(syslogFramer(target('rfc3164'), id)('m', 6, US), '<134>Nov 22 07:55:41 myhost tslb[14124]: m\n');
  t.equal(syslogFramer(target('rfc5424'), id)('m', 6, US), '<134>1 2026-11-22T07:55:41.012941+00:00 myhost tslb 14124 - - m\n');
  t.equal(syslogFramer(target('local', { formatGiven: true }), id)('m', 6, US), '<134>Nov 22 07:55:41 tslb[14124]: m\n', 'an explicit local format stays without host');
  t.equal(syslogFramer(target('local'), id)('m', 6, US), '<134>Nov 22 07:55:41 myhost tslb[14124]: m\n', 'the default format becomes rfc3164');
  const { hostname } = await import('node:os');
  t.equal(syslogFramer(target('rfc3164'), { ...ID, hostname: '' })('m', 6, US), `<134>Nov 22 07:55:41 ${hostname()} tslb[14124]: m\n`, "'' is the system's name");
});

t.test('facility and severity make the PRI; a minimum level caps, a maximum level filters', async (t) => {
  t.equal(syslogFramer(target('priority', { facility: 'kern' }), ID)('m', SEVERITY.info, US), '<6>m\n');
  t.equal(syslogFramer(target('priority', { facility: 'local7' }), ID)('m', SEVERITY.err, US), '<187>m\n');
  t.equal(syslogFramer(target('priority', { level: 'info', minLevel: 'debug' }), ID)('m', SEVERITY.info, US), '<135>m\n', 'info sent as debug');
  t.equal(syslogFramer(target('short', { level: 'debug', minLevel: 'debug' }), ID)('m', SEVERITY.info, US), '<7>m\n');
  t.equal(syslogFramer(target('priority', { level: 'debug', minLevel: 'notice' }), ID)('m', SEVERITY.info, US), '<134>m\n', 'less severe than the minimum: unchanged');
  t.equal(syslogFramer(target('priority', { level: 'notice' }), ID)('m', SEVERITY.info, US), undefined, 'info is less severe than notice');
  t.equal(syslogFramer(target('priority', { level: 'notice' }), ID)('m', SEVERITY.notice, US), '<133>m\n');
  t.throws(() => syslogFramer(target('raw', { facility: 'nope' }), ID), LogTargetError);
  t.throws(() => syslogFramer(target('raw', { level: 'loud' }), ID), /unknown log level 'loud'/);
  t.throws(() => syslogFramer(target('nope' as LogFormatName), ID), /unknown log format 'nope'/);
});

t.test('len: a datagram cuts header + message at len, a stream keeps its line feed within len', async (t) => {
  const udp = syslogFramer(target('local', { len: 80 }), ID)(MSG, 6, US) ?? '';
  t.equal(udp, '<134>Nov 22 07:55:41 tslb[14124]: 127.0.0.1:35340 [22/Nov/2026:07:55:41.010] fe \n');
  t.equal(udp.length, 81);
  const stream = syslogFramer(target('local', { len: 80, destination: { kind: 'stdout' } }), ID)(MSG, 6, US) ?? '';
  t.equal(stream, '<134>Nov 22 07:55:41 tslb[14124]: 127.0.0.1:35340 [22/Nov/2026:07:55:41.010] fe\n');
  t.equal(stream.length, 80);
  t.equal(syslogFramer(target('raw', { len: 80 }), ID)('x'.repeat(100), 6, US), 'x'.repeat(80) + '\n');
  t.equal(syslogFramer(target('rfc5424', { len: 20 }), ID)(MSG, 6, US), '<134>1 2026-11-22T07\n', 'the header itself can be cut');
  t.ok(isStream({ kind: 'file', path: '/x' }) && isStream({ kind: 'stderr' }) && !isStream({ kind: 'udp', host: 'h', port: 1 }));
});

t.test('trailing line feeds and NULs of a message are dropped; an empty tag drops tag[pid]', async (t) => {
  t.equal(syslogFramer(target('raw'), ID)('m\n\n\0', 6, US), 'm\n');
  t.equal(syslogFramer(target('local'), { tag: '', pid: 1 })('m', 6, US), '<134>Nov 22 07:55:41 m\n');
  t.equal(syslogFramer(target('rfc5424'), { tag: '', pid: 1 })('m', 6, US), '<134>1 2026-11-22T07:55:41.012941+00:00 - - 1 - - m\n');
});

t.test('a caller that knows the message ends cleanly skips the trimming (the message is not read)', async (t) => {
  const f = syslogFramer(target('raw'), ID);
  t.equal(f('m\n', 6, US, true), 'm\n\n', 'clean: taken as it is');
  t.equal(f('m\n', 6, US, false), 'm\n');
  t.equal(f('m\n', 6, US), 'm\n', 'not said: trimmed');
  t.equal(syslogFramer(target('raw', { len: 3 }), ID)('abcdef', 6, US, true), 'abc\n', 'still cut at len');
});

t.test('a framer says its level bound and what it reads of the time', async (t) => {
  const clocks: readonly [LogFormatName, string][] = [
    ['local', 'seconds'],
    ['rfc3164', 'seconds'],
    ['rfc5424', 'micros'],
    ['timed', 'micros'],
    ['iso', 'micros'],
    ['priority', 'none'],
    ['short', 'none'],
    ['raw', 'none'],
  ];
  for (const [format, clock] of clocks) t.equal(syslogFramer(target(format), ID).clock, clock, format);
  t.equal(syslogFramer(target('local'), { ...ID, hostname: 'h' }).clock, 'seconds', 'local turned rfc3164');
  t.equal(syslogFramer(target('raw'), ID).maxLevel, SEVERITY.debug);
  t.equal(syslogFramer(target('raw', { level: 'notice' }), ID).maxLevel, SEVERITY.notice);
});

t.test('the legacy date pads the day with a space and follows the second; the ISO one the microsecond', async (t) => {
  const f = syslogFramer(target('local'), ID);
  const early = Date.UTC(2026, 10, 2, 3, 4, 5) * 1000;
  t.equal(f('m', 6, early), '<134>Nov  2 03:04:05 tslb[14124]: m\n');
  t.equal(f('m', 6, early + 999_999), '<134>Nov  2 03:04:05 tslb[14124]: m\n');
  t.equal(f('m', 6, early + 1_000_000), '<134>Nov  2 03:04:06 tslb[14124]: m\n');
  t.equal(f('m', 3, early + 1_000_000), '<131>Nov  2 03:04:06 tslb[14124]: m\n', 'a new severity rebuilds the cached header');
  const iso = syslogFramer(target('iso'), ID);
  t.equal(iso('m', 6, early + 7), '2026-11-02T03:04:05.000007+00:00 m\n');
  t.equal(iso('m', 6, early + 123_456), '2026-11-02T03:04:05.123456+00:00 m\n');
});

t.test('ISO times carry the local offset', async (t) => {
  const tz = process.env['TZ'];
  process.env['TZ'] = 'Asia/Kolkata';
  t.teardown(() => {
    process.env['TZ'] = tz;
  });
  t.equal(syslogFramer(target('timed'), ID)('m', 6, US), '<6>2026-11-22T13:25:41.012941+05:30 m\n');
  t.equal(syslogFramer(target('local'), ID)('m', 6, US), '<134>Nov 22 13:25:41 tslb[14124]: m\n');
});

t.test('sample <ranges>:<size> picks positions in each period', async (t) => {
  t.equal(logSampler(undefined), undefined);
  const picks = (spec: string, n: number): string => {
    const s = logSampler(spec);
    if (!s) throw new Error('no sampler');
    return Array.from({ length: n }, () => (s() ? '1' : '0')).join('');
  };
  t.equal(picks('2:2', 6), '010101');
  t.equal(picks('1-3,7:10', 12), '111000100011');
  t.equal(picks('1:1', 3), '111');
  for (const bad of ['x', '1:0', '0:2', '3-1:5', '1-6:5', 'a:2', '2']) t.throws(() => logSampler(bad), LogTargetError, bad);
});
