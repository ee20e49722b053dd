/**
 * Backend switching (configuration manual 4.2 "use_backend",
 * "default_backend"): the first `use_backend` whose condition holds names
 * the backend; none does, `default_backend`; neither, no backend (503). A
 * `listen` section is its own default. Compiled once per frontend.
 *
 * With many rules most of them do not hold for a given request, and asking
 * each in turn costs every ACL they name. So the router first evaluates the
 * eager ACL groups (criterion-group.ts: samples whose fetching has no
 * effect) that the rules' requirements name (CompiledCondition.requires) —
 * one trie walk or hash lookup per group — and then asks, in order, only
 * the rules that one of their matching criteria may let hold, and those
 * without a requirement. Nothing changes the request while it routes, so
 * the answer is the one asking every rule in turn would give.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { Proxy } from '../config/model/proxy.js';
import type { AclSet, CompiledCondition } from './acl/condition.js';
import type { CriterionGroup } from './acl/criterion-group.js';
import type { SampleContext } from './context.js';
import { compileLogFormat, type FormatFn } from './log-format.js';
import type { ExpressionEnv } from './sample/expression.js';

interface Rule {
  readonly when: CompiledCondition;
  readonly backend: RuntimeBackend | undefined;
  /** `use_backend %[...]`: the name, resolved per request (an unknown one means default_backend). */
  readonly name?: FormatFn | undefined;
}

/** An eager group named by requirements, and for each of its members the rules it may let hold. */
interface GroupIndex {
  readonly group: CriterionGroup;
  readonly rules: readonly (readonly number[] | undefined)[];
}

export class Router {
  readonly #rules: readonly Rule[];
  readonly #backends: ReadonlyMap<string, RuntimeBackend>;
  readonly #fallback: RuntimeBackend | undefined;
  readonly #index: readonly GroupIndex[];
  /** The rules without a requirement, always asked, in order. */
  readonly #always: readonly number[];
  /** Per rule: the route() call in which a criterion of its requirement matched. */
  readonly #candidate: Uint32Array;
  /** The rules a route() call found such a criterion for (the first of them). */
  readonly #picked: Int32Array;
  #call = 0;

  /** `env`: to compile the log-format names of dynamic rules. */
  constructor(p: Proxy, acls: AclSet, backends: ReadonlyMap<string, RuntimeBackend>, env?: ExpressionEnv) {
    this.#backends = backends;
    this.#rules = p.useBackends.map((u) => {
      if (!u.dynamic) return { when: acls.compile(u.cond), backend: backends.get(u.backend) };
      if (!env) throw new Error(`'use_backend ${u.backend}': a log-format name needs the rule environment`);
      return { when: acls.compile(u.cond), backend: undefined, name: compileLogFormat(u.backend, env) };
    });
    const fallback = p.defaultBackend ?? (p.kind === 'listen' ? p.name : undefined);
    this.#fallback = fallback === undefined ? undefined : backends.get(fallback);
    this.#candidate = new Uint32Array(this.#rules.length);
    this.#picked = new Int32Array(this.#rules.length);
    const always: number[] = [];
    const index = new Map<CriterionGroup, (number[] | undefined)[]>();
    for (const [r, rule] of this.#rules.entries()) {
      const requires = rule.when.requires;
      if (requires === undefined) {
        always.push(r);
        continue;
      }
      for (const c of requires) {
        let members = index.get(c.group);
        if (!members) index.set(c.group, (members = []));
        const rules = (members[c.index] ??= []);
        if (rules[rules.length - 1] !== r) rules.push(r);
      }
    }
    this.#always = always;
    this.#index = [...index].map(([group, rules]) => ({ group, rules }));
  }

  /** Whether the choice depends on the request (any use_backend rule). */
  get conditional(): boolean {
    return this.#rules.length > 0;
  }

  route(ctx: SampleContext): RuntimeBackend | undefined {
    // Kept a small integer (0x3fffffff is V8's largest on 64-bit), restarting from 1 with the marks cleared.
    if (++this.#call === 0x3fffffff) {
      this.#candidate.fill(0);
      this.#call = 1;
    }
    const call = this.#call;
    const candidate = this.#candidate;
    const picked = this.#picked;
    let n = 0;
    const index = this.#index;
    for (let g = 0; g < index.length; g++) {
      const { group, rules } = index[g] as GroupIndex;
      const matched = group.matched(ctx);
      for (let k = 0; k < matched.length; k++) {
        const rs = rules[matched[k] as number];
        if (rs === undefined) continue;
        for (let j = 0; j < rs.length; j++) {
          const r = rs[j] as number;
          if (candidate[r] !== call) {
            candidate[r] = call;
            picked[n++] = r;
          }
        }
      }
    }
    // The picked rules in order (usually very few), merged with those always asked.
    for (let k = 1; k < n; k++) {
      const r = picked[k] as number;
      let at = k;
      for (; at > 0 && (picked[at - 1] as number) > r; at--) picked[at] = picked[at - 1] as number;
      picked[at] = r;
    }
    const rules = this.#rules;
    const always = this.#always;
    for (let a = 0, p = 0; a < always.length || p < n; ) {
      const r = p >= n || (a < always.length && (always[a] as number) < (picked[p] as number)) ? (always[a++] as number) : (picked[p++] as number);
      const rule = rules[r] as Rule;
      if (!rule.when.holds(ctx)) continue;
      // A dynamic name that is no backend ends switching too: default_backend.
      return rule.name ? (this.#backends.get(rule.name(ctx)) ?? this.#fallback) : rule.backend;
    }
    return this.#fallback;
  }
}
