/**
 * The HTML stats page rendered from hand-made rows: state attributes and
 * classes for every HAProxy status string, escaping of every name, `;up`,
 * the admin form, hide-version, refresh, the action banner, the scope; the
 * inline client script is valid JS, classifies and formats like the server,
 * and parses real HAProxy 2.6 CSV.
 */
import { createServer } from 'node:http';
import { Script, runInNewContext } from 'node:vm';
import t from 'tap';
import { CSV_COLUMNS } from '../../lib/stats/columns.js';
import type { StatRow } from '../../lib/stats/row.js';
import { STATS_ACTIONS } from '../../lib/stats/page/actions.js';
import { STATS_CLIENT_SCRIPT } from '../../lib/stats/page/client-script.js';
import { escapeHtml, jsonForScript } from '../../lib/stats/page/escape.js';
import { CELL_FORMATS, formatCell, groupDigits, humanBytes, humanDuration, sessionsTip, type CellFormat, type FieldGetter } from '../../lib/stats/page/format.js';
import { renderStatsPage, type StatsPageView } from '../../lib/stats/page/html.js';
import { STATS_MESSAGES, statsMessage } from '../../lib/stats/page/messages.js';
import { displayState, shownWhenUpOnly } from '../../lib/stats/page/state.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';
import { demoInfo, demoRows, statRow, statsCsv } from '../helpers/dashboard-rows.js';

interface ParsedCsv {
  columns: string[];
  rows: Record<string, string>[];
}
interface HistoryPoint {
  t: number;
  req: number | null;
  err: number | null;
  rt: number | null;
}
interface History {
  last: { t: number; req: number; err: number } | null;
  points: HistoryPoint[];
}
/** The pure parts the client script publishes as `tslbStats`. */
interface ClientApi {
  parseCsv(text: string): ParsedCsv;
  displayState(status: string): string;
  shownWhenUpOnly(state: string): boolean;
  groupDigits(v: string): string;
  humanBytes(v: string): string;
  humanDuration(v: string): string;
  formatCell(fmt: string, get: FieldGetter, field: string): string;
  sessionsTip(get: FieldGetter): string;
  advance(hist: History, t: number, row: Record<string, string>, windowMs: number): HistoryPoint;
  niceScale(max: number): { step: number; top: number };
  shortNumber(v: number): string;
}

/** Runs the client script in a bare vm context (no document: it only publishes its API). */
function clientApi(): ClientApi {
  const ctx: { tslbStats?: ClientApi } = {};
  runInNewContext(STATS_CLIENT_SCRIPT, ctx);
  if (!ctx.tslbStats) throw new Error('the client script published no tslbStats');
  return ctx.tslbStats;
}

const base: StatsPageView = { rows: demoRows(), info: demoInfo(), uri: '/stats', admin: false, hideVersion: false, upOnly: false };
const page = (over: Partial<StatsPageView> = {}): string => renderStatsPage({ ...base, ...over });

interface StatusCell {
  cls: string;
  proxy: string;
  server: string;
  status: string;
}
function statusCells(html: string): StatusCell[] {
  return [...html.matchAll(/<td class="status ([^"]*)" data-proxy="([^"]*)" data-server="([^"]*)" data-status="([^"]*)">/g)].map((m) => ({ cls: m[1] ?? '', proxy: m[2] ?? '', server: m[3] ?? '', status: m[4] ?? '' }));
}

const STATES: readonly (readonly [string, string])[] = [
  ['UP', 'up'],
  ['UP 1/3', 'going-down'],
  ['UP 2/3', 'going-down'],
  ['DOWN', 'down'],
  ['DOWN 1/2', 'going-up'],
  ['DOWN (agent)', 'down'],
  ['MAINT', 'maint'],
  ['MAINT (via app/web1)', 'maint'],
  ['MAINT (resolution)', 'maint'],
  ['DRAIN', 'drain'],
  ['DRAIN 1/2', 'drain'],
  ['DRAIN (agent)', 'drain'],
  ['NOLB', 'nolb'],
  ['NOLB 1/3', 'nolb'],
  ['no check', 'nocheck'],
  ['OPEN', 'open'],
  ['STOP', 'stop'],
  ['FULL', 'full'],
  ['UP (3/3)', 'up'],
  ['DOWN (1/4)', 'down'],
  ['???', 'unknown'],
];

t.test('status strings: state classes on the server side and in the client script alike', async (t) => {
  const client = clientApi();
  for (const [status, state] of STATES) {
    t.equal(displayState(status), state, status);
    t.equal(client.displayState(status), state, `client: ${status}`);
    t.equal(client.shownWhenUpOnly(state), shownWhenUpOnly(displayState(status)), `;up: ${status}`);
  }
  t.same(
    ['UP', 'UP 1/3', 'DRAIN', 'NOLB', 'no check', 'DOWN', 'DOWN 1/2', 'MAINT'].map((s) => shownWhenUpOnly(displayState(s))),
    [true, true, true, true, true, false, false, false],
  );
});

t.test('every status cell carries data-proxy, data-server, data-status and its state class', async (t) => {
  const rows = STATES.map(([status], i) => statRow('server', 7, i + 1, 'px', `s${i}`, { status }));
  const cells = statusCells(page({ rows }));
  t.equal(cells.length, STATES.length);
  STATES.forEach(([status, state], i) => {
    t.same(cells[i], { cls: `state-${state}`, proxy: 'px', server: `s${i}`, status }, status);
  });
  const demo = statusCells(page());
  t.same(
    demo.map((c) => `${c.proxy}/${c.server}=${c.status}:${c.cls}`),
    [
      'web/FRONTEND=OPEN:state-open',
      'app/web1=UP:state-up',
      'app/web2=UP 1/3:state-going-down',
      'app/web3=DOWN 1/2:state-going-up',
      'app/web4=DOWN:state-down',
      'app/web5=MAINT:state-maint',
      'app/web6=DRAIN:state-drain',
      'app/web7=NOLB:state-nolb',
      'app/web8=no check:state-nocheck',
      'app/BACKEND=UP:state-up',
      'db/pg1=UP:state-up',
      'db/pg2=UP:state-up',
      'db/BACKEND=UP:state-up',
    ],
  );
  const html = page();
  t.match(html, /<tr class="row-server state-down" data-proxy="app" data-server="web4">/, 'the row carries the state too');
  t.match(html, /<tr class="row-server state-up backup" data-proxy="db" data-server="pg2">/, 'backup servers are marked');
});

t.test('the table: HAProxy column groups and the cells of each row type', async (t) => {
  const html = page();
  for (const g of ['Queue', 'Session rate', 'Sessions', 'Bytes', 'Denied', 'Errors', 'Warnings', 'Server']) t.match(html, `>${g}</th>`);
  for (const c of ['LbTot', 'Last', 'Retr', 'Redis', 'LastChk', 'Wght', 'Act', 'Bck', 'Chk', 'Dwn', 'Dwntme', 'Thrtle']) t.match(html, `<th>${c}</th>`);
  // Each row: a name and 30 value cells.
  const rows = [...html.matchAll(/<tr class="row-[^"]*"[^>]*>(.*?)<\/tr>/gs)].map((m) => (m[1] ?? '').match(/<td/g)?.length);
  t.ok(rows.length > 0 && rows.every((n) => n === 31), 'every row has 31 cells');
  t.match(html, /<td class="name">Frontend<\/td>/);
  t.match(html, /<td class="name">Backend<\/td>/);
  t.match(html, /<td data-f="bout" data-fmt="bytes" title="77\u202f812\u202f004 bytes">74\.2 MiB<\/td>/, 'bytes: human, exact in the title');
  t.match(html, /<td class="c" data-f="check_status" data-fmt="chk" title="Layer4 connection problem">L4CON in 0ms<\/td>/);
  t.match(html, /<td class="c" data-f="check_status" data-fmt="chk" title="Layer7 check passed">L7OK\/200 in 1ms<\/td>/);
  t.match(html, /<td class="c" data-f="weight" data-fmt="wght">5\/8<\/td>/, 'backend weight/uweight');
  t.match(html, /<td data-f="throttle" data-fmt="thr">40 %<\/td>/);
  t.match(html, /<span class="since" data-f="lastchg" data-fmt="dur">1h01m<\/span>/, 'backend lastchg 3700 s');
  t.match(html, /data-f="stot" data-tip title="HTTP requests: 9\u202f700\nresponses 1xx: 0, 2xx: 9\u202f600, 3xx: 0, 4xx: 0, 5xx: 7, other: 0\navg queue\/connect\/response\/total: 0\/1\/12\/14 ms">9\u202f700</, 'session totals explain themselves on hover');
  // A listener row (option socket-stats) is a row of its own.
  const listener = statRow('listener', 2, 1, 'web', 'sock-1', { status: 'OPEN', scur: 1, stot: 5 });
  t.match(page({ rows: [listener] }), /<tr class="row-listener state-open" data-proxy="web" data-server="sock-1"><td class="name">sock-1<\/td>/);
});

t.test('charts: three canvases per backend, titles by mode', async (t) => {
  const html = page();
  const canvases = [...html.matchAll(/<canvas data-proxy="([^"]*)" data-series="([^"]*)" data-title="([^"]*)"/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);
  t.same(canvases, ['app:req:Requests/s', 'app:err:Errors/s', 'app:rt:Response time', 'db:req:Sessions/s', 'db:err:Errors/s', 'db:rt:Connect time'], 'none for a frontend-only proxy');
  const config = /<script type="application\/json" id="tslb-stats-config">(.*?)<\/script>/.exec(html)?.[1] ?? '';
  t.same(JSON.parse(config), { csv: '/stats;csv;norefresh', upOnly: false, intervalMs: 2000, windowSec: 300 });
});

t.test('names and values are escaped everywhere', async (t) => {
  const evilPx = '<script>alert(1)</script>';
  const evilSv = '"><img src=x onerror=alert(2)>';
  const rows = [
    statRow('server', 9, 1, evilPx, evilSv, { status: 'UP <b>', check_status: 'L7STS', check_desc: '<svg onload=alert(3)>', mode: '<i>', act: 1 }),
    statRow('backend', 9, 0, evilPx, 'BACKEND', { status: 'UP', mode: 'http', algo: '"roundrobin"' }),
  ];
  const info = [
    { name: 'Name', value: '<h1>x' },
    { name: 'node', value: '<marquee>' },
    { name: 'Pid', value: '1<2' },
    { name: 'Version', value: '"ver<' },
  ];
  const html = renderStatsPage({ rows, info, uri: '/st"ats', admin: true, hideVersion: false, upOnly: false, message: '<x>' });
  const markup = html.slice(0, html.indexOf('<script>')); // everything but the (constant) client script
  for (const bad of ['<script>alert', '<img', '<svg', '<b>', '<i>', '<h1>x', '<marquee>', '1<2', '"ver<', 'st"ats', '"roundrobin"']) t.notOk(markup.includes(bad), `no raw ${bad}`);
  t.match(html, `data-proxy="${escapeHtml(evilPx)}" data-server="${escapeHtml(evilSv)}" data-status="UP &lt;b&gt;"`);
  t.match(html, `<input type="checkbox" name="s" value="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"`);
  t.match(html, 'title="&lt;svg onload=alert(3)&gt;"');
  const scoped = renderStatsPage({ rows, info, uri: '/stats', admin: false, hideVersion: false, upOnly: false, scope: '</script><script>alert(4)</script>' });
  t.match(scoped, 'value="&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;"', 'the scope box');
  t.match(scoped, 'No proxy to show for scope “&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;”.');
  t.match(scoped, '"csv":"/stats;csv;norefresh?scope=%3C%2Fscript%3E%3Cscript%3Ealert(4)%3C%2Fscript%3E"');
  t.equal((scoped.match(/<\/script>/g) ?? []).length, 2, 'only the two script elements close');
  t.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two script elements close');
  t.notMatch(html, /data-code=/, 'an unknown st= code shows nothing');
  t.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  t.equal(jsonForScript({ a: '</script>\u2028' }), '{"a":"\\u003c/script>\\u2028"}');
  t.same(JSON.parse(jsonForScript({ a: '</script>\u2028\u2029' })), { a: '</script>\u2028\u2029' });
});

t.test(';up leaves out servers that are not UP, as HAProxy does', async (t) => {
  const servers = (html: string): string[] => statusCells(html).filter((c) => !/^(FRONTEND|BACKEND)$/.test(c.server)).map((c) => c.server);
  t.same(servers(page()), ['web1', 'web2', 'web3', 'web4', 'web5', 'web6', 'web7', 'web8', 'pg1', 'pg2']);
  const up = page({ upOnly: true });
  t.same(servers(up), ['web1', 'web2', 'web6', 'web7', 'web8', 'pg1', 'pg2'], 'DOWN, going up and MAINT hidden; DRAIN, NOLB, no check kept');
  t.match(up, '"upOnly":true');
  t.match(up, '<a href="/stats">Show all servers</a>');
  t.match(page(), '<a href="/stats;up">Hide servers not UP</a>');
});

t.test('admin: a form per backend with servers; none without admin', async (t) => {
  const html = page({ admin: true });
  const forms = [...html.matchAll(/<form method="post" action="([^"]*)">(.*?)<\/form>/gs)];
  t.equal(forms.length, 2, 'app and db; not the frontend-only proxy');
  const [app, db] = forms.map((m) => m[2] ?? '');
  t.equal(forms[0]?.[1], '/stats');
  t.same([...(app ?? '').matchAll(/<input type="checkbox" name="s" value="([^"]*)"/g)].map((m) => m[1]), ['web1', 'web2', 'web3', 'web4', 'web5', 'web6', 'web7', 'web8']);
  t.match(app, '<input type="hidden" name="b" value="#3">');
  t.match(db, '<input type="hidden" name="b" value="#4">');
  t.match(app, 'data-select-all');
  const options = [...(app ?? '').matchAll(/<option value="([^"]*)">/g)].map((m) => m[1]);
  t.same(options, ['', 'ready', 'drain', 'maint', 'dhlth', 'ehlth', 'hrunn', 'hnolb', 'hdown', 'dagent', 'eagent', 'arunn', 'adown', 'shutdown']);
  t.equal(STATS_ACTIONS.length, 13);
  t.match(app, '<select name="action" required>');
  t.match(page({ admin: true, upOnly: true, scope: 'ap' }), '<form method="post" action="/stats;up?scope=ap">', 'the form keeps ;up and the scope');

  const plain = page().slice(0, page().indexOf('<script>')); // the markup, without the client script
  t.notMatch(plain, /<form method="post"/);
  t.notMatch(plain, /name="s"/);
  t.notMatch(plain, /<select/);
  t.notMatch(plain, /data-select-all/);
  // A backend without servers gets no form either.
  t.notMatch(page({ admin: true, rows: [statRow('backend', 5, 0, 'empty', 'BACKEND', { status: 'DOWN' })] }), /<form method="post"/);
});

t.test('hide-version hides the version, its date and build', async (t) => {
  const info = [...demoInfo(), { name: 'Build info', value: 'secret-build' }];
  const shown = page({ info });
  t.match(shown, 'version 0.1.0, released 2026/10/17');
  const hidden = page({ info, hideVersion: true });
  t.notMatch(hidden, /0\.1\.0/);
  t.notMatch(hidden, /2026\/10\/17/);
  t.notMatch(hidden, /secret-build/);
  t.match(hidden, 'Statistics report for pid 4242 · on node lb-1');
});

t.test('header figures from show info', async (t) => {
  const html = page();
  t.match(html, '<title>Statistics Report for tslb</title>');
  t.match(html, /<div class="k">Uptime<\/div><div class="v">1h02m<\/div><div class="s">0d 1h02m03s<\/div>/);
  t.match(html, /<div class="k">Connections<\/div><div class="v">312<\/div><div class="s">of maxconn 2\u202f000<\/div><div class="meter" title="15\.6 % of maxconn"><i style="width:15\.6%"><\/i><\/div>/);
  t.match(html, /Connection rate<\/div><div class="v">48\/s<\/div><div class="s">max 310\/s/);
  t.match(html, /Total requests<\/div><div class="v">412\u202f907/);
  t.match(html, /Process<\/div><div class="v">pid 4242<\/div><div class="s">1 thread</);
  // Other sets of fields.
  const few = page({ info: [{ name: 'Uptime_sec', value: 75 }, { name: 'Maxconn', value: 10 }] });
  t.match(few, /Uptime<\/div><div class="v">1m15s<\/div><\/div>/);
  t.match(page({ info: [{ name: 'Uptime', value: '0d 0h00m05s' }] }), /Uptime<\/div><div class="v">0d 0h00m05s<\/div><\/div>/);
  t.match(few, /Maxconn<\/div><div class="v">10</);
  t.match(few, '<title>Statistics Report for tslb</title>');
  t.match(few, '<div class="sub">Statistics report</div>');
  const noMax = page({ info: [{ name: 'CurrConns', value: 3 }, { name: 'ConnRate', value: 1 }, { name: 'Pid', value: 9 }, { name: 'Nbthread', value: 4 }, { name: 'description', value: 'edge' }] });
  t.match(noMax, /Connections<\/div><div class="v">3<\/div><\/div>/);
  t.match(noMax, /Connection rate<\/div><div class="v">1\/s<\/div><\/div>/);
  t.match(noMax, /pid 9<\/div><div class="s">4 threads<\/div>/);
  t.match(noMax, 'Statistics report for pid 9 · edge');
  t.match(page({ info: [] }), '<div class="cards"></div>');
});

t.test('refresh, the action banner, the scope, links', async (t) => {
  t.match(page({ refreshSeconds: 10 }), '<meta http-equiv="refresh" content="10">');
  t.match(page({ refreshSeconds: 10 }), '<a href="/stats;norefresh">Disable refresh (every 10 s)</a>');
  t.notMatch(page(), /http-equiv="refresh"/);
  t.notMatch(page(), /Disable refresh/);

  for (const [code, msg] of Object.entries(STATS_MESSAGES)) {
    const html = page({ message: code });
    t.match(html, `<div class="msg msg-${msg.level}" role="alert" data-code="${code}"><span>${escapeHtml(msg.text)}</span><a href="/stats"`, code);
  }
  t.equal(statsMessage(undefined), undefined);
  t.equal(statsMessage('toString'), undefined, 'no inherited keys');
  t.equal(statsMessage('DONE')?.level, 'ok');

  const scoped = page({ scope: 'AP', upOnly: true });
  t.same(
    statusCells(scoped).map((c) => c.proxy).filter((p, i, a) => a.indexOf(p) === i),
    ['app'],
    'only proxies whose name contains the scope, case-insensitively',
  );
  t.match(scoped, 'name="scope" value="AP"');
  t.match(scoped, '"csv":"/stats;csv;norefresh?scope=AP"');
  t.match(scoped, '<a href="/stats;csv;norefresh?scope=AP">CSV export</a>');
  t.match(scoped, '<a href="/stats;json;norefresh?scope=AP">JSON export</a>');
  t.match(scoped, '<a href="/stats;up?scope=AP">Refresh now</a>');
  t.match(page({ scope: 'nothing-matches' }), 'No proxy to show for scope “nothing-matches”.');
  t.match(page({ rows: [] }), 'No proxy to show.');
  t.match(page({ uri: '/haproxy?stats', scope: 'a b' }), '"csv":"/haproxy?stats;csv;norefresh&scope=a%20b"', 'a URI with a query');
  t.match(page({ pollMs: 500 }), '"intervalMs":500');
});

t.test('the client script is valid JS that cannot close its element', async (t) => {
  t.doesNotThrow(() => new Script(STATS_CLIENT_SCRIPT, { filename: 'client-script.js' }));
  t.doesNotThrow(() => new Function(STATS_CLIENT_SCRIPT));
  t.notMatch(STATS_CLIENT_SCRIPT, /<\/script|<!--/i);
  t.notMatch(STATS_CLIENT_SCRIPT, /https?:\/\//, 'no network but its own CSV');
  t.match(page(), `<script>${STATS_CLIENT_SCRIPT}</script>`);
});

t.test('cell formats: the client script formats as the server does', async (t) => {
  const client = clientApi();
  const values: readonly Record<string, string>[] = [
    {},
    { v: '0', weight: '0', uweight: '0', check_status: 'L4OK', check_duration: '0' },
    { v: '7', weight: '3', uweight: '1', check_status: 'L7STS', check_code: '503', check_duration: '12' },
    { v: '1234567', check_status: 'L4CON', check_duration: '-1' },
    { v: '-1' },
    { v: '59' },
    { v: '3599' },
    { v: '86399' },
    { v: '90061' },
    { v: '1023' },
    { v: '1048576' },
    { v: '1099511627776000' },
    { v: 'n/a' },
  ];
  for (const fmt of CELL_FORMATS) {
    for (const vals of values) {
      const get: FieldGetter = (f) => vals[f] ?? '';
      t.equal(client.formatCell(fmt, get, 'v'), formatCell(fmt, get, 'v'), `${fmt} ${JSON.stringify(vals)}`);
    }
  }
  const examples: readonly (readonly [CellFormat, string, string])[] = [
    ['num', '1234567', '1\u202f234\u202f567'],
    ['num', '-1234', '-1\u202f234'],
    ['lim', '', '-'],
    ['bytes', '1023', '1023 B'],
    ['bytes', '1536', '1.5 KiB'],
    ['dur', '-1', '?'],
    ['dur', '59', '59s'],
    ['dur', '187', '3m07s'],
    ['dur', '7500', '2h05m'],
    ['dur', '356400', '4d03h'],
    ['yn', '1', 'Y'],
    ['yn', '0', '-'],
    ['thr', '', '-'],
  ];
  for (const [fmt, v, want] of examples) t.equal(formatCell(fmt, () => v, 'x'), want, `${fmt}(${v})`);
  t.equal(groupDigits('abc'), 'abc');
  t.equal(humanBytes(''), '');
  t.equal(humanBytes('x'), 'x');
  t.equal(humanDuration('x'), 'x');
  const tcp: FieldGetter = (f) => ({ stot: '3', ttime: '40' })[f] ?? '';
  t.equal(sessionsTip(tcp), 'avg queue/connect/response/total: -/-/-/40 ms');
  t.equal(client.sessionsTip(tcp), sessionsTip(tcp));
  t.equal(sessionsTip(() => ''), '');
});

t.test('the client history: rates from counter deltas, gaps on reset, five minutes kept', async (t) => {
  const { advance, niceScale, shortNumber } = clientApi();
  const hist: History = { last: null, points: [] };
  const row = (req: number, e5: number, rtime: string, mode = 'http'): Record<string, string> => ({ mode, req_tot: String(req), stot: '1', hrsp_5xx: String(e5), econ: '1', eresp: '0', rtime });
  t.same({ ...advance(hist, 0, row(100, 0, '5'), 300_000) }, { t: 0, req: null, err: null, rt: 5 }, 'the first poll is a baseline');
  t.same({ ...advance(hist, 2000, row(140, 4, '7'), 300_000) }, { t: 2000, req: 20, err: 2, rt: 7 });
  t.same({ ...advance(hist, 4000, row(10, 0, ''), 300_000) }, { t: 4000, req: null, err: null, rt: null }, 'a counter that went back');
  t.same({ ...advance(hist, 6000, row(30, 0, '1'), 300_000) }, { t: 6000, req: 10, err: 0, rt: 1 });
  advance(hist, 400_000, row(30, 0, '1'), 300_000);
  t.same(
    hist.points.map((p) => p.t),
    [400_000],
    'older than the window: dropped',
  );
  const tcp: History = { last: null, points: [] };
  advance(tcp, 0, { mode: 'tcp', req_tot: '', stot: '10', rtime: '', ctime: '' }, 300_000);
  t.same({ ...advance(tcp, 1000, { mode: 'tcp', req_tot: '', stot: '15', rtime: '', ctime: '3' }, 300_000) }, { t: 1000, req: 5, err: 0, rt: 3 }, 'TCP: sessions and connect time');
  t.same({ ...niceScale(0) }, { step: 0.25, top: 1 });
  t.same({ ...niceScale(7) }, { step: 2, top: 8 });
  t.same({ ...niceScale(9.5) }, { step: 2.5, top: 10 });
  t.same({ ...niceScale(130) }, { step: 50, top: 150 });
  t.same({ ...niceScale(3.2) }, { step: 1, top: 4 });
  t.same({ ...niceScale(16) }, { step: 5, top: 20 });
  t.same({ ...niceScale(35) }, { step: 10, top: 40 });
  t.same(
    [0, 0.125, 12.34, 250, 1500, 2_500_000].map(shortNumber),
    ['0', '0.13', '12.3', '250', '1.5k', '2.5M'],
  );
});

t.test('the client CSV parser: quoting, trailing commas, and what tslb serves', async (t) => {
  const { parseCsv } = clientApi();
  const p = parseCsv('# a,b,c,\r\n1,"x, ""y""",,\r\n"multi\nline",2,3,\n\n');
  t.same([...p.columns], ['a', 'b', 'c']);
  t.same(
    p.rows.map((r) => ({ ...r })),
    [
      { a: '1', b: 'x, "y"', c: '' },
      { a: 'multi\nline', b: '2', c: '3' },
    ],
  );
  t.same(parseCsv('').rows, []);
  t.same(parseCsv('# a,b\n1').rows.map((r) => ({ ...r })), [{ a: '1', b: '' }], 'short line, no final newline');
  const rows: StatRow[] = demoRows();
  const parsed = parseCsv(statsCsv(rows));
  t.same([...parsed.columns], [...CSV_COLUMNS]);
  t.same(
    parsed.rows.map((r) => `${r['pxname']}/${r['svname']}=${r['status']}`),
    rows.map((r) => `${r.fields[0]}/${r.fields[1]}=${r.fields[17]}`),
  );
});

t.test('the client CSV parser reads HAProxy 2.6 stats CSV', async (t) => {
  // A health-check target answering `503 Busy, "later"`: HAProxy quotes that reason in last_chk.
  const target = createServer((_req, res) => {
    res.statusMessage = 'Busy, "later"';
    res.writeHead(503).end();
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  t.teardown(() => target.close());
  const address = target.address();
  const targetPort = typeof address === 'object' && address ? address.port : 0;
  const port = await freePort();
  const cfg = [
    'defaults',
    '    mode http',
    '    timeout client 5s',
    '    timeout connect 1s',
    '    timeout server 5s',
    'listen stats',
    `    bind 127.0.0.1:${port}`,
    '    stats enable',
    '    stats uri /stats',
    'backend app',
    '    option httpchk',
    `    server busy 127.0.0.1:${targetPort} check inter 100ms fall 1`,
    `    server off 127.0.0.1:${targetPort} disabled`,
    `    server plain 127.0.0.1:${targetPort}`,
    `    server spare 127.0.0.1:${targetPort} backup`,
    'backend tcpb',
    '    mode tcp',
    `    server t1 127.0.0.1:${targetPort}`,
  ].join('\n');
  const hap = await startHaproxy(`${cfg}\n`, port);
  t.teardown(() => hap.stop());
  const { parseCsv } = clientApi();
  let parsed: ParsedCsv = { columns: [], rows: [] };
  for (let i = 0; i < 50; i++) {
    const text = await (await fetch(`http://127.0.0.1:${port}/stats;csv`)).text();
    parsed = parseCsv(text);
    if (parsed.rows.find((r) => r['svname'] === 'busy')?.['status'] === 'DOWN') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.same([...parsed.columns], [...CSV_COLUMNS], 'HAProxy 2.6.12 header, trailing comma dropped');
  const byName = new Map(parsed.rows.map((r) => [`${r['pxname']}/${r['svname']}`, r]));
  t.same([...byName.keys()], ['stats/FRONTEND', 'stats/BACKEND', 'app/busy', 'app/off', 'app/plain', 'app/spare', 'app/BACKEND', 'tcpb/t1', 'tcpb/BACKEND']);
  const status = (k: string): string | undefined => byName.get(k)?.['status'];
  t.equal(status('stats/FRONTEND'), 'OPEN');
  t.equal(status('app/busy'), 'DOWN');
  t.equal(status('app/off'), 'MAINT');
  t.equal(status('app/plain'), 'no check');
  t.equal(status('app/BACKEND'), 'UP');
  t.equal(byName.get('app/busy')?.['last_chk'], 'Busy, "later"', 'a quoted field with a comma and quotes');
  t.equal(byName.get('app/busy')?.['check_status'], 'L7STS');
  t.equal(byName.get('app/spare')?.['bck'], '1');
  t.equal(byName.get('tcpb/BACKEND')?.['mode'], 'tcp');
  for (const r of parsed.rows) t.equal(Object.keys(r).length, CSV_COLUMNS.length, `${r['pxname']}/${r['svname']}: every column`);
});
