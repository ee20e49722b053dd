/**
 * The validated, frozen configuration model: what `config/load.ts` returns
 * and everything at run time reads. Plain data only.
 */
import type { Global } from './global.js';
import type { Proxy } from './proxy.js';
import type { HttpErrors, Resolvers, Userlist } from './sections.js';

export type * from './balance.js';
export type * from './bind.js';
export type * from './checks.js';
export type * from './common.js';
export type * from './cookie.js';
export type * from './global.js';
export type * from './log.js';
export type * from './proxy.js';
export type * from './rules.js';
export type * from './sections.js';
export type * from './server.js';
export type * from './stick.js';
export { hasBackend, hasFrontend } from './proxy.js';

export interface Model {
  /** The files read, in order (HAPROXY_CFGFILES). */
  readonly files: readonly string[];
  readonly global: Global;
  /** Named defaults sections, for rules and ACLs that proxies inherit through `from`. */
  readonly defaults: readonly Proxy[];
  /** frontend, backend and listen sections in declaration order. */
  readonly proxies: readonly Proxy[];
  readonly userlists: readonly Userlist[];
  readonly resolvers: readonly Resolvers[];
  readonly httpErrors: readonly HttpErrors[];
}
