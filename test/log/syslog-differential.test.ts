/**
 * Differential: real HAProxy 2.6 sends one access-log message to several
 * syslog targets (every format, facilities, levels, lengths, UDP and
 * stdout); tslb's framer frames HAProxy's own message text with the same
 * time, pid and tag, and must give the very same bytes.
 *
 * What is fed rather than compared: the sending time (read back from each
 * HAProxy header: the second for the legacy header, the microsecond for ISO
 * ones), the pid (HAProxy's, its process id) and the tag (`log-tag tslb`
 * in HAProxy, which is tslb's default tag). Everything else - PRI, header
 * layout, host name field, truncation at `len`, the final line feed - is
 * compared byte for byte. Both run in the Asia/Kolkata zone so that local
 * times and the +05:30 offset are checked too.
 *
 * The default format (no `format`) is `local`, and `log-send-hostname`
 * turns it into rfc3164 (manual 3.1 "log" <format>): the targets below say
 * which format the configuration layer must hand to the framer.
 */
const ZONE = 'Asia/Kolkata';
process.env['TZ'] = ZONE;

import t, { type Test } from 'tap';
import type { LogDestination, LogFormatName, LogTarget } from '../../lib/config/model/log.js';
import { SEVERITY, syslogFramer } from '../../lib/log/syslog.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { exchange, freePort } from '../helpers/net.js';
import { haproxyWithStdout, headerTimeUs, httpBackend, udpCollector, type UdpCollector } from './log-helpers.js';

interface Case {
  readonly name: string;
  /** The words after `log <address>`. */
  readonly words: string;
  /** The same target as tslb's model has it. */
  readonly target: Omit<LogTarget, 'destination' | 'global'>;
}

const t0 = { len: 1024, facility: 'local0' } as const;
const udpCases: readonly Case[] = [
  { name: 'default (local)', words: 'local0', target: { ...t0, format: 'local' } },
  { name: 'explicit local', words: 'format local local1', target: { ...t0, format: 'local', formatGiven: true, facility: 'local1' } },
  { name: 'rfc3164', words: 'format rfc3164 local1', target: { ...t0, format: 'rfc3164', facility: 'local1' } },
  { name: 'rfc5424', words: 'format rfc5424 local2', target: { ...t0, format: 'rfc5424', facility: 'local2' } },
  { name: 'priority', words: 'format priority daemon', target: { ...t0, format: 'priority', facility: 'daemon' } },
  { name: 'short, capped to debug', words: 'format short local4 debug debug', target: { ...t0, format: 'short', facility: 'local4', level: 'debug', minLevel: 'debug' } },
  { name: 'timed', words: 'format timed local5', target: { ...t0, format: 'timed', facility: 'local5' } },
  { name: 'iso', words: 'format iso local6', target: { ...t0, format: 'iso', facility: 'local6' } },
  { name: 'rfc3164 len 90, info capped to debug', words: 'len 90 format rfc3164 local7 info debug', target: { ...t0, len: 90, format: 'rfc3164', facility: 'local7', level: 'info', minLevel: 'debug' } },
  { name: 'rfc5424 len 100', words: 'len 100 format rfc5424 local0', target: { ...t0, len: 100, format: 'rfc5424' } },
  { name: 'local len 80', words: 'len 80 local3', target: { ...t0, len: 80, format: 'local', facility: 'local3' } },
  { name: 'raw len 80', words: 'len 80 format raw local0', target: { ...t0, len: 80, format: 'raw' } },
];

function haproxyCfg(port: number, be: number, globalExtra: string, logs: string): string {
  return `global
    log-tag tslb
${globalExtra}
${logs}
defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${port}
    default_backend be
backend be
    server s1 127.0.0.1:${be}
`;
}

/** The sending time in a HAProxy message: its ISO or legacy header time (any time for formats without one). */
function timeOf(datagram: string): number {
  const iso = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d) /.exec(datagram);
  if (iso) return headerTimeUs(iso[1] as string);
  const legacy = /^<\d+>(\w{3} [ \d]\d \d\d:\d\d:\d\d) /.exec(datagram);
  return legacy ? headerTimeUs(legacy[1] as string) : Date.now() * 1000;
}

async function udpRun(
  t: Test,
  opts: { globalExtra: string; cases: readonly Case[]; hostname: string | undefined; formatOf?: (c: Case) => LogFormatName },
): Promise<void> {
  const be = await httpBackend();
  t.teardown(be.close);
  const reference = await udpCollector();
  const filtered = await udpCollector();
  const collectors: UdpCollector[] = [];
  for (let i = 0; i < opts.cases.length; i++) collectors.push(await udpCollector());
  t.teardown(async () => {
    for (const c of [reference, filtered, ...collectors]) await c.close();
  });
  const logs = [
    `    log 127.0.0.1:${reference.port} len 4096 format raw local0`,
    `    log 127.0.0.1:${filtered.port} local0 notice`,
    ...opts.cases.map((c, i) => `    log 127.0.0.1:${(collectors[i] as UdpCollector).port} ${c.words}`),
  ].join('\n');
  const port = await freePort();
  const hp = await startHaproxy(haproxyCfg(port, be.port, opts.globalExtra, logs), port, { ...process.env, TZ: ZONE });
  t.teardown(hp.stop);

  const marker = `/m${Math.random().toString(36).slice(2)}?q=1`;
  const r = await exchange(port, `GET ${marker} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
  t.match(r.data.toString(), /^HTTP\/1\.1 200/);
  const ref = await reference.waitFor(marker);
  if (ref === undefined) throw new Error('HAProxy sent no log line');
  t.ok(ref.endsWith('\n'), 'HAProxy ends a datagram with a line feed');
  const message = ref.slice(0, -1);
  t.match(message, new RegExp(`^127\\.0\\.0\\.1:\\d+ \\[.*\\] fe be/s1 .* "GET ${marker.replace('?', '\\?')} HTTP/1\\.1"$`));

  for (let i = 0; i < opts.cases.length; i++) {
    const c = opts.cases[i] as Case;
    const collector = collectors[i] as UdpCollector;
    // A short target may have cut the marker off: its message is the only one after the start-up notices.
    const theirs = (await collector.waitFor(message.slice(0, 20))) ?? '';
    const destination: LogDestination = { kind: 'udp', host: '127.0.0.1', port: collector.port };
    const framer = syslogFramer({ ...c.target, format: opts.formatOf?.(c) ?? c.target.format, destination }, { tag: 'tslb', pid: hp.child.pid ?? 0, hostname: opts.hostname });
    t.equal(framer(message, SEVERITY.info, timeOf(theirs)), theirs, c.name);
  }
  // An info message is below a 'notice' maximum level: HAProxy did not send it.
  await new Promise((r) => setTimeout(r, 100));
  t.notOk(filtered.datagrams.some((d) => d.includes(marker)), 'a target with level notice gets no access log');
  t.equal(syslogFramer({ destination: { kind: 'udp', host: '127.0.0.1', port: filtered.port }, len: 1024, format: 'local', facility: 'local0', level: 'notice' }, { tag: 'tslb', pid: 1 })(message, SEVERITY.info, 0), undefined);
}

t.test('UDP targets: every format, facility, level and len as HAProxy frames them', async (t) => {
  await udpRun(t, { globalExtra: '', cases: udpCases, hostname: undefined });
});

t.test('log-send-hostname: the default format becomes rfc3164 with the host, rfc5424 names it, explicit local does not', async (t) => {
  const cases = udpCases.filter((c) => ['default (local)', 'explicit local', 'rfc3164', 'rfc5424', 'rfc5424 len 100'].includes(c.name));
  await udpRun(t, {
    globalExtra: '    log-send-hostname tslbhost',
    cases,
    hostname: 'tslbhost',
    // The default target is `local` without formatGiven: the framer turns it into rfc3164 itself.
    formatOf: (c) => c.target.format,
  });
});

t.test('stdout targets: the line feed counts in len', async (t) => {
  const be = await httpBackend();
  t.teardown(be.close);
  const port = await freePort();
  const logs = ['    log stdout format raw local0', '    log stdout len 100 format rfc5424 local1', '    log stdout len 80 local2', '    log stdout len 90 format short local3'].join('\n');
  const hp = await haproxyWithStdout(haproxyCfg(port, be.port, '', logs), port, { ...process.env, TZ: ZONE });
  t.teardown(hp.stop);
  const marker = `/s${Math.random().toString(36).slice(2)}`;
  await exchange(port, `GET ${marker} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
  let lines: string[] = [];
  for (let i = 0; i < 100 && lines.length < 4; i++) {
    await new Promise((r) => setTimeout(r, 20));
    lines = hp.stdout().split('\n').filter((l) => l.includes('127.0.0.1:'));
  }
  const raw = lines.find((l) => l.startsWith('127.0.0.1:') && l.includes(marker));
  if (raw === undefined) throw new Error(`no raw line in:\n${hp.stdout()}`);
  const id = { tag: 'tslb', pid: hp.pid };
  const expect = (prefix: string, format: LogFormatName, facility: string, len: number): void => {
    const theirs = lines.find((l) => l.startsWith(prefix));
    if (theirs === undefined) throw new Error(`no '${prefix}' line in:\n${hp.stdout()}`);
    const mine = syslogFramer({ destination: { kind: 'stdout' }, format, facility, len }, id)(raw, SEVERITY.info, timeOf(theirs));
    t.equal(mine, theirs + '\n', `${format} len ${len}`);
    t.equal(mine?.length, Math.min(len, mine?.length ?? 0), 'within len, line feed included');
  };
  expect('<142>1 ', 'rfc5424', 'local1', 100);
  expect('<150>', 'local', 'local2', 80);
  expect('<6>', 'short', 'local3', 90);
});
