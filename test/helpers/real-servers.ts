/**
 * Private instances of the real servers that `option redis-check`,
 * `option mysql-check` and `option pgsql-check` talk to, from Debian's
 * packages (redis-server, mariadb-server, postgresql): each in its own
 * temporary directory, on a free loopback port, in its own process group,
 * started and stopped by the test — never the system services.
 *
 *   startRedis()     redis-server, no persistence
 *   startMariadb()   mariadb-install-db + mariadbd, with the check users created through `mariadb`
 *   startPostgres()  initdb + postgres, pg_hba.conf from the caller, roles created through `psql`
 *
 * A missing binary is an error naming the Debian package to install: these
 * tests fail rather than skip (.ci/run installs the packages).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './net.js';

export interface RealServer {
  readonly port: number;
  /** Kills the server's whole process group, waits for it to exit and removes its directory. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/** The path of `name`, searched in PATH, the sbin directories and PostgreSQL's versioned bin directory. */
function binary(name: string, pkg: string): string {
  const pg = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', ...pg];
  for (const d of dirs) if (d && existsSync(join(d, name))) return join(d, name);
  throw new Error(`'${name}' not found: install Debian's ${pkg} package (apt-get install ${pkg}); .ci/run does`);
}

/** The account a database server runs as: its system user when we are root (they refuse root), else ourselves. */
function account(user: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

interface Place {
  readonly owner: { uid: number; gid: number } | undefined;
  readonly port: number;
  /** A fresh temporary directory the server owns (socket, pid file); `data` inside it is for its data files. */
  readonly dir: string;
  readonly data: string;
}

/** A free loopback port and a fresh directory for a server running as `user`'s account (see account()). */
async function place(kind: string, user?: string): Promise<Place> {
  const owner = user === undefined ? undefined : account(user);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `tslb-${kind}-`));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return { owner, port, dir, data: join(dir, 'data') };
}

/** Runs the data-directory set-up; on failure removes the directory and rethrows. */
async function initialise(p: Place, init: () => Promise<unknown>): Promise<void> {
  try {
    await init();
  } catch (err) {
    rmSync(p.dir, { recursive: true, force: true });
    throw err;
  }
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(file: string, args: readonly string[], owner?: { uid: number; gid: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: READY_TIMEOUT_MS, encoding: 'utf8', ...owner }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The last few kilobytes a child wrote, for error messages. */
function tail(child: ChildProcess): () => string {
  let out = '';
  const keep = (c: Buffer): void => {
    out = (out + c.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out;
}

/**
 * Spawns a server in its own process group and waits until `ready()`
 * resolves (retried every 100 ms, each failure remembered for the message);
 * fails at once if the server exits, and after READY_TIMEOUT_MS.
 */
async function serve(name: string, port: number, dir: string, file: string, args: readonly string[], owner: { uid: number; gid: number } | undefined, ready: () => Promise<unknown>): Promise<RealServer> {
  const child = spawn(file, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...owner });
  const output = tail(child);
  let failed: Error | undefined;
  const exited = new Promise<void>((r) => {
    child.once('exit', () => r());
    child.once('error', (err) => {
      failed = err;
      r();
    });
  });
  const kill = (): void => {
    try {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // A test runner that ends the process without teardown still takes the server with it.
  const onExit = (): void => {
    kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  for (;;) {
    if (failed || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`${name} exited (${failed?.message ?? child.exitCode ?? child.signalCode}) before accepting connections on 127.0.0.1:${port}:\n${output()}`);
    }
    try {
      await ready();
      return { port, stop };
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready on 127.0.0.1:${port} after ${READY_TIMEOUT_MS} ms (last probe: ${last}):\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `sql` on a ready server; stops it if that fails. */
async function setUp(server: RealServer, sql: () => Promise<unknown>): Promise<RealServer> {
  try {
    await sql();
    return server;
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** redis-server without persistence; ready when `redis-cli ping` answers PONG. */
export async function startRedis(): Promise<RealServer> {
  const server = binary('redis-server', 'redis-server');
  const cli = binary('redis-cli', 'redis-server');
  const { port, dir } = await place('redis');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir];
  return serve('redis-server', port, dir, server, args, undefined, async () => {
    const out = await run(cli, ['-h', '127.0.0.1', '-p', String(port), 'ping']);
    if (!out.includes('PONG')) throw new Error(out);
  });
}

/**
 * MariaDB with a fresh data directory (root without password on the unix
 * socket), name resolution off (users are matched on 127.0.0.1, and
 * handshake-only checks never get the host blocked), then `sql` run as root
 * — e.g. the check users, created without password as the HAProxy manual
 * describes for `option mysql-check user`.
 */
export async function startMariadb(sql: string): Promise<RealServer> {
  const install = binary('mariadb-install-db', 'mariadb-server');
  const server = binary('mariadbd', 'mariadb-server');
  const client = binary('mariadb', 'mariadb-server');
  const p = await place('mariadb', 'mysql');
  const { port, dir, data } = p;
  const socket = join(dir, 'mysqld.sock');
  const user = p.owner ? ['--user=mysql'] : [];
  await initialise(p, () => run(install, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user]));
  const args = [
    '--no-defaults',
    ...user,
    `--datadir=${data}`,
    `--socket=${socket}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    '--max-connect-errors=1000000',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=16M',
  ];
  const asRoot = (statements: string): Promise<string> => run(client, ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', statements]);
  return setUp(await serve('mariadbd', port, dir, server, args, undefined, () => asRoot('SELECT 1')), () => asRoot(sql));
}

/**
 * PostgreSQL with a fresh cluster (superuser `postgres`), `hba` as its
 * pg_hba.conf, its socket in its own directory, then `sql` run through psql
 * as `postgres` (e.g. the check roles).
 */
export async function startPostgres(hba: string, sql: string): Promise<RealServer> {
  const initdb = binary('initdb', 'postgresql');
  const server = binary('postgres', 'postgresql');
  const psql = binary('psql', 'postgresql');
  const p = await place('pgsql', 'postgres');
  const { owner, port, dir, data } = p;
  await initialise(p, async () => {
    await run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C'], owner);
    writeFileSync(join(data, 'pg_hba.conf'), hba);
    if (owner) chownSync(join(data, 'pg_hba.conf'), owner.uid, owner.gid);
  });
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=50'];
  const asPostgres = (statements: string): Promise<string> => run(psql, ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', statements]);
  return setUp(await serve('postgres', port, dir, server, args, owner, () => asPostgres('SELECT 1')), () => asPostgres(sql));
}
