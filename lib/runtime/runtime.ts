/**
 * The running proxy: frontends listening, backends with their servers, and
 * the stop sequences (manual 3.1 "hard-stop-after", management guide on
 * signals):
 *   soft stop — stop accepting, let established connections finish, then
 *               exit; `hard-stop-after` bounds the wait;
 *   hard stop — close everything now.
 */
import type { Model } from '../config/model/index.js';
import { hasBackend, hasFrontend, type Proxy } from '../config/model/proxy.js';
import { RuntimeBackend } from '../backend/backend.js';
import { CheckScheduler } from '../checks/scheduler.js';
import { logServerChanges } from '../checks/state-log.js';
import { handleTcpConnection } from '../tcp/session.js';
import { RuntimeFrontend } from './frontend.js';
import { Limiter } from './limiter.js';
import { createHttpPlan, handleHttpConnection } from '../http/session.js';
import { AclSet } from '../rules/acl/condition.js';
import { SampleContext } from '../rules/context.js';
import { RuleEnv } from '../rules/env.js';
import { HttpEngine, needsEngine } from '../rules/http-engine.js';
import { Router } from '../rules/router.js';
import { Variables } from '../rules/variables.js';
import { converterSpec } from '../rules/converter-lookup.js';
import { ConnectionRules } from '../rules/connection-rules.js';
import { StickTables } from '../stick/tables.js';
import { StickPersistence } from '../persistence/stick-persistence.js';
import { Monitor } from '../http/monitor.js';
import { withDefaultsRules } from './defaults-rules.js';
import { ServerRules } from '../backend/server-rules.js';
import { PersistRules } from '../persistence/persist-rules.js';
import type { Socket } from 'node:net';
import type { StatsProxy, StatsSource } from '../stats/snapshot.js';
import { StatsPage, type StatsPageSource } from '../stats/page/service.js';
import { infoFields } from '../stats/info.js';
import { statRows } from '../stats/snapshot.js';
import { PrometheusExporter, type MetricsSource } from '../stats/prometheus/exporter.js';
import { parseMetricsQuery } from '../stats/prometheus/query.js';
import type { MetricsService } from '../http/session.js';
import { accessLoggerFor, type AccessLogger } from '../log/access-logger.js';
import { startRuntimeApi, type RuntimeApi } from '../runtime-api/runtime-api.js';

export class Runtime implements StatsSource {
  readonly model: Model;
  /** Every running proxy with its id, its frontend and backend sides, in declaration order (statistics). */
  readonly proxies: StatsProxy[] = [];
  /** When the process started serving (epoch ms): `Uptime`, `Start_time_sec`. */
  readonly startedAt = Date.now();
  readonly frontends: RuntimeFrontend[] = [];
  readonly backends = new Map<string, RuntimeBackend>();
  /** Health and agent checks of every server with `check` / `agent-check`. */
  checks: CheckScheduler | undefined;
  #tables: StickTables | undefined;
  #stopping = false;
  /** The `stats socket` listeners, when the global section has some. */
  #api: RuntimeApi | undefined;
  readonly #loggers: AccessLogger[] = [];

  private constructor(model: Model) {
    this.model = model;
  }

  /** Builds the runtime objects and opens every listener. */
  /** `env`: the rule environment (pattern files, userlists), when the support check already built it. */
  static async start(configured: Model, env = new RuleEnv(converterSpec, configured.userlists, new StickTables(configured.proxies))): Promise<Runtime> {
    // Proxies run their named defaults' rules first.
    const model = withDefaultsRules(configured);
    const rt = new Runtime(model);
    rt.#tables = env.tables;
    const global = new Limiter(model.global.maxconn ?? 0);
    for (const p of model.proxies) if (hasBackend(p.kind) && !p.disabled) rt.backends.set(p.name, new RuntimeBackend(p));
    for (const be of rt.backends.values()) {
      logServerChanges(be);
      const at = env.at(be.name);
      if (be.config.stickRules.length > 0) be.sticking = new StickPersistence(be.config, be.servers, new AclSet(be.config.acls, at), at);
      if (be.config.useServers.length > 0) be.serverRules = new ServerRules(be.config, be.servers, new AclSet(be.config.acls, at));
      if (be.config.forcePersist.length > 0 || be.config.ignorePersist.length > 0) be.persistRules = new PersistRules(be.config, new AclSet(be.config.acls, at));
    }
    const ids = proxyIds(model);
    const source: StatsPageSource = { proxies: rt.proxies, globalMaxconn: model.global.maxconn ?? 0, info: () => infoFields(rt), runtime: rt };
    // `stats enable`: the page of each proxy that has one, with its `stats admin` conditions.
    const pages = new Map<string, StatsPage>();
    for (const p of model.proxies) {
      if (!p.stats.enabled || p.disabled) continue;
      const acls = new AclSet(p.acls, env.at(p.name));
      pages.set(p.name, new StatsPage(p, source, p.stats.admin.map((c) => { const holds = acls.condition(c); return (ctx: SampleContext | undefined) => ctx !== undefined && holds(ctx); })));
    }
    // The admin form's "shutdown" ends a server's sessions: they are tracked when some stats page has an admin form.
    if ([...pages.values()].some((pg) => pg.conditional)) for (const be of rt.backends.values()) for (const s of be.servers) s.trackStreams = true;
    const scraped = model.proxies.some((p) => p.rules.httpRequest.some((r) => r.action.type === 'use-service'));
    const metrics = scraped ? metricsService(source, env.tables) : undefined;
    try {
      for (const [i, p] of model.proxies.entries()) {
        if (p.disabled) continue;
        const fe = hasFrontend(p.kind) ? new RuntimeFrontend(p, global) : undefined;
        rt.proxies.push({ config: p, id: ids[i] as number, frontend: fe, backend: hasBackend(p.kind) ? rt.backends.get(p.name) : undefined });
        if (!fe) continue;
        rt.frontends.push(fe);
        // `log` targets with the proxy's log format: one logger per frontend, closed with the runtime.
        const logger = accessLoggerFor(p, model.global, { env: env.at(p.name) });
        if (logger) {
          fe.accessLog = logger;
          rt.#loggers.push(logger);
        }
        const backend = rt.#defaultBackend(p);
        const id = ids[i] as number;
        const engine = p.mode === 'http' && needsEngine(p, rt.backends.values()) ? new HttpEngine(p, id, rt.backends, env) : undefined;
        const monitor = p.mode === 'http' ? monitorOf(p, env) : undefined;
        const http = p.mode === 'http' ? createHttpPlan(fe, backend, model.global.tune, engine, rt.backends.values(), pages, metrics) : undefined;
        // A stats page whose `stats admin` conditions read the request needs the connection's sample context.
        const statsConditional = [pages.get(p.name), backend && pages.get(backend.name)].some((pg) => pg?.conditional === true);
        // `%[...]` in the log format reads the connection and the request.
        const logSamples = logger !== undefined && p.logFormat.kind === 'custom' && p.logFormat.format.includes('%[');
        const plan = http && monitor ? { ...http, monitor } : http;
        // TCP mode: use_backend conditions see the connection (layer 4 fetches).
        const router = p.mode === 'tcp' && p.useBackends.length > 0 ? new Router(p, new AclSet(p.acls, env.at(p.name)), rt.backends, env.at(p.name)) : undefined;
        const backendConfigs = [...rt.backends.values()].map((b) => b.config);
        const layer4 = ConnectionRules.needed(p, backendConfigs) ? new ConnectionRules(p, backendConfigs, env) : undefined;
        // Stick rules of a backend read the connection and the request.
        const sticky = [...rt.backends.values()].some((b) => b.sticking !== undefined || b.serverRules !== undefined || b.persistRules !== undefined);
        const view = { name: p.name, id };
        const proxies = { backend: (name: string) => rt.backends.get(name), userlist: (name: string) => env.userlist(name) };
        await fe.listen((socket, done) => {
          const ctx = layer4 || router || sticky || monitor?.conditional || statsConditional || logSamples ? new SampleContext(socket, view, proxies, new Variables()) : undefined;
          // What the connection tracked stops with it, its bytes counted.
          const finish = ctx
            ? (): void => {
                ctx.stick?.traffic(socket.bytesRead, socket.bytesWritten);
                ctx.stick?.stop('session');
                done();
              }
            : done;
          if (ctx && layer4 && closeIfRefused(socket, layer4.accept(ctx), finish)) return;
          if (plan) {
            handleHttpConnection(socket, fe, plan, finish, ctx);
            return;
          }
          // TCP mode: content rules (inspecting the first bytes), switching, the backend's content rules.
          const proceed = (): void => {
            const chosen = ctx && router ? router.route(ctx) : backend;
            if (ctx && layer4 && chosen && closeIfRefused(socket, layer4.backend(ctx, chosen), finish)) return;
            if (chosen) handleTcpConnection(socket, fe, chosen, finish, ctx);
            else {
              socket.destroy();
              finish();
            }
          };
          if (ctx && layer4) layer4.content(socket, ctx, (v) => closeIfRefused(socket, v, finish) || proceed());
          else proceed();
        });
      }
    } catch (err) {
      rt.hardStop();
      throw err;
    }
    try {
      rt.#api = await startRuntimeApi(rt);
    } catch (err) {
      rt.hardStop();
      throw err;
    }
    rt.checks = new CheckScheduler(rt.backends.values(), { spreadChecks: model.global.spreadChecks });
    rt.checks.start();
    env.tables.start();
    return rt;
  }

  /** Where a frontend sends its traffic when no rule chooses otherwise. */
  #defaultBackend(p: Proxy): RuntimeBackend | undefined {
    const unconditional = p.useBackends.find((u) => !u.cond && !u.dynamic);
    const name = unconditional?.backend ?? p.defaultBackend ?? (p.kind === 'listen' ? p.name : undefined);
    return name === undefined ? undefined : this.backends.get(name);
  }

  /** The stick tables, by proxy name. */
  get tables(): StickTables | undefined {
    return this.#tables;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Connections still open across every frontend. */
  get openConnections(): number {
    return this.frontends.reduce((n, fe) => n + fe.openConnections, 0);
  }

  /**
   * Stops accepting and resolves once every connection has ended; after
   * `hardStopAfter` ms (global hard-stop-after) the rest are closed.
   */
  async softStop(hardStopAfter = this.model.global.hardStopAfter): Promise<void> {
    this.#stopping = true;
    this.checks?.stop();
    this.#tables?.stop();
    await this.#api?.close();
    // Idle server connections would keep tslb's own listeners (and servers) busy.
    this.drainPools();
    await Promise.all(this.frontends.map((fe) => fe.stopListening()));
    const deadline = hardStopAfter !== undefined ? Date.now() + hardStopAfter : Infinity;
    let forced = false;
    while (this.openConnections > 0) {
      if (!forced && Date.now() >= deadline) {
        this.hardStop();
        forced = true;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Flushes and closes the access logs (after the last exchange was logged). */
  async closeLogs(): Promise<void> {
    await Promise.all(this.#loggers.map((l) => l.close()));
  }

  /** Closes the idle server connections kept for reuse. */
  drainPools(): void {
    for (const be of this.backends.values()) for (const s of be.servers) s.pool.drain();
  }

  /** Closes every listener and connection now. */
  hardStop(): void {
    this.#stopping = true;
    this.checks?.stop();
    this.#tables?.stop();
    void this.#api?.close();
    for (const fe of this.frontends) {
      void fe.stopListening();
      fe.destroyAll();
    }
    this.drainPools();
  }
}

/** A `reject` or `silent-drop` of the layer-4 rules closes the connection at once (silent-drop with a reset, as HAProxy). */
function closeIfRefused(socket: Socket, verdict: string | undefined, finish: () => void): boolean {
  if (verdict !== 'reject' && verdict !== 'silent-drop') return false;
  if (verdict === 'silent-drop') socket.resetAndDestroy();
  else socket.destroy();
  finish();
  return true;
}

/**
 * Each proxy's numeric id (stats `iid`), as HAProxy 2.6 numbers them: its
 * `id` if set, else the first id not taken, counting from 1 — from 2 when a
 * `stats socket` exists, whose own internal proxy takes 1 [verified].
 */
export function proxyIds(model: Model): number[] {
  const taken = new Set<number>();
  for (const p of model.proxies) if (p.id !== undefined) taken.add(p.id);
  if (model.global.statsSockets.length > 0) taken.add(1);
  let next = 1;
  return model.proxies.map((p) => {
    if (p.id !== undefined) return p.id;
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  });
}

/** `use-service prometheus-exporter`: one exporter for the process, made at start (the first scrape is not slower). */
function metricsService(source: StatsPageSource, tables: StickTables): MetricsService {
  const exporter = new PrometheusExporter();
  const metrics: MetricsSource = {
    rows: () => statRows(source, {}, Date.now(), source.globalMaxconn),
    info: () => source.info(),
    tables: () => [...tables].map((t) => ({ name: t.name, type: t.type, size: t.size, used: t.used })),
  };
  return (query) => {
    const parsed = parseMetricsQuery(query);
    if (!parsed.ok) return undefined;
    return exporter.chunks(metrics, parsed.query);
  };
}

/** The frontend's `monitor-uri` with its `monitor fail` conditions, if it has one. */
function monitorOf(p: Proxy, env: RuleEnv): Monitor | undefined {
  const uri = p.monitor.uri;
  if (uri === undefined) return undefined;
  const acls = new AclSet(p.acls, env.at(p.name));
  return new Monitor(uri, p.monitor.fail.map((c) => acls.condition(c)));
}
