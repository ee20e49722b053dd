/**
 * `bind` (manual 4.2, 5.1): one Bind per socket, the options tslb carries,
 * TLS material loaded at check time, and what HAProxy 2.6.12 refuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { bindKeywords } from '../../lib/config/keywords/bind.js';
import { harness } from './keyword-harness.js';

const PEM = fileURLToPath(new URL('../fixtures/config/certs/site.pem', import.meta.url));
const pemText = readFileSync(PEM, 'utf8');
const certOnly = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(pemText)?.[0] ?? '';
const keyOnly = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/.exec(pemText)?.[0] ?? '';

const frontend = () => harness(bindKeywords, { kind: 'frontend', name: 'f' });

t.test('one Bind per socket, sharing the options', async (t) => {
  const h = frontend();
  h.run('bind :8090,:8091 name listed accept-proxy');
  h.run('bind 127.0.0.1:8000-8002');
  t.same(h.list(), []);
  t.same(h.proxy.binds[0], {
    place: { file: 't.cfg', line: 2 },
    spec: ':8090,:8091',
    address: { kind: 'inet', host: '', port: 8090, family: 'any' },
    name: 'listed',
    acceptProxy: true,
    v4v6: false,
    v6only: false,
    transparent: false,
    deferAccept: false,
    exposeFdListeners: false,
  });
  t.same(
    h.proxy.binds.map((b) => [b.spec, b.address.kind === 'inet' ? b.address.port : 0, b.name ?? null]),
    [
      [':8090,:8091', 8090, 'listed'],
      [':8090,:8091', 8091, 'listed'],
      ['127.0.0.1:8000-8002', 8000, null],
      ['127.0.0.1:8000-8002', 8001, null],
      ['127.0.0.1:8000-8002', 8002, null],
    ],
  );
});

t.test('the spec is the word after variable expansion', async (t) => {
  const h = harness(bindKeywords, { kind: 'frontend', vars: { PORT: '8443' } });
  h.run('bind :${PORT}');
  t.equal(h.proxy.binds[0]?.spec, ':8443');
});

t.test('option values', async (t) => {
  const cases: [string, Record<string, unknown>][] = [
    ['[::]:8083 v4v6', { v4v6: true, address: { host: '::', port: 8083 } }],
    ['[::]:8083 v6only transparent defer-accept', { v6only: true, transparent: true, deferAccept: true }],
    [':80 id 5 maxconn 100 backlog 10 interface lo', { id: 5, maxconn: 100, backlog: 10, interface: 'lo' }],
    [':80 backlog 0', {}],
    [':80 proto h2', { proto: 'h2' }],
    [':80 proto h1', { proto: 'h1' }],
    ['/run/admin.sock mode 600 user haproxy group haproxy', { unixMode: 0o600, unixUser: 'haproxy', unixGroup: 'haproxy', address: { kind: 'unix' } }],
    ['unix@/run/admin.sock mode 0660 uid 0 gid 33', { unixMode: 0o660, unixUid: 0, unixGid: 33 }],
    ['unix@/run/admin.sock mode 10000', { unixMode: 0 }],
    ['/run/admin.sock level admin expose-fd listeners', { level: 'admin', exposeFdListeners: true }],
    [`:80 crt ${PEM}`, {}],
  ];
  for (const [line, expected] of cases) {
    const h = frontend();
    h.run(`bind ${line}`);
    t.same(h.list(), [], `${line}: no diagnostic`);
    t.match(h.proxy.binds[0], expected, line);
  }
  const h = frontend();
  h.run(`bind :80 crt ${PEM}`);
  h.run('bind :81 backlog 0');
  t.equal(h.proxy.binds[0]?.ssl, undefined, "'crt' without 'ssl' loads the certificate but does not turn TLS on");
  t.notOk('backlog' in (h.proxy.binds[1] ?? {}), 'backlog 0 keeps the default');
});

t.test('TLS listeners', async (t) => {
  const h = frontend();
  h.run(`bind :8443 ssl crt ${PEM} alpn h2,http/1.1 ciphers HIGH:!aNULL ciphersuites TLS_AES_128_GCM_SHA256 ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3 strict-sni verify optional ca-file ${PEM}`);
  t.same(h.list(), []);
  t.same(h.proxy.binds[0]?.ssl, {
    certificates: [PEM],
    strictSni: true,
    alpn: ['h2', 'http/1.1'],
    ciphers: 'HIGH:!aNULL',
    ciphersuites: 'TLS_AES_128_GCM_SHA256',
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    caFile: PEM,
    verify: 'optional',
  });
});

t.test('certificate files are loaded as haproxy -c does', async (t) => {
  const dir = t.testdir({
    'cert-only.pem': certOnly,
    'paired.pem': certOnly,
    'paired.pem.key': keyOnly,
    'key-only.pem': keyOnly,
    'garbage.pem': 'garbage\n',
    certs: { 'a.pem': pemText, 'b.pem': pemText, 'a.pem.ocsp': 'x', 'README.key': 'x' },
    'bad-dir': { 'a.pem': pemText, 'notes.txt': 'hello' },
    empty: {},
    'site.lst': `# comment\n${PEM} [alpn h2] *.example.test\n\n`,
    'empty.lst': '# nothing\n',
    'bad.lst': 'garbage.pem\n',
  });
  const ok = [`crt ${join(dir, 'paired.pem')}`, `crt ${join(dir, 'certs')}`, `crt-list ${join(dir, 'site.lst')}`, `crt ${PEM} crt ${join(dir, 'certs')}`];
  for (const opts of ok) {
    const h = frontend();
    h.run(`bind :443 ssl ${opts}`);
    t.same(h.list(), [], opts);
    t.ok(h.proxy.binds[0]?.ssl, `${opts}: TLS listener`);
  }
  const refused: [string, string, RegExp][] = [
    ['crt /nonexistent.pem', 'TSLB_ERR_CFG_FILE', /^'bind :443' : 'crt' : unable to stat SSL certificate from file '\/nonexistent.pem' : No such file or directory$/],
    [`crt ${join(dir, 'cert-only.pem')}`, 'TSLB_ERR_CFG_FILE', /No Private Key found in '.*cert-only\.pem\.key'/],
    [`crt ${join(dir, 'key-only.pem')}`, 'TSLB_ERR_CFG_FILE', /unable to load certificate from file '.*key-only\.pem'/],
    [`crt ${join(dir, 'garbage.pem')}`, 'TSLB_ERR_CFG_FILE', /unable to load certificate from file/],
    [`crt ${join(dir, 'bad-dir')}`, 'TSLB_ERR_CFG_FILE', /unable to load certificate from file '.*notes\.txt'/],
    [`crt ${join(dir, 'empty')}`, 'TSLB_ERR_CFG_ARGS', /no SSL certificate specified for bind ':443' \(use 'crt'\)/],
    ['crt-list /nonexistent.lst', 'TSLB_ERR_CFG_FILE', /'crt-list' : cannot open file '\/nonexistent.lst' : No such file or directory/],
    [`crt-list ${join(dir, 'empty.lst')}`, 'TSLB_ERR_CFG_ARGS', /no SSL certificate specified/],
    [`crt-list ${join(dir, 'bad.lst')}`, 'TSLB_ERR_CFG_FILE', /'crt-list' : unable to stat SSL certificate from file 'garbage.pem'/],
    ['', 'TSLB_ERR_CFG_ARGS', /no SSL certificate specified for bind ':443' \(use 'crt'\)/],
    ['crt', 'TSLB_ERR_CFG_ARGS', /'crt' expects a certificate file or directory/],
  ];
  for (const [opts, code, message] of refused) {
    const h = frontend();
    h.run(`bind :443 ssl ${opts}`);
    t.same(h.codes(), [code], `${opts}: ${code}`);
    t.match(h.list()[0]?.message, message, `${opts}: message`);
    t.same(h.proxy.binds, [], `${opts}: no listener`);
  }
});

t.test('TLS settings HAProxy refuses', async (t) => {
  const cases: [string, RegExp][] = [
    ['verify required', /verify is enabled but no CA file specified for bind ':443'/],
    ['verify optional', /verify is enabled but no CA file specified/],
    ['verify foo', /unknown verify method 'foo', only 'none', 'optional', and 'required' are supported/],
    ['ssl-min-ver TLSv1.4', /'ssl-min-ver' : 'TLSv1.4' : unknown ssl\/tls version/],
    ['ssl-max-ver TLSv1.0 ssl-min-ver TLSv1.2', /all SSL\/TLS versions are disabled for bind ':443'/],
    ['ciphers FOO', /unable to set SSL cipher list to 'FOO' for bind ':443'/],
    ['ciphersuites FOO', /unable to set TLS 1.3 cipher suites to 'FOO'/],
    ['ciphers', /'ciphers' expects a cipher list/],
    ['alpn', /'alpn' : missing the comma-delimited ALPN protocol suite/],
  ];
  for (const [opts, message] of cases) {
    const h = frontend();
    h.run(`bind :443 ssl crt ${PEM} ${opts}`);
    t.same(h.codes(), ['TSLB_ERR_CFG_ARGS'], opts);
    t.match(h.list()[0]?.message, message, `${opts}: message`);
  }
  const h = frontend();
  h.run('bind :443 ca-file /nonexistent.pem');
  t.same(h.codes(), ['TSLB_ERR_CFG_FILE']);
  t.match(h.list()[0]?.message, /'ca-file' : Couldn't open the ca-file '\/nonexistent.pem' \(No such file or directory\)/);
  const g = frontend();
  g.run('bind :443 verify required ciphers FOO');
  t.same(g.list(), [], 'TLS settings of a listener without ssl are not checked, as in HAProxy');
});

t.test('values HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['bind', 'TSLB_ERR_CFG_ARGS', /'bind' expects/],
    ['bind :80 name', 'TSLB_ERR_CFG_ARGS', /'name' expects <name>/],
    ['bind :80 id 0', 'TSLB_ERR_CFG_NUMBER', /'bind :80' : 'id' : custom id has to be > 0/],
    ['bind :80 id abc', 'TSLB_ERR_CFG_NUMBER', /'id' : expects an integer argument, found 'abc'/],
    ['bind :80 id', 'TSLB_ERR_CFG_ARGS', /'id' : expects an integer argument/],
    ['bind :80,:81 id 5', 'TSLB_ERR_CFG_ARGS', /'id' can only be used with a single socket/],
    ['bind :80-81 id 5', 'TSLB_ERR_CFG_ARGS', /'id' can only be used with a single socket/],
    ['bind :80 maxconn -1', 'TSLB_ERR_CFG_NUMBER', /'maxconn' : invalid value -1, must be >= 0/],
    ['bind :80 backlog -1', 'TSLB_ERR_CFG_NUMBER', /'backlog' : invalid value -1/],
    ['bind /run/x.sock mode abc', 'TSLB_ERR_CFG_ARGS', /'mode' : missing or invalid mode 'abc' \(octal integer expected\)/],
    ['bind /run/x.sock mode 8', 'TSLB_ERR_CFG_ARGS', /invalid mode '8'/],
    ['bind /run/x.sock mode -1', 'TSLB_ERR_CFG_ARGS', /invalid mode '-1'/],
    ['bind :80 interface', 'TSLB_ERR_CFG_ARGS', /'interface' expects an interface name/],
    ['bind :80 proto fcgi', 'TSLB_ERR_CFG_ARGS', /'proto' expects 'h1' or 'h2' but got 'fcgi'/],
    ['bind :80 level foo', 'TSLB_ERR_CFG_ARGS', /'level' expects 'user', 'operator' or 'admin' but got 'foo'/],
    ['bind :80 expose-fd foo', 'TSLB_ERR_CFG_ARGS', /'expose-fd' expects 'listeners' but got 'foo'/],
    ['bind :0', 'TSLB_ERR_CFG_ADDRESS', /'bind' : invalid port '0'/],
  ];
  for (const [line, code, message] of cases) {
    const h = frontend();
    h.run(line);
    t.same(h.codes(), [code], `${line}: ${code}`);
    t.match(h.list()[0]?.message, message, `${line}: message`);
    t.same(h.proxy.binds, [], `${line}: no listener`);
  }
});

t.test('atol() values warn, as HAProxy reads them', async (t) => {
  const h = frontend();
  h.run('bind :80 maxconn abc uid x');
  t.same(h.codes(), ['TSLB_WRN_CFG_NUMBER', 'TSLB_WRN_CFG_NUMBER']);
  t.match(h.proxy.binds[0], { maxconn: 0, unixUid: 0 });
});

t.test('listener ids are unique in a proxy', async (t) => {
  const h = frontend();
  h.run('bind :80 id 5');
  h.run('bind :81 id 5');
  t.same(h.codes(), ['TSLB_ERR_CFG_DUPLICATE']);
  t.match(h.list()[0]?.message, /^'bind :81' : 'id' : custom id 5 already used at t\.cfg:2 \('bind :80'\)$/);
});

t.test('options HAProxy knows but tslb does not implement', async (t) => {
  for (const opts of ['tfo', 'thread 1', 'npn h2', 'accept-netscaler-cip 1234', 'process 1', 'tcp-ut 10s', 'no-tlsv10']) {
    const h = frontend();
    h.run(`bind :80 ${opts} name after`);
    t.same(h.codes(), ['TSLB_ERR_CFG_UNSUPPORTED'], opts);
    t.match(h.list()[0]?.message, new RegExp(`^'bind :80' : '${opts.split(' ')[0]}' is not supported by tslb$`));
  }
  const h = frontend();
  h.run('bind :80 npn h2 maxconn x5 tfo');
  t.same(h.codes(), ['TSLB_ERR_CFG_UNSUPPORTED', 'TSLB_WRN_CFG_NUMBER', 'TSLB_ERR_CFG_UNSUPPORTED'], 'argument words are skipped, every problem reported');
});

t.test('unknown options get a did-you-mean hint', async (t) => {
  const h = frontend();
  h.run('bind :80 acept-proxy');
  t.match(h.list(), [{ code: 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', message: "'bind :80' : unknown keyword 'acept-proxy'", hint: "did you mean 'accept-proxy' ?" }]);
  h.run('bind :81 zzzzzzzz');
  t.equal(h.list()[1]?.hint, undefined, 'no hint when nothing is close');
});

t.test('an empty word ends the options', async (t) => {
  const h = frontend();
  h.run(['bind', ':80', 'name', 'a', '', 'accept-proxy']);
  t.same(h.codes(), ['TSLB_WRN_CFG_EMPTY_WORD']);
  t.match(h.proxy.binds[0], { name: 'a', acceptProxy: false });
});
