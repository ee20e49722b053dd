/**
 * The lines of the Runtime API's `show table` (management guide 9.3) as
 * HAProxy 2.6 prints them:
 *
 *   # table: st, type: ip, size:1048576, used:1
 *   0x7f0000000100: key=127.0.0.1 use=0 exp=9994 server_id=0 conn_rate(10000)=2 gpc0=1 ...
 *
 * `use` is the number of trackers holding the entry, `exp` the ms left before
 * it expires (0 once passed, and always in a table without `expire`), then
 * every stored datum in HAProxy's order with rates read at `now`. Where
 * HAProxy prints the entry's address, tslb prints an id of the same shape.
 * Lines come without their newline; the CLI adds it, and the empty line that
 * ends HAProxy's answer.
 */
import type { StickEntry } from './entry.js';
import { selectEntries, type StickTableFilter } from './table-filter.js';
import type { StickTable } from './table.js';

/** `# table: <name>, type: <type>, size:<size>, used:<entries>` (at `now`), also what `show table` alone prints per table. */
export function showTableHeader(table: StickTable, now: number): string {
  table.sweep(now);
  return `# table: ${table.name}, type: ${table.type}, size:${table.size}, used:${table.used}`;
}

/** One entry's line. */
export function showTableEntry(table: StickTable, entry: StickEntry, now: number): string {
  let line = `0x${(0x7f0000000000 + entry.id * 0x40).toString(16)}: key=${table.keys.text(entry.key)} use=${entry.refCount} exp=${Math.max(0, entry.expire - now)}`;
  for (const slot of table.layout.slots) {
    line += ` ${slot.label}=${slot.type.kind === 'dict' ? (entry.serverKey ?? '-') : entry.read(slot, now)}`;
  }
  return line;
}

/**
 * `show table <name> [filter]`: the header then the selected entries in key
 * order — nothing at all when a `key` filter finds no entry, as HAProxy.
 */
export function showTable(table: StickTable, filter: StickTableFilter, now: number): string[] {
  const entries = selectEntries(table, filter, now);
  if (filter.kind === 'key' && entries.length === 0) return [];
  return [showTableHeader(table, now), ...entries.map((e) => showTableEntry(table, e, now))];
}
