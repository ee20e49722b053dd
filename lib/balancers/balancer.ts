/**
 * The balancer interface (HAProxy's lb_ops): one implementation per `balance`
 * algorithm, one file each, chosen through the registry. A balancer only
 * decides which server; it never connects or counts.
 */
import type { RuntimeServer } from '../backend/server.js';

export interface PickContext {
  /** The client address (for `source` hashing). */
  readonly clientAddress?: string | undefined;
}

export interface Balancer {
  /** The next server to use, or undefined when none is usable. `avoid` is skipped if another is usable (redispatch). */
  pick(ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined;
  /** A server's state or weight changed. */
  onServerChange?(server: RuntimeServer): void;
}

export type BalancerFactory = (servers: readonly RuntimeServer[]) => Balancer;
