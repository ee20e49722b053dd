/**
 * A server at run time: its configuration, its address in connect() form,
 * its state and its counters (plain numbers, read by stats on demand).
 */
import type { Server } from '../config/model/server.js';
import { ServerPool } from './pool.js';
import type { CheckReport } from '../checks/result.js';

/** `slowstart` in whole seconds, as HAProxy keeps it (rounded up). */
export function slowstartSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

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

/** Operational state set by health and agent checks (manual 5.2 "check", "agent-check"). */
export type ServerHealth = 'up' | 'down';

/** What an agent asked for: `drain` (no new traffic but persistent), `maint` (none), `ready` (back to normal). */
export type AgentAdmin = 'ready' | 'drain' | 'maint';

/** The state a server had before a change (see RuntimeServer.change). */
export interface ServerStateSnapshot {
  readonly health: ServerHealth;
  readonly agentAdmin: AgentAdmin;
  readonly usable: boolean;
  readonly running: boolean;
  readonly weight: number;
}

/**
 * A client connection (HTTP exchange or TCP session) using a server, which
 * `on-marked-down shutdown-sessions` and `on-marked-up
 * shutdown-backup-sessions` (manual 5.2) can end: both sides are closed.
 */
export interface ServerStream {
  shutdown(): void;
}

/** HAProxy's BE_WEIGHT_SCALE: effective weights are user weights × 16. */
export const WEIGHT_SCALE = 16;

/** One state change, delivered to every subscriber (the backend's balancer, logs, counters). */
export interface ServerChange {
  readonly server: RuntimeServer;
  readonly was: ServerStateSnapshot;
  /** The check that caused it and its result. */
  readonly by?: { readonly source: 'check' | 'agent'; readonly report: CheckReport } | undefined;
}

export type ServerChangeListener = (change: ServerChange) => void;

export class RuntimeServer {
  readonly config: Server;
  readonly backendName: string;
  /** Numeric id (see serverIds()). */
  readonly id: number;
  /** Administrative state: false while in maintenance (`disabled`). */
  enabled: boolean;
  /** Current user weight (0-256), from the configuration until changed at run time. */
  weight: number;
  /** Connection limit (0 = none): the configured maxconn until an agent changes it. */
  maxconn: number;
  /** Up until checks mark it down; change it with change(). */
  health: ServerHealth = 'up';
  /** Set by an agent check; change it with change(). */
  agentAdmin: AgentAdmin = 'ready';
  /** Last health-check and agent-check results (stats `check_status`, `check_duration`, `last_agt`). */
  lastCheck?: CheckReport | undefined;
  lastAgentCheck?: CheckReport | undefined;
  /** The health-check counter (0 .. rise+fall-1) while checks run, for stats. */
  checkHealth?: number | undefined;
  /**
   * Seconds since the server came back, while `slowstart` ramps it up
   * (undefined: at full speed). Set by the backend (backend/slowstart.ts).
   */
  warmingFor: number | undefined;
  /** The backend's balancer follows weights at run time (HAProxy's BE_LB_PROP_DYN): only then does slowstart ramp the weight. */
  dynamicWeights = true;
  /**
   * Client connections using the server now (see ServerStream), kept only
   * when `trackStreams` is set: when something may have to end them.
   */
  readonly streams = new Set<ServerStream>();
  trackStreams = false;
  readonly #listeners: ServerChangeListener[] = [];
  readonly counters: ServerCounters = { total: 0, current: 0, bytesIn: 0, bytesOut: 0, connectErrors: 0, retries: 0, redispatches: 0 };
  /** Idle keep-alive connections for reuse. */
  readonly pool: ServerPool;

  constructor(config: Server, backendName: string, id = config.id ?? 1) {
    this.config = config;
    this.backendName = backendName;
    this.id = id;
    this.enabled = !config.disabled;
    this.weight = config.weight;
    this.maxconn = config.maxconn;
    this.pool = new ServerPool(config.poolMaxConn, config.poolPurgeDelay, config.maxReuse);
  }

  get name(): string {
    return this.config.name;
  }

  /** Can take new traffic: enabled, not DOWN, not drained or put in maintenance by its agent, weight > 0. */
  get usable(): boolean {
    return this.enabled && this.health === 'up' && this.agentAdmin === 'ready' && this.weight > 0;
  }

  /**
   * Not stopped (HAProxy's cur_state != STOPPED): UP, or DRAIN — weight 0 or
   * drained by its agent — which still takes what a persistence cookie sends
   * it; DOWN and maintenance are stopped (manual 4.2 "cookie", "option persist").
   */
  get running(): boolean {
    return this.enabled && this.health === 'up' && this.agentAdmin !== 'maint';
  }

  /**
   * The weight balancers use, × 16 (HAProxy's eweight): the user weight × 16,
   * or while `slowstart` ramps a returning server up, weight ×
   * ⌊(16 × elapsed + slowstart) / slowstart⌋ in whole seconds — 1/16 of it
   * at once, then growing every second (manual 5.2 "slowstart").
   */
  get eweight(): number {
    const elapsed = this.warmingFor;
    if (elapsed === undefined || !this.dynamicWeights) return this.weight * WEIGHT_SCALE;
    const span = slowstartSeconds(this.config.slowstart);
    return this.weight * Math.floor((WEIGHT_SCALE * elapsed + span) / span);
  }

  /**
   * The connection limit now (0 = none): `maxconn`, or while `slowstart`
   * ramps the server up, that share of it (at least 1) — HAProxy's
   * srv_dynamic_maxconn with whole percents.
   */
  get effectiveMaxconn(): number {
    const max = this.maxconn;
    const elapsed = this.warmingFor;
    if (max === 0 || elapsed === undefined) return max;
    const ratio = Math.floor((100 * elapsed) / slowstartSeconds(this.config.slowstart));
    return Math.max(1, Math.floor((max * ratio) / 100));
  }

  /** Subscribes to state changes (DESIGN.md: checks change state, subscribers react). */
  onChange(listener: ServerChangeListener): void {
    this.#listeners.push(listener);
  }

  /** Applies a state change and tells every subscriber, in subscription order; nothing happens when nothing changes. */
  change(update: { health?: ServerHealth; agentAdmin?: AgentAdmin; weight?: number; maxconn?: number }, by?: ServerChange['by']): void {
    const was: ServerStateSnapshot = { health: this.health, agentAdmin: this.agentAdmin, usable: this.usable, running: this.running, weight: this.weight };
    this.health = update.health ?? this.health;
    this.agentAdmin = update.agentAdmin ?? this.agentAdmin;
    this.weight = update.weight ?? this.weight;
    this.maxconn = update.maxconn ?? this.maxconn;
    if (was.health === this.health && was.agentAdmin === this.agentAdmin && was.weight === this.weight) return;
    const change: ServerChange = { server: this, was, by };
    for (const l of this.#listeners) l(change);
  }

  /** At its `maxconn` (0 = no limit): balancers skip it, requests wait in a queue. */
  get full(): boolean {
    const max = this.warmingFor === undefined ? this.maxconn : this.effectiveMaxconn;
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
