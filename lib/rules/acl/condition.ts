/**
 * Rule conditions (configuration manual 7.2): `if|unless` then terms, ANDed
 * within a group, groups ORed (`or`, `||`), each term a named ACL — all the
 * proxy's `acl` lines of that name, ORed, or a predefined one (7.4) — or an
 * anonymous `{ ... }` ACL, possibly negated with `!`. Compiled once.
 */
import type { Acl } from '../../config/model/rules.js';
import type { AclCriterion, Condition } from '../../config/model/common.js';
import { PREDEFINED_ACL_DEFINITIONS } from '../../config/predefined-acls.js';
import type { SampleContext } from '../context.js';
import { compileCriterion, type AclEnv, type Predicate } from './criterion.js';

/** A predefined ACL's definition (`src 127.0.0.1/8 ::1`) as a criterion. */
function predefined(text: string): AclCriterion {
  const [fetch = '', ...values] = text.split(' ');
  return { fetch, ignoreCase: false, files: [], mapFiles: false, noDns: false, values };
}

/** The named ACLs of one proxy, each compiled once on first use. */
export class AclSet {
  readonly #lines = new Map<string, Acl[]>();
  readonly #compiled = new Map<string, Predicate>();
  readonly #env: AclEnv;

  constructor(acls: readonly Acl[], env: AclEnv) {
    this.#env = env;
    for (const a of acls) {
      const list = this.#lines.get(a.name);
      if (list) list.push(a);
      else this.#lines.set(a.name, [a]);
    }
  }

  /** The predicate of a named ACL; throws when the name is unknown. */
  named(name: string): Predicate {
    const done = this.#compiled.get(name);
    if (done) return done;
    const lines = this.#lines.get(name);
    let p: Predicate;
    if (lines) {
      const preds = lines.map((a) => compileCriterion(a.criterion, this.#env));
      p = preds.length === 1 ? (preds[0] as Predicate) : (ctx) => preds.some((q) => q(ctx));
    } else {
      const def = PREDEFINED_ACL_DEFINITIONS.get(name);
      if (def === undefined) throw new Error(`unknown ACL '${name}'`);
      p = compileCriterion(predefined(def), this.#env);
    }
    this.#compiled.set(name, p);
    return p;
  }

  /** Compiles a condition; undefined (no condition) is always true. */
  condition(cond: Condition | undefined): Predicate {
    if (!cond) return () => true;
    const groups = cond.anyOf.map((group) =>
      group.map((term) => {
        const p = term.kind === 'acl' ? this.named(term.name) : compileCriterion(term.acl, this.#env);
        return term.negate ? (ctx: SampleContext) => !p(ctx) : p;
      }),
    );
    const any = (ctx: SampleContext): boolean => groups.some((g) => g.every((p) => p(ctx)));
    return cond.polarity === 'unless' ? (ctx) => !any(ctx) : any;
  }
}
