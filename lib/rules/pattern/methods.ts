/**
 * The match methods of `-m` (manual 7.1), one compiler each. Adding a
 * method is adding a row; nothing else switches on the method's name.
 */
import type { MatchMethod } from '../../config/model/common.js';
import { compileBinary } from './binary-match.js';
import { compileExact, compileExactSets } from './exact-match.js';
import { intOperands } from './int-pattern.js';
import { compileInt, compileLen } from './int-match.js';
import { compileIp, compileIpSets } from './ip-match.js';
import type { CompileOptions, PatternEntry, PatternMatcher, PatternSetsMatcher } from './matcher.js';
import { compilePrefix, compilePrefixSets } from './prefix-match.js';
import { compileBool, compileFound } from './presence-match.js';
import { compileRegexes, compileRegexSets } from './regex-match.js';
import { compileSubstring, compileSubstringSets } from './substring-match.js';
import { compileSuffix, compileSuffixSets } from './suffix-match.js';
import { compileDir, compileDirSets, compileDom, compileDomSets } from './word-match.js';

export interface MatchMethodDef {
  /** Compiles loaded patterns; throws PatternError for one HAProxy would refuse. */
  readonly compile: (entries: readonly PatternEntry[], opts: CompileOptions) => PatternMatcher;
  /** How an ACL's own values become patterns, when not one value per pattern (integer operators). */
  readonly operands?: (values: readonly string[]) => PatternEntry[];
  /** Compiles several lists into one structure that matches them in one pass, where the method has one (see PatternSetsMatcher). */
  readonly sets?: (lists: readonly (readonly PatternEntry[])[], opts: CompileOptions) => PatternSetsMatcher;
}

export const MATCH_METHOD_DEFS: { readonly [M in MatchMethod]: MatchMethodDef } = {
  found: { compile: compileFound },
  bool: { compile: compileBool },
  int: { compile: compileInt, operands: intOperands },
  len: { compile: compileLen, operands: intOperands },
  ip: { compile: compileIp, sets: compileIpSets },
  bin: { compile: compileBinary },
  str: { compile: compileExact, sets: compileExactSets },
  beg: { compile: compilePrefix, sets: compilePrefixSets },
  end: { compile: compileSuffix, sets: compileSuffixSets },
  sub: { compile: compileSubstring, sets: compileSubstringSets },
  dir: { compile: compileDir, sets: compileDirSets },
  dom: { compile: compileDom, sets: compileDomSets },
  reg: { compile: compileRegexes, sets: compileRegexSets },
};
