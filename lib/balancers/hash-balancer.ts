/**
 * What the hashing algorithms (`source`, `uri`, `url_param`, `hdr`) share
 * (manual 4.2 "balance", "hash-type"): a 32-bit hash of something in the
 * request, optionally passed through the avalanche mixer, chooses a server
 * in the weighted map (`hash-type map-based`, the default) or on the
 * consistent-hashing ring (`hash-type consistent`). A request without the
 * key (no such header, parameter or address) is balanced round robin over
 * the same table instead, as HAProxy does. With a single server in use
 * nothing is hashed.
 *
 * The chosen server is not exchanged for another when it is full: the
 * request waits (undefined) rather than lose its server, as HAProxy queues
 * it on that server. A server to avoid (redispatch) is replaced by the next
 * one on the ring, or by the round-robin walk of the map.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Proxy } from '../config/model/proxy.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';
import { ConsistentRing } from './consistent-ring.js';
import { avalanche, HASH_FUNCTIONS, type KeyHash } from './hash-functions.js';
import { ServerMap } from './server-map.js';

/** The hash of a request's key with `hash` (the configured function), or undefined when it has no key. */
export type RequestHash = (ctx: PickContext, hash: KeyHash) => number | undefined;

/** The map and the ring, as a hashing balancer uses them. */
export interface HashTable {
  /** Servers in the table (0: none usable). */
  readonly used: number;
  rebuild(): void;
  byHash(hash: number, avoid?: RuntimeServer): RuntimeServer | undefined;
  /** Round robin over the table, for requests without a key. */
  next(avoid?: RuntimeServer): RuntimeServer | undefined;
}

/** The table `hash-type` asks for. */
export function hashTable(servers: readonly RuntimeServer[], proxy: Proxy): HashTable {
  const allBackups = proxy.flags.allbackups;
  return proxy.hashType.method === 'consistent' ? new ConsistentRing(servers, allBackups, proxy.hashBalanceFactor) : new ServerMap(servers, allBackups);
}

/** A balancer factory for an algorithm given by how it hashes a request. */
export function hashBalancer(requestHash: RequestHash): BalancerFactory {
  return (servers, proxy) =>
    new HashBalancer(hashTable(servers, proxy), proxy.hashType.method === 'consistent', requestHash, HASH_FUNCTIONS[proxy.hashType.function], proxy.hashType.avalanche);
}

class HashBalancer implements Balancer {
  readonly hashed = true;
  /** The consistent-hashing ring follows effective weights; the map does not. */
  readonly dynamicWeights: boolean;
  readonly #table: HashTable;
  readonly #requestHash: RequestHash;
  readonly #hash: KeyHash;
  readonly #avalanche: boolean;

  constructor(table: HashTable, dynamicWeights: boolean, requestHash: RequestHash, hash: KeyHash, withAvalanche: boolean) {
    this.#table = table;
    this.dynamicWeights = dynamicWeights;
    this.#requestHash = requestHash;
    this.#hash = hash;
    this.#avalanche = withAvalanche;
  }

  pick(ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    const table = this.#table;
    if (table.used === 0) return undefined;
    let hash = 0;
    if (table.used > 1) {
      const h = this.#requestHash(ctx, this.#hash);
      if (h === undefined) return table.next(avoid);
      hash = this.#avalanche ? avalanche(h) : h;
    }
    const server = table.byHash(hash, avoid);
    return server?.full ? undefined : server;
  }

  onServerChange(): void {
    this.#table.rebuild();
  }
}
