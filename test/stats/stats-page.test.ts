/**
 * The stats page served over HTTP, under HAProxy 2.6 and tslb with the same
 * configuration: `stats auth` (the 401 and its realm), the page's headers,
 * `;csv`, and the admin form's POST (303 to `;st=<result>`) changing a
 * server's state as the next CSV shows.
 */
import t from 'tap';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';
import { namedBackend, request } from '../helpers/named-backends.js';

const auth = `Authorization: Basic ${Buffer.from('admin:pw').toString('base64')}\r\n`;

function config(a: number, b: number): (port: number) => string {
  return (port) => `${HTTP_DEFAULTS}
listen stats
    bind 127.0.0.1:${port}
    stats enable
    stats uri /
    stats refresh 5s
    stats realm Ops\\ only
    stats auth admin:pw
    stats auth viewer:view
    stats admin if TRUE
backend be
    server a 127.0.0.1:${a}
    server b 127.0.0.1:${b}
`;
}

/** The head of a response: status line and header lines, without those that depend on framing. */
function head(res: string): string[] {
  return res
    .slice(0, res.indexOf('\r\n\r\n'))
    .split('\r\n')
    .filter((l) => !/^(content-length|transfer-encoding):/i.test(l));
}

/** The body of a response, de-chunked when it is chunked. */
function body(res: string): string {
  const end = res.indexOf('\r\n\r\n');
  let rest = res.slice(end + 4);
  if (!/\r\ntransfer-encoding: chunked/i.test(res.slice(0, end))) return rest;
  let out = '';
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 4 + size);
  }
}

/** Column `name` of the CSV line of `px/sv`. */
function csvField(csv: string, px: string, sv: string, name: string): string | undefined {
  const lines = csv.split('\n');
  const cols = (lines[0] ?? '').replace(/^# /, '').split(',');
  const line = lines.find((l) => l.startsWith(`${px},${sv},`));
  return line?.split(',')[cols.indexOf(name)];
}

t.test('stats auth, the page, ;csv and the admin form agree with HAProxy', async (t) => {
  const a = await namedBackend('a');
  const b = await namedBackend('b');
  t.teardown(() => Promise.all([a.close(), b.close()]));
  const got = await underBoth(t, config(a.port, b.port), async (port) => {
    const get = (target: string, extra = auth): Promise<string> => request(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`);
    const post = (form: string): Promise<string> =>
      request(port, `POST / HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`);
    const noAuth = await get('/', '');
    const wrong = await get('/', `Authorization: Basic ${Buffer.from('admin:nope').toString('base64')}\r\n`);
    const page = await get('/');
    const csv = body(await get('/;csv'));
    const drained = await post('s=a&action=drain&b=%232');
    const none = await post('action=maint&b=%232');
    const bogus = await post('s=a&action=bogus&b=%232');
    const after = body(await get('/;csv;norefresh'));
    return { noAuth, wrong: head(wrong), page: head(page), csv, drained, none: head(none), bogus: head(bogus), after };
  });
  const { haproxy: h, tslb: s } = got;
  t.equal(s.noAuth, h.noAuth, 'the 401 without credentials, byte for byte');
  t.match(s.noAuth, /www-authenticate: Basic realm="Ops only"/);
  t.same(s.wrong, h.wrong, 'wrong password: the same 401');
  t.same(s.page, h.page, 'the page: status and headers (refresh: 5)');
  t.equal(s.csv.split('\n')[0], h.csv.split('\n')[0], 'the CSV header line');
  t.equal(csvField(s.csv, 'be', 'a', 'status'), csvField(h.csv, 'be', 'a', 'status'));
  t.same(head(s.drained), head(h.drained), 'POST drain: 303 to ;st=DONE');
  t.match(s.drained, /location: \/;st=DONE/);
  t.same(s.none, h.none, 'no server selected: ;st=NONE');
  t.same(s.bogus, h.bogus, 'unknown action: ;st=ERRP');
  t.equal(csvField(s.after, 'be', 'a', 'status'), 'DRAIN');
  t.equal(csvField(h.after, 'be', 'a', 'status'), 'DRAIN');
  t.equal(csvField(s.after, 'be', 'b', 'status'), csvField(h.after, 'be', 'b', 'status'));
});
