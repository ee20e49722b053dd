/**
 * What the Runtime API does in tslb beyond the answers compared with
 * HAProxy (runtime-api-*.test.ts): the `help` layout and the suggestions
 * for an unknown command (tslb's own list), the sockets (TCP, file mode
 * and owner, a stale file replaced, removed at stop, `stats maxconn`), the
 * effect of the commands on traffic (`disable frontend`, `shutdown
 * sessions server`, `set server addr`, `set maxconn`), the typed form of
 * values HAProxy never prints, and the support report.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import { Runtime } from '../../lib/runtime/runtime.js';
import { CommandRegistry, defaultRegistry } from '../../lib/runtime-api/registry.js';
import { lineEnd, splitCommands } from '../../lib/runtime-api/session.js';
import { startRuntimeApi } from '../../lib/runtime-api/runtime-api.js';
import { systemId } from '../../lib/runtime-api/listener.js';
import { checkRuntimeSupport } from '../../lib/runtime/support.js';
import { infoFields, uptimeText } from '../../lib/stats/info.js';
import { emptyRow } from '../../lib/stats/row.js';
import { statFieldType } from '../../lib/stats/field-types.js';
import { infoJson, infoTyped, statsJson, statsTyped } from '../../lib/stats/typed.js';
import { freePort } from '../helpers/net.js';
import { startRuntime } from '../helpers/runtime.js';
import { get, processLines, sleep, start, talk, until, type Place } from './runtime-api-harness.js';

t.test('session parsing: line ends, commands, words and escapes', async (t) => {
  t.equal(lineEnd('abc'), -1);
  t.equal(lineEnd('ab\nc'), 2);
  t.equal(lineEnd('a\\\nb\n'), 4, 'an escaped LF continues the line');
  t.equal(lineEnd('a\\\\\nb'), 3, 'an escaped backslash does not');
  t.strictSame(splitCommands('show stat'), [['show', 'stat']]);
  t.strictSame(splitCommands(' a  b\tc ;d;'), [['a', 'b', 'c'], ['d'], []]);
  t.strictSame(splitCommands('a\\ b c\\;d \\\\;e'), [['a b', 'c;d', '\\'], ['e']]);
  t.strictSame(splitCommands(''), [[]]);
});

t.test('help: the layout of HAProxy, tslb commands, the session commands last', async (t) => {
  const r = defaultRegistry();
  const help = r.help([]);
  const lines = help.split('\n');
  t.equal(lines[0], 'The following commands are valid at this level:');
  t.equal(lines[lines.length - 1], '', 'ends with a newline');
  const body = lines.slice(1, -1);
  for (const l of body) t.match(l, /^ {2}\S.{39}: \S/, `padded to 40: ${l.slice(0, 30)}`);
  t.strictSame(
    body.slice(-3).map((l) => l.slice(2, 10).trim()),
    ['help [<c', 'prompt', 'quit'],
  );
  const usages = body.slice(0, -3).map((l) => l.slice(2, 42));
  t.strictSame(usages, [...usages].sort(), 'sorted');
  for (const u of ['show stat', 'show info', 'show servers state', 'set server <bk>/<srv>', 'get weight <bk>/<srv>', 'show table', 'clear counters', 'shutdown sessions server']) {
    t.ok(
      usages.some((l) => l.startsWith(u)),
      u,
    );
  }
  t.match(r.help(['set']), /set server/);
  t.notMatch(r.help(['set']), /show stat/);
});

t.test('unknown commands: suggestions from the words typed, else the closest', async (t) => {
  const r = defaultRegistry();
  const head = 'Unknown command, but maybe one of the following ones is a better match:\n';
  const suggested = (line: string): string[] =>
    r
      .unknown(splitCommands(line)[0] ?? [])
      .split('\n')
      .slice(1, -1)
      .map((l) => l.slice(2, 42).trim());
  t.ok(r.unknown(['foo']).startsWith(head));
  t.ok(r.unknown([]).startsWith('Unknown command. Please enter one of the following commands only:\n'));
  t.strictSame(suggested('set servr').slice(0, -3), ['set server <bk>/<srv> [opts]']);
  t.strictSame(suggested('get wieght').slice(0, -3), ['get weight <bk>/<srv>']);
  t.ok(suggested('show').slice(0, -3).every((u) => u.startsWith('show ')), 'show: every show command');
  t.ok(suggested('shutdown sessions').includes('shutdown sessions server <bk>/<srv>'));
  t.equal(suggested('xyzzyq').length, 5 + 3, 'the five closest, then the session commands');
  t.equal(new CommandRegistry([]).find(['show', 'stat']), undefined);
});

t.test('sockets: TCP, file mode and owner, stale file, removed at stop, only what is configured', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-cli-sock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cliPort = await freePort();
  const fePort = await freePort();
  // A stale socket file left by a previous run is replaced.
  const stale = join(dir, 'a.sock');
  const old = createNetServer();
  await new Promise<void>((r) => old.listen(stale, r));
  old.close();
  writeFileSync(join(dir, 'not-a-socket'), 'x');
  const rt = await startRuntime(
    t,
    `
global
    stats socket ${stale} mode 600 level admin uid 0 gid 0
    stats socket 127.0.0.1:${cliPort} level operator
    stats socket ${join(dir, 'u.sock')} user root group root level user
defaults
    mode http
    timeout client 5s
frontend fe
    bind 127.0.0.1:${fePort}
`,
  );
  t.equal(statSync(stale).mode & 0o777, 0o600, 'mode 600');
  t.equal(statSync(stale).uid, 0);
  t.equal(await talk(stale, 'show cli level\n'), 'admin\n\n');
  t.equal(await talk(join(dir, 'u.sock'), 'show cli level\n'), 'user\n\n');
  const tcp = await new Promise<string>((resolve) => {
    const s = connect(cliPort, '127.0.0.1', () => s.write('show cli level\n'));
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('close', () => resolve(out));
  });
  t.equal(tcp, 'operator\n\n', 'a TCP socket at its level');
  t.match(await talk(stale, 'show info\n'), /^Name: tslb\nVersion: /);
  const listeners = /\nListeners: (\d+)\n/.exec(await talk(stale, 'show info\n'))?.[1];
  t.equal(listeners, '4', 'the frontend and the three sockets');
  rt.hardStop();
  t.ok(await until(() => !existsSync(stale)), 'the socket file is removed at stop');
  t.equal(systemId('/etc/passwd', 'root'), 0);
  t.equal(systemId('/etc/group', 'root'), 0);
  t.equal(systemId('/etc/group', '42'), 42);
  t.equal(systemId('/etc/passwd', 'no-such-user-here'), undefined);

  // The API alone: where it listens, and closing it.
  const port = await freePort();
  const tcpOnly = loadConfigText(`global\n    stats socket 127.0.0.1:${port} level admin\n`);
  const api = await startRuntimeApi({ model: tcpOnly.model, backends: new Map(), proxies: [] } as never);
  t.strictSame(api?.addresses(), [{ address: '127.0.0.1', port }]);
  await api?.close();
  await t.rejects(talk(`${dir}/none`, 'x'), 'nothing else listens');

  // Without a stats socket there is no API.
  const r = loadConfigText(`defaults\n    mode http\n    timeout client 5s\nfrontend fe\n    bind 127.0.0.1:${await freePort()}\n`);
  t.equal(await startRuntimeApi({ model: r.model } as never), undefined);
});

t.test('a socket that cannot be opened stops the start, the frontends closed again', async (t) => {
  const port = await freePort();
  const r = loadConfigText(`global\n    stats socket /nonexistent-dir/x.sock level admin\ndefaults\n    mode http\n    timeout client 5s\nfrontend fe\n    bind 127.0.0.1:${port}\n`);
  if (!r.model) throw new Error('config');
  await t.rejects(Runtime.start(r.model), /listen/);
  await t.rejects(get(port), 'the frontend no longer listens');
});

t.test('stats maxconn: more connections wait for a slot', async (t) => {
  const i = await start(
    t,
    'tslb',
    (p: Place) => `
global
    stats socket ${p.dir}/sock level admin
    stats maxconn 1
defaults
    mode http
    timeout client 5s
frontend fe
    bind 127.0.0.1:${p.port}
`,
  );
  const first = connect(join(i.dir, 'sock'));
  await new Promise((r) => first.on('connect', r));
  first.write('prompt\n');
  await sleep(50);
  let answered = false;
  const second = i.cmd('show cli level').then((a) => {
    answered = true;
    return a;
  });
  await sleep(150);
  t.notOk(answered, 'the second waits while the first holds the only slot');
  first.end('quit\n');
  t.equal(await second, 'admin\n\n', 'then it is answered');
});

t.test('commands acting on traffic', async (t) => {
  let hold: Socket[] = [];
  const servers = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const s = createServer((req, res) => {
        if (req.url === '/hold') {
          hold.push(req.socket);
          return;
        }
        res.setHeader('connection', 'close');
        res.end(name);
      });
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const a = s.address();
      return { s, port: typeof a === 'object' && a ? a.port : 0 };
    }),
  );
  t.teardown(() => {
    for (const x of servers) {
      x.s.closeAllConnections();
      x.s.close();
    }
    hold = [];
  });
  const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
  const i = await start(
    t,
    'tslb',
    (p: Place) => `
global
    stats socket ${p.dir}/sock level admin
    maxconn 100
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p.port}
    default_backend be
backend be
    server s1 127.0.0.1:${a.port}
`,
  );
  const body = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: i.port, path: '/', agent: false }, (res) => {
        let out = '';
        res.on('data', (c: Buffer) => (out += c.toString()));
        res.on('end', () => resolve(out));
      });
      req.on('error', reject);
      req.end();
    });
  t.equal(await body(), 'a');

  // disable frontend: connections refused, PAUSED, logged; enable: served again.
  t.equal(await i.cmd('disable frontend fe'), '\n');
  t.match(await i.cmd('show stat 2 1 -1'), /\nfe,FRONTEND,(?:[^,]*,){15}PAUSED,/);
  await t.rejects(get(i.port), 'refused while paused');
  t.equal(await i.cmd('enable frontend fe'), '\n');
  t.equal(await get(i.port), 200, 'served again');
  t.ok(processLines().some((l) => l.msg === 'Paused frontend fe.'));
  t.ok(processLines().some((l) => l.msg === 'Resumed frontend fe.'));

  // set server addr ... port: the next request goes to the other server.
  t.equal(await i.cmd(`set server be/s1 addr 127.0.0.1 port ${b.port}`), `no need to change the addr, port changed from '${a.port}' to '${b.port}' by 'stats socket command'\n\n`);
  t.equal(await body(), 'b');
  t.match(await i.cmd('show servers state be'), new RegExp(` s1 127\\.0\\.0\\.1 2 0 1 1 \\d+ 1 0 2 0 0 0 0 - ${b.port} `));

  // shutdown sessions server: a request the server holds is cut.
  const cut = new Promise<string>((resolve) => {
    const s = connect(i.port, '127.0.0.1', () => s.write('GET /hold HTTP/1.1\r\nHost: x\r\n\r\n'));
    s.on('error', () => resolve('error'));
    s.on('close', () => resolve('closed'));
  });
  t.ok(await until(() => hold.length === 1), 'the server holds the request');
  t.match(await i.cmd('show stat 3 4 1'), /\nbe,s1,0,0,1,/, 'scur 1');
  t.equal(await i.cmd('shutdown sessions server be/s1'), '\n');
  t.equal(await cut, 'closed', 'the client connection was closed');

  // set maxconn global / frontend: show info and slim follow.
  t.equal(await i.cmd('set maxconn global 50'), '\n');
  t.match(await i.cmd('show info'), /\nMaxconn: 50\nHard_maxconn: 100\n/);
  t.equal(await i.cmd('set maxconn global 101'), 'Value out of range.\n\n');
  t.equal(await i.cmd('set maxconn frontend fe 7'), '\n');
  t.match(await i.cmd('show stat 2 1 -1'), /\nfe,FRONTEND,,,\d+,\d+,7,/);
  t.equal(await get(i.port), 200);
});

t.test('maxconn global without a configured maxconn', async (t) => {
  const i = await start(t, 'tslb', (p: Place) => `global\n    stats socket ${p.dir}/sock level admin\ndefaults\n    mode http\n    timeout client 5s\nfrontend fe\n    bind 127.0.0.1:${p.port}\n`);
  t.match(await i.cmd('show info'), /\nMaxconn: 0\nHard_maxconn: 0\n/);
  t.equal(await i.cmd('set maxconn global 5000'), '\n');
  t.match(await i.cmd('show info'), /\nMaxconn: 5000\n/);
  t.equal(await i.cmd('set maxconn global 0'), '\n');
  t.match(await i.cmd('show info'), /\nMaxconn: 0\n/);
});

t.test('typed forms: values HAProxy never prints, strings, info', async (t) => {
  const row = emptyRow('frontend', 2, 0);
  row.fields[0] = 'fe';
  row.fields[2] = 3; // qcur: never on a frontend row in HAProxy
  row.fields[65] = 'odd'; // check_desc
  row.modules[0] = 0;
  t.equal(statFieldType('frontend', 2), undefined);
  t.equal(statsTyped([row]), 'F.2.0.0.pxname.1:KNS:str:fe\nF.2.0.2.qcur.1:MGP:u32:3\nF.2.0.65.check_desc.1:MOP:str:odd\nF.2.0.103.ssl_sess.1:MCP:u64:0\n');
  const quoted = emptyRow('server', 3, 1);
  quoted.fields[56] = 'Bad, "really" \\ down';
  t.equal(JSON.parse(statsJson([quoted]))[0][0].value.value, 'Bad, "really" \\ down', 'JSON strings are escaped');
  t.equal(statsJson([]), '[]\n');
  t.equal(infoTyped([{ name: 'Name', value: 'tslb' }, { name: 'NoSuchField', value: 1 }]), '0.Name.1:POS:str:tslb\n');
  t.equal(infoJson([{ name: 'Pid', value: 7 }]), '[{"field":{"pos":6,"name":"Pid"},"processNum":1,"tags":{"origin":"Status","nature":"Gauge","scope":"Process"},"value":{"type":"u32","value":7}}]\n');
  t.equal(uptimeText(0), '0d 0h00m00s');
  t.equal(uptimeText(86400 + 3600 * 2 + 60 * 3 + 4), '1d 2h03m04s');
  const info = infoFields({ model: { global: { maxconn: 10, statsSockets: [] } } as never, startedAt: Date.now() - 5000, frontends: [], stopping: true }, Date.now(), 2);
  const get = (name: string): string | number | undefined => info.find((f) => f.name === name)?.value;
  t.equal(get('Uptime_sec'), 5);
  t.equal(get('Stopping'), 1);
  t.equal(get('Listeners'), 2);
  t.equal(get('Maxconn'), 10);
  t.equal(get('description'), undefined, 'no description line without one');
});

t.test('support report: stats sockets are served; expose-fd listeners is named', async (t) => {
  const model = (extra: string) => {
    const r = loadConfigText(`global\n    stats socket /tmp/x.sock level admin ${extra}\ndefaults\n    mode http\n    timeout client 5s\nfrontend fe\n    bind 127.0.0.1:1\n`);
    if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return r.model;
  };
  t.strictSame(checkRuntimeSupport(model('')).warn, []);
  const warn = checkRuntimeSupport(model('expose-fd listeners')).warn;
  t.equal(warn.length, 1);
  t.match(warn[0], /'expose-fd listeners' is ignored: seamless reload is not implemented/);
});
