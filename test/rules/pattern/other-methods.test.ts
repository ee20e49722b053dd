/**
 * reg, bin, found and bool (manual 7.1, 7.1.1, 7.1.4, 7.1.5), and joining
 * the pattern sources of one ACL.
 */
import t from 'tap';
import { anyPattern, compilePatterns } from '../../../lib/rules/pattern/compile.js';
import { PRESENCE } from '../../../lib/rules/pattern/matcher.js';
import { PatternError } from '../../../lib/rules/pattern/pattern-error.js';
import { bool, int, ip, str } from '../../../lib/rules/sample/sample.js';

t.test('-m reg finds the first regex matching anywhere', async (t) => {
  const m = compilePatterns('reg', ['^/api', '\\.php$', 'admin']);
  t.equal(m.find(str('/api/x.php'))?.key, '^/api');
  t.equal(m.find(str('/x.php'))?.key, '\\.php$');
  t.equal(m.find(str('/my/admin/'))?.key, 'admin', 'unanchored');
  t.notOk(m.match(str('/API')));
  t.ok(compilePatterns('reg', ['^/API'], { ignoreCase: true }).match(str('/api')), '-i');
  t.ok(compilePatterns('reg', ['(?i)^/API']).match(str('/api')), 'a leading (?i)');
  t.ok(compilePatterns('reg', ['^42$']).match(int(42)), 'an integer is matched as text');
  t.throws(() => compilePatterns('reg', ['ok', '(']), PatternError, 'a regex that does not compile is refused at load');
});

t.test('-m bin compares whole byte blocks', async (t) => {
  const m = compilePatterns('bin', ['48656c6c6f0a', '00FF']);
  t.ok(m.match(str('Hello\n')));
  t.notOk(m.match(str('Hello\nx')), 'not a prefix match');
  t.notOk(m.match(str('Hello')));
  t.ok(m.match({ type: 'bin', value: Buffer.from([0, 255]) }), 'hex digits of either case');
  t.ok(compilePatterns('bin', ['000000000000002a']).match(int(42)), 'an integer is its 8 big-endian bytes');
  t.throws(() => compilePatterns('bin', ['414']), { message: "'414' is not a hex block: it needs an even number of hex digits" });
  t.throws(() => compilePatterns('bin', ['4g']), { message: "'4g' is not a hex block: 'g' is not a hex digit" });
});

t.test('-m found matches any sample, whatever the patterns', async (t) => {
  const m = compilePatterns('found', ['ignored']);
  for (const s of [str(''), int(0), bool(false), ip('::1')]) t.equal(m.find(s), PRESENCE, `${s.type} ${String(s.value)}`);
});

t.test('-m bool matches what casts to a non-zero integer', async (t) => {
  const m = compilePatterns('bool', []);
  t.ok(m.match(bool(true)));
  t.notOk(m.match(bool(false)));
  t.ok(m.match(int(-1)));
  t.notOk(m.match(int(0)));
  t.ok(m.match(str('12')));
  t.notOk(m.match(str('abc')), 'a string without digits is 0');
  t.notOk(m.match(str('')), 'an empty string does not cast');
  t.ok(m.match(ip('0.0.0.1')), 'an IPv4 address is its 32-bit value');
  t.notOk(m.match(ip('::1')), 'an IPv6 address does not cast');
});

t.test('anyPattern reports the first source that matches', async (t) => {
  const exact = compilePatterns('str', ['Exact']);
  const loose = compilePatterns('str', ['loose', 'exact'], { ignoreCase: true });
  const m = anyPattern([exact, loose]);
  t.equal(m.find(str('Exact')), exact.find(str('Exact')));
  t.equal(m.find(str('EXACT'))?.key, 'exact');
  t.equal(m.find(str('LOOSE'))?.key, 'loose');
  t.notOk(m.match(str('other')));
  t.notOk(anyPattern([]).match(str('x')), 'no source, no match');
});
