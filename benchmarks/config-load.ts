/**
 * Configuration loading speed: a generated file with 1,000 backends of 10
 * servers each (plus a frontend routing to every backend with an ACL and a
 * use_backend rule) is loaded and validated by tslb, in process and through
 * `tslb -c`, and checked by `haproxy -c` in the same run for comparison.
 *
 *   npm run bench:config [-- --backends 1000 --servers 10 --runs 7]
 *
 * Target (issue 2): tslb loads and validates it in under 1 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { arg, median } from './harness/micro.js';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lib/config/load.js';

export function generateConfig(backends: number, servers: number): string {
  const out: string[] = [
    'global',
    '    maxconn 50000',
    '    stats socket /tmp/tslb-bench-admin.sock mode 600 level admin',
    '',
    'defaults',
    '    mode http',
    '    option httplog',
    '    option dontlognull',
    '    option forwardfor',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    default-server inter 2s fall 3 rise 2',
    '',
    'frontend www',
    '    bind :8080',
  ];
  for (let b = 0; b < backends; b++) out.push(`    acl is_app${b} path_beg /app${b}/`);
  for (let b = 0; b < backends; b++) out.push(`    use_backend app${b} if is_app${b}`);
  out.push('    default_backend app0', '');
  for (let b = 0; b < backends; b++) {
    out.push(`backend app${b}`, '    balance roundrobin', '    cookie SRV insert indirect nocache', '    option httpchk GET /health');
    for (let s = 0; s < servers; s++) {
      const ip = `10.${(b >> 8) & 255}.${b & 255}.${s + 1}`;
      out.push(`    server s${s} ${ip}:8080 check weight ${1 + (s % 5)} maxconn 100 cookie s${s}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function timeCommand(cmd: string, args: string[]): number | undefined {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.error || (r.status !== 0 && r.status !== 2)) return undefined;
  return performance.now() - start;
}

function main(): void {
  const backends = arg('backends', 1000);
  const servers = arg('servers', 10);
  const runs = arg('runs', 7);
  const dir = mkdtempSync(join(tmpdir(), 'tslb-bench-'));
  try {
    const file = join(dir, 'big.cfg');
    const text = generateConfig(backends, servers);
    writeFileSync(file, text);
    const lines = text.split('\n').length;

    const inProcess: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const result = loadConfig({ paths: [file], env: {} });
      inProcess.push(performance.now() - start);
      if (!result.model) throw new Error('the generated configuration did not load');
    }
    const tslbBin = fileURLToPath(new URL('../bin/tslb.js', import.meta.url));
    const cli: number[] = [];
    for (let i = 0; i < runs; i++) {
      const ms = timeCommand(process.execPath, [tslbBin, '-c', '-q', '-f', file]);
      if (ms === undefined) throw new Error('tslb -c failed on the generated configuration');
      cli.push(ms);
    }
    let haproxy: number[] | undefined;
    try {
      execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
      haproxy = [];
      for (let i = 0; i < runs; i++) {
        const ms = timeCommand('haproxy', ['-c', '-q', '-f', file]);
        if (ms === undefined) {
          haproxy = undefined;
          break;
        }
        haproxy.push(ms);
      }
    } catch {
      haproxy = undefined;
    }

    const rows: [string, number | undefined][] = [
      ['tslb loadConfig() in process', median(inProcess)],
      ['tslb -c (process start included)', median(cli)],
      ['haproxy -c (same file)', haproxy ? median(haproxy) : undefined],
    ];
    console.log(`config: ${backends} backends x ${servers} servers, ${lines} lines, ${runs} runs each (median)`);
    console.log('| run | median ms | vs haproxy -c |');
    console.log('|---|---|---|');
    const ref = rows[2]?.[1];
    for (const [name, ms] of rows) {
      const ratio = ms !== undefined && ref !== undefined ? (ms / ref).toFixed(2) : 'n/a';
      console.log(`| ${name} | ${ms === undefined ? 'n/a (haproxy not installed)' : ms.toFixed(0)} | ${ratio} |`);
    }
    const target = median(inProcess);
    console.log(target < 1000 ? `PASS: in-process load ${target.toFixed(0)} ms < 1000 ms` : `FAIL: in-process load ${target.toFixed(0)} ms >= 1000 ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
