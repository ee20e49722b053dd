/**
 * `show backend` (management guide 9.3): `# name`, then every proxy with a
 * backend side in declaration order (listen sections included). Other
 * words are ignored.
 */
import type { Command } from '../command.js';

export const showBackendCommands: readonly Command[] = [
  {
    words: ['show', 'backend'],
    usage: 'show backend',
    help: 'list the backends',
    run: (_args, ctx) => `# name\n${ctx.rt.proxies.flatMap((p) => (p.backend ? [`${p.config.name}\n`] : [])).join('')}`,
  },
];
