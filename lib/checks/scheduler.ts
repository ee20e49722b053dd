/**
 * Runs every server's health check and agent check on HAProxy's timings
 * (manual 5.2 "inter", "fastinter", "downinter", "rise", "fall", 4.2
 * "timeout check", 3.1 "spread-checks") and turns results into server state
 * through RuntimeServer.change() — never by calling balancers, which learn
 * of changes through the backend's subscription.
 *
 * Interval after each check: `inter` while fully UP, `downinter` while fully
 * DOWN, `fastinter` while in between (each defaults to `inter`); a server
 * starts in between (UP, health = rise), as in HAProxy. The first checks are
 * spread over the longest interval: check i of n starts after
 * interval × i / n; `spread-checks` adds ± that percentage of randomness to
 * every interval.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { AgentAdmin, RuntimeServer } from '../backend/server.js';
import type { CheckContext, CheckOutcome, CheckTarget, HealthCheck } from './check.js';
import { agentCheck } from './agent.js';
import { HealthCounter } from './health.js';
import { healthCheckFor } from './registry.js';
import { passed, type CheckReport } from './result.js';
import { logCheckResult } from './state-log.js';

export interface SchedulerOptions {
  /** Global `spread-checks` percentage (0..50). */
  readonly spreadChecks: number;
}

interface Intervals {
  readonly inter: number;
  readonly fastinter: number;
  readonly downinter: number;
}

/** One periodic check of one server: the health check or the agent check. */
class CheckTask {
  readonly counter: HealthCounter;
  readonly #check: HealthCheck;
  readonly #context: Omit<CheckContext, 'signal'>;
  readonly #intervals: Intervals;
  readonly #spread: number;
  readonly #onReport: (outcome: CheckOutcome, report: CheckReport) => void;
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  /** Stopped by an operator (`disable health|agent`) until resume(). */
  #paused = false;
  /** Held while the server is in maintenance. */
  #held = false;
  /** Counts schedules: a check that ends after a pause and resume is not the current one. */
  #round = 0;
  /** Told when a check starts and ends (stats prefix the status of a running check with `* `). */
  readonly #onRunning: ((running: boolean) => void) | undefined;

  constructor(
    check: HealthCheck,
    counter: HealthCounter,
    context: Omit<CheckContext, 'signal'>,
    intervals: Intervals,
    spread: number,
    onReport: (outcome: CheckOutcome, report: CheckReport) => void,
    onRunning?: (running: boolean) => void,
  ) {
    this.#onRunning = onRunning;
    this.#check = check;
    this.counter = counter;
    this.#context = context;
    this.#intervals = intervals;
    this.#spread = spread;
    this.#onReport = onReport;
  }

  /** The interval for the counter's current state. */
  interval(): number {
    const settled = this.counter.settled;
    const i = this.#intervals;
    return settled === 'up' ? i.inter : settled === 'down' ? i.downinter : i.fastinter;
  }

  schedule(ms: number): void {
    if (this.#abort.signal.aborted || this.#paused || this.#held) return;
    const round = ++this.#round;
    this.#timer = setTimeout(() => void this.#run(round), ms);
  }

  async #run(round: number): Promise<void> {
    const start = Date.now();
    this.#onRunning?.(true);
    const outcome = await this.#check.run({ ...this.#context, signal: this.#abort.signal });
    this.#onRunning?.(false);
    if (this.#abort.signal.aborted || this.#paused || this.#held || round !== this.#round) return;
    const { agent: _agent, ...result } = outcome;
    this.#onReport(outcome, { ...result, durationMs: Date.now() - start });
    const ms = this.interval();
    const spread = this.#spread > 0 ? ms * (this.#spread / 100) * (Math.random() * 2 - 1) : 0;
    this.schedule(Math.max(0, Math.round(ms + spread)));
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#abort.abort();
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** No more checks until resume(); the result of one in progress is dropped. */
  pause(): void {
    this.#paused = true;
    clearTimeout(this.#timer);
  }

  /** Checks again, the next one after the current interval. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.schedule(this.interval());
  }

  /** Maintenance begins (no checks) or ends (checks again at once). */
  hold(on: boolean): void {
    if (on === this.#held) return;
    this.#held = on;
    if (on) clearTimeout(this.#timer);
    else this.schedule(0);
  }
}

/** The checks of one server: both counters decide whether it is UP. */
class ServerChecks {
  readonly be: RuntimeBackend;
  readonly server: RuntimeServer;
  health?: CheckTask | undefined;
  agent?: CheckTask | undefined;

  constructor(be: RuntimeBackend, server: RuntimeServer) {
    this.be = be;
    this.server = server;
  }

  get up(): boolean {
    return (this.health?.counter.up ?? true) && (this.agent?.counter.up ?? true);
  }

  onHealthReport(report: CheckReport): void {
    const s = this.server;
    const counter = this.health?.counter;
    if (!counter) return;
    const previous = s.lastCheck;
    s.lastCheck = report;
    const ok = passed(report.code);
    if (!ok) s.counters.failedChecks++;
    const changed = counter.record(ok);
    s.checkHealth = counter.health;
    if (this.be.config.flags.logHealthChecks && (changed || previous?.code !== report.code)) logCheckResult(this.be, s, report, counter.status);
    if (changed) s.change({ health: this.up ? 'up' : 'down' }, { source: 'check', report });
    // A server an operator set to NOLB runs again on the next passed check at full health, as in HAProxy.
    else if (ok && s.health === 'stopping' && counter.settled === 'up' && this.up) s.change({ health: 'up' }, { source: 'check', report });
  }

  /**
   * `set server <b>/<s> health up|stopping|down` and `agent up|down`
   * (management guide 9.3): the check's counter goes to full health
   * (rise+fall-1) or to 0, so that its next results count from there, and
   * the server changes at once.
   */
  force(kind: 'health' | 'agent', state: 'up' | 'stopping' | 'down'): void {
    const counter = (kind === 'health' ? this.health : this.agent)?.counter;
    if (counter) counter.health = state === 'down' ? 0 : counter.rise + counter.fall - 1;
    if (kind === 'health' && counter) this.server.checkHealth = counter.health;
    if (kind === 'agent' && counter) this.server.agentHealth = counter.health;
    this.server.change({ health: state === 'down' || !this.up ? 'down' : state }, { source: 'cli' });
  }

  onAgentReport(outcome: CheckOutcome, report: CheckReport): void {
    const s = this.server;
    s.lastAgentCheck = report;
    const reply = outcome.agent;
    // An agent that cannot be reached changes nothing: the health check tests connectivity (manual 5.2 "agent-check").
    if (!reply || !this.agent) return;
    if (reply.up !== undefined) this.agent.counter.record(reply.up);
    s.agentHealth = this.agent.counter.health;
    const weight = reply.weightPercent === undefined ? undefined : Math.min(256, Math.floor((s.config.weight * reply.weightPercent) / 100));
    const agentAdmin: AgentAdmin | undefined = reply.admin;
    s.change({ health: this.up ? 'up' : 'down', agentAdmin, weight, maxconn: reply.maxconn }, { source: 'agent', report });
  }
}

/** Where the health check of `s` connects: `addr` / `port` of its server line, else its own address. */
function checkTarget(s: RuntimeServer): CheckTarget {
  const c = s.config;
  const a = s.address;
  if (a.kind === 'unix' && c.checkAddr === undefined) return { path: a.path };
  const host = c.checkAddr ?? (a.kind === 'inet' ? a.host : '127.0.0.1');
  const port = c.checkPort ?? (a.kind === 'inet' && a.port.kind === 'fixed' ? a.port.value : 0);
  return { host, port };
}

function agentTarget(s: RuntimeServer): CheckTarget {
  const c = s.config;
  const host = c.agent.addr ?? (s.address.kind === 'inet' ? s.address.host : '127.0.0.1');
  return { host, port: c.agent.port ?? 0 };
}

/** Check timeouts (manual 4.2 "timeout check"). */
function timeouts(be: RuntimeBackend, inter: number): Omit<CheckContext, 'signal' | 'target'> {
  const t = be.config.timeouts;
  if (t.check === undefined) return { connectTimeoutMs: inter, readTimeoutMs: undefined, totalTimeoutMs: inter };
  return { connectTimeoutMs: Math.min(t.connect ?? inter, inter), readTimeoutMs: t.check, totalTimeoutMs: inter };
}

/** What an operator can do to one server's checks (Runtime API, stats page). */
export interface CheckControls {
  /** `disable health|agent`: the check stops and stats show no result of it. */
  pause(kind: 'health' | 'agent'): void;
  /** `enable health|agent`. */
  resume(kind: 'health' | 'agent'): void;
  /** `set server health up|stopping|down`, `set server agent up|down`. */
  force(kind: 'health' | 'agent', state: 'up' | 'stopping' | 'down'): void;
  /**
   * The server enters maintenance (its checks stop) or leaves it: checks
   * start again from `rise` — UP, one failure from DOWN — as in HAProxy.
   */
  maintenance(on: boolean): void;
}

export class CheckScheduler {
  readonly #servers: ServerChecks[] = [];
  readonly #tasks: CheckTask[] = [];

  constructor(backends: Iterable<RuntimeBackend>, opts: SchedulerOptions) {
    for (const be of backends) {
      const kind = be.servers.some((s) => s.config.check) ? healthCheckFor(be.config.check) : undefined;
      for (const s of be.servers) {
        const c = s.config;
        if (!kind && !c.agent.enabled) continue;
        const sc = new ServerChecks(be, s);
        if (kind && c.check) {
          const intervals = { inter: c.inter, fastinter: c.fastinter ?? c.inter, downinter: c.downinter ?? c.inter };
          sc.health = new CheckTask(kind, new HealthCounter(c.rise, c.fall), { get target(): CheckTarget { return checkTarget(s); }, ...timeouts(be, c.inter) }, intervals, opts.spreadChecks, (_o, r) =>
            sc.onHealthReport(r),
            (running) => (s.checkRunning = running),
          );
          s.checkHealth = sc.health.counter.health;
          this.#tasks.push(sc.health);
        }
        if (c.agent.enabled) {
          const inter = c.agent.inter ?? c.inter;
          // An agent rises and falls at once (HAProxy's DEF_AGENT_RISETIME / DEF_AGENT_FALLTIME are 1).
          sc.agent = new CheckTask(agentCheck(c.agent.send), new HealthCounter(1, 1), { get target(): CheckTarget { return agentTarget(s); }, ...timeouts(be, inter) }, { inter, fastinter: inter, downinter: inter }, opts.spreadChecks, (o, r) =>
            sc.onAgentReport(o, r),
            (running) => (s.agentRunning = running),
          );
          s.agentHealth = sc.agent.counter.health;
          this.#tasks.push(sc.agent);
        }
        // A server in maintenance (`disabled`) is not checked until it leaves it, as in HAProxy.
        if (!s.enabled) for (const task of [sc.health, sc.agent]) task?.hold(true);
        this.#servers.push(sc);
      }
    }
  }

  /**
   * The controls of `server`'s checks; for a server without them, pausing
   * only marks it so in stats and forcing changes its state directly.
   */
  controls(server: RuntimeServer): CheckControls {
    const sc = this.#servers.find((c) => c.server === server);
    const task = (kind: 'health' | 'agent'): CheckTask | undefined => (kind === 'health' ? sc?.health : sc?.agent);
    return {
      pause(kind) {
        task(kind)?.pause();
        if (kind === 'health') server.checkPaused = true;
        else server.agentPaused = true;
      },
      resume(kind) {
        task(kind)?.resume();
        if (kind === 'health') server.checkPaused = false;
        else server.agentPaused = false;
      },
      force(kind, state) {
        if (sc) sc.force(kind, state);
        else server.change({ health: state }, { source: 'cli' });
      },
      maintenance(on) {
        for (const t of [sc?.health, sc?.agent]) {
          if (!t) continue;
          if (!on) t.counter.health = t.counter.rise;
          t.hold(on);
        }
        if (!on && sc?.health) server.checkHealth = sc.health.counter.health;
      },
    };
  }

  /** Number of periodic checks (health and agent). */
  get size(): number {
    return this.#tasks.length;
  }

  /** Starts every check, the first ones spread over the longest interval. */
  start(): void {
    const n = this.#tasks.length;
    const longest = Math.max(0, ...this.#tasks.map((t) => t.interval()));
    this.#tasks.forEach((t, i) => t.schedule(Math.floor((longest * i) / n)));
  }

  /** Stops every timer and ends the checks in progress (their sockets close). */
  stop(): void {
    for (const t of this.#tasks) t.stop();
  }
}
