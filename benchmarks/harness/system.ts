/**
 * What the benchmark needs from the machine (nginx, wrk, haproxy, taskset),
 * installing Debian's packages when they are missing, and a description of the
 * machine for the report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';

export function hasCommand(cmd: string): boolean {
  return spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function firstLine(cmd: string, args: readonly string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return undefined;
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim();
  return text.split('\n')[0]?.trim() || undefined;
}

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Installs `nginx-light` and `wrk` with apt-get when `nginx` or `wrk` is
 * missing (and `haproxy` when it is missing too). Debian's postinst would
 * start the system nginx on port 80; a temporary policy-rc.d (exit 101,
 * "action forbidden") stops that when the machine has none.
 */
export function ensureTools(log: (line: string) => void): void {
  const packages: string[] = [];
  if (!hasCommand('nginx') || !hasCommand('wrk')) packages.push('nginx-light', 'wrk');
  if (!hasCommand('haproxy')) packages.push('haproxy');
  if (packages.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing ${packages.join(', ')}: install them (apt-get install -y ${packages.join(' ')})`);
  let policyWritten = false;
  if (!existsSync(POLICY_RC_D)) {
    writeFileSync(POLICY_RC_D, '#!/bin/sh\n# temporary, written by tslb benchmarks/run.ts\nexit 101\n', { mode: 0o755 });
    policyWritten = true;
  }
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = (): number | null => {
      log(`installing ${packages.join(' ')} with apt-get`);
      return spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env }).status;
    };
    if (install() !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      if (install() !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
    }
  } finally {
    if (policyWritten) rmSync(POLICY_RC_D, { force: true });
  }
}

export interface MachineInfo {
  readonly nproc: number;
  readonly cpu: string;
  readonly kernel: string;
  readonly node: string;
  readonly haproxy: string;
  readonly nginx: string;
  readonly wrk: string;
}

export function machineInfo(): MachineInfo {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  return {
    nproc: availableParallelism(),
    cpu,
    kernel: `Linux ${release()}`,
    node: process.version,
    haproxy: firstLine('haproxy', ['-v'])?.replace(/ - https?:.*$/, '').replace(/^HAProxy version /, '') ?? 'not installed',
    nginx: firstLine('nginx', ['-v'])?.replace(/^nginx version: /, '') ?? 'not installed',
    wrk: firstLine('wrk', ['-v'])?.replace(/ Copyright.*$/, '') ?? 'not installed',
  };
}

/** tslb's version and the commit of the working tree, noting uncommitted changes to the code. */
export function tslbBuild(repoRoot: string): string {
  let version = '?';
  try {
    version = (JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // no package.json
  }
  const git = (args: readonly string[]): string | undefined => {
    const r = spawnSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const commit = git(['rev-parse', '--short', 'HEAD']);
  if (commit === undefined) return version;
  const dirty = git(['status', '--porcelain', '--', 'lib', 'bin']);
  return `${version}, commit ${commit}${dirty ? ' + uncommitted changes in lib/ or bin/' : ''}`;
}
