/**
 * How the dashboard prints a cell. A cell names a format and, for the
 * single-field formats, the CSV column it shows; the server renders it here
 * and the client script re-renders it from each CSV poll with its own copy
 * of these functions (client-script.ts), which test/stats/page-html.test.ts
 * checks against this one on a table of values. Values arrive as CSV text:
 * '' is an empty field.
 */

/** A row's value by CSV column name, as CSV text ('' when empty). */
export type FieldGetter = (field: string) => string;

export const CELL_FORMATS = ['num', 'lim', 'bytes', 'dur', 'yn', 'thr', 'wght', 'chk'] as const;

export type CellFormat = (typeof CELL_FORMATS)[number];

/** Groups the digits of an integer with narrow no-break spaces, as HAProxy's page does with spaces: `3 712`. */
export function groupDigits(v: string): string {
  if (!/^-?\d+$/.test(v)) return v;
  const sign = v.startsWith('-') ? '-' : '';
  return sign + v.slice(sign.length).replace(/\B(?=(\d{3})+$)/g, '\u202f');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units, one decimal above 1 KiB: `512 B`, `3.6 KiB`. */
export function humanBytes(v: string): string {
  if (v === '') return '';
  let n = Number(v);
  if (!Number.isFinite(n)) return v;
  let unit = 0;
  while (Math.abs(n) >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + String(n);

/** Seconds as a short duration, `?` when negative (HAProxy's -1: never): `42s`, `3m07s`, `2h05m`, `4d03h`. */
export function humanDuration(v: string): string {
  if (v === '') return '';
  const s = Number(v);
  if (!Number.isFinite(s)) return v;
  if (s < 0) return '?';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad2(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad2(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86400)}d${pad2(Math.floor(s / 3600) % 24)}h`;
}

/** The text of a cell in `format`, showing `field` for the single-field formats. */
export function formatCell(format: CellFormat, get: FieldGetter, field: string): string {
  const v = get(field);
  switch (format) {
    case 'num':
      return groupDigits(v);
    case 'lim':
      return v === '' ? '-' : groupDigits(v);
    case 'bytes':
      return humanBytes(v);
    case 'dur':
      return humanDuration(v);
    case 'yn':
      return v === '' ? '' : Number(v) > 0 ? 'Y' : '-';
    case 'thr':
      return v === '' ? '-' : `${v} %`;
    case 'wght': {
      const w = get('weight');
      const u = get('uweight');
      return w === '' && u === '' ? '' : `${w}/${u}`;
    }
    case 'chk': {
      const st = get('check_status');
      if (st === '') return '';
      const code = get('check_code');
      const ms = get('check_duration');
      return st + (code === '' ? '' : `/${code}`) + (ms === '' || Number(ms) < 0 ? '' : ` in ${ms}ms`);
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

/**
 * The tooltip of a Sessions/Total cell: HTTP responses by class and the
 * average times over the last 1024 requests, the details HAProxy's page
 * shows on hover.
 */
export function sessionsTip(get: FieldGetter): string {
  const parts: string[] = [];
  if (get('req_tot') !== '') parts.push(`HTTP requests: ${groupDigits(get('req_tot'))}`);
  if (get('hrsp_2xx') !== '') {
    const codes = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'].map((c) => `${c}: ${groupDigits(get(`hrsp_${c}`) || '0')}`);
    parts.push(`responses ${codes.join(', ')}`);
  }
  const times = ['qtime', 'ctime', 'rtime', 'ttime'].map((f) => get(f));
  if (times.some((t) => t !== '')) parts.push(`avg queue/connect/response/total: ${times.map((t) => t || '-').join('/')} ms`);
  return parts.join('\n');
}
