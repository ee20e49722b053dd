/**
 * `log global` in a proxy stands for the global section's log targets.
 */
import type { Parsed } from '../parser.js';

export function settleLogGlobal(parsed: Parsed): void {
  const { proxies, defaults, global } = parsed;

  // `log global` means the global section's targets.
  for (const p of [...defaults, ...proxies]) {
    p.logs = p.logs.flatMap((t) => (t.global ? global.logs.map((g) => ({ ...structuredClone(g), global: true })) : [t]));
  }
}
