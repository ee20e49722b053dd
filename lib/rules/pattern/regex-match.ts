/**
 * `-m reg` (manual 7.1.4) and map_reg: the first pattern in load order whose
 * regular expression finds a match anywhere in the sample (unanchored, as
 * PCRE runs it). Each regex is compiled once, here, through the shared
 * HAProxy-to-JavaScript translation of ../../config/regex.ts; -i compiles it
 * case-insensitive.
 */
import { compileRegex } from '../../config/regex.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { PatternError } from './pattern-error.js';
import { asString } from './sample-value.js';

export function compileRegexes(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  const list = entries.map((e) => {
    const r = compileRegex(e.key, opts.ignoreCase === true);
    if (!r.ok) throw PatternError.at(e, r.message);
    return { entry: e, regex: r.regex };
  });
  return matcher((sample) => {
    const s = asString(sample);
    if (s === undefined) return undefined;
    for (const p of list) if (p.regex.test(s)) return p.entry;
    return undefined;
  });
}

/** A back-reference (`\1`, `\k<name>`) means another thing once the regex is one alternative among others. */
const BACK_REFERENCE = /\\(?:[1-9]|k<)/;

/**
 * Several lists at once. Most samples match none of the regexes, and one
 * alternation of all of them (per set of flags) tells so in one run: a
 * regex finds a match somewhere exactly when the alternation finds one
 * through it. Only when it does is each regex tried on its own. Regexes
 * with back-references are always tried on their own.
 */
export function compileRegexSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  const byFlags = new Map<string, { list: number; regex: RegExp }[]>();
  const alone: { list: number; regex: RegExp }[] = [];
  for (const [list, entries] of lists.entries()) {
    for (const e of entries) {
      const r = compileRegex(e.key, opts.ignoreCase === true);
      if (!r.ok) throw PatternError.at(e, r.message);
      const p = { list, regex: r.regex };
      if (BACK_REFERENCE.test(r.regex.source)) alone.push(p);
      else {
        const same = byFlags.get(r.regex.flags);
        if (same) same.push(p);
        else byFlags.set(r.regex.flags, [p]);
      }
    }
  }
  const sets: { readonly any: RegExp | undefined; readonly each: readonly { list: number; regex: RegExp }[] }[] = [];
  for (const [flags, each] of byFlags) {
    let any: RegExp | undefined;
    try {
      any = each.length > 1 ? new RegExp(each.map((p) => `(?:${p.regex.source})`).join('|'), flags) : undefined;
    } catch {
      any = undefined; // e.g. the same group name in two regexes: each is tried on its own
    }
    sets.push({ any, each });
  }
  if (alone.length > 0) sets.push({ any: undefined, each: alone });
  return {
    mark(sample, hits) {
      const s = asString(sample);
      if (s === undefined) return;
      for (const set of sets) {
        if (set.any !== undefined && !set.any.test(s)) continue;
        for (const p of set.each) if (!hits.has(p.list) && p.regex.test(s)) hits.hit(p.list);
      }
    },
  };
}
