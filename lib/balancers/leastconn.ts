/**
 * `balance leastconn` (manual 4.2 "balance" leastconn): the server with the
 * fewest requests in progress relative to its weight. As in HAProxy, a
 * server's load is 0 when idle, else (current + 1) × 4096 / (weight × 16)
 * (integer division); equal loads are served in the order the servers last
 * changed load, so idle servers rotate (`a b c a b c` for one request at a
 * time, whatever the weights) and a server that just finished goes last
 * among its equals.
 *
 * The load comes from `counters.current` when a pick is made, so a count
 * changed without a call still counts; the order among equals is a stamp
 * renewed when a server is picked (its load goes up), released (onRelease)
 * or comes back (onServerChange). One pass over the servers per pick, no
 * allocation.
 */
import { WEIGHT_SCALE, type RuntimeServer } from '../backend/server.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';

const EWEIGHT_MAX = 256 * WEIGHT_SCALE;

export const leastConn: BalancerFactory = (servers, proxy) => new LeastConn(servers, proxy.flags.allbackups);

class LeastConn implements Balancer {
  readonly dynamicWeights = true;
  readonly #servers: readonly RuntimeServer[];
  readonly #allBackups: boolean;
  /** When each server last changed load; the earliest goes first among equals. */
  readonly #stamps: Float64Array;
  readonly #index = new Map<RuntimeServer, number>();
  #clock: number;

  constructor(servers: readonly RuntimeServer[], allBackups: boolean) {
    this.#servers = servers;
    this.#allBackups = allBackups;
    this.#stamps = new Float64Array(servers.length);
    servers.forEach((s, i) => {
      this.#stamps[i] = i;
      this.#index.set(s, i);
    });
    this.#clock = servers.length;
  }

  pick(_ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    let i = this.#best(false, avoid);
    if (i === NONE) i = this.#allBackups ? this.#best(true, avoid) : this.#firstBackup();
    if (i < 0) return undefined;
    this.#stamps[i] = ++this.#clock;
    return this.#servers[i];
  }

  onRelease(server: RuntimeServer): void {
    this.#touch(server);
  }

  onServerChange(server: RuntimeServer): void {
    if (server.usable) this.#touch(server);
  }

  #touch(server: RuntimeServer): void {
    const i = this.#index.get(server);
    if (i !== undefined) this.#stamps[i] = ++this.#clock;
  }

  /** Index of the first usable backup server if it is not full, else a negative number. */
  #firstBackup(): number {
    const servers = this.#servers;
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i] as RuntimeServer;
      if (s.config.backup && s.usable) return s.full ? -1 : i;
    }
    return NONE;
  }

  /**
   * Index of the least loaded usable server of the group that is not full
   * (`avoid` only if it is the only one); -1 when every usable one is full;
   * NONE when the group has no usable server.
   */
  #best(backup: boolean, avoid: RuntimeServer | undefined): number {
    const servers = this.#servers;
    let best = -1;
    let bestLoad = 0;
    let avoided = -1;
    let usable = false;
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i] as RuntimeServer;
      if (s.config.backup !== backup || !s.usable) continue;
      usable = true;
      if (s.full) continue;
      if (s === avoid) {
        avoided = i;
        continue;
      }
      const current = s.counters.current;
      const load = current > 0 ? Math.floor(((current + 1) * EWEIGHT_MAX) / s.eweight) : 0;
      if (best < 0 || load < bestLoad || (load === bestLoad && (this.#stamps[i] as number) < (this.#stamps[best] as number))) {
        best = i;
        bestLoad = load;
      }
    }
    if (!usable) return NONE;
    return best >= 0 ? best : avoided;
  }
}

const NONE = -2;
