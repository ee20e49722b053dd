/**
 * Idle keep-alive connections to one server, for reuse (manual 4.2
 * "http-reuse"). A connection enters the pool only after a complete,
 * error-free exchange whose response did not ask to close; while idle, any
 * byte or close from the server retires it (see upstream.ts). Most recently
 * used first, so the warmest connection is taken and cold ones time out.
 */
import type { Upstream } from './upstream.js';

/** How long an idle server connection is kept (below common server idle timeouts, e.g. Node's 5 s). */
export const IDLE_TIMEOUT_MS = 4000;

/**
 * Idle connections kept per server when `pool-max-conn` is not set. HAProxy
 * bounds its idle connections by a share of its file descriptors; a fixed
 * bound keeps new-connection-per-request traffic (whose first requests never
 * reuse, under http-reuse safe) from piling up thousands of them.
 */
export const DEFAULT_MAX_IDLE = 100;

export class ServerPool {
  readonly #idle: Upstream[] = [];
  readonly #max: number;

  /** `max` idle connections kept (pool-max-conn; -1 = unlimited). */
  constructor(max = DEFAULT_MAX_IDLE) {
    this.#max = max;
  }

  get size(): number {
    return this.#idle.length;
  }

  /** Takes the most recently used idle connection, if any. */
  take(): Upstream | undefined {
    for (;;) {
      const u = this.#idle.pop();
      if (!u) return undefined;
      if (u.usable) {
        u.socket.setTimeout(0);
        return u;
      }
      u.socket.destroy();
    }
  }

  /** Keeps a connection for reuse; it must have no owner and no pending exchange. */
  put(u: Upstream): void {
    if (!u.usable || (this.#max >= 0 && this.#idle.length >= this.#max)) {
      u.socket.destroy();
      return;
    }
    u.owner = undefined;
    u.socket.setTimeout(IDLE_TIMEOUT_MS);
    this.#idle.push(u);
  }

  /** A connection closed: drop it if it was idle here. */
  forget(u: Upstream): void {
    const i = this.#idle.indexOf(u);
    if (i >= 0) this.#idle.splice(i, 1);
  }

  /** Closes every idle connection. */
  drain(): void {
    for (const u of this.#idle.splice(0)) u.socket.destroy();
  }
}
