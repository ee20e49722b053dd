/**
 * A UDP syslog target: one unconnected datagram socket per destination,
 * fire and forget, as HAProxy sends (MSG_DONTWAIT): a send the kernel
 * refuses is counted as a dropped log, never retried, never waited for.
 * A host name is resolved once, on the first message, like HAProxy resolves
 * it once at load.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { countDroppedLog } from './dropped-logs.js';
import type { LogSink } from './target.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** dns.lookup remembered for good after its first answer (dgram passes the family as a number). */
function onceLookup(): (host: string, opts: LookupOneOptions | number, cb: LookupCallback) => void {
  const known = new Map<string, { address: string; family: number }>();
  return (host, opts, cb) => {
    const hit = known.get(host);
    if (hit) return process.nextTick(cb, null, hit.address, hit.family);
    dnsLookup(host, { family: typeof opts === 'number' ? opts : (opts.family ?? 0) }, (err, address, family) => {
      if (!err) known.set(host, { address, family });
      cb(err, address, family);
    });
  };
}

export class UdpSink implements LogSink {
  readonly #socket: Socket;
  readonly #host: string;
  readonly #port: number;
  #dropped = 0;
  #closed = false;
  readonly #onSent = (err: Error | null): void => {
    if (err) this.#drop();
  };

  constructor(host: string, port: number) {
    this.#host = host;
    this.#port = port;
    this.#socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', lookup: onceLookup() });
    // Errors of the socket itself (binding) would otherwise be thrown: they are dropped logs.
    this.#socket.on('error', () => this.#drop());
    // A log socket never keeps the process alive.
    this.#socket.unref();
  }

  get dropped(): number {
    return this.#dropped;
  }

  #drop(): void {
    this.#dropped++;
    countDroppedLog();
  }

  write(frame: string): void {
    if (this.#closed) return;
    try {
      this.#socket.send(Buffer.from(frame, 'latin1'), this.#port, this.#host, this.#onSent);
    } catch {
      this.#drop();
    }
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}
