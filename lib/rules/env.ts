/**
 * What compiling rules needs, one per runtime: the fetch and converter
 * registries, the pattern files and maps (each read once), and the
 * proxies a fetch may name.
 */
import type { ConverterSpec } from './converters/types.js';
import type { AclEnv } from './acl/criterion.js';
import { fetchSpec } from './fetches/registry.js';
import type { FetchSpec } from './fetches/fetch.js';
import { PatternStore } from './pattern/index.js';
import { Userlist } from '../auth/userlist.js';
import type { Userlist as UserlistConfig } from '../config/model/sections.js';

export class RuleEnv implements AclEnv {
  readonly patterns = new PatternStore();
  readonly #converters: (name: string) => ConverterSpec | undefined;
  readonly #userlists: ReadonlyMap<string, Userlist>;

  constructor(converters: (name: string) => ConverterSpec | undefined, userlists: readonly UserlistConfig[] = []) {
    this.#converters = converters;
    this.#userlists = new Map(userlists.map((u) => [u.name, new Userlist(u)]));
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
}
