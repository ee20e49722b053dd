/**
 * The counters of a frontend, backend, server or listener: one plain record
 * of numbers per object, updated on the data path and read on demand by
 * every statistics output (stats page, `show stat`, Prometheus, logs). Plain
 * data on purpose: worker processes will send theirs to the primary, which
 * adds them up (addCounters).
 *
 * The fields follow HAProxy 2.6's stats columns (management guide 9.1);
 * which of them an object kind fills is decided by the row builders
 * (snapshot.ts), as HAProxy leaves some columns empty per kind.
 *
 * Rates are HAProxy's per-second event counters (stick/freq-counter.ts on a
 * one-second period); times are HAProxy's sliding-window averages over the
 * last 1024 requests or connections (swrate): a sum that, once 1024 samples
 * were taken, loses a 1024th of itself per new sample.
 */
import { readFreqCounter, updateFreqCounter } from '../stick/freq-counter.js';

/** HAProxy's TIME_STATS_SAMPLES: averages are over the last 1024 requests or connections. */
export const TIME_SAMPLES = 1024;

/** A per-second event counter: tick, current and previous period counts (freq-counter.ts). */
export type RateCounter = Float64Array;

export interface Counters {
  /** Sessions now (scur) and the most at once (smax). */
  current: number;
  max: number;
  /** Sessions (stot): accepted connections for a frontend, connections/requests sent to a backend or server. */
  total: number;
  /** Connections accepted before any rule (frontend conn_tot, listener stot). */
  connTotal: number;
  /** Times the balancer chose this server (lbtot). */
  lbTotal: number;
  bytesIn: number;
  bytesOut: number;
  /** dreq, dresp, ereq, dcon, dses. */
  deniedReq: number;
  deniedResp: number;
  failedReq: number;
  deniedConn: number;
  deniedSess: number;
  /** econ: connection attempts that failed. */
  connectErrors: number;
  /** eresp: responses that failed (server closed, bad response, timeout). */
  failedResp: number;
  /** wretr, wredis. */
  retries: number;
  redispatches: number;
  /** wrew: header rewrites that failed; eint: internal errors. */
  failedRewrites: number;
  internalErrors: number;
  /** Connections established to servers (connect) and idle ones reused (reuse). */
  connects: number;
  reuses: number;
  /** cli_abrt, srv_abrt: transfers aborted by the client or the server. */
  clientAborts: number;
  serverAborts: number;
  /** HTTP requests (req_tot) and responses by class (hrsp_other, hrsp_1xx ... hrsp_5xx at 0..5). */
  requests: number;
  responses: [number, number, number, number, number, number];
  /** Requests answered by the proxy itself (stats, monitor, redirect, return): `intercepted`. */
  intercepted: number;
  /** The longest the queue got (qmax). */
  queueMax: number;
  /** When the last session was assigned (epoch ms, 0: never): `lastsess`. */
  lastSession: number;
  /** Session, request and connection rates per second, and their highest values. */
  sessionRate: RateCounter;
  sessionRateMax: number;
  requestRate: RateCounter;
  requestRateMax: number;
  connRate: RateCounter;
  connRateMax: number;
  /** swrate sums of queue, connect, response (data) and total times in ms, and their maxima. */
  queueTime: number;
  connectTime: number;
  responseTime: number;
  totalTime: number;
  queueTimeMax: number;
  connectTimeMax: number;
  responseTimeMax: number;
  totalTimeMax: number;
  /** Failed checks (chkfail) and UP→DOWN transitions (chkdown). */
  failedChecks: number;
  downTransitions: number;
  /** When the state last changed (epoch ms) — `lastchg`. */
  lastChange: number;
  /** Milliseconds spent DOWN before the current down period, and when that began (0: not down). */
  downtime: number;
  downSince: number;
  /**
   * connTotal, connects, requests, bytesIn and bytesOut at the last `clear
   * counters`: the HTTP/1 module columns (h1_*), which HAProxy clears even
   * without `all`, count from there.
   */
  clearedConnTotal: number;
  clearedConnects: number;
  clearedRequests: number;
  clearedBytesIn: number;
  clearedBytesOut: number;
}

export function newCounters(now = Date.now()): Counters {
  return {
    current: 0,
    max: 0,
    total: 0,
    connTotal: 0,
    lbTotal: 0,
    bytesIn: 0,
    bytesOut: 0,
    deniedReq: 0,
    deniedResp: 0,
    failedReq: 0,
    deniedConn: 0,
    deniedSess: 0,
    connectErrors: 0,
    failedResp: 0,
    retries: 0,
    redispatches: 0,
    failedRewrites: 0,
    internalErrors: 0,
    connects: 0,
    reuses: 0,
    clientAborts: 0,
    serverAborts: 0,
    requests: 0,
    responses: [0, 0, 0, 0, 0, 0],
    intercepted: 0,
    queueMax: 0,
    lastSession: 0,
    sessionRate: new Float64Array(3),
    sessionRateMax: 0,
    requestRate: new Float64Array(3),
    requestRateMax: 0,
    connRate: new Float64Array(3),
    connRateMax: 0,
    queueTime: 0,
    connectTime: 0,
    responseTime: 0,
    totalTime: 0,
    queueTimeMax: 0,
    connectTimeMax: 0,
    responseTimeMax: 0,
    totalTimeMax: 0,
    failedChecks: 0,
    downTransitions: 0,
    lastChange: now,
    downtime: 0,
    downSince: 0,
    clearedConnTotal: 0,
    clearedConnects: 0,
    clearedRequests: 0,
    clearedBytesIn: 0,
    clearedBytesOut: 0,
  };
}

/** One more event on a rate counter; returns the rate now (for the *_max fields). */
export function countRate(rate: RateCounter, now: number): number {
  updateFreqCounter(rate, 0, 1000, now, 1);
  return readFreqCounter(rate, 0, 1000, now);
}

/** Events in the last second. */
export function readRate(rate: RateCounter, now: number): number {
  return readFreqCounter(rate, 0, 1000, now);
}

/** A session starts on the object: scur, smax, stot, the session rate and its maximum. */
export function startSession(c: Counters, now: number): void {
  if (++c.current > c.max) c.max = c.current;
  c.total++;
  const rate = countRate(c.sessionRate, now);
  if (rate > c.sessionRateMax) c.sessionRateMax = rate;
}

/** An HTTP request: req_tot, the request rate and its maximum. */
export function countRequest(c: Counters, now: number): void {
  c.requests++;
  const rate = countRate(c.requestRate, now);
  if (rate > c.requestRateMax) c.requestRateMax = rate;
}

/** A response status in its class (hrsp_1xx ... hrsp_5xx, other). */
export function countResponse(c: Counters, status: number): void {
  const k = status >= 100 && status < 600 ? Math.floor(status / 100) : 0;
  c.responses[k as 0]++;
}

/**
 * One sample of the four times (HAProxy's swrate_add_dynamic): while fewer
 * than 1024 requests were counted the sums just grow; after, each sample
 * first takes a 1024th (rounded up) off them. `samples` is the count
 * including this one (req_tot in HTTP mode, lbtot in TCP mode).
 */
export function addTimes(c: Counters, samples: number, queue: number, connect: number, response: number, total: number): void {
  const n = samples > TIME_SAMPLES ? TIME_SAMPLES : 0;
  c.queueTime = slide(c.queueTime, n, queue);
  c.connectTime = slide(c.connectTime, n, connect);
  c.responseTime = slide(c.responseTime, n, response);
  c.totalTime = slide(c.totalTime, n, total);
  if (queue > c.queueTimeMax) c.queueTimeMax = queue;
  if (connect > c.connectTimeMax) c.connectTimeMax = connect;
  if (response > c.responseTimeMax) c.responseTimeMax = response;
  if (total > c.totalTimeMax) c.totalTimeMax = total;
}

function slide(sum: number, n: number, v: number): number {
  return (n === 0 ? sum : sum - Math.floor((sum + n - 1) / n)) + v;
}

/** The average a swrate sum stands for, over min(samples, 1024) samples (HAProxy's swrate_avg, rounded up). */
export function averageTime(sum: number, samples: number): number {
  const n = samples > 0 && samples < TIME_SAMPLES ? samples : TIME_SAMPLES;
  return Math.floor((sum + n - 1) / n);
}

/** Whole seconds spent DOWN, the current down period included. */
export function downtimeSeconds(c: Counters, now: number): number {
  const ms = c.downtime + (c.downSince > 0 ? now - c.downSince : 0);
  return Math.floor(ms / 1000);
}

/** The object went DOWN (`chkdown`, downtime starts) or came back UP. */
export function markDown(c: Counters, now: number): void {
  c.downTransitions++;
  c.lastChange = now;
  if (c.downSince === 0) c.downSince = now;
}

export function markUp(c: Counters, now: number): void {
  c.lastChange = now;
  if (c.downSince > 0) {
    c.downtime += now - c.downSince;
    c.downSince = 0;
  }
}

/**
 * `clear counters` (management guide 9.3): maxima and rates' highs reset,
 * and the module columns (clearedConnTotal ...); `clear counters all`
 * resets every counter, current values excepted.
 */
export function clearCounters(c: Counters, all: boolean): void {
  c.clearedConnTotal = c.connTotal;
  c.clearedConnects = c.connects;
  c.clearedRequests = c.requests;
  c.clearedBytesIn = c.bytesIn;
  c.clearedBytesOut = c.bytesOut;
  c.max = c.current;
  c.queueMax = 0;
  c.sessionRateMax = 0;
  c.requestRateMax = 0;
  c.connRateMax = 0;
  c.queueTimeMax = 0;
  c.connectTimeMax = 0;
  c.responseTimeMax = 0;
  c.totalTimeMax = 0;
  if (!all) return;
  const fresh = newCounters(c.lastChange);
  const keep = { current: c.current, max: c.current, lastChange: c.lastChange, downSince: c.downSince, sessionRate: c.sessionRate, requestRate: c.requestRate, connRate: c.connRate };
  Object.assign(c, fresh, keep);
}
