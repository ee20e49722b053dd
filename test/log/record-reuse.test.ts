/**
 * The record a connection's meter hands to the access logger is one object,
 * refilled for every exchange (lib/log/record.ts): each exchange must see
 * only its own values, and the logger must have used it before log()
 * returns (it formats at once and keeps nothing).
 */
process.env['TZ'] = 'UTC';

import type { Socket } from 'node:net';
import t from 'tap';
import { RuntimeBackend } from '../../lib/backend/backend.js';
import type { RuntimeServer } from '../../lib/backend/server.js';
import { loadConfigText } from '../../lib/config/load.js';
import { hasBackend, hasFrontend } from '../../lib/config/model/proxy.js';
import { compileAccessLogFormat, HTTPLOG } from '../../lib/log/format.js';
import type { LogRecord } from '../../lib/log/record.js';
import { RuntimeFrontend } from '../../lib/runtime/frontend.js';
import { Limiter } from '../../lib/runtime/limiter.js';
import { ExchangeMeter } from '../../lib/stats/exchange-meter.js';

const CFG = `defaults
    mode http
    timeout client 1s
    timeout server 1s
    timeout connect 1s
frontend fe
    bind 127.0.0.1:8080
    default_backend be
backend be
    server s1 127.0.0.1:8000
`;

t.test('one record per connection, refilled: every exchange logs its own values', async (t) => {
  const r = loadConfigText(CFG);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  const feProxy = r.model.proxies.find((p) => hasFrontend(p.kind));
  const beProxy = r.model.proxies.find((p) => hasBackend(p.kind));
  if (!feProxy || !beProxy) throw new Error('no proxies');
  const fe = new RuntimeFrontend(feProxy, new Limiter(0));
  const be = new RuntimeBackend(beProxy);
  const server = be.servers[0] as RuntimeServer;
  const format = compileAccessLogFormat(HTTPLOG, { pid: 1 });
  const seen: LogRecord[] = [];
  const copies: LogRecord[] = [];
  const lines: string[] = [];
  fe.accessLog = {
    log(rec) {
      seen.push(rec);
      copies.push({ ...rec });
      lines.push(format(rec));
    },
  };
  const socket = { remoteAddress: '::ffff:192.0.2.7', remotePort: 40000, localAddress: '::ffff:127.0.0.1', localPort: 8080, bytesRead: 0, bytesWritten: 0 } as unknown as Socket;
  const t0 = Date.UTC(2026, 10, 22, 10, 0, 0, 0);
  const meter = new ExchangeMeter(fe, socket, true, t0);

  // 1: captured headers and cookie, served by s1.
  meter.begin(t0 + 1);
  meter.request(t0 + 2, 'GET', '/a', 'HTTP/1.1');
  meter.captureRequest(['host.example'], 'SID=1');
  meter.addIn(40);
  meter.backend(be, t0 + 2);
  be.counters.current++;
  meter.assigned(server, t0 + 3);
  meter.connected(server, t0 + 4, false, 1, true);
  meter.captureResponse(['text/plain'], 'SID=2');
  meter.response(200, t0 + 6);
  meter.addOut(100);
  meter.cookies = 'NI';
  meter.end(t0 + 9);

  // 2: no capture, no server: answered 503 by the proxy.
  meter.begin(t0 + 20);
  meter.request(t0 + 21, 'POST', '/b', 'HTTP/1.0');
  meter.addIn(50);
  meter.answered(503, true);
  meter.addOut(200);
  meter.terminate('sQ');
  meter.end(t0 + 25);

  t.equal(seen.length, 2);
  t.equal(seen[0], seen[1], 'the same object both times');
  const [first, second] = copies as [LogRecord, LogRecord];
  t.match(first, { clientIp: '192.0.2.7', server: 's1', status: 200, capturedRequest: ['host.example'], capturedCookie: 'SID=1', capturedSetCookie: 'SID=2', retries: 1, redispatched: true, termination: '--NI', logDate: t0 + 9 });
  t.match(second, { server: '<NOSRV>', backend: 'fe', status: 503, method: 'POST', termination: 'sQ--', retries: 0, redispatched: false, logDate: t0 + 25, bytesIn: 50, bytesOut: 200 });
  t.equal(second.capturedRequest, undefined, 'nothing left from the first exchange');
  t.equal(second.capturedResponse, undefined);
  t.equal(second.capturedCookie, undefined);
  t.equal(second.capturedSetCookie, undefined);
  t.equal(second.connect, -1);
  t.equal(second.serverIp, '-');
  t.equal(lines[0], '192.0.2.7:40000 [22/Nov/2026:10:00:00.001] fe be/s1 1/1/1/2/8 200 100 SID=1 SID=2 --NI 0/0/1/0/+1 0/0 {host.example} {text/plain} "GET /a HTTP/1.1"');
  t.equal(lines[1], '192.0.2.7:40000 [22/Nov/2026:10:00:00.020] fe fe/<NOSRV> 1/-1/-1/-1/5 503 200 - - sQ-- 0/0/0/0/0 0/0 "POST /b HTTP/1.0"');
});
