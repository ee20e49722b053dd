/**
 * `balance`, `hash-type`, `hash-balance-factor` (manual 4.2), with what
 * HAProxy 2.6.12 accepts and refuses (checked with haproxy -c).
 */
import t from 'tap';
import { balanceKeywords } from '../../lib/config/keywords/balance.js';
import { harness } from './keyword-harness.js';

t.test('algorithms and their arguments', async (t) => {
  const cases: [string, unknown][] = [
    ['balance', { kind: 'roundrobin' }],
    ['balance roundrobin', { kind: 'roundrobin' }],
    ['balance static-rr', { kind: 'static-rr' }],
    ['balance leastconn', { kind: 'leastconn' }],
    ['balance first', { kind: 'first' }],
    ['balance source', { kind: 'source' }],
    // Words after an algorithm without arguments are ignored, as HAProxy does.
    ['balance roundrobin foo', { kind: 'roundrobin' }],
    ['balance uri', { kind: 'uri', whole: false, pathOnly: false, len: 0, depth: 0 }],
    ['balance uri len 32 depth 3', { kind: 'uri', whole: false, pathOnly: false, len: 32, depth: 3 }],
    ['balance uri depth 2 whole path-only len 5', { kind: 'uri', whole: true, pathOnly: true, len: 5, depth: 2 }],
    ['balance url_param userid', { kind: 'url_param', param: 'userid', checkPost: false }],
    ['balance url_param session_id check_post 64', { kind: 'url_param', param: 'session_id', checkPost: true }],
    ['balance url_param id check_post', { kind: 'url_param', param: 'id', checkPost: true }],
    ['balance hdr(host)', { kind: 'hdr', header: 'host', useDomainOnly: false }],
    ['balance hdr(Host) use_domain_only', { kind: 'hdr', header: 'Host', useDomainOnly: true }],
    ['balance random', { kind: 'random', draws: 2 }],
    ['balance random()', { kind: 'random', draws: 2 }],
    ['balance random(3)', { kind: 'random', draws: 3 }],
    ['balance rdp-cookie', { kind: 'rdp-cookie', cookie: 'mstshash' }],
    ['balance rdp-cookie(session)', { kind: 'rdp-cookie', cookie: 'session' }],
    ['balance rdp-cookie foo', { kind: 'rdp-cookie', cookie: 'mstshash' }],
    ['balance hash req.hdr(x-tenant),lower', { kind: 'hash', expr: 'req.hdr(x-tenant),lower' }],
  ];
  for (const [line, expected] of cases) {
    const h = harness(balanceKeywords);
    h.run('balance leastconn');
    h.run(line);
    t.same(h.list(), [], `${line}: no diagnostic`);
    t.same(h.proxy.balance, expected, line);
  }
});

t.test('algorithms HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['balance foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown balance algorithm 'foo'/],
    ['balance ROUNDROBIN', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown balance algorithm/],
    ['balance hdr', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown balance algorithm 'hdr'/],
    ['balance uri len', 'TSLB_ERR_CFG_NUMBER', /balance uri : 'len' expects a positive integer \(got ''\)/],
    ['balance uri len 0', 'TSLB_ERR_CFG_NUMBER', /'len' expects a positive integer \(got '0'\)/],
    ['balance uri depth -1', 'TSLB_ERR_CFG_NUMBER', /'depth' expects a positive integer \(got '-1'\)/],
    ['balance uri len abc', 'TSLB_ERR_CFG_NUMBER', /got 'abc'/],
    ['balance uri foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /balance uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' \(got 'foo'\)/],
    ['balance url_param', 'TSLB_ERR_CFG_ARGS', /balance url_param requires an URL parameter name/],
    ['balance url_param id max_wait 10', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /only accepts 'check_post' modifier \(got 'max_wait'\)/],
    ['balance hdr()', 'TSLB_ERR_CFG_ARGS', /balance hdr requires an http header field name/],
    ['balance hdr(host', 'TSLB_ERR_CFG_ARGS', /requires an http header field name/],
    ['balance hdr(host) foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /balance hdr\(host\) only accepts 'use_domain_only' modifier \(got 'foo'\)/],
    ['balance random(0)', 'TSLB_ERR_CFG_NUMBER', /number of draws must be at least 1/],
    ['balance random(-1)', 'TSLB_ERR_CFG_NUMBER', /at least 1/],
    ['balance random(abc)', 'TSLB_ERR_CFG_ARGS', /unexpected character 'a' after argument/],
    ['balance random(5x)', 'TSLB_ERR_CFG_ARGS', /unexpected character 'x'/],
    ['balance random(3', 'TSLB_ERR_CFG_ARGS', /missing closing parenthesis/],
    ['balance rdp-cookie()', 'TSLB_ERR_CFG_ARGS', /balance rdp-cookie : missing cookie name/],
    ['balance rdp-cookie(foo', 'TSLB_ERR_CFG_ARGS', /missing cookie name/],
    ['balance hash', 'TSLB_ERR_CFG_ARGS', /balance hash requires a sample expression/],
    ['balance hash req.hdr(host) lower', 'TSLB_ERR_CFG_ARGS', /balance hash takes no other argument \(got 'lower'\)/],
    ['balance hash nosuchfetch', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown sample fetch 'nosuchfetch'/],
    ['balance hash res.hdr(x)', 'TSLB_ERR_CFG_NOT_ALLOWED', /'res.hdr' cannot be used in a 'backend use-server, balance or stick-match rule'/],
  ];
  for (const [line, code, message] of cases) {
    const h = harness(balanceKeywords);
    h.run(line);
    t.same(h.codes(), [code], `${line}: ${code}`);
    t.match(h.list()[0]?.message, message, `${line}: message`);
    t.same(h.proxy.balance, { kind: 'roundrobin' }, `${line}: unchanged`);
  }
});

t.test('hash-type: defaults per method, functions, avalanche', async (t) => {
  const cases: [string, unknown][] = [
    ['hash-type map-based', { method: 'map-based', function: 'sdbm', avalanche: false }],
    // "consistent hash uses sdbm and avalanche if no hash function is specified" (manual 4.2).
    ['hash-type consistent', { method: 'consistent', function: 'sdbm', avalanche: true }],
    ['hash-type consistent sdbm', { method: 'consistent', function: 'sdbm', avalanche: false }],
    ['hash-type consistent wt6', { method: 'consistent', function: 'wt6', avalanche: false }],
    ['hash-type map-based djb2 avalanche', { method: 'map-based', function: 'djb2', avalanche: true }],
    ['hash-type consistent crc32 avalanche', { method: 'consistent', function: 'crc32', avalanche: true }],
  ];
  for (const [line, expected] of cases) {
    const h = harness(balanceKeywords);
    h.run(line);
    t.same(h.list(), [], line);
    t.same(h.proxy.hashType, expected, line);
  }
  const refused: [string, string, RegExp][] = [
    ['hash-type', 'TSLB_ERR_CFG_ARGS', /'hash-type' expects '<map-based\|consistent> \[<function>\] \[avalanche\]'/],
    ['hash-type foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /only supports 'consistent' and 'map-based' \(got 'foo'\)/],
    // 'none' arrived in 2.7.
    ['hash-type consistent none', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions/],
    ['hash-type consistent md5', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /hash functions \(got 'md5'\)/],
    ['hash-type consistent avalanche', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /hash functions/],
    ['hash-type map-based sdbm foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /only supports 'avalanche' as a modifier/],
  ];
  for (const [line, code, message] of refused) {
    const h = harness(balanceKeywords);
    h.run(line);
    t.same(h.codes(), [code], line);
    t.match(h.list()[0]?.message, message, `${line}: message`);
    t.same(h.proxy.hashType, { method: 'map-based', function: 'sdbm', avalanche: false }, `${line}: unchanged`);
  }
});

t.test('unknown words get a did-you-mean hint', async (t) => {
  const h = harness(balanceKeywords);
  h.run('balance leastconns');
  h.run('hash-type consistant');
  h.run('balance uri dept 2');
  t.same(h.list().map((d) => d.hint), ["did you mean 'leastconn' ?", "did you mean 'consistent' ?", "did you mean 'depth' ?"]);
});

t.test('hash-balance-factor: 0 or above 100, read with atol()', async (t) => {
  const cases: [string, number, string[]][] = [
    ['0', 0, []],
    ['150', 150, []],
    ['99999999', 99999999, []],
    ['abc', 0, ['TSLB_WRN_CFG_NUMBER']],
    ['150x', 150, ['TSLB_WRN_CFG_NUMBER']],
  ];
  for (const [value, expected, codes] of cases) {
    const h = harness(balanceKeywords);
    h.run(`hash-balance-factor ${value}`);
    t.same(h.codes(), codes, value);
    t.equal(h.proxy.hashBalanceFactor, expected, value);
  }
  for (const value of ['50', '100', '-1']) {
    const h = harness(balanceKeywords);
    h.run(`hash-balance-factor ${value}`);
    t.same(h.codes(), ['TSLB_ERR_CFG_NUMBER'], value);
    t.match(h.list()[0]?.message, /'hash-balance-factor' must be 0 or greater than 100/);
  }
  const h = harness(balanceKeywords);
  h.run('hash-balance-factor');
  t.same(h.codes(), ['TSLB_ERR_CFG_ARGS']);
  t.match(h.list()[0]?.message, /'hash-balance-factor' expects an integer argument/);
});
