/**
 * `balance random[(<draws>)]` (manual 4.2 "balance" random): a random point
 * on the consistent-hashing ring (so weights count, and a server change
 * moves few choices), drawn `draws` times (2 by default: the power of two
 * choices), keeping the server with the fewest requests in progress
 * relative to its weight. If the one kept is full the request waits
 * (undefined), as HAProxy sends it to the backend queue.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';
import { ConsistentRing } from './consistent-ring.js';

export const random: BalancerFactory = (servers, proxy) => {
  if (proxy.balance.kind !== 'random') throw new Error(`balance ${proxy.balance.kind} given to the random balancer`);
  return new Random(new ConsistentRing(servers, proxy.flags.allbackups, proxy.hashBalanceFactor), proxy.balance.draws);
};

class Random implements Balancer {
  readonly dynamicWeights = true;
  readonly #ring: ConsistentRing;
  readonly #draws: number;

  constructor(ring: ConsistentRing, draws: number) {
    this.#ring = ring;
    this.#draws = draws;
  }

  pick(_ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    let kept: RuntimeServer | undefined;
    for (let draw = 0; draw < this.#draws; draw++) {
      const s = this.#ring.byHash((Math.random() * 0x100000000) >>> 0, avoid);
      if (!s) break;
      // Loads compared as current / weight, cross-multiplied.
      if (!kept || (s !== kept && s.counters.current * kept.eweight <= kept.counters.current * s.eweight)) kept = s;
    }
    return kept?.full ? undefined : kept;
  }

  onServerChange(): void {
    this.#ring.rebuild();
  }
}
