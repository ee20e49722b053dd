/**
 * Statistics rows from the live runtime, as HAProxy 2.6 fills them
 * (management guide 9.1): per proxy in declaration order its FRONTEND row,
 * its server rows, then its BACKEND row; fields that HAProxy leaves empty for
 * an object kind stay empty. Built on demand (stats page, `show stat`,
 * Prometheus); nothing here runs on the data path.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer } from '../backend/server.js';
import { ADMIN } from '../backend/server.js';
import { checkDescription } from '../checks/result.js';
import type { Proxy } from '../config/model/proxy.js';
import type { RuntimeFrontend } from '../runtime/frontend.js';
import { FIELD_INDEX, MODULE_FIELDS, type StatField } from './columns.js';
import { averageTime, downtimeSeconds, readRate, type Counters } from './counters.js';
import { emptyRow, type StatRow, type StatValue } from './row.js';

/** What the rows are made from: the runtime's proxies, in declaration order. */
export interface StatsSource {
  readonly proxies: readonly StatsProxy[];
}

/** A proxy as statistics see it: its id, its frontend side and its backend side, each present or not. */
export interface StatsProxy {
  readonly config: Proxy;
  readonly id: number;
  readonly frontend?: RuntimeFrontend | undefined;
  readonly backend?: RuntimeBackend | undefined;
}

/** Filters of `show stat` and the stats page (`;up`, `no-maint`, a proxy/type/server selection). */
export interface RowFilter {
  /** `;up` / `up`: servers that are not UP are left out; backend status reads `UP (n/m)`. */
  readonly upOnly?: boolean | undefined;
  /** `no-maint`: servers in maintenance are left out. */
  readonly noMaint?: boolean | undefined;
  /** `show stat <iid> <type> <sid>`: proxy id (-1 all), type mask (1 FE, 2 BE, 4 SRV, bits of any int: -1 all), server id (-1 all). */
  readonly proxyId?: number | undefined;
  readonly typeMask?: number | undefined;
  readonly serverId?: number | undefined;
  /** Proxy names to keep (`stats scope`), or a substring to look for (`scope=` on the page). */
  readonly names?: ReadonlySet<string> | undefined;
  readonly search?: string | undefined;
  /** Server addresses and cookies (`stats show-legends`, `show stat` from operator level up). */
  readonly legends?: boolean | undefined;
}

/** A server whose health checks run (configured and not stopped by an operator). */
export function checksEnabled(s: RuntimeServer): boolean {
  return s.checkHealth !== undefined && !s.checkPaused;
}

export function agentEnabled(s: RuntimeServer): boolean {
  return s.config.agent.enabled && !s.agentPaused;
}

/** Checks paused by maintenance show no results either (HAProxy pauses them). */
function checkShown(s: RuntimeServer): boolean {
  return checksEnabled(s) && s.enabled;
}

function agentShown(s: RuntimeServer): boolean {
  return agentEnabled(s) && s.enabled;
}

/** A server's address as the `addr` column shows it: `ip:port`, `[ipv6]:port`, or `unix`. */
export function serverAddr(s: RuntimeServer): string {
  const a = s.address;
  if (a.kind === 'unix') return 'unix';
  const port = a.port.kind === 'absent' ? 0 : Math.abs(a.port.value);
  return a.host.includes(':') ? `[${a.host}]:${port}` : `${a.host}:${port}`;
}

/** The stats `status` of a server: UP, DOWN, `UP 1/3`, `DOWN 1/2`, NOLB, DRAIN, MAINT, `no check` ... */
export function serverStatus(s: RuntimeServer): string {
  if ((s.admin & ADMIN.forcedMaint) !== 0 || !s.enabled) return 'MAINT';
  const checked = checksEnabled(s);
  const rise = s.config.rise;
  const fall = s.config.fall;
  const health = s.checkHealth ?? 0;
  const agent = agentEnabled(s);
  if (s.running && s.health === 'up') {
    const goingDown = checked && health < rise + fall - 1;
    if (s.draining) return agent ? 'DRAIN (agent)' : goingDown ? `DRAIN ${health - rise + 1}/${fall}` : 'DRAIN';
    if (goingDown) return `UP ${health - rise + 1}/${fall}`;
    return checked ? 'UP' : 'no check';
  }
  if (s.running && s.health === 'stopping') return !checked || health === rise + fall - 1 ? 'NOLB' : `NOLB ${health - rise + 1}/${fall}`;
  if (agent && s.agentHealth === 0) return 'DOWN (agent)';
  if (checked && health > 0) return `DOWN ${health}/${rise}`;
  return 'DOWN';
}

function put(fields: StatValue[], name: StatField, value: StatValue): void {
  fields[FIELD_INDEX[name]] = value;
}

function common(fields: StatValue[], p: StatsProxy, svname: string, type: number): void {
  put(fields, 'pxname', p.config.name);
  put(fields, 'svname', svname);
  put(fields, 'pid', 1);
  put(fields, 'iid', p.id);
  put(fields, 'type', type);
  put(fields, 'mode', p.config.mode);
}

function http(fields: StatValue[], c: Counters): void {
  put(fields, 'hrsp_1xx', c.responses[1]);
  put(fields, 'hrsp_2xx', c.responses[2]);
  put(fields, 'hrsp_3xx', c.responses[3]);
  put(fields, 'hrsp_4xx', c.responses[4]);
  put(fields, 'hrsp_5xx', c.responses[5]);
  put(fields, 'hrsp_other', c.responses[0]);
}

function compression(fields: StatValue[]): void {
  put(fields, 'comp_in', 0);
  put(fields, 'comp_out', 0);
  put(fields, 'comp_byp', 0);
  put(fields, 'comp_rsp', 0);
}

/** The extra modules: SSL counters, then HTTP/2 and HTTP/1 connection counters (zero: tslb has neither TLS nor HTTP/2). */
function modules(row: StatRow, withMux: boolean, h1?: { open: number; connections: number; streams: number; bytesIn: number; bytesOut: number }): void {
  const m = row.modules;
  for (let i = 0; i < MODULE_FIELDS.length; i++) m[i] = i < 3 || withMux ? 0 : undefined;
  if (!h1) return;
  const at = (name: (typeof MODULE_FIELDS)[number]): number => MODULE_FIELDS.indexOf(name);
  m[at('h1_open_connections')] = h1.open;
  m[at('h1_total_connections')] = h1.connections;
  m[at('h1_total_streams')] = h1.streams;
  m[at('h1_bytes_in')] = h1.bytesIn;
  m[at('h1_bytes_out')] = h1.bytesOut;
}

function lastSession(c: Counters, now: number): number {
  return c.lastSession === 0 ? -1 : Math.floor((now - c.lastSession) / 1000);
}

function times(fields: StatValue[], c: Counters, samples: number): void {
  put(fields, 'qtime', averageTime(c.queueTime, samples));
  put(fields, 'ctime', averageTime(c.connectTime, samples));
  put(fields, 'rtime', averageTime(c.responseTime, samples));
  put(fields, 'ttime', averageTime(c.totalTime, samples));
  put(fields, 'qtime_max', c.queueTimeMax);
  put(fields, 'ctime_max', c.connectTimeMax);
  put(fields, 'rtime_max', c.responseTimeMax);
  put(fields, 'ttime_max', c.totalTimeMax);
}

export function frontendRow(p: StatsProxy, fe: RuntimeFrontend, now: number, globalMaxconn: number): StatRow {
  const row = emptyRow('frontend', p.id, 0);
  const f = row.fields;
  const c = fe.counters;
  common(f, p, 'FRONTEND', 0);
  put(f, 'scur', c.current);
  put(f, 'smax', c.max);
  put(f, 'slim', fe.maxconn || globalMaxconn);
  put(f, 'stot', c.total);
  put(f, 'bin', c.bytesIn);
  put(f, 'bout', c.bytesOut);
  put(f, 'dreq', c.deniedReq);
  put(f, 'dresp', c.deniedResp);
  put(f, 'ereq', c.failedReq);
  put(f, 'dcon', c.deniedConn);
  put(f, 'dses', c.deniedSess);
  put(f, 'status', fe.stopping ? 'STOP' : fe.paused ? 'PAUSED' : 'OPEN');
  put(f, 'sid', 0);
  put(f, 'rate', readRate(c.sessionRate, now));
  put(f, 'rate_lim', p.config.rateLimitSessions);
  put(f, 'rate_max', c.sessionRateMax);
  put(f, 'wrew', c.failedRewrites);
  put(f, 'eint', c.internalErrors);
  const isHttp = p.config.mode === 'http';
  if (isHttp) {
    http(f, c);
    put(f, 'intercepted', c.intercepted);
    put(f, 'cache_lookups', 0);
    put(f, 'cache_hits', 0);
  }
  put(f, 'req_rate', readRate(c.requestRate, now));
  put(f, 'req_rate_max', c.requestRateMax);
  put(f, 'req_tot', c.requests);
  compression(f);
  put(f, 'conn_rate', readRate(c.connRate, now));
  put(f, 'conn_rate_max', c.connRateMax);
  put(f, 'conn_tot', c.connTotal);
  const h1 = { open: c.current, connections: c.connTotal - c.clearedConnTotal, streams: c.requests - c.clearedRequests, bytesIn: c.bytesIn - c.clearedBytesIn, bytesOut: c.bytesOut - c.clearedBytesOut };
  modules(row, true, isHttp ? h1 : undefined);
  return row;
}

export function serverRow(p: StatsProxy, be: RuntimeBackend, s: RuntimeServer, now: number, legends = false): StatRow {
  const row = emptyRow('server', p.id, s.id);
  const f = row.fields;
  const c = s.counters;
  const cfg = s.config;
  common(f, p, s.name, 2);
  put(f, 'qcur', be.queuedFor(s));
  put(f, 'qmax', c.queueMax);
  put(f, 'scur', c.current);
  put(f, 'smax', c.max);
  if (s.maxconn > 0) put(f, 'slim', s.maxconn);
  put(f, 'srv_icur', s.pool.size);
  if (cfg.poolMaxConn !== undefined && cfg.poolMaxConn >= 0) put(f, 'src_ilim', cfg.poolMaxConn);
  put(f, 'stot', c.total);
  put(f, 'bin', c.bytesIn);
  put(f, 'bout', c.bytesOut);
  put(f, 'dresp', c.deniedResp);
  put(f, 'econ', c.connectErrors);
  put(f, 'eresp', c.failedResp);
  put(f, 'wretr', c.retries);
  put(f, 'wredis', c.redispatches);
  put(f, 'wrew', c.failedRewrites);
  put(f, 'eint', c.internalErrors);
  put(f, 'connect', c.connects);
  put(f, 'reuse', c.reuses);
  put(f, 'idle_conn_cur', s.pool.size);
  put(f, 'safe_conn_cur', 0);
  put(f, 'used_conn_cur', 0);
  put(f, 'need_conn_est', 0);
  put(f, 'status', serverStatus(s));
  put(f, 'lastchg', Math.floor((now - c.lastChange) / 1000));
  // The weight it would have in service (HAProxy's eweight): unchanged by DOWN, MAINT or DRAIN.
  put(f, 'weight', Math.ceil(s.eweight / 16));
  put(f, 'uweight', s.weight);
  put(f, 'act', cfg.backup ? 0 : 1);
  put(f, 'bck', cfg.backup ? 1 : 0);
  // Check counters show while the health check is enabled (paused by maintenance included, not by `disable health`).
  if (checksEnabled(s)) {
    put(f, 'chkfail', c.failedChecks);
    put(f, 'chkdown', c.downTransitions);
    put(f, 'downtime', downtimeSeconds(c, now));
  }
  if (cfg.maxqueue > 0) put(f, 'qlimit', cfg.maxqueue);
  put(f, 'sid', s.id);
  if (s.warmingFor !== undefined && s.running && !s.draining) put(f, 'throttle', Math.min(100, Math.floor((100 * s.warmingFor) / Math.ceil(cfg.slowstart / 1000))));
  put(f, 'lbtot', c.lbTotal);
  put(f, 'rate', readRate(c.sessionRate, now));
  put(f, 'rate_max', c.sessionRateMax);
  if (legends) {
    put(f, 'addr', serverAddr(s));
    put(f, 'cookie', cfg.cookie);
  }
  if (checkShown(s)) {
    const r = s.lastCheck;
    // "* " while a check is in progress (management guide 9.1, check_status).
    put(f, 'check_status', `${s.checkRunning ? '* ' : ''}${r?.code ?? 'INI'}`);
    if (r && (r.code === 'L7OK' || r.code === 'L7OKC' || r.code === 'L7STS')) put(f, 'check_code', r.status ?? 0);
    if (r) put(f, 'check_duration', r.durationMs);
    put(f, 'check_desc', checkDescription(r?.code ?? 'INI'));
    put(f, 'last_chk', r?.info ?? '');
    put(f, 'check_rise', cfg.rise);
    put(f, 'check_fall', cfg.fall);
    put(f, 'check_health', s.checkHealth);
  }
  if (agentShown(s)) {
    const r = s.lastAgentCheck;
    put(f, 'agent_status', `${s.agentRunning ? '* ' : ''}${r?.code ?? 'INI'}`);
    if (r) put(f, 'agent_duration', r.durationMs);
    put(f, 'agent_desc', checkDescription(r?.code ?? 'INI'));
    put(f, 'last_agt', r?.info ?? '');
    // An agent's rise and fall are 1 (HAProxy's defaults, not settable).
    put(f, 'agent_rise', 1);
    put(f, 'agent_fall', 1);
    put(f, 'agent_health', s.agentHealth ?? 1);
  }
  if (p.config.mode === 'http') {
    put(f, 'req_tot', c.requests);
    http(f, c);
  }
  put(f, 'cli_abrt', c.clientAborts);
  put(f, 'srv_abrt', c.serverAborts);
  put(f, 'lastsess', lastSession(c, now));
  times(f, c, p.config.mode === 'http' ? c.requests : c.lbTotal);
  modules(row, false);
  return row;
}

export function backendRow(p: StatsProxy, be: RuntimeBackend, now: number, upOnly: boolean, legends = false, fullconn = p.config.fullconn || undefined): StatRow {
  const row = emptyRow('backend', p.id, 0);
  const f = row.fields;
  const c = be.counters;
  common(f, p, 'BACKEND', 1);
  let weight = 0;
  let uweight = 0;
  let act = 0;
  let bck = 0;
  let running = 0;
  const activeUp = be.servers.some((s) => !s.config.backup && s.usable);
  for (const s of be.servers) {
    if (s.running) running++;
    if (!s.usable) continue;
    if (s.config.backup) bck++;
    else act++;
    // The weights of the servers in use: active ones, or the backups when no active one is left.
    if (s.config.backup === !activeUp) {
      weight += Math.ceil(s.eweight / 16);
      uweight += s.weight;
    }
  }
  put(f, 'qcur', be.queue.length);
  put(f, 'qmax', c.queueMax);
  put(f, 'scur', c.current);
  put(f, 'smax', c.max);
  put(f, 'slim', fullconn);
  put(f, 'stot', c.total);
  put(f, 'bin', c.bytesIn);
  put(f, 'bout', c.bytesOut);
  put(f, 'dreq', c.deniedReq);
  put(f, 'dresp', c.deniedResp);
  put(f, 'econ', c.connectErrors);
  put(f, 'eresp', c.failedResp);
  put(f, 'wretr', c.retries);
  put(f, 'wredis', c.redispatches);
  put(f, 'wrew', c.failedRewrites);
  put(f, 'eint', c.internalErrors);
  put(f, 'connect', c.connects);
  put(f, 'reuse', c.reuses);
  const up = be.up ? 'UP' : 'DOWN';
  put(f, 'status', upOnly ? `${up} (${running}/${be.servers.length})` : up);
  put(f, 'weight', weight);
  put(f, 'uweight', uweight);
  put(f, 'act', act);
  put(f, 'bck', bck);
  put(f, 'chkdown', c.downTransitions);
  put(f, 'lastchg', Math.floor((now - c.lastChange) / 1000));
  if (be.servers.length > 0) put(f, 'downtime', downtimeSeconds(c, now));
  put(f, 'sid', 0);
  put(f, 'lbtot', c.lbTotal);
  put(f, 'rate', readRate(c.sessionRate, now));
  put(f, 'rate_max', c.sessionRateMax);
  const isHttp = p.config.mode === 'http';
  if (isHttp) {
    put(f, 'req_tot', c.requests);
    http(f, c);
    put(f, 'cache_lookups', 0);
    put(f, 'cache_hits', 0);
  }
  put(f, 'cli_abrt', c.clientAborts);
  put(f, 'srv_abrt', c.serverAborts);
  compression(f);
  put(f, 'lastsess', lastSession(c, now));
  times(f, c, isHttp ? c.requests : c.lbTotal);
  if (legends) {
    put(f, 'cookie', p.config.cookie?.name);
    put(f, 'algo', p.config.balance.kind);
  }
  put(f, 'agg_server_status', 0);
  put(f, 'agg_server_check_status', 0);
  put(f, 'agg_check_status', 0);
  // The HTTP/1 side towards the servers: its connections, the requests sent on them, bytes read from and written to them.
  const open = isHttp ? be.servers.reduce((n, s) => n + s.counters.current + s.pool.size, 0) : 0;
  const h1 = { open, connections: c.connects - c.clearedConnects, streams: c.connects - c.clearedConnects + c.reuses, bytesIn: c.bytesOut - c.clearedBytesOut, bytesOut: c.bytesIn - c.clearedBytesIn };
  modules(row, true, isHttp ? h1 : undefined);
  return row;
}

/** Servers `;up` / `no-maint` leave out (HAProxy's STAT_HIDE_DOWN / STAT_HIDE_MAINT). */
function hidden(s: RuntimeServer, filter: RowFilter): boolean {
  const maint = !s.enabled;
  if (filter.noMaint && maint) return true;
  if (!filter.upOnly) return false;
  if (maint) return true;
  if (s.running) return false;
  // A stopped server still shows while its checks are bringing it back.
  const checked = checksEnabled(s) || agentEnabled(s);
  return !checked || (agentEnabled(s) && s.agentHealth === 0) || (checksEnabled(s) && (s.checkHealth ?? 0) === 0);
}

/**
 * Each backend's `fullconn` as HAProxy 2.6 sets it when the configuration
 * does not: a tenth, rounded up, of the `maxconn` of the frontends that may
 * send it traffic (their default backend, their static `use_backend`
 * targets, a listen section itself), at least 1.
 */
export function defaultFullconn(source: StatsSource, globalMaxconn: number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const p of source.proxies) {
    if (!p.frontend) continue;
    const targets = new Set<string>();
    const def = p.config.defaultBackend ?? (p.backend ? p.config.name : undefined);
    if (def !== undefined) targets.add(def);
    for (const u of p.config.useBackends) if (!u.dynamic) targets.add(u.backend);
    const maxconn = p.config.maxconn || globalMaxconn;
    for (const name of targets) sums.set(name, (sums.get(name) ?? 0) + maxconn);
  }
  const out = new Map<string, number>();
  for (const p of source.proxies) if (p.backend) out.set(p.config.name, p.config.fullconn || Math.max(1, Math.ceil((sums.get(p.config.name) ?? 0) / 10)));
  return out;
}

/** Every row the filter keeps, in HAProxy's order. */
export function statRows(source: StatsSource, filter: RowFilter = {}, now = Date.now(), globalMaxconn = 0): StatRow[] {
  const rows: StatRow[] = [];
  const mask = filter.typeMask ?? -1;
  const fullconn = defaultFullconn(source, globalMaxconn);
  const wants = (bit: number): boolean => (mask & bit) !== 0;
  for (const p of source.proxies) {
    if (filter.proxyId !== undefined && filter.proxyId !== -1 && p.id !== filter.proxyId) continue;
    if (filter.names && !filter.names.has(p.config.name)) continue;
    if (filter.search && !p.config.name.toLowerCase().includes(filter.search.toLowerCase())) continue;
    if (p.frontend && wants(1)) rows.push(frontendRow(p, p.frontend, now, globalMaxconn));
    const be = p.backend;
    if (!be) continue;
    if (wants(4)) {
      for (const s of be.servers) {
        if (filter.serverId !== undefined && filter.serverId !== -1 && s.id !== filter.serverId) continue;
        if (hidden(s, filter)) continue;
        rows.push(serverRow(p, be, s, now, filter.legends === true));
      }
    }
    // `UP (n/m)` with either filter (HAProxy's STAT_HIDE_DOWN / STAT_HIDE_MAINT).
    if (wants(2)) rows.push(backendRow(p, be, now, filter.upOnly === true || filter.noMaint === true, filter.legends === true, fullconn.get(p.config.name)));
  }
  return rows;
}
