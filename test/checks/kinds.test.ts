/** Every check kind against a small real peer: results and texts as HAProxy 2.6.12 reports them. */
import t, { type Test } from 'tap';
import type { Socket } from 'node:net';
import { createServer } from 'node:http';
import { tcpServer, freePort } from '../helpers/net.js';
import { healthCheckFor } from '../../lib/checks/registry.js';
import { agentCheck, parseAgentReply } from '../../lib/checks/agent.js';
import { mysqlLogin } from '../../lib/checks/mysql.js';
import { pgsqlStartup } from '../../lib/checks/pgsql.js';
import { checkSettings, runCheck } from '../helpers/checks.js';

/** A TCP peer that answers each connection with `reply(received so far)` (undefined: keep waiting). */
async function peer(t: Test, reply: (data: Buffer, s: Socket) => void, greet?: (s: Socket) => void): Promise<{ port: number; received: Buffer[] }> {
  const received: Buffer[] = [];
  const p = await tcpServer((s) => {
    let data = Buffer.alloc(0);
    greet?.(s);
    s.on('data', (c: Buffer) => {
      data = Buffer.concat([data, c]);
      received.push(c);
      reply(data, s);
    });
  });
  t.teardown(p.close);
  return { port: p.port, received };
}

t.test('tcp connect: L4OK, refused is L4CON "Connection refused", silence past connect is not an error', async (t) => {
  const { port } = await peer(t, () => {});
  const check = healthCheckFor(checkSettings(''));
  t.same(await runCheck(check, port), { code: 'L4OK' });
  t.same(await runCheck(check, await freePort()), { code: 'L4CON', info: 'Connection refused' });
});

t.test('option httpchk: default request, status texts, expect variants', async (t) => {
  const seen: string[] = [];
  let answer = { status: 200, reason: 'OK', body: 'alive' };
  const srv = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-a'] ?? ''}`);
    res.statusMessage = answer.reason;
    res.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => srv.close(() => r())));
  const port = (srv.address() as { port: number }).port;
  const run = (lines: string) => runCheck(healthCheckFor(checkSettings(lines)), port);

  t.same(await run('    option httpchk'), { code: 'L7OK', status: 200 });
  t.equal(seen.at(-1), 'OPTIONS / ');
  t.same(await run('    option httpchk GET /health\n    http-check send hdr X-A 1'), { code: 'L7OK', status: 200 });
  t.equal(seen.at(-1), 'GET /health 1');

  answer = { status: 500, reason: 'Internal Server Error', body: 'down' };
  t.same(await run('    option httpchk'), { code: 'L7STS', status: 500, info: 'Internal Server Error' }, 'default expect: 200-399');
  answer = { status: 302, reason: 'Found', body: '' };
  t.same(await run('    option httpchk'), { code: 'L7OK', status: 302 });

  answer = { status: 503, reason: 'Service Unavailable', body: 'maintenance mode' };
  const cases: [string, object][] = [
    ['http-check expect status 200', { code: 'L7STS', status: 503, info: 'Service Unavailable' }],
    ['http-check expect status 500-599', { code: 'L7OK', status: 503 }],
    ['http-check expect status 200-299,503', { code: 'L7OK', status: 503 }],
    ['http-check expect ! status 503', { code: 'L7STS', status: 503, info: 'Service Unavailable' }],
    ['http-check expect rstatus ^5', { code: 'L7OK', status: 503 }],
    ['http-check expect ! rstatus ^5', { code: 'L7STS', status: 503, info: 'Service Unavailable' }],
    ['http-check expect string maintenance', { code: 'L7OK', status: 503 }],
    ['http-check expect string alive', { code: 'L7RSP', status: 503, info: 'HTTP content check did not match' }],
    ['http-check expect ! string maintenance', { code: 'L7RSP', status: 503, info: 'HTTP check matched unwanted content' }],
    ['http-check expect rstring ^maint.*mode$', { code: 'L7OK', status: 503 }],
    ['http-check expect rstring ^ok', { code: 'L7RSP', status: 503, info: 'HTTP content check did not match' }],
    ['http-check expect status 200-299,302 comment "need 2xx"', { code: 'L7STS', status: 503, info: 'Service Unavailable comment: need 2xx' }],
  ];
  for (const [rule, want] of cases) t.same(await run(`    option httpchk\n    ${rule}`), want, rule);
});

t.test('option httpchk: garbage is L7RSP, silence is L7TOUT within timeout check, refused is L4CON', async (t) => {
  const garbage = await peer(t, (_d, s) => s.end('hello\r\n'));
  const silent = await peer(t, () => {});
  const check = healthCheckFor(checkSettings('    option httpchk'));
  t.equal((await runCheck(check, garbage.port)).code, 'L7RSP');
  const start = Date.now();
  t.same(await runCheck(check, silent.port, { readTimeoutMs: 150, totalTimeoutMs: 1000 }), { code: 'L7TOUT' });
  t.ok(Date.now() - start < 600, 'timeout check bounds the read');
  t.same(await runCheck(check, await freePort()), { code: 'L4CON', info: 'Connection refused' });
});

t.test('option tcp-check: send, send-binary, expect string / binary / rstring, step texts', async (t) => {
  // Peers that speak first: the script may start with an expect.
  const ok = await peer(t, () => {}, (s) => s.write('ok ready\n'));
  const nope = await peer(t, () => {}, (s) => s.end('nope\n'));
  const bin = await peer(t, () => {}, (s) => s.end(Buffer.from('0102ff', 'hex')));
  const short = await peer(t, () => {}, (s) => s.end('x'));
  const send = '    option tcp-check\n    tcp-check send "hi\\n"\n    tcp-check expect string ok';
  t.same(await runCheck(healthCheckFor(checkSettings(send)), ok.port), { code: 'L7OK', status: 0, info: '(tcp-check)' });
  await new Promise((r) => setTimeout(r, 50));
  t.equal(ok.received.map(String).join(''), 'hi\n');
  t.same(await runCheck(healthCheckFor(checkSettings(send)), nope.port), { code: 'L7RSP', info: "TCPCHK did not match content 'ok' at step 2" });
  t.same(await runCheck(healthCheckFor(checkSettings('    option tcp-check\n    tcp-check expect ! string nope')), nope.port), {
    code: 'L7RSP',
    info: "TCPCHK matched unwanted content 'nope' at step 1",
  });
  const binRules = '    option tcp-check\n    tcp-check send-binary 0a0b\n    tcp-check expect binary 0103';
  t.same(await runCheck(healthCheckFor(checkSettings(binRules)), bin.port), { code: 'L7RSP', info: 'TCPCHK did not match content (binary) at step 2' });
  t.same(bin.received[0], Buffer.from('0a0b', 'hex'));
  t.same(await runCheck(healthCheckFor(checkSettings('    option tcp-check\n    tcp-check expect binary 02ff')), bin.port), { code: 'L7OK', status: 0, info: '(tcp-check)' });
  t.same(await runCheck(healthCheckFor(checkSettings('    option tcp-check\n    tcp-check expect rstring ^ok')), ok.port), { code: 'L7OK', status: 0, info: '(tcp-check)' });
  // A regex that does not match, or a string longer than what came, waits for the timeout (HAProxy 2.6.12).
  t.same(await runCheck(healthCheckFor(checkSettings('    option tcp-check\n    tcp-check expect rstring ^bye')), ok.port, { totalTimeoutMs: 200 }), {
    code: 'L7TOUT',
    info: ' at step 1 of tcp-check (expect regex)',
  });
  t.same(await runCheck(healthCheckFor(checkSettings('    option tcp-check\n    tcp-check connect\n    tcp-check expect string xyz')), short.port, { totalTimeoutMs: 200 }), {
    code: 'L7TOUT',
    info: " at step 2 of tcp-check (expect string 'xyz')",
  });
  t.same(await runCheck(healthCheckFor(checkSettings(`    option tcp-check\n    tcp-check connect port ${ok.port}\n    tcp-check expect string ready`)), await freePort()), {
    code: 'L7OK',
    status: 0,
    info: '(tcp-check)',
  }, 'connect port overrides the server port');
});

t.test('option redis-check: PING, +PONG is ok, an error reply is L7STS with its text', async (t) => {
  let reply = '-ERR nope\r\n';
  const p = await peer(t, (_d, s) => s.end(reply));
  const check = healthCheckFor(checkSettings('    option redis-check'));
  t.same(await runCheck(check, p.port), { code: 'L7STS', status: 0, info: '-ERR nope' });
  t.equal(p.received[0]?.toString(), '*1\r\n$4\r\nPING\r\n');
  reply = '+PONG\r\n';
  t.same(await runCheck(check, p.port), { code: 'L7OK', status: 0, info: 'Redis server is ok' });
});

const mysqlPacket = (seq: number, payload: Buffer): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUIntLE(payload.length, 0, 3);
  b[3] = seq;
  return Buffer.concat([b, payload]);
};
const greeting = mysqlPacket(0, Buffer.concat([Buffer.from([10]), Buffer.from('5.7.0\0'), Buffer.alloc(40)]));

t.test('option mysql-check: the bytes HAProxy 2.6.12 sends, handshake and login answers', async (t) => {
  // Recorded from HAProxy 2.6.12 (`option mysql-check user haproxy` and `user hp pre-41`).
  t.equal(mysqlLogin('haproxy', 'post-41').toString('hex'), '290000010082000000800001210000000000000000000000000000000000000000000000686170726f787900000100000001');
  t.equal(mysqlLogin('hp', 'pre-41').toString('hex'), '090000010080000001687000000100000001');
  t.same(checkSettings('    option mysql-check user haproxy').kind, { kind: 'mysql', user: 'haproxy', variant: 'post-41' }, 'post-41 is the default');

  let loginOk = true;
  const p = await peer(
    t,
    (_d, s) => s.end(loginOk ? mysqlPacket(2, Buffer.from([0, 0, 0, 2, 0, 0, 0])) : mysqlPacket(2, Buffer.concat([Buffer.from([0xff, 0x15, 0x04]), Buffer.from('#28000Access denied')]))),
    (s) => s.write(greeting),
  );
  const check = healthCheckFor(checkSettings('    option mysql-check user haproxy'));
  t.same(await runCheck(check, p.port), { code: 'L7OK', status: 0, info: '5.7.0' }, 'the server version is the info');
  t.same(p.received[0], mysqlLogin('haproxy', 'post-41'));
  loginOk = false;
  t.same(await runCheck(check, p.port), { code: 'L7STS', status: 1045, info: '#28000Access denied' });

  const blocked = await peer(t, () => {}, (s) => s.end(mysqlPacket(0, Buffer.concat([Buffer.from([0xff, 0x69, 0x04]), Buffer.from('Host blocked')]))));
  const noUser = healthCheckFor(checkSettings('    option mysql-check'));
  t.same(await runCheck(noUser, blocked.port), { code: 'L7STS', status: 1129, info: 'Host blocked' });
  const greets = await peer(t, () => {}, (s) => s.end(greeting));
  t.same(await runCheck(noUser, greets.port), { code: 'L7OK', status: 0, info: '5.7.0' });
  t.same(greets.received, [], 'nothing sent without a user');
});

t.test('option pgsql-check: StartupMessage, AuthenticationOk or a credentials request, ErrorResponse', async (t) => {
  t.equal(pgsqlStartup('hauser').toString('hex'), '000000150003000075736572006861757365720000', 'recorded from HAProxy 2.6.12');
  let answer = Buffer.from('520000000800000000', 'hex');
  const p = await peer(t, (_d, s) => s.end(answer));
  const check = healthCheckFor(checkSettings('    option pgsql-check user hp'));
  t.same(await runCheck(check, p.port), { code: 'L7OK', status: 0, info: 'PostgreSQL server is ok' });
  t.same(p.received[0], pgsqlStartup('hp'));
  answer = Buffer.concat([Buffer.from('45000000', 'hex'), Buffer.from('\0SFATAL\0C28000\0Mrole "x" does not exist\0\0')]);
  t.same(await runCheck(check, p.port), { code: 'L7RSP', info: 'FATAL' });
  // What HAProxy 2.6.12 answered to each (measured): a credentials request means the server is there.
  const cases: [string, object][] = [
    ['52000000170000000a534352414d2d5348412d3235360000', { code: 'L7OK', status: 0, info: 'PostgreSQL server is ok' }], // SASL (SCRAM)
    ['520000000c00000005aabbccdd', { code: 'L7OK', status: 0, info: 'PostgreSQL server is ok' }], // MD5
    ['520000000800000003', { code: 'L7OK', status: 0, info: 'PostgreSQL server is ok' }], // cleartext
    ['520000000800000001', { code: 'L7STS', status: 0, info: 'PostgreSQL unknown error' }],
    ['52000000100000000b', { code: 'L7STS', status: 0, info: 'PostgreSQL unknown error' }], // SASLContinue
    ['520000010800000000', { code: 'L7STS', status: 0, info: 'PostgreSQL unknown error' }], // length over 255
    ['530000000800000000', { code: 'L7STS', status: 0, info: 'PostgreSQL unknown error' }],
  ];
  for (const [hex, want] of cases) {
    answer = Buffer.from(hex, 'hex');
    t.same(await runCheck(check, p.port), want, hex);
  }
});

t.test('agent-check replies', async (t) => {
  t.same(parseAgentReply('up 50% maxconn:10'), { reply: { up: true, weightPercent: 50, maxconn: 10 }, state: 'up' });
  t.same(parseAgentReply('drain'), { reply: { admin: 'drain' }, state: undefined });
  t.same(parseAgentReply('MAINT,down # because'), { reply: { admin: 'maint', up: false }, state: 'down' });
  t.same(parseAgentReply('ready 75%'), { reply: { admin: 'ready', weightPercent: 75 }, state: undefined });
  let reply = 'down\n';
  const p = await peer(t, () => {}, (s) => s.end(reply));
  t.same(await runCheck(agentCheck(undefined), p.port), { code: 'L7STS', status: 0, info: 'via agent : down', agent: { up: false } });
  reply = 'up 25%\n';
  t.same(await runCheck(agentCheck(undefined), p.port), { code: 'L7OK', status: 0, info: 'via agent : up', agent: { up: true, weightPercent: 25 } });
  const sent = await peer(t, (_d, s) => s.end('ready\n'));
  t.same(await runCheck(agentCheck('hello\n'), sent.port), { code: 'L7OK', status: 0, agent: { admin: 'ready' } });
  t.equal(sent.received.map(String).join(''), 'hello\n');
});

t.test('a stopped check ends at once', async (t) => {
  const { port } = await peer(t, () => {});
  const ac = new AbortController();
  const pending = runCheck(healthCheckFor(checkSettings('    option httpchk')), port, { signal: ac.signal, totalTimeoutMs: 5000 });
  setTimeout(() => ac.abort(), 50);
  t.same(await pending, { code: 'UNK' });
});
