/**
 * A server at run time: its configuration, its address in connect() form,
 * its state and its counters (plain numbers, read by stats on demand).
 */
import type { Server } from '../config/model/server.js';
import { ServerPool } from './pool.js';

export interface ServerCounters {
  /** Connections or requests sent to the server (stot). */
  total: number;
  /** Currently in use (scur). */
  current: number;
  bytesIn: number;
  bytesOut: number;
  /** Connection errors (econ). */
  connectErrors: number;
  /** Retries and redispatches (wretr, wredis). */
  retries: number;
  redispatches: number;
}

/**
 * Each server's numeric id (manual 5.2 "id"), numbered as HAProxy does: its
 * `id` if set, else the first id not set on another server counting from
 * its 1-based position (a, b `id 2`, c → 1, 2, 3; a `id 5`, b `id 2`, c →
 * 5, 2, 3). Ids place servers on the consistent-hashing ring and order
 * `balance first`.
 */
export function serverIds(servers: readonly Server[]): number[] {
  const taken = new Set<number>();
  for (const s of servers) if (s.id !== undefined) taken.add(s.id);
  let next = 1;
  return servers.map((s) => {
    let id = s.id;
    if (id === undefined) {
      while (taken.has(next)) next++;
      id = next;
      taken.add(id);
    }
    next++;
    return id;
  });
}

export class RuntimeServer {
  readonly config: Server;
  readonly backendName: string;
  /** Numeric id (see serverIds()). */
  readonly id: number;
  /** Administrative state: false while in maintenance (`disabled`). */
  enabled: boolean;
  /** Current user weight (0-256), from the configuration until changed at run time. */
  weight: number;
  readonly counters: ServerCounters = { total: 0, current: 0, bytesIn: 0, bytesOut: 0, connectErrors: 0, retries: 0, redispatches: 0 };
  /** Idle keep-alive connections for reuse. */
  readonly pool: ServerPool;

  constructor(config: Server, backendName: string, id = config.id ?? 1) {
    this.config = config;
    this.backendName = backendName;
    this.id = id;
    this.enabled = !config.disabled;
    this.weight = config.weight;
    this.pool = new ServerPool(config.poolMaxConn, config.poolPurgeDelay, config.maxReuse);
  }

  get name(): string {
    return this.config.name;
  }

  /** Can take new traffic (health checks arrive with issue 4). */
  get usable(): boolean {
    return this.enabled && this.weight > 0;
  }

  /** At its `maxconn` (0 = no limit): balancers skip it, requests wait in a queue. */
  get full(): boolean {
    const max = this.config.maxconn;
    return max > 0 && this.counters.current >= max;
  }

  /** Where to connect for a client that connected to `clientPort` on the proxy. */
  target(clientPort: number): { host: string; port: number } | { path: string } {
    const a = this.config.address;
    if (a.kind === 'unix') return { path: a.path };
    const port = a.port.kind === 'fixed' ? a.port.value : a.port.kind === 'offset' ? clientPort + a.port.value : clientPort;
    return { host: a.host, port };
  }
}
