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

  constructor(
    check: HealthCheck,
    counter: HealthCounter,
    context: Omit<CheckContext, 'signal'>,
    intervals: Intervals,
    spread: number,
    onReport: (outcome: CheckOutcome, report: CheckReport) => void,
  ) {
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
    if (this.#abort.signal.aborted) return;
    this.#timer = setTimeout(() => void this.#run(), ms);
  }

  async #run(): Promise<void> {
    const start = Date.now();
    const outcome = await this.#check.run({ ...this.#context, signal: this.#abort.signal });
    if (this.#abort.signal.aborted) return;
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
    const changed = counter.record(passed(report.code));
    s.checkHealth = counter.health;
    if (this.be.config.flags.logHealthChecks && (changed || previous?.code !== report.code)) logCheckResult(this.be, s, report, counter.status);
    if (changed) s.change({ health: this.up ? 'up' : 'down' }, { source: 'check', report });
  }

  onAgentReport(outcome: CheckOutcome, report: CheckReport): void {
    const s = this.server;
    s.lastAgentCheck = report;
    const reply = outcome.agent;
    // An agent that cannot be reached changes nothing: the health check tests connectivity (manual 5.2 "agent-check").
    if (!reply || !this.agent) return;
    if (reply.up !== undefined) this.agent.counter.record(reply.up);
    const weight = reply.weightPercent === undefined ? undefined : Math.min(256, Math.floor((s.config.weight * reply.weightPercent) / 100));
    const agentAdmin: AgentAdmin | undefined = reply.admin;
    s.change({ health: this.up ? 'up' : 'down', agentAdmin, weight, maxconn: reply.maxconn }, { source: 'agent', report });
  }
}

/** Where the health check of `s` connects: `addr` / `port` of its server line, else its own address. */
function checkTarget(s: RuntimeServer): CheckTarget {
  const c = s.config;
  const a = c.address;
  if (a.kind === 'unix' && c.checkAddr === undefined) return { path: a.path };
  const host = c.checkAddr ?? (a.kind === 'inet' ? a.host : '127.0.0.1');
  const port = c.checkPort ?? (a.kind === 'inet' && a.port.kind === 'fixed' ? a.port.value : 0);
  return { host, port };
}

function agentTarget(s: RuntimeServer): CheckTarget {
  const c = s.config;
  const host = c.agent.addr ?? (c.address.kind === 'inet' ? c.address.host : '127.0.0.1');
  return { host, port: c.agent.port ?? 0 };
}

/** Check timeouts (manual 4.2 "timeout check"). */
function timeouts(be: RuntimeBackend, inter: number): Omit<CheckContext, 'signal' | 'target'> {
  const t = be.config.timeouts;
  if (t.check === undefined) return { connectTimeoutMs: inter, readTimeoutMs: undefined, totalTimeoutMs: inter };
  return { connectTimeoutMs: Math.min(t.connect ?? inter, inter), readTimeoutMs: t.check, totalTimeoutMs: inter };
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
          sc.health = new CheckTask(kind, new HealthCounter(c.rise, c.fall), { target: checkTarget(s), ...timeouts(be, c.inter) }, intervals, opts.spreadChecks, (_o, r) =>
            sc.onHealthReport(r),
          );
          s.checkHealth = sc.health.counter.health;
          this.#tasks.push(sc.health);
        }
        if (c.agent.enabled) {
          const inter = c.agent.inter ?? c.inter;
          sc.agent = new CheckTask(agentCheck(c.agent.send), new HealthCounter(c.rise, c.fall), { target: agentTarget(s), ...timeouts(be, inter) }, { inter, fastinter: inter, downinter: inter }, opts.spreadChecks, (o, r) =>
            sc.onAgentReport(o, r),
          );
          this.#tasks.push(sc.agent);
        }
        this.#servers.push(sc);
      }
    }
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
