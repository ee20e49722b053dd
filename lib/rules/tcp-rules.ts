/**
 * `tcp-request connection`, `tcp-request session` and `tcp-request content`
 * rules of one proxy (configuration manual 4.2), compiled once and run in
 * order; the first `accept`, `reject` or `silent-drop` whose condition holds
 * ends them, and running out of rules accepts.
 *
 *   accepted socket ─► connection rules ─► session rules ─► (per request in
 *   HTTP mode, once in TCP mode) content rules ─► http-request rules …
 *
 * Content rules run at once: tslb has no fetch that waits for request data
 * (`req.payload`, `req.ssl_sni` are refused), so `inspect-delay` never has
 * anything to wait for.
 */
import type { Rule } from '../config/model/rules.js';
import type { TrackLevel } from '../stick/counters.js';
import type { AclSet } from './acl/condition.js';
import type { ExpressionEnv } from './sample/expression.js';
import { incrementGpcStep, trackStep } from './stick-actions.js';
import { variableStep } from './variable-actions.js';
import { setSourceStep } from './source-action.js';
import { RuleList, sideEffect, type Step } from './rule-list.js';

/** What ends the rules: let the connection (or request) through, or close it. */
export type TcpVerdict = 'accept' | 'reject' | 'silent-drop';

export type TcpRuleSet = 'connection' | 'session' | 'content';

function stepOf(rule: Rule, env: ExpressionEnv, set: TcpRuleSet): Step<TcpVerdict> {
  const a = rule.action;
  const level: TrackLevel = set === 'content' ? 'content' : 'session';
  switch (a.type) {
    case 'accept':
      return () => 'accept';
    case 'reject':
      return () => 'reject';
    case 'silent-drop':
      return () => 'silent-drop';
    case 'track-sc':
      return sideEffect(trackStep(a, env, level, false));
    case 'sc-inc-gpc0':
    case 'sc-inc-gpc1':
      return sideEffect(incrementGpcStep(a));
    case 'set-var':
    case 'set-var-fmt':
    case 'unset-var':
      return sideEffect(variableStep(a, env));
    case 'set-src':
      return sideEffect(setSourceStep(a, env));
    default:
      throw new Error(`'tcp-request ${set} ${a.type}' is not implemented yet`);
  }
}

export class TcpRules extends RuleList<TcpVerdict> {
  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(rules: readonly Rule[], acls: AclSet, env: ExpressionEnv, set: TcpRuleSet) {
    super(
      rules,
      (r) => acls.condition(r.cond),
      (r) => stepOf(r, env, set),
    );
  }
}
