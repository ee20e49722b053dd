/**
 * The match methods of `-m` (manual 7.1), one compiler each. Adding a
 * method is adding a row; nothing else switches on the method's name.
 */
import type { MatchMethod } from '../../config/model/common.js';
import { compileBinary } from './binary-match.js';
import { compileExact } from './exact-match.js';
import { intOperands } from './int-pattern.js';
import { compileInt, compileLen } from './int-match.js';
import { compileIp } from './ip-match.js';
import type { CompileOptions, PatternEntry, PatternMatcher } from './matcher.js';
import { compilePrefix } from './prefix-match.js';
import { compileBool, compileFound } from './presence-match.js';
import { compileRegexes } from './regex-match.js';
import { compileSubstring } from './substring-match.js';
import { compileSuffix } from './suffix-match.js';
import { compileDir, compileDom } from './word-match.js';

export interface MatchMethodDef {
  /** Compiles loaded patterns; throws PatternError for one HAProxy would refuse. */
  readonly compile: (entries: readonly PatternEntry[], opts: CompileOptions) => PatternMatcher;
  /** How an ACL's own values become patterns, when not one value per pattern (integer operators). */
  readonly operands?: (values: readonly string[]) => PatternEntry[];
}

export const MATCH_METHOD_DEFS: { readonly [M in MatchMethod]: MatchMethodDef } = {
  found: { compile: compileFound },
  bool: { compile: compileBool },
  int: { compile: compileInt, operands: intOperands },
  len: { compile: compileLen, operands: intOperands },
  ip: { compile: compileIp },
  bin: { compile: compileBinary },
  str: { compile: compileExact },
  beg: { compile: compilePrefix },
  end: { compile: compileSuffix },
  sub: { compile: compileSubstring },
  dir: { compile: compileDir },
  dom: { compile: compileDom },
  reg: { compile: compileRegexes },
};
