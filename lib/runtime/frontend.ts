/**
 * A frontend (or the frontend side of a listen section) at run time: its
 * listening sockets — one `net.Server` per bind address — its connection
 * limit, its counters, and where its connections go.
 */
import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Bind } from '../config/model/bind.js';
import type { Proxy } from '../config/model/proxy.js';
import { Limiter } from './limiter.js';

export interface FrontendCounters {
  /** Connections accepted (cum). */
  total: number;
  /** Connections being served (scur). */
  current: number;
  bytesIn: number;
  bytesOut: number;
}

/** A connection that can be closed at once when it is between two exchanges. */
export interface IdleClosable {
  closeIfIdle(): void;
}

/** What to do with an accepted connection; call `done` once it is over. */
export type ConnectionHandler = (socket: Socket, done: () => void) => void;

export class RuntimeFrontend {
  readonly config: Proxy;
  readonly counters: FrontendCounters = { total: 0, current: 0, bytesIn: 0, bytesOut: 0 };
  readonly #limiter: Limiter;
  readonly #global: Limiter;
  readonly #servers: Server[] = [];
  readonly #open = new Set<Socket>();
  #handler: ConnectionHandler | undefined;
  /** Sessions to close when idle once a soft stop begins. */
  readonly idle = new Set<IdleClosable>();
  /** A soft stop is under way: no keep-alive after the exchange in progress. */
  stopping = false;

  constructor(config: Proxy, global: Limiter) {
    this.config = config;
    this.#global = global;
    this.#limiter = new Limiter(config.maxconn);
  }

  get name(): string {
    return this.config.name;
  }

  /** Connections accepted and not yet closed, served or waiting for a slot. */
  get openConnections(): number {
    return this.#open.size;
  }

  /** Opens every listening socket of the frontend. */
  async listen(handler: ConnectionHandler): Promise<void> {
    this.#handler = handler;
    for (const bind of this.config.binds) this.#servers.push(await this.#listenOne(bind));
  }

  #listenOne(bind: Bind): Promise<Server> {
    // Paused until a connection slot is free (maxconn) and its handler runs;
    // half-open so that a client's FIN does not end our side (TCP mode).
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (socket) => this.#accept(socket));
    const a = bind.address;
    const backlog = bind.backlog ?? this.config.backlog ?? (this.config.maxconn > 0 ? this.config.maxconn : 511);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      const ready = (): void => {
        server.off('error', reject);
        server.on('error', () => {});
        if (a.kind === 'unix' && bind.unixMode !== undefined) chmodSync(a.path, bind.unixMode);
        resolve(server);
      };
      if (a.kind === 'unix') {
        server.listen({ path: a.path, backlog }, ready);
      } else {
        const host = a.host !== '' ? a.host : a.family === 'ipv6' ? '::' : '0.0.0.0';
        server.listen({ host, port: a.port, backlog, ipv6Only: a.family === 'ipv6' && host === '::' ? !bind.v4v6 : false }, ready);
      }
    });
  }

  #accept(socket: Socket): void {
    this.#open.add(socket);
    this.counters.total++;
    let started = false;
    let releasedGlobal = false;
    const onEarlyClose = (): void => {
      if (!started) {
        this.#global.cancel(takeGlobal);
        this.#limiter.cancel(start);
        if (releasedGlobal) this.#global.release();
      }
      this.#open.delete(socket);
    };
    const start = (): void => {
      started = true;
      this.counters.current++;
      socket.off('close', onEarlyClose);
      if (socket.destroyed) {
        this.#end(socket);
        return;
      }
      (this.#handler as ConnectionHandler)(socket, () => this.#end(socket));
    };
    const takeGlobal = (): void => {
      releasedGlobal = true;
      this.#limiter.acquire(start);
    };
    socket.on('close', onEarlyClose);
    socket.on('error', () => {});
    this.#global.acquire(takeGlobal);
  }

  #end(socket: Socket): void {
    this.counters.current--;
    this.#open.delete(socket);
    this.#limiter.release();
    this.#global.release();
  }

  /** Stops accepting new connections; established ones go on. */
  async stopListening(): Promise<void> {
    this.stopping = true;
    for (const s of this.idle) s.closeIfIdle();
    // close() stops accepting at once; its callback would wait for every
    // connection to end, which is the caller's business (hard-stop-after).
    for (const s of this.#servers) s.close();
    this.#servers.length = 0;
  }

  /** Ends every connection at once. */
  destroyAll(): void {
    for (const s of this.#open) s.destroy();
  }

  /** The addresses actually bound (useful when a bind asked for port 0). */
  addresses(): (string | { port: number; address: string })[] {
    return this.#servers.map((s) => {
      const a = s.address();
      return typeof a === 'string' || a === null ? String(a) : { port: a.port, address: a.address };
    });
  }
}
