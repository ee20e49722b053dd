/**
 * Backend switching (configuration manual 4.2 "use_backend",
 * "default_backend"): the first `use_backend` whose condition holds names
 * the backend; none does, `default_backend`; neither, no backend (503). A
 * `listen` section is its own default. Compiled once per frontend.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { Proxy } from '../config/model/proxy.js';
import type { AclSet } from './acl/condition.js';
import type { Predicate } from './acl/criterion.js';
import type { SampleContext } from './context.js';

export class Router {
  readonly #rules: { readonly when: Predicate; readonly backend: RuntimeBackend | undefined }[];
  readonly #fallback: RuntimeBackend | undefined;

  constructor(p: Proxy, acls: AclSet, backends: ReadonlyMap<string, RuntimeBackend>) {
    this.#rules = p.useBackends.map((u) => {
      if (u.dynamic) throw new Error(`'use_backend ${u.backend}' with a dynamic name (log-format) is not implemented yet`);
      return { when: acls.condition(u.cond), backend: backends.get(u.backend) };
    });
    const fallback = p.defaultBackend ?? (p.kind === 'listen' ? p.name : undefined);
    this.#fallback = fallback === undefined ? undefined : backends.get(fallback);
  }

  /** Whether the choice depends on the request (any use_backend rule). */
  get conditional(): boolean {
    return this.#rules.length > 0;
  }

  route(ctx: SampleContext): RuntimeBackend | undefined {
    for (const r of this.#rules) if (r.when(ctx)) return r.backend;
    return this.#fallback;
  }
}
