/**
 * Micro-benchmark of access logging (lib/log/): what one `option httplog`
 * line costs, step by step, on the configuration of scenario (h) of the
 * data-plane benchmark (lb.cfg in 'http-log' mode, `log file@<tmp> local0`):
 *
 *   - the loop alone (the pool of records, the yields): the floor of the
 *     rows below;
 *   - the line alone (the compiled HTTPLOG format of a LogRecord);
 *   - the line framed for its target (syslog `local` header, line feed), as
 *     the logger frames it (the format says its lines end cleanly);
 *   - the line framed and written to the file (StreamSink);
 *   - the proxy's logger (AccessLogger.log: clock, format, frame, sink);
 *   - the same logger with a target whose level filters access logs out;
 *   - a whole exchange as the session accounts it (ExchangeMeter: request,
 *     backend, server, response, end), without and with the logger: the
 *     difference is what logging adds to a request (record included).
 *
 * Records come from a pool of 64 connections (ports, paths, sizes differ)
 * and time advances one millisecond every 32 lines, about what a busy
 * second of scenario (h) looks like. Written lines go to a temporary file;
 * the loop yields to the event loop every 256 lines so that the writer can
 * drain, as between two turns of a real proxy.
 *
 * ns/line is CPU time (user + system, of the whole process: the file
 * writer's threads included, the pauses that let it drain not), median of
 * runs. instr/line, when Linux's `perf` can count this process, is the
 * instructions the whole process retired per line, over one run of
 * --lines. A line the writer had to drop (its buffer full) would make a
 * row look cheaper: the last column says how many there were.
 *
 *   node dist/benchmarks/access-log.js [--runs 7] [--lines 200000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { lbConfig } from './harness/lb-config.js';
import { arg, median } from './harness/micro.js';
import { countInstructions } from './harness/perf-stat.js';
import { RuntimeBackend } from '../lib/backend/backend.js';
import type { RuntimeServer } from '../lib/backend/server.js';
import { loadConfigText } from '../lib/config/load.js';
import type { Global } from '../lib/config/model/global.js';
import { hasBackend, hasFrontend, type Proxy } from '../lib/config/model/proxy.js';
import { accessLoggerFor, type AccessLogger } from '../lib/log/access-logger.js';
import { droppedLogs } from '../lib/log/dropped-logs.js';
import { compileAccessLogFormat, HTTPLOG } from '../lib/log/format.js';
import type { LogRecord } from '../lib/log/record.js';
import { SEVERITY, syslogFramer } from '../lib/log/syslog.js';
import { StreamSink } from '../lib/log/target-stream.js';
import { RuntimeFrontend } from '../lib/runtime/frontend.js';
import { Limiter } from '../lib/runtime/limiter.js';
import { ExchangeMeter } from '../lib/stats/exchange-meter.js';

const CONNECTIONS = 64;
/** Lines between two yields to the event loop. */
const TURN = 256;
/** Turns between two pauses of a millisecond, for the writer to drain. */
const PAUSE = 2;
/** Lines per millisecond of simulated time. */
const PER_MS = 32;
const START = Date.UTC(2026, 10, 22, 7, 55, 36, 95);

function record(i: number, now: number): LogRecord {
  return {
    clientIp: '127.0.0.1',
    clientPort: 36000 + i,
    frontendIp: '127.0.0.1',
    frontendPort: 8080,
    frontend: 'fe_bench',
    backend: 'be_nginx',
    server: 'nginx',
    backendSourceIp: '-',
    backendSourcePort: -1,
    serverIp: '127.0.0.1',
    serverPort: 8000,
    acceptDate: now - 1000,
    requestDate: now,
    handshake: 0,
    idle: i % 3,
    request: 0,
    queue: 0,
    connect: 0,
    response: 1 + (i % 4),
    active: 2 + (i % 4),
    total: 2 + (i % 7),
    status: 200,
    bytesOut: 148 + i,
    bytesIn: 78,
    termination: '----',
    actconn: 48 + (i % 3),
    feconn: 48 + (i % 3),
    beconn: i % 2,
    srvconn: i % 2,
    retries: 0,
    redispatched: false,
    srvQueue: 0,
    backendQueue: 0,
    method: 'GET',
    uri: i % 4 === 0 ? `/small?page=${i}` : '/small',
    version: 'HTTP/1.1',
    capturedRequest: undefined,
    capturedResponse: undefined,
    capturedCookie: undefined,
    capturedSetCookie: undefined,
  };
}

/** One step of logging, `i` the line number: returns something to keep the work alive. */
type Step = (i: number) => number;

interface Row {
  readonly name: string;
  readonly ns: number;
  readonly instructions: number | undefined;
  readonly dropped: number;
}

async function runLines(step: Step, lines: number): Promise<number> {
  let keep = 0;
  for (let i = 0; i < lines; i++) {
    keep += step(i);
    if (i % TURN === TURN - 1) {
      if (i % (TURN * PAUSE) === TURN * PAUSE - 1) await new Promise((r) => setTimeout(r, 1));
      else await nextTurn();
    }
  }
  return keep;
}

async function measure(name: string, step: Step, runs: number, lines: number): Promise<Row> {
  const samples: number[] = [];
  let keep = 0;
  const droppedBefore = droppedLogs();
  keep += await runLines(step, lines); // warm-up
  for (let r = 0; r < runs; r++) {
    const t0 = process.cpuUsage();
    keep += await runLines(step, lines);
    const t = process.cpuUsage(t0);
    samples.push(((t.user + t.system) * 1e3) / lines);
  }
  let instructions: number | undefined;
  const counting = countInstructions(process.pid);
  if (counting) {
    // perf needs a moment to attach; what the idle process retires meanwhile is noise.
    await new Promise((r) => setTimeout(r, 300));
    keep += await runLines(step, lines);
    const n = await counting.stop();
    instructions = n === undefined ? undefined : n / lines;
  }
  if (keep === -1) throw new Error('unreachable');
  return { name, ns: median(samples), instructions, dropped: droppedLogs() - droppedBefore };
}

function loadProxies(text: string): { frontend: Proxy; backend: Proxy; global: Global } {
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  const frontend = r.model.proxies.find((p) => hasFrontend(p.kind));
  const backend = r.model.proxies.find((p) => hasBackend(p.kind));
  if (!frontend || !backend) throw new Error('lb.cfg without frontend or backend');
  return { frontend, backend, global: r.model.global };
}

/** A client connection as the meter reads it. */
function socket(i: number): Socket {
  return { remoteAddress: '127.0.0.1', remotePort: 36000 + i, localAddress: '127.0.0.1', localPort: 8080, bytesRead: 0, bytesWritten: 0 } as unknown as Socket;
}

/** One keep-alive exchange of scenario (h) through `meter`, at `now`. */
function exchange(meter: ExchangeMeter, be: RuntimeBackend, server: RuntimeServer, now: number): void {
  meter.begin(now);
  meter.request(now, 'GET', '/small', 'HTTP/1.1');
  meter.addIn(78);
  meter.backend(be, now);
  be.counters.current++;
  meter.assigned(server, now);
  meter.connected(server, now, true, 0, false);
  meter.response(200, now + 1);
  meter.addOut(148);
  meter.end(now + 2);
}

function table(rows: readonly Row[]): string {
  const out = ['| step | ns/line | instr/line | dropped |', '|---|---:|---:|---:|'];
  for (const r of rows) out.push(`| ${r.name} | ${r.ns.toFixed(0)} | ${r.instructions === undefined ? 'n/a' : `${(r.instructions / 1000).toFixed(2)}k`} | ${r.dropped} |`);
  return out.join('\n');
}

async function main(): Promise<void> {
  const runs = arg('runs', 7);
  const lines = arg('lines', 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'tslb-bench-log-'));
  const loggers: AccessLogger[] = [];
  const sinks: StreamSink[] = [];
  try {
    const records = Array.from({ length: CONNECTIONS }, (_, i) => record(i, START));
    const at = (i: number): LogRecord => {
      const rec = records[i % CONNECTIONS] as LogRecord;
      rec.requestDate = START + Math.floor(i / PER_MS);
      return rec;
    };
    const usAt = (i: number): number => (START + Math.floor(i / PER_MS)) * 1000 + (i % 1000);
    const format = compileAccessLogFormat(HTTPLOG, { pid: 4242, hostname: 'bench' });
    const target = { destination: { kind: 'file', path: join(dir, 'framed.log') }, format: 'local', facility: 'local0', len: 1024 } as const;
    const frame = syslogFramer(target, { tag: 'tslb', pid: 4242 });
    const sink = new StreamSink(join(dir, 'sink.log'));
    sinks.push(sink);

    const logPath = join(dir, 'access.log');
    const cfg = loadProxies(lbConfig({ mode: 'http-log', proxyPort: 8080, serverPort: 8000, maxconn: 1000, logTarget: `file@${logPath}` }));
    const quietCfg = loadProxies(lbConfig({ mode: 'http-log', proxyPort: 8080, serverPort: 8000, maxconn: 1000, logTarget: `file@${join(dir, 'quiet.log')}` }).replace(' local0', ' local0 notice'));
    const logger = accessLoggerFor(cfg.frontend, cfg.global, { pid: 4242 });
    const quiet = accessLoggerFor(quietCfg.frontend, quietCfg.global, { pid: 4242 });
    if (!logger || !quiet) throw new Error('no logger');
    loggers.push(logger, quiet);

    // The meters of a pool of connections, with and without the logger.
    const limiter = new Limiter(0);
    const plainFe = new RuntimeFrontend(cfg.frontend, limiter);
    const loggingFe = new RuntimeFrontend(cfg.frontend, limiter);
    loggingFe.accessLog = logger;
    const be = new RuntimeBackend(cfg.backend);
    const server = be.servers[0] as RuntimeServer;
    const plainMeters = Array.from({ length: CONNECTIONS }, (_, i) => new ExchangeMeter(plainFe, socket(i), true, START));
    const loggingMeters = Array.from({ length: CONNECTIONS }, (_, i) => new ExchangeMeter(loggingFe, socket(i), true, START));

    const clean = format.cleanEnd === true;
    const rows: Row[] = [];
    rows.push(await measure('(loop and records alone)', (i) => at(i).clientPort, runs, lines));
    rows.push(await measure('format (HTTPLOG)', (i) => format(at(i), i).length, runs, lines));
    rows.push(await measure('format + frame (local)', (i) => (frame(format(at(i), i), SEVERITY.info, usAt(i), clean) ?? '').length, runs, lines));
    rows.push(
      await measure(
        'format + frame + file sink',
        (i) => {
          const f = frame(format(at(i), i), SEVERITY.info, usAt(i), clean);
          if (f !== undefined) sink.write(f);
          return 1;
        },
        runs,
        lines,
      ),
    );
    rows.push(
      await measure(
        'AccessLogger.log (clock, format, frame, file)',
        (i) => {
          logger.log(at(i));
          return 1;
        },
        runs,
        lines,
      ),
    );
    rows.push(
      await measure(
        'AccessLogger.log, target level notice',
        (i) => {
          quiet.log(at(i));
          return 1;
        },
        runs,
        lines,
      ),
    );
    const exchangeRow = (meters: readonly ExchangeMeter[]): Step => (i) => {
      exchange(meters[i % CONNECTIONS] as ExchangeMeter, be, server, START + Math.floor(i / PER_MS));
      return 1;
    };
    const plain = await measure('exchange (ExchangeMeter), no logger', exchangeRow(plainMeters), runs, lines);
    const logged = await measure('exchange (ExchangeMeter), httplog to a file', exchangeRow(loggingMeters), runs, lines);
    rows.push(plain, logged, {
      name: '**logging per exchange** (difference)',
      ns: logged.ns - plain.ns,
      instructions: logged.instructions !== undefined && plain.instructions !== undefined ? logged.instructions - plain.instructions : undefined,
      dropped: logged.dropped,
    });

    for (const l of loggers) await l.close();
    for (const s of sinks) await s.close();
    const written = statSync(logPath).size;
    console.log(`Access logging per line, CPU time, median of ${runs} runs of ${lines.toLocaleString('en-US')} lines (Node ${process.version})\n`);
    console.log(table(rows));
    console.log(`\n${(written / 1024 / 1024).toFixed(1)} MiB written to the logger's file.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
