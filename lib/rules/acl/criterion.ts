/**
 * One ACL criterion compiled to a predicate (configuration manual 7.1):
 * `<fetch>[,<conv>...] [-i] [-n] [-f <file>] [-M] [-m <method>] <pattern>...`.
 * The match method is the `-m` one, else the one an ACL keyword stands for
 * (`path_beg` is `path -m beg`), else the default for the sample's type.
 * The criterion is true when any value of the sample matches any pattern
 * (a multi-valued fetch such as `hdr` is tried value by value); `found` is
 * true when there is a value at all.
 */
import type { AclCriterion, MatchMethod } from '../../config/model/common.js';
import { defaultMatch } from '../../config/keywords/condition.js';
import { ACL_KEYWORDS } from '../../config/keywords/haproxy-catalogue.js';
import type { SampleContext } from '../context.js';
import {
  anyPattern,
  compilePatterns,
  valueEntries,
  type CompileOptions,
  type PatternEntry,
  type PatternMatcher,
  type PatternStore,
} from '../pattern/index.js';
import { compileExpression, ExpressionError, parseExpression, type CompiledExpression, type ExpressionEnv } from '../sample/expression.js';

export type Predicate = (ctx: SampleContext) => boolean;

export interface AclEnv extends ExpressionEnv {
  readonly patterns: PatternStore;
}

const DERIVED: ReadonlyMap<string, { readonly fetch: string; readonly match: MatchMethod }> = new Map(
  ACL_KEYWORDS.map((k) => [k.name, { fetch: k.fetch, match: k.match as MatchMethod }]),
);

/** A number per fetch, so that names of one fetch (`hdr`, `req.hdr`) give one sampleKey. */
const FETCH_IDS = new WeakMap<object, number>();
let fetchIds = 0;

function fetchId(spec: object | undefined): number {
  if (spec === undefined) return 0;
  let id = FETCH_IDS.get(spec);
  if (id === undefined) FETCH_IDS.set(spec, (id = ++fetchIds));
  return id;
}

/** A criterion compiled on its own, before criterion-group.ts joins it with the others that read the same sample. */
export interface CompiledCriterion {
  /** Equal for criteria that read the same sample: the expression as compiled (`path_beg` is `path`). */
  readonly sampleKey: string;
  /** Equal for criteria that read the same sample and match it the same way: sampleKey, the match method and the flags. */
  readonly key: string;
  readonly expr: CompiledExpression;
  readonly method: MatchMethod;
  readonly opts: CompileOptions;
  /** Its patterns (values, then files), compiled: true when any value of the sample matches. */
  readonly matcher: PatternMatcher;
  /** The same patterns, for compilePatternSets. */
  readonly entries: readonly PatternEntry[];
}

/** Compiles a criterion; throws ExpressionError or PatternError naming the problem. */
export function prepareCriterion(c: AclCriterion, env: AclEnv): CompiledCriterion {
  const parts = parseExpression(c.fetch);
  const head = parts[0];
  const derived = head ? DERIVED.get(head.name) : undefined;
  if (head && derived) parts[0] = { name: derived.fetch, args: head.args };
  const expr = compileExpression(c.fetch, env, parts);
  const method = c.match ?? (parts.length === 1 ? derived?.match : undefined) ?? defaultMatch(expr.type);
  if (method === undefined) throw new ExpressionError(`a sample of type '${expr.type}' needs a match method ('-m')`);
  const opts = { ignoreCase: c.ignoreCase, noDns: c.noDns };
  const sampleKey = JSON.stringify([fetchId(env.fetch(parts[0]?.name ?? '')), parts[0]?.args, parts.slice(1)]);
  const key = JSON.stringify([sampleKey, method, c.ignoreCase, c.noDns]);
  // `found` ignores patterns (HAProxy does not even read its files): any value matches.
  if (method === 'found') return { sampleKey, key, expr, method, opts, matcher: compilePatterns('found', []), entries: [] };
  const matchers: PatternMatcher[] = [];
  const entries: PatternEntry[] = [];
  if (c.values.length > 0 || method === 'bool') {
    matchers.push(compilePatterns(method, c.values, opts));
    entries.push(...valueEntries(method, c.values));
  }
  for (const f of c.files) {
    matchers.push(env.patterns.patternFile(f, method, { ...opts, map: c.mapFiles }));
    entries.push(...env.patterns.patternEntries(f, c.mapFiles));
  }
  const matcher = matchers.length === 1 ? (matchers[0] as PatternMatcher) : anyPattern(matchers);
  return { sampleKey, key, expr, method, opts, matcher, entries };
}

/** Compiles a criterion to a predicate of its own (AclSet joins criteria instead: criterion-group.ts). Throws as prepareCriterion. */
export function compileCriterion(c: AclCriterion, env: AclEnv): Predicate {
  const { expr, matcher: m } = prepareCriterion(c, env);
  return (ctx) => {
    for (const s of expr.each(ctx)) if (m.match(s)) return true;
    return false;
  };
}
