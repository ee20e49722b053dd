/**
 * `-m int` (manual 7.1.2) and map_int, and `-m len`, which matches the
 * length of the sample cast to a string against the same integer patterns.
 * The first pattern in load order whose range holds the value is found.
 */
import type { Sample } from '../sample/sample.js';
import { parseIntRange, type IntRange } from './int-pattern.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher } from './matcher.js';
import { asInt, asString } from './sample-value.js';

function compileRanges(entries: readonly PatternEntry[], value: (sample: Sample) => number | undefined): PatternMatcher {
  const list: { readonly entry: PatternEntry; readonly range: IntRange }[] = entries.map((e) => ({ entry: e, range: parseIntRange(e) }));
  return matcher((sample) => {
    const n = value(sample);
    if (n === undefined) return undefined;
    for (const { entry, range } of list) {
      if ((range.min === undefined || range.min <= n) && (range.max === undefined || n <= range.max)) return entry;
    }
    return undefined;
  });
}

function length(sample: Sample): number | undefined {
  return asString(sample)?.length;
}

// Integers have no case; the options are accepted like every method's.
export function compileInt(entries: readonly PatternEntry[], _opts: CompileOptions): PatternMatcher {
  return compileRanges(entries, asInt);
}

export function compileLen(entries: readonly PatternEntry[], _opts: CompileOptions): PatternMatcher {
  return compileRanges(entries, length);
}
