/**
 * A connection to a server, with one long-lived set of socket listeners that
 * dispatch to whichever exchange currently owns it — no listener added or
 * removed per request (DESIGN.md, hot-path notes). While it has no owner it
 * sits idle in its server's pool, where any byte or close retires it.
 */
import type { Socket } from 'node:net';
import type { RuntimeServer } from './server.js';

/** The exchange using an upstream connection. */
export interface UpstreamOwner {
  onUpstreamData(chunk: Buffer): void;
  onUpstreamEnd(): void;
  onUpstreamClose(hadError: boolean): void;
  onUpstreamDrain(): void;
  onUpstreamTimeout(): void;
}

export class Upstream {
  readonly socket: Socket;
  readonly server: RuntimeServer;
  owner: UpstreamOwner | undefined;

  constructor(socket: Socket, server: RuntimeServer) {
    this.socket = socket;
    this.server = server;
    socket.on('data', (chunk: Buffer) => {
      if (this.owner) this.owner.onUpstreamData(chunk);
      else socket.destroy(); // an idle server must not speak
    });
    socket.on('end', () => this.owner?.onUpstreamEnd());
    socket.on('close', (hadError: boolean) => {
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

  get usable(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }
}
