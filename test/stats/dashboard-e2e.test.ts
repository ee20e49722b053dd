/**
 * The dashboard end to end, in real headless Chromium against tslb itself:
 * a `listen stats` page with `stats auth` and `stats admin`, a backend of
 * three health-checked servers and a backup. The browser sees every
 * server's state, sees a server turn red (DOWN) after its backend process is
 * killed — without reloading — and drains a server through the admin form,
 * which the CSV then shows as DRAIN. The screenshot is docs/dashboard-live.png.
 */
import t from 'tap';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { browserSkipReason, launchBrowser, openPage } from '../helpers/browser.js';
import { startRuntime } from '../helpers/runtime.js';
import { freePort } from '../helpers/net.js';
import { captureProcessLog } from '../../lib/log/process-log.js';

async function webServer(name: string): Promise<{ port: number; server: Server }> {
  const server = createServer((_req, res) => res.end(name));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { port: typeof a === 'object' && a ? a.port : 0, server };
}

const skip = browserSkipReason();

t.test('the dashboard shows states live and drains a server', { skip }, async (t) => {
  const log = captureProcessLog();
  t.teardown(log.restore);
  const webs = await Promise.all(['web1', 'web2', 'web3', 'spare'].map(webServer));
  t.teardown(() => {
    for (const w of webs) w.server.close();
  });
  const [w1, w2, w3, spare] = webs as [(typeof webs)[0], (typeof webs)[0], (typeof webs)[0], (typeof webs)[0]];
  const port = await freePort();
  const appPort = await freePort();
  const rt = await startRuntime(
    t,
    `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen stats
    bind 127.0.0.1:${port}
    stats enable
    stats uri /stats
    stats auth admin:secret
    stats admin if TRUE
frontend web
    bind 127.0.0.1:${appPort}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /
    default-server check inter 200 rise 1 fall 1
    server web1 127.0.0.1:${w1.port}
    server web2 127.0.0.1:${w2.port}
    server web3 127.0.0.1:${w3.port}
    server spare 127.0.0.1:${spare.port} backup
`,
  );
  t.ok(rt.proxies.length >= 3);
  // Some traffic, so that the charts have something to draw.
  for (let i = 0; i < 12; i++) await fetch(`http://127.0.0.1:${appPort}/`).then((r) => r.text());

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(browser, { httpCredentials: { username: 'admin', password: 'secret' }, width: 1440, height: 1000 });
  await page.goto(`http://127.0.0.1:${port}/stats`);
  // The status cell of a server (its row carries the same names, without data-status).
  const cell = (server: string): string => `td.status[data-proxy="app"][data-server="${server}"]`;
  const status = (server: string): Promise<string | null> => page.getAttribute(cell(server), 'data-status');
  // Checks run every 200 ms: every server is UP once its first check passed.
  // (Expressions as strings: they run in the page, where the DOM is.)
  const statusIs = (server: string, want: string): string => `document.querySelector('${cell(server)}')?.getAttribute('data-status') === '${want}'`;
  await page.waitForFunction(`document.querySelectorAll('td.status[data-proxy="app"][data-status="UP"]:not([data-server="BACKEND"])').length === 4`, undefined, { timeout: 10000 });
  for (const s of ['web1', 'web2', 'web3', 'spare']) t.equal(await status(s), 'UP', `${s} is UP`);

  // web2's process dies: its next check fails and the page turns it red without a reload.
  await new Promise<void>((r) => w2.server.close(() => r()));
  w2.server.closeAllConnections();
  await page.waitForFunction(statusIs('web2', 'DOWN'), undefined, { timeout: 10000 });
  const cls = await page.getAttribute(cell('web2'), 'class');
  t.match(cls ?? '', /state-down/, 'the DOWN server has the red state class');
  const colour = (await page.evaluate(`getComputedStyle(document.querySelector('${cell('web2')} .badge') ?? document.querySelector('${cell('web2')}')).backgroundColor`)) as string;
  t.match(colour, /^rgb\((\d+), (\d+), (\d+)\)$/);
  const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  t.ok(r > g && r > b, `web2's cell is red (${colour})`);

  // Drain web3 through the admin form of the app backend.
  await page.check('input[name="s"][value="web3"]');
  const form = page.locator('form', { has: page.locator('input[name="s"][value="web3"]') });
  await form.locator('select[name="action"]').selectOption('drain');
  await Promise.all([page.waitForURL(/;st=DONE/), form.locator('[type="submit"]').click()]);
  await page.waitForFunction(statusIs('web3', 'DRAIN'), undefined, { timeout: 10000 });
  const csv = await (await fetch(`http://127.0.0.1:${port}/stats;csv`, { headers: { authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}` } })).text();
  t.match(csv, /\napp,web3,(?:[^,]*,){15}DRAIN,/, 'the CSV says DRAIN too');
  t.equal(rt.backends.get('app')?.servers.find((s) => s.name === 'web3')?.usable, false, 'web3 takes no new traffic');

  await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'dashboard-live.png'), fullPage: true });
  t.same(errors, [], 'no errors in the page');
});
