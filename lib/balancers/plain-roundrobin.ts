/**
 * A plain round robin over the usable active servers (backup servers when no
 * active one is usable), ignoring weights. It stands in for every `balance`
 * algorithm until the balancing work lands (issue 4), behind the same
 * interface.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';

export const plainRoundRobin: BalancerFactory = (servers) => new PlainRoundRobin(servers);

class PlainRoundRobin implements Balancer {
  readonly #servers: readonly RuntimeServer[];
  #next = 0;

  constructor(servers: readonly RuntimeServer[]) {
    this.#servers = servers;
  }

  pick(_ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    const active = this.#servers.filter((s) => s.usable && !s.config.backup);
    const pool = active.length > 0 ? active : this.#servers.filter((s) => s.usable && s.config.backup).slice(0, 1);
    if (pool.length === 0) return undefined;
    for (let i = 0; i < pool.length; i++) {
      const server = pool[this.#next++ % pool.length] as RuntimeServer;
      if (server.full) continue;
      if (server !== avoid || pool.length === 1) return server;
    }
    return undefined;
  }
}
