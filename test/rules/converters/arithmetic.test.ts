import t from 'tap';
import { converter } from '../../../lib/rules/converters/registry.js';

const MAX = 2 ** 63; // INT64_MAX as a number
const MIN = -(2 ** 63);

function run(name: string, args: string[], value: number): unknown {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter ${name}`);
  return spec.compile(args)({ type: 'int', value })?.value;
}

t.test('add and sub saturate, with HAProxy 2.6 giving INT64_MAX for two negative operands', async (t) => {
  t.equal(run('add', ['3'], 4), 7);
  t.equal(run('add', ['-3'], 4), 1);
  t.equal(run('add', ['1'], MAX), MAX);
  t.equal(run('add', ['-1'], MIN), MIN);
  t.equal(run('add', ['-3'], -5), MAX, '2.6.12: INT64_MAX - a wraps for a < 0');
  t.equal(run('sub', ['3'], -5), MAX, 'sub adds the opposite');
  t.equal(run('sub', ['-3'], -5), -2);
  t.equal(run('sub', ['-9223372036854775808'], -(2 ** 62)), 2 ** 62, '-INT64_MIN is handled');
  t.equal(run('sub', ['-9223372036854775808'], 1), MAX);
  t.equal(run('add', [''], 5), 5, 'an empty operand is 0');
});

t.test('mul, div, mod: saturation, division by zero, C rounding', async (t) => {
  t.equal(run('mul', ['3'], -7), -21);
  t.equal(run('mul', ['2'], MAX), MAX);
  t.equal(run('mul', ['2'], MIN), MIN);
  t.equal(run('mul', ['-1'], MIN), MAX);
  t.equal(run('mul', ['0'], -5), 0);
  t.ok(Object.is(run('mul', ['-5'], 0), 0), 'no negative zero');
  t.equal(run('div', ['2'], -7), -3, 'truncates toward zero');
  t.equal(run('div', ['0'], 5), MAX);
  t.equal(run('div', ['-1'], MIN), MAX);
  t.ok(Object.is(run('div', ['-5'], 0), 0), 'no negative zero');
  t.equal(run('mod', ['3'], -7), -1, 'the sign of the dividend');
  t.equal(run('mod', ['0'], 5), 0);
  t.equal(run('mod', ['-1'], MIN), 0);
  t.ok(Object.is(run('mod', ['2'], -4), 0), 'no negative zero');
});

t.test('bitwise operators on 64 bits', async (t) => {
  t.equal(run('and', ['6'], 3), 2);
  t.equal(run('or', ['6'], 3), 7);
  t.equal(run('xor', ['6'], 3), 5);
  t.equal(run('and', ['-1'], 2 ** 40 + 1), 2 ** 40 + 1);
  t.equal(run('or', ['4294967296'], 1), 4294967297);
  t.equal(run('cpl', [], 0), -1);
  t.equal(run('cpl', [], 2 ** 40), -(2 ** 40) - 1);
  t.equal(run('neg', [], MIN), MAX);
  t.ok(Object.is(run('neg', [], 0), 0), 'no negative zero');
});

t.test('truth converters', async (t) => {
  t.equal(run('bool', [], -3), true);
  t.equal(run('bool', [], 0), false);
  t.equal(run('not', [], 0), true);
  t.equal(run('odd', [], -3), true);
  t.equal(run('even', [], -3), false);
  t.equal(run('odd', [], MAX), true, '2^63 stands for INT64_MAX, which is odd');
});

t.test('the operand is an integer or a variable name', async (t) => {
  for (const bad of ['5x', 'txn', 'txn.', 'txn.a-b', 'foo.x', '0x10', ' 1']) t.throws(() => run('add', [bad], 1), /expects an integer or a variable name/, bad);
  t.equal(run('add', ['99999999999999999999'], -1), MAX - 1, 'an integer saturates when read');
  t.equal(run('add', ['-1'], Infinity), MAX, 'a string of 400 digits casts to Infinity, read as INT64_MAX');
  t.equal(run('add', ['-1'], NaN), -1, 'and NaN as 0');
});
