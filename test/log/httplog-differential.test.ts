/**
 * Differential: real HAProxy 2.6 logs a few exchanges with `option httplog`
 * (with and without captures), `option httplog clf`, `option tcplog` and a
 * custom log-format using every variable and flag; each line is parsed back
 * into a LogRecord (HAProxy's values for HAProxy's fields), formatted by
 * tslb with the same format, and must come out byte for byte the same.
 *
 * This checks the layout, separators, quoting, '-' and '<BADREQ>', header
 * encoding, dates and flags of tslb's formatter against the binary; the
 * values themselves come from HAProxy's line (what tslb's data plane will
 * measure is not the subject here).
 */
const ZONE = 'Asia/Kolkata';
process.env['TZ'] = ZONE;

import type { Socket } from 'node:net';
import t from 'tap';
import { compileAccessLogFormat, HTTPLOG, HTTPLOG_CLF, TCPLOG } from '../../lib/log/format.js';
import type { LogRecord } from '../../lib/log/record.js';
import { SampleContext } from '../../lib/rules/context.js';
import { converterSpec } from '../../lib/rules/converter-lookup.js';
import { RuleEnv } from '../../lib/rules/env.js';
import { Variables } from '../../lib/rules/variables.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { exchange, freePort, tcpServer } from '../helpers/net.js';
import { httpBackend, udpCollector } from './log-helpers.js';

/** The custom format: raw values first (to rebuild the record), then every variable again with flags. */
const CUSTOM = [
  '%ci|%cp|%fi|%fp|%bi|%bp|%si|%sp|%Ts|%ms|%tr|%Th|%Ti|%TR|%Tw|%Tc|%Tr|%Ta|%Tt|%ST|%B|%U|%ac|%fc|%bc|%sc|%rc|%sq|%bq|%pid|%rt|%lc|%ID|%tsc|%r|%CC|%CS|%b|%s|%hr|%hs',
  '%{+Q}ci %{+X}ci %{+X}cp %{+X}fp %{+X}bi %{+X}sp %{+X}Ts %{+X}ms %{+X}pid %{+X}rt %{+X}lc %t %T %Tl %trg %trl %Tq %Td %Tu',
  '%HM %HU %HP %HPO %HQ %HV %{+Q}HQ %{+Q}HPO %{+Q}r %{+E}r %{+Q}CC %{+Q}CS %H %{+Q}H %{+Q}ID %f %ft %{+Q}b %{+Q,+E}s',
  '%hrl %hsl %{+Q}hr %{+Q}hrl %{+E}hr %ts %{+Q}ts %[str(lit)] %{+Q}[str(q)] %[var(txn.none)] %%',
  '%{+Q}o %b %{-Q}s %ci %cp',
].join(' ');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `22/Nov/2026:13:37:09.274` in local time. */
function localClf(s: string): number {
  const m = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(s);
  if (!m) throw new Error(`bad date ${s}`);
  return new Date(Number(m[3]), MONTHS.indexOf(m[2] as string), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7])).getTime();
}

/** `22/Nov/2026:07:55:39 +0000`. */
function zonedClf(s: string): number {
  const m = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(s);
  if (!m) throw new Error(`bad date ${s}`);
  const utc = Date.UTC(Number(m[3]), MONTHS.indexOf(m[2] as string), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return utc - (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
}

/** Undoes HAProxy's '#XX' encoding. */
function unhash(s: string): string {
  return s.replace(/#([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const dash = (s: string | undefined): string | undefined => (s === undefined || s === '-' || s === '' ? undefined : s);

/** The request line split as the record has it. */
function requestParts(r: string): Pick<LogRecord, 'method' | 'uri' | 'version'> {
  if (r === '<BADREQ>') return { method: undefined, uri: undefined, version: undefined };
  const [method, uri, version] = unhash(r).split(' ');
  return { method, uri, version };
}

/**
 * A `{a|b|c}` capture block. It does not tell a missing header from an empty
 * one: the configuration does (X-Miss, the second, is never sent; X-Empty,
 * the third, is sent empty), and %hrl prints them differently.
 */
function block(s: string | undefined): (string | undefined)[] | undefined {
  return s === undefined ? undefined : s.split('|').map((v, i) => (v === '' && i === 1 ? undefined : unhash(v)));
}

const blank: LogRecord = {
  clientIp: '',
  clientPort: 0,
  frontendIp: '',
  frontendPort: 0,
  frontend: '',
  backend: '',
  server: '',
  backendSourceIp: '-',
  backendSourcePort: -1,
  serverIp: '-',
  serverPort: -1,
  acceptDate: 0,
  requestDate: 0,
  handshake: 0,
  idle: 0,
  request: 0,
  queue: 0,
  connect: 0,
  response: 0,
  active: 0,
  total: 0,
  status: 0,
  bytesOut: 0,
  bytesIn: 0,
  termination: '----',
  actconn: 0,
  feconn: 0,
  beconn: 0,
  srvconn: 0,
  retries: 0,
  redispatched: false,
  srvQueue: 0,
  backendQueue: 0,
};

const counts = (g: Record<string, string | undefined>): Partial<LogRecord> => ({
  actconn: Number(g['ac']),
  feconn: Number(g['fc']),
  beconn: Number(g['bc']),
  srvconn: Number(g['sc']),
  retries: Number(g['rc']?.replace('+', '')),
  redispatched: g['rc']?.startsWith('+') === true,
  srvQueue: Number(g['sq']),
  backendQueue: Number(g['bq']),
});

const HTTPLOG_RE =
  /^(?<ci>[\d.]+):(?<cp>\d+) \[(?<tr>[^\]]+)\] (?<ft>\S+) (?<b>[^/]+)\/(?<s>\S+) (?<TR>-?\d+)\/(?<Tw>-?\d+)\/(?<Tc>-?\d+)\/(?<Tr>-?\d+)\/(?<Ta>-?\d+) (?<ST>-?\d+) (?<B>\d+) (?<CC>\S+) (?<CS>\S+) (?<tsc>\S{4}) (?<ac>\d+)\/(?<fc>\d+)\/(?<bc>\d+)\/(?<sc>\d+)\/(?<rc>\+?\d+) (?<sq>\d+)\/(?<bq>\d+) (?:\{(?<hr>[^}]*)\} \{(?<hs>[^}]*)\} )?"(?<r>[^"]*)"$/;

function fromHttplog(line: string): LogRecord {
  const g = HTTPLOG_RE.exec(line)?.groups;
  if (!g) throw new Error(`not an httplog line: ${line}`);
  const request = Number(g['TR']);
  return {
    ...blank,
    clientIp: g['ci'] as string,
    clientPort: Number(g['cp']),
    requestDate: localClf(g['tr'] as string),
    frontend: g['ft'] as string,
    backend: g['b'] as string,
    server: g['s'] as string,
    request,
    queue: Number(g['Tw']),
    connect: Number(g['Tc']),
    response: Number(g['Tr']),
    active: Number(g['Ta']),
    status: Number(g['ST']),
    bytesOut: Number(g['B']),
    capturedCookie: dash(g['CC']),
    capturedSetCookie: dash(g['CS']),
    termination: g['tsc'] as string,
    ...counts(g),
    capturedRequest: block(g['hr']),
    capturedResponse: block(g['hs']),
    ...requestParts(g['r'] as string),
  };
}

const CLF_RE =
  /^(?<ci>[\d.]+) - - \[(?<trg>[^\]]+)\] "(?<r>[^"]*)" (?<ST>-?\d+) (?<B>\d+) "" "" (?<cp>\d+) (?<ms>\d{3}) "(?<ft>[^"]*)" "(?<b>[^"]*)" "(?<s>[^"]*)" (?<TR>-?\d+) (?<Tw>-?\d+) (?<Tc>-?\d+) (?<Tr>-?\d+) (?<Ta>-?\d+) (?<tsc>\S{4}) (?<ac>\d+) (?<fc>\d+) (?<bc>\d+) (?<sc>\d+) (?<rc>\+?\d+) (?<sq>\d+) (?<bq>\d+) "(?<CC>[^"]*)" "(?<CS>[^"]*)" (?<hrl>(?:"[^"]*" ?)*)(?<hsl>.*)$/;

function fromClf(line: string, requestCaptures: number): LogRecord {
  const g = CLF_RE.exec(line)?.groups;
  if (!g) throw new Error(`not a clf line: ${line}`);
  const quoted = [...(g['hrl'] as string).matchAll(/"([^"]*)"/g)].map((m) => unhash(m[1] as string));
  const requestDate = zonedClf(g['trg'] as string);
  return {
    ...blank,
    clientIp: g['ci'] as string,
    clientPort: Number(g['cp']),
    requestDate,
    acceptDate: requestDate + Number(g['ms']),
    frontend: g['ft'] as string,
    backend: g['b'] as string,
    server: g['s'] as string,
    request: Number(g['TR']),
    queue: Number(g['Tw']),
    connect: Number(g['Tc']),
    response: Number(g['Tr']),
    active: Number(g['Ta']),
    status: Number(g['ST']),
    bytesOut: Number(g['B']),
    capturedCookie: dash(g['CC']),
    capturedSetCookie: dash(g['CS']),
    termination: g['tsc'] as string,
    ...counts(g),
    // Quoted, a missing header and an empty one look the same: both "".
    capturedRequest: quoted.slice(0, requestCaptures).map((v) => (v === '' ? undefined : v)),
    capturedResponse: quoted.slice(requestCaptures).map((v) => (v === '' ? undefined : v)),
    ...requestParts(g['r'] as string),
  };
}

const TCPLOG_RE =
  /^(?<ci>[\d.]+):(?<cp>\d+) \[(?<t>[^\]]+)\] (?<ft>\S+) (?<b>[^/]+)\/(?<s>\S+) (?<Tw>-?\d+)\/(?<Tc>-?\d+)\/(?<Tt>-?\d+) (?<B>\d+) (?<ts>\S\S) (?<ac>\d+)\/(?<fc>\d+)\/(?<bc>\d+)\/(?<sc>\d+)\/(?<rc>\+?\d+) (?<sq>\d+)\/(?<bq>\d+)(?: (?<ST>-?\d+)\|(?<Td>-?\d+)\|(?<Tu>-?\d+)\|(?<U>\d+)\|(?<sp>\d+))?$/;

function fromTcplog(line: string): LogRecord {
  const g = TCPLOG_RE.exec(line)?.groups;
  if (!g) throw new Error(`not a tcplog line: ${line}`);
  const total = Number(g['Tt']);
  return {
    ...blank,
    clientIp: g['ci'] as string,
    clientPort: Number(g['cp']),
    acceptDate: localClf(g['t'] as string),
    frontend: g['ft'] as string,
    backend: g['b'] as string,
    server: g['s'] as string,
    // HAProxy prints the queue time + 1 in TCP mode (no request date): the record holds the real time.
    queue: Number(g['Tw']) - 1,
    connect: Number(g['Tc']),
    total,
    bytesOut: Number(g['B']),
    bytesIn: Number(g['U'] ?? 0),
    serverPort: Number(g['sp'] ?? -1),
    status: -1,
    termination: `${g['ts'] as string}--`,
    ...counts(g),
  };
}

function fromCustom(line: string, ctx: SampleContext): { rec: LogRecord; pid: number; lc: number } {
  const head = line.slice(0, line.indexOf(' '));
  const f = head.split('|');
  // %hr and %hs came last in the raw section: their braces are part of the same space-free field only without spaces in values.
  const at = (i: number): string => f[i] as string;
  const acceptDate = Number(at(8)) * 1000 + Number(at(9));
  const idle = Number(at(12));
  const rec: LogRecord = {
    ...blank,
    clientIp: at(0),
    clientPort: Number(at(1)),
    frontendIp: at(2),
    frontendPort: Number(at(3)),
    backendSourceIp: at(4),
    backendSourcePort: at(5) === '-' ? -1 : Number(at(5)),
    serverIp: at(6),
    serverPort: at(7) === '-' ? -1 : Number(at(7)),
    acceptDate,
    requestDate: localClf(at(10)),
    handshake: Number(at(11)),
    idle,
    request: Number(at(13)),
    queue: Number(at(14)),
    connect: Number(at(15)),
    response: Number(at(16)),
    active: Number(at(17)),
    total: Number(at(18)),
    status: Number(at(19)),
    bytesOut: Number(at(20)),
    bytesIn: Number(at(21)),
    ...counts({ ac: at(22), fc: at(23), bc: at(24), sc: at(25), rc: at(26), sq: at(27), bq: at(28) }),
    requestCounter: Number(at(30)),
    uniqueId: dash(at(32)),
    termination: at(33),
    frontend: 'fe_custom',
    ctx,
  };
  // The request line has spaces: it sits between %tsc and %CC in the line itself.
  const rest = line.slice(line.indexOf(`|${at(33)}|`) + at(33).length + 2);
  const r = /^(?<r>[^|]*)\|(?<CC>[^|]*)\|(?<CS>[^|]*)\|(?<b>[^|]*)\|(?<s>[^|]*)\|\{(?<hr>[^}]*)\}\|\{(?<hs>[^}]*)\} /.exec(rest)?.groups;
  if (!r) throw new Error(`cannot read the custom line: ${line}`);
  return {
    rec: {
      ...rec,
      ...requestParts(r['r'] as string),
      capturedCookie: dash(r['CC']),
      capturedSetCookie: dash(r['CS']),
      backend: r['b'] as string,
      server: r['s'] as string,
      capturedRequest: block(r['hr']),
      capturedResponse: block(r['hs']),
    },
    pid: Number(at(29)),
    lc: Number(at(31)),
  };
}

function config(logPort: number, be: number, tcpBe: number, ports: Record<string, number>): string {
  const captures = `    capture request header Host len 20
    capture request header X-Miss len 10
    capture request header X-Empty len 10
    capture response header X-R len 20
    capture cookie SID len 32
`;
  return `global
    log 127.0.0.1:${logPort} len 8192 format raw local0
defaults
    mode http
    log global
    option dontlognull
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe_plain
    bind 127.0.0.1:${ports['plain']}
    option httplog
    default_backend be
frontend fe_capture
    bind 127.0.0.1:${ports['capture']}
    option httplog
${captures}    default_backend be
frontend fe_clf
    bind 127.0.0.1:${ports['clf']}
    option httplog clf
${captures}    default_backend be
frontend fe_custom
    bind 127.0.0.1:${ports['custom']}
    unique-id-format %{+X}o\\ %ci:%cp_%Ts_%rt
${captures}    log-format "${CUSTOM.replace(/"/g, '\\"')}"
    default_backend be
frontend fe_tcp
    mode tcp
    bind 127.0.0.1:${ports['tcp']}
    option tcplog
    default_backend be_tcp
frontend fe_tcp_custom
    mode tcp
    bind 127.0.0.1:${ports['tcpcustom']}
    log-format "${TCPLOG} %ST|%Td|%Tu|%U|%sp"
    default_backend be_tcp
backend be
    server s1 127.0.0.1:${be}
backend be_tcp
    mode tcp
    server t1 127.0.0.1:${tcpBe}
`;
}

t.test('tslb formats HAProxy-measured records into HAProxy lines', async (t) => {
  const be = await httpBackend();
  t.teardown(be.close);
  const tcpBe = await tcpServer((s) => s.on('data', (c: Buffer) => s.end(`echo ${c.length}`)));
  t.teardown(tcpBe.close);
  const logs = await udpCollector();
  t.teardown(logs.close);
  const ports: Record<string, number> = {};
  for (const name of ['plain', 'capture', 'clf', 'custom', 'tcp', 'tcpcustom']) ports[name] = await freePort();
  const hp = await startHaproxy(config(logs.port, be.port, tcpBe.port, ports), ports['tcpcustom'] as number, { ...process.env, TZ: ZONE });
  t.teardown(hp.stop);

  const env = new RuleEnv(converterSpec);
  const ctx = new SampleContext({} as Socket, { name: 'fe_custom', id: 1 }, { backend: () => undefined, userlist: () => undefined }, new Variables());
  const marker = Math.random().toString(36).slice(2);
  const get = (port: string, path: string, headers = ''): Promise<unknown> =>
    exchange(ports[port] as number, `GET /${marker}/${path} HTTP/1.1\r\nhost: x"y{|}#z\r\nx-empty:\r\n${headers}connection: close\r\n\r\n`);
  const line = async (needle: string): Promise<string> => {
    const d = await logs.waitFor(needle);
    if (d === undefined) throw new Error(`no log line with ${needle}; got:\n${logs.datagrams.join('')}`);
    return d.slice(0, -1);
  };

  await t.test('option httplog without captures', async (t) => {
    await get('plain', 'plain?a=1');
    const theirs = await line(`/${marker}/plain`);
    t.equal(compileAccessLogFormat(HTTPLOG)(fromHttplog(theirs)), theirs);
  });

  await t.test('option httplog with header and cookie captures', async (t) => {
    await get('capture', 'cap', 'cookie: SID=123; other=1\r\n');
    const theirs = await line(`/${marker}/cap`);
    t.match(theirs, /SID=123 SID=abc .* \{x#22y#7B#7C#7D#23z\|\|\} \{resp#7Cv\} "GET /, 'HAProxy captured and encoded');
    t.equal(compileAccessLogFormat(HTTPLOG)(fromHttplog(theirs)), theirs);
  });

  await t.test('a bad request: <BADREQ>, -1 timers, no server', async (t) => {
    await exchange(ports['plain'] as number, `${marker} IS NOT HTTP\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    const theirs = logs.datagrams.map((d) => d.slice(0, -1)).find((d) => d.includes('<BADREQ>') && d.includes(' fe_plain '));
    if (theirs === undefined) throw new Error('no BADREQ line');
    t.match(theirs, /fe_plain fe_plain\/<NOSRV> -1\/-1\/-1\/-1\/\d+ 400 /);
    t.equal(compileAccessLogFormat(HTTPLOG)(fromHttplog(theirs)), theirs);
  });

  await t.test('option httplog clf', async (t) => {
    await get('clf', 'clf?b=2');
    const theirs = await line(`/${marker}/clf`);
    t.match(theirs, / "x#22y#7B#7C#7D#23z" "" "" "resp#7Cv"$/, 'HAProxy quotes each capture');
    t.equal(compileAccessLogFormat(HTTPLOG_CLF)(fromClf(theirs, 3)), theirs);
  });

  await t.test('a custom format with every variable and flag', async (t) => {
    await get('custom', 'custom/p?q=1&r=%22', 'cookie: SID=zz\r\n');
    const theirs = await line(`/${marker}/custom`);
    const { rec, pid, lc } = fromCustom(theirs, ctx);
    t.equal(pid, hp.child.pid, '%pid is the process');
    t.equal(compileAccessLogFormat(CUSTOM, { env, pid })(rec, lc), theirs);
  });

  await t.test('option tcplog, and TCP-mode %ST %Td %Tu %U', async (t) => {
    await exchange(ports['tcp'] as number, 'ping', { end: true });
    await exchange(ports['tcpcustom'] as number, 'pong!', { end: true });
    await new Promise((r) => setTimeout(r, 150));
    const plain = logs.datagrams.map((d) => d.slice(0, -1)).find((d) => d.includes(' fe_tcp be_tcp/'));
    const custom = logs.datagrams.map((d) => d.slice(0, -1)).find((d) => d.includes(' fe_tcp_custom be_tcp/'));
    if (plain === undefined || custom === undefined) throw new Error(`no tcp lines:\n${logs.datagrams.join('')}`);
    t.equal(compileAccessLogFormat(TCPLOG, { mode: 'tcp' })(fromTcplog(plain)), plain);
    t.match(custom, / 0\|-?\d+\|\d+\|5\|\d+$/, 'a TCP stream has no status: 0');
    t.equal(compileAccessLogFormat(`${TCPLOG} %ST|%Td|%Tu|%U|%sp`, { mode: 'tcp' })(fromTcplog(custom)), custom);
  });
});
