/**
 * `show table [<name> [data.<type> <op> <v>]* | [key <k>]]` and `clear
 * table <name> [...]` (management guide 9.3), as HAProxy 2.6.12 answers
 * them: without a name, one header line per table; the entries only from
 * operator level up (below: the header and a note, or `Permission denied`
 * for a `key`); `clear table` at user level does nothing unless it names a
 * key, which is refused. Lines come from stick/show-table.ts, filters and
 * their messages from stick/table-filter.ts.
 */
import { showTable, showTableHeader } from '../../stick/show-table.js';
import { clearStickTable, parseStickTableFilter } from '../../stick/table-filter.js';
import type { StickTable } from '../../stick/table.js';
import { CliError, hasLevel, PERMISSION_DENIED, type Command, type CommandContext } from '../command.js';

const CLEAR_USAGE = 'Required arguments: <table> "data.<store_data_type>" <operator> <value> or <table> key <key>\n';

function table(ctx: CommandContext, name: string): StickTable {
  const t = ctx.rt.tables?.get(name);
  if (!t) throw new CliError('No such table\n');
  return t;
}

const lines = (list: readonly string[]): string => list.map((l) => `${l}\n`).join('');

export const tableCommands: readonly Command[] = [
  {
    words: ['show', 'table'],
    usage: 'show table <table> [<filter>]*',
    help: "report the tables, or one table's entries (filter: data/key)",
    run(args, ctx) {
      const name = args[2];
      if (name === undefined || name === '') return lines([...(ctx.rt.tables ?? [])].map((t) => showTableHeader(t, t.now())));
      const t = table(ctx, name);
      const filter = parseStickTableFilter(t, args.slice(3), 'show');
      if (filter.kind === 'error') throw new CliError(`${filter.message}\n`);
      const now = t.now();
      if (!hasLevel(ctx, 'operator')) {
        if (filter.kind === 'key') throw new CliError(PERMISSION_DENIED);
        return lines([showTableHeader(t, now), '# contents not dumped due to insufficient privileges']);
      }
      return lines(showTable(t, filter, now));
    },
  },
  {
    words: ['clear', 'table'],
    usage: 'clear table <table> [<filter>]*',
    help: 'remove entries from a table (filter: data/key)',
    run(args, ctx) {
      const name = args[2];
      if (name === undefined || name === '') throw new CliError(CLEAR_USAGE);
      const t = table(ctx, name);
      const filter = parseStickTableFilter(t, args.slice(3), 'clear');
      if (filter.kind === 'error') throw new CliError(filter.message.startsWith('Optional argument') ? CLEAR_USAGE : `${filter.message}\n`);
      if (!hasLevel(ctx, 'operator')) {
        if (filter.kind === 'key') throw new CliError(PERMISSION_DENIED);
        return '';
      }
      const refused = clearStickTable(t, filter, t.now());
      return refused === undefined ? '' : `${refused}\n`;
    },
  },
];
