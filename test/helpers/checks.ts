/** Runs one check of a kind against a real peer on loopback, and parses check settings. */
import type { CheckContext, CheckOutcome, HealthCheck } from '../../lib/checks/check.js';

export function runCheck(check: HealthCheck, port: number, opts: Partial<Omit<CheckContext, 'target' | 'signal'>> & { signal?: AbortSignal } = {}): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port },
    connectTimeoutMs: opts.connectTimeoutMs ?? 500,
    readTimeoutMs: opts.readTimeoutMs,
    totalTimeoutMs: opts.totalTimeoutMs ?? 500,
    signal: opts.signal ?? new AbortController().signal,
  });
}

import { loadConfigText } from '../../lib/config/load.js';
import type { CheckSettings } from '../../lib/config/model/checks.js';

/** The check settings of a backend with these lines (parsed by the real configuration loader). */
export function checkSettings(lines: string): CheckSettings {
  const r = loadConfigText(`defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend b\n${lines}\n    server s1 127.0.0.1:1 check\n`);
  const p = r.model?.proxies.find((x) => x.name === 'b');
  if (!p) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return p.check;
}
