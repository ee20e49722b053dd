/**
 * Every log-format variable, flag and separator rule from a hand-made
 * record (configuration manual 8.2.6). Expected texts are what HAProxy 2.6
 * printed for the same values (checked by hand against the real binary;
 * the differential tests check whole lines).
 */
process.env['TZ'] = 'UTC';

import type { Socket } from 'node:net';
import t from 'tap';
import { compileAccessLogFormat, connectFormat, formatFor, HTTPLOG, HTTPLOG_CLF, LogFormatError, TCPLOG, type CompileFormatOptions } from '../../lib/log/format.js';
import { hexAddress } from '../../lib/log/format-text.js';
import type { LogRecord } from '../../lib/log/record.js';
import { SampleContext } from '../../lib/rules/context.js';
import { converterSpec } from '../../lib/rules/converter-lookup.js';
import { RuleEnv } from '../../lib/rules/env.js';
import { Variables } from '../../lib/rules/variables.js';

const ACCEPT = Date.UTC(2026, 10, 21, 22, 54, 19, 129);

const base: LogRecord = {
  clientIp: '192.0.2.10',
  clientPort: 43210,
  frontendIp: '127.0.0.1',
  frontendPort: 8080,
  frontend: 'fe',
  backend: 'be',
  server: 's1',
  backendSourceIp: '10.0.0.1',
  backendSourcePort: 51000,
  serverIp: '10.0.0.2',
  serverPort: 80,
  acceptDate: ACCEPT,
  requestDate: ACCEPT + 5,
  handshake: 2,
  idle: 3,
  request: 4,
  queue: 5,
  connect: 6,
  response: 7,
  active: 30,
  total: 35,
  status: 200,
  bytesOut: 1234,
  bytesIn: 321,
  termination: '--NI',
  actconn: 10,
  feconn: 9,
  beconn: 8,
  srvconn: 7,
  retries: 1,
  redispatched: false,
  srvQueue: 2,
  backendQueue: 3,
  method: 'GET',
  uri: '/p/q?x=1&y=2',
  version: 'HTTP/1.1',
  capturedRequest: ['host.example', undefined, 'a|b'],
  capturedResponse: ['text/html'],
  capturedCookie: 'SID=abc',
  capturedSetCookie: undefined,
  uniqueId: 'id-1',
  requestCounter: 42,
};

const OPTS: CompileFormatOptions = { pid: 1234, hostname: 'myhost' };

function fmt(text: string, patch: Partial<LogRecord> = {}, opts: CompileFormatOptions = {}, lc = 0): string {
  return compileAccessLogFormat(text, { ...OPTS, ...opts })({ ...base, ...patch }, lc);
}

type Case = readonly [format: string, expected: string, patch?: Partial<LogRecord>, opts?: CompileFormatOptions];

const cases: readonly Case[] = [
  // addresses and ports: text, +Q quotes addresses only, +X is hex bytes
  ['%ci', '192.0.2.10'],
  ['%{+Q}ci', '"192.0.2.10"'],
  ['%{+X}ci', 'C000020A'],
  ['%{+X,+Q}ci', 'C000020A'],
  ['%{+E}ci', '192.0.2.10'],
  ['%cp', '43210'],
  ['%{+Q}cp', '43210'],
  ['%{+X}cp', 'A8CA'],
  ['%fi:%fp', '127.0.0.1:8080'],
  ['%{+X}fp', '1F90'],
  ['%bi:%bp', '10.0.0.1:51000'],
  ['%si:%sp', '10.0.0.2:80'],
  ['%{+X}sp', '0050'],
  ['%{+X}ci', '00000000000000000000000000000001', { clientIp: '::1' }],
  ['%{+X}ci', '00000000000000000000FFFF7F000001', { clientIp: '::ffff:127.0.0.1' }],
  ['%{+X}ci', '20010DB8000000000000000000000001', { clientIp: '2001:db8::1' }],
  ['%{+X}ci', 'unix', { clientIp: 'unix' }],
  // not connected to a server: like missing text
  ['%bi|%bp|%si|%sp', '-|-|-|-', { backendSourceIp: '-', backendSourcePort: -1, serverIp: '', serverPort: -1 }],
  ['%{+Q}bi|%{+Q}bp|%{+X}bi|%{+X}bp', '""|""|-|-', { backendSourceIp: '-', backendSourcePort: -1 }],
  // names
  ['%f %ft %b/%s', 'fe fe be/s1'],
  ['%{+Q}f %{+Q}b %{+Q}s', '"fe" "be" "s1"'],
  ['%b/%s', 'fe/<NOSRV>', { backend: 'fe', server: '<NOSRV>' }],
  ['%{+E}b', 'a\\"b\\\\c\\]d', { backend: 'a"b\\c]d' }],
  ['%{+Q,+E}b', '"a\\"b"', { backend: 'a"b' }],
  // dates: never quoted
  ['%t', '21/Nov/2026:22:54:19.129'],
  ['%tr', '21/Nov/2026:22:54:19.134'],
  ['%trg', '21/Nov/2026:22:54:19 +0000'],
  ['%trl', '21/Nov/2026:22:54:19 +0000'],
  ['%T', '21/Nov/2026:22:54:19 +0000'],
  ['%Tl', '21/Nov/2026:22:54:19 +0000'],
  ['%{+Q}t %{+Q}T', '21/Nov/2026:22:54:19.129 21/Nov/2026:22:54:19 +0000'],
  ['%Ts', '1795301659'],
  ['%{+X}Ts', '6B02211B'],
  ['%ms', '129'],
  ['%ms', '005', { acceptDate: ACCEPT - 124 }],
  ['%{+X}ms', '81'],
  ['%{+X}ms', '05', { acceptDate: ACCEPT - 124 }],
  ['%t', '01/Jan/2027:00:00:00.000', { acceptDate: Date.UTC(2027, 0, 1) }],
  // timers
  ['%Th/%Ti/%TR/%Tq/%Tw/%Tc/%Tr/%Ta/%Tt/%Tu/%Td', '2/3/4/9/5/6/7/30/35/32/8'],
  ['%{+Q}Tt', '35'],
  ['%TR/%Tq/%Tw/%Tc/%Tr/%Td', '-1/-1/-1/-1/-1/-1', { request: -1, queue: -1, connect: -1, response: -1 }],
  ['%Tu', '35', { idle: -1 }],
  ['%Td', '22', {}, { mode: 'tcp' }],
  ['%Tw/%Tc/%Tt', '6/6/35', {}, { mode: 'tcp' }],
  ['%Tw', '-1', { queue: -1 }, { mode: 'tcp' }],
  ['%Td', '-1', { connect: -1 }, { mode: 'tcp' }],
  // status, sizes, cookies, termination state
  ['%ST %B %U', '200 1234 321'],
  ['%{+Q}ST %{+X}ST %{+X}U', '200 200 321'],
  ['%ST', '-1', { status: -1 }],
  ['%ST', '0', { status: -1 }, { mode: 'tcp' }],
  ['%CC %CS', 'SID=abc -'],
  ['%{+Q}CC %{+Q}CS', '"SID=abc" ""'],
  ['%{+E}CC', 'a\\"b', { capturedCookie: 'a"b' }],
  ['%CC', '-', { capturedCookie: '' }],
  ['%ts %tsc', '-- --NI'],
  ['%{+Q}ts %{+Q}tsc', '-- --NI'],
  ['%ts %tsc', 'CD CD--', { termination: 'CD' }],
  // connection counts, retries, queues
  ['%ac/%fc/%bc/%sc/%rc %sq/%bq', '10/9/8/7/1 2/3'],
  ['%rc', '+1', { redispatched: true }],
  ['%{+Q}ac', '10'],
  // captured headers: braces, '|' between, encoded delimiters, missing = empty
  ['%hr %hs', '{host.example||a#7Cb} {text/html}'],
  ['%{+Q}hr', '"{host.example||a#7Cb}"'],
  ['%hrl|%hsl', 'host.example - a#7Cb|text/html'],
  ['%{+Q}hrl', '"host.example" "" "a#7Cb"'],
  ['%hr', '{x#22y#7B#7C#7D#23z|}', { capturedRequest: ['x"y{|}#z', ''] }],
  ['%hrl|', 'x#22y#7B#7C#7D#23z |', { capturedRequest: ['x"y{|}#z', ''] }],
  ['%{+E}hr', '{a#22b\\\\c\\]d}', { capturedRequest: ['a"b\\c]d'] }],
  ['%hr', '{#01#E9}', { capturedRequest: ['\u0001é'] }], // request bytes are latin1 text: é is the byte E9
  ['%hr', '{#E2#82#AC}', { capturedRequest: ['€'] }],
  // the request line and its parts
  ['%r', 'GET /p/q?x=1&y=2 HTTP/1.1'],
  ['%{+Q}r', '"GET /p/q?x=1&y=2 HTTP/1.1"'],
  ['%HM|%HU|%HP|%HPO|%HQ|%HV', 'GET|/p/q?x=1&y=2|/p/q|/p/q|?x=1&y=2|HTTP/1.1'],
  ['%{+Q}HM|%{+Q}HQ', '"GET"|"?x=1&y=2"'],
  ['%HQ|%{+Q}HQ|', '|""|', { uri: '/a' }],
  ['%HU|%HP|%HPO|%HQ', 'http://h.example/p/q?x=1|http://h.example/p/q|/p/q|?x=1', { uri: 'http://h.example/p/q?x=1' }],
  ['%HPO|%{+Q}HPO', '|""', { uri: 'http://h.example' }],
  ['%HPO|%HU', '|*', { method: 'OPTIONS', uri: '*' }],
  ['%HPO', '', { method: 'CONNECT', uri: 'h.example:443' }],
  ['%r|%HV', 'GET /|HTTP/0.9', { uri: '/', version: undefined }],
  ['%r|%HM|%HU|%HV|%HQ', 'GET|<BADREQ>|<BADREQ>|<BADREQ>|', { uri: undefined, version: undefined }],
  ['%HP|%HPO', '<BADREQ>|<BADREQ>', { uri: undefined, version: undefined }],
  ['%r|%HM|%HU|%HP|%HPO|%HQ|%HV', '<BADREQ>|<BADREQ>|<BADREQ>|<BADREQ>|<BADREQ>|<BADREQ>|<BADREQ>', { method: undefined }],
  ['%{+Q}r', '"<BADREQ>"', { method: undefined }],
  ['%r', 'GET /a#22b#23c#01 HTTP/1.1', { uri: '/a"b#c\u0001' }],
  ['%{+E}r', 'GET /a\\\\b\\]#22 HTTP/1.1', { uri: '/a\\b]"' }],
  ['%r|%HU|%HV', 'GET /abcdefghijklmno|/abcdefghijklmno|HTTP/0.9', { uri: '/abcdefghijklmnopqrstuvwxyz' }, { uriLen: 20 }],
  // identifiers and counters
  ['%ID|%{+Q}ID', 'id-1|"id-1"'],
  ['%ID|%{+Q}ID', '-|""', { uniqueId: undefined }],
  ['%H|%{+Q}H', 'myhost|"myhost"'],
  ['%pid|%{+X}pid', '1234|04D2'],
  ['%rt|%{+X}rt', '42|002A'],
  ['%rt', '0', { requestCounter: undefined }],
  // text, separators, %o
  ['a%%b', 'a%b'],
  ['', ''],
  ['plain', 'plain'],
  ['a  b   %ST', 'a b 200'],
  [' %ST x ', '200 x '],
  ['%hr %ST', '200', { capturedRequest: undefined }],
  ['%hr %ST', '200', { capturedRequest: [] }],
  ['x%hs %ST', 'x 200', { capturedResponse: undefined }],
  ['a %hr %hs %hsl b %hsl %hsl', 'a {host.example||a#7Cb} b ', { capturedResponse: undefined }],
  ['a %hr%hs %ST', 'a {host.example||a#7Cb}{text/html} 200'],
  ['a %hr%hs %ST', 'a 200', { capturedRequest: undefined, capturedResponse: undefined }],
  ['a %hr%hs|', 'a {host.example||a#7Cb}{text/html}|'],
  ['%{+Q}o %ci %{-Q}b %s', '"192.0.2.10" be "s1"'],
  ['%{+Q}r%{-Q}o %r', '"GET /p/q?x=1&y=2 HTTP/1.1" GET /p/q?x=1&y=2 HTTP/1.1'],
  ['%{+X}o%ci', 'C000020A'],
  // unknown flags and flags without a sign are ignored, as HAProxy does
  ['%{+Z}r|%{Q}r', 'GET /p/q?x=1&y=2 HTTP/1.1|GET /p/q?x=1&y=2 HTTP/1.1'],
  // sample expressions without a context print '-'
  ['%[str(hi)]|%{+Q}[str(hi)]', '-|""'],
];

t.test('every variable, flag and separator rule', async (t) => {
  const env = new RuleEnv(converterSpec);
  for (const [format, expected, patch, opts] of cases) {
    t.equal(fmt(format, patch, { env, ...opts }), expected, `${format} ${patch ? JSON.stringify(patch) : ''}`);
  }
});

t.test('%lc is the counter the logger passes; +X prints it in hex', async (t) => {
  t.equal(fmt('%lc|%{+X}lc', {}, {}, 0), '0|0000');
  t.equal(fmt('%lc|%{+X}lc', {}, {}, 27), '27|001B');
  t.equal(compileAccessLogFormat('%lc')(base), '0', 'defaults to 0');
  t.equal(compileAccessLogFormat('x%lc')(base), 'x0', 'defaults to 0 in a multi-part format');
});

t.test('%pid and %H default to the process', async (t) => {
  t.equal(compileAccessLogFormat('%pid')(base), String(process.pid));
  const { hostname } = await import('node:os');
  t.equal(compileAccessLogFormat('%H')(base), hostname());
});

t.test('sample expressions read the record context', async (t) => {
  const env = new RuleEnv(converterSpec);
  const socket = { remoteAddress: '192.0.2.10', remotePort: 43210, localAddress: '127.0.0.1', localPort: 8080 } as Socket;
  const ctx = new SampleContext(socket, { name: 'fe', id: 1 }, { backend: () => undefined, userlist: () => undefined }, new Variables());
  const f = compileAccessLogFormat('%[str(hi),upper] %{+Q}[src] %[var(txn.none)] %{+Q}[var(txn.none)] %{+E}[str(a\\]b)] %[str(a),ltrim(a)] %{+Q}[str(a),ltrim(a)]', { env });
  t.equal(f({ ...base, ctx }), 'HI "192.0.2.10" - "" a\\]b - ""', 'missing and empty samples print - or ""');
});

t.test('the predefined formats give HAProxy lines', async (t) => {
  t.equal(
    fmt(HTTPLOG),
    '192.0.2.10:43210 [21/Nov/2026:22:54:19.134] fe be/s1 4/5/6/7/30 200 1234 SID=abc - --NI 10/9/8/7/1 2/3 {host.example||a#7Cb} {text/html} "GET /p/q?x=1&y=2 HTTP/1.1"',
  );
  t.equal(
    fmt(HTTPLOG, { capturedRequest: undefined, capturedResponse: undefined, capturedCookie: undefined }),
    '192.0.2.10:43210 [21/Nov/2026:22:54:19.134] fe be/s1 4/5/6/7/30 200 1234 - - --NI 10/9/8/7/1 2/3 "GET /p/q?x=1&y=2 HTTP/1.1"',
    'no captures: their fields and spaces disappear',
  );
  t.equal(
    fmt(HTTPLOG_CLF, { capturedRequest: undefined, capturedResponse: undefined }),
    '192.0.2.10 - - [21/Nov/2026:22:54:19 +0000] "GET /p/q?x=1&y=2 HTTP/1.1" 200 1234 "" "" 43210 129 "fe" "be" "s1" 4 5 6 7 30 --NI 10 9 8 7 1 2 3 "SID=abc" "" ',
    'clf: quoted text, and the trailing space HAProxy leaves',
  );
  t.equal(fmt(TCPLOG, {}, { mode: 'tcp' }), '192.0.2.10:43210 [21/Nov/2026:22:54:19.129] fe be/s1 6/6/35 1234 -- 10/9/8/7/1 2/3', 'Tw is the queue time + 1 in TCP mode, as HAProxy 2.6 prints it');
  t.equal(fmt(connectFormat('http')), 'Connect from 192.0.2.10:43210 to 127.0.0.1:8080 (fe/HTTP)');
  t.equal(fmt(connectFormat('tcp'), {}, { mode: 'tcp' }), 'Connect from 192.0.2.10:43210 to 127.0.0.1:8080 (fe/TCP)');
});

t.test('formatFor maps a proxy choice to its format', async (t) => {
  t.same(formatFor({ kind: 'default' }, 'http'), { text: connectFormat('http'), atAccept: true });
  t.same(formatFor({ kind: 'httplog', clf: false }, 'http'), { text: HTTPLOG, atAccept: false });
  t.same(formatFor({ kind: 'httplog', clf: true }, 'http'), { text: HTTPLOG_CLF, atAccept: false });
  t.same(formatFor({ kind: 'httplog', clf: false }, 'tcp'), { text: TCPLOG, atAccept: false }, 'httplog falls back to tcplog in TCP mode');
  t.same(formatFor({ kind: 'tcplog' }, 'http'), { text: TCPLOG, atAccept: false });
  t.same(formatFor({ kind: 'custom', format: '%ci' }, 'http'), { text: '%ci', atAccept: false });
  t.throws(() => formatFor({ kind: 'nope' } as never, 'http'), /unknown log format choice/);
});

t.test('compile errors name what is wrong, in HAProxy words', async (t) => {
  const env = new RuleEnv(converterSpec);
  const errors: readonly [string, RegExp, CompileFormatOptions?][] = [
    ['%zz', /no such format variable 'zz'\. If you wanted to emit the '%' character verbatim, you need to use '%%'/],
    ['%', /truncated line after '%'/],
    ['%r%', /truncated line after '%'/],
    ['%{+Q', /truncated line after '\+Q'/],
    ['%[str(a)', /missing '\]' after 'str\(a\)'/],
    ['%{+Q} %r', /parse argument modifier without variable name near '%\{\+Q\}'/],
    ['%:', /no such format variable ''/],
    ['%sslc', /format variable 'sslc' is not implemented/],
    ['%sslv', /format variable 'sslv' is not implemented/],
    ['%HM', /format variable 'HM' is reserved for HTTP mode/, { mode: 'tcp' }],
    ['%{+Q}r', /format variable 'r' is reserved for HTTP mode/, { mode: 'tcp' }],
    ['%[nosuchfetch]', /sample expression '%\[nosuchfetch\]'.*nosuchfetch/, { env }],
    ['%[str(a)]', /sample expression '%\[str\(a\)\]' cannot be used here/],
  ];
  for (const [format, re, opts] of errors) {
    t.throws(() => compileAccessLogFormat(format, opts), re, format);
    t.throws(() => compileAccessLogFormat(format, opts), LogFormatError, `${format} is a LogFormatError`);
  }
  // Variables that are not reserved stay usable in TCP mode.
  t.equal(fmt('%tsc|%hr|%Tt', { capturedRequest: undefined }, { mode: 'tcp' }), '--NI||35');
});

t.test('a ] inside the parentheses of an expression does not end it', async (t) => {
  const env = new RuleEnv(converterSpec);
  const socket = {} as Socket;
  const ctx = new SampleContext(socket, { name: 'fe', id: 1 }, { backend: () => undefined, userlist: () => undefined }, new Variables());
  t.equal(compileAccessLogFormat('%[str(a]b)]x', { env })({ ...base, ctx }), 'a]bx');
  t.equal(compileAccessLogFormat("%[str('a)]b')]x", { env })({ ...base, ctx }), 'a)]bx');
  t.equal(compileAccessLogFormat("%[str('a\\')]b')]x", { env })({ ...base, ctx }), "a')]bx", 'an escaped quote inside quotes');
});

t.test('hex addresses reject what is not one', async (t) => {
  for (const bad of ['1.2.3', '1.2.3.256', 'a.b.c.d', '1::2::3', '1:2:3', '12345::', '1:2:3:4:5:6:7:8:9', '::1.2.3']) t.equal(hexAddress(bad), undefined, bad);
  t.equal(hexAddress('fe80::1%eth0'), 'FE800000000000000000000000000001');
  t.equal(hexAddress('1:2:3:4:5:6:7:8'), '00010002000300040005000600070008');
});

t.test('local time: %t %Tl %trl use the zone and its offset', async (t) => {
  const tz = process.env['TZ'];
  process.env['TZ'] = 'Asia/Kolkata';
  t.teardown(() => {
    process.env['TZ'] = tz;
  });
  t.equal(fmt('%t|%Tl|%trl|%T'), '22/Nov/2026:04:24:19.129|22/Nov/2026:04:24:19 +0530|22/Nov/2026:04:24:19 +0530|21/Nov/2026:22:54:19 +0000');
  process.env['TZ'] = 'America/Sao_Paulo';
  t.equal(fmt('%Tl'), '21/Nov/2026:19:54:19 -0300');
});

t.test('dates are cached per second, and follow the record', async (t) => {
  const f = compileAccessLogFormat('%t %tr');
  t.equal(f(base), '21/Nov/2026:22:54:19.129 21/Nov/2026:22:54:19.134');
  t.equal(f({ ...base, acceptDate: ACCEPT + 1, requestDate: ACCEPT + 1000 }), '21/Nov/2026:22:54:19.130 21/Nov/2026:22:54:20.129');
  t.equal(f({ ...base, acceptDate: ACCEPT - 1000 }), '21/Nov/2026:22:54:18.129 21/Nov/2026:22:54:19.134');
});

t.test('a compiled format remembers nothing it should not: line after line, as a fresh one', async (t) => {
  // The generated function keeps texts made from names and dates, and reads numbers from tables: each
  // line must be what a format compiled for that record alone prints.
  const records: Partial<LogRecord>[] = [
    {},
    {},
    { backend: 'other', server: 's2' },
    { requestDate: ACCEPT + 1 },
    { requestDate: ACCEPT + 1000, termination: 'CD--' },
    { capturedCookie: 'x=1', capturedSetCookie: 'y=2' },
    { capturedCookie: undefined },
    { server: '<NOSRV>', backend: 'fe', status: -1, bytesOut: 0, request: -1, queue: -1, connect: -1, response: -1 },
    { active: 1023, total: 1024, bytesOut: 65_536, actconn: 100_000, srvQueue: 1.5, backendQueue: -3 },
    { clientIp: '-', clientPort: -1, redispatched: true, retries: 3 },
    { clientIp: '', frontend: '' },
    { method: 'POST', version: 'HTTP/1.0' },
    { method: 'GET', uri: '/a"b', version: 'HTTP/1.1' },
    { method: 'GET', uri: 'x'.repeat(2000) },
    { method: undefined },
    { termination: '--' },
    {},
  ];
  for (const format of [HTTPLOG, HTTPLOG_CLF, `${HTTPLOG} %Tt|%U|%Tq|%Td|%Tu|%lc|%{+X}lc|%rt|%pid|%H|%ts|%[str(k)]`]) {
    const env = new RuleEnv(converterSpec);
    const reused = compileAccessLogFormat(format, { ...OPTS, env });
    records.forEach((patch, i) => {
      const rec = { ...base, ...patch };
      t.equal(reused(rec, i), compileAccessLogFormat(format, { ...OPTS, env })(rec, i), `${format.slice(0, 20)}… line ${i}`);
    });
  }
  t.equal(fmt('%Tt %B', { total: 1.5, bytesOut: -2 }), '1.5 -2', 'numbers the tables do not hold are converted');
  t.equal(fmt('%Tt/%Tc', { total: 1024, connect: 1023 }), '1024/1023');
});

t.test('the text of a format is never code', async (t) => {
  const nasty = ['"; throw new Error("x"); "', "'; throw 1; '", '`${process.exit(1)}`', '*/ throw 1; /*', '\\', '\\"', '\u2028\u2029', 'a\nb', '</script>', '%%{x}'];
  nasty.forEach((text, i) => {
    const expected = text.replace('%%', '%');
    t.equal(fmt(text), expected, `text ${i}`);
    t.equal(fmt(`${text}|%ST|${text}|%b|${text}`), `${expected}|200|${expected}|be|${expected}`, `text ${i} around variables`);
  });
});

t.test('cleanEnd: whether a line can end with a line feed or NUL', async (t) => {
  const cases: readonly [string, boolean, CompileFormatOptions?][] = [
    [HTTPLOG, true],
    [TCPLOG, true, { mode: 'tcp' }],
    [HTTPLOG_CLF, false],
    ['%ST', true],
    ['%b', true],
    ['%{+Q}r', true],
    ['%r', false],
    ['%CC', false],
    ['%ID', false],
    ['%hr', false],
    ['%ST %hr', false],
    ['x\n', false],
    ['x\0', false],
    ['%ST x', true],
    ['%ST ', true],
    ['', false],
  ];
  for (const [format, clean, opts] of cases) t.equal(compileAccessLogFormat(format, { ...OPTS, ...opts }).cleanEnd, clean, JSON.stringify(format));
});

t.test('the connection text remembered on the record follows the record', async (t) => {
  const httplog = compileAccessLogFormat(HTTPLOG, OPTS);
  const tcplog = compileAccessLogFormat(TCPLOG, { ...OPTS, mode: 'tcp' });
  const connect = compileAccessLogFormat(connectFormat('http'), OPTS);
  const fresh = (format: string, r: LogRecord, mode: 'http' | 'tcp' = 'http'): string => compileAccessLogFormat(format, { ...OPTS, mode })({ ...r, logMemo: undefined });
  // One record, refilled as the meter does, through several formats in turn.
  const rec: LogRecord = { ...base };
  const steps: Partial<LogRecord>[] = [{}, {}, { clientPort: 1 }, { clientIp: '198.51.100.1' }, { acceptDate: ACCEPT + 5000 }, { frontend: 'fe2' }, { frontendIp: '::1', frontendPort: 9 }, {}];
  for (const [i, step] of steps.entries()) {
    Object.assign(rec, step);
    t.equal(httplog(rec), fresh(HTTPLOG, rec), `httplog, step ${i}`);
    t.equal(tcplog(rec), fresh(TCPLOG, rec, 'tcp'), `tcplog, step ${i}`);
    t.equal(connect(rec), fresh(connectFormat('http'), rec), `connect, step ${i}`);
    t.equal(httplog(rec), fresh(HTTPLOG, rec), `httplog again, step ${i}`);
  }
  t.ok(Array.isArray(rec.logMemo), 'the note is on the record');
  const copy = { ...rec, clientPort: 2 };
  t.equal(httplog(copy), fresh(HTTPLOG, copy), 'a copy with another port');
});
