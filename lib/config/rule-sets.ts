/**
 * The rule sets of a proxy by the keyword that fills each, in evaluation
 * order, for the passes that look at all of them at once.
 */
import type { Rule, RuleSets } from './model/rules.js';

export type RuleSetKeyword =
  | 'http-request'
  | 'http-response'
  | 'http-after-response'
  | 'tcp-request connection'
  | 'tcp-request session'
  | 'tcp-request content'
  | 'tcp-response content'
  | 'redirect';

const KEYS: readonly (readonly [RuleSetKeyword, keyof RuleSets])[] = [
  ['tcp-request connection', 'tcpRequestConnection'],
  ['tcp-request session', 'tcpRequestSession'],
  ['tcp-request content', 'tcpRequestContent'],
  ['http-request', 'httpRequest'],
  ['redirect', 'redirect'],
  ['tcp-response content', 'tcpResponseContent'],
  ['http-response', 'httpResponse'],
  ['http-after-response', 'httpAfterResponse'],
];

/** [keyword, rules] for every rule set. */
export function ruleSets<R extends Pick<Rule, 'place'>>(rules: { readonly [K in keyof RuleSets]: readonly R[] }): [RuleSetKeyword, readonly R[]][] {
  return KEYS.map(([keyword, key]) => [keyword, rules[key]]);
}

/** Does the proxy (or defaults section) define TCP or HTTP rules of its own (legacy `redirect` aside)? */
export function hasRules(rules: { readonly [K in keyof RuleSets]: readonly unknown[] }): boolean {
  return KEYS.some(([keyword, key]) => keyword !== 'redirect' && rules[key].length > 0);
}
