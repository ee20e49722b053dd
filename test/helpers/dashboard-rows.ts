/** Hand-made stats rows for the stats page tests, and their CSV as HAProxy 2.6 writes it. */
import { CSV_COLUMNS, FIELD_INDEX, type StatField } from '../../lib/stats/columns.js';
import { emptyRow, STAT_TYPE_CODE, type InfoField, type StatObjectType, type StatRow, type StatValue } from '../../lib/stats/row.js';

/** A row of `type` with the given values (pxname, svname and type filled in). */
export function statRow(type: StatObjectType, proxyId: number, id: number, pxname: string, svname: string, values: Partial<Record<StatField, StatValue>> = {}): StatRow {
  const row = emptyRow(type, proxyId, id);
  const all: Partial<Record<StatField, StatValue>> = { pxname, svname, iid: proxyId, sid: id, type: STAT_TYPE_CODE[type], pid: 1, ...values };
  for (const [k, v] of Object.entries(all)) row.fields[FIELD_INDEX[k as StatField]] = v;
  return row;
}

/** A copy of `row` with some values changed. */
export function withValues(row: StatRow, values: Partial<Record<StatField, StatValue>>): StatRow {
  const copy: StatRow = { ...row, fields: [...row.fields], modules: [...row.modules] };
  for (const [k, v] of Object.entries(values)) copy.fields[FIELD_INDEX[k as StatField]] = v;
  return copy;
}

function csvValue(v: StatValue): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[,"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV of `rows`: `# ` header, every line ending with a comma. */
export function statsCsv(rows: readonly StatRow[]): string {
  const lines = [`# ${CSV_COLUMNS.join(',')},`];
  for (const r of rows) lines.push(`${[...r.fields, '-', ...r.modules].map((v, i) => (i === r.fields.length ? '-' : csvValue(v))).join(',')},`);
  return `${lines.join('\n')}\n`;
}

const HTTP_COUNTERS = { hrsp_1xx: 0, hrsp_2xx: 0, hrsp_3xx: 0, hrsp_4xx: 0, hrsp_5xx: 0, hrsp_other: 0, qtime: 0, ctime: 1, rtime: 12, ttime: 14 };

function server(px: number, id: number, pxname: string, name: string, status: string, extra: Partial<Record<StatField, StatValue>> = {}): StatRow {
  return statRow('server', px, id, pxname, name, {
    qcur: 0, qmax: 0, scur: 0, smax: 3, stot: 120 * id, bin: 53_211 * id, bout: 1_482_930 * id, dresp: 0, econ: 0, eresp: 0, wretr: 0, wredis: 0,
    status, weight: 1, uweight: 1, act: 1, bck: 0, lastchg: 95, lbtot: 120 * id, rate: 0, rate_max: 4, lastsess: 3, mode: 'http', req_tot: 120 * id, ...HTTP_COUNTERS, hrsp_2xx: 118 * id, hrsp_5xx: 2,
    ...extra,
  });
}

/** A frontend, an HTTP backend with a server in every state, a TCP backend with a backup server. */
export function demoRows(): StatRow[] {
  const checked = { chkfail: 0, chkdown: 0, downtime: 0, check_status: 'L7OK', check_code: 200, check_duration: 1, check_desc: 'Layer7 check passed', check_rise: 2, check_fall: 3 };
  const tcp = { mode: 'tcp', req_tot: undefined, hrsp_1xx: undefined, hrsp_2xx: undefined, hrsp_3xx: undefined, hrsp_4xx: undefined, hrsp_5xx: undefined, hrsp_other: undefined, rtime: undefined };
  return [
    statRow('frontend', 2, 0, 'web', 'FRONTEND', { scur: 4, smax: 40, slim: 1000, stot: 9_812, bin: 4_902_113, bout: 77_812_004, dreq: 0, dresp: 0, ereq: 2, status: 'OPEN', rate: 12, rate_lim: 0, rate_max: 80, mode: 'http', req_rate: 12, req_tot: 9_820, ...HTTP_COUNTERS }),
    server(3, 1, 'app', 'web1', 'UP', checked),
    server(3, 2, 'app', 'web2', 'UP 1/3', { ...checked, chkfail: 1, check_status: 'L4TOUT', check_code: undefined, check_duration: 2001, check_desc: 'Layer4 timeout' }),
    server(3, 3, 'app', 'web3', 'DOWN 1/2', { ...checked, chkdown: 1, downtime: 340 }),
    server(3, 4, 'app', 'web4', 'DOWN', { ...checked, chkfail: 7, chkdown: 2, downtime: 5_000, check_status: 'L4CON', check_code: undefined, check_duration: 0, check_desc: 'Layer4 connection problem' }),
    server(3, 5, 'app', 'web5', 'MAINT', { weight: 0 }),
    server(3, 6, 'app', 'web6', 'DRAIN', { ...checked, weight: 0 }),
    server(3, 7, 'app', 'web7', 'NOLB', checked),
    server(3, 8, 'app', 'web8', 'no check', { throttle: 40 }),
    statRow('backend', 3, 0, 'app', 'BACKEND', {
      qcur: 0, qmax: 2, scur: 3, smax: 30, slim: 100, stot: 9_700, bin: 4_800_000, bout: 77_000_000, dreq: 0, dresp: 0, econ: 3, eresp: 1, wretr: 0, wredis: 0, status: 'UP', weight: 5, uweight: 8, act: 5, bck: 0, chkdown: 4, lastchg: 3_700, downtime: 12, lbtot: 9_700,
      rate: 12, rate_max: 80, lastsess: 0, mode: 'http', algo: 'roundrobin', req_tot: 9_700, ...HTTP_COUNTERS, hrsp_2xx: 9_600, hrsp_5xx: 7,
    }),
    server(4, 1, 'db', 'pg1', 'UP', { ...tcp, ttime: 40, check_status: 'L4OK', check_duration: 0, check_desc: 'Layer4 check passed' }),
    server(4, 2, 'db', 'pg2', 'UP', { ...tcp, bck: 1, act: 0, check_status: 'L4OK', check_duration: 0 }),
    statRow('backend', 4, 0, 'db', 'BACKEND', { qcur: 0, qmax: 0, scur: 1, smax: 4, slim: 400, stot: 310, bin: 98_000, bout: 1_200_000, econ: 0, eresp: 0, status: 'UP', weight: 2, uweight: 2, act: 1, bck: 1, lastchg: 86_500, downtime: 0, lbtot: 310, rate: 1, rate_max: 9, lastsess: 2, mode: 'tcp', algo: 'leastconn' }),
  ];
}

/** `show info` lines for the header. */
export function demoInfo(): InfoField[] {
  return [
    { name: 'Name', value: 'tslb' },
    { name: 'Version', value: '0.1.0' },
    { name: 'Release_date', value: '2026/10/17' },
    { name: 'Nbthread', value: 1 },
    { name: 'Pid', value: 4242 },
    { name: 'Uptime', value: '0d 1h02m03s' },
    { name: 'Uptime_sec', value: 3723 },
    { name: 'Maxconn', value: 2000 },
    { name: 'CurrConns', value: 312 },
    { name: 'CumConns', value: 184_220 },
    { name: 'CumReq', value: 412_907 },
    { name: 'ConnRate', value: 48 },
    { name: 'MaxConnRate', value: 310 },
    { name: 'node', value: 'lb-1' },
  ];
}
