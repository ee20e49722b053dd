/**
 * `-m end`, suffix match (manual 7.1.3), and map_end: the first pattern in
 * load order that the sample ends with.
 */
import { foldAscii, foldedAt } from './ascii-case.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { compileCharTrieSets } from './list-marks.js';
import { asString } from './sample-value.js';

export function compileSuffix(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  if (opts.ignoreCase === true) {
    const list = entries.map((e) => ({ entry: e, folded: foldAscii(e.key) }));
    return matcher((sample) => {
      const s = asString(sample);
      if (s === undefined) return undefined;
      for (const p of list) if (foldedAt(s, s.length - p.folded.length, p.folded)) return p.entry;
      return undefined;
    });
  }
  return matcher((sample) => {
    const s = asString(sample);
    if (s === undefined) return undefined;
    for (const e of entries) if (s.endsWith(e.key)) return e;
    return undefined;
  });
}

/** Several lists at once: one trie walk (list-marks.ts). */
export function compileSuffixSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  return compileCharTrieSets(lists, opts, true);
}
