/**
 * `get weight <b>/<s>` — `<current> (initial <configured>)` — and the
 * deprecated `set weight <b>/<s> <w>[%]`, which does what `set server
 * <b>/<s> weight` does (management guide 9.3). Reading needs no level;
 * changing needs admin.
 */
import { requireLevel, type Command } from '../command.js';
import { findServer } from '../lookup.js';
import { parseWeight } from '../weight-arg.js';

export const weightCommands: readonly Command[] = [
  {
    words: ['get', 'weight'],
    usage: 'get weight <bk>/<srv>',
    help: "report a server's current and initial weights",
    run(args, ctx) {
      const { server } = findServer(ctx.rt, args[2], 'look-up');
      return `${server.weight} (initial ${server.config.weight})\n`;
    },
  },
  {
    words: ['set', 'weight'],
    usage: 'set weight <bk>/<srv> (DEPRECATED)',
    help: "change a server's weight (use 'set server' instead)",
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      const { server } = findServer(ctx.rt, args[2]);
      server.change({ weight: parseWeight(server, args[3]) });
      return '';
    },
  },
];
