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
import type { AclEnv, Predicate } from './criterion.js';
import { CriterionGroups, type CriterionRef } from './criterion-group.js';

/** A predefined ACL's definition (`src 127.0.0.1/8 ::1`) as a criterion. */
function predefined(text: string): AclCriterion {
  const [fetch = '', ...values] = text.split(' ');
  return { fetch, ignoreCase: false, files: [], mapFiles: false, noDns: false, values };
}

/** An ACL of a condition: true when any of its criteria is (its `acl` lines, ORed), then negated with `!`. */
interface Term {
  readonly criteria: readonly CriterionRef[];
  readonly negate: boolean;
}

/** Whether any criterion holds, in order, stopping at the first that does. */
function anyCriterion(criteria: readonly CriterionRef[], ctx: SampleContext): boolean {
  for (let i = 0; i < criteria.length; i++) {
    const c = criteria[i] as CriterionRef;
    if (c.group.test(ctx, c.index)) return true;
  }
  return false;
}

/**
 * What must hold for a condition to hold: in each AND group of an `if`,
 * one ACL that is not negated and whose criteria are all eager — the group
 * holds only if one of them matches. Undefined when a group has no such
 * ACL, or for an `unless`: then the condition may hold whatever the eager
 * criteria answer.
 */
function requirement(anyOf: readonly (readonly Term[])[], unless: boolean): readonly CriterionRef[] | undefined {
  if (unless) return undefined;
  const out: CriterionRef[] = [];
  for (const terms of anyOf) {
    const needed = terms.find((t) => !t.negate && t.criteria.every((c) => c.group.eager));
    if (!needed) return undefined;
    out.push(...needed.criteria);
  }
  return out;
}

/**
 * A condition compiled: groups of terms, ANDed within a group, groups
 * ORed, evaluated in order and lazily as HAProxy does (a term is not
 * evaluated once its group's answer is known), with loops rather than a
 * closure per term.
 */
export class CompiledCondition {
  readonly #anyOf: readonly (readonly Term[])[];
  readonly #unless: boolean;
  /**
   * Criteria of eager groups (CriterionGroup.eager) one of which must
   * match for the condition to hold; undefined when no such set exists
   * (an `unless`, a group of negated or other terms only). Lets a caller
   * with many conditions skip those that cannot hold (router.ts).
   */
  readonly requires: readonly CriterionRef[] | undefined;

  constructor(anyOf: readonly (readonly Term[])[], unless: boolean) {
    this.#anyOf = anyOf;
    this.#unless = unless;
    this.requires = requirement(anyOf, unless);
  }

  holds(ctx: SampleContext): boolean {
    const anyOf = this.#anyOf;
    for (let g = 0; g < anyOf.length; g++) {
      const terms = anyOf[g] as readonly Term[];
      let all = true;
      for (let t = 0; t < terms.length; t++) {
        const term = terms[t] as Term;
        if (anyCriterion(term.criteria, ctx) === term.negate) {
          all = false;
          break;
        }
      }
      if (all) return !this.#unless;
    }
    return this.#unless;
  }
}

/**
 * The named ACLs of one proxy, each compiled once on first use. Every
 * criterion (named, predefined or anonymous) joins the group of those that
 * read the same sample the same way, which fetches it and matches their
 * patterns together (criterion-group.ts).
 */
export class AclSet {
  readonly #lines = new Map<string, Acl[]>();
  readonly #compiled = new Map<string, readonly CriterionRef[]>();
  readonly #groups: CriterionGroups;

  constructor(acls: readonly Acl[], env: AclEnv) {
    this.#groups = new CriterionGroups(env);
    for (const a of acls) {
      const list = this.#lines.get(a.name);
      if (list) list.push(a);
      else this.#lines.set(a.name, [a]);
    }
  }

  /** The criteria of a named ACL (its lines, or a predefined ACL's); throws when the name is unknown. */
  #criteria(name: string): readonly CriterionRef[] {
    const done = this.#compiled.get(name);
    if (done) return done;
    const lines = this.#lines.get(name);
    let criteria: CriterionRef[];
    if (lines) {
      criteria = lines.map((a) => this.#groups.add(a.criterion));
    } else {
      const def = PREDEFINED_ACL_DEFINITIONS.get(name);
      if (def === undefined) throw new Error(`unknown ACL '${name}'`);
      criteria = [this.#groups.add(predefined(def))];
    }
    this.#compiled.set(name, criteria);
    return criteria;
  }

  /** The predicate of a named ACL; throws when the name is unknown. */
  named(name: string): Predicate {
    const criteria = this.#criteria(name);
    return (ctx) => anyCriterion(criteria, ctx);
  }

  /** Compiles a condition (undefined: none, always true); throws naming an unknown ACL or a criterion that does not compile. */
  compile(cond: Condition | undefined): CompiledCondition {
    if (!cond) return new CompiledCondition([[]], false);
    const anyOf = cond.anyOf.map((group) =>
      group.map((term): Term => ({
        criteria: term.kind === 'acl' ? this.#criteria(term.name) : [this.#groups.add(term.acl)],
        negate: term.negate,
      })),
    );
    return new CompiledCondition(anyOf, cond.polarity === 'unless');
  }

  /** Compiles a condition to a predicate; undefined (no condition) is always true. */
  condition(cond: Condition | undefined): Predicate {
    const c = this.compile(cond);
    return (ctx) => c.holds(ctx);
  }
}
