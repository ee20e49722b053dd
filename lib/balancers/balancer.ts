/**
 * The balancer interface (HAProxy's lb_ops): one implementation per `balance`
 * algorithm, one file each, chosen through the registry. A balancer only
 * decides which server; it never connects or counts.
 */
import type { RuntimeServer } from '../backend/server.js';
import type { RequestHead } from '../http/parser.js';

export interface PickContext {
  /** The client address as Node reports it (`::ffff:` prefix for IPv4 on a dual-stack socket), for `source` hashing. */
  readonly clientAddress?: string | undefined;
  /** The request head in HTTP mode (for `uri`, `url_param`, `hdr` hashing); undefined in TCP mode. */
  readonly request?: RequestHead | undefined;
}

export interface Balancer {
  /** The next server to use, or undefined when none is usable. `avoid` is skipped if another is usable (redispatch). */
  pick(ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined;
  /** A server's state or weight changed (RuntimeServer.usable / .weight): called by whoever changed it. */
  onServerChange?(server: RuntimeServer): void;
  /** A connection or request to `server` ended (leastconn re-sorts; others ignore it). */
  onRelease?(server: RuntimeServer): void;
}

export type BalancerFactory = (servers: readonly RuntimeServer[]) => Balancer;
