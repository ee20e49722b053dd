/**
 * Which servers of a backend take traffic now (manual 5.2 "backup", 4.2
 * "option allbackups"): every usable active server; when none is usable,
 * the first usable backup server in declaration order, or every usable
 * backup server with `option allbackups`. Balancers that rebuild a table
 * on a change (the map, the consistent-hashing ring) start from here.
 */
import type { RuntimeServer } from '../backend/server.js';

export interface Serving {
  /** In declaration order; empty when no server is usable. */
  readonly servers: readonly RuntimeServer[];
  /** The servers are backup servers. */
  readonly backup: boolean;
}

export function servingServers(servers: readonly RuntimeServer[], allBackups: boolean): Serving {
  const active = servers.filter((s) => s.usable && !s.config.backup);
  if (active.length > 0) return { servers: active, backup: false };
  const backups = servers.filter((s) => s.usable && s.config.backup);
  return { servers: allBackups ? backups : backups.slice(0, 1), backup: true };
}

/**
 * Greatest common divisor of the configured weights (zero weights skipped):
 * map-based tables divide weights by it to stay small (HAProxy's wmult).
 */
export function weightGcd(servers: readonly RuntimeServer[]): number {
  let g = 0;
  for (const s of servers) {
    let w = s.config.weight;
    while (w > 0) [g, w] = [w, g % w];
  }
  return g || 1;
}
