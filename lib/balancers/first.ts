/**
 * `balance first` (manual 4.2 "balance" first): the usable server with the
 * lowest id that still has a free connection slot (below its `maxconn`),
 * so that the fewest servers are in use and the others can be switched
 * off. Weights are ignored. Ids are those of `id` or the declaration order.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';

export const first: BalancerFactory = (servers, proxy) => new First(servers, proxy.flags.allbackups);

class First implements Balancer {
  readonly dynamicWeights = true;
  /** Servers by ascending id. */
  readonly #byId: readonly RuntimeServer[];
  readonly #declared: readonly RuntimeServer[];
  readonly #allBackups: boolean;

  constructor(servers: readonly RuntimeServer[], allBackups: boolean) {
    this.#declared = servers;
    this.#byId = [...servers].sort((a, b) => a.id - b.id);
    this.#allBackups = allBackups;
  }

  pick(_ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    let usable = false;
    let avoided: RuntimeServer | undefined;
    for (const s of this.#byId) {
      if (s.config.backup || !s.usable) continue;
      usable = true;
      if (s.full) continue;
      if (s !== avoid) return s;
      avoided = s;
    }
    if (usable) return avoided;
    if (!this.#allBackups) {
      // The first usable backup in declaration order is the only one used.
      for (const s of this.#declared) if (s.config.backup && s.usable) return s.full ? undefined : s;
      return undefined;
    }
    for (const s of this.#byId) {
      if (!s.config.backup || !s.usable || s.full) continue;
      if (s !== avoid) return s;
      avoided = s;
    }
    return avoided;
  }
}
