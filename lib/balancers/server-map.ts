/**
 * The weighted server map of HAProxy's static algorithms (`static-rr`, and
 * `source` / `uri` / `url_param` / `hdr` with `hash-type map-based`): a table
 * with one slot per unit of weight, weights first divided by their greatest
 * common divisor. `static-rr` walks it; map-based hashing takes the slot
 * `hash mod size`, so that which server a key reaches depends on every
 * server's weight and state (manual 4.2 "hash-type" map-based).
 *
 * The table is filled one slot at a time: each serving server adds its
 * weight to a score, the server with the highest `(score + total) / total`
 * (integer division; the earlier declared wins a tie) takes the slot and
 * gives `total` back. Weights 3/2/1 give `a a b a b c`.
 *
 * Rebuilt when a server changes (onServerChange); pick-time work is one
 * array read, or a short walk skipping full servers.
 */
import type { RuntimeServer } from '../backend/server.js';
import { servingServers, weightGcd } from './serving.js';

export class ServerMap {
  readonly #servers: readonly RuntimeServer[];
  readonly #allBackups: boolean;
  /** Configured weights are divided by this (HAProxy's wmult). */
  readonly #divisor: number;
  #slots: RuntimeServer[] = [];
  /** How many distinct servers the map holds. */
  #used = 0;
  /** Next slot of the round-robin walk; kept across rebuilds as HAProxy does. */
  #next = 0;

  constructor(servers: readonly RuntimeServer[], allBackups: boolean) {
    this.#servers = servers;
    this.#allBackups = allBackups;
    this.#divisor = weightGcd(servers);
    this.rebuild();
  }

  /** Servers in the map (0: none usable). */
  get used(): number {
    return this.#used;
  }

  rebuild(): void {
    const serving = servingServers(this.#servers, this.#allBackups).servers;
    const weights = serving.map((s) => Math.ceil(s.weight / this.#divisor));
    const total = weights.reduce((a, b) => a + b, 0);
    const scores = weights.map(() => 0);
    const slots: RuntimeServer[] = new Array<RuntimeServer>(total);
    for (let slot = 0; slot < total; slot++) {
      let best = -1;
      let max = 0;
      for (let i = 0; i < serving.length; i++) {
        scores[i] = (scores[i] as number) + (weights[i] as number);
        const v = Math.floor(((scores[i] as number) + total) / total);
        if (best < 0 || v > max) {
          max = v;
          best = i;
        }
      }
      slots[slot] = serving[best] as RuntimeServer;
      scores[best] = (scores[best] as number) - total;
    }
    this.#slots = slots;
    this.#used = serving.length;
  }

  /**
   * The server of the slot `hash mod size` (undefined when the map is
   * empty); if that is `avoid`, the next server of the round-robin walk.
   */
  byHash(hash: number, avoid?: RuntimeServer): RuntimeServer | undefined {
    const n = this.#slots.length;
    if (n === 0) return undefined;
    const s = this.#slots[hash % n] as RuntimeServer;
    return s === avoid ? this.next(avoid) : s;
  }

  /**
   * The next slot of the walk whose server is not full and is not `avoid`
   * (`avoid` when it is the only one left); undefined when all are full.
   */
  next(avoid?: RuntimeServer): RuntimeServer | undefined {
    const slots = this.#slots;
    const n = slots.length;
    if (n === 0) return undefined;
    if (this.#next >= n) this.#next = 0;
    const start = this.#next;
    let i = start;
    let avoided: RuntimeServer | undefined;
    let avoidedNext = 0;
    do {
      const s = slots[i++] as RuntimeServer;
      if (i === n) i = 0;
      if (!s.full) {
        if (s !== avoid) {
          this.#next = i;
          return s;
        }
        avoided = s;
        avoidedNext = i;
      }
    } while (i !== start);
    if (avoided) this.#next = avoidedNext;
    return avoided;
  }
}
