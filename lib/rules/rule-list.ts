/**
 * What every rule set (configuration manual 4.2: http-request,
 * http-response, http-after-response, tcp-request ...) shares: a list of
 * compiled steps, each behind its condition, run in order until one gives a
 * verdict.
 */
import type { Rule } from '../config/model/rules.js';
import type { Predicate } from './acl/criterion.js';
import type { SampleContext } from './context.js';

/** One compiled action; undefined goes on with the next rule. */
export type Step<V> = (ctx: SampleContext) => V | undefined;

/** A step that only does something (sets a variable, tracks a counter) and goes on with the next rule. */
export function sideEffect<V>(run: (ctx: SampleContext) => void): Step<V> {
  return (ctx) => {
    run(ctx);
    return undefined;
  };
}

/**
 * The rules of one rule set of one proxy, compiled once, run in order: the
 * first step that gives a verdict (of type V) ends them.
 */
export class RuleList<V> {
  readonly #steps: { readonly when: Predicate; readonly step: Step<V> }[];

  /** Throws an Error naming the line of the first rule tslb cannot run. */
  constructor(rules: readonly Rule[], when: (r: Rule) => Predicate, stepOf: (r: Rule) => Step<V>) {
    this.#steps = rules.map((r) => {
      try {
        return { when: when(r), step: stepOf(r) };
      } catch (err) {
        throw new Error(`line ${r.place.line}: ${(err as Error).message}`);
      }
    });
  }

  get empty(): boolean {
    return this.#steps.length === 0;
  }

  /**
   * Runs from rule `from` on; a condition that does not hold while its data
   * may still change stops there: the answer is the rule to resume from
   * once more data came (HAProxy's MAY_CHANGE). `mayChange()` reports
   * whether a fetch said so since the last call, and forgets it.
   */
  runUntilUndecided(ctx: SampleContext, from: number, mayChange: () => boolean): { readonly verdict: V | undefined; readonly resumeAt?: number } {
    for (let i = from; i < this.#steps.length; i++) {
      const { when, step } = this.#steps[i] as { readonly when: Predicate; readonly step: Step<V> };
      mayChange();
      if (!when(ctx)) {
        if (mayChange()) return { verdict: undefined, resumeAt: i };
        continue;
      }
      const v = step(ctx);
      if (v !== undefined) return { verdict: v };
    }
    return { verdict: undefined };
  }

  run(ctx: SampleContext): V | undefined {
    for (const { when, step } of this.#steps) {
      if (!when(ctx)) continue;
      const v = step(ctx);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

