/**
 * The client of scenario (e), run by benchmarks/run.ts as a process of its
 * own: opens N keep-alive connections to a proxy (a bounded number at a time),
 * sends one GET on each, reads the whole response and then keeps the
 * connection open and silent.
 *
 *   node dist/benchmarks/idle-clients.js --port P --count 10000 [--path /small] [--concurrency 200]
 *
 * Protocol on stdio, one JSON object per line on stdout:
 *   {"event":"ready","ok":N,"failed":M,"open":K}   once every connection has its response
 *   {"event":"status","open":K}                    after each "status" line on stdin
 * It exits when stdin closes or on SIGTERM.
 */
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const port = Number(arg('port', '0'));
const count = Number(arg('count', '10000'));
const concurrency = Number(arg('concurrency', '200'));
const path = arg('path', '/small');
const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: tslb-idle-clients\r\n\r\n`);

const sockets = new Set<Socket>();
let started = 0;
let ok = 0;
let failed = 0;
let settled = 0;

function emit(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Reads one response (status line, Content-Length body) and leaves the socket open. */
function open(): void {
  started++;
  const socket = connect({ host: '127.0.0.1', port });
  let received = Buffer.alloc(0);
  let done = false;
  const finish = (good: boolean): void => {
    if (done) return;
    done = true;
    settled++;
    if (good) ok++;
    else {
      failed++;
      socket.destroy();
    }
    if (started < count) open();
    else if (settled === count) emit({ event: 'ready', ok, failed, open: sockets.size });
  };
  socket.setNoDelay(true);
  socket.once('connect', () => socket.write(request));
  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = received.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!head.startsWith('HTTP/1.1 200') || !length?.[1]) return finish(false);
    if (received.length - end - 4 >= Number(length[1])) {
      received = Buffer.alloc(0);
      finish(true);
    }
  });
  socket.on('error', () => finish(false));
  socket.on('close', () => {
    sockets.delete(socket);
    finish(false);
  });
  sockets.add(socket);
}

for (let i = 0; i < Math.min(concurrency, count); i++) open();

createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() === 'status') emit({ event: 'status', open: sockets.size });
  })
  .on('close', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
