/** Runs a configuration under the real HAProxy 2.6 for differential tests; always torn down by the caller. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HaproxyProcess {
  readonly child: ChildProcess;
  /** What HAProxy printed on stderr so far. */
  stderr(): string;
  stop(): void;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Starts `haproxy -db -f <cfg>` and waits until `port` accepts connections. */
export async function startHaproxy(cfg: string, port: number, env?: NodeJS.ProcessEnv): Promise<HaproxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, cfg);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'], ...(env ? { env } : {}) });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const stop = (): void => {
    process.off('exit', stop);
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Even if the test process ends without its teardown (a test-runner timeout), HAProxy goes with it.
  process.once('exit', stop);
  for (let i = 0; i < 100; i++) {
    if (await listening(port)) return { child, stop, stderr: () => stderr };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 30));
  }
  stop();
  throw new Error(`haproxy did not start:\n${stderr}`);
}
