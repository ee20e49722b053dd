/**
 * `-m str`, exact string match (manual 7.1.3), and map_str.
 *
 * HAProxy keeps case-sensitive patterns in a tree of C strings: the sample
 * is looked up as a C string, so it ends at its first NUL byte ("abc\0x"
 * matches "abc", as the manual warns for binary samples), and of duplicate
 * patterns the first loaded is found. With -i it scans the list for the
 * first pattern equal ignoring ASCII case, which compares every byte. Both
 * are a hash lookup here.
 */
import { foldAscii } from './ascii-case.js';
import { addList, markLists } from './list-marks.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { asString } from './sample-value.js';

export function compileExact(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  const ignoreCase = opts.ignoreCase === true;
  const table = new Map<string, PatternEntry>();
  for (const e of entries) {
    const key = ignoreCase ? foldAscii(e.key) : e.key;
    if (!table.has(key)) table.set(key, e);
  }
  if (ignoreCase) {
    return matcher((sample) => {
      const s = asString(sample);
      return s === undefined ? undefined : table.get(foldAscii(s));
    });
  }
  return matcher((sample) => {
    const s = asString(sample);
    if (s === undefined) return undefined;
    const nul = s.indexOf('\0');
    return table.get(nul < 0 ? s : s.slice(0, nul));
  });
}

/** Several lists at once: one hash of every list's patterns, each naming the lists that hold it. */
export function compileExactSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  const ignoreCase = opts.ignoreCase === true;
  const table = new Map<string, number[]>();
  for (const [i, entries] of lists.entries()) {
    for (const e of entries) {
      const key = ignoreCase ? foldAscii(e.key) : e.key;
      table.set(key, addList(table.get(key), i));
    }
  }
  return {
    mark(sample, hits) {
      let s = asString(sample);
      if (s === undefined) return;
      if (ignoreCase) s = foldAscii(s);
      else {
        const nul = s.indexOf('\0');
        if (nul >= 0) s = s.slice(0, nul);
      }
      const found = table.get(s);
      if (found) markLists(found, hits);
    },
  };
}
