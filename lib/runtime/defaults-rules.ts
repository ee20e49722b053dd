/**
 * Rules of named `defaults` sections (configuration manual 4: a proxy with
 * `from <defaults>`, or after it, inherits its tcp-request, http-request,
 * http-response and http-after-response rules). HAProxy 2.6 runs them
 * before the proxy's own, as one list: a final action in the defaults' part
 * (allow, accept, deny, return ...) ends the proxy's part too (verified on
 * loopback).
 *
 * So each proxy gets its defaults' rules in front of its own, and the
 * defaults' ACLs under names no `acl` line can write (a NUL and the section
 * name appended), which the defaults' conditions are rewritten to use: a
 * proxy ACL of the same name does not change what a defaults rule means.
 */
import type { Condition, ConditionTerm } from '../config/model/common.js';
import type { Model } from '../config/model/index.js';
import type { Proxy } from '../config/model/proxy.js';
import type { Acl, Rule, RuleSets } from '../config/model/rules.js';

const RULE_SETS = ['tcpRequestConnection', 'tcpRequestSession', 'tcpRequestContent', 'tcpResponseContent', 'httpRequest', 'httpResponse', 'httpAfterResponse', 'redirect'] as const satisfies readonly (keyof RuleSets)[];

function hasRules(d: Proxy): boolean {
  return RULE_SETS.some((k) => d.rules[k].length > 0);
}

function renameCondition(cond: Condition | undefined, names: ReadonlyMap<string, string>): Condition | undefined {
  if (!cond) return cond;
  const term = (t: ConditionTerm): ConditionTerm => (t.kind === 'acl' && names.has(t.name) ? { ...t, name: names.get(t.name) as string } : t);
  return { ...cond, anyOf: cond.anyOf.map((group) => group.map(term)) };
}

/** The proxies with their named defaults' rules in front of their own; the model unchanged when no defaults section has rules. */
export function withDefaultsRules(model: Model): Model {
  const sections = new Map(model.defaults.filter(hasRules).map((d) => [d.name, d]));
  if (sections.size === 0) return model;
  const proxies = model.proxies.map((p): Proxy => {
    const d = p.from === undefined ? undefined : sections.get(p.from);
    if (!d) return p;
    const names = new Map(d.acls.map((a) => [a.name, `${a.name}\0${d.name}`]));
    const acls: Acl[] = d.acls.map((a) => ({ ...a, name: names.get(a.name) as string }));
    const inherited = (r: Rule): Rule => ({ ...r, cond: renameCondition(r.cond, names) });
    const rules = Object.fromEntries(RULE_SETS.map((k) => [k, [...d.rules[k].map(inherited), ...p.rules[k]]])) as unknown as RuleSets;
    return { ...p, acls: [...p.acls, ...acls], rules };
  });
  return { ...model, proxies };
}
