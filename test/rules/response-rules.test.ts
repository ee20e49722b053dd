/**
 * `http-response` and `http-after-response` rules against HAProxy 2.6: the
 * same configuration under tslb and under the real HAProxy, and a table of
 * conversations (one client connection, one or more requests each) whose
 * every byte the client receives must be the same through both — status
 * line, header lines in order, body, and whether the connection closes.
 * Covers each action, conditions on the response (status, res.hdr), the
 * order of backend and frontend rules, http-after-response on server
 * responses and on tslb's own answers (http-request deny/return/redirect,
 * http-response deny, 502, 503, 504), a `listen` section, cookie
 * persistence and a 101 upgrade.
 */
import { connect } from 'node:net';
import t, { type Test } from 'tap';
import { startHaproxy } from '../helpers/haproxy.js';
import { answerPath, namedBackend, type NamedBackend, type ResponseSpec } from '../helpers/named-backends.js';
import { freePort, tcpServer } from '../helpers/net.js';
import { startRuntime } from '../helpers/runtime.js';

t.setTimeout(30_000);

type Who = 'haproxy' | 'tslb';

interface Ports {
  readonly fe: number;
  readonly listen: number;
  readonly b1: number;
  readonly b2: number;
  readonly l: number;
  readonly raw: number;
}

const config = (p: Ports): string => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend f
    bind 127.0.0.1:${p.fe}
    http-request set-var(txn.case) req.hdr(x-case)
    http-request deny if { req.hdr(x-case) fe-deny }
    http-request return status 200 content-type text/plain string hi if { req.hdr(x-case) fe-return }
    http-request redirect location /elsewhere if { req.hdr(x-case) fe-redirect }
    http-response set-header X-Order fe
    http-response add-header X-Seq fe
    http-response set-status 299 if { var(txn.case) -m str set-status }
    http-response set-status 201 reason "Very Good" if { var(txn.case) -m str set-status-reason }
    http-response deny if { var(txn.case) -m str deny }
    http-response deny deny_status 403 content-type text/plain string nope hdr X-Why rules if { var(txn.case) -m str deny-custom }
    http-response return status 203 content-type text/plain string replaced if { var(txn.case) -m str return }
    http-response redirect location /moved code 301 if { var(txn.case) -m str redirect }
    http-response return status 502 hdr X-R r if { var(txn.case) -m str return-502 }
    http-response del-header X-Secret
    http-response del-header x-pre- -m beg
    http-response replace-header X-Rep ^(\\w+)-(\\w+)$ \\2_\\1
    http-response replace-value X-Vals ^a(.*) A\\1
    http-response set-header X-Status %[status] if { status 404 }
    http-response add-header X-Flagged yes if { res.hdr(x-flag) -m found }
    http-response set-var(txn.seen) res.hdr(x-note)
    http-response set-var-fmt(res.fmt) s=%[status]
    http-response unset-var(txn.case) if { var(txn.case) -m str unset }
    http-response add-header X-Path-Matched yes if { path -m beg / }
    http-response add-header X-Path-Negated yes if !{ path -m beg / }
    http-response add-header X-Method %[method] if METH_GET
    http-after-response add-header X-After fe-%[status]
    http-after-response set-header X-Vars %[var(txn.seen)]/%[var(res.fmt)]/%[var(txn.case)]
    http-after-response set-status 404 reason Nope if { var(txn.case) -m str no-server-status }
    use_backend empty if { req.hdr(x-case) -m beg no-server }
    use_backend b2 if { req.hdr(x-case) -m beg b2- }
    use_backend raw if { req.hdr(x-case) -m beg raw- }
    default_backend b1
backend b1
    http-response set-header X-Order be
    http-response add-header X-Seq be
    http-response allow if { var(txn.case) -m str be-allow }
    http-response add-header X-Be-Late yes
    http-after-response add-header X-After be-%[status]
    http-after-response allow if { var(txn.case) -m str after-allow }
    http-after-response add-header X-After2 be
    server s 127.0.0.1:${p.b1}
backend b2
    cookie SRV insert indirect nocache
    http-request deny deny_status 429 if { req.hdr(x-case) b2-deny }
    http-response add-header X-B2 resp
    http-after-response add-header X-B2-After %[status]
    server s 127.0.0.1:${p.b2} cookie s1
backend raw
    timeout server 300ms
    http-after-response add-header X-Raw %[status]
    server s 127.0.0.1:${p.raw}
backend empty
    http-after-response add-header X-Empty yes
listen l
    bind 127.0.0.1:${p.listen}
    http-response add-header X-L resp
    http-after-response add-header X-L-After %[status]
    server s 127.0.0.1:${p.l}
`;

/** A request to the frontend: `X-Case` selects the rules; the path what the named backend answers. */
function req(which: string, spec: ResponseSpec = {}, opts: { method?: string; version?: string; extra?: string } = {}): string {
  const version = opts.version ?? 'HTTP/1.1';
  const host = version === 'HTTP/1.0' ? '' : 'Host: www.example.com\r\n';
  return `${opts.method ?? 'GET'} ${answerPath(spec)} ${version}\r\n${host}X-Case: ${which}\r\n${opts.extra ?? ''}\r\n`;
}

const WS = 'Connection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

/** [name, requests sent one after the other on one connection, 'listen' to use the listen section]. */
const CASES: readonly (readonly [string, readonly string[], 'listen'?])[] = [
  ['server response: backend rules, then frontend rules; after-response last', [req('plain')]],
  ['backend allow ends the backend rules, the frontend ones still run', [req('be-allow')]],
  ['backend after-response allow ends its rules, the frontend ones still run', [req('after-allow')]],
  ['set-status without reason: HAProxy phrase', [req('set-status')]],
  ['set-status with reason', [req('set-status-reason')]],
  ['deny: the 502 page, after-response rules on it, connection kept', [req('deny'), req('plain')]],
  ['deny with deny_status, content-type, string and hdr', [req('deny-custom')]],
  ['return replaces the response', [req('return')]],
  ['redirect location with code 301', [req('redirect')]],
  ["return with HAProxy's own reason phrase, an empty body and hdr", [req('return-502')]],
  ['del-header (exact and -m beg), replace-header, replace-value', [req('edit', { headers: [['X-Secret', 's'], ['X-Pre-A', '1'], ['X-Keep', 'k'], ['x-pre-b', '2'], ['X-Rep', 'foo-bar'], ['X-Rep', 'nomatch'], ['X-Vals', 'abc, xyz, aq']] })]],
  ['condition on status', [req('status', { status: 404 })]],
  ['condition on res.hdr', [req('flag', { headers: [['X-Flag', '1']] })]],
  ['set-var from res.hdr and set-var-fmt seen by after-response', [req('vars', { headers: [['X-Note', 'noted']] })]],
  ['unset-var', [req('unset')]],
  ['frontend http-request deny: frontend after-response rules only', [req('fe-deny')]],
  ['frontend http-request return', [req('fe-return')]],
  ['frontend http-request redirect', [req('fe-redirect')]],
  ['503 without a server: backend then frontend after-response rules', [req('no-server'), req('plain')]],
  ['after-response set-status with reason on a 503 page', [req('no-server-status')]],
  ['backend http-request deny: backend then frontend after-response rules', [req('b2-deny')]],
  ['cookie persistence: Set-Cookie after http-response headers, before after-response ones', [req('b2-cookie')]],
  ['502 on a bad server response gets after-response rules', [req('raw-bad').replace('/r/', '/bad/')]],
  ['504 on a silent server gets after-response rules', [req('raw-silent').replace('/r/', '/silent/')]],
  ['101 upgrade: response and after-response rules apply', [req('raw-upgrade', {}, { extra: WS }).replace('/r/', '/upgrade/')]],
  ['HTTP/1.0 keep-alive: connection line after the rules headers', [req('plain', {}, { version: 'HTTP/1.0', extra: 'Connection: keep-alive\r\n' }), req('plain', {}, { version: 'HTTP/1.0' })]],
  ['Connection: close with a deny', [req('deny', {}, { extra: 'Connection: close\r\n' })]],
  ['HEAD with an http-response return', [req('return', {}, { method: 'HEAD' })]],
  ['keep-alive: two plain responses', [req('plain'), req('set-status')]],
  ['listen section: its rules run once', [req('plain')], 'listen'],
];

/**
 * Sends each request on one connection, waiting for its complete response
 * (Content-Length body; none for HEAD, 1xx, 204, 304); the transcript ends
 * with [closed] when the proxy closed the connection.
 */
function converse(port: number, requests: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    let got = '';
    let transcript = '';
    let closed = false;
    let waiting: (() => void) | undefined;
    s.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      waiting?.();
    });
    s.on('error', () => {});
    s.on('close', () => {
      closed = true;
      waiting?.();
    });
    const complete = (head: boolean): number => {
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return -1;
      const h = got.slice(0, end);
      const status = Number(h.split(' ')[1]);
      const cl = /\r\ncontent-length: *(\d+)/i.exec(h);
      const len = head || status < 200 || status === 204 || status === 304 || !cl ? 0 : Number(cl[1]);
      return got.length >= end + 4 + len ? end + 4 + len : -1;
    };
    const one = (raw: string): Promise<void> =>
      new Promise((done) => {
        const timer = setTimeout(finish, 2000);
        function finish(): void {
          clearTimeout(timer);
          waiting = undefined;
          done();
        }
        waiting = () => {
          const n = complete(raw.startsWith('HEAD '));
          if (n >= 0) {
            transcript += got.slice(0, n);
            got = got.slice(n);
            finish();
          } else if (closed) {
            transcript += got;
            got = '';
            finish();
          }
        };
        s.write(raw);
      });
    void (async () => {
      for (const raw of requests) {
        if (closed) break;
        await one(raw);
        transcript += '\n--\n';
      }
      // A close right after the last response belongs to the transcript.
      if (!closed) await new Promise((r) => setTimeout(r, 60));
      s.destroy();
      resolve(transcript + (closed ? '[closed]' : '[open]'));
    })();
  });
}

/** A server that answers what the path says: /bad/ an unparsable head, /silent/ nothing, /upgrade/ a 101. */
async function rawServer(t: Test): Promise<number> {
  const srv = await tcpServer((s) => {
    let buf = '';
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const path = buf.split(' ')[1] ?? '';
      buf = buf.slice(end + 4);
      if (path.startsWith('/bad/')) s.write('HTTP/1.1 200 OK\r\nbad header\r\n\r\n');
      else if (path.startsWith('/upgrade/')) s.write('HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');
    });
  });
  t.teardown(srv.close);
  return srv.port;
}

t.test(`${CASES.length} conversations through response rules: the same bytes as under HAProxy`, async (t) => {
  const named: NamedBackend[] = await Promise.all(['b1', 'b2', 'l'].map((n) => namedBackend(n)));
  t.teardown(() => Promise.all(named.map((b) => b.close())));
  const [b1, b2, l] = named as [NamedBackend, NamedBackend, NamedBackend];
  const raw = await rawServer(t);
  const seen: Record<Who, string[]> = { haproxy: [], tslb: [] };
  for (const who of ['haproxy', 'tslb'] as const) {
    await t.test(who, async (t) => {
      const ports: Ports = { fe: await freePort(), listen: await freePort(), b1: b1.port, b2: b2.port, l: l.port, raw };
      const text = config(ports);
      if (who === 'haproxy') {
        const hp = await startHaproxy(text, ports.fe);
        t.teardown(hp.stop);
      } else {
        await startRuntime(t, text);
      }
      for (const [, requests, where] of CASES) seen[who].push(await converse(where === 'listen' ? ports.listen : ports.fe, requests));
    });
  }
  CASES.forEach(([name], i) => t.equal(seen.tslb[i], seen.haproxy[i], name));
});

t.test('actions tslb does not run are refused by name at start-up', async (t) => {
  const { loadConfigText } = await import('../../lib/config/load.js');
  const { checkRuntimeSupport } = await import('../../lib/runtime/support.js');
  const model = loadConfigText(
    'defaults\n    mode http\nfrontend f\n    bind 127.0.0.1:1\n    http-response set-log-level debug\n    http-after-response set-var(txn.x,ifexists) str(a)\n    default_backend b\nbackend b\n    http-response sc-inc-gpc0(0)\n    server s 127.0.0.1:2\n',
  ).model;
  if (!model) throw new Error('configuration did not load');
  const refused = checkRuntimeSupport(model).refuse.join('\n');
  t.match(refused, /'http-response' rule at line 5: 'http-response set-log-level' is not implemented yet/);
  t.match(refused, /'http-after-response' rule at line 6: 'set-var' conditions \(ifexists\) are not implemented yet/);
  t.match(refused, /backend 'b'.*'http-response' rule at line 9: 'http-response sc-inc-gpc0' is not implemented yet/);
});
