/**
 * Integer patterns (manual 7.1.2): values, ranges, '-' as a separator,
 * operators, the errors HAProxy gives, and -m int / -m len matching.
 */
import t from 'tap';
import { compilePatterns } from '../../../lib/rules/pattern/compile.js';
import { intOperands, parseIntRange } from '../../../lib/rules/pattern/int-pattern.js';
import { PatternError } from '../../../lib/rules/pattern/pattern-error.js';
import { bool, int, ip, str } from '../../../lib/rules/sample/sample.js';

t.test('pattern text → range', async (t) => {
  const rows: [string, number | undefined, number | undefined][] = [
    ['5', 5, 5],
    ['08', 8, 8],
    ['10:20', 10, 20],
    ['10-20', 10, 20],
    [':3', undefined, 3],
    ['-3', undefined, 3],
    ['10:', 10, undefined],
    ['10-', 10, undefined],
    [':-5', undefined, -5],
    ['--', undefined, 0],
    [':-', undefined, 0],
    ['9223372036854775807', 9223372036854775807, 9223372036854775807],
  ];
  for (const [text, min, max] of rows) t.same(parseIntRange({ key: text }), { min, max }, text);
});

t.test('refused integer patterns say why', async (t) => {
  const rows: [string, string][] = [
    ['1.5', "'1.5' is not a number"],
    ['+5', "'+5' is not a number"],
    ['1a', "'1a' is not a number"],
    ['99999999999999999999', 'is not a number'],
    [':', "':' is not a valid number range"],
    ['-', "'-' is not a valid number range"],
    ['3:1', "'3:1' is not a valid number range"],
    ['5:-0', 'is not a valid number range'],
    ['1:2:3', 'is not a valid number range'],
    ['-9223372036854775808', 'is not a valid number range'],
  ];
  for (const [text, message] of rows) t.throws(() => parseIntRange({ key: text, file: 'f.lst', line: 4 }), { name: 'PatternError', message: new RegExp(`^f\\.lst:4: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }, text);
});

t.test('operators apply to the values that follow them', async (t) => {
  const keys = (values: string[]): string[] => intOperands(values).map((e) => e.key);
  t.same(keys(['lt', '3', '10']), [':2', ':9']);
  t.same(keys(['le', '3']), [':3']);
  t.same(keys(['ge', '3']), ['3:']);
  t.same(keys(['gt', '3', 'eq', '7']), ['4:', '7']);
  t.same(keys(['lt', '0']), [':-1']);
  t.same(keys(['ge', '1.5']), ['1:'], 'only the digits before a dot count');
  t.same(keys(['gt', '5:7']), ['5:7'], 'a range is kept as written');
  t.same(keys(['le', '-3']), ['-3'], "a value with '-' is kept as written");
  t.same(keys(['gt', '9223372036854775807']), ['-9223372036854775808:'], 'wraps around like a 64-bit integer');
  t.same(keys(['gt']), [], 'an operator alone is no pattern');
  t.throws(() => intOperands(['gt', 'abc']), new PatternError("'abc' is neither a number nor a supported operator"));
  t.throws(() => intOperands(['ge', '.5']), PatternError);
});

t.test('-m int matches integers, and what casts to one', async (t) => {
  const m = compilePatterns('int', ['lt', '3', 'eq', '10:20']);
  for (const v of [-5, 0, 2, 10, 15, 20]) t.ok(m.match(int(v)), `matches ${v}`);
  for (const v of [3, 9, 21]) t.notOk(m.match(int(v)), `does not match ${v}`);
  t.ok(m.match(str('12abc')), 'a string casts with its leading digits');
  t.ok(m.match(str('abc')), 'a string without digits is 0');
  t.notOk(m.match(str('')), 'an empty string does not cast');
  t.ok(m.match(bool(true)), 'true is 1');
  t.notOk(compilePatterns('int', ['1']).match(ip('::1')), 'an IPv6 address does not cast');
  t.equal(compilePatterns('int', ['3', '1:5']).find(int(3))?.key, '3', 'the first matching pattern is reported');
});

t.test('-m len matches the length of the string', async (t) => {
  const m = compilePatterns('len', ['gt', '3']);
  t.ok(m.match(str('abcd')));
  t.notOk(m.match(str('abc')));
  t.ok(compilePatterns('len', ['0']).match(str('')), 'an empty string has length 0');
  t.ok(compilePatterns('len', ['4']).match(int(1234)), 'an integer is measured as text');
});
