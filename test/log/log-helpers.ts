/** Helpers of the log tests: a UDP syslog collector, a tiny HTTP backend, HAProxy with its stdout captured. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tcpServer } from '../helpers/net.js';

export interface UdpCollector {
  readonly port: number;
  /** Every datagram received, as latin1 text (its exact bytes). */
  readonly datagrams: string[];
  /** The first datagram containing `marker`, waiting up to `ms`; undefined if none came. */
  waitFor(marker: string, ms?: number): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0. */
export async function udpCollector(): Promise<UdpCollector> {
  const sock = createSocket('udp4');
  const datagrams: string[] = [];
  sock.on('message', (m: Buffer) => datagrams.push(m.toString('latin1')));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const port = sock.address().port;
  return {
    port,
    datagrams,
    async waitFor(marker, ms = 2000) {
      const end = Date.now() + ms;
      for (;;) {
        const hit = datagrams.find((d) => d.includes(marker));
        if (hit !== undefined || Date.now() > end) return hit;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise((r) => sock.close(() => r())),
  };
}

/** An HTTP/1.1 backend answering every request with 200, a 5-byte body and a Set-Cookie. */
export async function httpBackend(): Promise<{ port: number; close: () => Promise<void> }> {
  return tcpServer((s) => {
    let buf = '';
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        s.write('HTTP/1.1 200 OK\r\ncontent-length: 5\r\nset-cookie: SID=abc\r\nx-r: resp|v\r\n\r\nhello');
      }
    });
  });
}

/** HAProxy in the foreground with its stdout collected (`log stdout`); waits for `port` to listen. */
export async function haproxyWithStdout(cfg: string, port: number, env?: NodeJS.ProcessEnv): Promise<{ pid: number; stdout: () => string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-log-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, cfg);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('latin1')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stop = (): void => {
    process.off('exit', stop);
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return { pid: child.pid ?? 0, stdout: () => out, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 30));
  }
  stop();
  throw new Error(`haproxy did not start:\n${err}`);
}

/** Epoch microseconds of a syslog header time: `Nov 22 07:55:36` (local, this year) or `2026-11-22T07:55:41.012941+00:00`. */
export function headerTimeUs(text: string): number {
  const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})([+-]\d\d:\d\d)$/.exec(text);
  if (iso) return Date.parse(`${iso[1]}${iso[3]}`) * 1000 + Number(iso[2]);
  const legacy = /^(\w{3}) ([ \d]\d) (\d\d):(\d\d):(\d\d)$/.exec(text);
  if (!legacy) throw new Error(`not a syslog time: '${text}'`);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(legacy[1] as string);
  const d = new Date(new Date().getFullYear(), month, Number(legacy[2]), Number(legacy[3]), Number(legacy[4]), Number(legacy[5]));
  return d.getTime() * 1000;
}
