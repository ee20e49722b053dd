/**
 * `force-persist` and `ignore-persist` under tslb and under the real HAProxy
 * 2.6: a forced cookie reaches its server in maintenance; an ignored cookie
 * is balanced, still removed from the request (indirect), and no cookie is
 * inserted; the rule written first decides.
 */
import { connect } from 'node:net';
import t from 'tap';
import { freePort, tcpServer } from '../helpers/net.js';
import { startUnder } from '../helpers/runtime.js';

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

function get(port: number, raw: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ port, host: '127.0.0.1' }, () => s.write(raw));
    s.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(got)?.[1] ?? -1);
      if (end >= 0 && length >= 0 && got.length >= end + 4 + length) s.destroy();
    });
    s.on('error', () => {});
    s.on('close', () => resolve(got));
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
    const answers: Record<string, string[]> = {};
    for (const who of ['haproxy', 'tslb'] as const) {
      const port = await freePort();
      const stop = await startUnder(
        who,
        `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen l
    bind 127.0.0.1:${port}
    balance roundrobin
    cookie SRV insert indirect nocache
${rules.join('\n')}
${servers.map((s, i) => `    server s${i + 1} 127.0.0.1:${s.port} cookie s${i + 1}${i === 2 ? ' disabled' : ''}\n`).join('')}`,
        port,
      );
      t.teardown(stop);
      const out: string[] = [];
      for (const r of REQUESTS) out.push(await get(port, r));
      answers[who] = out;
    }
    for (const [i, r] of REQUESTS.entries()) t.equal(answers['tslb']?.[i], answers['haproxy']?.[i], JSON.stringify(r.split('\r\n').slice(0, 4).join(' | ')));
    t.match(answers['tslb']?.[3], /s3 cookie=-$/, 'forced to the server in maintenance');
  });
}
