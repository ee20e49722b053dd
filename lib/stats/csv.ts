/**
 * Statistics as CSV (management guide 9.1), as `show stat` and the stats
 * page's `;csv` write it:
 *
 *   # pxname,svname,qcur,...,agg_check_status,-,ssl_sess,...,h1_spliced_bytes_out,
 *   fe,FRONTEND,,,0,2,...,OPEN,...,-,0,0,...,
 *
 * Every line, the header included, ends with a comma; an empty field is an
 * empty string; the `-` column (end of the static fields) prints `-`; a
 * value is quoted only when it holds a comma, a double quote, CR or LF, its
 * quotes doubled (HAProxy 2.6.12's rule, checked on a check reason holding
 * `,` and `"`).
 */
import { CSV_COLUMNS } from './columns.js';
import type { StatRow, StatValue } from './row.js';

/** The header line, without its newline. */
export const CSV_HEADER = `# ${CSV_COLUMNS.join(',')},`;

const NEEDS_QUOTES = /[\r\n,"]/;

/** One value as a CSV field. */
export function csvValue(v: StatValue): string {
  if (v === undefined) return '';
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row as a CSV line, without its newline. */
export function csvLine(row: StatRow): string {
  let line = '';
  for (const v of row.fields) line += `${csvValue(v)},`;
  line += '-,';
  for (const v of row.modules) line += `${csvValue(v)},`;
  return line;
}

/** The header then every row, each line ended by a newline. */
export function statsCsv(rows: readonly StatRow[]): string {
  let out = `${CSV_HEADER}\n`;
  for (const r of rows) out += `${csvLine(r)}\n`;
  return out;
}
