/**
 * The columns of the benchmark: wrk straight to nginx, and the four proxies,
 * each started as one process group pinned to the proxy's CPU. HAProxy and
 * tslb run the same lb.cfg file (but for the log target of 'http-log', where
 * HAProxy has a variant of its own); the Node peers are HTTP-only, except the
 * bare `node:net` relay, a reference for what Node's socket streams cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnGroup, type Group } from './processes.js';

export type ProxyId = 'direct' | 'haproxy' | 'tslb' | 'http-proxy-3' | 'undici' | 'node-pipe';
/**
 * Which lb.cfg a proxy runs: HTTP, TCP, HTTP with cookie insert and httpchk (scenario f), HTTP with
 * 200 ACLs and 100 use_backend rules (g), or HTTP with `option httplog`, a log target and the
 * Prometheus exporter (h).
 */
export type Mode = 'http' | 'tcp' | 'http-cookie' | 'http-acl' | 'http-log';
export const MODES: readonly Mode[] = ['http', 'tcp', 'http-cookie', 'http-acl', 'http-log'];

export interface StartContext {
  readonly repoRoot: string;
  /** The lb.cfg of each mode, shared by HAProxy and tslb. */
  readonly configs: Readonly<Record<Mode, string>>;
  /**
   * HAProxy's own variant where it cannot run the shared file: 'http-log',
   * whose `log file@<path>` target is tslb's (HAProxy logs to UDP instead).
   */
  readonly haproxyConfigs: Readonly<Partial<Record<Mode, string>>>;
  readonly proxyPort: number;
  readonly nginxPort: number;
  readonly cpu: number | undefined;
}

export interface ProxySpec {
  readonly id: ProxyId;
  readonly label: string;
  readonly modes: readonly Mode[];
  /** Undefined for "direct": wrk talks to nginx. */
  readonly start?: (ctx: StartContext, mode: Mode) => Group;
  /** How the process is started, for the report. */
  readonly command: string;
}

function packageVersion(repoRoot: string, name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'benchmarks', 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '?';
  } catch {
    return 'not installed';
  }
}

function peer(ctx: StartContext, name: string, script: string): Group {
  const path = join(ctx.repoRoot, 'benchmarks', 'peers', script);
  return spawnGroup(name, process.execPath, [path, '--port', String(ctx.proxyPort), '--target', `http://127.0.0.1:${ctx.nginxPort}`], {
    cpu: ctx.cpu,
  });
}

export function proxySpecs(repoRoot: string): readonly ProxySpec[] {
  return [
    { id: 'direct', label: 'direct (wrk → nginx)', modes: ['http', 'tcp'], command: 'no proxy' },
    {
      id: 'haproxy',
      label: 'HAProxy 2.6 (nbthread 1)',
      modes: MODES,
      command: 'haproxy -db -f lb.cfg',
      start: (ctx, mode) => spawnGroup('haproxy', 'haproxy', ['-db', '-f', ctx.haproxyConfigs[mode] ?? ctx.configs[mode]], { cpu: ctx.cpu }),
    },
    {
      id: 'tslb',
      label: 'tslb',
      modes: MODES,
      command: 'node dist/bin/tslb.js -f lb.cfg',
      start: (ctx, mode) =>
        spawnGroup('tslb', process.execPath, [join(ctx.repoRoot, 'dist', 'bin', 'tslb.js'), '-f', ctx.configs[mode]], { cpu: ctx.cpu }),
    },
    {
      id: 'http-proxy-3',
      label: `http-proxy-3 ${packageVersion(repoRoot, 'http-proxy-3')} + keep-alive agent`,
      modes: ['http'],
      command: 'node benchmarks/peers/http-proxy-3.mjs',
      start: (ctx) => peer(ctx, 'http-proxy-3', 'http-proxy-3.mjs'),
    },
    {
      id: 'undici',
      label: `node:http + undici ${packageVersion(repoRoot, 'undici')} Pool.dispatch`,
      modes: ['http'],
      command: 'node benchmarks/peers/undici-dispatch.mjs',
      start: (ctx) => peer(ctx, 'undici', 'undici-dispatch.mjs'),
    },
    {
      id: 'node-pipe',
      label: 'bare node:net relay (pipe)',
      modes: ['http', 'tcp'],
      command: 'node benchmarks/peers/node-pipe.mjs',
      start: (ctx) => peer(ctx, 'node-pipe', 'node-pipe.mjs'),
    },
  ];
}
