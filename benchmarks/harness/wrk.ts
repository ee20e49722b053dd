/**
 * Load generation with wrk (one thread, pinned next to nginx) and parsing of
 * its `--latency` report.
 */
import { runGroup } from './processes.js';

export interface WrkOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Adds `Connection: close`, so every request opens a new connection. */
  readonly close: boolean;
  readonly cpu: number | undefined;
}

export interface WrkResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** Socket errors (connect, read, write, timeout) plus non-2xx/3xx responses. */
  readonly errors: number;
  readonly errorText: string;
  /** CPU instructions the proxy retired per request (perf stat), when it could be counted. */
  readonly instrPerReq?: number | undefined;
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', '--latency'];
  if (options.close) args.push('-H', 'Connection: close');
  args.push(options.url);
  const result = await runGroup('wrk', 'wrk', args, { cpu: options.cpu, timeoutMs: (options.seconds + 30) * 1000 });
  if (result.timedOut) throw new Error(`wrk did not finish within ${options.seconds + 30} s`);
  if (result.exit.code !== 0) throw new Error(`wrk ${result.exit.code ?? result.exit.signal}: ${result.stderr.trim() || result.stdout.trim()}`);
  return parseWrk(result.stdout);
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyMs(text: string, percentile: string): number {
  const match = new RegExp(`^\\s*${percentile}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
  if (!match?.[1] || !match[2]) return NaN;
  return Number(match[1]) * (UNIT_MS[match[2]] ?? NaN);
}

/** Parses wrk's report; throws when it has no request rate (wrk printed an error instead). */
export function parseWrk(text: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  const requests = /^\s*(\d+) requests in/m.exec(text);
  if (!rps?.[1] || !requests?.[1]) throw new Error(`unexpected wrk output: ${text.trim().slice(0, 300)}`);
  let errors = 0;
  const parts: string[] = [];
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  if (socket) {
    const [connect, read, write, timeout] = socket.slice(1).map(Number) as [number, number, number, number];
    errors += connect + read + write + timeout;
    parts.push(`socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`);
  }
  const status = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  if (status?.[1]) {
    errors += Number(status[1]);
    parts.push(`non-2xx/3xx: ${status[1]}`);
  }
  return {
    requests: Number(requests[1]),
    rps: Number(rps[1]),
    p50ms: latencyMs(text, '50'),
    p99ms: latencyMs(text, '99'),
    errors,
    errorText: parts.join('; '),
  };
}
