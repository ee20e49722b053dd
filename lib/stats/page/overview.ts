/**
 * The top of the dashboard: the process figures from `show info` (uptime,
 * connections against maxconn, rates, totals, pid), the legend of state
 * colours, and the display options (scope box, `;up`, `;norefresh`,
 * exports) — the "General process information" block of HAProxy's page.
 */
import type { InfoField } from '../row.js';
import { escapeHtml } from './escape.js';
import { groupDigits, humanDuration } from './format.js';
import { statsUrl, type StatsModifier } from './links.js';

/** `show info` values by name, as text. */
export type InfoLookup = (name: string) => string | undefined;

export function infoLookup(info: readonly InfoField[]): InfoLookup {
  const byName = new Map(info.map((i) => [i.name, String(i.value)]));
  return (name) => byName.get(name);
}

function card(key: string, value: string, sub = '', extra = ''): string {
  return `<div class="card"><div class="k">${key}</div><div class="v">${escapeHtml(value)}</div>${sub ? `<div class="s">${escapeHtml(sub)}</div>` : ''}${extra}</div>`;
}

function cards(get: InfoLookup): string {
  const out: string[] = [];
  const seconds = get('Uptime_sec');
  const uptime = get('Uptime');
  if (seconds !== undefined) out.push(card('Uptime', humanDuration(seconds), uptime ?? ''));
  else if (uptime !== undefined) out.push(card('Uptime', uptime));
  const cur = get('CurrConns');
  const max = get('Maxconn');
  if (cur !== undefined) {
    const pct = max !== undefined && Number(max) > 0 ? Math.min(100, (100 * Number(cur)) / Number(max)) : undefined;
    const meter = pct === undefined ? '' : `<div class="meter" title="${pct.toFixed(1)} % of maxconn"><i style="width:${pct.toFixed(1)}%"></i></div>`;
    out.push(card('Connections', groupDigits(cur), max !== undefined ? `of maxconn ${groupDigits(max)}` : '', meter));
  } else if (max !== undefined) out.push(card('Maxconn', groupDigits(max)));
  const rate = get('ConnRate');
  if (rate !== undefined) out.push(card('Connection rate', `${rate}/s`, get('MaxConnRate') !== undefined ? `max ${get('MaxConnRate')}/s` : ''));
  const cumConns = get('CumConns');
  if (cumConns !== undefined) out.push(card('Total connections', groupDigits(cumConns)));
  const cumReq = get('CumReq');
  if (cumReq !== undefined) out.push(card('Total requests', groupDigits(cumReq)));
  const pid = get('Pid');
  if (pid !== undefined) out.push(card('Process', `pid ${pid}`, get('Nbthread') !== undefined ? `${get('Nbthread')} thread${get('Nbthread') === '1' ? '' : 's'}` : ''));
  return `<div class="cards">${out.join('')}</div>`;
}

const LEGEND: readonly (readonly [string, string])[] = [
  ['state-up', 'UP'],
  ['state-going-down', 'UP, going down'],
  ['state-going-up', 'DOWN, going up'],
  ['state-down', 'DOWN'],
  ['state-maint', 'maintenance (MAINT)'],
  ['state-drain', 'draining (DRAIN)'],
  ['state-nolb', 'no load balancing (NOLB)'],
  ['state-nocheck', 'not checked'],
  ['backup', 'backup server'],
];

function legend(): string {
  const items = LEGEND.map(([cls, label]) => `<span><i class="sw ${cls}"></i>${label}</span>`).join('');
  return `<div class="panel legend-panel"><h3>Legend</h3><div class="legend">${items}<span class="note">DRAIN and NOLB servers are UP, out of load balancing.</span></div></div>`;
}

export interface OptionsView {
  readonly uri: string;
  readonly upOnly: boolean;
  readonly refreshSeconds?: number | undefined;
  readonly scope?: string | undefined;
}

/** The modifiers of the page being shown, for links that keep them. */
export function pageModifiers(view: OptionsView): StatsModifier[] {
  return view.upOnly ? ['up'] : [];
}

function options(view: OptionsView): string {
  const mods = pageModifiers(view);
  const link = (m: StatsModifier[], label: string): string => `<li><a href="${escapeHtml(statsUrl(view.uri, m, view.scope))}">${label}</a></li>`;
  const links = [
    view.upOnly ? link([], 'Show all servers') : link(['up'], 'Hide servers not UP'),
    view.refreshSeconds !== undefined ? link([...mods, 'norefresh'], `Disable refresh (every ${view.refreshSeconds} s)`) : '',
    link(mods, 'Refresh now'),
    link(['csv', 'norefresh'], 'CSV export'),
    link(['json', 'norefresh'], 'JSON export'),
  ].join('');
  // No action: like HAProxy's, the box reloads the page's own path (its ;modifiers kept) with a new query.
  const scope = `<form method="get"><input type="search" name="scope" value="${escapeHtml(view.scope ?? '')}" placeholder="filter proxies…" aria-label="scope: show proxies whose name contains" maxlength="64"></form>`;
  return `<div class="panel options"><h3>Display</h3>${scope}<ul>${links}</ul></div>`;
}

/** The overview block: figures, legend, options. */
export function renderOverview(get: InfoLookup, view: OptionsView): string {
  return `<section class="overview">${cards(get)}${legend()}${options(view)}</section>`;
}
