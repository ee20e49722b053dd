/**
 * Process signals (issue 3; HAProxy's management guide for the behaviours):
 *   SIGUSR1, SIGTERM — soft stop: stop accepting, let connections finish
 *                      (bounded by hard-stop-after), then exit;
 *   SIGINT           — hard stop: close everything now, then exit.
 * Resolves once the runtime has stopped.
 */
import type { Runtime } from './runtime.js';

export function stopOnSignals(rt: Runtime, log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const handlers: [NodeJS.Signals, () => void][] = [];
    const done = (): void => {
      for (const [sig, h] of handlers) process.off(sig, h);
      rt.drainPools();
      // What was logged reaches its file or socket before the process ends.
      void rt.closeLogs().then(resolve, resolve);
    };
    const soft = (sig: NodeJS.Signals) => (): void => {
      if (rt.stopping) return;
      log(`${sig} received, soft stop: no new connection, ${rt.openConnections} to finish`);
      void rt.softStop().then(done);
    };
    const hard = (): void => {
      log('SIGINT received, hard stop');
      rt.hardStop();
      done();
    };
    handlers.push(['SIGUSR1', soft('SIGUSR1')], ['SIGTERM', soft('SIGTERM')], ['SIGINT', hard]);
    for (const [sig, h] of handlers) process.on(sig, h);
  });
}
