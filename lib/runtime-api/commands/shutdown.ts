/**
 * `shutdown sessions server <b>/<s>` (management guide 9.3), admin level:
 * ends every client connection the server is serving, both sides closed at
 * once. Servers keep the set of their connections while a Runtime API
 * socket with the admin level exists (runtime-api.ts).
 */
import { requireLevel, type Command } from '../command.js';
import { findServer } from '../lookup.js';

export const shutdownCommands: readonly Command[] = [
  {
    words: ['shutdown', 'sessions', 'server'],
    usage: 'shutdown sessions server <bk>/<srv>',
    help: 'end every connection a server is serving',
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      const { server } = findServer(ctx.rt, args[3]);
      for (const stream of [...server.streams]) stream.shutdown();
      return '';
    },
  },
];
