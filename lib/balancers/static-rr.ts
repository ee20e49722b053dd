/**
 * `balance static-rr` (manual 4.2 "balance" static-rr): a walk over the
 * weighted server map (server-map.ts), so weights 3/2/1 give
 * `a a b a b c`. A server change rebuilds the map; full servers are
 * stepped over.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';
import { ServerMap } from './server-map.js';

export const staticRoundRobin: BalancerFactory = (servers, proxy) => new StaticRoundRobin(new ServerMap(servers, proxy.flags.allbackups));

class StaticRoundRobin implements Balancer {
  readonly #map: ServerMap;

  constructor(map: ServerMap) {
    this.#map = map;
  }

  pick(_ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    return this.#map.next(avoid);
  }

  onServerChange(): void {
    this.#map.rebuild();
  }
}
