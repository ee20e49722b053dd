/**
 * `server` and `default-server` (manual 5.2): the server a line builds, each
 * option's value, and what HAProxy 2.6.12 refuses (checked with haproxy -c).
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { builtinServerParams } from '../../lib/config/defaults.js';
import { serverKeywords } from '../../lib/config/keywords/server.js';
import { harness } from './keyword-harness.js';

const PEM = fileURLToPath(new URL('../fixtures/config/certs/site.pem', import.meta.url));

t.test('a server is its default-server settings plus its own options', async (t) => {
  const h = harness(serverKeywords);
  h.run('server plain 127.0.0.1:9000');
  h.run('default-server check inter 2s fastinter 500ms downinter 10s maxconn 100 maxqueue 50 slowstart 30s');
  h.run('server app1 127.0.0.1:9001 id 11 weight 100 cookie app1');
  h.run('server app2 127.0.0.1:9002 no-check maxconn 5');
  t.same(h.list(), []);
  const [plain, app1, app2] = h.proxy.servers;
  t.same(plain, {
    ...builtinServerParams(),
    place: { file: 't.cfg', line: 2 },
    name: 'plain',
    address: { kind: 'inet', host: '127.0.0.1', port: { kind: 'fixed', value: 9000 }, family: 'any' },
  });
  t.match(app1, {
    name: 'app1',
    id: 11,
    weight: 100,
    cookie: 'app1',
    check: true,
    inter: 2000,
    fastinter: 500,
    downinter: 10_000,
    maxconn: 100,
    maxqueue: 50,
    slowstart: 30_000,
    place: { file: 't.cfg', line: 4 },
  });
  t.match(app2, { check: false, maxconn: 5, inter: 2000 });
  t.equal(h.proxy.defaultServer.maxconn, 100, 'default-server changed the proxy defaults');
});

t.test('option values', async (t) => {
  const cases: [string, Record<string, unknown>][] = [
    ['weight 0', { weight: 0 }],
    ['weight 256', { weight: 256 }],
    ['check', { check: true }],
    ['inter 3s fall 5 rise 1', { inter: 3000, fall: 5, rise: 1 }],
    ['backup', { backup: true }],
    ['backup no-backup', { backup: false }],
    ['disabled', { disabled: true }],
    ['disabled enabled', { disabled: false }],
    ['minconn 10 maxconn 20', { minconn: 10, maxconn: 20 }],
    ['slowstart 0', { slowstart: 0 }],
    ['addr 127.0.0.4 port 8081', { checkAddr: '127.0.0.4', checkPort: 8081 }],
    ['addr localhost', { checkAddr: 'localhost' }],
    ['addr [::1]', { checkAddr: '::1' }],
    ['agent-check agent-port 9999 agent-inter 5s agent-send ready\n agent-addr 10.0.0.9', { agent: { enabled: true, port: 9999, inter: 5000, send: 'ready\n', addr: '10.0.0.9' } }],
    ['send-proxy', { sendProxy: 'v1' }],
    ['send-proxy-v2', { sendProxy: 'v2' }],
    ['send-proxy send-proxy-v2', { sendProxy: 'v2' }],
    ['send-proxy-v2 send-proxy', { sendProxy: 'v2' }],
    ['send-proxy no-send-proxy', { sendProxy: 'none' }],
    ['send-proxy-v2 no-send-proxy', { sendProxy: 'v2' }],
    ['ssl verify none sni req.hdr(host) alpn h2,,http/1.1', { ssl: true, verify: 'none', sni: 'req.hdr(host)', alpn: ['h2', 'http/1.1'] }],
    ['ssl no-ssl', { ssl: false }],
    [`ssl verify required ca-file ${PEM}`, { ssl: true, verify: 'required', caFile: PEM }],
    ['check-ssl check-send-proxy', { checkSsl: true, checkSendProxy: true }],
    ['on-marked-down shutdown-sessions on-marked-up shutdown-backup-sessions', { onMarkedDown: 'shutdown-sessions', onMarkedUp: 'shutdown-backup-sessions' }],
    ['on-error sudden-death error-limit 5', { onError: 'sudden-death', errorLimit: 5 }],
    ['observe layer7', { observe: 'layer7' }],
    ['resolvers lan-dns resolve-prefer ipv6', { resolvers: 'lan-dns', resolvePrefer: 'ipv6' }],
    ['init-addr last,libc,none', { initAddr: ['last', 'libc', 'none'] }],
    ['init-addr none,10.0.0.1', { initAddr: ['none', '10.0.0.1'] }],
    ['init-addr last,,libc', { initAddr: ['last', 'libc'] }],
    ['init-addr ,', { initAddr: ['last', 'libc'] }],
    ['track other/app1', { track: { backend: 'other', server: 'app1' } }],
    ['track app1', { track: { server: 'app1' } }],
    ['pool-max-conn -1 pool-purge-delay 5s max-reuse 10', { poolMaxConn: -1, poolPurgeDelay: 5000, maxReuse: 10 }],
    ['max-reuse -2', { maxReuse: -1 }],
    // Negations of options tslb lacks, whose positive form is off anyway.
    ['no-tfo no-send-proxy-v2-ssl no-send-proxy-v2-ssl-cn weight 3', { weight: 3 }],
  ];
  for (const [options, expected] of cases) {
    const h = harness(serverKeywords);
    h.run(['server', 's', '10.0.0.1:80', ...options.split(' ')]);
    t.same(h.list(), [], `${options}: no diagnostic`);
    t.match(h.proxy.servers[0], expected, options);
  }
});

t.test('observe none, port 0 and agent-port 0 clear what default-server set', async (t) => {
  const h = harness(serverKeywords);
  h.run('default-server observe layer4 port 8080 agent-port 9000');
  h.run('server s 10.0.0.1:80 observe none port 0 agent-port 0');
  t.same(h.list(), []);
  const s = h.proxy.servers[0];
  t.equal(s?.observe, undefined);
  t.equal(s?.checkPort, undefined);
  t.equal(s?.agent.port, undefined);
  t.notOk(s !== undefined && 'observe' in s, 'no key left behind');
});

t.test('atol() numbers: accepted like HAProxy, with a warning', async (t) => {
  const cases: [string, Record<string, unknown>][] = [
    ['weight abc', { weight: 0 }],
    ['weight 10x', { weight: 10 }],
    ['rise 3x', { rise: 3 }],
    ['maxconn abc', { maxconn: 0 }],
  ];
  for (const [options, expected] of cases) {
    const h = harness(serverKeywords);
    h.run(['server', 's', '10.0.0.1:80', ...options.split(' ')]);
    t.same(h.codes(), ['TSLB_WRN_CFG_NUMBER'], options);
    t.match(h.list()[0]?.message, /^'server b\/s' : '\w+' reads '.+' as \d+, as HAProxy does$/);
    t.match(h.proxy.servers[0], expected, options);
  }
  const h = harness(serverKeywords);
  h.run('server s 10.0.0.1:80 id 3x');
  t.equal(h.proxy.servers[0]?.id, 3);
  h.run('server t 10.0.0.1:80 weight');
  t.equal(h.proxy.servers[1]?.weight, 0, "a missing value reads as '' (0), as HAProxy does");
  t.same(h.codes(), ['TSLB_WRN_CFG_NUMBER', 'TSLB_WRN_CFG_NUMBER']);
});

t.test('values HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['weight 300', 'TSLB_ERR_CFG_NUMBER', /^'server b\/s' : weight of server s is not within 0 and 256 \(300\)$/],
    ['weight -1', 'TSLB_ERR_CFG_NUMBER', /not within 0 and 256 \(-1\)/],
    ['inter 0', 'TSLB_ERR_CFG_TIME', /invalid value 0 for argument 'inter'/],
    ['fastinter 0', 'TSLB_ERR_CFG_TIME', /'fastinter'/],
    ['downinter 0', 'TSLB_ERR_CFG_TIME', /'downinter'/],
    ['agent-inter 0', 'TSLB_ERR_CFG_TIME', /'agent-inter'/],
    ['inter abc', 'TSLB_ERR_CFG_TIME', /^'server b\/s' : 'inter' expects an integer value \(in milliseconds\), got 'abc'$/],
    ['inter 10x', 'TSLB_ERR_CFG_TIME', /'x'/],
    ['slowstart abc', 'TSLB_ERR_CFG_TIME', /slowstart/],
    ['pool-purge-delay abc', 'TSLB_ERR_CFG_TIME', /pool-purge-delay/],
    ['fall 0', 'TSLB_ERR_CFG_NUMBER', /'fall' has to be > 0/],
    ['rise 0', 'TSLB_ERR_CFG_NUMBER', /'rise' has to be > 0/],
    ['error-limit 0', 'TSLB_ERR_CFG_NUMBER', /'error-limit' has to be > 0/],
    ['id 0', 'TSLB_ERR_CFG_NUMBER', /'id' : custom id has to be > 0/],
    ['pool-max-conn -2', 'TSLB_ERR_CFG_NUMBER', /'pool-max-conn' must be >= -1/],
    ['cookie', 'TSLB_ERR_CFG_ARGS', /'cookie' expects <value> as argument/],
    ['addr', 'TSLB_ERR_CFG_ARGS', /'addr' expects <ipv4\|ipv6>/],
    ['addr foo..bar', 'TSLB_ERR_CFG_ADDRESS', /'server b\/s' : 'addr' : invalid address: 'foo..bar'/],
    ['addr ::1', 'TSLB_ERR_CFG_ADDRESS', /invalid address: ':'/],
    ['agent-addr 1.2.3.4:80', 'TSLB_ERR_CFG_ADDRESS', /'agent-addr'/],
    ['agent-send', 'TSLB_ERR_CFG_ARGS', /'agent-send' expects a string/],
    ['on-marked-down foo', 'TSLB_ERR_CFG_ARGS', /'on-marked-down' expects 'shutdown-sessions' but got 'foo'/],
    ['on-marked-up shutdown-sessions', 'TSLB_ERR_CFG_ARGS', /expects 'shutdown-backup-sessions'/],
    ['on-error foo', 'TSLB_ERR_CFG_ARGS', /'on-error' expects 'fastinter', 'fail-check', 'sudden-death' or 'mark-down' but got 'foo'/],
    ['observe', 'TSLB_ERR_CFG_ARGS', /'observe' expects <mode>/],
    ['observe foo', 'TSLB_ERR_CFG_ARGS', /'observe' expects 'none', 'layer4' or 'layer7'/],
    ['verify', 'TSLB_ERR_CFG_ARGS', /'verify' : missing verify method/],
    ['verify optional', 'TSLB_ERR_CFG_ARGS', /unknown verify method 'optional', only 'none' and 'required'/],
    ['ca-file /nonexistent/ca.pem', 'TSLB_ERR_CFG_FILE', /Couldn't open the ca-file '\/nonexistent\/ca.pem' \(No such file or directory\)/],
    ['sni', 'TSLB_ERR_CFG_ARGS', /'sni' : missing sni expression/],
    ['sni foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown sample fetch 'foo'/],
    ['sni res.hdr(x)', 'TSLB_ERR_CFG_NOT_ALLOWED', /'res.hdr' cannot be used in a 'server source selection'/],
    ['alpn', 'TSLB_ERR_CFG_ARGS', /missing the comma-delimited ALPN protocol suite/],
    ['resolve-prefer ipv5', 'TSLB_ERR_CFG_ARGS', /'resolve-prefer' expects either ipv4 or ipv6/],
    ['init-addr foo', 'TSLB_ERR_CFG_ARGS', /unknown init-addr method 'foo'/],
    ['init-addr none,1.2.3.4,::1', 'TSLB_ERR_CFG_ARGS', /initial address already specified, cannot add '::1'/],
    ['track', 'TSLB_ERR_CFG_ARGS', /'track' expects \[<proxy>\/\]<server>/],
    ['track be/', 'TSLB_ERR_CFG_ARGS', /'track'/],
    ['agent-check', 'TSLB_ERR_CFG_ARGS', /server s does not have agent port\. Agent check has been disabled/],
    // Stricter than HAProxy, which stores these as they come.
    ['maxconn -1', 'TSLB_ERR_CFG_NUMBER', /'maxconn' expects a value between 0 and/],
    ['port 70000', 'TSLB_ERR_CFG_NUMBER', /'port' expects a value between 0 and 65535/],
  ];
  for (const [options, code, message] of cases) {
    const h = harness(serverKeywords);
    h.run(['server', 's', '10.0.0.1:80', ...options.split(' ')]);
    t.same(h.codes(), [code], `${options}: ${code}`);
    t.match(h.list()[0]?.message, message, `${options}: message`);
  }
});

t.test('names, addresses and duplicates', async (t) => {
  let h = harness(serverKeywords);
  h.run('server s');
  h.run(['server', 's', '']);
  h.run('server');
  t.same(h.codes(), ['TSLB_ERR_CFG_ARGS', 'TSLB_ERR_CFG_ARGS', 'TSLB_ERR_CFG_ARGS']);
  t.match(h.list()[0]?.message, /'server' expects <name> and <addr>\[:<port>\] as arguments/);
  t.same(h.proxy.servers, []);

  h = harness(serverKeywords);
  h.run('server a/b 10.0.0.1:80');
  h.run('server a%b 10.0.0.1:80');
  h.run('server a.b-c_d:e 10.0.0.1:80');
  t.same(h.codes(), ['TSLB_ERR_CFG_NAME', 'TSLB_ERR_CFG_NAME']);
  t.match(h.list()[0]?.message, /character '\/' is not permitted in server name 'a\/b'/);
  t.same(h.proxy.servers.map((s) => s.name), ['a.b-c_d:e']);

  h = harness(serverKeywords);
  h.run('server a 10.0.0.1:80 id 3');
  h.run('server a 10.0.0.2:80');
  h.run('server c 10.0.0.3:80 id 3');
  t.same(h.codes(), ['TSLB_ERR_CFG_DUPLICATE', 'TSLB_ERR_CFG_DUPLICATE']);
  t.match(h.list()[0]?.message, /backend 'b', another server named 'a' was already defined at t\.cfg:2, please use distinct names/);
  t.match(h.list()[1]?.message, /'server b\/c' : 'id' : custom id 3 already used at t\.cfg:2 \('server a'\)/);
  t.same(h.proxy.servers.map((s) => s.address.kind === 'inet' && s.address.host), ['10.0.0.1', '10.0.0.3'], 'the first server keeps its name');

  h = harness(serverKeywords);
  h.run('server s 1.2.3.4:70000 weight 3');
  t.same(h.codes(), ['TSLB_ERR_CFG_ADDRESS']);
  t.match(h.list()[0]?.message, /^'server b\/s' : invalid port '70000'$/);
  t.same(h.proxy.servers, [], 'a server without a usable address is not built');
});

t.test('options HAProxy knows but tslb does not implement', async (t) => {
  const cases: [string, number][] = [
    ['source 10.0.0.1 usesrc clientip weight 5', 5],
    ['source 10.0.0.1 interface eth0 weight 5', 5],
    ['crt /etc/client.pem weight 5', 5],
    ['proto h2 weight 5', 5],
    ['tfo weight 5', 5],
    ['send-proxy-v2-ssl weight 5', 5],
    ['ws h2 weight 5', 5],
  ];
  for (const [options, weight] of cases) {
    const h = harness(serverKeywords);
    h.run(['server', 's', '10.0.0.1:80', ...options.split(' ')]);
    t.same(h.codes(), ['TSLB_ERR_CFG_UNSUPPORTED'], options);
    t.match(h.list()[0]?.message, new RegExp(`^'server b/s' : '${options.split(' ')[0]}' is not supported by tslb$`));
    t.equal(h.proxy.servers[0]?.weight, weight, `${options}: the words after it are read as options`);
  }
});

t.test('unknown options get a hint and end the line', async (t) => {
  let h = harness(serverKeywords);
  h.run('server s 10.0.0.1:80 chek weight 5');
  t.same(h.codes(), ['TSLB_ERR_CFG_UNKNOWN_KEYWORD']);
  t.match(h.list()[0], { message: "'server b/s' : unknown keyword 'chek'", hint: "did you mean 'check' ?" });
  t.equal(h.proxy.servers[0]?.weight, 1);

  h = harness(serverKeywords);
  h.run('default-server 10.0.0.1:80');
  t.match(h.list()[0], { code: 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', hint: 'no address was expected for default-server' });
});

t.test('default-server: id is ignored with a warning, as HAProxy does', async (t) => {
  const h = harness(serverKeywords);
  h.run('default-server id 3 weight 7');
  h.run('server s 10.0.0.1:80');
  t.same(h.codes(), ['TSLB_WRN_CFG_NOT_ALLOWED']);
  t.match(h.proxy.servers[0], { weight: 7 });
  t.equal(h.proxy.servers[0]?.id, undefined);
});

t.test('agent-check is checked on the finished server', async (t) => {
  let h = harness(serverKeywords);
  h.run('default-server agent-port 5555');
  h.run('server s 10.0.0.1:80 agent-check');
  t.same(h.list(), [], 'the port comes from default-server');
  t.match(h.proxy.servers[0]?.agent, { enabled: true, port: 5555 });

  h = harness(serverKeywords);
  h.run('default-server agent-check');
  t.same(h.list(), [], 'default-server alone is not checked');
  h.run('server s 10.0.0.1:80');
  t.same(h.codes(), ['TSLB_ERR_CFG_ARGS']);
  t.match(h.list()[0]?.message, /^'server b\/s' : server s does not have agent port/);
  h.run('server t 10.0.0.1:80 no-agent-check');
  t.same(h.codes(), ['TSLB_ERR_CFG_ARGS'], 'no-agent-check turns it off');
});

t.test('every problem on a line is reported', async (t) => {
  const h = harness(serverKeywords);
  h.run('server s 10.0.0.1:80 weight 300 fall 0 crt x.pem rise 4');
  t.same(h.codes(), ['TSLB_ERR_CFG_NUMBER', 'TSLB_ERR_CFG_NUMBER', 'TSLB_ERR_CFG_UNSUPPORTED']);
  t.match(h.proxy.servers[0], { weight: 1, fall: 3, rise: 4 }, 'kept with what could be read');
});

t.test('an empty word ends the options, as HAProxy does (issue #2367)', async (t) => {
  const h = harness(serverKeywords);
  h.run(['server', 's1', '127.0.0.1:9001', 'weight', '', 'maxconn', '5']);
  h.run(['server', 's2', '127.0.0.1:9002', '', 'weight', '123']);
  t.same(h.codes(), ['TSLB_WRN_CFG_NUMBER', 'TSLB_WRN_CFG_EMPTY_WORD']);
  t.match(h.proxy.servers[0], { weight: 0, maxconn: 5 }, "as a value, '' reads as 0");
  t.match(h.proxy.servers[1], { weight: 1 }, 'as an option, it ends the line');
  t.match(h.list()[1]?.message, /an empty word ends the statement: the 2 words after it are ignored/);
});
