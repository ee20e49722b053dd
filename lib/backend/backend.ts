/** A backend at run time: its servers, its balancer and its counters. */
import type { Proxy } from '../config/model/proxy.js';
import type { Balancer, PickContext } from '../balancers/balancer.js';
import { balancerFor } from '../balancers/registry.js';
import { CookiePersistence } from '../persistence/cookie-persistence.js';
import type { StickPersistence } from '../persistence/stick-persistence.js';
import type { ServerRules } from './server-rules.js';
import type { PersistRules } from '../persistence/persist-rules.js';
import { BackendQueue } from './queue.js';
import { RuntimeServer, serverIds, type ServerChange } from './server.js';
import { SlowStart } from './slowstart.js';
import { markDown, markUp, newCounters, type Counters } from '../stats/counters.js';

/** Why no server could be given: none usable (503 at once) or `timeout queue` expired (503). */
export type DispatchFailure = 'no-server' | 'queue-timeout' | 'server-queue-full';

/** Called with the server assigned to a request (counted in its scur until release()), or why there is none. */
export type DispatchCallback = (server: RuntimeServer | undefined, failure?: DispatchFailure) => void;

/**
 * A server's state change as the backend saw it: after the balancer was told,
 * with `requeued` = queued requests handed to a server that became usable,
 * or taken from the queue of a server that stopped to be balanced again.
 */
export type BackendServerListener = (change: ServerChange, requeued: number) => void;

export class RuntimeBackend {
  readonly config: Proxy;
  readonly servers: readonly RuntimeServer[];
  readonly balancer: Balancer;
  readonly counters: Counters = newCounters();
  /** Requests waiting for a server below its maxconn. */
  readonly queue = new BackendQueue();
  /** `cookie` persistence, when the backend has a `cookie` line. */
  readonly cookies: CookiePersistence | undefined;
  /** `stick on|match|store-request` persistence, set by the runtime (it needs the rule environment). */
  sticking: StickPersistence | undefined = undefined;
  /** `use-server` rules, set by the runtime. */
  serverRules: ServerRules | undefined = undefined;
  /** `force-persist` / `ignore-persist`, set by the runtime. */
  persistRules: PersistRules | undefined = undefined;
  /** Each server's own queue, for requests persistence sends to it (only with persistence). */
  readonly #serverQueues: Map<RuntimeServer, BackendQueue> | undefined;
  readonly #listeners: BackendServerListener[] = [];
  /** UP while some server can take traffic (or there is no server), as the stats `status` says. */
  #up: boolean;
  readonly #slowStart = new SlowStart((s) => {
    this.balancer.onServerChange?.(s);
    this.#grab(s);
  });

  constructor(config: Proxy) {
    this.config = config;
    const ids = serverIds(config.servers);
    this.servers = config.servers.map((s, i) => new RuntimeServer(s, config.name, ids[i]));
    this.balancer = balancerFor(config.balance.kind)(this.servers, config);
    const cookie = config.cookie;
    this.cookies = cookie ? new CookiePersistence({ ...config, cookie }, this.servers) : undefined;
    this.#serverQueues = cookie || config.stickRules.length > 0 || config.useServers.length > 0 ? new Map(this.servers.map((s) => [s, new BackendQueue()])) : undefined;
    this.#up = this.#hasWeight();
    if (!this.#up) this.counters.downSince = this.counters.lastChange;
    const dynamic = this.balancer.dynamicWeights === true;
    const backupsEnd = this.servers.some((s) => !s.config.backup && s.config.onMarkedUp === 'shutdown-backup-sessions');
    for (const s of this.servers) {
      s.dynamicWeights = dynamic;
      s.trackStreams = s.config.onMarkedDown === 'shutdown-sessions' || (s.config.backup && backupsEnd);
      s.onChange((c) => this.#serverChanged(c));
    }
  }

  /** Subscribes to its servers' state changes, delivered after the balancer has taken them into account. */
  onServerChange(listener: BackendServerListener): void {
    this.#listeners.push(listener);
  }

  /**
   * One path for every state change (HAProxy's srv_update_status): the
   * slowstart ramp of a server coming back, the balancer, then the queues —
   * waiters of the backend go to a server back in service; the waiters of a
   * stopped server's own queue are balanced again with `option redispatch`
   * (not with `option persist`) — then `on-marked-down` /
   * `on-marked-up` session shutdowns, then subscribers.
   */
  #serverChanged(c: ServerChange): void {
    const s = c.server;
    const cameBack = !c.was.running && s.running;
    const stopped = c.was.running && !s.running;
    if (cameBack && s.config.slowstart > 0) this.#slowStart.begin(s);
    else if (stopped) this.#slowStart.end(s);
    this.balancer.onServerChange?.(s);
    let requeued = this.#grab(s);
    if (stopped) {
      requeued += this.#redistribute(s);
      if (s.config.onMarkedDown === 'shutdown-sessions') shutdownStreams(s);
    }
    if (cameBack && !s.config.backup && s.eweight > 0 && s.config.onMarkedUp === 'shutdown-backup-sessions') {
      for (const b of this.servers) if (b.config.backup) shutdownStreams(b);
    }
    const up = this.#hasWeight();
    if (up !== this.#up) {
      this.#up = up;
      if (up) markUp(this.counters, Date.now());
      else markDown(this.counters, Date.now());
    }
    for (const l of this.#listeners) l(c, requeued);
  }

  /** The backend is UP: some server takes new traffic, or it has none (HAProxy: total weight > 0 or no server). */
  #hasWeight(): boolean {
    return this.servers.length === 0 || this.servers.some((s) => s.usable && s.eweight > 0);
  }

  get up(): boolean {
    return this.#up;
  }

  /** Hands waiters of the backend queue to `s` while it is usable and has room (HAProxy's pendconn_grab_from_px). */
  #grab(s: RuntimeServer): number {
    let n = 0;
    while (s.usable && !s.full && this.queue.length > 0) {
      this.assign(s);
      this.queue.serveNext(s);
      n++;
    }
    return n;
  }

  /** Requests waiting for a stopped server are balanced again (HAProxy's pendconn_redistribute). */
  #redistribute(s: RuntimeServer): number {
    const own = this.#serverQueues?.get(s);
    const f = this.config.flags;
    if (!own || own.length === 0 || !f.redispatch || f.persist) return 0;
    return own.redispatchAll();
  }

  /** Requests waiting in the own queue of `server` (persistence sent them there). */
  queuedFor(server: RuntimeServer): number {
    return this.#serverQueues?.get(server)?.length ?? 0;
  }

  get name(): string {
    return this.config.name;
  }

  /**
   * Assigns a server to a request: the balancer's choice when one is below
   * its maxconn (the callback runs at once), else the request waits in the
   * queue while some server is usable. Returns a cancel function while it
   * waits (the client left). `queueTimeout` replaces `timeout queue` for a
   * request balanced again after waiting for a server that stopped.
   */
  dispatch(ctx: PickContext, cb: DispatchCallback, queueTimeout?: number): (() => void) | undefined {
    const server = this.balancer.pick(ctx);
    if (server) {
      server.counters.lbTotal++;
      this.counters.lbTotal++;
      this.assign(server);
      cb(server);
      return undefined;
    }
    if (!this.servers.some((s) => s.usable)) {
      cb(undefined, 'no-server');
      return undefined;
    }
    return this.#wait(this.queue, ctx, cb, queueTimeout);
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
    return this.#wait(own, ctx, cb, undefined, server.counters);
  }

  /**
   * Waits in `queue`; the returned cancel function follows the request if it
   * is balanced again (its server stopped) and waits elsewhere, keeping what
   * is left of its `timeout queue`.
   */
  #wait(queue: BackendQueue, ctx: PickContext, cb: DispatchCallback, timeout = this.#queueTimeout(), counters: Counters = this.counters): () => void {
    const deadline = performance.now() + timeout;
    let cancel: (() => void) | undefined;
    const onServed = (s: RuntimeServer | undefined): void => {
      cancel = undefined;
      if (s) {
        cb(s);
        return;
      }
      cb(undefined, 'queue-timeout');
    };
    const again = (): void => {
      cancel = this.dispatch(ctx, cb, timeout > 0 ? Math.max(1, deadline - performance.now()) : 0);
    };
    cancel = queue.enqueue(onServed, timeout, again);
    if (queue.length > counters.queueMax) counters.queueMax = queue.length;
    return () => cancel?.();
  }

  /** `timeout queue`, by default `timeout connect` (0: no limit). */
  #queueTimeout(): number {
    const t = this.config.timeouts;
    return t.queue ?? t.connect ?? 0;
  }

  /** Counts a request as being served by `server` (scur). */
  assign(server: RuntimeServer): void {
    const c = server.counters;
    if (++c.current > c.max) c.max = c.current;
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

/** Ends every client connection using `server` (on-marked-down / on-marked-up, manual 5.2). */
function shutdownStreams(server: RuntimeServer): void {
  for (const stream of [...server.streams]) stream.shutdown();
}
