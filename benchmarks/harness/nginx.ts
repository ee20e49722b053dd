/**
 * The backend: Debian's nginx-light with a configuration written into the
 * run's temporary directory — one worker, no access log, keep-alive for as
 * long as a run lasts, a tiny response at /small and a 1 MiB static file at
 * /1mib.bin.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnGroup, waitListening, type Group } from './processes.js';

export const SMALL_PATH = '/small';
export const SMALL_BODY = 'hello world';
export const BIG_PATH = '/1mib.bin';
export const BIG_SIZE = 1024 * 1024;

export function nginxConfig(dir: string, port: number): string {
  const runAsRoot = process.getuid?.() === 0;
  return `# tslb benchmark backend (written by benchmarks/run.ts)
${runAsRoot ? 'user root;\n' : ''}worker_processes 1;
worker_rlimit_nofile 20000;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;

events {
    worker_connections 16384;
}

http {
    access_log off;
    default_type application/octet-stream;
    sendfile on;
    tcp_nodelay on;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    client_body_temp_path ${join(dir, 'nginx-tmp', 'body')};
    proxy_temp_path ${join(dir, 'nginx-tmp', 'proxy')};
    fastcgi_temp_path ${join(dir, 'nginx-tmp', 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'nginx-tmp', 'uwsgi')};
    scgi_temp_path ${join(dir, 'nginx-tmp', 'scgi')};

    server {
        listen 127.0.0.1:${port} backlog=4096;
        root ${join(dir, 'www')};

        location = ${SMALL_PATH} {
            return 200 "${SMALL_BODY}";
        }
    }
}
`;
}

/** Writes the configuration and the 1 MiB file, starts nginx pinned to `cpu`, waits until it listens. */
export async function startNginx(dir: string, port: number, cpu: number | undefined): Promise<Group> {
  mkdirSync(join(dir, 'www'), { recursive: true });
  mkdirSync(join(dir, 'nginx-tmp'), { recursive: true });
  writeFileSync(join(dir, 'www', BIG_PATH.slice(1)), randomBytes(BIG_SIZE));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port));
  const group = spawnGroup('nginx', 'nginx', ['-p', dir, '-c', conf, '-g', 'daemon off;'], { cpu });
  const listening = await waitListening(group, port, 10_000);
  if (!listening.ok) {
    await group.stop();
    throw new Error(`nginx did not start: ${listening.reason}`);
  }
  return group;
}
