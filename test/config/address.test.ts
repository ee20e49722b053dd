/**
 * Address arguments (manual 11): bind lists, server addresses, host:port.
 * Expectations are what `haproxy -c` 2.6.12 accepts or refuses, except
 * where noted as a deliberate tslb difference.
 */
import t from 'tap';
import { MAX_UNIX_PATH, parseBindAddresses, parseHost, parseHostPort, parseServerAddress } from '../../lib/config/address.js';
import { builtinProxy } from '../../lib/config/defaults.js';
import { Diagnostics } from '../../lib/config/diagnostics.js';
import { ProxyContext } from '../../lib/config/keywords/context.js';

function context(keyword: string, vars: Record<string, string> = {}) {
  const diags = new Diagnostics();
  const place = { file: 't.cfg', line: 2 };
  const ctx = new ProxyContext({
    place,
    section: { kind: 'frontend', name: 'f' },
    keyword,
    modifier: 'none',
    vars: (v) => vars[v],
    diags,
    proxy: builtinProxy('frontend', 'f', place),
    builtin: builtinProxy('frontend', '', place),
  });
  return { ctx, diags };
}

const inet = (host: string, port: number, family: 'any' | 'ipv4' | 'ipv6' = 'any') => ({ kind: 'inet', host, port, family });

t.test('bind addresses HAProxy accepts', async (t) => {
  const cases: [string, unknown[]][] = [
    [':80', [inet('', 80)]],
    ['*:80', [inet('', 80)]],
    ['0.0.0.0:80', [inet('0.0.0.0', 80)]],
    ['[::]:80', [inet('::', 80)]],
    [':::80', [inet('::', 80)]],
    ['::1:80', [inet('::1', 80)]],
    ['[::1]:8084', [inet('::1', 8084)]],
    ['[1.2.3.4]:80', [inet('1.2.3.4', 80)]],
    ['[::ffff:1.2.3.4]:80', [inet('::ffff:1.2.3.4', 80)]],
    ['1.2.3.4:8000-8002', [inet('1.2.3.4', 8000), inet('1.2.3.4', 8001), inet('1.2.3.4', 8002)]],
    [':80-80', [inet('', 80)]],
    [':80,:8080', [inet('', 80), inet('', 8080)]],
    ['127.0.0.1:8092,127.0.0.1:8093-8094', [inet('127.0.0.1', 8092), inet('127.0.0.1', 8093), inet('127.0.0.1', 8094)]],
    // A trailing comma is ignored, as HAProxy's list walk stops there.
    [':80,', [inet('', 80)]],
    [':65535', [inet('', 65535)]],
    [':00080', [inet('', 80)]],
    ['ipv4@:80', [inet('', 80, 'ipv4')]],
    ['ipv6@:80', [inet('', 80, 'ipv6')]],
    ['tcp4@:80', [inet('', 80, 'ipv4')]],
    ['tcp6@[::1]:80', [inet('::1', 80, 'ipv6')]],
    ['tcp@:80', [inet('', 80)]],
    ['stream+ipv4@:80', [inet('', 80, 'ipv4')]],
    // inet_aton() forms, as the C resolver reads them.
    ['1.2.3:80', [inet('1.2.0.3', 80)]],
    ['010.0.0.1:80', [inet('8.0.0.1', 80)]],
    ['0x7f.1:80', [inet('127.0.0.1', 80)]],
    ['localhost:8080', [inet('localhost', 8080)]],
    ['unix@/run/x.sock', [{ kind: 'unix', path: '/run/x.sock' }]],
    ['uxst@/run/x.sock', [{ kind: 'unix', path: '/run/x.sock' }]],
    ['/run/x.sock', [{ kind: 'unix', path: '/run/x.sock' }]],
    ['unix@relative.sock', [{ kind: 'unix', path: 'relative.sock' }]],
    // The comma split comes first, also for paths.
    ['unix@/run/x.sock,:80', [{ kind: 'unix', path: '/run/x.sock' }, inet('', 80)]],
  ];
  for (const [word, expected] of cases) {
    const { ctx, diags } = context('bind');
    t.same(parseBindAddresses(ctx, word), expected, word);
    t.same(diags.list, [], `${word}: no diagnostic`);
  }
});

t.test('bind addresses HAProxy refuses, with its wording', async (t) => {
  const cases: [string, string, RegExp][] = [
    [':0', 'TSLB_ERR_CFG_ADDRESS', /^'bind' : invalid port '0'$/],
    [':99999', 'TSLB_ERR_CFG_ADDRESS', /invalid port '99999'/],
    [':1-65536', 'TSLB_ERR_CFG_ADDRESS', /invalid port '65536'/],
    [':0-5', 'TSLB_ERR_CFG_ADDRESS', /invalid port '0'/],
    ['1.2.3.4:8010-8000', 'TSLB_ERR_CFG_ADDRESS', /invalid port range '8010-8000'/],
    [':80-8x', 'TSLB_ERR_CFG_ADDRESS', /invalid port range '80-8'/],
    ['1.2.3.4:abc', 'TSLB_ERR_CFG_ADDRESS', /invalid character 'a' in port number 'abc' in '1.2.3.4:abc'/],
    ['*:*', 'TSLB_ERR_CFG_ADDRESS', /invalid character '\*'/],
    ['1.2.3.4', 'TSLB_ERR_CFG_ADDRESS', /missing port specification in '1.2.3.4'/],
    ['1.2.3.4:', 'TSLB_ERR_CFG_ADDRESS', /missing port specification/],
    ['[::1]', 'TSLB_ERR_CFG_ADDRESS', /missing port specification in '\[::1\]'/],
    ['[::1]80', 'TSLB_ERR_CFG_ADDRESS', /missing port specification/],
    ['::1', 'TSLB_ERR_CFG_ADDRESS', /invalid address: ':' in '::1'/],
    ['*', 'TSLB_ERR_CFG_ADDRESS', /missing port specification/],
    ['relative.sock', 'TSLB_ERR_CFG_ADDRESS', /missing port specification/],
    [':+1', 'TSLB_ERR_CFG_ADDRESS', /port offset not permitted here in ':\+1'/],
    [':-1', 'TSLB_ERR_CFG_ADDRESS', /port offset not permitted/],
    ['256.1.1.1:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: '256.1.1.1' in '256.1.1.1:80'/],
    ['1.2.3.4.5:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: '1.2.3.4.5'/],
    ['fe80::1%lo:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: 'fe80::1%lo'/],
    ['[fe80::1%lo]:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address/],
    ['ipv4@::1:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: '::1' in 'ipv4@::1:80'/],
    ['ipv6@1.2.3.4:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: '1.2.3.4'/],
    ['foo@:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: 'foo@'/],
    ['IPV4@:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address: 'IPV4@'/],
    [':80,,:81', 'TSLB_ERR_CFG_ADDRESS', /'' resolves to an empty address/],
    ['udp@:80', 'TSLB_ERR_CFG_ADDRESS', /dgram-type address not acceptable in 'udp@:80'/],
    ['udp4@:80', 'TSLB_ERR_CFG_ADDRESS', /dgram-type/],
    ['uxdg@/tmp/x', 'TSLB_ERR_CFG_ADDRESS', /dgram-type/],
    ['dgram+:80', 'TSLB_ERR_CFG_ADDRESS', /dgram-type/],
    ['abns@foo', 'TSLB_ERR_CFG_UNSUPPORTED', /abstract UNIX sockets .* not supported by tslb/],
    ['fd@3', 'TSLB_ERR_CFG_UNSUPPORTED', /not supported by tslb/],
    ['sockpair@3', 'TSLB_ERR_CFG_UNSUPPORTED', /not supported by tslb/],
    ['quic4@:443', 'TSLB_ERR_CFG_UNSUPPORTED', /QUIC/],
    ['quic6@:443', 'TSLB_ERR_CFG_UNSUPPORTED', /QUIC/],
    // tslb refuses what cannot be bound (HAProxy -c accepts an empty unix@ path).
    ['unix@', 'TSLB_ERR_CFG_ADDRESS', /empty UNIX socket path/],
    [`/tmp/${'a'.repeat(MAX_UNIX_PATH - 4)}`, 'TSLB_ERR_CFG_ADDRESS', /too long \(max 97\)/],
  ];
  for (const [word, code, message] of cases) {
    const { ctx, diags } = context('bind');
    t.equal(parseBindAddresses(ctx, word), undefined, word);
    t.same(diags.list.map((d) => d.code), [code], `${word}: ${code}`);
    t.match(diags.list[0]?.message, message, `${word}: message`);
  }
  const { ctx, diags } = context('bind');
  t.ok(parseBindAddresses(ctx, `/tmp/${'a'.repeat(MAX_UNIX_PATH - 5)}`), 'a path of exactly 97 bytes fits');
  t.same(diags.list, []);
});

t.test('ports read like atoi() warn about what is ignored', async (t) => {
  const cases: [string, number[]][] = [
    [':80x', [80]],
    ['1.2.3.4:1e3', [1]],
    [':8x-10', [8, 9, 10]],
  ];
  for (const [word, ports] of cases) {
    const { ctx, diags } = context('bind');
    t.same(parseBindAddresses(ctx, word)?.map((a) => (a.kind === 'inet' ? a.port : 0)), ports, word);
    t.same(diags.list.map((d) => d.code), ['TSLB_WRN_CFG_NUMBER'], `${word} warns`);
  }
});

t.test('"${VAR}" is expanded in addresses, even unquoted', async (t) => {
  let { ctx, diags } = context('bind', { PORT: '8443', LIST: ':81,:82' });
  t.same(parseBindAddresses(ctx, ':${PORT}'), [inet('', 8443)]);
  t.same(parseBindAddresses(ctx, '${LIST}'), [inet('', 81), inet('', 82)]);
  t.same(parseBindAddresses(ctx, '${NOPE}:80'), [inet('', 80)], 'an unset variable is empty');
  t.same(diags.list, []);
  ({ ctx, diags } = context('bind'));
  t.equal(parseBindAddresses(ctx, '${NOPE}'), undefined);
  t.match(diags.list[0]?.message, /'\$\{NOPE\}' resolves to an empty address \(environment variable missing\?\)/);
  ({ ctx, diags } = context('server', { BACKUP: '10.0.0.9' }));
  t.same(parseServerAddress(ctx, '${BACKUP}:1080'), { kind: 'inet', host: '10.0.0.9', port: { kind: 'fixed', value: 1080 }, family: 'any' });
});

t.test('server addresses', async (t) => {
  const fixed = (value: number) => ({ kind: 'fixed', value });
  const offset = (value: number) => ({ kind: 'offset', value });
  const absent = { kind: 'absent' };
  const srv = (host: string, port: unknown, family = 'any') => ({ kind: 'inet', host, port, family });
  const cases: [string, unknown][] = [
    ['1.2.3.4:8080', srv('1.2.3.4', fixed(8080))],
    ['1.2.3.4', srv('1.2.3.4', absent)],
    ['1.2.3.4:', srv('1.2.3.4', absent)],
    ['1.2.3.4:0', srv('1.2.3.4', absent)],
    ['1.2.3.4:+0', srv('1.2.3.4', absent)],
    ['1.2.3.4:+10', srv('1.2.3.4', offset(10))],
    ['1.2.3.4:-10', srv('1.2.3.4', offset(-10))],
    ['[::1]:80', srv('::1', fixed(80))],
    ['[::1]', srv('::1', absent)],
    ['::1:80', srv('::1', fixed(80))],
    ['*:80', srv('0.0.0.0', fixed(80))],
    [':80', srv('0.0.0.0', fixed(80))],
    ['ipv4@', srv('0.0.0.0', absent, 'ipv4')],
    ['ipv6@', srv('::', absent, 'ipv6')],
    ['ipv6@::1:80', srv('::1', fixed(80), 'ipv6')],
    ['tcp@1.2.3.4:80', srv('1.2.3.4', fixed(80))],
    ['app.example.test:443', srv('app.example.test', fixed(443))],
    ['unix@/run/app.sock', { kind: 'unix', path: '/run/app.sock' }],
    ['/run/app.sock', { kind: 'unix', path: '/run/app.sock' }],
  ];
  for (const [word, expected] of cases) {
    const { ctx, diags } = context('server');
    t.same(parseServerAddress(ctx, word), expected, word);
    t.same(diags.list, [], `${word}: no diagnostic`);
  }
  const refused: [string, string, RegExp][] = [
    ['1.2.3.4:70000', 'TSLB_ERR_CFG_ADDRESS', /^'server b\/s' : invalid port '70000'$/],
    ['1.2.3.4:80-90', 'TSLB_ERR_CFG_ADDRESS', /port range not permitted here in '1.2.3.4:80-90'/],
    ['1.2.3.4:abc', 'TSLB_ERR_CFG_ADDRESS', /invalid character 'a' in port number/],
    ['::1', 'TSLB_ERR_CFG_ADDRESS', /invalid address: ':' in '::1'/],
    ['1.2.3.4:80,1.2.3.5:80', 'TSLB_ERR_CFG_ADDRESS', /invalid address/],
    ['fd@3', 'TSLB_ERR_CFG_ADDRESS', /a file descriptor is not acceptable here in 'fd@3'/],
    ['udp@1.2.3.4:80', 'TSLB_ERR_CFG_ADDRESS', /dgram-type address not acceptable/],
    ['abns@foo', 'TSLB_ERR_CFG_UNSUPPORTED', /not supported by tslb/],
    ['sockpair@3', 'TSLB_ERR_CFG_UNSUPPORTED', /not supported by tslb/],
    // tslb refuses offsets that can only produce invalid ports (HAProxy takes them).
    ['1.2.3.4:+70000', 'TSLB_ERR_CFG_ADDRESS', /invalid port offset/],
  ];
  for (const [word, code, message] of refused) {
    const { ctx, diags } = context('server');
    t.equal(parseServerAddress(ctx, word, "'server b/s'"), undefined, word);
    t.same(diags.list.map((d) => d.code), [code], `${word}: ${code}`);
    t.match(diags.list[0]?.message, message, `${word}: message`);
  }
});

t.test('host:port of log targets and nameservers', async (t) => {
  const ok: [string, number | undefined, unknown][] = [
    ['127.0.0.1:53', undefined, { host: '127.0.0.1', port: 53 }],
    ['127.0.0.1', 514, { host: '127.0.0.1', port: 514 }],
    ['127.0.0.1:0', 514, { host: '127.0.0.1', port: 514 }],
    ['[::1]:53', undefined, { host: '::1', port: 53 }],
    ['::1:514', 514, { host: '::1', port: 514 }],
    ['[::1]', 514, { host: '::1', port: 514 }],
    ['ipv4@127.0.0.1:53', undefined, { host: '127.0.0.1', port: 53 }],
    ['udp@127.0.0.1:53', undefined, { host: '127.0.0.1', port: 53 }],
    ['localhost:53', undefined, { host: 'localhost', port: 53 }],
    [':53', undefined, { host: '0.0.0.0', port: 53 }],
    ['*:514', 514, { host: '0.0.0.0', port: 514 }],
  ];
  for (const [word, def, expected] of ok) {
    const { ctx, diags } = context('nameserver');
    t.same(parseHostPort(ctx, word, def), expected, word);
    t.same(diags.list, [], `${word}: no diagnostic`);
  }
  const refused: [string, number | undefined, string, RegExp][] = [
    ['127.0.0.1', undefined, 'TSLB_ERR_CFG_ADDRESS', /missing port specification in '127.0.0.1'/],
    ['127.0.0.1:0', undefined, 'TSLB_ERR_CFG_ADDRESS', /invalid port '0'/],
    ['127.0.0.1:+5', undefined, 'TSLB_ERR_CFG_ADDRESS', /port offset not permitted/],
    ['127.0.0.1:5-6', 514, 'TSLB_ERR_CFG_ADDRESS', /port range not permitted/],
    ['127.0.0.1:70000', 514, 'TSLB_ERR_CFG_ADDRESS', /invalid port '70000'/],
    ['::1', 514, 'TSLB_ERR_CFG_ADDRESS', /invalid address: ':' in '::1'/],
    ['unix@/dev/log', 514, 'TSLB_ERR_CFG_ADDRESS', /UNIX socket is not acceptable/],
    ['tcp@127.0.0.1:53', undefined, 'TSLB_ERR_CFG_UNSUPPORTED', /TCP transports/],
  ];
  for (const [word, def, code, message] of refused) {
    const { ctx, diags } = context('nameserver');
    t.equal(parseHostPort(ctx, word, def), undefined, word);
    t.same(diags.list.map((d) => d.code), [code], `${word}: ${code}`);
    t.match(diags.list[0]?.message, message, `${word}: message`);
  }
});

t.test('bare hosts (addr, agent-addr, connect addr)', async (t) => {
  const { ctx, diags } = context('server');
  t.equal(parseHost(ctx, '10.0.0.4', false), '10.0.0.4');
  t.equal(parseHost(ctx, '[::1]', false), '::1');
  t.equal(parseHost(ctx, '::1', false), '::1');
  t.equal(parseHost(ctx, 'agent.example.test', false), 'agent.example.test');
  t.equal(parseHost(ctx, '10.0.0.4:80', true), '10.0.0.4', 'addr reads and ignores a port');
  t.same(diags.list, []);
  t.equal(parseHost(ctx, '10.0.0.4:80', false), undefined, 'agent-addr takes no port');
  t.equal(parseHost(ctx, '::1', true), undefined, "with a port allowed, '::1' is host ':' (as HAProxy reads it)");
  t.equal(parseHost(ctx, 'unix@/x', false), undefined);
  t.same(diags.list.map((d) => d.code), ['TSLB_ERR_CFG_ADDRESS', 'TSLB_ERR_CFG_ADDRESS', 'TSLB_ERR_CFG_ADDRESS']);
});
