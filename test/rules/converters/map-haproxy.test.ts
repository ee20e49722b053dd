/**
 * The map converters against the real HAProxy 2.6 (manual 7.3.1 "map"):
 * every one of the 29 (map, map_regm, map_<match> and map_<match>_<output>
 * for the nine match methods), with and without a default, over inputs of
 * each input type and over inputs that must be cast first.
 *
 * Run time: one configuration holds a rule per case, `http-request return`
 * with an lf-string printing the chain's result when it gives a sample
 * (`-m found`), and a last rule answering 204 otherwise. String results
 * are printed through `hex`, so every byte is compared; integers and
 * addresses as HAProxy prints them. Inputs are the request body (a binary
 * sample, cast to a string by string maps), or `str()`, `int()`, `ipv4()`
 * and `ipv6()` literals. tslb compiles the same converter over the same
 * files through a PatternStore, as the rule engine does.
 *
 * Load time: each expression is checked with `haproxy -c`, and compile()
 * must refuse exactly what HAProxy refuses (values that do not parse as
 * the output type, keys that do not parse for the method, defaults, files).
 *
 * Each map file is used by one converter only: HAProxy lets map_sub and
 * map_end users of one file share a result cache (see pattern-store.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { converter } from '../../../lib/rules/converters/registry.js';
import type { CompileOptions } from '../../../lib/rules/converters/types.js';
import { PatternStore, type MapMethod } from '../../../lib/rules/pattern/index.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';
import { startHaproxy } from '../../helpers/haproxy.js';
import { freePort } from '../../helpers/net.js';

t.setTimeout(60_000);

const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'tslb-map-conv-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a map file (latin1) and returns its path. */
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(content, 'latin1'));
  return path;
}

type Input =
  | { readonly kind: 'body'; readonly text: string }
  | { readonly kind: 'str'; readonly text: string }
  | { readonly kind: 'int'; readonly text: string }
  | { readonly kind: 'ipv4' | 'ipv6'; readonly text: string };

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly input: Input;
}

const body = (...s: string[]): Input[] => s.map((text) => ({ kind: 'body', text }));
const strs = (...s: string[]): Input[] => s.map((text) => ({ kind: 'str', text }));
const ints = (...n: (number | string)[]): Input[] => n.map((v) => ({ kind: 'int', text: String(v) }));
const v4 = (...s: string[]): Input[] => s.map((text) => ({ kind: 'ipv4', text }));
const v6 = (...s: string[]): Input[] => s.map((text) => ({ kind: 'ipv6', text }));

/** Keys of each match method, in file order (overlaps and duplicates on purpose), and the inputs that look them up. */
const METHODS: Readonly<Record<MapMethod, { readonly keys: readonly string[]; readonly inputs: readonly Input[] }>> = {
  str: {
    keys: ['foo', 'foo', 'Foo', 'bar', 'a#b', 'x\\y', '\xe9t\xe9', '5', '-3'],
    inputs: [...body('foo', 'Foo', 'FOO', 'bar', 'baz', 'a#b', 'x\\y', '\xe9t\xe9', '', 'foo ', 'fo', '5'), ...ints(5, -3, 6)],
  },
  beg: {
    keys: ['/api', '/api/v2', '/a', '/static/', '/api', '/'],
    inputs: body('/api/v2/x', '/api/x', '/a', '/ab', '/static/img', '/static', '/', '', 'x', '/API'),
  },
  sub: {
    keys: ['oo', 'bar', 'o', 'zz', 'BAR'],
    inputs: body('foo', 'xbarx', 'o', 'zzz', 'BAR', 'bAr', '', 'q'),
  },
  dir: {
    keys: ['api', 'v2/x', 'a', '/img'],
    inputs: body('/api/x', '/x/api', 'api', '/v2/x/y', '/apix', '/img/1', 'img', '/A/b', ''),
  },
  dom: {
    keys: ['example.com', 'www.example.com', 'com', 'b.c'],
    inputs: body('example.com', 'www.example.com', 'a.example.com', 'example.com.', 'xexample.com', 'EXAMPLE.COM', 'a.b.c', 'org', ''),
  },
  end: {
    keys: ['.css', 's.css', '.js', 'x'],
    inputs: body('a.css', 'as.css', 'x.js', 'box', '.CSS', 'css', ''),
  },
  reg: {
    keys: ['^/item/[0-9]+$', '(?i)^abc', 'b+', '^$', '\\.php$'],
    inputs: body('/item/42', '/item/x', 'ABCdef', 'xbbx', '', 'index.php', 'none'),
  },
  int: {
    keys: ['1', '2:5', ':0', '10:', '3', '-7', '100:200'],
    inputs: [...ints(0, 1, 2, 3, 5, 6, -7, -8, 9, 10, 150, '9223372036854775807'), ...strs('12abc', 'abc', '+3', '-7x', '')],
  },
  ip: {
    keys: ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.3', '192.168.0.0/255.255.0.0', '10.0.0.0/255.0.255.0', '::1', '2001:db8::/32', '::ffff:172.16.0.0/108'],
    inputs: [
      ...v4('10.1.2.3', '10.1.9.9', '10.9.9.9', '192.168.5.5', '172.16.0.1', '8.8.8.8', '10.200.0.4'),
      ...v6('::1', '2001:db8::5', '::ffff:10.1.2.3', '2002:a01:203::', '::10.1.2.3', 'fe80::1'),
      ...strs('10.1.2.3', '::1', 'not-an-address'),
      ...ints(167838211),
    ],
  },
};

/** String values: spaces inside, a backslash, '#', a latin1 byte, and an empty one. */
const STR_VALUES = ['one', 'two  words', 'a\\tb', '#x', '\xe9', '', 'last value'];
/** Integer values: signs, leading zeros, saturation, and the empty value (0). */
const INT_VALUES = ['1', '-5', '+7', '0012', '', '99999999999999999999', '-99999999999999999999', '42'];
/**
 * Address values, read by buf2ip then inet_pton: leading zeros and a tail
 * after the quad are accepted. (A v4-mapped IPv6 value such as
 * ::ffff:1.2.3.4 is left out: HAProxy prints it as IPv6, and tslb's address
 * samples cannot tell it from 1.2.3.4, see the test at the end.)
 */
const IP_VALUES = ['10.0.0.1', '::1', '001.002.003.004', '1.2.3.4/24', '2001:db8::1', '1.2.3.4xyz', '0:0:0:0:0:0:0:2', '::1.2.3.4'];

const cycle = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

const cases: Case[] = [];
const addCases = (name: string, argLists: readonly (readonly string[])[], inputs: readonly Input[]): void => {
  for (const args of argLists) for (const input of inputs) cases.push({ name, args, input });
};

for (const [method, { keys, inputs }] of Object.entries(METHODS) as [MapMethod, (typeof METHODS)[MapMethod]][]) {
  const strMap = file(`${method}.map`, keys.map((k, i) => `${k} ${cycle(STR_VALUES, i)}\n`).join(''));
  const intMap = file(`${method}_int.map`, keys.map((k, i) => `${k}\t${cycle(INT_VALUES, i)}\n`).join(''));
  const ipMap = file(`${method}_ip.map`, keys.map((k, i) => `  ${k} ${cycle(IP_VALUES, i)}  \n`).join(''));
  addCases(`map_${method}`, [[strMap], [strMap, 'DEF'], [strMap, '']], inputs);
  addCases(`map_${method}_int`, [[intMap], [intMap, '-42'], [intMap, '']], inputs);
  addCases(`map_${method}_ip`, [[ipMap], [ipMap, '9.8.7.6'], [ipMap, '::2'], [ipMap, '010.000.000.001x']], inputs);
}

// `map` is map_str; comments, leading spaces, tabs, CRLF and a last line without a newline.
const plain = file('plain.map', '# comment\nk1 v1\n  k2\tvalue two  \n #k3 v3\nk4\n\tk5\t\tv5\r\nk1 dup\nk6 a#b # c\nlast no-newline');
addCases('map', [[plain], [plain, 'none']], body('k1', 'k2', '#k3', 'k4', 'k5', 'k6', 'last', 'K1', 'k', '', ' k1'));
addCases('map', [[plain]], ints(5));

// map_regm: back-references, \xHH, escapes; values ending inside an escape give no sample, not the default.
const regm = file(
  'regm.map',
  [
    '^(a+)(b)?$ <\\1|\\2|\\3>',
    '^x(.*) \\x41\\1\\x4',
    '^y(.*) y\\',
    '^z(.*)$ z\\q\\\\1',
    '^h(.)(.) \\x4a\\x6bk\\2\\1\\0',
    '(?i)^up(.*) U\\1',
    '([0-9]+)-([0-9]+) \\2-\\1',
    '^w(.*) \\x',
    '^v plain',
    '^e(x)? \\1\\9',
  ]
    .map((l) => `${l}\n`)
    .join(''),
);
const REGM_INPUTS = body('aab', 'aa', 'aaa', 'xhello', 'yfoo', 'zbar', 'hij', 'UPx', 'up', 'ab 12-34 cd', 'w1', 'v', 'e', 'ex', 'none', '');
addCases('map_regm', [[regm], [regm, 'DEF']], REGM_INPUTS);
addCases('map_regm', [[regm]], ints(12));

/** The fetch that gives the case its input. */
function fetchOf(input: Input): string {
  switch (input.kind) {
    case 'body':
      return 'req.body';
    case 'str':
      return `str(${input.text})`;
    case 'int':
      return `int(${input.text})`;
    case 'ipv4':
    case 'ipv6':
      return `${input.kind}(${input.text})`;
  }
}

function sampleOf(input: Input): Sample {
  switch (input.kind) {
    case 'body':
      return { type: 'bin', value: Buffer.from(input.text, 'latin1') };
    case 'str':
      return { type: 'str', value: input.text };
    case 'int':
      return { type: 'int', value: Number(BigInt(input.text)) };
    case 'ipv4':
    case 'ipv6':
      return { type: 'ip', value: input.text };
  }
}

/** The converter as HAProxy reads it: arguments double-quoted (paths hold no quote). */
const written = (c: Case): string => `${c.name}(${c.args.map((a) => `"${a}"`).join(',')})`;

const store = new PatternStore();
const options: CompileOptions<void> = { map: (path, method) => store.map(path, method) };

/** What tslb gives, printed as the HAProxy rule prints it; undefined for no sample. */
function tslb(c: Case): string | undefined {
  const spec = converter(c.name);
  if (spec === undefined) throw new Error(`no converter '${c.name}'`);
  const s = spec.compile(c.args, options)(sampleOf(c.input));
  if (s === undefined) return undefined;
  switch (s.type) {
    case 'str':
      return Buffer.from(s.value, 'latin1').toString('hex').toUpperCase();
    case 'int':
    case 'ip':
      return String(s.value);
    default:
      throw new Error(`unexpected ${s.type} output from ${c.name}`);
  }
}

/** Escapes for a double-quoted configuration word. */
const quoted = (s: string): string => s.replace(/[\\"$]/g, (c) => `\\${c}`);

/** Cases per frontend: a request walks the rules of its frontend before it reaches its own. */
const PER_FRONTEND = 250;

async function differential(t: Test, list: readonly Case[]): Promise<void> {
  const ports: number[] = [];
  let cfg = 'defaults\n  mode http\n  timeout client 10s\n  timeout server 10s\n  timeout connect 10s\n';
  for (let first = 0; first < list.length; first += PER_FRONTEND) {
    const port = await freePort();
    ports.push(port);
    cfg += `frontend f${port}\n  bind 127.0.0.1:${port}\n  option http-buffer-request\n`;
    list.slice(first, first + PER_FRONTEND).forEach((c, k) => {
      const expr = `${fetchOf(c.input)},${written(c)}`;
      const print = converter(c.name)?.out === 'str' ? ',hex' : '';
      cfg += `  http-request return status 200 content-type text/plain lf-string "%[${quoted(expr + print)}]" if { path /${first + k} } { ${expr} -m found }\n`;
    });
    cfg += '  http-request return status 204\n';
  }
  const haproxy = await startHaproxy(cfg, ports[ports.length - 1] as number);
  t.teardown(() => haproxy.stop());

  const answers: (string | undefined)[] = new Array<string | undefined>(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      const c = list[i] as Case;
      const port = ports[Math.floor(i / PER_FRONTEND)] as number;
      const res = await fetch(`http://127.0.0.1:${port}/${i}`, { method: 'POST', body: c.input.kind === 'body' ? Buffer.from(c.input.text, 'latin1') : '' });
      const text = await res.text();
      answers[i] = res.status === 204 ? undefined : res.status === 200 ? text : `HTTP ${res.status}`;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));

  let failures = 0;
  const names = new Set<string>();
  list.forEach((c, i) => {
    names.add(c.name);
    const expected = answers[i];
    const got = tslb(c);
    // Integers beyond 2^53 are compared as the number tslb can hold.
    const same = got === expected || (expected !== undefined && got !== undefined && /^-?\d+$/.test(expected) && Number(BigInt(expected)) === Number(got));
    if (!same) {
      failures++;
      t.fail(`${fetchOf(c.input)},${written(c)} on ${JSON.stringify(c.input.text)}: haproxy ${JSON.stringify(expected)}, tslb ${JSON.stringify(got)}`);
    }
  });
  t.equal(names.size, 29, 'every map converter is compared');
  t.equal(failures, 0, `${list.length} cases agree`);
}

t.test('map converters give what HAProxy 2.6 gives', (t) => differential(t, cases));

/** Load-time cases: the converter call (files as @name@) and the files it needs. */
const LOAD: readonly (readonly [string, Readonly<Record<string, string>>?])[] = [
  ['map_str_int(@f@)', { f: 'a 1\nb 12abc\n' }],
  ['map_str_int(@f@)', { f: 'a 1\nb\nc -\nd +\n' }],
  ['map_str_int(@f@)', { f: 'a 1 2\n' }],
  ['map_str_int(@f@)', { f: 'a 0x10\n' }],
  ['map_str_ip(@f@)', { f: 'a 1.2.3\n' }],
  ['map_str_ip(@f@)', { f: 'a 1.2.3.4.5\n' }],
  ['map_str_ip(@f@)', { f: 'a 1.2.3.256\n' }],
  ['map_str_ip(@f@)', { f: 'a 1.2.3.4.\n' }],
  ['map_str_ip(@f@)', { f: 'a 1..2.3.4\n' }],
  ['map_str_ip(@f@)', { f: 'a 1.2.3.4:80\n' }],
  ['map_str_ip(@f@)', { f: 'a localhost\n' }],
  ['map_str_ip(@f@)', { f: 'a fe80::1%eth0\n' }],
  ['map_str_ip(@f@)', { f: 'a ::ffff:1.2.3.4\n' }],
  ['map_str_ip(@f@)', { f: 'a\n' }],
  ['map_ip(@f@)', { f: 'notip v\n' }],
  ['map_ip(@f@)', { f: '127.1 v\n' }],
  ['map_ip(@f@)', { f: '10.0.0.0/33 v\n' }],
  ['map_int(@f@)', { f: 'x v\n' }],
  ['map_int(@f@)', { f: '1:2 v\n3 w\n' }],
  ['map_reg(@f@)', { f: '( v\n' }],
  ['map_regm(@f@)', { f: '( v\n' }],
  ['map_regm(@f@)', { f: '^(a) \\\n' }],
  ['map(@f@,a,b)', { f: 'a b\n' }],
  ['map(@f@,)', { f: 'a b\n' }],
  ['map(@f@)', { f: '' }],
  ['map(@f@)', { f: '# only a comment\n' }],
  ['map_str_int(@f@,x)', { f: 'a 1\n' }],
  ['map_str_int(@f@,)', { f: 'a 1\n' }],
  ['map_str_int(@f@,-)', { f: 'a 1\n' }],
  ['map_str_int(@f@,99999999999999999999)', { f: 'a 1\n' }],
  ['map_str_ip(@f@,)', { f: 'a 1.2.3.4\n' }],
  ['map_str_ip(@f@,1.2.3)', { f: 'a 1.2.3.4\n' }],
  ['map_str_ip(@f@,1.2.3.4x)', { f: 'a 1.2.3.4\n' }],
  ['map_str_ip(@f@,::1)', { f: 'a 1.2.3.4\n' }],
  ['map_str_ip(@f@,name)', { f: 'a 1.2.3.4\n' }],
  ['map(/nonexistent/tslb.map)'],
  ['map'],
  ['map()'],
  ['map_beg(@f@,x)', { f: 'a b\n' }],
];

async function haproxyAccepts(index: number, conv: string): Promise<boolean> {
  const cfg = join(dir, `load${index}.cfg`);
  writeFileSync(
    cfg,
    'defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n' +
      `frontend f\n  bind 127.0.0.1:1\n  http-request return status 200 content-type text/plain lf-string "%[${quoted(`str(a),${conv}`)}]"\n`,
  );
  return run('haproxy', ['-c', '-q', '-f', cfg]).then(
    () => true,
    () => false,
  );
}

/** Splits "name(a,b)" (no quotes in these calls). */
function splitCall(call: string): { name: string; args: string[] } {
  const m = /^([^(]+)(?:\((.*)\))?$/.exec(call);
  if (!m) throw new Error(`cannot split '${call}'`);
  return { name: m[1] as string, args: m[2] === undefined ? [] : m[2].split(',') };
}

t.test('map converters refuse at load time what HAProxy 2.6 refuses', async (t) => {
  const calls = LOAD.map(([call, files], i) => {
    let text = call;
    for (const [name, content] of Object.entries(files ?? {})) text = text.replaceAll(`@${name}@`, file(`load${i}-${name}.map`, content));
    return text;
  });
  const verdicts = await Promise.all(calls.map((c, i) => haproxyAccepts(i, c)));
  let accepted = 0;
  calls.forEach((call, i) => {
    const { name, args } = splitCall(call);
    let error: string | undefined;
    try {
      // A store per call: each file is a map of its own for one converter here.
      converter(name)?.compile(args, { map: (p, m) => new PatternStore().map(p, m) });
    } catch (err) {
      error = (err as Error).message;
    }
    if (verdicts[i]) accepted++;
    t.equal(error === undefined, verdicts[i], `${call}: haproxy ${verdicts[i] ? 'accepts' : 'refuses'}${error === undefined ? '' : `; tslb: ${error}`}`);
  });
  t.comment(`${calls.length} calls, ${accepted} accepted by haproxy`);
});

t.test('known difference: a v4-mapped IPv6 value prints as IPv6 in HAProxy, as IPv4 in tslb', async (t) => {
  // tslb's address samples are text, and their string cast drops "::ffff:" (sample.ts):
  // the converter returns the address HAProxy returns, the printing differs.
  const path = file('mapped.map', 'a ::ffff:1.2.3.4\n');
  const conv = converter('map_str_ip')?.compile([path], options);
  t.same(conv?.({ type: 'str', value: 'a' }), { type: 'ip', value: '::ffff:1.2.3.4' });
});
