/**
 * The map converters (manual 7.3.1 "map") as the rule engine compiles
 * them: the loader contract (CompileOptions.map, ExpressionEnv.map), one
 * read per file and runtime, load-time errors placed in their file, and
 * output types. What they return is compared with HAProxy in
 * map-haproxy.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { converterSpec } from '../../../lib/rules/converter-lookup.js';
import { converter, ConverterArgumentError, IMPLEMENTED_CONVERTERS } from '../../../lib/rules/converters/registry.js';
import type { CompileOptions } from '../../../lib/rules/converters/types.js';
import { RuleEnv } from '../../../lib/rules/env.js';
import { PatternStore, type MapMethod } from '../../../lib/rules/pattern/index.js';
import { compileExpression, ExpressionError } from '../../../lib/rules/sample/expression.js';
import { int, ip, str, type Sample } from '../../../lib/rules/sample/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'tslb-map-unit-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const storeOptions = (store = new PatternStore()): CompileOptions<void> => ({ map: (path, method) => store.map(path, method) });

function run(name: string, args: readonly string[], input: Sample, options = storeOptions()): Sample | undefined {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter '${name}'`);
  return spec.compile(args, options)(input);
}

t.test('the 29 map converters, with the input and output types of haproxy -dKcnv', async (t) => {
  const expected = new Map<string, [string, string]>([
    ['map', ['str', 'str']],
    ['map_regm', ['str', 'str']],
  ]);
  for (const m of ['str', 'beg', 'sub', 'dir', 'dom', 'end', 'reg', 'int', 'ip']) {
    const input = m === 'int' || m === 'ip' ? m : 'str';
    expected.set(`map_${m}`, [input, 'str']);
    expected.set(`map_${m}_int`, [input, 'int']);
    expected.set(`map_${m}_ip`, [input, 'ip']);
  }
  t.equal(expected.size, 29);
  for (const [name, [input, output]] of expected) {
    t.ok(IMPLEMENTED_CONVERTERS.has(name), `${name} is implemented`);
    t.equal(converterSpec(name), converter(name), `${name} reaches the rule engine`);
    t.equal(converter(name)?.in, input, `${name} input`);
    t.equal(converter(name)?.out, output, `${name} output`);
  }
  t.equal(converter('map_len'), undefined, '2.6 has no map_len');
  t.equal(converter('map_regm_int'), undefined, 'map_regm has only a string output');
});

t.test('without a map loader, map converters are refused at load time', async (t) => {
  const path = file('plain.map', 'k v\n');
  const err = t.throws(() => converter('map')?.compile([path]));
  t.ok(err instanceof ConverterArgumentError);
  t.match((err as Error).message, /^converter 'map': map files need the rule engine/);
  t.throws(() => converter('map_ip_int')?.compile([path, '1'], { variable: () => () => undefined }), /map files need the rule engine/);
});

t.test('values, defaults and output types', async (t) => {
  const words = file('words.map', 'k1 v1\nk1 dup\nK1 upper\n  k2\tvalue two  \nk3\n5 five\n');
  t.same(run('map', [words], str('k1')), str('v1'), 'the first of duplicated keys');
  t.same(run('map_str', [words], str('K1')), str('upper'), 'map_str is case-sensitive');
  t.same(run('map', [words], str('k2')), str('value two'));
  t.same(run('map', [words], str('k3')), str(''), 'a key without value gives the empty string');
  t.equal(run('map', [words], str('nope')), undefined, 'no default: no sample');
  t.same(run('map', [words, 'dflt'], str('nope')), str('dflt'));
  t.same(run('map', [words, ''], str('nope')), str(''), 'an empty default is the empty string');
  t.same(run('map', [words], int(5)), str('five'), 'an integer input is looked up as text');

  const ints = file('ints.map', 'a 12\nb -7\nc\nd 99999999999999999999\n');
  t.same(run('map_str_int', [ints], str('a')), int(12));
  t.same(run('map_str_int', [ints], str('c')), int(0), 'an empty value is 0');
  t.same(run('map_str_int', [ints], str('d')), int(9223372036854775807), 'saturated at the int64 limit');
  t.same(run('map_str_int', [ints, '-1'], str('z')), int(-1));
  t.same(run('map_str_int', [ints, ''], str('z')), int(0), 'an empty integer default is 0, as in HAProxy');
  t.equal(run('map_str_int', [ints], str('z')), undefined);

  const addresses = file('addresses.map', 'a 010.001.002.003\nb 2001:DB8:0:0::1\nc 1.2.3.4/24\n');
  t.same(run('map_str_ip', [addresses], str('a')), ip('10.1.2.3'), 'leading zeros are decimal');
  t.same(run('map_str_ip', [addresses], str('b')), ip('2001:db8::1'), 'IPv6 as HAProxy prints it');
  t.same(run('map_str_ip', [addresses], str('c')), ip('1.2.3.4'), 'buf2ip stops after the quad');
  t.same(run('map_str_ip', [addresses, '::2'], str('z')), ip('::2'));

  const nets = file('nets.map', '10.0.0.0/8 ten\n10.1.0.0/16 ten-one\n');
  t.same(run('map_ip', [nets], ip('10.1.2.3')), str('ten-one'), 'the longest network');
  t.same(run('map_ip', [nets], str('10.9.0.1')), str('ten'), 'a string input is cast to an address');
  t.equal(run('map_ip', [nets, 'none'], str('not an address')), undefined, 'no cast: no sample, even with a default');

  const ranges = file('ranges.map', '1:5 low\n6: high\n');
  t.same(run('map_int', [ranges], str('3abc')), str('low'), 'a string input is cast to an integer');
  t.equal(run('map_int', [ranges, 'none'], str('')), undefined, 'an empty string has no integer cast');
});

t.test('map_regm: back-references of the matching regex in the value', async (t) => {
  const regm = file('regm.map', '^(a+)(b)?$ <\\1|\\2|\\3>\n^/user/([0-9]+) /u?id=\\1\\x21\n^bad \\x4\n^x(.*) \\0-\\\\1\n');
  t.same(run('map_regm', [regm], str('aab')), str('<aa|b|>'));
  t.same(run('map_regm', [regm], str('aa')), str('<aa||>'), 'a group that did not take part is empty');
  t.same(run('map_regm', [regm], str('/user/42/x')), str('/u?id=42!'), '\\xHH is a byte');
  t.same(run('map_regm', [regm], str('xyz')), str('xyz-\\1'), '\\0 is the whole match, \\\\ a backslash');
  t.equal(run('map_regm', [regm, 'dflt'], str('bad')), undefined, 'a value ending inside an escape gives no sample, not the default');
  t.same(run('map_regm', [regm, 'dflt'], str('zzz')), str('dflt'));
  t.same(run('map_reg', [regm], str('aab')), str('<\\1|\\2|\\3>'), 'map_reg returns the value as written');
});

t.test('load-time errors name the converter, the file and the line', async (t) => {
  const bad = file('bad-int.map', 'a 1\nb 12abc\n');
  t.throws(() => run('map_str_int', [bad], str('a')), { name: 'ConverterArgumentError', message: `converter 'map_str_int': ${bad}:2: unable to parse '12abc' as an integer` });
  t.same(run('map_str', [bad], str('b')), str('12abc'), 'the same file is fine for a string output');
  const keys = file('bad-keys.map', '10.0.0.0/8 ok\nnope v\n');
  t.throws(() => run('map_ip', [keys], str('a')), new RegExp(`^converter 'map_ip': ${keys}:2: 'nope' is not a valid IPv4 or IPv6 address`));
  t.throws(() => run('map_str_ip', [file('ok.map', 'a 1.2.3.4\n'), '1.2.3'], str('a')), /cannot parse the default value '1\.2\.3' as an IPv4 or IPv6 address/);
  t.throws(() => run('map_str_int', [file('ok2.map', 'a 1\n'), 'x'], str('a')), /argument 2 must be an integer, got 'x'/);
  t.throws(() => run('map', [join(dir, 'missing.map')], str('a')), /cannot read the pattern file \(ENOENT\)/);
  t.throws(() => run('map', [], str('a')), /cannot read the pattern file/, 'no file name');
  t.throws(() => run('map', ['a', 'b', 'c'], str('a')), /takes at most 2 arguments/);
});

t.test('the rule engine reads each map file once, and hands the loader to converters', async (t) => {
  const path = file('once.map', 'k first\n');
  const env = new RuleEnv(converterSpec);
  const loaded: [string, MapMethod][] = [];
  const map = env.map.bind(env);
  const counting: CompileOptions<void> = {
    map: (p, m) => {
      loaded.push([p, m]);
      return map(p, m);
    },
  };
  t.same(run('map', [path], str('k'), counting), str('first'));
  writeFileSync(path, 'k second\n');
  t.same(run('map_str', [path, 'x'], str('k'), counting), str('first'), 'the file is not read again');
  t.same(run('map_beg', [path], str('kk'), counting), str('first'), 'nor for another match method');
  t.same(loaded, [
    [path, 'str'],
    [path, 'str'],
    [path, 'beg'],
  ]);
  t.equal(env.map(path, 'str'), env.map(path, 'str'), 'one compiled map per file and method');

  const expr = compileExpression(`req.hdr(host),lower,map_dom(${path},none)`, env);
  t.equal(expr.type, 'str', 'compiled through the environment');
  const withoutMaps = { fetch: env.fetch.bind(env), converter: env.converter.bind(env) };
  t.throws(() => compileExpression(`req.hdr(host),map(${path})`, withoutMaps), ExpressionError);

  // A relative path is read from the working directory, as ACL `-f` files (and HAProxy without `default-path`).
  const cwd = process.cwd();
  process.chdir(dir);
  t.teardown(() => process.chdir(cwd));
  file('relative.map', 'r here\n');
  t.same(run('map', ['relative.map'], str('r'), counting), str('here'));
  process.chdir(cwd);

  env.patterns.patternFile(file('list.lst', 'a\n'), 'str');
  t.throws(() => env.map(join(dir, 'list.lst'), 'str'), /already used as a one-column pattern list/, 'a file is a map or a pattern list');
});
