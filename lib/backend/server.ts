/**
 * A server at run time: its configuration, its address in connect() form,
 * its state and its counters (plain numbers, read by stats on demand).
 */
import type { Server, ServerAddress } from '../config/model/server.js';
import { ServerPool } from './pool.js';
import type { CheckReport } from '../checks/result.js';
import { markDown, markUp, newCounters, type Counters } from '../stats/counters.js';

/** `slowstart` in whole seconds, as HAProxy keeps it (rounded up). */
export function slowstartSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
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

/**
 * Administrative state flags, as HAProxy numbers them (`show servers state`
 * srv_admin_state): maintenance forced by an operator (FMAINT) or by the
 * configuration (`disabled`, CMAINT), drain forced by an operator (FDRAIN).
 */
export const ADMIN = { forcedMaint: 0x01, configMaint: 0x04, forcedDrain: 0x08 } as const;
const ADMIN_MAINT = ADMIN.forcedMaint | ADMIN.configMaint;

/** Operational state set by health and agent checks (manual 5.2 "check", "agent-check"), or by an operator: `stopping` (NOLB) takes only persistent traffic. */
export type ServerHealth = 'up' | 'down' | 'stopping';

/** What an agent asked for: `drain` (no new traffic but persistent), `maint` (none), `ready` (back to normal). */
export type AgentAdmin = 'ready' | 'drain' | 'maint';

/** The state a server had before a change (see RuntimeServer.change). */
export interface ServerStateSnapshot {
  readonly health: ServerHealth;
  readonly agentAdmin: AgentAdmin;
  readonly usable: boolean;
  readonly running: boolean;
  readonly weight: number;
  readonly admin: number;
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
  readonly by?: { readonly source: 'check' | 'agent'; readonly report: CheckReport } | { readonly source: 'cli' } | undefined;
}

export type ServerChangeListener = (change: ServerChange) => void;

export class RuntimeServer {
  readonly config: Server;
  readonly backendName: string;
  /** Numeric id (see serverIds()). */
  readonly id: number;
  /** Administrative flags (ADMIN): maintenance and drain set by the configuration or an operator. */
  admin: number;
  /** Where the server is: its configured address until `set server addr` changes it (setAddress). */
  address: ServerAddress;
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
  /** The agent check's counter (0 or 1: an agent rises and falls at once, as in HAProxy), for stats. */
  agentHealth?: number | undefined;
  /** Health and agent checks stopped by an operator (`disable health|agent`): stats show no check results. */
  checkPaused = false;
  agentPaused = false;
  /** A health or agent check is in progress (stats show its last status as `* L4OK`). */
  checkRunning = false;
  agentRunning = false;
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
  readonly counters: Counters = newCounters();
  /** Idle keep-alive connections for reuse. */
  readonly pool: ServerPool;

  constructor(config: Server, backendName: string, id = config.id ?? 1) {
    this.config = config;
    this.backendName = backendName;
    this.id = id;
    this.admin = config.disabled ? ADMIN.configMaint : 0;
    this.address = config.address;
    this.weight = config.weight;
    this.maxconn = config.maxconn;
    this.pool = new ServerPool(config.poolMaxConn, config.poolPurgeDelay, config.maxReuse);
  }

  get name(): string {
    return this.config.name;
  }

  /** Not in maintenance (by the configuration or an operator). */
  get enabled(): boolean {
    return (this.admin & ADMIN_MAINT) === 0;
  }

  /** Drained by an operator or its agent: no new traffic, persistent traffic still served. */
  get draining(): boolean {
    return (this.admin & ADMIN.forcedDrain) !== 0 || this.agentAdmin === 'drain';
  }

  /** Can take new traffic: enabled, not DOWN, not drained or put in maintenance by its agent, weight > 0. */
  get usable(): boolean {
    return this.enabled && this.health === 'up' && this.agentAdmin === 'ready' && (this.admin & ADMIN.forcedDrain) === 0 && this.weight > 0;
  }

  /**
   * Not stopped (HAProxy's cur_state != STOPPED): UP, or DRAIN — weight 0 or
   * drained by its agent — which still takes what a persistence cookie sends
   * it; DOWN and maintenance are stopped (manual 4.2 "cookie", "option persist").
   */
  get running(): boolean {
    return this.enabled && this.health !== 'down' && this.agentAdmin !== 'maint';
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
  change(update: { health?: ServerHealth; agentAdmin?: AgentAdmin; weight?: number; maxconn?: number; admin?: number }, by?: ServerChange['by']): void {
    const was: ServerStateSnapshot = { health: this.health, agentAdmin: this.agentAdmin, usable: this.usable, running: this.running, weight: this.weight, admin: this.admin };
    this.health = update.health ?? this.health;
    this.agentAdmin = update.agentAdmin ?? this.agentAdmin;
    this.weight = update.weight ?? this.weight;
    this.maxconn = update.maxconn ?? this.maxconn;
    this.admin = update.admin ?? this.admin;
    if (was.health === this.health && was.agentAdmin === this.agentAdmin && was.weight === this.weight && was.admin === this.admin) return;
    // lastchg follows state changes (not weight changes); downtime and chkdown follow stops.
    const now = Date.now();
    if (was.running && !this.running) markDown(this.counters, now);
    else if (!was.running && this.running) markUp(this.counters, now);
    else if (was.health !== this.health || was.agentAdmin !== this.agentAdmin || was.admin !== this.admin) this.counters.lastChange = now;
    const change: ServerChange = { server: this, was, by };
    for (const l of this.#listeners) l(change);
  }

  /** At its `maxconn` (0 = no limit): balancers skip it, requests wait in a queue. */
  get full(): boolean {
    const max = this.warmingFor === undefined ? this.maxconn : this.effectiveMaxconn;
    return max > 0 && this.counters.current >= max;
  }

  /**
   * Moves the server (the Runtime API's `set server <b>/<s> addr <ip> [port
   * <p>]`): new connections and health checks go to `host` (and `port`, when
   * given); idle connections kept for reuse, to the old address, are
   * closed. Connections in progress carry on.
   */
  setAddress(host: string, port?: number): void {
    const a = this.address;
    const family = host.includes(':') ? 'ipv6' : 'ipv4';
    const kept = a.kind === 'inet' ? a.port : ({ kind: 'absent' } as const);
    this.address = { kind: 'inet', host, family, port: port === undefined ? kept : { kind: 'fixed', value: port } };
    this.pool.drain();
  }

  /** Where to connect for a client that connected to `clientPort` on the proxy. */
  target(clientPort: number): { host: string; port: number } | { path: string } {
    const a = this.address;
    if (a.kind === 'unix') return { path: a.path };
    const port = a.port.kind === 'fixed' ? a.port.value : a.port.kind === 'offset' ? clientPort + a.port.value : clientPort;
    return { host: a.host, port };
  }
}
