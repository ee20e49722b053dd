/**
 * `force-persist` and `ignore-persist` under tslb and under the real HAProxy
 * 2.6: a forced cookie reaches its server in maintenance; an ignored cookie
 * is balanced, still removed from the request (indirect), and no cookie is
 * inserted; the rule written first decides.
 */
import t from 'tap';
import { request } from '../helpers/named-backends.js';
import { tcpServer } from '../helpers/net.js';
import { HTTP_DEFAULTS, underBoth } from '../helpers/runtime.js';

t.setTimeout(60_000);

/** A server answering `<name> cookie=<the Cookie line it received>`. */
async function echoCookie(name: string): Promise<{ port: number; close: () => Promise<void> }> {
  return tcpServer((s) => {
    let buf = '';
    s.on('error', () => {});
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const cookie = /\r\ncookie: ([^\r]*)/i.exec(buf.slice(0, end))?.[1] ?? '-';
      buf = buf.slice(end + 4);
      const body = `${name} cookie=${cookie}`;
      s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    });
  });
}


const REQUESTS = [
  'GET /static/a HTTP/1.1\r\nHost: h\r\ncookie: SRV=s2; a=b\r\n\r\n',
  'GET /static/a HTTP/1.1\r\nHost: h\r\ncookie: SRV=s2; a=b\r\n\r\n',
  'GET /static/a HTTP/1.1\r\nHost: h\r\ncookie: SRV=s2\r\n\r\n',
  'GET /x HTTP/1.1\r\nHost: h\r\ncookie: SRV=s3\r\nx-force: 1\r\n\r\n',
  'GET /static/x HTTP/1.1\r\nHost: h\r\ncookie: SRV=s3\r\nx-force: 1\r\n\r\n',
  'GET /x HTTP/1.1\r\nHost: h\r\ncookie: SRV=s3\r\n\r\n',
  'GET /static/x HTTP/1.1\r\nHost: h\r\n\r\n',
  'GET /x HTTP/1.1\r\nHost: h\r\n\r\n',
];

for (const order of ['ignore first', 'force first'] as const) {
  t.test(`force-persist and ignore-persist like HAProxy (${order})`, async (t) => {
    const servers = await Promise.all(['s1', 's2', 's3'].map((n) => echoCookie(n)));
    t.teardown(() => Promise.all(servers.map((s) => s.close())));
    const rules = ['    ignore-persist if { path_beg /static }', '    force-persist if { req.hdr(x-force) 1 }'];
    if (order === 'force first') rules.reverse();
    const answers = await underBoth(
      t,
      (port) => `${HTTP_DEFAULTS}listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    cookie SRV insert indirect nocache
${rules.join('\n')}
${servers.map((s, i) => `    server s${i + 1} 127.0.0.1:${s.port} cookie s${i + 1}${i === 2 ? ' disabled' : ''}\n`).join('')}`,
      async (port) => {
        const out: string[] = [];
        for (const r of REQUESTS) out.push(await request(port, r));
        return out;
      },
    );
    for (const [i, r] of REQUESTS.entries()) t.equal(answers.tslb[i], answers.haproxy[i], JSON.stringify(r.split('\r\n').slice(0, 4).join(' | ')));
    t.match(answers.tslb[3], /s3 cookie=-$/, 'forced to the server in maintenance');
  });
}
