/**
 * Entry point of pattern matching: a method and its patterns in, a matcher
 * out, compiled once at load time.
 *
 *   acl ... -m beg -i /static /img   →  compilePatterns('beg', ['/static', '/img'], { ignoreCase: true })
 *   acl ... -f list.lst             →  compilePatternEntries('str', readPatternFile('list.lst'))
 *
 * An ACL mixing sources (`-f a.lst -i -f b.lst foo`: -i applies only to
 * what follows it, manual 7.1) compiles each with its own options and
 * joins them with anyPattern().
 */
import type { MatchMethod } from '../../config/model/common.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { MATCH_METHOD_DEFS } from './methods.js';

/** An ACL's own values as patterns (integer operators such as `gt 3` applied). Throws PatternError. */
export function valueEntries(method: MatchMethod, values: readonly string[]): PatternEntry[] {
  const def = MATCH_METHOD_DEFS[method];
  return def.operands ? def.operands(values) : values.map((key) => ({ key }));
}

/** Compiles an ACL's own values (integer operators such as `gt 3` included). Throws PatternError. */
export function compilePatterns(method: MatchMethod, values: readonly string[], opts: CompileOptions = {}): PatternMatcher {
  return MATCH_METHOD_DEFS[method].compile(valueEntries(method, values), opts);
}

/**
 * Compiles several pattern lists matched the same way into one
 * PatternSetsMatcher, or undefined when the method has no combined form
 * (each list is then matched on its own). The lists must compile one by
 * one first: this reports no PatternError of its own.
 */
export function compilePatternSets(method: MatchMethod, lists: readonly (readonly PatternEntry[])[], opts: CompileOptions = {}): PatternSetsMatcher | undefined {
  return MATCH_METHOD_DEFS[method].sets?.(lists, opts);
}

/** Compiles patterns read from files (no operators there). Throws PatternError naming file and line. */
export function compilePatternEntries(method: MatchMethod, entries: readonly PatternEntry[], opts: CompileOptions = {}): PatternMatcher {
  return MATCH_METHOD_DEFS[method].compile(entries, opts);
}

/** Several pattern sources of one ACL: the first source's match, in the order given. */
export function anyPattern(matchers: readonly PatternMatcher[]): PatternMatcher {
  return matcher((sample) => {
    for (const m of matchers) {
      const hit = m.find(sample);
      if (hit) return hit;
    }
    return undefined;
  });
}
