/**
 * The results: one cell per scenario × proxy, the two tables (throughput and
 * latency; idle-connection memory), the issue's targets checked against the
 * figures, and benchmarks/RESULTS.md.
 */
import type { IdleResult } from './idle-memory.js';
import type { Mode, ProxyId, ProxySpec } from './proxies.js';
import type { MachineInfo } from './system.js';
import type { WrkResult } from './wrk.js';

export type ScenarioId = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h';

/** What a cell holds: a figure, or why there is none. */
export type Cell<T> =
  | { readonly kind: 'measured'; readonly value: T }
  /** The proxy did not start, did not listen, or answered wrongly. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** The scenario does not apply to this column (peers in TCP mode, direct in (e)). */
  | { readonly kind: 'n/a'; readonly reason: string }
  /** It started but the run failed (crash, wrk error). */
  | { readonly kind: 'failed'; readonly reason: string }
  /** Left out by --only / --scenarios. */
  | { readonly kind: 'skipped' };

export interface Results {
  readonly load: Map<ScenarioId, Map<ProxyId, Cell<WrkResult>>>;
  readonly idle: Map<ProxyId, Cell<IdleResult>>;
}

export interface ScenarioSpec {
  readonly id: ScenarioId;
  readonly title: string;
}

export interface RunInfo {
  readonly date: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly pinned: boolean;
  readonly durationS: number;
  readonly warmupS: number;
  readonly runs: number;
  readonly idleConnections: number;
  readonly quick: boolean;
  readonly versions: Readonly<Record<string, string>>;
  /** The tslb build measured: version and git commit of the working tree. */
  readonly tslb: string;
  readonly configs: Readonly<Record<Mode, string>>;
  /** HAProxy's own variants, where it cannot run the shared file ('http-log'). */
  readonly haproxyConfigs: Readonly<Partial<Record<Mode, string>>>;
}

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function ms(value: number): string {
  if (!Number.isFinite(value)) return '?';
  return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${value.toFixed(0)} ms`;
}

/** Instructions per request in thousands ("81.5k"), or '—'. */
function kilo(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${(value / 1000).toFixed(1)}k`;
}

function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`;
}

const MAX_REASON = 120;

function shorten(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/** What a cell shows instead of a figure. */
function label(cell: Cell<unknown> | undefined): string {
  if (cell === undefined || cell.kind === 'skipped') return 'not run';
  if (cell.kind === 'measured') return '';
  return cell.kind === 'unavailable' ? 'not available' : cell.kind;
}

/** Why a cell has no figure, shortened for a table. */
function why(cell: Cell<unknown> | undefined): string {
  if (cell === undefined || cell.kind === 'skipped') return 'not run (--only / --scenarios)';
  if (cell.kind === 'measured') return '';
  return shorten(cell.reason);
}

function measured<T>(cell: Cell<T> | undefined): T | undefined {
  return cell?.kind === 'measured' ? cell.value : undefined;
}

/** A markdown table padded so it also reads as a table in a terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[]): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const all = [header, ...rows].map((row) => row.map(escape));
  const widths = header.map((_, i) => Math.max(3, ...all.map((row) => [...(row[i] ?? '')].length)));
  const pad = (s: string, i: number): string => {
    const fill = ' '.repeat((widths[i] ?? 0) - [...s].length);
    return rightAligned.includes(i) ? fill + s : s + fill;
  };
  const line = (row: readonly string[]): string => `| ${row.map((s, i) => pad(s, i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned.includes(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(all[0] ?? []), rule, ...all.slice(1).map(line)].join('\n');
}

export function loadTable(results: Results, scenarios: readonly ScenarioSpec[], proxies: readonly ProxySpec[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    if (scenario.id === 'e') continue;
    const cells = results.load.get(scenario.id);
    if (cells === undefined) continue;
    const haproxy = measured(cells.get('haproxy'));
    let first = true;
    for (const proxy of proxies) {
      const cell = cells.get(proxy.id);
      const name = first ? scenario.title : '';
      first = false;
      const r = measured(cell);
      if (r === undefined) {
        rows.push([name, proxy.label, label(cell), '', '', '', '', '', why(cell)]);
        continue;
      }
      const errors = r.errors > 0 ? `${num.format(r.errors)} errors of ${num.format(r.requests)} (${r.errorText})` : r.errorText;
      const instrRatio = haproxy?.instrPerReq !== undefined && r.instrPerReq !== undefined ? haproxy.instrPerReq / r.instrPerReq : undefined;
      rows.push([
        name,
        proxy.label,
        num.format(r.rps),
        ms(r.p50ms),
        ms(r.p99ms),
        ratio(haproxy ? r.rps / haproxy.rps : undefined),
        kilo(r.instrPerReq),
        ratio(instrRatio),
        errors,
      ]);
    }
  }
  return table(['scenario', 'proxy', 'req/s', 'p50', 'p99', 'vs HAProxy', 'instr/req', 'HAProxy instr ÷ this', 'notes'], rows, [2, 3, 4, 5, 6, 7]);
}

function mib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

export function idleTable(results: Results, proxies: readonly ProxySpec[], count: number): string {
  const haproxy = measured(results.idle.get('haproxy'));
  const rows: string[][] = [];
  for (const proxy of proxies) {
    const cell = results.idle.get(proxy.id);
    const r = measured(cell);
    if (r === undefined) {
      rows.push([proxy.label, label(cell), '', '', '', '', '', why(cell)]);
      continue;
    }
    const notes: string[] = [];
    if (r.failed > 0) notes.push(`${num.format(r.failed)} of ${num.format(count)} connections failed`);
    if (r.open < r.ok) notes.push(`${num.format(r.ok - r.open)} closed by the proxy before the reading`);
    rows.push([
      proxy.label,
      Number.isFinite(r.perConnectionKiB) ? r.perConnectionKiB.toFixed(2) : '?',
      mib(r.beforeKiB),
      mib(r.afterKiB),
      num.format(r.open),
      num.format(r.serverConnections),
      ratio(haproxy ? r.perConnectionKiB / haproxy.perConnectionKiB : undefined),
      notes.join('; '),
    ]);
  }
  return table(
    ['proxy', 'KiB/conn', 'RSS before', 'RSS after', 'idle client conns', 'server conns', 'vs HAProxy', 'notes'],
    rows,
    [1, 2, 3, 4, 5, 6],
  );
}

export interface TargetCheck {
  readonly target: string;
  readonly figure: string;
  readonly status: 'met' | 'NOT met' | 'not measured';
}

function loadRatio(results: Results, scenario: ScenarioId, other: ProxyId, metric: 'rps' | 'p99ms'): { value?: number; missing?: string } {
  const cells = results.load.get(scenario);
  const tslb = cells?.get('tslb');
  const ref = cells?.get(other);
  const t = measured(tslb);
  const o = measured(ref);
  if (t === undefined) return { missing: `tslb ${label(tslb)}` };
  if (o === undefined) return { missing: `${other} ${label(ref)}` };
  if (t.errors > 0) return { missing: `tslb had ${t.errors} errors` };
  return { value: t[metric] / o[metric] };
}

/**
 * tslb's figure in a scenario against its own (a): (f) for issue 4
 * (persistence and checks cost little), (g) for issue 5 (200 ACLs and 100
 * use_backend rules cost little), (h) for issue 6 (access logs to a file and
 * a Prometheus scrape every second cost little).
 */
function ownRatio(
  results: Results,
  scenario: ScenarioId,
  target: string,
  metric: 'rps' | 'instrPerReq',
  ok: (v: number) => boolean,
): TargetCheck[] {
  const s = measured(results.load.get(scenario)?.get('tslb'));
  const a = measured(results.load.get('a')?.get('tslb'));
  const sv = s?.[metric];
  const av = a?.[metric];
  if (sv === undefined || av === undefined) return [{ target, figure: `tslb (a) or (${scenario}) not measured`, status: 'not measured' }];
  const v = sv / av;
  return [{ target, figure: `${v.toFixed(2)}×`, status: ok(v) ? 'met' : 'NOT met' }];
}

/** The targets of issues 3 (the data plane), 4, 5 and 6, checked against this run's figures. */
export function checkTargets(results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratioCheck = (target: string, scenario: ScenarioId, other: ProxyId, metric: 'rps' | 'p99ms', bound: number, atLeast: boolean): void => {
    const r = loadRatio(results, scenario, other, metric);
    if (r.value === undefined) {
      checks.push({ target, figure: r.missing ?? '', status: 'not measured' });
      return;
    }
    const ok = atLeast ? r.value >= bound : r.value <= bound;
    checks.push({ target, figure: `${r.value.toFixed(2)}×`, status: ok ? 'met' : 'NOT met' });
  };
  ratioCheck('(a) small keep-alive: tslb req/s ≥ 0.8× HAProxy', 'a', 'haproxy', 'rps', 0.8, true);
  ratioCheck('(a) small keep-alive: tslb req/s ≥ 3× http-proxy-3', 'a', 'http-proxy-3', 'rps', 3, true);
  ratioCheck('(a) small keep-alive: tslb p99 ≤ 1.5× HAProxy p99', 'a', 'haproxy', 'p99ms', 1.5, false);
  ratioCheck('(b) new connection per request: tslb req/s ≥ 0.7× HAProxy', 'b', 'haproxy', 'rps', 0.7, true);
  ratioCheck('(c) 1 MiB responses: tslb req/s ≥ 0.7× HAProxy', 'c', 'haproxy', 'rps', 0.7, true);
  ratioCheck('(d) TCP mode: tslb req/s ≥ 0.7× HAProxy', 'd', 'haproxy', 'rps', 0.7, true);
  checks.push(...ownRatio(results, 'f', '(f) cookie insert + httpchk: tslb req/s within 10 % of its (a)', 'rps', (v) => v >= 0.9));
  checks.push(...ownRatio(results, 'f', '(f) cookie insert + httpchk: tslb instr/req within 10 % of its (a)', 'instrPerReq', (v) => v <= 1.1));
  checks.push(...ownRatio(results, 'g', '(g) 200 ACLs + 100 use_backend: tslb req/s within 15 % of its (a)', 'rps', (v) => v >= 0.85));
  checks.push(...ownRatio(results, 'g', '(g) 200 ACLs + 100 use_backend: tslb instr/req within 15 % of its (a)', 'instrPerReq', (v) => v <= 1.15));
  checks.push(...ownRatio(results, 'h', '(h) httplog to a file + /metrics every 1 s: tslb req/s within 10 % of its (a)', 'rps', (v) => v >= 0.9));
  checks.push(...ownRatio(results, 'h', '(h) httplog to a file + /metrics every 1 s: tslb instr/req within 10 % of its (a)', 'instrPerReq', (v) => v <= 1.1));
  const idle = results.idle.get('tslb');
  const i = measured(idle);
  const target = '(e) idle keep-alive connection: tslb ≤ 8 KiB each';
  if (i === undefined || !Number.isFinite(i.perConnectionKiB)) {
    checks.push({ target, figure: `tslb ${label(idle)}`, status: 'not measured' });
  } else {
    checks.push({ target, figure: `${i.perConnectionKiB.toFixed(2)} KiB`, status: i.perConnectionKiB <= 8 ? 'met' : 'NOT met' });
  }
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return table(['target', 'figure', 'status'], checks.map((c) => [c.target, c.figure, c.status]), [1]);
}

export function resultsMarkdown(info: RunInfo, scenarios: readonly ScenarioSpec[], proxies: readonly ProxySpec[], results: Results): string {
  const m = info.machine;
  const versions = Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  return `# tslb data-plane benchmark

Written by \`npm run bench\` (benchmarks/run.ts) on ${info.date}${info.quick ? ' — **quick smoke run: short durations, not for comparison**' : ''}.
Re-run it on the same machine before comparing with other figures: on a shared 2-core VM, run-to-run
noise is about ±30 %, so read the ratios, not the absolute numbers.

## Machine

| | |
|---|---|
| CPUs (nproc) | ${m.nproc} |
| CPU model | ${m.cpu} |
| kernel | ${m.kernel} |
| Node.js | ${m.node} |
| HAProxy | ${m.haproxy} |
| nginx (backend) | ${m.nginx} |
| wrk (load) | ${m.wrk} |
| tslb | ${info.tslb} |
| peers | ${versions} |
| pinning | ${info.pinned ? 'proxy on CPU 0; nginx, wrk and the idle client on CPU 1 (taskset)' : 'none (taskset missing or fewer than 2 CPUs)'} |

Command: \`${info.command}\`; wrk \`-t1\`, ${info.warmupS} s warm-up then ${info.runs === 1 ? `a ${info.durationS} s run per cell` : `a ${info.durationS} s run per cell, the whole sequence repeated ${info.runs} times (rounds) and the median run by req/s shown`}.

## Throughput and latency

${loadTable(results, scenarios, proxies)}

"vs HAProxy" divides by HAProxy's req/s in the same scenario (HTTP mode for a–c, TCP mode for d).

## (e) Memory of ${num.format(info.idleConnections)} idle keep-alive client connections

${idleTable(results, proxies, info.idleConnections)}

RSS of the proxy's process group after one request and a pause ("before"), then with
${num.format(info.idleConnections)} client connections open, each having made one GET and
now idle ("after"); KiB/conn = (after − before) / connections still open. "server conns" counts the
proxy's connections to nginx at the moment of the reading.

## Targets of issues 3, 4, 5 and 6

${targetsTable(checkTargets(results))}

## How it was measured

- Backend: nginx, one worker, \`location = /small { return 200 "hello world"; }\` (11 bytes) and a
  1 MiB static file, \`keepalive_requests\` 10,000,000, no access log.
- (a) \`wrk -c50\` GET /small over keep-alive connections; (b) the same with \`-H 'Connection: close'\`:
  a new client connection per request; (c) \`wrk -c20\` GET of the 1 MiB file; (d) as (a) through
  \`mode tcp\` (the Node peers are HTTP-only); (e) as described above; (f) as (a) with
  \`cookie SRV insert indirect nocache\` and \`option httpchk\` (wrk sends no cookie, so every
  response gets one inserted), for HAProxy and tslb only; (g) as (a) through a frontend with 200
  ACLs (path_beg/end/sub/dir/reg, hdr(host) -i, hdr_sub/dom/end, src CIDR lists, method,
  url_param, req.cook, a \`-f\` pattern file) and 100 \`use_backend\` rules, each of the first 99
  evaluating two ACLs that do not match wrk's request, the 100th matching; HAProxy and tslb only;
  (h) as (a) through a frontend with \`option httplog\` and a \`log\` target, while the harness
  scrapes \`GET /metrics\` every second from a second frontend of the same process (\`http-request
  use-service prometheus-exporter if { path /metrics }\`, HAProxy's documented setup) over one
  keep-alive connection, as Prometheus does (in the warm-up too, so that the measured run
  sees the exporter warm); the notes give the measured run's scrapes, the slowest, and for tslb the
  access-log lines written during the run against wrk's requests plus the scrapes (a few dozen
  more: the warm-up's last requests, still in flight when it ended); HAProxy and tslb only. tslb
  appends the log lines to a file in the benchmark's temporary directory (\`log file@<path>
  local0\`, a tslb extension); HAProxy cannot log to a file, so it runs its own variant,
  lb-log-haproxy.cfg, which sends them to a UDP port on 127.0.0.1 that nobody listens on (the
  datagrams are dropped: the cheapest fair equivalent).
- instr/req: CPU instructions the proxy process retired during the measured run (\`perf stat -e
  instructions -p <pid>\`), divided by the requests wrk completed. Unlike req/s it hardly moves with
  the machine's other tenants, so it is the figure to compare builds by; "HAProxy instr ÷ this" is
  what the req/s ratio would be if both ran at the same instructions per cycle.
- HAProxy and tslb run the same file (below; in (h) but for the log target). It keeps HAProxy's
  default \`http-reuse safe\`: the first request of every client connection goes over a server
  connection of its own, which matters in (b);
  "server conns" in (e) shows how many server connections each proxy still holds for idle clients.
  The Node peers share a keep-alive pool of up to 256 server connections.
- p99 is the figure most sensitive to other activity on the machine (the proxy's CPU is not reserved
  for it): compare it only within one run.
- A column reads "not available" when the proxy did not start, did not listen within 10 s, or did not
  answer a test request for each response correctly; no figure is ever estimated.

### lb.cfg (HTTP mode; ports filled in)

\`\`\`
${info.configs.http.trimEnd()}
\`\`\`

### lb.cfg (TCP mode)

\`\`\`
${info.configs.tcp.trimEnd()}
\`\`\`

### lb.cfg of (f): HTTP mode with cookie insert and httpchk

\`\`\`
${info.configs['http-cookie'].trimEnd()}
\`\`\`

### lb.cfg of (g): HTTP mode with 200 ACLs and 100 use_backend rules

<details><summary>${info.configs['http-acl'].split('\n').length} lines; paths.lst holds 50 prefixes /legacy/app1/ … /legacy/app50/</summary>

\`\`\`
${info.configs['http-acl'].trimEnd()}
\`\`\`

</details>

### lb.cfg of (h): HTTP mode with option httplog, a log file and the Prometheus exporter

\`\`\`
${info.configs['http-log'].trimEnd()}
\`\`\`

HAProxy runs lb-log-haproxy.cfg instead, the same file but for ${haproxyOwnLines(info)} (datagrams to a UDP port nobody listens on).
`;
}

/** The lines of HAProxy's lb-log-haproxy.cfg that tslb's (h) file does not have, as inline code. */
function haproxyOwnLines(info: RunInfo): string {
  const theirs = info.haproxyConfigs['http-log'];
  if (theirs === undefined) return 'its log target';
  const ours = new Set(info.configs['http-log'].split('\n'));
  const own = theirs.split('\n').filter((line) => !ours.has(line)).map((line) => `\`${line.trim()}\``);
  return own.length === 0 ? 'nothing' : own.join(', ');
}
