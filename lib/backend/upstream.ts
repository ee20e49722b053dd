/**
 * A connection to a server, with one long-lived set of socket listeners that
 * dispatch to whichever exchange currently owns it — no listener added or
 * removed per request (DESIGN.md, hot-path notes). While it has no owner it
 * sits idle in its server's pool, where any byte or close retires it.
 */
import type { Socket } from 'node:net';
import type { ChunkSink, ReadBuffer } from '../net/read-buffer.js';
import type { RuntimeServer } from './server.js';

/** The exchange using an upstream connection. */
export interface UpstreamOwner {
  /** True when bytes given now would wait behind earlier output (see ReadBuffer). */
  readonly backlogged: boolean;
  /** Bytes from the server; returns true when it may keep a reference to `chunk`. */
  onUpstreamData(chunk: Buffer): boolean;
  onUpstreamEnd(): void;
  onUpstreamClose(hadError: boolean): void;
  onUpstreamDrain(): void;
  onUpstreamTimeout(): void;
}

export class Upstream implements ChunkSink {
  readonly socket: Socket;
  readonly server: RuntimeServer;
  owner: UpstreamOwner | undefined;
  /** Exchanges served so far (for `max-reuse`). */
  exchanges = 0;
  /** The inactivity timeout set on the socket (ms; 0 = none), so that reuse does not re-arm it. */
  timeout = 0;

  /** `reader` is the ReadBuffer whose options the socket was connected with. */
  constructor(socket: Socket, server: RuntimeServer, reader: ReadBuffer) {
    this.socket = socket;
    this.server = server;
    reader.sink = this;
    socket.on('end', () => this.owner?.onUpstreamEnd());
    socket.on('close', (hadError: boolean) => {
      reader.release();
      const owner = this.owner;
      this.owner = undefined;
      server.pool.forget(this);
      owner?.onUpstreamClose(hadError);
    });
    socket.on('drain', () => this.owner?.onUpstreamDrain());
    socket.on('timeout', () => {
      if (this.owner) this.owner.onUpstreamTimeout();
      else socket.destroy();
    });
    socket.on('error', () => {});
  }

  get backlogged(): boolean {
    return this.owner?.backlogged ?? false;
  }

  onChunk(chunk: Buffer): boolean {
    if (this.owner) return this.owner.onUpstreamData(chunk);
    this.socket.destroy(); // an idle server must not speak
    return false;
  }

  /** Sets the socket's inactivity timeout unless it is already `ms`. */
  setTimeout(ms: number): void {
    if (ms === this.timeout) return;
    this.timeout = ms;
    this.socket.setTimeout(ms);
  }

  get usable(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }
}
