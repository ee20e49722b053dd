/**
 * The exporter's answer read by the real Prometheus parser: `promtool check
 * metrics` (Debian package `prometheus`) must parse it without an error.
 * Its lint warnings are limited to names we keep on purpose: HAProxy's
 * `haproxy_process_failed_resolutions` (a counter without `_total`, as
 * HAProxy 2.6.12 names it) and prom-client's Node.js gauges ending in
 * `_total`. Skipped, saying so, when promtool is not installed.
 */
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { PrometheusExporter } from '../../lib/stats/prometheus/exporter.js';
import type { StatRow } from '../../lib/stats/row.js';
import { statRow } from '../helpers/stat-rows.js';

const KNOWN_LINT = [
  'haproxy_process_failed_resolutions counter metrics should have "_total" suffix',
  'tslb_nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
  'tslb_nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
  'tslb_nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
];

const promtool = spawnSync('promtool', ['--version']).status === 0;

const rows: StatRow[] = [
  statRow('frontend', 2, 0, { pxname: 'fe', svname: 'FRONTEND', status: 'OPEN', mode: 'http', scur: 1, slim: 100, hrsp_2xx: 5 }),
  statRow('listener', 2, 1, { pxname: 'fe', svname: 'sock-1', status: 'OPEN', mode: 'http' }),
  statRow('server', 3, 1, { pxname: 'be', svname: 'up', status: 'UP', mode: 'http', check_status: 'L7OK', check_code: 200, check_duration: 3, qtime: 1, slim: 10 }),
  statRow('server', 3, 2, { pxname: 'be', svname: 'a"b\\c', status: 'MAINT', mode: 'http' }),
  statRow('backend', 3, 0, { pxname: 'be', svname: 'BACKEND', status: 'UP', mode: 'http', ttime: 12 }),
  statRow('backend', 4, 0, { pxname: 'tcp', svname: 'BACKEND', status: 'DOWN', mode: 'tcp', lastsess: -1 }),
];

t.test('promtool check metrics parses the answer', { skip: promtool ? false : 'promtool is not installed (apt-get install prometheus)' }, async (t) => {
  const exporter = new PrometheusExporter();
  const reply = await exporter.render(
    { rows: () => rows, info: () => [{ name: 'Nbthread', value: 1 }, { name: 'Build info', value: '2.6.12' }], tables: () => [{ name: 'be', type: 'ip', size: 1024, used: 1 }] },
    '',
  );
  if (reply.status !== 200) throw new Error(reply.reason);
  const run = spawnSync('promtool', ['check', 'metrics'], { input: reply.body, encoding: 'utf8' });
  const report = `${run.stdout}${run.stderr}`;
  t.notMatch(report, /error while linting|parsing error/, 'no parse error');
  const lint = report.split('\n').filter((l) => l !== '');
  t.same(
    lint.filter((l) => !KNOWN_LINT.includes(l)),
    [],
    'no lint warning beyond the names kept on purpose',
  );
  t.ok([0, 3].includes(run.status ?? -1), `promtool exit ${run.status} (3: lint warnings only)`);
});
