/**
 * `option redis-check`, `option mysql-check` and `option pgsql-check` against
 * real servers from Debian's packages (redis-server, mariadb-server,
 * postgresql; test/helpers/real-servers.ts starts private instances), run by
 * tslb and by the real HAProxy 2.6 at once with the same configuration.
 *
 *   phase 1  every server running: each scenario's server is UP (L7OK, with
 *            HAProxy's info text) or DOWN with HAProxy's reason
 *   phase 2  all three servers killed: the `*_down` backends go DOWN with
 *            "Layer4 connection problem"
 *
 * In each phase tslb must write the expected lines, and the same lines as
 * HAProxy (compared without HAProxy's prefix and the check durations).
 * Passed checks only show up in the log with `option log-health-checks`
 * (a checked server starts UP), so the scenarios that pass use it.
 */
import t, { type Test } from 'tap';
import type { CheckCode } from '../../lib/checks/result.js';
import { captureProcessLog } from '../../lib/log/process-log.js';
import { haproxyStateLines, tslbStateLines, until } from '../helpers/checks.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';
import { startMariadb, startPostgres, startRedis, type RealServer } from '../helpers/real-servers.js';
import { startRuntime } from '../helpers/runtime.js';

t.setTimeout(90_000);

type Peer = 'redis' | 'mysql' | 'pgsql';

interface Scenario {
  readonly backend: string;
  readonly peer: Peer;
  /** The check lines of the backend. */
  readonly option: string;
  /** Where tslb leaves the server after phase 1 (phase 2 for `*_down`), its last check, and the line it writes. */
  readonly health: 'up' | 'down';
  readonly code: CheckCode;
  readonly line: RegExp;
}

const ok = (info: string | RegExp, backend: string): RegExp =>
  new RegExp(`^warning Health check for server ${backend}/s succeeded, reason: Layer7 check passed, code: 0, info: "${typeof info === 'string' ? info : info.source}", check duration: Nms, status: 2/2 UP\\.$`);
const down = (reason: string, backend: string): RegExp =>
  new RegExp(`^warning Server ${backend}/s is DOWN, reason: ${reason}, check duration: Nms\\. 0 active and 0 backup servers left\\. 0 sessions active, 0 requeued, 0 remaining in queue\\.$`);
const refused = 'Layer4 connection problem, info: "Connection refused"';
const MARIADB_VERSION = /(5\.5\.5-)?\d+\.\d+\.\d+-MariaDB[^"]*/;

const SCENARIOS: readonly Scenario[] = [
  { backend: 'redis_up', peer: 'redis', option: 'option redis-check', health: 'up', code: 'L7OK', line: ok('Redis server is ok', 'redis_up') },
  // Without a user only the handshake is read; the server version is the info.
  { backend: 'mysql_handshake', peer: 'mysql', option: 'option mysql-check', health: 'up', code: 'L7OK', line: ok(MARIADB_VERSION, 'mysql_handshake') },
  { backend: 'mysql_user', peer: 'mysql', option: 'option mysql-check user haproxy_check', health: 'up', code: 'L7OK', line: ok(MARIADB_VERSION, 'mysql_user') },
  { backend: 'mysql_post41', peer: 'mysql', option: 'option mysql-check user haproxy_check post-41', health: 'up', code: 'L7OK', line: ok(MARIADB_VERSION, 'mysql_post41') },
  { backend: 'mysql_pre41', peer: 'mysql', option: 'option mysql-check user haproxy_check pre-41', health: 'up', code: 'L7OK', line: ok(MARIADB_VERSION, 'mysql_pre41') },
  {
    backend: 'mysql_unknown_user',
    peer: 'mysql',
    option: 'option mysql-check user nosuchuser',
    health: 'down',
    code: 'L7STS',
    line: down(`Layer7 wrong status, code: 1045, info: "#28000Access denied for user 'nosuchuser'@'127\\.0\\.0\\.1' \\(using password: NO\\)"`, 'mysql_unknown_user'),
  },
  { backend: 'pgsql_up', peer: 'pgsql', option: 'option pgsql-check user haproxy_check', health: 'up', code: 'L7OK', line: ok('PostgreSQL server is ok', 'pgsql_up') },
  // A role that does not exist gets a SCRAM request (pg_hba.conf below): HAProxy takes any credentials request as "server is ok".
  { backend: 'pgsql_unknown_user', peer: 'pgsql', option: 'option pgsql-check user nosuchuser', health: 'up', code: 'L7OK', line: ok('PostgreSQL server is ok', 'pgsql_unknown_user') },
  // pg_hba.conf rejects this one: an ErrorResponse, whose severity is the info.
  { backend: 'pgsql_rejected', peer: 'pgsql', option: 'option pgsql-check user rejected', health: 'down', code: 'L7RSP', line: down('Layer7 invalid response, info: "FATAL"', 'pgsql_rejected') },
  // Killed in phase 2.
  { backend: 'redis_down', peer: 'redis', option: 'option redis-check', health: 'down', code: 'L4CON', line: down(refused, 'redis_down') },
  { backend: 'mysql_down', peer: 'mysql', option: 'option mysql-check user haproxy_check', health: 'down', code: 'L4CON', line: down(refused, 'mysql_down') },
  { backend: 'pgsql_down', peer: 'pgsql', option: 'option pgsql-check user haproxy_check', health: 'down', code: 'L4CON', line: down(refused, 'pgsql_down') },
];

const PG_HBA = `
local all all                   trust
host  all haproxy_check 127.0.0.1/32 trust
host  all rejected      127.0.0.1/32 reject
host  all all           127.0.0.1/32 scram-sha-256
`;

/** One configuration for both: every scenario is a backend with one checked server `s`. */
function config(port: number, peers: Record<Peer, number>): string {
  const backends = SCENARIOS.map(
    (s) => `backend ${s.backend}\n${s.health === 'up' ? '    option log-health-checks\n' : ''}    ${s.option}\n    server s 127.0.0.1:${peers[s.peer]} check\n`,
  );
  return `
defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 1s
    default-server inter 200 rise 2 fall 2
${backends.join('')}
frontend f
    bind 127.0.0.1:${port}
    default_backend redis_up
`;
}

/** Starts the three servers at once; whatever started is stopped with the test even if another failed. */
async function startPeers(t: Test): Promise<Record<Peer, RealServer>> {
  const started = await Promise.allSettled([
    startRedis(),
    // No password, as the HAProxy manual describes for `option mysql-check user`.
    startMariadb("CREATE USER 'haproxy_check'@'127.0.0.1';"),
    startPostgres(PG_HBA, 'CREATE ROLE haproxy_check LOGIN; CREATE ROLE rejected LOGIN;'),
  ]);
  for (const r of started) if (r.status === 'fulfilled') t.teardown(r.value.stop);
  const failed = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) throw new Error(failed.map((r) => (r.reason as Error).message).join('\n'));
  const [redis, mysql, pgsql] = started.map((r) => (r as PromiseFulfilledResult<RealServer>).value) as [RealServer, RealServer, RealServer];
  return { redis, mysql, pgsql };
}

/** Lines about one of these backends (its servers, or its "no server available" alert). */
const about = (backends: readonly Scenario[]) => (line: string) => backends.some((s) => line.includes(` ${s.backend}/`) || line.includes(`'${s.backend}'`));

t.test('redis-check, mysql-check and pgsql-check on real servers, as HAProxy 2.6 reports them', async (t) => {
  const log = captureProcessLog();
  t.teardown(log.restore);
  const peers = await startPeers(t);
  const ports = { redis: peers.redis.port, mysql: peers.mysql.port, pgsql: peers.pgsql.port };
  const rt = await startRuntime(t, config(await freePort(), ports));
  const hport = await freePort();
  const haproxy = await startHaproxy(config(hport, ports), hport);
  t.teardown(() => haproxy.stop());
  const ours = (): string[] => tslbStateLines(log.lines);
  const theirs = (): string[] => haproxyStateLines(haproxy.stderr());
  const server = (s: Scenario) => rt.backends.get(s.backend)?.servers[0];

  const [running, killed] = [SCENARIOS.filter((s) => !s.backend.endsWith('_down')), SCENARIOS.filter((s) => s.backend.endsWith('_down'))];
  // One line per scenario, plus the alert of each one that is DOWN.
  const expected = (list: readonly Scenario[]): number => list.length + list.filter((s) => s.health === 'down').length;
  const settle = async (list: readonly Scenario[], phase: string): Promise<void> => {
    const n = expected(list);
    const mine = about(list);
    const what = (): string => `${n} lines ${phase} from tslb and HAProxy:\ntslb:\n${ours().join('\n')}\nhaproxy:\n${theirs().join('\n')}`;
    await until(() => ours().filter(mine).length >= n && theirs().filter(mine).length >= n, 10_000, what);
    // A few more checks: nothing else may be logged.
    await new Promise((r) => setTimeout(r, 500));
  };
  const compare = (list: readonly Scenario[], phase: string): void => {
    const mine = about(list);
    for (const s of list) {
      t.equal(server(s)?.health, s.health, `${s.backend}: ${s.health} (${phase})`);
      t.equal(server(s)?.lastCheck?.code, s.code, `${s.backend}: ${s.code}`);
      t.ok(ours().some((l) => s.line.test(l)), `${s.backend}: tslb writes ${s.line.source}`);
    }
    t.same(ours().filter(mine).sort(), theirs().filter(mine).sort(), `the same lines as HAProxy (${phase})`);
  };

  await settle(running, 'with every server running');
  compare(running, 'servers running');
  t.same(ours().filter(about(killed)), [], 'the servers of phase 2 are still UP');

  await Promise.all([peers.redis.stop(), peers.mysql.stop(), peers.pgsql.stop()]);
  await settle(killed, 'after the servers were killed');
  compare(killed, 'servers killed');
});
