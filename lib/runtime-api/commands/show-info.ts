/**
 * `show info [typed|json]` (management guide 9.3): the process information
 * as `Name: value` lines (a value holding a comma or a quote is quoted as in
 * CSV), typed lines or JSON; the last of `typed` / `json` wins and other
 * words are ignored, as in HAProxy 2.6 (`desc` and `float` included).
 */
import { csvValue } from '../../stats/csv.js';
import { infoFields } from '../../stats/info.js';
import { infoJson, infoTyped } from '../../stats/typed.js';
import type { Command } from '../command.js';

export const showInfoCommands: readonly Command[] = [
  {
    words: ['show', 'info'],
    usage: 'show info [json|typed]*',
    help: 'report information about the running process',
    run(args, ctx) {
      let format: 'text' | 'typed' | 'json' = 'text';
      for (const w of args.slice(2)) if (w === 'typed' || w === 'json') format = w;
      const info = infoFields(ctx.rt, Date.now(), ctx.listeners);
      if (format === 'typed') return infoTyped(info);
      if (format === 'json') return infoJson(info);
      return info.map((f) => `${f.name}: ${csvValue(f.value)}\n`).join('');
    },
  },
];
