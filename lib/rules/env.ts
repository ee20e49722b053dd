/**
 * What compiling rules needs, one per runtime: the fetch and converter
 * registries, the pattern files and maps (each read once), the userlists
 * and the stick tables. `at(proxy)` gives the same environment seen from
 * one proxy, whose stick table is the default of the fetches and actions
 * that use one (`src_conn_rate`, `track-sc0 src`).
 */
import type { ConverterSpec } from './converters/types.js';
import type { AclEnv } from './acl/criterion.js';
import { fetchSpec } from './fetches/registry.js';
import type { FetchScope, FetchSpec } from './fetches/fetch.js';
import { PatternStore, type MapMethod, type PatternMap } from './pattern/index.js';
import { Userlist } from '../auth/userlist.js';
import type { Userlist as UserlistConfig } from '../config/model/sections.js';
import { StickTables } from '../stick/tables.js';

export class RuleEnv implements AclEnv {
  readonly patterns: PatternStore;
  readonly tables: StickTables;
  /** The proxy seen from (`at()`); undefined for the runtime-wide environment. */
  readonly scope: FetchScope | undefined;
  readonly #converters: (name: string) => ConverterSpec | undefined;
  readonly #userlists: ReadonlyMap<string, Userlist>;

  /** `from`: the environment whose registries this one shares, seen from `from.proxy` (see at()). */
  constructor(
    converters: (name: string) => ConverterSpec | undefined,
    userlists: readonly UserlistConfig[] = [],
    tables = new StickTables([]),
    from?: { readonly env: RuleEnv; readonly proxy: string },
  ) {
    this.#converters = converters;
    this.tables = tables;
    this.patterns = from ? from.env.patterns : new PatternStore();
    this.#userlists = from ? from.env.#userlists : new Map(userlists.map((u) => [u.name, new Userlist(u)]));
    const proxy = from?.proxy;
    this.scope = proxy === undefined ? undefined : { proxy, table: (name) => tables.get(name ?? proxy) };
  }

  /** The same environment seen from the proxy named so. */
  at(proxy: string): RuleEnv {
    return new RuleEnv(this.#converters, [], this.tables, { env: this, proxy });
  }

  /** A userlist section at run time (built once: its verification cache is shared). */
  userlist(name: string): Userlist | undefined {
    return this.#userlists.get(name);
  }

  fetch(name: string): FetchSpec | undefined {
    return fetchSpec(name);
  }

  converter(name: string): ConverterSpec | undefined {
    return this.#converters(name);
  }

  /** The map file of a map_* converter, read once per runtime (the path as written, as ACL `-f` files). Throws PatternError. */
  map(path: string, method: MapMethod): PatternMap {
    return this.patterns.map(path, method);
  }
}
