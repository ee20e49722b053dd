/**
 * Several pattern lists matched at once (compilePatternSets, used when many
 * ACLs match one sample the same way) report exactly the lists whose own
 * matcher (compilePatterns) matches: table-driven edge cases, then many
 * generated lists and samples for every method with a combined form, with
 * and without -i.
 */
import t from 'tap';
import type { MatchMethod } from '../../../lib/config/model/common.js';
import { compilePatterns, compilePatternSets, type ListHits, type PatternMatcher } from '../../../lib/rules/pattern/index.js';
import { int, ip, str, type Sample } from '../../../lib/rules/sample/sample.js';

/** The lists a combined matcher reports for a sample, sorted, each once. */
function reported(method: MatchMethod, lists: readonly (readonly string[])[], ignoreCase: boolean, sample: Sample): number[] {
  const sets = compilePatternSets(method, lists.map((l) => l.map((key) => ({ key }))), { ignoreCase });
  if (!sets) throw new Error(`no combined form for ${method}`);
  const seen = new Set<number>();
  const hits: ListHits = { hit: (i) => void seen.add(i), has: (i) => seen.has(i) };
  sets.mark(sample, hits);
  return [...seen].sort((a, b) => a - b);
}

/** The lists whose own matcher matches. */
function expected(matchers: readonly PatternMatcher[], sample: Sample): number[] {
  return matchers.flatMap((m, i) => (m.match(sample) ? [i] : []));
}

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

t.test('edge cases', async (t) => {
  const rows: { method: MatchMethod; lists: string[][]; i?: boolean; samples: Sample[] }[] = [
    { method: 'str', lists: [['abc'], ['abc', 'x'], ['ABC']], samples: [str('abc'), str('abc\0tail'), str('ABC'), str('')] },
    { method: 'str', lists: [['abc'], ['ABC'], ['caf\xe9']], i: true, samples: [str('aBc'), str('abc\0tail'), str('CAF\xe9'), str('CAF\xc9')] },
    { method: 'str', lists: [['GET'], ['PUT', 'POST']], samples: [{ type: 'meth', value: 'GET' }, { type: 'meth', value: 'POST' }] },
    { method: 'beg', lists: [['/a'], ['/abc'], [''], ['/A']], samples: [str('/abcd'), str('/x'), str(''), str('/A')] },
    { method: 'beg', lists: [['/API'], ['/a', '/b']], i: true, samples: [str('/api/v1'), str('/B'), str('/ap')] },
    { method: 'end', lists: [['.com'], ['.php', 'm'], ['']], samples: [str('a.com'), str('.php'), str('com'), str('')] },
    { method: 'end', lists: [['.COM'], ['x']], i: true, samples: [str('a.com'), str('A.Com'), str('X')] },
    { method: 'sub', lists: [['bc'], ['BC'], ['']], samples: [str('abcd'), str('b c'), str('')] },
    { method: 'sub', lists: [['BC'], ['\xe9']], i: true, samples: [str('xBcx'), str('caf\xe9'), str('CAF\xc9')] },
    { method: 'dir', lists: [['/images'], ['images/png'], ['png'], ['/'], ['32x32']], samples: [str('/images/png/logo/32x32.png'), str('/png'), str('a/png?x'), str(''), str('a/'), str('/32x32/')] },
    { method: 'dir', lists: [['abc'], ['ABC/D']], i: true, samples: [str('/ABC/'), str('/abcd'), str('x/abc/d')] },
    { method: 'dom', lists: [['www1'], ['dc-eu.example:80'], ['eu'], ['.'], ['example.com']], samples: [str('http://www1.dc-eu.example.com:80/blah'), str(''), str('a.'), str('a.b')] },
    { method: 'dom', lists: [['example.com'], ['WWW']], i: true, samples: [str('WWW.EXAMPLE.COM'), str('x?example.com:443'), str('myexample.com')] },
    { method: 'reg', lists: [['^/api', 'admin'], ['\\.php$'], ['(a)\\1'], ['(?i)^/X'], ['(?<n>q)'], ['(?<n>r)']], samples: [str('/api/x.php'), str('aa'), str('/x'), str('qr'), int(42)] },
    { method: 'reg', lists: [['^/API'], ['B+']], i: true, samples: [str('/api'), str('abbb'), str('c')] },
    { method: 'ip', lists: [['10.0.0.0/8'], ['10.1.0.0/16', '::ffff:10.1.0.0/112'], ['10.0.0.0/255.0.0.255'], ['2001:db8::/32'], ['0.0.0.0/0']], samples: [ip('10.1.2.3'), ip('10.2.0.0'), ip('11.0.0.0'), ip('::ffff:10.1.2.3'), ip('2001:db8::1'), ip('2002:a01:203::'), str('10.1.0.9'), str('no'), int(0x0a000001)] },
  ];
  for (const r of rows) {
    const i = r.i === true;
    const matchers = r.lists.map((l) => compilePatterns(r.method, l, { ignoreCase: i }));
    for (const s of r.samples) {
      t.same(reported(r.method, r.lists, i, s), expected(matchers, s), `-m ${r.method}${i ? ' -i' : ''} ${JSON.stringify(r.lists)} on ${JSON.stringify(s.value)}`);
    }
  }
});

t.test('generated lists and samples', async (t) => {
  // Few letters, both cases, the delimiters of dir and dom: prefixes, suffixes, words and folds overlap often.
  const alphabet = ['a', 'b', 'A', 'B', '/', '.', '?', ':', 'x', '\xe9', '\xc9'];
  const methods: MatchMethod[] = ['str', 'beg', 'end', 'sub', 'dir', 'dom', 'reg'];
  let compared = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const rnd = random(seed);
    const word = (max: number): string => Array.from({ length: Math.floor(rnd() * (max + 1)) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    for (const method of methods) {
      for (const i of [false, true]) {
        const lists = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () =>
          Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => (method === 'reg' ? word(3).replace(/[?.]/g, '\\$&') : word(4))),
        );
        const matchers = lists.map((l) => compilePatterns(method, l, { ignoreCase: i }));
        for (let k = 0; k < 40; k++) {
          const s = str(word(8));
          const ours = reported(method, lists, i, s);
          const theirs = expected(matchers, s);
          if (JSON.stringify(ours) !== JSON.stringify(theirs)) t.same(ours, theirs, `seed ${seed}: -m ${method}${i ? ' -i' : ''} ${JSON.stringify(lists)} on ${JSON.stringify(s.value)}`);
          compared++;
        }
      }
    }
  }
  t.ok(compared > 30_000, `${compared} (lists, sample) cases agree`);
});

t.test('generated networks and addresses', async (t) => {
  let compared = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = random(seed);
    const byte = (): number => [0, 10, 127, 192, 255][Math.floor(rnd() * 5)] as number;
    const v4 = (): string => `${byte()}.${byte()}.${byte()}.${byte()}`;
    const v6 = (): string => [`::ffff:${v4()}`, `::${v4()}`, `2002:${byte().toString(16)}${byte().toString(16).padStart(2, '0')}::`, `2001:db8::${byte().toString(16)}`][Math.floor(rnd() * 4)] as string;
    const network = (): string => {
      const r = rnd();
      if (r < 0.4) return `${v4()}/${Math.floor(rnd() * 33)}`;
      if (r < 0.55) return `${v4()}/${v4()}`;
      if (r < 0.65) return v4();
      return `${v6()}/${Math.floor(rnd() * 129)}`;
    };
    const lists = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, network));
    const matchers = lists.map((l) => compilePatterns('ip', l, { noDns: true }));
    for (let k = 0; k < 200; k++) {
      const s = ip(rnd() < 0.5 ? v4() : v6());
      const sets = compilePatternSets('ip', lists.map((l) => l.map((key) => ({ key }))), { noDns: true });
      const seen = new Set<number>();
      sets?.mark(s, { hit: (i) => void seen.add(i), has: (i) => seen.has(i) });
      const ours = [...seen].sort((a, b) => a - b);
      const theirs = expected(matchers, s);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) t.same(ours, theirs, `seed ${seed}: ${JSON.stringify(lists)} on ${s.value}`);
      compared++;
    }
  }
  t.ok(compared >= 8000, `${compared} (networks, address) cases agree`);
});

t.test('methods without a combined form have none', async (t) => {
  for (const m of ['int', 'len', 'bin', 'found', 'bool'] as const) t.equal(compilePatternSets(m, [[{ key: '1' }]]), undefined, m);
});
