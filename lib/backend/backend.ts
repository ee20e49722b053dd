/** A backend at run time: its servers, its balancer and its counters. */
import type { Proxy } from '../config/model/proxy.js';
import type { Balancer, PickContext } from '../balancers/balancer.js';
import { balancerFor } from '../balancers/registry.js';
import { BackendQueue } from './queue.js';
import { RuntimeServer, serverIds } from './server.js';

/** Why no server could be given: none usable (503 at once) or `timeout queue` expired (503). */
export type DispatchFailure = 'no-server' | 'queue-timeout';

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

export class RuntimeBackend {
  readonly config: Proxy;
  readonly servers: readonly RuntimeServer[];
  readonly balancer: Balancer;
  readonly counters: BackendCounters = { total: 0, current: 0, bytesIn: 0, bytesOut: 0, connectErrors: 0, noServer: 0, queueTimeouts: 0 };
  /** Requests waiting for a server below its maxconn. */
  readonly queue = new BackendQueue();

  constructor(config: Proxy) {
    this.config = config;
    const ids = serverIds(config.servers);
    this.servers = config.servers.map((s, i) => new RuntimeServer(s, config.name, ids[i]));
    this.balancer = balancerFor(config.balance.kind)(this.servers, config);
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
    const t = this.config.timeouts;
    return this.queue.enqueue((s) => {
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

  /** A request served by `server` ended: its slot goes to the oldest waiter, if any. */
  release(server: RuntimeServer): void {
    server.counters.current--;
    this.balancer.onRelease?.(server);
    if (this.queue.length > 0 && server.usable && !server.full) {
      this.assign(server);
      this.queue.serveNext(server);
    }
  }
}
