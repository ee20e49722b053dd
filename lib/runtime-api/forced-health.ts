/**
 * The check state HAProxy keeps even for a server without health checks
 * (`show servers state` srv_check_health, srv_check_state), which tslb has
 * no counter for; the Runtime API remembers what HAProxy 2.6.12 would show:
 *
 *   health  `rise` at start (0 when `disabled` in the configuration); 0 once
 *           in maintenance, and still 0 after it (only enabled checks are
 *           reset); rise+fall-1 after `set server ... health up|stopping`, 0
 *           after `health down`;
 *   paused  set at start for a server `disabled` in the configuration, and
 *           never cleared.
 */
import type { RuntimeServer } from '../backend/server.js';

const forced = new WeakMap<RuntimeServer, number>();

export function noteForcedHealth(server: RuntimeServer, health: number): void {
  forced.set(server, health);
}

/** The server enters maintenance. */
export function noteMaintenance(server: RuntimeServer): void {
  forced.set(server, 0);
}

/** The counter of a server without checks. */
export function uncheckedHealth(server: RuntimeServer): number {
  return forced.get(server) ?? (server.config.disabled ? 0 : server.config.rise);
}

/** Its check is marked paused (0x08 in srv_check_state). */
export function uncheckedPaused(server: RuntimeServer): boolean {
  return server.config.disabled;
}
