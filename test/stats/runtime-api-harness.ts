/**
 * Runs one configuration with a `stats socket` under the real HAProxy 2.6
 * and under tslb (in process), each with a socket of its own, and talks to
 * both sockets byte for byte: the differential tests of the Runtime API
 * (test/stats/runtime-api*.test.ts, csv*.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigText } from '../../lib/config/load.js';
import { captureProcessLog, type CapturedLine } from '../../lib/log/process-log.js';
import { Runtime } from '../../lib/runtime/runtime.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { freePort } from '../helpers/net.js';
import type { Teardown } from '../helpers/runtime.js';

export type Who = 'haproxy' | 'tslb';

/** What a configuration is given to run under one proxy: the port of its frontend and its socket paths. */
export interface Place {
  readonly port: number;
  /** A second free port, for a second listener. */
  readonly port2: number;
  /** `stats socket <dir>/<name>` lines go here. */
  readonly dir: string;
}

export interface Instance {
  readonly who: Who;
  readonly port: number;
  readonly port2: number;
  readonly dir: string;
  /** tslb's runtime (undefined under HAProxy). */
  readonly rt?: Runtime | undefined;
  readonly haproxy?: ChildProcess | undefined;
  /** What HAProxy printed on stderr so far (its process log). */
  stderr(): string;
  /** Sends `data` to the socket `name` of the instance; everything received until it closes (or `quietMs` of silence). */
  send(data: string, name?: string, quietMs?: number): Promise<string>;
  /** One line, its answer. */
  cmd(line: string, name?: string): Promise<string>;
  stop(): void;
}

/** Talks to a stats socket: writes `data` at once, collects until the peer closes or `quietMs` pass without data. */
export function talk(path: string, data: string, quietMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    let out = '';
    let timer = setTimeout(() => finish(), quietMs);
    const finish = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(out);
    };
    s.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      clearTimeout(timer);
      timer = setTimeout(() => finish(), quietMs);
    });
    s.on('end', finish);
    s.on('close', finish);
    s.on('error', reject);
    s.write(data);
  });
}

/** The process log of tslb's runtimes, kept in memory while a test runs. */
let captured: { lines: CapturedLine[]; restore: () => void } | undefined;

export function processLines(): CapturedLine[] {
  return captured?.lines ?? [];
}

function reachable(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/**
 * `haproxy -db -f <cfg>`, ready once its first stats socket accepts — a
 * probe of the frontend would count in its statistics and stick tables.
 */
async function spawnHaproxy(text: string, dir: string): Promise<{ child: ChildProcess; stderr: () => string }> {
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, text);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  const sock = /stats socket (\S+)/.exec(text)?.[1];
  for (let i = 0; i < 200 && sock; i++) {
    if (await reachable(sock)) return { child, stderr: () => stderr };
    if (child.exitCode !== null) break;
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`haproxy did not start:\n${stderr}`);
}

export async function start(t: Teardown, who: Who, config: (p: Place) => string): Promise<Instance> {
  const dir = mkdtempSync(join(tmpdir(), `tslb-cli-${who}-`));
  const port = await freePort();
  const port2 = await freePort();
  const text = config({ port, port2, dir });
  let rt: Runtime | undefined;
  let haproxy: ChildProcess | undefined;
  let stderr = (): string => '';
  // The directory goes if the proxy does not start.
  const failed = (err: unknown): never => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  };
  if (who === 'haproxy') ({ child: haproxy, stderr } = await spawnHaproxy(text, dir).catch(failed));
  else {
    if (!captured) {
      captured = captureProcessLog();
      const c = captured;
      t.teardown(() => {
        c.restore();
        captured = undefined;
      });
    }
    const r = loadConfigText(text);
    if (!r.model) return failed(new Error(r.diagnostics.map((d) => d.message).join('\n')));
    rt = await Runtime.start(r.model).catch(failed);
  }
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    rt?.hardStop();
    haproxy?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  t.teardown(stop);
  const send = (data: string, name = 'sock', quietMs?: number): Promise<string> => talk(join(dir, name), data, quietMs);
  return { who, port, port2, dir, rt, haproxy, stderr, send, cmd: (line, name) => send(`${line}\n`, name), stop };
}

/** The same configuration under both, HAProxy first. */
export async function startBoth(t: Teardown, config: (p: Place) => string): Promise<Record<Who, Instance>> {
  const haproxy = await start(t, 'haproxy', config);
  const tslb = await start(t, 'tslb', config);
  return { haproxy, tslb };
}

/** The same line to both; their answers. */
export async function both(i: Record<Who, Instance>, line: string, name?: string): Promise<Record<Who, string>> {
  const [haproxy, tslb] = await Promise.all([i.haproxy.cmd(line, name), i.tslb.cmd(line, name)]);
  return { haproxy, tslb };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds (polling), at most `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 5000, every = 50): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await sleep(every);
  }
  return cond();
}

/** One GET on a new connection to 127.0.0.1:port (Connection: close); its status. */
export function get(port: number, path = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `n` GETs one after the other; their statuses. */
export async function gets(port: number, n: number, path = '/'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await get(port, path));
  return out;
}
