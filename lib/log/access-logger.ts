/**
 * A proxy's access logger: the record of an exchange in, a framed line out
 * on every target of the proxy (configuration manual 8.2, 3.1/4.2 "log").
 *
 *   LogRecord ──► dontlognull? ──► format (compiled once) ──► cut at the largest len
 *                                       │
 *         for each target: sample? ──► syslogFramer (level, header, len) ──► LogSink.write
 *
 * Nothing here waits: sinks queue or send and count what they lose. Access
 * logs are sent at the `info` level, as HAProxy does (without
 * `option log-separate-errors`, which tslb does not have). The levels and
 * the samplers are looked at before the line is built: a logger none of
 * whose targets takes `info` costs nothing per exchange, and a line that
 * no target samples is counted (%lc) but not built.
 *
 * The record is read during log() only: the logger formats and frames at
 * once and keeps nothing of it (see record.ts, the meter reuses it).
 *
 * The data plane builds one logger per proxy (accessLoggerFor) and calls
 * log() once per HTTP exchange or TCP connection when it ends, or at the
 * accept when `atAccept` is true (HAProxy's default "Connect from" line,
 * for a proxy with targets but neither a log option nor log-format).
 */
import type { LogDestination, LogTarget } from '../config/model/log.js';
import type { Global } from '../config/model/global.js';
import type { Proxy } from '../config/model/proxy.js';
import type { ExpressionEnv } from '../rules/sample/expression.js';
import { countDroppedLog } from './dropped-logs.js';
import { compileAccessLogFormat, formatFor, type AccessLogFormat } from './format.js';
import { logSampler } from './log-sample.js';
import type { LogRecord } from './record.js';
import { SEVERITY, syslogFramer, type Framer, type SyslogIdentity } from './syslog.js';
import { logSinks, type LogSink, type LogSinks } from './target.js';

export interface AccessLogger {
  /** Log at the accept (the default format) rather than when the exchange ends. */
  readonly atAccept: boolean;
  /** Logs one exchange; never throws, never waits, and keeps nothing of `rec` (the meter reuses it: record.ts). */
  log(rec: LogRecord): void;
  /** Lines built so far (the next %lc). */
  readonly count: number;
  /** Flushes and lets go of the targets. */
  close(): Promise<void>;
}

/** tslb's syslog tag when neither the proxy nor the global section sets `log-tag` (HAProxy uses its program name). */
export const DEFAULT_LOG_TAG = 'tslb';

/**
 * `option dontlognull`: a connection on which the client sent nothing is
 * not logged: an HTTP connection closed before any request byte, a TCP
 * connection the client sent no byte on (even if the server did, as
 * HAProxy looks only at the request channel). Port probes and health checks
 * of upstream load balancers are the usual case.
 */
export function isNullConnection(rec: LogRecord): boolean {
  return rec.bytesIn === 0;
}

export interface AccessLoggerOptions {
  readonly targets: readonly LogTarget[];
  readonly format: AccessLogFormat;
  readonly identity: SyslogIdentity;
  readonly dontlognull?: boolean | undefined;
  readonly atAccept?: boolean | undefined;
  /**
   * The longest line built before framing: HAProxy builds lines in a buffer
   * of the largest `len` of the configuration, minus one. Default: the
   * largest `len` of `targets`.
   */
  readonly maxLineLength?: number | undefined;
  /** Where destinations are opened (shared by default). */
  readonly sinks?: LogSinks | undefined;
  /**
   * The time in epoch microseconds (tests). Default: the time the record
   * says it is logged at (`logDate`), else the clock, as precise as the
   * targets' headers need.
   */
  readonly clock?: (() => number) | undefined;
}

interface Output {
  readonly destination: LogDestination;
  readonly sink: LogSink;
  readonly frame: Framer;
  readonly sample: (() => boolean) | undefined;
  /** Whether the sampler took the current line. */
  chosen: boolean;
}

/** Epoch microseconds: the wall clock's milliseconds, with the sub-millisecond part of the monotonic clock. */
function nowMicros(): number {
  const frac = performance.now() % 1;
  return Date.now() * 1000 + Math.floor(frac * 1000);
}

class ProxyAccessLogger implements AccessLogger {
  readonly atAccept: boolean;
  readonly #outputs: readonly Output[];
  /** The outputs whose level takes access logs (`info`): the others never get a line. */
  readonly #live: readonly Output[];
  /** Some live output samples its lines. */
  readonly #sampled: boolean;
  readonly #format: AccessLogFormat;
  readonly #cleanEnd: boolean;
  readonly #dontlognull: boolean;
  readonly #maxLine: number;
  readonly #sinks: LogSinks;
  readonly #clock: (() => number) | undefined;
  /** What the live outputs' headers read of the time. */
  readonly #precision: 'none' | 'seconds' | 'micros';
  #count = 0;
  #closed = false;

  constructor(o: AccessLoggerOptions) {
    this.atAccept = o.atAccept ?? false;
    this.#format = o.format;
    this.#cleanEnd = o.format.cleanEnd === true;
    this.#dontlognull = o.dontlognull ?? false;
    this.#sinks = o.sinks ?? logSinks;
    this.#clock = o.clock;
    const largest = o.targets.reduce((m, t) => Math.max(m, t.len), 0);
    this.#maxLine = Math.max(0, (o.maxLineLength ?? largest) - 1);
    // Framers and samplers first: a bad target fails before any sink is opened.
    const prepared = o.targets.map((t) => ({ t, frame: syslogFramer(t, o.identity), sample: logSampler(t.sample) }));
    const outputs: Output[] = [];
    try {
      for (const p of prepared) outputs.push({ destination: p.t.destination, sink: this.#sinks.acquire(p.t.destination), frame: p.frame, sample: p.sample, chosen: true });
    } catch (err) {
      for (const out of outputs) void this.#sinks.release(out.destination);
      throw err;
    }
    this.#outputs = outputs;
    this.#live = outputs.filter((out) => SEVERITY.info <= out.frame.maxLevel);
    this.#sampled = this.#live.some((out) => out.sample !== undefined);
    const clocks = new Set(this.#live.map((out) => out.frame.clock));
    this.#precision = clocks.has('micros') ? 'micros' : clocks.has('seconds') ? 'seconds' : 'none';
  }

  get count(): number {
    return this.#count;
  }

  log(rec: LogRecord): void {
    const live = this.#live;
    if (this.#closed || live.length === 0) return;
    if (this.#dontlognull && isNullConnection(rec)) return;
    if (this.#sampled) {
      // Each sampler counts every line, built or not.
      let any = false;
      for (const out of live) {
        out.chosen = out.sample === undefined || out.sample();
        if (out.chosen) any = true;
      }
      if (!any) {
        this.#count++;
        return;
      }
    }
    let line: string;
    try {
      line = this.#format(rec, this.#count);
    } catch {
      // A sample fetch that failed: the exchange goes on without its line.
      countDroppedLog();
      return;
    }
    this.#count++;
    let clean = this.#cleanEnd;
    if (line.length > this.#maxLine) {
      line = line.slice(0, this.#maxLine);
      clean = false;
    }
    const now = this.#now(rec);
    for (const out of live) {
      if (!out.chosen) continue;
      const frame = out.frame(line, SEVERITY.info, now, clean);
      if (frame !== undefined) out.sink.write(frame);
    }
  }

  /** The sending time in epoch microseconds, as precise as the headers need. */
  #now(rec: LogRecord): number {
    if (this.#clock) return this.#clock();
    switch (this.#precision) {
      case 'none':
        return 0;
      case 'seconds':
        return (rec.logDate ?? Date.now()) * 1000;
      default:
        return nowMicros();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#outputs.map((o) => this.#sinks.release(o.destination)));
  }
}

/** A logger from explicit parts; throws LogTargetError for a target tslb cannot open. */
export function createAccessLogger(o: AccessLoggerOptions): AccessLogger {
  return new ProxyAccessLogger(o);
}

export interface ProxyLoggerOptions {
  /** For `%[...]` in log-format: the rule environment seen from this proxy. */
  readonly env?: ExpressionEnv | undefined;
  readonly sinks?: LogSinks | undefined;
  readonly clock?: (() => number) | undefined;
  /** Default process.pid. */
  readonly pid?: number | undefined;
}

/**
 * The access logger of a frontend (or listen) section, undefined when it
 * has no log target. `proxy.logs` must already have `log global` replaced by
 * the global targets. Throws LogFormatError / LogTargetError, for the
 * configuration to report.
 */
export function accessLoggerFor(proxy: Proxy, global: Global, opts: ProxyLoggerOptions = {}): AccessLogger | undefined {
  if (proxy.logs.length === 0) return undefined;
  const pid = opts.pid ?? process.pid;
  const { text, atAccept } = formatFor(proxy.logFormat, proxy.mode);
  const format = compileAccessLogFormat(text, { mode: proxy.mode, env: opts.env, pid, uriLen: global.tune.httpLogurilen });
  const all = [...global.logs, ...proxy.logs];
  return createAccessLogger({
    targets: proxy.logs,
    format,
    identity: { tag: proxy.logTag ?? global.logTag ?? DEFAULT_LOG_TAG, pid, hostname: global.logSendHostname },
    dontlognull: proxy.flags.dontlognull,
    atAccept,
    maxLineLength: all.reduce((m, t) => Math.max(m, t.len), 0),
    sinks: opts.sinks,
    clock: opts.clock,
  });
}
