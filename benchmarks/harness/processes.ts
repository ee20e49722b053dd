/**
 * Child processes of the benchmark (nginx, the proxies, wrk, the idle-connection
 * client): each runs in its own process group so that stopping it also stops
 * whatever it forked (nginx's worker, a cluster worker), and every group still
 * alive is killed when the harness exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** CPU to pin the process to with taskset, when pinning is on. */
  readonly cpu?: number | undefined;
  readonly cwd?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Keep stdin open as a pipe (the idle client reads commands from it). */
  readonly stdin?: boolean | undefined;
}

const TAIL_BYTES = 16 * 1024;

/** One spawned process group; the leader's pid is the group id. */
export class Group {
  readonly name: string;
  readonly pid: number;
  readonly proc: ChildProcess;
  readonly exited: Promise<Exit>;
  #exit: Exit | undefined;
  #stdout = '';
  #stderr = '';
  #onStdoutLine: ((line: string) => void) | undefined;
  #partial = '';
  #stopping: Promise<void> | undefined;

  constructor(name: string, proc: ChildProcess) {
    this.name = name;
    this.proc = proc;
    if (proc.pid === undefined) throw new Error(`${name}: spawn failed`);
    this.pid = proc.pid;
    proc.stdout?.setEncoding('utf8');
    proc.stderr?.setEncoding('utf8');
    proc.stdout?.on('data', (text: string) => {
      this.#stdout = (this.#stdout + text).slice(-TAIL_BYTES);
      if (this.#onStdoutLine === undefined) return;
      const lines = (this.#partial + text).split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines) this.#onStdoutLine(line);
    });
    proc.stderr?.on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-TAIL_BYTES);
    });
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        resolve(this.#exit);
      });
      proc.once('error', () => {
        this.#exit = { code: 127, signal: null };
        live.delete(this);
        resolve(this.#exit);
      });
    });
  }

  get exit(): Exit | undefined {
    return this.#exit;
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Calls `fn` for every complete stdout line from now on. */
  onStdoutLine(fn: (line: string) => void): void {
    this.#onStdoutLine = fn;
  }

  /** The most telling line of stderr (or stdout) for a report: the last alert or error, else the last line. */
  tail(): string {
    const lines = (this.#stderr.trim() || this.#stdout.trim()).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const alerts = lines.filter((l) => /alert|error|fatal|cannot|failed/i.test(l));
    return (alerts.at(-1) ?? lines.at(-1) ?? '').replace(/\s+/g, ' ');
  }

  describeExit(): string {
    const e = this.#exit;
    if (e === undefined) return 'running';
    return e.signal ? `killed by ${e.signal}` : `exited with code ${e.code}`;
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`, then waits for the leader. */
  async stop(graceMs = 3000): Promise<void> {
    // Once only: after that the group id may be free and, in time, reused.
    if (this.#stopping) return this.#stopping;
    this.#stopping = this.#stop(graceMs);
    return this.#stopping;
  }

  async #stop(graceMs: number): Promise<void> {
    signalGroup(this.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    // The leader may be gone while a forked member lingers: kill the group anyway.
    signalGroup(this.pid, 'SIGKILL');
    await this.exited;
  }
}

const live = new Set<Group>();

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Kills every group still alive; synchronous so it can run in an 'exit' handler. */
export function killAll(): void {
  for (const group of live) signalGroup(group.pid, 'SIGKILL');
}

const exitTasks: (() => void)[] = [];

/** Runs `task` (synchronous) when the harness exits, after every group has been killed. */
export function atExit(task: () => void): void {
  installHandlers();
  exitTasks.push(task);
}

let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    killAll();
    for (const task of exitTasks.splice(0)) {
      try {
        task();
      } catch {
        // best effort while exiting
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

let pinning = false;

/** Turns CPU pinning with taskset on or off for the processes spawned from now on. */
export function setPinning(on: boolean): void {
  pinning = on;
}

/**
 * Spawns `cmd args` as the leader of a new process group, through a shell that
 * first raises the open-files limit as far as it is allowed (10,000 idle
 * connections need more than the usual 1,024) and then execs, so the pid of
 * the group is the pid of the command itself.
 */
export function spawnGroup(name: string, cmd: string, args: readonly string[], options: SpawnOptions = {}): Group {
  installHandlers();
  const argv = pinning && options.cpu !== undefined ? ['taskset', '-c', String(options.cpu), cmd, ...args] : [cmd, ...args];
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';
  const proc = spawn('/bin/sh', ['-c', script, 'sh', ...argv], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const group = new Group(name, proc);
  live.add(group);
  return group;
}

/** Runs a command to completion in its own group; resolves with its output. */
export async function runGroup(
  name: string,
  cmd: string,
  args: readonly string[],
  options: SpawnOptions & { readonly timeoutMs: number },
): Promise<{ readonly exit: Exit; readonly stdout: string; readonly stderr: string; readonly timedOut: boolean }> {
  const group = spawnGroup(name, cmd, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void group.stop(1000);
  }, options.timeoutMs);
  const exit = await group.exited;
  clearTimeout(timer);
  signalGroup(group.pid, 'SIGKILL');
  return { exit, stdout: group.stdout, stderr: group.stderr, timedOut };
}

/** Resident set size in KiB of every process of the group `pgid`, summed. */
export function groupRssKiB(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may contain spaces, so split after ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
      if (match?.[1]) total += Number(match[1]);
    } catch {
      // The process went away between readdir and read.
    }
  }
  return total;
}

/** Established TCP connections (IPv4) whose remote port is `port`: a proxy's server-side connections. */
export function establishedTo(port: number): number {
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const remote = cols[2];
      if (remote === undefined || cols[3] !== '01') continue;
      if (parseInt(remote.slice(remote.lastIndexOf(':') + 1), 16) === port) count++;
    }
  }
  return count;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export type ListenResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Waits until `group` accepts connections on `port`, or exits, or `timeoutMs` passes. */
export async function waitListening(group: Group, port: number, timeoutMs: number): Promise<ListenResult> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (group.exit !== undefined) {
      const tail = group.tail();
      return { ok: false, reason: `${group.describeExit()}${tail ? `: ${tail}` : ''}` };
    }
    if (await isListening(port)) return { ok: true };
    await sleep(100);
  }
  const tail = group.tail();
  return { ok: false, reason: `did not listen on port ${port} within ${timeoutMs / 1000} s${tail ? `: ${tail}` : ''}` };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
