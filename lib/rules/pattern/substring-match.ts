/**
 * `-m sub`, substring match (manual 7.1.3), and map_sub: the first pattern
 * in load order found anywhere in the sample.
 */
import { foldAscii, foldedAt } from './ascii-case.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher } from './matcher.js';
import { asString } from './sample-value.js';

function containsFolded(s: string, folded: string): boolean {
  for (let at = 0; at + folded.length <= s.length; at++) if (foldedAt(s, at, folded)) return true;
  return false;
}

export function compileSubstring(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  if (opts.ignoreCase === true) {
    const list = entries.map((e) => ({ entry: e, folded: foldAscii(e.key) }));
    return matcher((sample) => {
      const s = asString(sample);
      if (s === undefined) return undefined;
      for (const p of list) if (containsFolded(s, p.folded)) return p.entry;
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
