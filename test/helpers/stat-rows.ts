/**
 * Statistics as HAProxy prints them (read from its stats socket), turned into what tslb's outputs read:
 * `show stat` CSV lines → StatRow, `show info` → InfoField, `show table` →
 * StickTableStat; and a small reader of the Prometheus text format to
 * compare two exporters' answers family by family.
 */
import { connect } from 'node:net';
import { FIELD_INDEX, MODULE_FIELDS, STAT_FIELDS, type StatField } from '../../lib/stats/columns.js';
import { emptyRow, type InfoField, type StatObjectType, type StatRow, type StatValue } from '../../lib/stats/row.js';
import type { StickTableStat } from '../../lib/stats/prometheus/table-families.js';

/** Sends one command to an HAProxy stats socket and returns its answer (not balancer-differential's: that one loads the runtime). */
export function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out.trim()));
    s.on('error', reject);
    s.write(`${command}\n`);
  });
}

const TYPES: readonly StatObjectType[] = ['frontend', 'backend', 'server', 'listener'];

/** Splits one CSV line (HAProxy quotes a value only when it holds ',' or '"', doubling quotes). */
export function csvValues(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      i++; // the comma
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** A CSV value: empty → undefined, an integer → number, else the text. */
function value(text: string | undefined): StatValue {
  if (text === undefined || text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** One `show stat` line (not the header) as a row. */
export function csvRow(line: string): StatRow {
  const v = csvValues(line);
  const type = TYPES[Number(v[FIELD_INDEX.type])];
  if (!type) throw new Error(`no object type in CSV line: ${line}`);
  const row = emptyRow(type, Number(v[FIELD_INDEX.iid]), Number(v[FIELD_INDEX.sid]));
  STAT_FIELDS.forEach((_, i) => (row.fields[i] = value(v[i])));
  MODULE_FIELDS.forEach((_, i) => (row.modules[i] = value(v[STAT_FIELDS.length + 1 + i])));
  return row;
}

/** Every row of a `show stat` answer. */
export function csvRows(csv: string): StatRow[] {
  return csv
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map(csvRow);
}

/** `show info`: `Name: value` lines, integers as numbers. */
export function infoFields(text: string): InfoField[] {
  const out: InfoField[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(colon + 1).trim();
    out.push({ name: line.slice(0, colon), value: /^-?\d+$/.test(raw) ? Number(raw) : raw });
  }
  return out;
}

/** `show table` without a name: one `# table: <name>, type: <t>, size:<n>, used:<n>` line per table. */
export function tableStats(text: string): StickTableStat[] {
  const out: StickTableStat[] = [];
  for (const m of text.matchAll(/^# table: ([^,]+), type: ([^,]+), size:(\d+), used:(\d+)/gm)) {
    out.push({ name: m[1] as string, type: m[2] as string, size: Number(m[3]), used: Number(m[4]) });
  }
  return out;
}

/** A row made by hand for unit tests: fields by name. */
export function statRow(type: StatObjectType, proxyId: number, id: number, fields: Partial<Record<StatField, StatValue>>): StatRow {
  const row = emptyRow(type, proxyId, id);
  for (const [name, v] of Object.entries(fields)) row.fields[FIELD_INDEX[name as StatField]] = v;
  return row;
}

/** One family of an exposition text: its HELP, TYPE and series (label text → value text) in order. */
export interface Family {
  readonly help: string;
  readonly type: string;
  readonly series: Map<string, string>;
}

/** Reads the text format as both exporters write it (HELP, TYPE, then the series of that name). */
export function families(text: string): Map<string, Family> {
  const out = new Map<string, Family>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# HELP (\S+) (.*)$/.exec(line);
    if (m) {
      out.set(m[1] as string, { help: m[2] as string, type: '', series: new Map() });
      continue;
    }
    m = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (m) {
      const f = out.get(m[1] as string);
      if (!f) throw new Error(`TYPE before HELP: ${line}`);
      out.set(m[1] as string, { ...f, type: m[2] as string });
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a series line: ${line}`);
    const name = m[1] as string;
    // A histogram's or summary's series carry suffixes (_bucket, _sum, _count).
    const family = out.get(name) ?? out.get(name.replace(/_(bucket|sum|count)$/, ''));
    if (!family) throw new Error(`series before its HELP: ${line}`);
    family.series.set(`${name}${m[2] ?? ''}`, m[3] as string);
  }
  return out;
}
