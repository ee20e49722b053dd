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
import type { AccessLog } from '../stats/exchange-meter.js';
import { countRate, newCounters, startSession, type Counters } from '../stats/counters.js';

/** A connection that can be closed at once when it is between two exchanges. */
export interface IdleClosable {
  closeIfIdle(): void;
}

/** What to do with an accepted connection; call `done` once it is over. */
export type ConnectionHandler = (socket: Socket, done: () => void) => void;

export class RuntimeFrontend {
  readonly config: Proxy;
  readonly counters: Counters = newCounters();
  readonly #limiter: Limiter;
  readonly #global: Limiter;
  readonly #servers: Server[] = [];
  readonly #open = new Set<Socket>();
  #handler: ConnectionHandler | undefined;
  #paused = false;
  /** Sessions to close when idle once a soft stop begins. */
  readonly idle = new Set<IdleClosable>();
  /** Where finished exchanges and connections are logged (`log` lines with a log format), if anywhere. */
  accessLog: AccessLog | undefined = undefined;
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

  /** Connections being served by the whole process (the global maxconn's count): `%ac`, `CurrConns`. */
  get processConnections(): number {
    return this.#global.current;
  }

  /** The process-wide connection limit (global `maxconn`) every frontend shares: `set maxconn global` changes it. */
  get processLimit(): Limiter {
    return this.#global;
  }

  /** The frontend's own connection limit now (0: only the global one): its `maxconn`, until `set maxconn frontend` changes it. */
  get maxconn(): number {
    return this.#limiter.max;
  }

  set maxconn(max: number) {
    this.#limiter.max = max;
  }

  /** Listening sockets closed by an operator (`disable frontend`) until resume(): stats say PAUSED. */
  get paused(): boolean {
    return this.#paused;
  }

  /**
   * `disable frontend` (management guide 9.3): stops accepting — the
   * listening sockets close, so new connections are refused as HAProxy's
   * paused listeners refuse them; established ones go on.
   */
  pause(): void {
    if (this.#paused || this.stopping) return;
    this.#paused = true;
    for (const s of this.#servers) s.close();
    this.#servers.length = 0;
  }

  /** `enable frontend`: listens again on every bind address. */
  async resume(): Promise<void> {
    if (!this.#paused || this.stopping) return;
    this.#paused = false;
    for (const bind of this.config.binds) this.#servers.push(await this.#listenOne(bind));
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
    const c = this.counters;
    c.connTotal++;
    const rate = countRate(c.connRate, Date.now());
    if (rate > c.connRateMax) c.connRateMax = rate;
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
      startSession(this.counters, Date.now());
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
