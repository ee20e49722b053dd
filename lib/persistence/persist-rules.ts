/**
 * `force-persist if|unless <cond>` and `ignore-persist if|unless <cond>`
 * (configuration manual 4.2): the first rule whose condition holds decides,
 * for one request, that persistence goes to its server even when it is
 * stopped (force: cookies, use-server, stick tables), or that the
 * persistence cookie is ignored — the request is balanced, the cookie still
 * removed where `indirect` says so, and none inserted (verified on HAProxy
 * 2.6.12).
 *
 * The configuration keeps each kind's conditions apart: when a proxy has
 * both, the kind written first is asked first (HAProxy asks them in the
 * order of the lines, which only differs when the two kinds interleave).
 */
import type { Proxy } from '../config/model/proxy.js';
import type { AclSet } from '../rules/acl/condition.js';
import type { Predicate } from '../rules/acl/criterion.js';
import type { SampleContext } from '../rules/context.js';

export type PersistDecision = 'force' | 'ignore';

export class PersistRules {
  readonly #rules: readonly { readonly kind: PersistDecision; readonly when: Predicate }[];

  /** Throws an Error naming what cannot run. */
  constructor(proxy: Proxy, acls: AclSet) {
    const force = proxy.forcePersist.map((c) => ({ kind: 'force' as const, when: acls.condition(c) }));
    const ignore = proxy.ignorePersist.map((c) => ({ kind: 'ignore' as const, when: acls.condition(c) }));
    const forceLine = proxy.places['force-persist']?.line ?? Infinity;
    const ignoreLine = proxy.places['ignore-persist']?.line ?? Infinity;
    this.#rules = forceLine < ignoreLine ? [...force, ...ignore] : [...ignore, ...force];
  }

  decide(ctx: SampleContext): PersistDecision | undefined {
    for (const r of this.#rules) if (r.when(ctx)) return r.kind;
    return undefined;
  }
}
