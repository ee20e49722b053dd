/**
 * Idle keep-alive connections to one server, for reuse (manual 4.2
 * "http-reuse"). A connection enters the pool only after a complete,
 * error-free exchange whose response did not ask to close; while idle, any
 * byte or close from the server retires it (see upstream.ts). Most recently
 * used first, so the warmest connection is taken and cold ones time out.
 *
 * `pool-purge-delay` is how long a connection may stay idle here (HAProxy
 * closes half of the idle connections every pool-purge-delay; tslb closes
 * each one that stayed unused that long — a documented simplification), and
 * `max-reuse` how many times one connection is reused.
 */
import type { Upstream } from './upstream.js';

/**
 * How long an idle server connection is kept when `pool-purge-delay` is not
 * set (HAProxy: 5 s; tslb stays below common server idle timeouts such as
 * Node's 5 s keepAliveTimeout, so that it does not reuse a connection the
 * server is closing).
 */
export const IDLE_TIMEOUT_MS = 4000;

/** Idle connections are checked this many times per purge delay. */
const SWEEPS_PER_DELAY = 8;

/**
 * Idle connections kept per server when `pool-max-conn` is not set. HAProxy
 * bounds its idle connections by a share of its file descriptors; a fixed
 * bound keeps new-connection-per-request traffic (whose first requests never
 * reuse, under http-reuse safe) from piling up thousands of them.
 */
export const DEFAULT_MAX_IDLE = 100;

export class ServerPool {
  /** Idle connections, least recently used first. */
  readonly #idle: Upstream[] = [];
  /** The sweep count when each idle connection entered the pool (same order as #idle): no clock read per request. */
  readonly #since: number[] = [];
  #sweeps = 0;
  readonly #max: number;
  readonly #sweepMs: number;
  readonly #maxReuse: number;
  /** Retires connections idle longer than IDLE_TIMEOUT_MS; runs only while the pool is not empty. */
  #sweeper: NodeJS.Timeout | undefined;

  /**
   * `max` idle connections kept (pool-max-conn; -1 = unlimited), each for
   * `idleMs` (pool-purge-delay), reused at most `maxReuse` times (-1 = no limit).
   */
  constructor(max = DEFAULT_MAX_IDLE, idleMs = IDLE_TIMEOUT_MS, maxReuse = -1) {
    this.#max = max;
    this.#sweepMs = Math.max(10, Math.ceil(idleMs / SWEEPS_PER_DELAY));
    this.#maxReuse = maxReuse;
  }

  get size(): number {
    return this.#idle.length;
  }

  /** Takes the most recently used idle connection, if any. */
  take(): Upstream | undefined {
    for (;;) {
      const u = this.#idle.pop();
      if (!u) return undefined;
      this.#since.pop();
      if (u.usable) return u;
      u.socket.destroy();
    }
  }

  /**
   * Keeps a connection for reuse; it must have no owner and no pending
   * exchange. No per-request timer: the socket keeps its `timeout server`
   * and one sweep per pool retires what stayed idle too long.
   */
  put(u: Upstream): void {
    const worn = this.#maxReuse >= 0 && u.exchanges > this.#maxReuse;
    if (worn || !u.usable || (this.#max >= 0 && this.#idle.length >= this.#max)) {
      u.socket.destroy();
      return;
    }
    u.owner = undefined;
    this.#idle.push(u);
    this.#since.push(this.#sweeps);
    if (!this.#sweeper) {
      this.#sweeper = setInterval(() => this.#sweep(), this.#sweepMs);
      this.#sweeper.unref();
    }
  }

  /** A connection closed: drop it if it was idle here. */
  forget(u: Upstream): void {
    const i = this.#idle.indexOf(u);
    if (i < 0) return;
    this.#idle.splice(i, 1);
    this.#since.splice(i, 1);
  }

  /** Closes every idle connection. */
  drain(): void {
    this.#since.length = 0;
    for (const u of this.#idle.splice(0)) u.socket.destroy();
    this.#stopSweeper();
  }

  /** Retires what entered the pool one purge delay (+ up to one eighth) ago. */
  #sweep(): void {
    const limit = ++this.#sweeps - SWEEPS_PER_DELAY - 1;
    let n = 0;
    while (n < this.#since.length && (this.#since[n] as number) <= limit) n++;
    this.#since.splice(0, n);
    for (const u of this.#idle.splice(0, n)) u.socket.destroy();
    if (this.#idle.length === 0) this.#stopSweeper();
  }

  #stopSweeper(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }
}
