import t from 'tap';
import { converter } from '../../../lib/rules/converters/registry.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';

/** Runs one converter on a string; the result's value, or undefined for no sample. */
function run(name: string, args: string[], input: string, variables: Record<string, Sample> = {}): unknown {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter ${name}`);
  return spec.compile<undefined>(args, { variable: (n) => () => variables[n] })({ type: 'str', value: input }, undefined)?.value;
}

t.test('case changes touch ASCII letters only', async (t) => {
  t.equal(run('lower', [], 'MiXeD-ÉÀ'), 'mixed-ÉÀ');
  t.equal(run('upper', [], 'mixed-éà'), 'MIXED-éà');
  t.equal(run('length', [], 'é\x00x'), 3, 'bytes, not characters');
});

t.test('trims and cut_crlf', async (t) => {
  t.equal(run('ltrim', [' x'], '  xx a '), 'a ');
  t.equal(run('rtrim', [' a'], ' b  a a'), ' b');
  t.equal(run('ltrim', [''], '  a'), '  a');
  t.equal(run('cut_crlf', [], 'ab\ncd\r'), 'ab');
});

t.test('field: the manual examples, negative indexes and counts, a missing field', async (t) => {
  const s = 'f1_f2_f3__f5';
  t.equal(run('field', ['5', '_'], s), 'f5');
  t.equal(run('field', ['2', '_', '0'], s), 'f2_f3__f5');
  t.equal(run('field', ['2', '_', '2'], s), 'f2_f3');
  t.equal(run('field', ['-2', '_', '3'], s), 'f2_f3_');
  t.equal(run('field', ['-3', '_', '0'], s), 'f1_f2_f3');
  t.equal(run('field', ['4', '_'], s), '', 'an empty field exists');
  t.equal(run('field', ['2', '_', '-1'], s), 'f2_f3__f5', 'a negative count is "all the rest"');
  t.equal(run('field', ['6', '_'], s), undefined, 'no sixth field');
  t.equal(run('field', ['2', '_', '4294967297'], s), 'f2', 'the count is a C int');
});

t.test('word: the manual examples, and a missing word gives an empty string', async (t) => {
  const s = 'f1_f2_f3__f5';
  t.equal(run('word', ['4', '_'], s), 'f5');
  t.equal(run('word', ['2', '_', '0'], s), 'f2_f3__f5');
  t.equal(run('word', ['3', '_', '2'], s), 'f3__f5');
  t.equal(run('word', ['-2', '_', '3'], s), 'f1_f2_f3');
  t.equal(run('word', ['-3', '_', '0'], s), 'f1_f2');
  t.equal(run('word', ['1', '/'], '/f1/f2/f3/f4'), 'f1');
  t.equal(run('word', ['5', '_'], s), '');
  t.equal(run('word', ['2', '_', '0'], 'a_b_c_'), 'b_c_', 'trailing delimiters stay with "all the rest"');
});

t.test('regsub: first or every match, case, substitution escapes', async (t) => {
  t.equal(run('regsub', ['/+', '/', 'g'], '/////a///b/c/xzxyz/'), '/a/b/c/xzxyz/');
  t.equal(run('regsub', ['[?;&]*', ''], '?;&a=1'), 'a=1');
  t.equal(run('regsub', ['(foo|bar)([0-9]+)?', '\\2\\1', 'i'], '/FOO42/bar7'), '/42FOO/bar7');
  t.equal(run('regsub', ['o', '<\\2\\1\\x41\\q>', 'g'], 'foo'), 'f<Aq><Aq>', 'missing groups give nothing');
  t.equal(run('regsub', ['.', '\\xZZ'], 'a'), 'S', '\\x reads any two characters as HAProxy does: ((90 - 55) << 4) + 35 = 0x253');
  t.throws(() => run('regsub', ['a', 'b', 'x'], 'a'), /invalid regex flag 'x'/);
  t.throws(() => run('regsub', ['', 'b'], 'a'), /missing regex/);
  t.throws(() => run('regsub', ['(', 'b'], 'a'), /regex '\(' does not compile/);
  t.throws(() => run('regsub', ['a', 'b\\'], 'a'), /lone '\\'/);
});

t.test('regsub searches again after each match in a subject that starts no line', async (t) => {
  t.equal(run('regsub', ['^a', 'X', 'g'], 'aaa'), 'Xaa', '^ matches only at the real start');
  t.equal(run('regsub', ['(?m)^a', 'X', 'g'], 'aa\naa'), 'Xa\nXa', 'but after a newline in multi-line mode');
  t.equal(run('regsub', ['\\b', '|', 'g'], 'ab cd'), '|a|b ||c|d', '\\b sees nothing before the new subject');
  t.equal(run('regsub', ['x*', '-', 'g'], 'abc'), '-a-b-c-', 'an empty match copies one character');
  t.equal(run('regsub', ['[a-z]', '.'], 'ABcde'), 'AB.de');
  t.equal(run('regsub', ['\\^|[^a-z]', '_', 'g'], 'a^b1^'), 'a_b__', 'an escaped ^ and a class stay as written in later searches');
});

t.test('concat and add_item', async (t) => {
  const v = { 'txn.s': { type: 'str', value: 'abc' }, 'txn.e': { type: 'str', value: '' }, 'txn.n': { type: 'int', value: 7 } } as const;
  t.equal(run('concat', ['<', 'txn.s', '>'], 'x', v), 'x<abc>');
  t.equal(run('concat', ['<', 'txn.none', '>'], 'x', v), 'x<>', 'an unset variable appends nothing');
  t.equal(run('concat', ['', 'txn.n'], 'x', v), 'x7');
  t.throws(() => run('concat', ['a', 'b'], 'x'), /'b' is not a variable name/);
  t.equal(run('add_item', [',', 'txn.s'], 'x', v), 'x,abc');
  t.equal(run('add_item', [',', 'txn.s'], '', v), 'abc', 'no delimiter after an empty input');
  t.equal(run('add_item', [',', 'txn.e'], 'x', v), 'x', 'nor before nothing');
  t.equal(run('add_item', [',', 'txn.e', '!'], 'x', v), 'x,!');
  t.equal(run('add_item', [',', '', '(site1)'], 'x', v), 'x,(site1)');
  t.throws(() => run('add_item', [',', ''], 'x'), /needs a variable or a suffix/);
});

t.test('strcmp and secure_memcmp compare with a variable', async (t) => {
  const v = { 'txn.s': { type: 'str', value: 'abc' } } as const;
  t.equal(run('strcmp', ['txn.s'], 'abc', v), 0);
  t.equal(run('strcmp', ['txn.s'], 'abz', v), 23, 'the difference of the first differing bytes');
  t.equal(run('strcmp', ['txn.s'], 'ab', v), -1);
  t.equal(run('strcmp', ['txn.s'], 'abcd', v), 1);
  t.equal(run('strcmp', ['txn.none'], 'abc', v), undefined);
  t.throws(() => run('strcmp', [''], 'a'), /missing variable name/);
  t.throws(() => run('strcmp', ['x'], 'a'), /'x' is not a variable name/);
  t.equal(run('secure_memcmp', ['txn.s'], 'abc', v), true);
  t.equal(run('secure_memcmp', ['txn.s'], 'abd', v), false);
  t.equal(run('secure_memcmp', ['txn.s'], 'abcd', v), false);
  t.equal(run('secure_memcmp', ['txn.none'], 'abc', v), undefined);
});

t.test('iif reads the input as a boolean', async (t) => {
  t.equal(run('iif', ['https', 'http'], '1'), 'https');
  t.equal(run('iif', ['https', 'http'], '0'), 'http');
  t.equal(run('iif', ['https', 'http'], ''), undefined, 'an empty string is no boolean');
});

t.test('language: q-values, ranges, the default, and HAProxy 2.6 parsing quirks', async (t) => {
  const lang = (header: string, args = ['es;fr;en']): unknown => run('language', args, header);
  t.equal(lang('en-US,en;q=0.9,fr;q=0.800'), 'en', 'en-US matches en');
  t.equal(lang('fr;q=0.5, es;q=0.700'), 'es');
  t.equal(lang('es;q=0.7,fr;q=0.5,x'), 'es');
  t.equal(lang('es;q=0.5,en;q=0.5,x'), 'es', 'the first of equal q-values');
  t.equal(lang('de'), undefined);
  t.equal(lang('de', ['es;fr', 'en']), 'en', 'the default');
  t.equal(lang('EN'), undefined, 'case-sensitive');
  t.equal(lang('en', ['en-US']), undefined, 'a listed en-US does not match en');
  t.equal(lang('fr;q=0,es'), undefined, 'q=0 drops fr, and the comma after it goes, with es');
  t.equal(lang('fr;level=1'), 'fr', 'another parameter counts as q=1');
  t.equal(lang('fr;q=1.500,es'), 'fr', 'q is at most 1');
});
