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
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher } from './matcher.js';
import { MATCH_METHOD_DEFS } from './methods.js';

/** Compiles an ACL's own values (integer operators such as `gt 3` included). Throws PatternError. */
export function compilePatterns(method: MatchMethod, values: readonly string[], opts: CompileOptions = {}): PatternMatcher {
  const def = MATCH_METHOD_DEFS[method];
  const entries = def.operands ? def.operands(values) : values.map((key) => ({ key }));
  return def.compile(entries, opts);
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
