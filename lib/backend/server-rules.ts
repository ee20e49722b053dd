/**
 * `use-server <server> if|unless <cond>` (configuration manual 4.2): the
 * first rule whose condition holds and whose server is not stopped (or any
 * server, with `option persist`) sends the request there, before cookies,
 * stick tables and balancing; a stopped server's rule is passed over for the
 * next one, as HAProxy 2.6 does.
 */
import type { Proxy } from '../config/model/proxy.js';
import type { AclSet } from '../rules/acl/condition.js';
import type { Predicate } from '../rules/acl/criterion.js';
import type { SampleContext } from '../rules/context.js';
import type { RuntimeServer } from './server.js';

export class ServerRules {
  readonly #rules: readonly { readonly when: Predicate; readonly server: RuntimeServer }[];
  readonly #persist: boolean;

  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(proxy: Proxy, servers: readonly RuntimeServer[], acls: AclSet) {
    this.#rules = proxy.useServers.map((r) => {
      try {
        if (r.server.includes('%[')) throw new Error(`'use-server ${r.server}' with a dynamic name (log-format) is not implemented yet`);
        const server = servers.find((s) => s.name === r.server);
        if (!server) throw new Error(`no server '${r.server}'`);
        return { when: acls.condition(r.cond), server };
      } catch (err) {
        throw new Error(`line ${r.place.line}: ${(err as Error).message}`);
      }
    });
    this.#persist = proxy.flags.persist;
  }

  /** The server the rules send the request to, if any; `force`: force-persist holds, a stopped server too. */
  pick(ctx: SampleContext, force = false): RuntimeServer | undefined {
    for (const r of this.#rules) if (r.when(ctx) && (r.server.running || this.#persist || force)) return r.server;
    return undefined;
  }
}
