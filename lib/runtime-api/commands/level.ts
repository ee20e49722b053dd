/**
 * The session's access level (management guide 9.3): `show cli level`
 * prints it; `operator` and `user` lower it for the rest of the
 * connection — a level is never raised (`operator` at user level is
 * refused).
 */
import { requireLevel, type Command } from '../command.js';

export const levelCommands: readonly Command[] = [
  {
    words: ['show', 'cli', 'level'],
    usage: 'show cli level',
    help: "print this connection's access level",
    run: (_args, ctx) => `${ctx.level}\n`,
  },
  {
    words: ['operator'],
    usage: 'operator',
    help: "lower this connection's level to operator",
    run(_args, ctx) {
      requireLevel(ctx, 'operator');
      ctx.setLevel('operator');
      return '';
    },
  },
  {
    words: ['user'],
    usage: 'user',
    help: "lower this connection's level to user",
    run(_args, ctx) {
      ctx.setLevel('user');
      return '';
    },
  },
];
