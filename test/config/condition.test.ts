/**
 * Conditions (`if|unless ...`, manual 7.2) and ACL criteria (manual 7.1),
 * through the real handler context. Expectations come from `haproxy -c`
 * (2.6.12) except where tslb is deliberately stricter (empty conditions,
 * dangling 'or' and '!', which HAProxy silently accepts).
 */
import t from 'tap';
import { builtinProxy } from '../../lib/config/defaults.js';
import { Diagnostics } from '../../lib/config/diagnostics.js';
import type { AclCriterion } from '../../lib/config/model/common.js';
import type { ProxyKind } from '../../lib/config/model/proxy.js';
import { aclMatchMethod, parseAclCriterion, parseCondition, splitCondition } from '../../lib/config/keywords/condition.js';
import { ProxyContext } from '../../lib/config/keywords/context.js';
import { ACL_KEYWORDS, CONVERTERS, SAMPLE_FETCHES } from '../../lib/config/keywords/haproxy-catalogue.js';
import { hookSteps } from '../../lib/config/keywords/sample.js';
import { CONVERTER_TYPES, FETCH_INFO, stepMask } from '../../lib/config/keywords/sample-types.js';
import { compileRegex } from '../../lib/config/regex.js';

const FILE = 'test/fixtures/config/errors/403.http';

function setup(kind: ProxyKind = 'frontend') {
  const diags = new Diagnostics();
  const place = { file: 't.cfg', line: 1 };
  const proxy = builtinProxy(kind, 'f', place);
  const ctx = new ProxyContext({
    place: { file: 't.cfg', line: 9 },
    section: { kind, name: 'f' },
    keyword: 'http-request',
    modifier: 'none',
    vars: () => undefined,
    diags,
    proxy,
    builtin: builtinProxy(kind, '', place),
  });
  return { ctx, diags, proxy };
}

const words = (text: string): string[] => text.split(' ').filter((w) => w !== '');
const acl = (name: string, negate = false) => ({ kind: 'acl', name, negate });

t.test('splitCondition cuts at the first if/unless', async (t) => {
  t.same(splitCondition(words('deny deny_status 403 if a b')), { args: ['deny', 'deny_status', '403'], cond: ['if', 'a', 'b'] });
  t.same(splitCondition(words('allow unless a')), { args: ['allow'], cond: ['unless', 'a'] });
  t.same(splitCondition(words('allow')), { args: ['allow'], cond: undefined });
});

t.test('conditions: AND groups separated by or / ||, negation', async (t) => {
  const cases: [string, unknown][] = [
    ['if a', { polarity: 'if', anyOf: [[acl('a')]] }],
    ['unless a b', { polarity: 'unless', anyOf: [[acl('a'), acl('b')]] }],
    ['if a or b', { polarity: 'if', anyOf: [[acl('a')], [acl('b')]] }],
    ['if a OR b', { polarity: 'if', anyOf: [[acl('a')], [acl('b')]] }],
    ['if a || !b c', { polarity: 'if', anyOf: [[acl('a')], [acl('b', true), acl('c')]] }],
    ['if !a', { polarity: 'if', anyOf: [[acl('a', true)]] }],
    // A lone '!' applies to the next word; '!!' cancels (checked against HAProxy at run time).
    ['if ! a b', { polarity: 'if', anyOf: [[acl('a', true), acl('b')]] }],
    ['if !!a', { polarity: 'if', anyOf: [[acl('a')]] }],
    ['if METH_POST HTTP_1.1', { polarity: 'if', anyOf: [[acl('METH_POST'), acl('HTTP_1.1')]] }],
  ];
  for (const [text, expected] of cases) {
    const { ctx, diags } = setup();
    t.same(parseCondition(ctx, words(text)), expected, text);
    t.same(diags.list, [], `${text}: no diagnostic`);
  }
});

t.test('conditions: anonymous ACLs', async (t) => {
  const { ctx, diags } = setup();
  const cond = parseCondition(ctx, words('if { path_beg /api /v1 } !{ src 10.0.0.0/8 } or { req.len gt 0 }'));
  t.same(diags.list, []);
  t.equal(cond?.anyOf.length, 2);
  const [first, second] = cond?.anyOf ?? [];
  t.match(first, [
    { kind: 'anonymous', negate: false, acl: { fetch: 'path_beg', values: ['/api', '/v1'] } },
    { kind: 'anonymous', negate: true, acl: { fetch: 'src', values: ['10.0.0.0/8'] } },
  ]);
  t.match(second, [{ kind: 'anonymous', negate: false, acl: { fetch: 'req.len', values: ['gt', '0'] } }]);
});

t.test('conditions: malformed ones are TSLB_ERR_CFG_CONDITION', async (t) => {
  const bad = [
    'if',
    'unless',
    'if or a',
    'if a or',
    'if a or or b',
    'if a ||',
    'if !',
    'if a !',
    'if ! or a',
    'if { path /',
    'if path / }',
    'if {path /}',
    'if { }',
    'if a if b',
    'if a unless b',
    'if a && b',
    'if a and b',
  ];
  for (const text of bad) {
    const { ctx, diags } = setup();
    t.equal(parseCondition(ctx, words(text)), undefined, text);
    t.ok(diags.list.length > 0, `${text}: reported`);
    t.ok(
      diags.list.every((d) => d.code === 'TSLB_ERR_CFG_CONDITION'),
      `${text}: ${diags.list.map((d) => d.code).join(',')}`,
    );
  }
});

t.test('conditions: every problem of one condition is reported', async (t) => {
  const { ctx, diags } = setup();
  t.equal(parseCondition(ctx, words('if a && b and c')), undefined);
  t.equal(diags.list.length, 2);
});

t.test('conditions: a bad anonymous ACL reports its own code', async (t) => {
  const { ctx, diags } = setup();
  t.equal(parseCondition(ctx, words('if { path_bgn /x }')), undefined);
  t.same(
    diags.list.map((d) => [d.code, d.hint]),
    [['TSLB_ERR_CFG_UNKNOWN_KEYWORD', "did you mean 'path_beg' ?"]],
  );
});

t.test('conditions: ACLs reading data that does not exist where the rule runs never match (warning)', async (t) => {
  const httpReq = hookSteps('http-request', 'frontend');
  {
    const { ctx, diags } = setup();
    t.ok(parseCondition(ctx, words('if { status 200 }'), httpReq));
    t.same(diags.list.map((d) => d.code), ['TSLB_WRN_CFG_NO_EFFECT']);
    t.match(diags.list[0]?.message, /frontend http-request header rule/);
  }
  {
    const { ctx, diags } = setup();
    t.ok(parseCondition(ctx, words('if { path / } { req.hdr(host) -m found }'), httpReq));
    t.same(diags.list, [], 'request data in http-request: fine');
  }
  {
    const { ctx, diags, proxy } = setup();
    const criterion = parseAclCriterion(ctx, words('status 200'));
    t.ok(criterion);
    proxy.acls.push({ place: { file: 't.cfg', line: 2 }, name: 's', criterion: criterion as AclCriterion as never });
    t.ok(parseCondition(ctx, words('if s or s'), httpReq));
    t.same(diags.list.map((d) => d.code), ['TSLB_WRN_CFG_NO_EFFECT'], 'one warning per named ACL');
    t.match(diags.list[0]?.message, /ACL 's'/);
  }
  {
    const { ctx, diags } = setup();
    t.ok(parseCondition(ctx, words('if HTTP_1.0'), hookSteps('tcp-request connection', 'frontend')));
    t.same(diags.list.map((d) => d.code), ['TSLB_WRN_CFG_NO_EFFECT'], 'predefined ACLs too');
  }
  {
    const { ctx, diags } = setup();
    t.ok(parseCondition(ctx, words('if TRUE'), hookSteps('tcp-request connection', 'frontend')));
    t.same(diags.list, [], 'always_true works everywhere');
  }
});

type Fragment = Partial<Record<keyof AclCriterion, unknown>>;

t.test('ACL criteria: flags and patterns', async (t) => {
  const cases: [string, Fragment][] = [
    ['path_beg /api /v1', { fetch: 'path_beg', values: ['/api', '/v1'], ignoreCase: false, match: undefined, files: [], mapFiles: false, noDns: false }],
    ['hdr(host) -i example.com', { fetch: 'hdr(host)', ignoreCase: true, values: ['example.com'] }],
    ['req.cook(SID) -m found', { match: 'found', values: [] }],
    ['req.len gt 3', { values: ['gt', '3'] }],
    ['req.len 1:3 :5 7:', { values: ['1:3', ':5', '7:'] }],
    ['hdr(x) -- -foo', { values: ['-foo'] }],
    ['path /a -i', { ignoreCase: false, values: ['/a', '-i'] }],
    ['src -n 10.0.0.0/8 ::1 fe80::/10 192.168.0.0/255.255.0.0 1.2.3', { noDns: true, values: ['10.0.0.0/8', '::1', 'fe80::/10', '192.168.0.0/255.255.0.0', '1.2.3'] }],
    ['src localhost', { values: ['localhost'] }],
    ['path -u 5 /x', { uniqueId: 5 }],
    [`path -M -f ${FILE} /x`, { files: [FILE], mapFiles: true, values: ['/x'] }],
    ['path -m str -m beg /a', { match: 'beg' }],
    ['req.hdr(host),lower,word(1,.) -m str a', { fetch: 'req.hdr(host),lower,word(1,.)' }],
    ['req.ssl_ver 3.1 3.0:3.3', { values: ['3.1', '3.0:3.3'] }],
    ['req.payload(0,3) -m bin 160301', { match: 'bin' }],
    ['path -m reg (?i)^/admin', { match: 'reg' }],
    ['path_reg -i ^/A[0-9]+$', { ignoreCase: true }],
    ['src,ipmask(24) 10.1.2.0', { fetch: 'src,ipmask(24)' }],
    ['req.hdr(x),length gt 3', { values: ['gt', '3'] }],
    ['var(txn.x) -m found', { match: 'found' }],
    ['method GET FOO', { values: ['GET', 'FOO'] }],
    ['path_reg,lower ^(x', { values: ['^(x'] }],
  ];
  for (const [text, expected] of cases) {
    const { ctx, diags } = setup();
    t.match(parseAclCriterion(ctx, words(text)), expected, text);
    t.same(diags.list, [], `${text}: no diagnostic`);
  }
});

t.test('ACL criteria: errors', async (t) => {
  const cases: [string, string, string?][] = [
    ['', 'TSLB_ERR_CFG_ARGS'],
    ['nosuch x', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD'],
    ['path_bgn /x', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', "did you mean 'path_beg' ?"],
    ['path,lowr x', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', "did you mean 'lower' ?"],
    ['path -m subb x', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', "did you mean 'sub' ?"],
    ['lua.check x', 'TSLB_ERR_CFG_UNSUPPORTED'],
    ['path,lua.conv x', 'TSLB_ERR_CFG_UNSUPPORTED'],
    ['hdr(host x', 'TSLB_ERR_CFG_ARGS'],
    ['hdr(host)x y', 'TSLB_ERR_CFG_ARGS'],
    ['path,,lower x', 'TSLB_ERR_CFG_ARGS'],
    ['path -x /a', 'TSLB_ERR_CFG_ARGS'],
    ['path -', 'TSLB_ERR_CFG_ARGS'],
    ['hdr_cnt -1', 'TSLB_ERR_CFG_ARGS'],
    ['path -m', 'TSLB_ERR_CFG_ARGS'],
    ['path -f', 'TSLB_ERR_CFG_ARGS'],
    ['path -f /nonexistent/patterns.lst', 'TSLB_ERR_CFG_FILE'],
    ['path -u x /a', 'TSLB_ERR_CFG_NUMBER'],
    ['req.len foo', 'TSLB_ERR_CFG_ARGS'],
    ['req.len GT 3', 'TSLB_ERR_CFG_ARGS'],
    ['req.len 3.5', 'TSLB_ERR_CFG_ARGS'],
    ['req.len 1:x', 'TSLB_ERR_CFG_ARGS'],
    ['req.len 1:2:3', 'TSLB_ERR_CFG_ARGS'],
    ['req.len 0x10', 'TSLB_ERR_CFG_ARGS'],
    ['req.hdr(x),length foo', 'TSLB_ERR_CFG_ARGS'],
    ['path_len abc', 'TSLB_ERR_CFG_ARGS'],
    ['hdr(x),length foo', 'TSLB_ERR_CFG_ARGS'],
    ['src 300.1.1.1', 'TSLB_ERR_CFG_ARGS'],
    ['src 10.0.0.0/33', 'TSLB_ERR_CFG_ARGS'],
    ['src -n foo', 'TSLB_ERR_CFG_ARGS'],
    ['src -m ip 1.2.3.4/255.255.255.256', 'TSLB_ERR_CFG_ARGS'],
    ['src,ipmask(24) foo_bar', 'TSLB_ERR_CFG_ARGS'],
    ['path -m reg ^(x', 'TSLB_ERR_CFG_ARGS'],
    ['path_reg ^(x', 'TSLB_ERR_CFG_ARGS'],
    // PCRE accepts possessive quantifiers, JavaScript does not: refused at load time.
    ['path -m reg a++', 'TSLB_ERR_CFG_ARGS'],
    ['req.payload(0,3) 160301', 'TSLB_ERR_CFG_ARGS'],
    ['req.payload(0,3) -m bin 16030', 'TSLB_ERR_CFG_ARGS'],
    ['req.payload(0,3) -m bin xyz0', 'TSLB_ERR_CFG_ARGS'],
    ['var(txn.x) a', 'TSLB_ERR_CFG_ARGS'],
    ['var(txn.x)', 'TSLB_ERR_CFG_ARGS'],
  ];
  for (const [text, code, hint] of cases) {
    const { ctx, diags } = setup();
    t.equal(parseAclCriterion(ctx, words(text)), undefined, text);
    t.same(diags.list.map((d) => d.code), [code], text);
    if (hint !== undefined) t.equal(diags.list[0]?.hint, hint, `${text}: hint`);
  }
});

t.test('ACL criteria: no pattern means never matching, unless found/bool or --', async (t) => {
  const cases: [string, boolean][] = [
    ['path_beg', true],
    ['hdr(host)', true],
    ['req.len', true],
    ['path_beg --', false],
    ['hdr(host) -m found', false],
    ['req.len -m bool', false],
    ['ssl_fc', false],
    [`path -f ${FILE}`, false],
  ];
  for (const [text, warns] of cases) {
    const { ctx, diags } = setup();
    t.ok(parseAclCriterion(ctx, words(text)), text);
    t.same(diags.list.map((d) => d.code), warns ? ['TSLB_WRN_CFG_NO_EFFECT'] : [], text);
  }
});

t.test('aclMatchMethod: -m, else the ACL keyword, else the fetch type', async (t) => {
  const base = { ignoreCase: false, files: [], mapFiles: false, noDns: false, values: [] };
  t.equal(aclMatchMethod({ ...base, fetch: 'path_beg' }), 'beg');
  t.equal(aclMatchMethod({ ...base, fetch: 'path_beg', match: 'str' }), 'str');
  t.equal(aclMatchMethod({ ...base, fetch: 'req.len' }), 'int');
  t.equal(aclMatchMethod({ ...base, fetch: 'src' }), 'ip');
  t.equal(aclMatchMethod({ ...base, fetch: 'ssl_fc' }), 'bool');
  t.equal(aclMatchMethod({ ...base, fetch: 'hdr(host)' }), 'str');
  t.equal(aclMatchMethod({ ...base, fetch: 'hdr(host),length' }), 'int', 'converters drop the ACL keyword method');
  t.equal(aclMatchMethod({ ...base, fetch: 'path_reg,lower' }), 'str');
  t.equal(aclMatchMethod({ ...base, fetch: 'req.payload(0,2)' }), undefined);
});

t.test('regular expressions: PCRE habits tslb maps, and what it refuses', async (t) => {
  const lead = compileRegex('(?i)^/admin');
  t.ok(lead.ok && lead.regex.test('/ADMIN'), 'leading (?i) becomes the i flag');
  const flag = compileRegex('^/admin', true);
  t.ok(flag.ok && flag.regex.test('/Admin'), '-i');
  const plain = compileRegex('^/admin');
  t.ok(plain.ok && !plain.regex.test('/Admin'));
  const bad = compileRegex('(?>atomic)');
  t.equal(bad.ok, false);
  t.match(bad.ok ? '' : bad.message, /does not compile as a JavaScript regular expression/);
});

t.test('sample steps: masks over the availability columns of haproxy -dKsmp', async (t) => {
  t.equal(stepMask('frontend tcp-request connection rule'), 1);
  t.equal(stepMask('backend tcp-check rule'), 1 << 19);
  t.equal(hookSteps('http-request', 'frontend'), stepMask('frontend http-request header rule'));
  t.equal(hookSteps('http-request', 'listen'), stepMask('frontend http-request header rule', 'backend http-request header rule'));
  t.equal(hookSteps('use-server', 'frontend'), undefined, 'a frontend never picks a server');
  t.equal(FETCH_INFO.get('src')?.type, 'ip');
  t.equal(FETCH_INFO.get('req.len')?.type, 'int');
  t.equal(CONVERTER_TYPES.get('length'), 'int', 'the dump prints the output type first');
  t.equal(CONVERTER_TYPES.get('hex'), 'str');
});

t.test('sample-types.ts is in step with the keyword catalogue', async (t) => {
  t.same([...FETCH_INFO.keys()].sort(), [...SAMPLE_FETCHES].sort());
  t.same([...CONVERTER_TYPES.keys()].sort(), [...CONVERTERS].sort());
  for (const k of ACL_KEYWORDS) t.ok(FETCH_INFO.has(k.fetch), `ACL keyword ${k.name} is built on a known fetch`);
});
