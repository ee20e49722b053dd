/**
 * Runs one check of a kind against a real peer on loopback, parses check
 * settings, and normalises the state-change lines of tslb and HAProxy for
 * differential tests.
 */
import type { CheckContext, CheckOutcome, HealthCheck } from '../../lib/checks/check.js';
import { loadConfigText } from '../../lib/config/load.js';
import type { CheckSettings } from '../../lib/config/model/checks.js';
import type { CapturedLine } from '../../lib/log/process-log.js';

export function runCheck(check: HealthCheck, port: number, opts: Partial<Omit<CheckContext, 'target' | 'signal'>> & { signal?: AbortSignal } = {}): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port },
    connectTimeoutMs: opts.connectTimeoutMs ?? 500,
    readTimeoutMs: opts.readTimeoutMs,
    totalTimeoutMs: opts.totalTimeoutMs ?? 500,
    signal: opts.signal ?? new AbortController().signal,
  });
}

/** The check settings of a backend with these lines (parsed by the real configuration loader). */
export function checkSettings(lines: string): CheckSettings {
  const r = loadConfigText(`defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend b\n${lines}\n    server s1 127.0.0.1:1 check\n`);
  const p = r.model?.proxies.find((x) => x.name === 'b');
  if (!p) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return p.check;
}

/** A process-log line without what differs between runs (the check duration), as `<level> <text>`. */
const normalise = (level: string, msg: string): string => `${level} ${msg.replace(/check duration: \d+ms/, 'check duration: Nms')}`;

/** HAProxy's `-db` stderr lines `[WARNING]  (pid) : text` / `[ALERT] ...`, normalised (no prefix, pid or duration). */
export function haproxyStateLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => /^\[(WARNING|ALERT)\] +\(\d+\) : (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => normalise(m[1] === 'ALERT' ? 'alert' : 'warning', m[2] ?? ''));
}

/** tslb's captured process-log lines, normalised as haproxyStateLines does. */
export function tslbStateLines(lines: readonly CapturedLine[]): string[] {
  return lines.map((l) => normalise(l.level, l.msg));
}

/** Waits until `cond` holds, polling every 10 ms; throws after `ms` naming `what`. Resolves with the time it took. */
export async function until(cond: () => boolean, ms: number, what: string | (() => string) = 'the condition'): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}
