/**
 * The HTML stats page ("dashboard"): what `stats enable` serves at the
 * stats URI, built from the same rows as the CSV (reference §1.13).
 *
 *   header (name, version unless hide-version, pid, node)  ── live indicator
 *   banner for the last admin action (`;st=DONE` ...)
 *   overview: process figures, legend, display options
 *   one section per proxy: charts of its backend, table, admin form
 *   inline CSS, the settings as JSON, the inline client script
 *
 * The page is complete without its script; the script then polls the CSV
 * every 2 s to recolour states, rewrite counters and draw the charts.
 */
import type { InfoField, StatRow } from '../row.js';
import { STATS_CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { statsMessage } from './messages.js';
import { infoLookup, pageModifiers, renderOverview, type InfoLookup } from './overview.js';
import { renderProxySection, rowGetter, type ProxySection } from './proxy-section.js';
import { displayState, shownWhenUpOnly } from './state.js';
import { statsUrl } from './links.js';
import { STATS_PAGE_CSS } from './style.js';

export interface StatsPageView {
  /** Stats rows in HAProxy's order: per proxy its frontend, listeners, servers, backend. */
  readonly rows: readonly StatRow[];
  /** `show info` lines (Name, Version, Pid, Uptime, CurrConns, Maxconn, node ...). */
  readonly info: readonly InfoField[];
  /** The stats URI prefix, for links, forms and the script's CSV polls. */
  readonly uri: string;
  /** `stats refresh` in seconds: a meta refresh; omitted with `;norefresh` or without the keyword. */
  readonly refreshSeconds?: number | undefined;
  /** The `stats admin` condition held: checkboxes and an action form per backend. */
  readonly admin: boolean;
  /** `stats hide-version`: no version (nor release date, nor build info) anywhere. */
  readonly hideVersion: boolean;
  /** `;up`: servers that are not UP are left out (HAProxy keeps DRAIN, NOLB and `no check`). */
  readonly upOnly: boolean;
  /** The `scope` query: only proxies whose name contains it (case-insensitively), shown in the search box. */
  readonly scope?: string | undefined;
  /** The `st=` code HAProxy appends on its 303 after an admin POST (`DONE`, `NONE`, `PART`, `ERRP`, ...). */
  readonly message?: string | undefined;
  /** How often the script polls the CSV, in ms; 2000 unless set (tests shorten it). */
  readonly pollMs?: number | undefined;
}

/** How long the charts look back. */
const CHART_WINDOW_SECONDS = 300;

/** Groups rows by proxy, keeping the order of first appearance. */
function sections(rows: readonly StatRow[]): ProxySection[] {
  const byProxy = new Map<number, { name: string; rows: StatRow[] }>();
  for (const row of rows) {
    let s = byProxy.get(row.proxyId);
    if (!s) byProxy.set(row.proxyId, (s = { name: rowGetter(row)('pxname'), rows: [] }));
    s.rows.push(row);
  }
  return [...byProxy].map(([proxyId, s]) => ({ proxyId, name: s.name, rows: s.rows }));
}

function visible(view: StatsPageView): StatRow[] {
  const scope = view.scope?.toLowerCase();
  return view.rows.filter((row) => {
    const get = rowGetter(row);
    if (scope && !get('pxname').toLowerCase().includes(scope)) return false;
    return !(view.upOnly && row.type === 'server' && !shownWhenUpOnly(displayState(get('status'))));
  });
}

function header(get: InfoLookup, hideVersion: boolean): string {
  const name = get('Name') ?? 'tslb';
  const version = get('Version');
  const released = get('Release_date');
  const ver = !hideVersion && version !== undefined ? `<span class="ver">version ${escapeHtml(version)}${released ? `, released ${escapeHtml(released)}` : ''}</span>` : '';
  const sub = [get('Pid') !== undefined ? `Statistics report for pid ${get('Pid')}` : 'Statistics report', get('node') ? `on node ${get('node')}` : '', get('description') ?? '']
    .filter((s) => s !== '')
    .map((s) => escapeHtml(s))
    .join(' · ');
  return `<header class="top"><div><h1>${escapeHtml(name)}${ver}</h1><div class="sub">${sub}</div></div><div class="live" id="live" role="status"><span class="dot"></span><span class="live-text">connecting…</span></div></header>`;
}

function banner(view: StatsPageView): string {
  const code = view.message;
  if (code === undefined) return '';
  const msg = statsMessage(code);
  if (!msg) return '';
  const close = escapeHtml(statsUrl(view.uri, pageModifiers(view), view.scope));
  return `<div class="msg msg-${msg.level}" role="alert" data-code="${escapeHtml(code)}"><span>${escapeHtml(msg.text)}</span><a href="${close}" title="dismiss" aria-label="dismiss">×</a></div>`;
}

/** The whole page. */
export function renderStatsPage(view: StatsPageView): string {
  const get = infoLookup(view.info);
  const mods = pageModifiers(view);
  const formAction = statsUrl(view.uri, mods, view.scope);
  const body = sections(visible(view))
    .map((s) => renderProxySection(s, { admin: view.admin, formAction }))
    .join('');
  const config = { csv: statsUrl(view.uri, ['csv', 'norefresh'], view.scope), upOnly: view.upOnly, intervalMs: view.pollMs ?? 2000, windowSec: CHART_WINDOW_SECONDS };
  const refresh = view.refreshSeconds !== undefined ? `<meta http-equiv="refresh" content="${Math.max(1, Math.floor(view.refreshSeconds))}">` : '';
  const empty = body === '' ? '<p class="panel">No proxy to show' + (view.scope ? ` for scope “${escapeHtml(view.scope)}”` : '') + '.</p>' : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    refresh,
    // No favicon request to the load balancer.
    '<link rel="icon" href="data:,">',
    `<title>Statistics Report for ${escapeHtml(get('Name') ?? 'tslb')}</title>`,
    `<style>${STATS_PAGE_CSS}</style></head><body>`,
    header(get, view.hideVersion),
    `<main>${banner(view)}${renderOverview(get, view)}${body}${empty}</main>`,
    `<footer>Counters and states update live every ${(view.pollMs ?? 2000) / 1000} s from the CSV; charts keep the last ${CHART_WINDOW_SECONDS / 60} minutes.</footer>`,
    `<script type="application/json" id="tslb-stats-config">${jsonForScript(config)}</script>`,
    `<script>${STATS_CLIENT_SCRIPT}</script>`,
    '</body></html>',
  ].join('\n');
}
