/**
 * The data-plane benchmark: direct, HAProxy 2.6, tslb and two Node peers in
 * one run, on one machine.
 *
 *   npm run bench [-- --quick] [-- --duration 8 --warmup 3 --idle-connections 10000]
 *
 *                       CPU 0                       CPU 1
 *   wrk ─────────────► proxy (one process) ───────► nginx (one worker)
 *   idle-clients.js ──►   │                           ▲
 *   wrk ──────────────────┼───────────────────────────┘  "direct"
 *
 * Scenarios: (a) small keep-alive GETs c=50, (b) a new connection per request,
 * (c) 1 MiB responses c=20, (d) TCP mode, (e) memory of 10,000 idle keep-alive
 * client connections, (f) as (a) with cookie insert and httpchk, (g) as (a)
 * through 200 ACLs and 100 use_backend rules, (h) as (a) with `option httplog`
 * to a file (HAProxy: to a UDP port nobody listens on) while /metrics is
 * scraped every second. Prints the tables and writes benchmarks/RESULTS.md.
 * A proxy that does not start is reported "not available", never estimated.
 */
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkResponses } from './harness/http-check.js';
import { measureIdle } from './harness/idle-memory.js';
import { ACL_PATTERN_FILE, lbConfig } from './harness/lb-config.js';
import { BIG_PATH, SMALL_PATH, startNginx } from './harness/nginx.js';
import { atExit, freePort, isListening, killAll, setPinning, sleep, waitListening, type Group } from './harness/processes.js';
import { MODES, proxySpecs, type Mode, type ProxyId, type ProxySpec, type StartContext } from './harness/proxies.js';
import {
  checkTargets,
  idleTable,
  loadTable,
  resultsMarkdown,
  targetsTable,
  type Cell,
  type Results,
  type ScenarioId,
  type ScenarioSpec,
} from './harness/report.js';
import { ensureTools, hasCommand, machineInfo, tslbBuild } from './harness/system.js';
import { countInstructions } from './harness/perf-stat.js';
import { runWrk, type WrkResult } from './harness/wrk.js';

interface LoadScenario extends ScenarioSpec {
  readonly id: Exclude<ScenarioId, 'e'>;
  readonly mode: Mode;
  readonly path: string;
  readonly connections: number;
  readonly close: boolean;
}

const LOAD_SCENARIOS: readonly LoadScenario[] = [
  { id: 'a', title: '(a) small GET, keep-alive, c=50', mode: 'http', path: SMALL_PATH, connections: 50, close: false },
  { id: 'b', title: '(b) small GET, new connection per request, c=50', mode: 'http', path: SMALL_PATH, connections: 50, close: true },
  { id: 'c', title: '(c) 1 MiB GET, keep-alive, c=20', mode: 'http', path: BIG_PATH, connections: 20, close: false },
  { id: 'd', title: '(d) TCP mode: small GET, keep-alive, c=50', mode: 'tcp', path: SMALL_PATH, connections: 50, close: false },
  { id: 'f', title: '(f) as (a), with cookie insert + httpchk', mode: 'http-cookie', path: SMALL_PATH, connections: 50, close: false },
  { id: 'g', title: '(g) as (a), with 200 ACLs + 100 use_backend', mode: 'http-acl', path: SMALL_PATH, connections: 50, close: false },
  { id: 'h', title: '(h) as (a), with httplog + /metrics every 1 s', mode: 'http-log', path: SMALL_PATH, connections: 50, close: false },
];
const IDLE_SCENARIO: ScenarioSpec = { id: 'e', title: '(e) idle keep-alive connections' };
const ALL_SCENARIOS: readonly ScenarioSpec[] = [...LOAD_SCENARIOS, IDLE_SCENARIO];
/** The scenario ids in alphabetical order: the default of --scenarios. */
const SCENARIO_IDS = ALL_SCENARIOS.map((s) => s.id).sort();

/** (h): the path the Prometheus exporter answers on, and how often the harness scrapes it. */
const METRICS_PATH = '/metrics';
const SCRAPE_INTERVAL_MS = 1000;

const PROXY_CPU = 0;
const LOAD_CPU = 1;
/** Room for the idle connections plus the server side and a margin. */
const MAXCONN = 10_500;

const USAGE = `Usage: npm run bench [-- options]
  --duration <s>          measured seconds per cell (default 8)
  --warmup <s>            warm-up seconds before each cell (default 3)
  --runs <n>              measured runs per cell, the median by req/s is kept (default 1)
  --idle-connections <n>  connections held open in (e) (default 10000)
  --quick                 smoke run: --duration 2 --warmup 1 --idle-connections 1000,
                          RESULTS.md not written unless --out is given
  --only <ids>            columns, comma-separated: direct,haproxy,tslb,http-proxy-3,undici,node-pipe
  --scenarios <ids>       comma-separated among ${SCENARIO_IDS.join(',')} (default all)
  --out <file>            where to write the results (default benchmarks/RESULTS.md)
  --no-install            do not apt-get install missing tools
  --no-pin                do not pin processes to CPUs with taskset
  -h, --help              this text`;

interface Options {
  readonly durationS: number;
  readonly warmupS: number;
  readonly runs: number;
  readonly idleConnections: number;
  readonly quick: boolean;
  readonly only: ReadonlySet<ProxyId> | undefined;
  readonly scenarios: ReadonlySet<ScenarioId>;
  readonly out: string | undefined;
  readonly install: boolean;
  readonly pin: boolean;
}

function parseOptions(argv: readonly string[]): Options | string {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const takesValue = new Set(['--duration', '--warmup', '--runs', '--idle-connections', '--only', '--scenarios', '--out']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (takesValue.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return `option '${name}' expects a value`;
      values.set(name, value);
    } else if (['--quick', '--no-install', '--no-pin', '--help', '-h'].includes(arg)) {
      flags.add(arg);
    } else {
      return `unknown option '${arg}'`;
    }
  }
  if (flags.has('--help') || flags.has('-h')) return '';
  const quick = flags.has('--quick');
  const number = (name: string, fallback: number): number | string => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    return Number.isFinite(n) && n > 0 ? n : `option '${name}' expects a positive number, got '${text}'`;
  };
  const durationS = number('--duration', quick ? 2 : 8);
  const warmupS = number('--warmup', quick ? 1 : 3);
  const runs = number('--runs', 1);
  const idleConnections = number('--idle-connections', quick ? 1000 : 10_000);
  for (const v of [durationS, warmupS, runs, idleConnections]) if (typeof v === 'string') return v;
  const ids = proxySpecs('').map((p) => p.id);
  let only: Set<ProxyId> | undefined;
  if (values.has('--only')) {
    only = new Set();
    for (const id of (values.get('--only') ?? '').split(',')) {
      if (!ids.includes(id as ProxyId)) return `--only: unknown column '${id}' (expected ${ids.join(', ')})`;
      only.add(id as ProxyId);
    }
  }
  const scenarios = new Set<ScenarioId>();
  for (const id of (values.get('--scenarios') ?? SCENARIO_IDS.join(',')).split(',')) {
    if (!ALL_SCENARIOS.some((s) => s.id === id)) return `--scenarios: unknown scenario '${id}' (expected ${SCENARIO_IDS.join(', ')})`;
    scenarios.add(id as ScenarioId);
  }
  return {
    durationS: durationS as number,
    warmupS: warmupS as number,
    runs: Math.round(runs as number),
    idleConnections: Math.round(idleConnections as number),
    quick,
    only,
    scenarios,
    out: values.get('--out'),
    install: !flags.has('--no-install'),
    pin: !flags.has('--no-pin'),
  };
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function describe(cell: Cell<WrkResult>): string {
  if (cell.kind === 'measured') {
    const r = cell.value;
    const errors = r.errors > 0 ? `, ${r.errors} errors` : '';
    const instr = r.instrPerReq === undefined ? '' : `, ${(r.instrPerReq / 1000).toFixed(1)}k instr/req`;
    const notes = r.errorText !== '' ? ` (${r.errorText})` : '';
    return `${Math.round(r.rps)} req/s, p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms${instr}${errors}${notes}`;
  }
  return cell.kind === 'skipped' ? 'skipped' : `${cell.kind}: ${cell.reason}`;
}

/** Starts a proxy and makes sure it serves the test responses; else stops it and says why. */
async function startProxy(spec: ProxySpec, ctx: StartContext, mode: Mode): Promise<{ group: Group } | { reason: string }> {
  if (spec.start === undefined) throw new Error('direct has no process');
  if (await isListening(ctx.proxyPort)) return { reason: `port ${ctx.proxyPort} is already in use` };
  const group = spec.start(ctx, mode);
  const listening = await waitListening(group, ctx.proxyPort, 10_000);
  if (!listening.ok) {
    await group.stop();
    return { reason: listening.reason };
  }
  const wrong = await checkResponses(ctx.proxyPort);
  if (wrong !== undefined) {
    await sleep(300);
    const crash = group.exit !== undefined ? `; the proxy then ${group.describeExit()}: ${group.tail()}` : '';
    await group.stop();
    return { reason: `${wrong}${crash}` };
  }
  return { group };
}

interface ScrapeStats {
  readonly count: number;
  /** Scrapes that did not answer 200 with a body, or failed: how, the first few. */
  readonly failures: readonly string[];
  readonly failed: number;
  readonly slowestMs: number;
}

/** One `GET /metrics` over `agent`: its status and body size. */
function scrapeOnce(port: number, agent: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: METRICS_PATH, agent, timeout: 5000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no response within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * (h): scrapes `GET /metrics` every SCRAPE_INTERVAL_MS from now until
 * stop(), the first at once, over one keep-alive connection as Prometheus
 * does: on a fixed grid of ticks, a tick that falls during a slow scrape is
 * skipped (scrapes never overlap, nor catch up).
 */
function startScraper(port: number): { stop(): Promise<ScrapeStats> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const stats = { count: 0, failed: 0, failures: [] as string[], slowestMs: 0 };
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    const start = performance.now();
    for (let k = 0; !stopped; ) {
      const wait = start + k * SCRAPE_INTERVAL_MS - performance.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (stopped) break;
      }
      const t0 = performance.now();
      let failure: string | undefined;
      try {
        const r = await scrapeOnce(port, agent);
        if (r.status !== 200 || r.bytes === 0) failure = `answered ${r.status} with ${r.bytes} bytes`;
      } catch (err) {
        failure = (err as Error).message;
      }
      stats.slowestMs = Math.max(stats.slowestMs, performance.now() - t0);
      stats.count++;
      if (failure !== undefined) {
        stats.failed++;
        if (stats.failures.length < 3) stats.failures.push(failure);
      }
      k = Math.max(k + 1, Math.ceil((performance.now() - start) / SCRAPE_INTERVAL_MS));
    }
  })();
  return {
    /** Stops scraping (waits for a scrape under way); may be called again. */
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      agent.destroy();
      return stats;
    },
  };
}

function describeScrapes(s: ScrapeStats): string {
  const failed = s.failed > 0 ? `, ${s.failed} not 200 (${s.failures.join('; ')})` : ' (all 200)';
  return `${s.count} scrapes${failed}, slowest ${Math.round(s.slowestMs)} ms`;
}

/** The size of the file at `path` in bytes, 0 when there is none. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The lines (newlines) in the file at `path` from byte `from` to byte `to`. */
async function countLines(path: string, from = 0, to = Infinity): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return 0;
  }
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let at = from; at < to; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - at), at);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(10, 0); i >= 0 && i < bytesRead; i = buffer.indexOf(10, i + 1)) lines++;
      at += bytesRead;
    }
    return lines;
  } finally {
    await handle.close();
  }
}

/** A UDP port on 127.0.0.1 nobody listens on (bound, then released). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const num = new Intl.NumberFormat('en-US');

/**
 * One measured cell. In (h) the harness scrapes /metrics on the proxy's metrics frontend
 * during the measured run; with `accessLog` (tslb's log file) it also counts
 * the lines the proxy wrote meanwhile. Both land in the cell's notes.
 */
async function loadCell(
  scenario: LoadScenario,
  port: number,
  options: Options,
  pinned: boolean,
  proxy: Group | undefined,
  accessLog?: string,
  metricsPort?: number,
): Promise<Cell<WrkResult>> {
  const url = `http://127.0.0.1:${port}${scenario.path}`;
  const cpu = pinned ? LOAD_CPU : undefined;
  const base = { url, connections: scenario.connections, close: scenario.close, cpu };
  // (h): the scrapers started, stopped in `finally` too when wrk fails.
  const scrapers: { stop(): Promise<ScrapeStats> }[] = [];
  const scrape = (): { stop(): Promise<ScrapeStats> } | undefined => {
    if (scenario.mode !== 'http-log') return undefined;
    const scraper = startScraper(metricsPort ?? port);
    scrapers.push(scraper);
    return scraper;
  };
  try {
    // (h) scrapes in the warm-up too, as a Prometheus server would have been doing all along: the
    // exporter is made and compiled there, and the measured run sees the steady state.
    const warmScraper = scrape();
    await runWrk({ ...base, seconds: options.warmupS });
    await warmScraper?.stop();
    const logFrom = accessLog === undefined ? 0 : fileSize(accessLog);
    const counting = proxy ? countInstructions(proxy.pid) : undefined;
    const scraper = scrape();
    const result = await runWrk({ ...base, seconds: options.durationS });
    const scrapes = await scraper?.stop();
    const instructions = await counting?.stop();
    if (proxy?.exit !== undefined) return { kind: 'failed', reason: `the proxy ${proxy.describeExit()} during the run: ${proxy.tail()}` };
    const instrPerReq = instructions !== undefined && result.requests > 0 ? instructions / result.requests : undefined;
    const notes = [result.errorText];
    if (scrapes !== undefined) notes.push(describeScrapes(scrapes));
    if (accessLog !== undefined) {
      await sleep(300); // the last lines reach the file
      const logTo = fileSize(accessLog);
      const lines = await countLines(accessLog, logFrom, logTo);
      const expected = result.requests + (scrapes?.count ?? 0);
      notes.push(`${num.format(lines)} log lines for ${num.format(expected)} requests`);
    }
    return { kind: 'measured', value: { ...result, instrPerReq, errorText: notes.filter((n) => n !== '').join('; ') } };
  } catch (err) {
    const dead = proxy?.exit !== undefined ? `; the proxy ${proxy.describeExit()}: ${proxy.tail()}` : '';
    return { kind: 'failed', reason: `${(err as Error).message}${dead}` };
  } finally {
    await Promise.all(scrapers.map((s) => s.stop()));
    await sleep(500);
  }
}

/**
 * One cell from its rounds: the median run by req/s when at least one run
 * was measured (failed rounds are then named in the errors text), else the
 * last reason there was no figure.
 */
function combine(cells: readonly Cell<WrkResult>[]): Cell<WrkResult> {
  const runs = cells.flatMap((c) => (c.kind === 'measured' ? [c.value] : []));
  if (runs.length === 0) return cells.at(-1) ?? { kind: 'skipped' };
  const sorted = [...runs].sort((x, y) => x.rps - y.rps);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as WrkResult;
  const failedRounds = cells.length - runs.length;
  if (failedRounds === 0) return { kind: 'measured', value: median };
  const note = `${failedRounds} of ${cells.length} rounds failed`;
  return { kind: 'measured', value: { ...median, errorText: median.errorText ? `${median.errorText}; ${note}` : note } };
}

/** The last line of a (large) text file, read from its last 4 KiB. */
function readLastLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString('utf8').trimEnd().split('\n').at(-1) ?? '';
  } finally {
    closeSync(fd);
  }
}

/**
 * What follows this line in RESULTS.md was written by hand (the
 * micro-benchmarks' tables, with their commands) and is kept when the
 * file is written again.
 */
const RECORDED_BY_HAND = '<!-- recorded by hand below: kept when npm run bench rewrites this file -->';

/** The hand-recorded end of the results file at `path`, from its marker on, or ''. */
function recordedByHand(path: string): string {
  let previous: string;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    return '';
  }
  const at = previous.indexOf(RECORDED_BY_HAND);
  return at < 0 ? '' : `\n${previous.slice(at)}`;
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (typeof parsed === 'string') {
    if (parsed !== '') process.stderr.write(`bench: ${parsed}\n`);
    process.stderr.write(`${USAGE}\n`);
    return parsed === '' ? 0 : 2;
  }
  const options = parsed;
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled to dist/benchmarks/run.js: the repository is two levels up.
  const repoRoot = resolve(here, '..', '..');
  const clientScript = join(here, 'idle-clients.js');
  if (!existsSync(join(repoRoot, 'benchmarks', 'node_modules', 'undici'))) {
    log('benchmarks/node_modules is missing: run `npm --prefix benchmarks ci` (npm run bench does)');
  }

  if (options.install) ensureTools(log);
  for (const cmd of ['nginx', 'wrk']) if (!hasCommand(cmd)) throw new Error(`${cmd} is not installed (apt-get install -y nginx-light wrk)`);
  const pinned = options.pin && hasCommand('taskset') && availableParallelism() >= 2;
  setPinning(pinned);
  const proxyCpu = pinned ? PROXY_CPU : undefined;
  const loadCpu = pinned ? LOAD_CPU : undefined;

  const proxies = proxySpecs(repoRoot);
  const selected = (p: ProxySpec): boolean => options.only === undefined || options.only.has(p.id);
  const dir = mkdtempSync(join(tmpdir(), 'tslb-bench-'));
  atExit(() => rmSync(dir, { recursive: true, force: true }));
  const results: Results = { load: new Map(), idle: new Map() };
  for (const s of LOAD_SCENARIOS) results.load.set(s.id, new Map(proxies.map((p) => [p.id, { kind: 'skipped' } as Cell<WrkResult>])));
  for (const p of proxies) results.idle.set(p.id, { kind: 'skipped' });

  let nginx: Group | undefined;
  try {
    const nginxPort = await freePort();
    let proxyPort = await freePort();
    while (proxyPort === nginxPort) proxyPort = await freePort();
    const configs = {
      http: join(dir, 'lb.cfg'),
      tcp: join(dir, 'lb-tcp.cfg'),
      'http-cookie': join(dir, 'lb-cookie.cfg'),
      'http-acl': join(dir, 'lb-acl.cfg'),
      'http-log': join(dir, 'lb-log.cfg'),
    } as const;
    // (h): tslb appends its access log to a file; HAProxy, which cannot, sends it to a UDP port nobody listens on.
    const haproxyConfigs = { 'http-log': join(dir, 'lb-log-haproxy.cfg') } as const;
    const accessLog = join(dir, 'access.log');
    const logPort = await freeUdpPort();
    let metricsPort = await freePort();
    while (metricsPort === nginxPort || metricsPort === proxyPort) metricsPort = await freePort();
    const patternFile = join(dir, 'paths.lst');
    writeFileSync(patternFile, ACL_PATTERN_FILE);
    const common = { proxyPort, serverPort: nginxPort, maxconn: MAXCONN, patternFile, metricsPort };
    for (const mode of MODES) writeFileSync(configs[mode], lbConfig({ ...common, mode, logTarget: `file@${accessLog}` }));
    writeFileSync(haproxyConfigs['http-log'], lbConfig({ ...common, mode: 'http-log', logTarget: `127.0.0.1:${logPort}` }));
    log(`temporary directory ${dir}; nginx :${nginxPort}, proxies :${proxyPort}; pinning ${pinned ? 'on' : 'off'}; tslb ${tslbBuild(repoRoot)}`);
    nginx = await startNginx(dir, nginxPort, loadCpu);
    const ctx: StartContext = { repoRoot, configs, haproxyConfigs, proxyPort, nginxPort, cpu: proxyCpu };

    // (a)–(d): one start per proxy and mode, every scenario of that mode in
    // turn; with --runs N the whole sequence is repeated N times (rounds), so
    // that a slow minute of a shared machine does not fall on one column only.
    const rounds = new Map<ScenarioId, Map<ProxyId, Cell<WrkResult>[]>>();
    const record = (s: LoadScenario, proxy: ProxySpec, cell: Cell<WrkResult>, round: number): void => {
      let byProxy = rounds.get(s.id);
      if (byProxy === undefined) rounds.set(s.id, (byProxy = new Map()));
      let cells = byProxy.get(proxy.id);
      if (cells === undefined) byProxy.set(proxy.id, (cells = []));
      cells.push(cell);
      log(`${s.title} | ${proxy.label}${options.runs > 1 ? ` (round ${round})` : ''}: ${describe(cell)}`);
    };
    for (let round = 1; round <= options.runs; round++) {
      for (const mode of MODES) {
        const scenarios = LOAD_SCENARIOS.filter((s) => s.mode === mode && options.scenarios.has(s.id));
        if (scenarios.length === 0) continue;
        for (const proxy of proxies.filter(selected)) {
          const set = (s: LoadScenario, cell: Cell<WrkResult>): void => record(s, proxy, cell, round);
          if (!proxy.modes.includes(mode)) {
            for (const s of scenarios) set(s, { kind: 'n/a', reason: mode === 'tcp' ? 'HTTP-only peer' : 'runs no lb.cfg' });
            continue;
          }
          if (proxy.start === undefined) {
            for (const s of scenarios) set(s, await loadCell(s, nginxPort, options, pinned, undefined));
            continue;
          }
          log(`starting ${proxy.label} (${mode} mode)`);
          const started = await startProxy(proxy, ctx, mode);
          if ('reason' in started) {
            for (const s of scenarios) set(s, { kind: 'unavailable', reason: started.reason });
            continue;
          }
          try {
            for (const s of scenarios) {
              if (started.group.exit !== undefined) {
                set(s, { kind: 'failed', reason: `the proxy ${started.group.describeExit()}: ${started.group.tail()}` });
                continue;
              }
              const logFile = proxy.id === 'tslb' && s.mode === 'http-log' ? accessLog : undefined;
              set(s, await loadCell(s, proxyPort, options, pinned, started.group, logFile, metricsPort));
            }
          } finally {
            await started.group.stop();
          }
        }
      }
    }
    for (const [scenario, byProxy] of rounds) {
      for (const [proxy, cells] of byProxy) results.load.get(scenario)?.set(proxy, combine(cells));
    }

    // (e): a fresh process per proxy, so the baseline is a proxy that served one request.
    if (options.scenarios.has('e')) {
      for (const proxy of proxies.filter(selected)) {
        if (proxy.start === undefined) {
          results.idle.set(proxy.id, { kind: 'n/a', reason: 'no proxy process' });
          continue;
        }
        log(`starting ${proxy.label} for ${options.idleConnections} idle connections`);
        const started = await startProxy(proxy, ctx, 'http');
        if ('reason' in started) {
          results.idle.set(proxy.id, { kind: 'unavailable', reason: started.reason });
          log(`(e) | ${proxy.label}: not available: ${started.reason}`);
          continue;
        }
        try {
          const r = await measureIdle(started.group, {
            clientScript,
            proxyPort,
            nginxPort,
            count: options.idleConnections,
            cpu: loadCpu,
            settleMs: options.quick ? 1000 : 2000,
          });
          results.idle.set(proxy.id, { kind: 'measured', value: r });
          log(`(e) | ${proxy.label}: ${r.perConnectionKiB.toFixed(2)} KiB/conn (${r.open} open, ${r.failed} failed, ${r.serverConnections} server conns)`);
        } catch (err) {
          results.idle.set(proxy.id, { kind: 'failed', reason: (err as Error).message });
          log(`(e) | ${proxy.label}: failed: ${(err as Error).message}`);
        } finally {
          await started.group.stop();
        }
        await sleep(1000);
      }
    }

    if (existsSync(accessLog)) {
      const lastLine = readLastLine(accessLog);
      log(`(h) tslb's access log ${accessLog}: ${num.format(fileSize(accessLog))} bytes, ${num.format(await countLines(accessLog))} lines; the last: ${lastLine}`);
    }

    const shownScenarios = ALL_SCENARIOS.filter((s) => options.scenarios.has(s.id));
    const shownProxies = proxies.filter(selected);
    const machine = machineInfo();
    console.log(`\n${loadTable(results, shownScenarios, shownProxies)}\n`);
    if (options.scenarios.has('e')) {
      console.log(`(e) ${options.idleConnections} idle keep-alive client connections\n`);
      console.log(`${idleTable(results, shownProxies, options.idleConnections)}\n`);
    }
    console.log(`${targetsTable(checkTargets(results))}\n`);

    const out = options.out ?? (options.quick ? undefined : join(repoRoot, 'benchmarks', 'RESULTS.md'));
    if (out === undefined) {
      log('quick run: RESULTS.md not written (pass --out <file> to write one)');
    } else {
      const pkg = (name: string): string => {
        try {
          return (JSON.parse(readFileSync(join(repoRoot, 'benchmarks', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
        } catch {
          return 'not installed';
        }
      };
      const markdown = resultsMarkdown(
        {
          date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
          machine,
          pinned,
          durationS: options.durationS,
          warmupS: options.warmupS,
          runs: options.runs,
          idleConnections: options.idleConnections,
          quick: options.quick,
          versions: { 'http-proxy-3': pkg('http-proxy-3'), undici: pkg('undici') },
          tslb: tslbBuild(repoRoot),
          configs: Object.fromEntries(MODES.map((m) => [m, readFileSync(configs[m], 'utf8')])) as Record<Mode, string>,
          haproxyConfigs: { 'http-log': readFileSync(haproxyConfigs['http-log'], 'utf8') },
        },
        shownScenarios,
        shownProxies,
        results,
      );
      writeFileSync(out, `${markdown}${recordedByHand(out)}`);
      log(`wrote ${relative(process.cwd(), out) || out}`);
    }
    return 0;
  } finally {
    if (nginx) await nginx.stop();
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    killAll();
    process.exitCode = 1;
  },
);
