/**
 * `-m found` and `-m bool` (manual 7.1 and 7.1.1), which take no pattern
 * (HAProxy accepts and ignores any given).
 *
 * found: any sample matches; only a fetch that produced nothing does not,
 * and that is decided before matching. bool: the sample cast to an integer
 * matches when it is not zero (true, 1, "12"; not false, 0, "abc").
 */
import { matcher, PRESENCE, type PatternMatcher } from './matcher.js';
import { asInt } from './sample-value.js';

export function compileFound(): PatternMatcher {
  return matcher(() => PRESENCE);
}

export function compileBool(): PatternMatcher {
  return matcher((sample) => {
    const n = asInt(sample);
    return n !== undefined && n !== 0 ? PRESENCE : undefined;
  });
}
