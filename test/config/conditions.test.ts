import t from 'tap';
import { ConditionError, evaluateCondition } from '../../lib/config/conditions.js';
import { compareVersions, parseVersion } from '../../lib/version.js';

const env = { vars: (n: string) => ({ SET: '1', EMPTY: '' })[n] };

t.test('predicates and operators', async (t) => {
  const cases: [string, boolean][] = [
    ['', false],
    ['0', false],
    ['1', true],
    ['42', true],
    ['defined(SET)', true],
    ['defined(EMPTY)', true],
    ['defined(NOPE)', false],
    ['!defined(NOPE)', true],
    ['feature(OPENSSL)', true],
    ['feature(QUIC)', false],
    ['streq(a,a)', true],
    ['streq(a b,a b)', true],
    ['streq(a,b)', false],
    ['strneq(a,b)', true],
    ["streq('a,b',\"a,b\")", true],
    ['version_atleast(2.4)', true],
    ['version_atleast(2.6.12)', true],
    ['version_atleast(2.6.13)', false],
    ['version_atleast(2.4-dev19)', true],
    ['version_before(2.6.13)', true],
    ['version_before(2.6)', false],
    ['version_before(3.0)', true],
    ['1 && 0', false],
    ['1 || 0', true],
    ['0 || 0 && 1', false],
    ['1 || 0 && 0', true], // AND binds tighter
    ['(1 || 0) && 0', false],
    ['!(0 || 0)', true],
    ['defined(SET)&&!defined(NOPE)', true],
  ];
  for (const [expr, expected] of cases) t.equal(evaluateCondition(expr, env), expected, expr);
});

t.test('malformed expressions throw with a position', async (t) => {
  for (const expr of ['foo(1)', 'defined(X) garbage', '(1', 'streq(a)', 'defined(a,b)', 'version_atleast(x.y)', 'defined(X', '&& 1']) {
    t.throws(() => evaluateCondition(expr, env), ConditionError, expr);
  }
  try {
    evaluateCondition('defined(HOME) garbage', env);
  } catch (err) {
    t.equal((err as ConditionError).position, 14);
  }
});

t.test('versions compare like HAProxy', async (t) => {
  const v = (s: string) => parseVersion(s) as number[];
  t.ok(compareVersions(v('2.4-dev19'), v('2.4')) < 0);
  t.ok(compareVersions(v('2.4-rc1'), v('2.4-pre3')) > 0);
  t.equal(compareVersions(v('2.6'), v('2.6.0')), 0);
  t.ok(compareVersions(v('2.6.12-1+deb12u4'), v('2.6.12')) === 0);
  t.equal(parseVersion('two'), undefined);
});
