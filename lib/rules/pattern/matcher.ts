/**
 * What every match method compiles to (configuration manual 7.1): a list of
 * patterns turned, once at load time, into a matcher that tells whether a
 * sample matches and which pattern it matched.
 *
 *   values / file lines ──parse──▶ PatternEntry[] ──compile(method)──▶ PatternMatcher
 *                                                                        │
 *                                    sample ──cast to the method's type──┴──▶ entry | undefined
 *
 * Which pattern is reported when several match is HAProxy's: the methods
 * HAProxy keeps in a tree report the best one (exact string: the first
 * loaded; ip and case-sensitive beg: the longest prefix, the first loaded
 * among equal ones), the others the first one in load order. An ACL only
 * needs the yes/no; a map returns the reported entry's value.
 */
import type { Sample } from '../sample/sample.js';

/** One pattern as loaded: its text, its map value, and where it was read. */
export interface PatternEntry {
  /** The pattern as written (for a map, the key column). */
  readonly key: string;
  /** For a map file, the value column (possibly empty). */
  readonly value?: string | undefined;
  /** The pattern file it comes from, if any. */
  readonly file?: string | undefined;
  /** Its 1-based line in that file. */
  readonly line?: number | undefined;
}

export interface PatternMatcher {
  /**
   * The pattern the sample matches, or undefined. The sample is first cast
   * to the method's type (castSample); a sample that cannot be cast does
   * not match. For `found` and `bool`, which take no pattern, a match
   * reports PRESENCE.
   */
  find(sample: Sample): PatternEntry | undefined;
  /** find(sample) !== undefined. */
  match(sample: Sample): boolean;
}

/** Where PatternSetsMatcher.mark() reports the lists a sample matches. */
export interface ListHits {
  /** List `list` matches (reporting it again is harmless). */
  hit(list: number): void;
  /** Whether list `list` was reported for this sample already (its other patterns need not be tried). */
  has(list: number): boolean;
}

/**
 * Several pattern lists (the ACLs that match one sample the same way, each
 * with its own patterns) compiled into one structure that answers for all
 * of them in one pass: a trie walk or a hash lookup instead of one per
 * list. mark() reports every list `i` with a pattern the sample matches
 * (cast first, as find() does) to `hits`; a list is reported exactly when
 * its own PatternMatcher would match.
 */
export interface PatternSetsMatcher {
  mark(sample: Sample, hits: ListHits): void;
}

/** Options of a pattern list, as set by the ACL flags of manual 7.1. */
export interface CompileOptions {
  /** `-i`: string methods compare ignoring ASCII case (HAProxy folds A-Z only). */
  readonly ignoreCase?: boolean | undefined;
  /**
   * `-n`: address patterns must be addresses. Without it HAProxy hands what
   * is not an address to the resolver, which also reads the short numeric
   * forms such as `127.1` or `10`; tslb reads those forms too but does not
   * resolve host names (it refuses them).
   */
  readonly noDns?: boolean | undefined;
}

/** What `found` and `bool` report when they match: they have no pattern. */
export const PRESENCE: PatternEntry = Object.freeze({ key: '' });

/** Builds a matcher from a lookup on the sample; `match` is derived. */
export function matcher(find: (sample: Sample) => PatternEntry | undefined): PatternMatcher {
  return { find, match: (sample) => find(sample) !== undefined };
}
