/**
 * One proxy on the dashboard: its heading, the live charts of its backend
 * side, and the table of HAProxy's stats page — Frontend row, listener
 * rows, server rows, Backend row — under HAProxy's column groups (Queue,
 * Session rate, Sessions, Bytes, Denied, Errors, Warnings, Server). With
 * the admin form, a checkbox per server and an action list post to the
 * stats URI (actions.ts).
 *
 * Every value cell names its CSV column (`data-f`) and format (`data-fmt`,
 * format.ts) so the client script can rewrite it from each CSV poll; every
 * status cell carries `data-proxy`, `data-server`, `data-status` and a
 * `state-*` class (state.ts).
 */
import { FIELD_INDEX, type StatField } from '../columns.js';
import type { StatObjectType, StatRow } from '../row.js';
import { STATS_ACTIONS } from './actions.js';
import { escapeHtml } from './escape.js';
import { formatCell, sessionsTip, type CellFormat, type FieldGetter } from './format.js';
import { displayState } from './state.js';

/** A column of the table for one row type: nothing, a value, or the status. */
type Cell = { readonly kind: 'blank' } | { readonly kind: 'status' } | { readonly kind: 'field'; readonly field: StatField; readonly fmt: CellFormat };

const _: Cell = { kind: 'blank' };
const ST: Cell = { kind: 'status' };
const f = (field: StatField, fmt: CellFormat = 'num'): Cell => ({ kind: 'field', field, fmt });

/** The column groups and their columns, as HAProxy's page heads them. */
const GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['Queue', ['Cur', 'Max', 'Limit']],
  ['Session rate', ['Cur', 'Max', 'Limit']],
  ['Sessions', ['Cur', 'Max', 'Limit', 'Total', 'LbTot', 'Last']],
  ['Bytes', ['In', 'Out']],
  ['Denied', ['Req', 'Resp']],
  ['Errors', ['Req', 'Conn', 'Resp']],
  ['Warnings', ['Retr', 'Redis']],
  ['Server', ['Status', 'LastChk', 'Wght', 'Act', 'Bck', 'Chk', 'Dwn', 'Dwntme', 'Thrtle']],
];

const BYTES = [f('bin', 'bytes'), f('bout', 'bytes')];
const NO_SERVER_DETAILS = [_, _, _, _, _, _, _, _];

/** What each row type shows in each column (30 columns, as GROUPS). */
const LAYOUT: Readonly<Record<StatObjectType, readonly Cell[]>> = {
  frontend: [_, _, _, f('rate'), f('rate_max'), f('rate_lim', 'lim'), f('scur'), f('smax'), f('slim', 'lim'), f('stot'), _, _, ...BYTES, f('dreq'), f('dresp'), f('ereq'), _, _, _, _, ST, ...NO_SERVER_DETAILS],
  listener: [_, _, _, _, _, _, f('scur'), f('smax'), f('slim', 'lim'), f('stot'), _, _, ...BYTES, f('dreq'), f('dresp'), f('ereq'), _, _, _, _, ST, ...NO_SERVER_DETAILS],
  server: [
    ...[f('qcur'), f('qmax'), f('qlimit', 'lim'), f('rate'), f('rate_max'), _, f('scur'), f('smax'), f('slim', 'lim'), f('stot'), f('lbtot'), f('lastsess', 'dur')],
    ...[...BYTES, _, f('dresp'), _, f('econ'), f('eresp'), f('wretr'), f('wredis')],
    ...[ST, f('check_status', 'chk'), f('weight', 'wght'), f('act', 'yn'), f('bck', 'yn'), f('chkfail'), f('chkdown'), f('downtime', 'dur'), f('throttle', 'thr')],
  ],
  backend: [
    ...[f('qcur'), f('qmax'), _, f('rate'), f('rate_max'), _, f('scur'), f('smax'), f('slim'), f('stot'), f('lbtot'), f('lastsess', 'dur')],
    ...[...BYTES, f('dreq'), f('dresp'), _, f('econ'), f('eresp'), f('wretr'), f('wredis')],
    ...[ST, _, f('weight', 'wght'), f('act'), f('bck'), _, f('chkdown'), f('downtime', 'dur'), _],
  ],
};

/** A row's values as CSV text, '' for an empty field. */
export function rowGetter(row: StatRow): FieldGetter {
  return (field) => {
    const i = (FIELD_INDEX as Readonly<Record<string, number>>)[field];
    const v = i === undefined ? undefined : row.fields[i];
    return v === undefined ? '' : String(v);
  };
}

const text = (row: StatRow, field: StatField): string => rowGetter(row)(field);

function valueCell(cell: Cell, row: StatRow, get: FieldGetter): string {
  switch (cell.kind) {
    case 'blank':
      return '<td></td>';
    case 'status': {
      const status = get('status');
      const state = displayState(status);
      const attrs = `data-proxy="${escapeHtml(get('pxname'))}" data-server="${escapeHtml(get('svname'))}" data-status="${escapeHtml(status)}"`;
      const since = row.type === 'server' || row.type === 'backend' ? `<span class="since" data-f="lastchg" data-fmt="dur">${escapeHtml(formatCell('dur', get, 'lastchg'))}</span>` : '';
      return `<td class="status state-${state}" ${attrs}><span class="badge">${escapeHtml(status)}</span>${since}</td>`;
    }
    case 'field': {
      const shown = formatCell(cell.fmt, get, cell.field);
      const fmt = cell.fmt === 'num' ? '' : ` data-fmt="${cell.fmt}"`;
      let title = '';
      if (cell.fmt === 'bytes') title = `${formatCell('num', get, cell.field)} bytes`;
      else if (cell.fmt === 'chk') title = get('check_desc');
      let tip = '';
      if (cell.field === 'stot') {
        tip = ' data-tip';
        title = sessionsTip(get);
      }
      const cls = cell.fmt === 'yn' || cell.fmt === 'wght' || cell.fmt === 'chk' ? ' class="c"' : '';
      return `<td${cls} data-f="${cell.field}"${fmt}${tip}${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(shown)}</td>`;
    }
    default: {
      const never: never = cell;
      return never;
    }
  }
}

const ROW_LABEL: Readonly<Record<StatObjectType, string | undefined>> = { frontend: 'Frontend', backend: 'Backend', server: undefined, listener: undefined };

function renderRow(row: StatRow, withSelect: boolean): string {
  const get = rowGetter(row);
  const state = displayState(get('status'));
  const backup = row.type === 'server' && Number(get('bck')) > 0;
  const cls = `row-${row.type} state-${state}${backup ? ' backup' : ''}`;
  const name = ROW_LABEL[row.type] ?? get('svname');
  const select = !withSelect
    ? ''
    : row.type === 'server'
      ? `<td class="sel"><input type="checkbox" name="s" value="${escapeHtml(get('svname'))}" aria-label="select ${escapeHtml(get('svname'))}"></td>`
      : '<td class="sel"></td>';
  const tag = backup ? '<span class="bk" title="backup server">backup</span>' : '';
  const cells = LAYOUT[row.type].map((c) => valueCell(c, row, get)).join('');
  return `<tr class="${cls}" data-proxy="${escapeHtml(get('pxname'))}" data-server="${escapeHtml(get('svname'))}">${select}<td class="name">${escapeHtml(name)}${tag}</td>${cells}</tr>`;
}

function renderHead(withSelect: boolean): string {
  const sel = withSelect ? '<th class="sel" rowspan="2"><input type="checkbox" data-select-all aria-label="select all servers"></th>' : '';
  const top = GROUPS.map(([g, cols]) => `<th colspan="${cols.length}">${g}</th>`).join('');
  const sub = GROUPS.flatMap(([, cols]) => cols.map((c) => `<th>${c}</th>`)).join('');
  return `<thead><tr>${sel}<th rowspan="2">Name</th>${top}</tr><tr>${sub}</tr></thead>`;
}

/** The rows of one proxy, in the order the stats rows give them. */
export interface ProxySection {
  readonly proxyId: number;
  readonly name: string;
  readonly rows: readonly StatRow[];
}

export interface ProxySectionOptions {
  /** Show checkboxes and the action form. */
  readonly admin: boolean;
  /** Where the form posts: the stats URI (with the page's modifiers). */
  readonly formAction: string;
}

function renderCharts(section: ProxySection, backend: StatRow): string {
  const http = text(backend, 'mode') === 'http' && text(backend, 'req_tot') !== '';
  const name = escapeHtml(section.name);
  const series: readonly (readonly [string, string, string])[] = [
    ['req', http ? 'Requests/s' : 'Sessions/s', http ? 'requests per second' : 'sessions per second'],
    ['err', 'Errors/s', 'errors per second (5xx, connection and response errors)'],
    http ? ['rt', 'Response time', 'average response time in milliseconds'] : ['rt', 'Connect time', 'average connect time in milliseconds'],
  ];
  const canvases = series
    .map(([k, title, what]) => `<canvas data-proxy="${name}" data-series="${k}" data-title="${title}" role="img" aria-label="${name}: ${what}, last 5 minutes"></canvas>`)
    .join('');
  return `<div class="charts">${canvases}</div>`;
}

/** The HTML of one proxy's section. */
export function renderProxySection(section: ProxySection, options: ProxySectionOptions): string {
  const backend = section.rows.find((r) => r.type === 'backend');
  const hasServers = section.rows.some((r) => r.type === 'server');
  const withForm = options.admin && backend !== undefined && hasServers;
  const first = section.rows[0];
  const mode = first ? text(backend ?? first, 'mode') : '';
  const algo = backend ? text(backend, 'algo') : '';
  const tags = [mode, algo]
    .filter((t) => t !== '')
    .map((t) => `<span class="tag">${escapeHtml(t)}</span>`)
    .join('');
  const head = `<div class="proxy-head"><h2>${escapeHtml(section.name)}</h2>${tags}</div>`;
  const charts = backend ? renderCharts(section, backend) : '';
  const table = `<div class="tw"><table class="tbl">${renderHead(withForm)}<tbody>${section.rows.map((r) => renderRow(r, withForm)).join('')}</tbody></table></div>`;
  const body = withForm
    ? `<form method="post" action="${escapeHtml(options.formAction)}">${table}<div class="admin"><label>Action on the selected servers <select name="action" required><option value="">choose…</option>${STATS_ACTIONS.map(
        (a) => `<option value="${a.value}">${escapeHtml(a.label)}</option>`,
      ).join('')}</select></label><input type="hidden" name="b" value="#${section.proxyId}"><button type="submit">Apply</button></div></form>`
    : table;
  return `<section class="proxy" data-proxy="${escapeHtml(section.name)}">${head}${charts}${body}</section>`;
}
