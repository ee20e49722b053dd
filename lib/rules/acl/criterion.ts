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
import { anyPattern, compilePatterns, type PatternMatcher, type PatternStore } from '../pattern/index.js';
import { compileExpression, ExpressionError, parseExpression, type ExpressionEnv } from '../sample/expression.js';

export type Predicate = (ctx: SampleContext) => boolean;

export interface AclEnv extends ExpressionEnv {
  readonly patterns: PatternStore;
}

const DERIVED: ReadonlyMap<string, { readonly fetch: string; readonly match: MatchMethod }> = new Map(
  ACL_KEYWORDS.map((k) => [k.name, { fetch: k.fetch, match: k.match as MatchMethod }]),
);

/** Compiles a criterion; throws ExpressionError or PatternError naming the problem. */
export function compileCriterion(c: AclCriterion, env: AclEnv): Predicate {
  const parts = parseExpression(c.fetch);
  const head = parts[0];
  const derived = head ? DERIVED.get(head.name) : undefined;
  if (head && derived) parts[0] = { name: derived.fetch, args: head.args };
  const expr = compileExpression(c.fetch, env, parts);
  const method = c.match ?? (parts.length === 1 ? derived?.match : undefined) ?? defaultMatch(expr.type);
  if (method === undefined) throw new ExpressionError(`a sample of type '${expr.type}' needs a match method ('-m')`);
  if (method === 'found') return (ctx) => expr.each(ctx).length > 0;
  const opts = { ignoreCase: c.ignoreCase, noDns: c.noDns };
  const matchers: PatternMatcher[] = [];
  if (c.values.length > 0 || method === 'bool') matchers.push(compilePatterns(method, c.values, opts));
  for (const f of c.files) matchers.push(env.patterns.patternFile(f, method, { ...opts, map: c.mapFiles }));
  const m = matchers.length === 1 ? (matchers[0] as PatternMatcher) : anyPattern(matchers);
  return (ctx) => {
    for (const s of expr.each(ctx)) if (m.match(s)) return true;
    return false;
  };
}
