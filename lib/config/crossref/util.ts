/** Helpers shared by the cross-reference passes. */
import type { SectionRef } from '../diagnostics.js';
import type { Draft } from '../draft.js';
import type { Condition, ConditionTerm, Place } from '../model/common.js';
import type { Proxy } from '../model/proxy.js';
import type { Rule } from '../model/rules.js';
import { ruleSets } from '../rule-sets.js';

export function ref(p: Draft<Proxy>): SectionRef {
  return { kind: p.kind, name: p.name };
}

export function* conditionTerms(cond: Condition | undefined): Generator<ConditionTerm> {
  if (!cond) return;
  for (const group of cond.anyOf) yield* group;
}

/** Every condition of a proxy with the place of the statement that holds it. */
export function* conditions(p: Draft<Proxy>): Generator<{ cond: Condition; place: Place; what: string }> {
  const sets: [string, readonly Draft<Rule>[]][] = [...ruleSets(p.rules), ['stats http-request', p.stats.httpRequest]];
  for (const [what, rules] of sets) {
    for (const r of rules) if (r.cond) yield { cond: r.cond as Condition, place: r.place, what };
  }
  for (const u of p.useBackends) if (u.cond) yield { cond: u.cond as Condition, place: u.place, what: 'use_backend' };
  for (const u of p.useServers) if (u.cond) yield { cond: u.cond as Condition, place: u.place, what: 'use-server' };
  for (const s of p.stickRules) if (s.cond) yield { cond: s.cond as Condition, place: s.place, what: `stick ${s.kind}` };
  for (const c of p.stats.admin) yield { cond: c as Condition, place: p.places['stats admin'] ?? p.place, what: 'stats admin' };
  for (const c of p.monitor.fail) yield { cond: c as Condition, place: p.places['monitor fail'] ?? p.place, what: 'monitor fail' };
  for (const c of p.forcePersist) yield { cond: c as Condition, place: p.places['force-persist'] ?? p.place, what: 'force-persist' };
  for (const c of p.ignorePersist) yield { cond: c as Condition, place: p.places['ignore-persist'] ?? p.place, what: 'ignore-persist' };
}

