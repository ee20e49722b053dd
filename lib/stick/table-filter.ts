/**
 * The entry selection of the Runtime API's `show table <name> ...` and
 * `clear table <name> ...` (management guide 9.3): `key <k>`, or up to four
 * `data.<type> <op> <value>` conditions that must all hold, or nothing (every
 * entry). Parsing answers HAProxy 2.6's messages word for word (the CLI adds
 * the newline); a rate is compared at the date of the command, and the
 * server key compares as 0.
 */
import { stickDataType } from './data-types.js';
import type { StickEntry } from './entry.js';
import type { StickKey } from './key.js';
import type { StickSlot } from './layout.js';
import type { StickTable } from './table.js';

export type StickOp = 'eq' | 'ne' | 'le' | 'ge' | 'lt' | 'gt';

export interface StickDataCondition {
  readonly slot: StickSlot;
  readonly op: StickOp;
  /** A signed 64-bit value, as HAProxy compares. */
  readonly value: bigint;
}

export type StickTableFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'data'; readonly conditions: readonly StickDataCondition[] }
  | { readonly kind: 'key'; readonly key: StickKey };

export interface StickFilterError {
  readonly kind: 'error';
  readonly message: string;
}

/** HAProxy's STKTABLE_FILTER_LEN. */
const MAX_CONDITIONS = 4;
const OPS: readonly string[] = ['eq', 'ne', 'le', 'ge', 'lt', 'gt'];
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const fail = (message: string): StickFilterError => ({ kind: 'error', message });

/** HAProxy's strl2llrc(): an optional `-` then digits, within 64 bits. */
function readInt64(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

function conditions(table: StickTable, words: readonly string[]): StickTableFilter | StickFilterError {
  const list: StickDataCondition[] = [];
  let i = 0;
  for (; i < MAX_CONDITIONS; i++) {
    const word = words[3 * i];
    if (i > 0 && !word) break;
    const entry = `Filter entry #${i + 1}: `;
    // Only the first word must start with `data.`; HAProxy skips five bytes of the others unchecked.
    const type = stickDataType((word ?? '').slice(5));
    if (!type) return fail(`${entry}Unknown data type`);
    const slot = table.layout.slotOf(type);
    if (!slot) return fail(`${entry}Data type not stored in this table`);
    const op = words[3 * i + 1] ?? '';
    if (!OPS.includes(op)) return fail(`${entry}Require and operator among "eq", "ne", "le", "ge", "lt", "gt"`);
    const value = readInt64(words[3 * i + 2]);
    if (value === undefined) return fail(`${entry}Require a valid integer value to compare against`);
    list.push({ slot, op: op as StickOp, value });
  }
  if (words[3 * i]) return fail(`Detected extra data in filter, ${4 + 3 * i}th word of input, after '${words[3 * i - 1] ?? ''}'`);
  return { kind: 'data', conditions: list };
}

/**
 * Reads the words after `show table <name>` or `clear table <name>`.
 * Whatever follows `key <k>` is ignored, as HAProxy does.
 */
export function parseStickTableFilter(table: StickTable, words: readonly string[], command: 'show' | 'clear'): StickTableFilter | StickFilterError {
  const first = words[0];
  if (!first) return { kind: 'all' };
  if (first === 'key') {
    const text = words[1];
    if (!text) return fail('Key value expected');
    if (table.type === 'binary') {
      return fail(`${command === 'show' ? 'Showing' : 'Removing'} keys from tables of type other than ip, ipv6, string and integer is not supported`);
    }
    const key = table.keys.fromText(text);
    return key === undefined ? fail('Invalid key') : { kind: 'key', key };
  }
  if (first.startsWith('data.')) return conditions(table, words);
  return fail('Optional argument only supports "data.<store_data_type>" <operator> <value> and key <key>');
}

function holds(c: StickDataCondition, entry: StickEntry, now: number): boolean {
  const v = BigInt(entry.read(c.slot, now));
  switch (c.op) {
    case 'eq':
      return v === c.value;
    case 'ne':
      return v !== c.value;
    case 'le':
      return v <= c.value;
    case 'ge':
      return v >= c.value;
    case 'lt':
      return v < c.value;
    case 'gt':
      return v > c.value;
  }
}

/** The entries a filter selects, in `show table` order. */
export function selectEntries(table: StickTable, filter: StickTableFilter, now: number): StickEntry[] {
  switch (filter.kind) {
    case 'all':
      return table.sorted(now);
    case 'data':
      return table.sorted(now).filter((e) => filter.conditions.every((c) => holds(c, e, now)));
    case 'key': {
      const entry = table.lookup(filter.key, now);
      return entry ? [entry] : [];
    }
  }
}

/**
 * `clear table`: removes the selected entries that no tracker holds. Held
 * entries are skipped silently, except the one a `key` names, which is
 * HAProxy's "Entry currently in use, cannot remove" (returned).
 */
export function clearStickTable(table: StickTable, filter: StickTableFilter, now: number): string | undefined {
  let refused = false;
  for (const entry of selectEntries(table, filter, now)) refused = !table.remove(entry) || refused;
  return refused && filter.kind === 'key' ? 'Entry currently in use, cannot remove' : undefined;
}
