/**
 * The dashboard in a real browser (Debian's Chromium): a tiny server gives
 * the rendered page at /stats and a CSV that the test changes at
 * /stats;csv;norefresh, and records admin POSTs. The page must show every
 * state, turn a server red without a reload when the CSV says DOWN, draw
 * its charts, post the admin form as HAProxy's does, and never run a name
 * as markup. Leaves a screenshot in docs/dashboard.png.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { FIELD_INDEX, type StatField } from '../../lib/stats/columns.js';
import type { InfoField, StatRow, StatValue } from '../../lib/stats/row.js';
import { renderStatsPage } from '../../lib/stats/page/html.js';
import { browserSkipReason, launchBrowser, openPage, type Teardown } from '../helpers/browser.js';
import { demoInfo, demoRows, statRow, statsCsv, withValues } from '../helpers/dashboard-rows.js';

// The browser globals the page functions below use (the project compiles without the DOM lib).
interface PageElement {
  readonly className: string;
  readonly textContent: string | null;
  readonly classList: { contains(c: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  closest(selector: string): PageElement | null;
}
interface PageCanvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { querySelector(selector: string): PageElement | null; getElementById(id: string): PageElement | null };
declare const window: Record<string, unknown>;
declare const sessionStorage: { setItem(key: string, value: string): void };
declare function getComputedStyle(el: PageElement): { backgroundColor: string };

const SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'dashboard.png');
const POLL_MS = 250;

interface Post {
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

/** The stats "server": the page and CSV of `rows` (which the test replaces), POSTs recorded and answered 303 like HAProxy. */
class StatsSite {
  rows: StatRow[];
  info: InfoField[] = demoInfo();
  readonly posts: Post[] = [];
  csvRequests = 0;
  /** Called before each CSV answer: lets traffic move. */
  onPoll: (n: number) => void = () => {};
  /** `stats refresh`, when set. */
  refreshSeconds: number | undefined;
  port = 0;
  readonly #pollMs: number;

  constructor(rows: StatRow[], pollMs = POLL_MS) {
    this.rows = rows;
    this.#pollMs = pollMs;
  }

  set(pxname: string, svname: string, values: Partial<Record<StatField, StatValue>>): void {
    this.rows = this.rows.map((r) => (r.fields[FIELD_INDEX.pxname] === pxname && r.fields[FIELD_INDEX.svname] === svname ? withValues(r, values) : r));
  }

  get(pxname: string, svname: string, field: StatField): number {
    const row = this.rows.find((r) => r.fields[FIELD_INDEX.pxname] === pxname && r.fields[FIELD_INDEX.svname] === svname);
    return Number(row?.fields[FIELD_INDEX[field]] ?? 0);
  }

  async start(t: Teardown): Promise<string> {
    const server = createServer((req, res) => {
      void this.#answer(req).then(({ status, headers, body }) => res.writeHead(status, headers).end(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    t.teardown(() => new Promise<void>((r) => server.close(() => r())));
    t.teardown(() => server.closeAllConnections());
    return `http://127.0.0.1:${this.port}`;
  }

  async #answer(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = req.url ?? '/';
    if (req.method === 'POST') {
      let body = '';
      for await (const c of req) body += String(c);
      this.posts.push({ url, contentType: req.headers['content-type'] ?? '', body });
      const p = new URLSearchParams(body);
      if (p.get('action') === 'drain') for (const s of p.getAll('s')) this.set('app', s, { status: 'DRAIN' });
      return { status: 303, headers: { location: '/stats;st=DONE', 'content-length': '0' }, body: '' };
    }
    if (url === '/stats;csv;norefresh') {
      this.onPoll(++this.csvRequests);
      return { status: 200, headers: { 'content-type': 'text/csv' }, body: statsCsv(this.rows) };
    }
    if (url.startsWith('/stats')) {
      const message = /;st=([A-Z]+)/.exec(url)?.[1];
      const html = renderStatsPage({ rows: this.rows, info: this.info, uri: '/stats', admin: true, hideVersion: false, upOnly: false, message, pollMs: this.#pollMs, refreshSeconds: this.refreshSeconds });
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
    }
    return { status: 404, headers: {}, body: '' };
  }
}

/** Traffic for the charts: requests, some 5xx and a response time that move with each poll. */
function traffic(site: StatsSite, n: number): void {
  const reqs = 60 + Math.round(40 * Math.sin(n / 4)) + (n % 7) * 3;
  const e5 = n % 9 === 0 ? 3 : n % 4 === 0 ? 1 : 0;
  site.set('app', 'BACKEND', {
    req_tot: site.get('app', 'BACKEND', 'req_tot') + reqs,
    stot: site.get('app', 'BACKEND', 'stot') + reqs,
    hrsp_5xx: site.get('app', 'BACKEND', 'hrsp_5xx') + e5,
    rtime: 18 + Math.round(8 * Math.cos(n / 5)) + (n % 3),
    scur: 3 + (n % 5),
  });
  site.set('db', 'BACKEND', { stot: site.get('db', 'BACKEND', 'stot') + 2 + (n % 3) });
}

const skip = browserSkipReason();

t.test('the dashboard in Chromium: states, live updates, charts, admin form', { skip: skip ?? false }, async (t) => {
  const site = new StatsSite(demoRows());
  site.onPoll = (n) => traffic(site, n);
  const base = await site.start(t);
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}/stats`);

  // Every status cell, as the rows say.
  const cells = await page.$$eval('td.status', (tds) => tds.map((td) => [td.getAttribute('data-proxy'), td.getAttribute('data-server'), td.getAttribute('data-status'), td.className, td.textContent ?? '']));
  const expected = site.rows.map((r) => {
    const status = String(r.fields[FIELD_INDEX.status]);
    return [r.fields[FIELD_INDEX.pxname], r.fields[FIELD_INDEX.svname], status];
  });
  t.same(
    cells.map((c) => c.slice(0, 3)),
    expected,
    'one status cell per row, with its proxy, server and status',
  );
  t.same(
    cells.filter((c) => c[1] !== 'FRONTEND' && c[1] !== 'BACKEND').map((c) => (c[3] ?? '').replace('status ', '')),
    ['state-up', 'state-going-down', 'state-going-up', 'state-down', 'state-maint', 'state-drain', 'state-nolb', 'state-nocheck', 'state-up', 'state-up'],
  );
  const colour = (server: string): Promise<{ badge: string; row: string }> =>
    page.$eval(`td.status[data-proxy="app"][data-server="${server}"]`, (td) => ({
      badge: getComputedStyle(td.querySelector('.badge') as PageElement).backgroundColor,
      row: getComputedStyle(td).backgroundColor,
    }));
  t.same(await colour('web1'), { badge: 'rgb(22, 163, 74)', row: 'rgb(234, 247, 238)' }, 'UP is green');
  t.same(await colour('web4'), { badge: 'rgb(220, 38, 38)', row: 'rgb(253, 233, 233)' }, 'DOWN is red');
  t.same(await colour('web5'), { badge: 'rgb(139, 90, 43)', row: 'rgb(242, 231, 219)' }, 'MAINT is brown');
  t.same(await colour('web6'), { badge: 'rgb(37, 99, 235)', row: 'rgb(227, 237, 255)' }, 'DRAIN is blue');

  // The CSV says web1 is DOWN: the cell turns red in place.
  await page.waitForFunction(() => document.getElementById('live')?.classList.contains('ok'));
  await page.evaluate(() => (window['marker'] = 42));
  const before = site.csvRequests;
  site.set('app', 'web1', { status: 'DOWN', check_status: 'L4CON', check_code: undefined, check_duration: 0, check_desc: 'Layer4 connection problem', lastchg: 0, chkdown: 1 });
  await page.waitForFunction(() => document.querySelector('td.status[data-server="web1"]')?.classList.contains('state-down'), undefined, { timeout: 10_000 });
  t.ok(site.csvRequests > before, 'through a CSV poll');
  t.equal(await page.evaluate(() => window['marker']), 42, 'without a reload');
  t.same(await colour('web1'), { badge: 'rgb(220, 38, 38)', row: 'rgb(253, 233, 233)' }, 'now red');
  t.equal(await page.$eval('td.status[data-server="web1"]', (td) => [td.getAttribute('data-status'), td.querySelector('.badge')?.textContent, td.closest('tr')?.className].join('|')), 'DOWN|DOWN|row-server state-down');
  t.equal(await page.$eval('tr[data-server="web1"] td[data-fmt="chk"]', (td) => `${td.textContent}|${td.getAttribute('title')}`), 'L4CON in 0ms|Layer4 connection problem', 'the check cell too');
  // Counters follow the CSV.
  await page.waitForFunction(() => document.querySelector('tr[data-proxy="app"][data-server="BACKEND"] td[data-f="stot"]')?.textContent !== '9\u202f700');
  t.pass('counters rewritten in place');

  // Charts: points plotted, pixels in the series colour.
  await page.waitForFunction(() => Number(document.querySelector('canvas[data-proxy="app"][data-series="req"]')?.getAttribute('data-points')) >= 3, undefined, { timeout: 10_000 });
  const inked = await page.$eval('canvas[data-proxy="app"][data-series="req"]', (c) => {
    const canvas = c as unknown as PageCanvas;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs((data[i] ?? 0) - 37) < 30 && Math.abs((data[i + 1] ?? 0) - 99) < 30 && (data[i + 2] ?? 0) > 200) blue++;
    return blue;
  });
  t.ok(inked > 20, `the request line is drawn (${inked} blue pixels)`);
  for (const series of ['err', 'rt']) {
    t.ok(Number(await page.getAttribute(`canvas[data-proxy="app"][data-series="${series}"]`, 'data-points')) >= 1, `${series} chart drawn`);
  }
  t.ok(Number(await page.getAttribute('canvas[data-proxy="db"][data-series="req"]', 'data-points')) >= 1, 'TCP backend chart drawn');

  // Select-all ticks every server of the proxy.
  await page.check('section[data-proxy="db"] input[data-select-all]');
  t.same(await page.$$eval('section[data-proxy="db"] input[name="s"]', (l) => l.map((i) => (i as unknown as { checked: boolean }).checked)), [true, true]);
  await page.uncheck('section[data-proxy="db"] input[data-select-all]');

  // The admin form: drain web2.
  await page.check('section[data-proxy="app"] input[name="s"][value="web2"]');
  await page.selectOption('section[data-proxy="app"] select[name="action"]', 'drain');
  await Promise.all([page.waitForURL(`${base}/stats;st=DONE`), page.click('section[data-proxy="app"] button[type="submit"]')]);
  t.same(site.posts, [{ url: '/stats', contentType: 'application/x-www-form-urlencoded', body: 's=web2&action=drain&b=%233' }], 'HAProxy form encoding');
  t.match(await page.textContent('.msg-ok'), 'Action processed successfully.');
  t.equal(await page.getAttribute('td.status[data-server="web2"]', 'data-status'), 'DRAIN');
  t.same(errors, [], 'no script errors');
});

t.test('with stats refresh the page reloads, and keeps its live updates and chart history', { skip: skip ?? false }, async (t) => {
  const site = new StatsSite(demoRows());
  site.onPoll = (n) => traffic(site, n);
  site.refreshSeconds = 2;
  const base = await site.start(t);
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}/stats`);
  t.equal(await page.getAttribute('meta[http-equiv="refresh"]', 'content'), '2');
  await page.waitForFunction(() => Number(document.querySelector('canvas[data-proxy="app"][data-series="req"]')?.getAttribute('data-points')) >= 3);
  const reloaded = page.waitForEvent('load', { timeout: 10_000 });
  await page.evaluate(() => (window['marker'] = 1));
  await reloaded;
  t.equal(await page.evaluate(() => window['marker']), undefined, 'reloaded');
  await page.waitForFunction(() => document.getElementById('live')?.classList.contains('ok'));
  t.ok(Number(await page.getAttribute('canvas[data-proxy="app"][data-series="req"]', 'data-points')) >= 3, 'history kept across the reload');
  site.set('app', 'web7', { status: 'MAINT' });
  await page.waitForFunction(() => document.querySelector('td.status[data-server="web7"]')?.classList.contains('state-maint'));
  t.pass('live updates after the reload');
  t.same(errors, []);
});

t.test('names cannot inject markup, on the page or through the CSV', { skip: skip ?? false }, async (t) => {
  const evil = '<img src=x onerror="window.pwned=1">';
  const rows = [statRow('server', 5, 1, evil, `${evil}s`, { status: 'UP', mode: 'http', act: 1 }), statRow('backend', 5, 0, evil, 'BACKEND', { status: 'UP', mode: 'http' })];
  const site = new StatsSite(rows);
  site.info = [{ name: 'node', value: evil }];
  const base = await site.start(t);
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}/stats`);
  t.equal(await page.textContent('section.proxy h2'), evil, 'shown as text');
  site.set(evil, `${evil}s`, { status: `DOWN ${evil}` });
  await page.waitForFunction(() => document.querySelector('td.status[data-server$="s"]')?.classList.contains('state-down'));
  t.equal(await page.textContent('td.status[data-server$="s"] .badge'), `DOWN ${evil}`);
  t.equal(await page.evaluate(() => window['pwned']), undefined, 'nothing ran');
  t.equal(await page.$$eval('img', (l) => l.length), 0);
  t.same(errors, []);
});

t.test('screenshot: docs/dashboard.png', { skip: skip ?? false }, async (t) => {
  const site = new StatsSite(demoRows(), 2000);
  site.set('app', 'web4', { status: 'DOWN', downtime: 5_000 });
  site.onPoll = (n) => traffic(site, n + 300);
  const base = await site.start(t);
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(browser, { width: 1600, height: 1000 });
  // Five minutes of history, as the page keeps it across reloads, so the charts show what an operator would see.
  const now = Date.now();
  // An incident a minute and a half ago: errors and slow responses for about 40 s.
  const incident = (i: number): boolean => i >= 95 && i < 115;
  const history = {
    app: seededHistory(
      now,
      (i) => 70 + 30 * Math.sin(i / 9) + 8 * Math.sin(i / 2.3),
      (i) => (incident(i) ? 2.5 + Math.sin(i) : i % 13 === 0 ? 0.5 : 0),
      (i) => (incident(i) ? 70 + 20 * Math.sin(i / 2) : 16 + 4 * Math.cos(i / 5) + (i % 3)),
    ),
    db: seededHistory(now, (i) => 1.5 + Math.sin(i / 12), () => 0, (i) => 1.2 + 0.4 * Math.sin(i / 7) + 0.2 * Math.sin(i / 1.7)),
  };
  await page.addInitScript((saved) => sessionStorage.setItem('tslb-stats:/stats;csv;norefresh', JSON.stringify(saved)), { t: now, history });
  await page.goto(`${base}/stats;st=DONE`);
  await page.waitForFunction(() => document.getElementById('live')?.classList.contains('ok'));
  t.ok(Number(await page.getAttribute('canvas[data-proxy="app"][data-series="req"]', 'data-points')) > 140, 'the history was restored');
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  t.same(errors, []);
});

interface Point {
  t: number;
  req: number | null;
  err: number | null;
  rt: number | null;
}

function seededHistory(now: number, req: (i: number) => number, err: (i: number) => number, rt: (i: number) => number | null): { last: { t: number; req: number; err: number } | null; points: Point[] } {
  const points: Point[] = [];
  for (let i = 0; i < 148; i++) points.push({ t: now - (148 - i) * 2000, req: req(i), err: err(i), rt: rt(i) });
  return { last: null, points };
}
