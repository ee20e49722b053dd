/**
 * `-m reg` (manual 7.1.4) and map_reg: the first pattern in load order whose
 * regular expression finds a match anywhere in the sample (unanchored, as
 * PCRE runs it). Each regex is compiled once, here, through the shared
 * HAProxy-to-JavaScript translation of ../../config/regex.ts; -i compiles it
 * case-insensitive.
 */
import { compileRegex } from '../../config/regex.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher } from './matcher.js';
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
