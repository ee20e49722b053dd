/**
 * The process information of `show info` (management guide 9.3), in
 * HAProxy 2.6.12's order and under its names (info-types.ts), so that
 * scripts reading it by key find every key. The product is tslb's:
 * `Name: tslb`, `Version:` and `Build info:` give tslb's version (the
 * latter adding the HAProxy release it follows); values that only mean
 * something inside HAProxy (SSL, pipes, compression, peers, resolvers)
 * are 0. Built on demand; nothing here runs on the data path.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Global } from '../config/model/global.js';
import { droppedLogs } from '../log/dropped-logs.js';
import type { RuntimeFrontend } from '../runtime/frontend.js';
import { HAPROXY_VERSION, TSLB_VERSION } from '../version.js';
import { readRate } from './counters.js';
import type { InfoField } from './row.js';

/** The date of this tslb release, as HAProxy writes its own (`Release_date`). */
export const RELEASE_DATE = '2026/11/22';

/** What `show info` reads from the running process (the Runtime). */
export interface InfoSource {
  readonly model: { readonly global: Global };
  /** When the process started serving (epoch ms). */
  readonly startedAt: number;
  readonly frontends: readonly RuntimeFrontend[];
  readonly stopping: boolean;
  /** The periodic health and agent checks (`Tasks`). */
  readonly checks?: { readonly size: number } | undefined;
}

/** `0d 0h11m08s`: days, hours, then two-digit minutes and seconds. */
export function uptimeText(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${d}d ${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
}

let fdLimit: number | undefined;

/** The soft limit of open files (`Ulimit-n`), read once from /proc on Linux; 0 where it cannot be read. */
function openFilesLimit(): number {
  if (fdLimit === undefined) {
    try {
      const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'latin1'));
      fdLimit = m ? Number(m[1]) : 0;
    } catch {
      fdLimit = 0;
    }
  }
  return fdLimit;
}

let lastLoop = performance.eventLoopUtilization();

/** The share of time the event loop waited for events since the previous call (HAProxy's `Idle_pct`), in whole percents. */
function idlePercent(): number {
  const now = performance.eventLoopUtilization();
  const delta = performance.eventLoopUtilization(now, lastLoop);
  lastLoop = now;
  return delta.idle + delta.active > 0 ? Math.round(100 * (1 - delta.utilization)) : 100;
}

interface Totals {
  connections: number;
  requests: number;
  bytesOut: number;
  connRate: number;
  connRateMax: number;
  sessRate: number;
  sessRateMax: number;
  listeners: number;
  open: number;
}

function totals(frontends: readonly RuntimeFrontend[], now: number): Totals {
  const t: Totals = { connections: 0, requests: 0, bytesOut: 0, connRate: 0, connRateMax: 0, sessRate: 0, sessRateMax: 0, listeners: 0, open: 0 };
  for (const fe of frontends) {
    const c = fe.counters;
    t.connections += c.connTotal;
    t.requests += c.requests;
    t.bytesOut += c.bytesOut;
    t.connRate += readRate(c.connRate, now);
    t.connRateMax = Math.max(t.connRateMax, c.connRateMax);
    t.sessRate += readRate(c.sessionRate, now);
    t.sessRateMax = Math.max(t.sessRateMax, c.sessionRateMax);
    t.listeners += fe.addresses().length;
    t.open += fe.openConnections;
  }
  t.connRateMax = Math.max(t.connRateMax, t.connRate);
  t.sessRateMax = Math.max(t.sessRateMax, t.sessRate);
  return t;
}

/**
 * Every `show info` line, in HAProxy's order. `listeners`: sockets tslb
 * listens on besides the frontends' (the Runtime API's).
 */
export function infoFields(rt: InfoSource, now = Date.now(), listeners = 0): InfoField[] {
  const g = rt.model.global;
  const uptime = Math.max(0, Math.floor((now - rt.startedAt) / 1000));
  const mem = process.memoryUsage();
  const limit = rt.frontends[0]?.processLimit;
  const t = totals(rt.frontends, now);
  const fds = openFilesLimit();
  const fields: [string, number | string][] = [
    ['Name', 'tslb'],
    ['Version', TSLB_VERSION],
    ['Release_date', RELEASE_DATE],
    ['Nbthread', 1],
    ['Nbproc', 1],
    ['Process_num', 1],
    ['Pid', process.pid],
    ['Uptime', uptimeText(uptime)],
    ['Uptime_sec', uptime],
    ['Memmax_MB', 0],
    ['PoolAlloc_MB', Math.floor(mem.heapTotal / 1048576)],
    ['PoolUsed_MB', Math.floor(mem.heapUsed / 1048576)],
    ['PoolFailed', 0],
    ['Ulimit-n', fds],
    ['Maxsock', fds],
    ['Maxconn', limit?.max ?? g.maxconn ?? 0],
    ['Hard_maxconn', g.maxconn ?? 0],
    ['CurrConns', limit?.current ?? 0],
    ['CumConns', t.connections],
    ['CumReq', t.requests],
    ['MaxSslConns', 0],
    ['CurrSslConns', 0],
    ['CumSslConns', 0],
    ['Maxpipes', 0],
    ['PipesUsed', 0],
    ['PipesFree', 0],
    ['ConnRate', t.connRate],
    ['ConnRateLimit', g.maxconnrate ?? 0],
    ['MaxConnRate', t.connRateMax],
    ['SessRate', t.sessRate],
    ['SessRateLimit', g.maxsessrate ?? 0],
    ['MaxSessRate', t.sessRateMax],
    ['SslRate', 0],
    ['SslRateLimit', 0],
    ['MaxSslRate', 0],
    ['SslFrontendKeyRate', 0],
    ['SslFrontendMaxKeyRate', 0],
    ['SslFrontendSessionReuse_pct', 0],
    ['SslBackendKeyRate', 0],
    ['SslBackendMaxKeyRate', 0],
    ['SslCacheLookups', 0],
    ['SslCacheMisses', 0],
    ['CompressBpsIn', 0],
    ['CompressBpsOut', 0],
    ['CompressBpsRateLim', 0],
    ['Tasks', rt.checks?.size ?? 0],
    ['Run_queue', 0],
    ['Idle_pct', idlePercent()],
    ['node', g.node ?? hostname()],
  ];
  if (g.description !== undefined && g.description !== '') fields.push(['description', g.description]);
  fields.push(
    ['Stopping', rt.stopping ? 1 : 0],
    ['Jobs', t.listeners + listeners + t.open],
    ['Unstoppable Jobs', 0],
    ['Listeners', t.listeners + listeners],
    ['ActivePeers', 0],
    ['ConnectedPeers', 0],
    ['DroppedLogs', droppedLogs()],
    ['BusyPolling', 0],
    ['FailedResolutions', 0],
    ['TotalBytesOut', t.bytesOut],
    ['TotalSplicdedBytesOut', 0],
    ['BytesOutRate', 0],
    ['DebugCommandsIssued', 0],
    ['CumRecvLogs', 0],
    ['Build info', `${TSLB_VERSION} (HAProxy ${HAPROXY_VERSION} compatible)`],
    ['Memmax_bytes', 0],
    ['PoolAlloc_bytes', mem.heapTotal],
    ['PoolUsed_bytes', mem.heapUsed],
    ['Start_time_sec', Math.floor(rt.startedAt / 1000)],
    ['Tainted', '0'],
  );
  return fields.map(([name, value]) => ({ name, value }));
}
