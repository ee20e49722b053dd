/**
 * Keyword handler interfaces. Each family of keywords lives in its own file
 * and exports a list of handlers; keywords/index.ts joins the lists into the
 * registries the parser looks keywords up in (HAProxy's cfg_kw_list idea).
 * A keyword HAProxy knows but no handler implements is reported by the
 * parser as not supported (or, for pure tuning keywords, ignored with a
 * warning) — handlers never need to say so themselves.
 */
import type { GlobalContext, ProxyContext } from './context.js';

export interface ProxyKeyword {
  /** The name as in the keyword matrix: 'balance', 'option httplog', 'timeout client', 'capture request header'. */
  readonly name: string;
  /** Does it accept `no` / `default` (only options and log, as in HAProxy)? */
  readonly negatable?: boolean;
  /** Parses the words after the name into ctx.proxy. */
  parse(ctx: ProxyContext, args: readonly string[]): void;
}

export interface GlobalKeyword {
  /** The name as in the manual: 'maxconn', 'stats socket', 'tune.bufsize'. */
  readonly name: string;
  readonly negatable?: boolean;
  parse(ctx: GlobalContext, args: readonly string[]): void;
}

export function toMap<T extends { readonly name: string }>(lists: readonly (readonly T[])[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const list of lists) {
    for (const kw of list) {
      if (map.has(kw.name)) throw new Error(`keyword '${kw.name}' registered twice`);
      map.set(kw.name, kw);
    }
  }
  return map;
}
