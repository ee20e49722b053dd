/**
 * The fetch interface (configuration manual 7.3): a fetch is compiled once
 * per use in the configuration, from its arguments, into functions called
 * per request. Most fetches give one value. Multi-valued ones (header
 * values, cookies, URL parameters) also list every value: an ACL matches if
 * any of them matches, while a sample expression takes the one HAProxy
 * documents (usually the last header occurrence, the first parameter).
 */
import type { SampleContext } from '../context.js';
import type { Sample, SampleType } from '../sample/sample.js';
import type { StickTable } from '../../stick/table.js';

export interface CompiledFetch {
  readonly type: SampleType;
  /** The value of the fetch in a sample expression, or undefined when there is none. */
  one(ctx: SampleContext): Sample | undefined;
  /** Every value, for ACL matching (multi-valued fetches only). */
  all?(ctx: SampleContext): readonly Sample[];
  /**
   * What the values depend on, when the fetch can promise it:
   *  - 'request': the HTTP request as the rules have left it (ctx.req:
   *    method, target, header lines) and nothing else, so they stay the
   *    same while its `stamp` does: an ACL may keep its answer;
   *  - 'connection': the client connection and the frontend (addresses,
   *    ports, names), which only an action may change (`set-src`).
   * Either way fetching has no effect of its own, so an ACL may be
   * evaluated before its turn (acl/criterion-group.ts, router.ts).
   * Undefined: no such promise (variables, stick counters, backend state).
   */
  readonly reads?: 'request' | 'connection' | undefined;
}

/** Where a fetch is used: the proxy whose rules or ACLs name it, and the stick tables it may name. */
export interface FetchScope {
  readonly proxy: string;
  /** The stick table of the proxy named so; without a name, the proxy's own. */
  table(name?: string): StickTable | undefined;
}

export interface FetchSpec {
  readonly type: SampleType;
  /** Fewest and most arguments. */
  readonly args: readonly [number, number];
  /** Builds the fetch from its arguments; throws an Error with a message on a bad one. */
  compile(args: readonly string[], scope?: FetchScope): CompiledFetch;
}

/** A fetch without arguments and with one value. */
export function simple(type: SampleType, one: (ctx: SampleContext) => Sample | undefined): FetchSpec {
  const compiled: CompiledFetch = { type, one };
  return { type, args: [0, 0], compile: () => compiled };
}

/** An integer argument, or an Error naming it. */
export function intArg(what: string, v: string | undefined, fallback?: number): number {
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    throw new Error(`missing ${what}`);
  }
  if (!/^[-+]?\d+$/.test(v)) throw new Error(`${what} must be an integer, got '${v}'`);
  return Number(v);
}
