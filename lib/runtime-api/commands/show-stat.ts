/**
 * `show stat [domain proxy] [<iid|proxy> <type> <sid>] [typed|json] [up]
 * [no-maint]` (management guide 9.3), read as HAProxy 2.6.12 reads it: the
 * selection counts only when all three words are there — `<iid>` a number
 * (atoi) or else a proxy's name, `<type>` a bit mask of any int (1
 * frontends, 2 backends, 4 servers; -1 all), `<sid>` a server id (-1 all);
 * the words after it (or after `stat`) set the format and the filters, the
 * last of `typed` / `json` winning, others ignored (`desc` included). From
 * operator level up, server addresses and cookies are shown.
 */
import { statsCsv } from '../../stats/csv.js';
import { statRows, type RowFilter } from '../../stats/snapshot.js';
import { statsJson, statsTyped } from '../../stats/typed.js';
import { CliError, hasLevel, type Command } from '../command.js';
import { atoi } from '../lookup.js';

export const showStatCommands: readonly Command[] = [
  {
    words: ['show', 'stat'],
    usage: 'show stat [json|no-maint|typed|up]*',
    help: 'report the counters of every proxy and server',
    run(args, ctx) {
      let at = 2;
      if (args[at] === 'domain') {
        if (args[at + 1] !== 'proxy') throw new CliError('Invalid statistics domain.\n');
        at += 2;
      }
      let selection: Pick<RowFilter, 'proxyId' | 'typeMask' | 'serverId'> = {};
      const [px, type, sid] = [args[at], args[at + 1], args[at + 2]];
      if (px && type && sid) {
        let proxyId = atoi(px);
        if (proxyId === 0) {
          const p = ctx.rt.proxies.find((x) => x.config.name === px);
          if (!p) throw new CliError('No such proxy.\n');
          proxyId = p.id;
        }
        selection = { proxyId, typeMask: atoi(type), serverId: atoi(sid) };
        at += 3;
      }
      let format: 'csv' | 'typed' | 'json' = 'csv';
      let upOnly = false;
      let noMaint = false;
      for (const w of args.slice(at)) {
        if (w === 'typed' || w === 'json') format = w;
        else if (w === 'up') upOnly = true;
        else if (w === 'no-maint') noMaint = true;
      }
      const g = ctx.rt.model.global;
      const rows = statRows(ctx.rt, { ...selection, upOnly, noMaint, legends: hasLevel(ctx, 'operator') }, Date.now(), g.maxconn ?? 0);
      if (format === 'typed') return statsTyped(rows);
      if (format === 'json') return statsJson(rows);
      return statsCsv(rows);
    },
  },
];
