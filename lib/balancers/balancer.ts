/**
 * The balancer interface (HAProxy's lb_ops): one implementation per `balance`
 * algorithm, one file each, chosen through the registry. A balancer only
 * decides which server; it never connects or counts.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Proxy } from '../config/model/proxy.js';
import type { RequestHead } from '../http/parser.js';

export interface PickContext {
  /** The client address as Node reports it (`::ffff:` prefix for IPv4 on a dual-stack socket), for `source` hashing. */
  readonly clientAddress?: string | undefined;
  /** The request head in HTTP mode (for `uri`, `url_param`, `hdr` hashing); undefined in TCP mode. */
  readonly request?: RequestHead | undefined;
}

export interface Balancer {
  /**
   * Chooses by a hash of the request (HAProxy's BE_LB_KIND_HI: source, uri,
   * url_param, hdr): a request that cannot connect retries its own server
   * before any redispatch. Other balancers' requests are redispatched at
   * once while more than one active server is usable (see connect.ts).
   */
  readonly hashed?: boolean;
  /**
   * Follows effective weights at run time (HAProxy's BE_LB_PROP_DYN):
   * `slowstart` ramps a returning server's weight only with these; the
   * static map of `static-rr` and map-based hashing keeps configured weights.
   */
  readonly dynamicWeights?: boolean;
  /**
   * The server for a request, or undefined when the request must wait (every
   * usable server is full, or the one its hash names is) or none is usable.
   * Only usable servers are returned, never a full one; backup servers only
   * when no active server is usable (the first usable one, or all with
   * `option allbackups`). `avoid` is skipped if another is usable
   * (redispatch). A server returned is taken to be used: its count
   * (`counters.current`) goes up.
   */
  pick(ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined;
  /** A server's state or weight changed (RuntimeServer.usable / .weight): called by whoever changed it. */
  onServerChange?(server: RuntimeServer): void;
  /** A connection or request to `server` ended, after its `counters.current` went down (leastconn re-sorts; others ignore it). */
  onRelease?(server: RuntimeServer): void;
}

/** Builds a backend's balancer over its servers (declaration order) for its `balance`, `hash-type` and options. */
export type BalancerFactory = (servers: readonly RuntimeServer[], proxy: Proxy) => Balancer;
