/**
 * `set maxconn server|frontend|global ...` (management guide 9.3), admin
 * level, with HAProxy 2.6.12's readings and refusals:
 *
 *   server <b>/<s> <n>   strtol(): a negative value wraps to 32 bits as HAProxy's unsigned field; 0: no limit
 *   frontend <f> <n>     atoi(): a word without digits is 0; negative refused
 *   global <n>           atoi(); 0 or less: back to the configured maxconn; above it refused
 *
 * A frontend at 0 keeps only the global limit (HAProxy 2.6.12 stops
 * accepting on that frontend, its watchdog then kills the process).
 * Without `maxconn` in the global section tslb has no process limit, so
 * any positive `set maxconn global` is taken.
 */
import { CliError, requireLevel, type Command } from '../command.js';
import { atoi, findFrontend, findServer } from '../lookup.js';

function serverMaxconn(text: string | undefined): number {
  if (text === undefined || text === '') throw new CliError('Require <maxconn>.\n');
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)(.*)$/s.exec(text);
  if (!m) throw new CliError('maxconn string empty or preceded by garbage');
  if (m[2] !== '') throw new CliError('Trailing garbage in maxconn string');
  // An unsigned 32-bit field, as HAProxy's.
  return Number(BigInt.asUintN(32, BigInt(m[1] as string)));
}

export const maxconnCommands: readonly Command[] = [
  {
    words: ['set', 'maxconn', 'server'],
    usage: 'set maxconn server <bk>/<srv>',
    help: "change a server's maxconn",
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      const { server } = findServer(ctx.rt, args[3]);
      server.change({ maxconn: serverMaxconn(args[4]) });
      return '';
    },
  },
  {
    words: ['set', 'maxconn', 'frontend'],
    usage: 'set maxconn frontend <frontend> <value>',
    help: "change a frontend's maxconn",
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      const name = args[3];
      if (name === undefined || name === '') throw new CliError('A frontend name is expected.\n');
      const fe = findFrontend(ctx.rt, name)?.frontend;
      if (!fe) throw new CliError('No such frontend.\n');
      if (args[4] === undefined || args[4] === '') throw new CliError('Integer value expected.\n');
      const v = atoi(args[4]);
      if (v < 0) throw new CliError('Value out of range.\n');
      fe.maxconn = v;
      return '';
    },
  },
  {
    words: ['set', 'maxconn', 'global'],
    usage: 'set maxconn global <value>',
    help: 'change the process-wide maxconn',
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      if (args[3] === undefined || args[3] === '') throw new CliError('Expects an integer value.\n');
      const hard = ctx.rt.model.global.maxconn ?? 0;
      let v = atoi(args[3]);
      if (hard > 0 && v > hard) throw new CliError('Value out of range.\n');
      if (v <= 0) v = hard;
      const limit = ctx.rt.frontends[0]?.processLimit;
      if (limit) limit.max = v;
      return '';
    },
  },
];
