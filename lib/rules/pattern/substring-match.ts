/**
 * `-m sub`, substring match (manual 7.1.3), and map_sub: the first pattern
 * in load order found anywhere in the sample.
 */
import { foldAscii } from './ascii-case.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { asString } from './sample-value.js';

export function compileSubstring(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  if (opts.ignoreCase === true) {
    // Only A-Z fold, one char for one char: the folded sample holds the folded pattern where the sample holds it ignoring case.
    const list = entries.map((e) => ({ entry: e, folded: foldAscii(e.key) }));
    return matcher((sample) => {
      const s = asString(sample);
      if (s === undefined) return undefined;
      const folded = foldAscii(s);
      for (const p of list) if (folded.includes(p.folded)) return p.entry;
      return undefined;
    });
  }
  return matcher((sample) => {
    const s = asString(sample);
    if (s === undefined) return undefined;
    for (const e of entries) if (s.includes(e.key)) return e;
    return undefined;
  });
}

/** Several lists at once: the sample is cast (and folded, with -i) once, then searched for every pattern of a list not yet matched. */
export function compileSubstringSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  const fold = opts.ignoreCase === true;
  const patterns = lists.flatMap((entries, list) => entries.map((e) => ({ list, key: fold ? foldAscii(e.key) : e.key })));
  return {
    mark(sample, hits) {
      let s = asString(sample);
      if (s === undefined) return;
      if (fold) s = foldAscii(s);
      for (const p of patterns) if (!hits.has(p.list) && s.includes(p.key)) hits.hit(p.list);
    },
  };
}
