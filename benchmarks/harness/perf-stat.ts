/**
 * CPU instructions a process retires while wrk measures it, with Linux's
 * `perf stat` (counting mode, negligible overhead). Divided by the requests
 * wrk completed, this is a per-request cost that stays steady when the
 * machine's other tenants make req/s swing by ±30 % from run to run — the
 * figure to compare two builds of tslb, or tslb with HAProxy, by.
 * Unavailable (undefined) when perf is missing or not allowed to count.
 */
import { spawn } from 'node:child_process';
import { hasCommand } from './system.js';

export interface Counting {
  /** Stops counting; the instructions counted, or undefined when perf could not count. */
  stop(): Promise<number | undefined>;
}

export function countInstructions(pid: number): Counting | undefined {
  if (!hasCommand('perf')) return undefined;
  const perf = spawn('perf', ['stat', '-x', ',', '-e', 'instructions', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  perf.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => {
    perf.on('close', () => resolve());
    perf.on('error', () => resolve());
  });
  return {
    async stop() {
      perf.kill('SIGINT');
      const timer = setTimeout(() => perf.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      const m = /^(\d+),[^,]*,instructions/m.exec(stderr);
      return m?.[1] ? Number(m[1]) : undefined;
    },
  };
}
