/**
 * The typed and JSON forms of statistics and process information
 * (management guide 9.2), as `show stat typed|json`, `show info typed|json`
 * and the stats page's `;json` write them:
 *
 *   F.2.0.4.scur.1:MGP:u32:0                 <obj>.<proxy id>.<id>.<pos>.<name>.<process>:<tags>:<type>:<value>
 *   15.Maxconn.1:CLP:u32:100                 <pos>.<name>.<process>:<tags>:<type>:<value>
 *   [[{"objType":"Frontend","proxyId":2,"id":0,"field":{"pos":4,"name":"scur"},"processNum":1,
 *      "tags":{"origin":"Metric","nature":"Gauge","scope":"Process"},"value":{"type":"u32","value":0}}, ...], ...]
 *
 * Empty fields are left out; an empty string is printed. Module columns
 * follow the static fields without the CSV's `-` column (ssl_sess is 103).
 * Strings are written as they are in the typed form; in JSON they are
 * escaped as JSON requires (HAProxy 2.6.12 writes them raw, which gives
 * invalid JSON for a value holding `"` or `\`).
 */
import { MODULE_FIELDS, STAT_FIELDS } from './columns.js';
import { anyStatFieldType, FIRST_MODULE_POS, statFieldType, type FieldType } from './field-types.js';
import { infoFieldType } from './info-types.js';
import type { InfoField, StatObjectType, StatRow, StatValue } from './row.js';

/** The process number of every value: tslb reports as one process. */
const PROCESS_NUM = 1;

const OBJ_LETTER: Readonly<Record<StatObjectType, string>> = { frontend: 'F', backend: 'B', server: 'S', listener: 'L' };
const OBJ_NAME: Readonly<Record<StatObjectType, string>> = { frontend: 'Frontend', backend: 'Backend', server: 'Server', listener: 'Listener' };

const ORIGIN: Readonly<Record<string, string>> = { M: 'Metric', S: 'Status', K: 'Key', C: 'Config', P: 'Product' };
const NATURE: Readonly<Record<string, string>> = {
  A: 'Age',
  a: 'Avg',
  C: 'Counter',
  D: 'Duration',
  G: 'Gauge',
  L: 'Limit',
  M: 'Max',
  m: 'Min',
  N: 'Name',
  O: 'Output',
  R: 'Rate',
  T: 'Time',
};
const SCOPE: Readonly<Record<string, string>> = { C: 'Cluster', P: 'Process', S: 'Service', s: 'System' };

/** One value with its place and type. */
interface TypedValue {
  readonly pos: number;
  readonly name: string;
  readonly ft: FieldType;
  readonly value: number | string;
}

/** For a value HAProxy never prints in this kind of row: the field's type elsewhere, or one read off the value. */
function fallback(pos: number, value: number | string): FieldType {
  return anyStatFieldType(pos) ?? (typeof value === 'number' ? { tags: 'MGP', type: 'u64' } : { tags: 'MOP', type: 'str' });
}

function rowValues(row: StatRow): TypedValue[] {
  const out: TypedValue[] = [];
  const add = (pos: number, name: string, value: StatValue): void => {
    if (value === undefined) return;
    out.push({ pos, name, ft: statFieldType(row.type, pos) ?? fallback(pos, value), value });
  };
  row.fields.forEach((v, i) => add(i, STAT_FIELDS[i] as string, v));
  row.modules.forEach((v, i) => add(FIRST_MODULE_POS + i, MODULE_FIELDS[i] as string, v));
  return out;
}

function tagsJson(tags: string): string {
  return `{"origin":"${ORIGIN[tags[0] as string] ?? ''}","nature":"${NATURE[tags[1] as string] ?? ''}","scope":"${SCOPE[tags[2] as string] ?? ''}"}`;
}

function valueJson(ft: FieldType, value: number | string): string {
  return `{"type":"${ft.type}","value":${typeof value === 'number' ? String(value) : JSON.stringify(value)}}`;
}

/** `show stat typed`: one line per non-empty value of every row, each ended by a newline. */
export function statsTyped(rows: readonly StatRow[]): string {
  let out = '';
  for (const row of rows) {
    const head = `${OBJ_LETTER[row.type]}.${row.proxyId}.${row.id}`;
    for (const v of rowValues(row)) out += `${head}.${v.pos}.${v.name}.${PROCESS_NUM}:${v.ft.tags}:${v.ft.type}:${v.value}\n`;
  }
  return out;
}

/** `show stat json` and the page's `;json`: an array per row of its field objects, on one line ended by a newline. */
export function statsJson(rows: readonly StatRow[]): string {
  const parts = rows.map((row) => {
    const obj = `{"objType":"${OBJ_NAME[row.type]}","proxyId":${row.proxyId},"id":${row.id},`;
    const fields = rowValues(row).map(
      (v) => `${obj}"field":{"pos":${v.pos},"name":"${v.name}"},"processNum":${PROCESS_NUM},"tags":${tagsJson(v.ft.tags)},"value":${valueJson(v.ft, v.value)}}`,
    );
    return `[${fields.join(',')}]`;
  });
  return `[${parts.join(',')}]\n`;
}

/** The lines of `show info` with their type; a name HAProxy has no type for is left out. */
function infoValues(info: readonly InfoField[]): TypedValue[] {
  const out: TypedValue[] = [];
  for (const f of info) {
    const ft = infoFieldType(f.name);
    if (ft) out.push({ pos: ft.pos, name: f.name, ft, value: f.value });
  }
  return out;
}

/** `show info typed`. */
export function infoTyped(info: readonly InfoField[]): string {
  let out = '';
  for (const v of infoValues(info)) out += `${v.pos}.${v.name}.${PROCESS_NUM}:${v.ft.tags}:${v.ft.type}:${v.value}\n`;
  return out;
}

/** `show info json`: one array of field objects on one line, ended by a newline. */
export function infoJson(info: readonly InfoField[]): string {
  const fields = infoValues(info).map(
    (v) => `{"field":{"pos":${v.pos},"name":"${v.name}"},"processNum":${PROCESS_NUM},"tags":${tagsJson(v.ft.tags)},"value":${valueJson(v.ft, v.value)}}`,
  );
  return `[${fields.join(',')}]\n`;
}
