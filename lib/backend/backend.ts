/** A backend at run time: its servers, its balancer and its counters. */
import type { Proxy } from '../config/model/proxy.js';
import type { Balancer, PickContext } from '../balancers/balancer.js';
import { balancerFor } from '../balancers/registry.js';
import { CookiePersistence } from '../persistence/cookie-persistence.js';
import { BackendQueue } from './queue.js';
import { RuntimeServer, serverIds, type ServerChange } from './server.js';

/** Why no server could be given: none usable (503 at once) or `timeout queue` expired (503). */
export type DispatchFailure = 'no-server' | 'queue-timeout' | 'server-queue-full';

/** Called with the server assigned to a request (counted in its scur until release()), or why there is none. */
export type DispatchCallback = (server: RuntimeServer | undefined, failure?: DispatchFailure) => void;

export interface BackendCounters {
  total: number;
  current: number;
  bytesIn: number;
  bytesOut: number;
  connectErrors: number;
  /** Requests that found no usable server (503). */
  noServer: number;
  /** Requests dropped after `timeout queue` (503). */
  queueTimeouts: number;
}

/**
 * A server's state change as the backend saw it: after the balancer was told,
 * with `requeued` = queued requests handed to a server that became usable.
 */
export type BackendServerListener = (change: ServerChange, requeued: number) => void;

export class RuntimeBackend {
  readonly config: Proxy;
  readonly servers: readonly RuntimeServer[];
  readonly balancer: Balancer;
  readonly counters: BackendCounters = { total: 0, current: 0, bytesIn: 0, bytesOut: 0, connectErrors: 0, noServer: 0, queueTimeouts: 0 };
  /** Requests waiting for a server below its maxconn. */
  readonly queue = new BackendQueue();
  /** `cookie` persistence, when the backend has a `cookie` line. */
  readonly cookies: CookiePersistence | undefined;
  /** Each server's own queue, for requests persistence sends to it (only with persistence). */
  readonly #serverQueues: Map<RuntimeServer, BackendQueue> | undefined;
  readonly #listeners: BackendServerListener[] = [];

  constructor(config: Proxy) {
    this.config = config;
    const ids = serverIds(config.servers);
    this.servers = config.servers.map((s, i) => new RuntimeServer(s, config.name, ids[i]));
    this.balancer = balancerFor(config.balance.kind)(this.servers, config);
    const cookie = config.cookie;
    this.cookies = cookie ? new CookiePersistence({ ...config, cookie }, this.servers) : undefined;
    this.#serverQueues = cookie ? new Map(this.servers.map((s) => [s, new BackendQueue()])) : undefined;
    for (const s of this.servers) s.onChange((c) => this.#serverChanged(c));
  }

  /** Subscribes to its servers' state changes, delivered after the balancer has taken them into account. */
  onServerChange(listener: BackendServerListener): void {
    this.#listeners.push(listener);
  }

  /** One path for every state change: the balancer first, then queued requests for a server back in service, then subscribers. */
  #serverChanged(c: ServerChange): void {
    const s = c.server;
    this.balancer.onServerChange?.(s);
    let requeued = 0;
    while (s.usable && !s.full && this.queue.length > 0) {
      this.assign(s);
      this.queue.serveNext(s);
      requeued++;
    }
    for (const l of this.#listeners) l(c, requeued);
  }

  get name(): string {
    return this.config.name;
  }

  /**
   * Assigns a server to a request: the balancer's choice when one is below
   * its maxconn (the callback runs at once), else the request waits in the
   * queue while some server is usable. Returns a cancel function while it
   * waits (the client left).
   */
  dispatch(ctx: PickContext, cb: DispatchCallback): (() => void) | undefined {
    const server = this.balancer.pick(ctx);
    if (server) {
      this.assign(server);
      cb(server);
      return undefined;
    }
    if (!this.servers.some((s) => s.usable)) {
      this.counters.noServer++;
      cb(undefined, 'no-server');
      return undefined;
    }
    return this.#wait(this.queue, cb);
  }

  /**
   * Assigns the server persistence named (manual 5.2 "maxqueue", 4.2
   * "option redispatch"), as HAProxy does: at once when it is below its
   * maxconn and nobody waits for it; else the request waits in the server's
   * own queue, up to `maxqueue` waiters. Beyond that, `option redispatch`
   * balances the request like any other (persistence is broken); without
   * it the answer is 503.
   */
  dispatchTo(server: RuntimeServer, ctx: PickContext, cb: DispatchCallback): (() => void) | undefined {
    const own = this.#serverQueues?.get(server);
    if (!own || (own.length === 0 && !server.full)) {
      this.assign(server);
      cb(server);
      return undefined;
    }
    const maxqueue = server.config.maxqueue;
    if (maxqueue > 0 && own.length >= maxqueue) {
      if (this.config.flags.redispatch) return this.dispatch(ctx, cb);
      cb(undefined, 'server-queue-full');
      return undefined;
    }
    return this.#wait(own, cb);
  }

  #wait(queue: BackendQueue, cb: DispatchCallback): () => void {
    const t = this.config.timeouts;
    return queue.enqueue((s) => {
      if (s) {
        cb(s);
        return;
      }
      this.counters.queueTimeouts++;
      cb(undefined, 'queue-timeout');
    }, t.queue ?? t.connect ?? 0);
  }

  /** Counts a request as being served by `server` (scur). */
  assign(server: RuntimeServer): void {
    server.counters.current++;
  }

  /**
   * A request served by `server` ended: its slot goes to the oldest waiter,
   * if any — of the server's own queue (served even when the server only
   * takes persistent traffic) or, while the server is usable, of the
   * backend's, whichever waited longer (as HAProxy's process_srv_queue).
   */
  release(server: RuntimeServer): void {
    server.counters.current--;
    this.balancer.onRelease?.(server);
    if (server.full) return;
    const own = this.#serverQueues?.get(server);
    const shared = this.queue.length > 0 && server.usable ? this.queue : undefined;
    const next = own && own.length > 0 && (!shared || own.oldest < shared.oldest) ? own : shared;
    if (next) {
      this.assign(server);
      next.serveNext(server);
    }
  }
}
