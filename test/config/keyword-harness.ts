/**
 * Drives proxy keyword handlers the way the parser does: one real
 * ProxyContext per statement (each on its own line of 't.cfg'), one shared
 * Diagnostics, one draft proxy. Statements are written as in a
 * configuration file and split on spaces; pass an array to keep spaces.
 */
import { builtinProxy } from '../../lib/config/defaults.js';
import { Diagnostics, type Diagnostic } from '../../lib/config/diagnostics.js';
import type { Draft } from '../../lib/config/draft.js';
import type { Proxy, ProxyKind } from '../../lib/config/model/proxy.js';
import { ProxyContext } from '../../lib/config/keywords/context.js';
import type { ProxyKeyword } from '../../lib/config/keywords/registry.js';

export interface Harness {
  readonly diags: Diagnostics;
  readonly proxy: Draft<Proxy>;
  /** Runs one statement; returns its context. */
  run(statement: string | readonly string[]): ProxyContext;
  /** Codes reported so far, in order. */
  codes(): string[];
  /** The diagnostics reported so far. */
  list(): readonly Diagnostic[];
}

export interface HarnessOptions {
  readonly kind?: ProxyKind;
  readonly name?: string;
  readonly vars?: Record<string, string>;
  /** Start from this draft (for example one inheriting a defaults section). */
  readonly proxy?: Draft<Proxy>;
  /** Line of the proxy's section header; statements follow it. */
  readonly line?: number;
}

export function harness(keywords: readonly ProxyKeyword[], opts: HarnessOptions = {}): Harness {
  const kind = opts.kind ?? 'backend';
  const name = opts.name ?? 'b';
  const diags = new Diagnostics();
  let line = opts.line ?? 1;
  const proxy = opts.proxy ?? builtinProxy(kind, name, { file: 't.cfg', line });
  const vars = opts.vars ?? {};
  const byName = new Map(keywords.map((k) => [k.name, k]));
  return {
    diags,
    proxy,
    run(statement) {
      const words = typeof statement === 'string' ? statement.split(' ').filter((w) => w !== '') : [...statement];
      // The longest known prefix names the keyword ('http-check expect' before 'http-check').
      let n = Math.min(3, words.length);
      while (n > 0 && !byName.has(words.slice(0, n).join(' '))) n--;
      let keyword = words.slice(0, n).join(' ');
      // `set-var(<name>)` style words: the keyword is the part before '(', and
      // the handler gets the whole word as its first argument.
      const paren = /^([^(]+)\(/.exec(words[1] ?? '');
      if (n < 2 && paren && byName.has(`${words[0]} ${paren[1]}`)) {
        keyword = `${words[0]} ${paren[1]}`;
        n = 1;
      }
      const handler = byName.get(keyword);
      if (handler === undefined) throw new Error(`no handler for '${words.join(' ')}'`);
      line++;
      const place = { file: 't.cfg', line };
      const ctx = new ProxyContext({
        place,
        section: { kind, name },
        keyword,
        modifier: 'none',
        vars: (v) => vars[v],
        diags,
        proxy,
        builtin: builtinProxy(kind, '', place),
      });
      handler.parse(ctx, words.slice(n));
      return ctx;
    },
    codes: () => diags.list.map((d) => d.code),
    list: () => diags.list,
  };
}
