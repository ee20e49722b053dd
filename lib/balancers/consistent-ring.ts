/**
 * The consistent-hashing ring of `hash-type consistent` and `balance random`
 * (manual 4.2 "hash-type" consistent): each serving server owns weight × 16
 * points on a 32-bit circle, point j of the server with id n sitting at
 * avalanche(n × 4096 + j); a key goes to the nearest point, the one before
 * it on a tie. Changing one server only moves the keys of its own points.
 *
 * With `hash-balance-factor` a server that already serves more than its
 * share of the backend's requests (times the factor) is passed over for the
 * next point, as HAProxy bounds the load of consistent hashing.
 *
 * The ring is a sorted array of point keys with the owner of each, rebuilt
 * when a server changes; a lookup is a binary search.
 */
import { WEIGHT_SCALE, type RuntimeServer } from '../backend/server.js';
import { avalanche } from './hash-functions.js';
import { servingServers } from './serving.js';

const ID_SPACING = 256 * WEIGHT_SCALE;

export class ConsistentRing {
  readonly #servers: readonly RuntimeServer[];
  readonly #allBackups: boolean;
  /** Percent; 0 = unbounded load. */
  readonly #balanceFactor: number;
  #keys = new Uint32Array(0);
  #owners: RuntimeServer[] = [];
  #used = 0;
  /** Weight × 16 of each serving server, and the sum of those declared before it (for the balance factor). */
  #weightOf = new Map<RuntimeServer, { weight: number; before: number }>();
  #totalWeight = 0;
  /** Key of the point the round-robin walk (next()) stopped at; undefined before the first walk. */
  #lastKey: number | undefined;

  constructor(servers: readonly RuntimeServer[], allBackups: boolean, balanceFactor = 0) {
    this.#servers = servers;
    this.#allBackups = allBackups;
    this.#balanceFactor = balanceFactor;
    this.rebuild();
  }

  /** Servers on the ring (0: none usable). */
  get used(): number {
    return this.#used;
  }

  rebuild(): void {
    const serving = servingServers(this.#servers, this.#allBackups).servers;
    let points = 0;
    for (const s of serving) points += s.eweight;
    // Each point packed as key × 2^20 + owner index: one numeric sort, exact in a double.
    const packed = new Float64Array(points);
    let p = 0;
    this.#weightOf = new Map();
    this.#totalWeight = 0;
    serving.forEach((s, i) => {
      const n = s.eweight;
      this.#weightOf.set(s, { weight: n, before: this.#totalWeight });
      this.#totalWeight += n;
      for (let j = 0; j < n; j++) packed[p++] = avalanche(s.id * ID_SPACING + j) * 0x100000 + i;
    });
    packed.sort();
    this.#keys = new Uint32Array(points);
    this.#owners = new Array<RuntimeServer>(points);
    for (let k = 0; k < points; k++) {
      const v = packed[k] as number;
      const owner = v % 0x100000;
      this.#keys[k] = (v - owner) / 0x100000;
      this.#owners[k] = serving[owner] as RuntimeServer;
    }
    this.#used = serving.length;
  }

  /** Index of the first point with a key >= `key`, or the number of points. */
  #lowerBound(key: number): number {
    const keys = this.#keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The server nearest to `hash` on the ring; if it is `avoid`, or over its
   * share with a balance factor, the owner of the following points instead
   * (after one full turn, whichever the walk ends on).
   */
  byHash(hash: number, avoid?: RuntimeServer): RuntimeServer | undefined {
    const keys = this.#keys;
    const n = keys.length;
    if (n === 0) return undefined;
    let next = this.#lowerBound(hash);
    if (next === n) next = 0;
    const prev = next === 0 ? n - 1 : next - 1;
    const toPrev = (hash - (keys[prev] as number)) >>> 0;
    const toNext = ((keys[next] as number) - hash) >>> 0;
    let i = toPrev <= toNext ? prev : next;
    let s = this.#owners[i] as RuntimeServer;
    let turns = 0;
    while (s === avoid || (this.#balanceFactor > 0 && !this.#eligible(s))) {
      if (++i === n) {
        i = 0;
        if (++turns > 1) break;
      }
      s = this.#owners[i] as RuntimeServer;
    }
    return s;
  }

  /**
   * Round robin over the points, for requests without a hash key: the owner
   * of the point after the last one used that is not full and not `avoid`
   * (`avoid` when nothing else is left).
   */
  next(avoid?: RuntimeServer): RuntimeServer | undefined {
    const n = this.#keys.length;
    if (n === 0) return undefined;
    // The point the walk stopped at, or the one after it if that point left
    // the ring; the first walk starts at the first point.
    let stop = n - 1;
    if (this.#lastKey !== undefined) {
      stop = this.#lowerBound(this.#lastKey);
      if (stop === n) stop = 0;
    }
    let i = stop;
    let avoided = -1;
    do {
      if (++i === n) i = 0;
      const s = this.#owners[i] as RuntimeServer;
      if (!s.full) {
        if (s !== avoid) {
          this.#lastKey = this.#keys[i] as number;
          return s;
        }
        avoided = i;
      }
    } while (i !== stop);
    if (avoided < 0) return undefined;
    this.#lastKey = this.#keys[avoided] as number;
    return this.#owners[avoided];
  }

  /**
   * Below its bounded load: the backend's requests in progress plus this
   * one, times the factor, shared between servers by weight, the remainder
   * spread by cumulative weight, never less than one (HAProxy's rule).
   */
  #eligible(s: RuntimeServer): boolean {
    const w = this.#weightOf.get(s);
    if (!w) return true;
    let served = 0;
    for (const x of this.#servers) served += x.counters.current;
    const total = this.#totalWeight;
    const slotsTotal = Math.floor(((served + 1) * this.#balanceFactor + 99) / 100);
    const perWeight = Math.floor(slotsTotal / total);
    const remainder = slotsTotal % total;
    let slots = w.weight * perWeight;
    slots += Math.floor(((w.before + w.weight) * remainder) / total) - Math.floor((w.before * remainder) / total);
    if (slots === 0) slots = 1;
    return s.counters.current < slots;
  }
}
