/**
 * `clear counters` (operator level): the maxima and the highest rates of
 * every frontend, backend and server go back to their current values;
 * `clear counters all` (admin level) resets every counter (management
 * guide 9.3, stats/counters.ts clearCounters). Other words are ignored.
 */
import { requireLevel, type Command } from '../command.js';
import { clearCounters } from '../../stats/counters.js';

export const clearCountersCommands: readonly Command[] = [
  {
    words: ['clear', 'counters'],
    usage: 'clear counters [all]',
    help: 'reset the maximum counters (or every counter)',
    run(args, ctx) {
      const all = args[2] === 'all';
      requireLevel(ctx, all ? 'admin' : 'operator');
      for (const p of ctx.rt.proxies) {
        if (p.frontend) clearCounters(p.frontend.counters, all);
        if (!p.backend) continue;
        clearCounters(p.backend.counters, all);
        for (const s of p.backend.servers) clearCounters(s.counters, all);
      }
      return '';
    },
  },
];
