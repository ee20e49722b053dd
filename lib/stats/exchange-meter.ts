/**
 * The accounting of one HTTP exchange or TCP connection: the session tells
 * the meter what happened and when (request started, backend chosen,
 * server assigned, connected, response head, end), and at the end the meter
 * adds it to the frontend's, backend's and server's counters and hands the
 * filled LogRecord to the frontend's access logger — in one place, so that
 * every output counts the same thing (configuration manual 8.4 timers).
 *
 *   accept ─ idle ─ request head (TR) ─ queue (Tw) ─ connect (Tc) ─ response head (Tr) ─ end
 *          │◄────────────────────────── Ta (from the request's first byte) ─────────────►│
 *   │◄─────────────────────────────── Tt (from accept, or previous end) ─────────────────►│
 *
 * One meter per connection, reset per exchange. The LogRecord is one object
 * per meter, made with the first line logged and refilled for each
 * exchange: the logger must be done with it when log() returns (the
 * contract of lib/log/record.ts).
 */
import type { Socket } from 'node:net';
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer } from '../backend/server.js';
import type { LogRecord } from '../log/record.js';
import type { SampleContext } from '../rules/context.js';
import type { RuntimeFrontend } from '../runtime/frontend.js';
import { addTimes, countRequest, countResponse, startSession } from './counters.js';

/** Where finished exchanges go: the frontend's access log. */
export interface AccessLog {
  /** Log at accept (HAProxy's `Connect from` line of a proxy without a log format), not at the end. */
  readonly atAccept?: boolean;
  /** `rec` is lent for the call: the meter refills it for the next exchange (record.ts). */
  log(rec: LogRecord): void;
}

/** Termination states of the first two characters (manual 8.5). */
export type Termination = `${'-' | 'C' | 'S' | 'P' | 'L' | 'R' | 'I' | 'D' | 'U' | 'K' | 'c' | 's'}${'-' | 'R' | 'Q' | 'C' | 'H' | 'D' | 'L' | 'T'}`;

/** A record with every field the meter writes, in the order it writes them (so that it keeps one hidden class). */
function emptyRecord(): LogRecord {
  return {
    clientIp: '-',
    clientPort: -1,
    frontendIp: '-',
    frontendPort: -1,
    frontend: '',
    backend: '',
    server: '',
    backendSourceIp: '-',
    backendSourcePort: -1,
    serverIp: '-',
    serverPort: -1,
    acceptDate: 0,
    requestDate: 0,
    handshake: 0,
    idle: 0,
    request: -1,
    queue: -1,
    connect: -1,
    response: -1,
    active: -1,
    total: 0,
    status: -1,
    bytesOut: 0,
    bytesIn: 0,
    termination: '----',
    actconn: 0,
    feconn: 0,
    beconn: 0,
    srvconn: 0,
    retries: 0,
    redispatched: false,
    srvQueue: 0,
    backendQueue: 0,
    method: undefined,
    uri: undefined,
    version: undefined,
    capturedRequest: undefined,
    capturedResponse: undefined,
    capturedCookie: undefined,
    capturedSetCookie: undefined,
    uniqueId: undefined,
    requestCounter: undefined,
    ctx: undefined,
    logDate: 0,
    // The format's, kept for the connection (record.ts): never written here.
    logMemo: undefined,
  };
}

function unmapped(ip: string | undefined): string {
  if (ip === undefined) return '-';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export class ExchangeMeter {
  readonly #fe: RuntimeFrontend;
  readonly #client: Socket;
  readonly #log: AccessLog | undefined;
  readonly #http: boolean;
  readonly #accept: number;
  #backend: RuntimeBackend | undefined;
  #server: RuntimeServer | undefined;
  /** When the previous exchange ended (the accept for the first). */
  #since: number;
  #start = -1;
  #head = -1;
  #assigned = -1;
  #connected = -1;
  #response = -1;
  #status = -1;
  /** TCP: the client socket's byte counts when the exchange began. HTTP: the message sizes counted (message-size.ts). */
  #bytesIn = 0;
  #bytesOut = 0;
  #retries = 0;
  #redispatched = false;
  #termination: Termination = '--';
  #cookies = '--';
  #method: string | undefined;
  #uri: string | undefined;
  #version: string | undefined;
  #clientIp: string | undefined;
  /** The connection's addresses, kept: a closed socket no longer knows them. */
  readonly #remoteIp: string;
  readonly #remotePort: number;
  readonly #localIp: string;
  readonly #localPort: number;
  #capturedRequest: (string | undefined)[] | undefined;
  #capturedResponse: (string | undefined)[] | undefined;
  #capturedCookie: string | undefined;
  #capturedSetCookie: string | undefined;
  /** The connection's sample context, for `%[...]` in log-format (set by the session when it has one). */
  #ctx: SampleContext | undefined;
  /** The record handed to the logger, refilled for every exchange (see record.ts: the logger keeps nothing of it). */
  #rec: LogRecord | undefined;

  constructor(fe: RuntimeFrontend, client: Socket, http: boolean, now = Date.now()) {
    this.#fe = fe;
    this.#client = client;
    this.#http = http;
    this.#remoteIp = unmapped(client.remoteAddress);
    this.#remotePort = client.remotePort ?? 0;
    this.#localIp = unmapped(client.localAddress);
    this.#localPort = client.localPort ?? 0;
    this.#accept = now;
    this.#since = now;
    const log = fe.accessLog;
    if (log?.atAccept) log.log(this.#record(now, -1, -1, -1, -1, 0, 0, 0));
    this.#log = log?.atAccept ? undefined : log;
  }

  /** The first byte of a request arrived (HTTP), or the connection was accepted (TCP). */
  begin(now: number): void {
    if (this.#start >= 0) return;
    this.#start = now;
  }

  get started(): boolean {
    return this.#start >= 0;
  }

  /** The request head is complete: counted as a request of the frontend. */
  request(now: number, method: string, uri: string, version: string): void {
    this.begin(now);
    this.#head = now;
    this.#method = method;
    this.#uri = uri;
    this.#version = version;
    countRequest(this.#fe.counters, now);
  }

  /** What `capture request header` / `capture cookie` kept of the request (`%hr`, `%CC`). */
  captureRequest(headers: (string | undefined)[] | undefined, cookie: string | undefined): void {
    this.#capturedRequest = headers;
    this.#capturedCookie = cookie;
  }

  /** What `capture response header` / `capture cookie` kept of the response (`%hs`, `%CS`). */
  captureResponse(headers: (string | undefined)[] | undefined, cookie: string | undefined): void {
    this.#capturedResponse = headers;
    this.#capturedSetCookie = cookie;
  }

  /** The sample context `%[...]` in the log format reads. */
  set context(ctx: SampleContext | undefined) {
    this.#ctx = ctx;
  }

  /** set-src changed the client's address (logs show the new one). */
  set clientIp(ip: string) {
    this.#clientIp = ip;
  }

  /** The exchange goes to `be`: a session of the backend (scur, stot, rate). */
  backend(be: RuntimeBackend, now: number): void {
    this.#backend = be;
    const c = be.counters;
    startSession(c, now);
    c.lastSession = now;
    if (this.#http) countRequest(c, now);
  }

  /** A server was assigned (after any queue). */
  assigned(server: RuntimeServer, now: number): void {
    this.#server = server;
    this.#assigned = now;
  }

  /** Connected to `server` (or took an idle connection, `reused`): a session of the server. */
  connected(server: RuntimeServer, now: number, reused: boolean, retries: number, redispatched: boolean): void {
    this.#server = server;
    if (this.#assigned < 0) this.#assigned = now;
    this.#connected = now;
    this.#retries = retries;
    this.#redispatched = redispatched;
    // A new connection was counted by each attempt (backend/connect.ts); a reused one counts here.
    const c = server.counters;
    if (c.current > c.max) c.max = c.current;
    if (this.#http) countRequest(c, now);
    if (reused) {
      c.total++;
      c.lastSession = now;
      c.reuses++;
      const be = this.#backend;
      if (be) be.counters.reuses++;
    }
  }

  /** The final response head from the server. */
  response(status: number, now: number): void {
    this.#response = now;
    this.#status = status;
    const s = this.#server;
    if (s) countResponse(s.counters, status);
  }

  /** tslb answered itself (error page, `return`, redirect, stats page): the status sent, `intercepted` for the proxy's own answers. */
  answered(status: number, intercepted: boolean): void {
    this.#status = status;
    // Counted when answered (a scrape sees itself), as HAProxy does.
    if (intercepted) this.#fe.counters.intercepted++;
  }

  /** How it ended, when not normally (manual 8.5); the first one set wins. */
  terminate(t: Termination): void {
    if (this.#termination === '--') this.#termination = t;
  }

  /** The request and response persistence-cookie characters (manual 8.5, 3rd and 4th). */
  set cookies(flags: string) {
    this.#cookies = flags;
  }

  /**
   * The exchange is over: counters, then the access log. `server` is the
   * server that served it, if any.
   */
  end(now: number): void {
    if (this.#start < 0) this.begin(this.#since);
    const fe = this.#fe;
    const be = this.#backend;
    const server = this.#server;
    const status = this.#status;
    // HTTP: the messages' sizes as HAProxy counts them; TCP: the bytes on the wire.
    const bytesIn = this.#http ? this.#bytesIn : this.#client.bytesRead - this.#bytesIn;
    const bytesOut = this.#http ? this.#bytesOut : this.#client.bytesWritten - this.#bytesOut;
    fe.counters.bytesIn += bytesIn;
    fe.counters.bytesOut += bytesOut;
    if (this.#http && status >= 0) countResponse(fe.counters, status);
    const start = this.#start;
    const tr = this.#head >= 0 ? this.#head - start : -1;
    const queue = this.#assigned >= 0 && this.#head >= 0 ? this.#assigned - this.#head : this.#assigned >= 0 ? this.#assigned - start : -1;
    const connect = this.#connected >= 0 && this.#assigned >= 0 ? this.#connected - this.#assigned : -1;
    const response = this.#response >= 0 && this.#connected >= 0 ? this.#response - this.#connected : -1;
    const total = now - this.#since;
    if (be) {
      const c = be.counters;
      c.current--;
      c.bytesIn += bytesIn;
      c.bytesOut += bytesOut;
      if (this.#http && status >= 0) countResponse(c, status);
      if (connect >= 0) {
        const data = response >= 0 ? response : 0;
        const samples = this.#http ? c.requests : c.lbTotal;
        addTimes(c, samples, Math.max(0, queue), connect, this.#http ? data : connect, total);
        if (server) {
          const sc = server.counters;
          addTimes(sc, this.#http ? sc.requests : sc.lbTotal, Math.max(0, queue), connect, this.#http ? data : connect, total);
        }
      }
    }
    if (server) {
      server.counters.bytesIn += bytesIn;
      server.counters.bytesOut += bytesOut;
    }
    const log = this.#log;
    if (log) log.log(this.#record(now, tr, queue, connect, response, total, bytesIn, bytesOut));
    this.#reset(now);
  }

  #record(now: number, tr: number, queue: number, connect: number, response: number, total: number, bytesIn: number, bytesOut: number): LogRecord {
    const fe = this.#fe;
    const be = this.#backend;
    const server = this.#server;
    const start = this.#start;
    const target = server?.config.address;
    // Every field is written every time, in the same order: one shape, nothing left from the previous exchange.
    const rec = (this.#rec ??= emptyRecord());
    rec.clientIp = this.#clientIp ?? this.#remoteIp;
    rec.clientPort = this.#remotePort;
    rec.frontendIp = this.#localIp;
    rec.frontendPort = this.#localPort;
    rec.frontend = fe.name;
    rec.backend = be?.name ?? fe.name;
    rec.server = server?.name ?? '<NOSRV>';
    rec.backendSourceIp = '-';
    rec.backendSourcePort = -1;
    rec.serverIp = target?.kind === 'inet' ? target.host : target ? 'unix' : '-';
    rec.serverPort = target?.kind === 'inet' && target.port.kind === 'fixed' ? target.port.value : -1;
    rec.acceptDate = this.#accept;
    rec.requestDate = start;
    rec.handshake = 0;
    rec.idle = start - this.#since;
    rec.request = tr;
    rec.queue = queue;
    rec.connect = connect;
    rec.response = response;
    rec.active = now - start;
    rec.total = total;
    rec.status = this.#status;
    rec.bytesOut = bytesOut;
    rec.bytesIn = bytesIn;
    rec.termination = this.#termination + this.#cookies;
    rec.actconn = fe.processConnections;
    rec.feconn = fe.counters.current;
    rec.beconn = be?.counters.current ?? 0;
    rec.srvconn = server?.counters.current ?? 0;
    rec.retries = this.#retries;
    rec.redispatched = this.#redispatched;
    rec.srvQueue = 0;
    rec.backendQueue = 0;
    rec.method = this.#method;
    rec.uri = this.#uri;
    rec.version = this.#version;
    rec.capturedRequest = this.#capturedRequest;
    rec.capturedResponse = this.#capturedResponse;
    rec.capturedCookie = this.#capturedCookie;
    rec.capturedSetCookie = this.#capturedSetCookie;
    rec.ctx = this.#ctx;
    rec.logDate = now;
    return rec;
  }

  /** HTTP: the counted size of (part of) the request, and of the response (lib/http/message-size.ts). */
  addIn(n: number): void {
    this.#bytesIn += n;
  }

  addOut(n: number): void {
    this.#bytesOut += n;
  }

  /** The connection closed: in TCP mode, bytes not counted with an exchange go to the frontend. */
  closed(): void {
    if (this.#http) return;
    const c = this.#fe.counters;
    c.bytesIn += this.#client.bytesRead - this.#bytesIn;
    c.bytesOut += this.#client.bytesWritten - this.#bytesOut;
    this.#bytesIn = this.#client.bytesRead;
    this.#bytesOut = this.#client.bytesWritten;
  }

  #reset(now: number): void {
    this.#bytesIn = this.#http ? 0 : this.#client.bytesRead;
    this.#bytesOut = this.#http ? 0 : this.#client.bytesWritten;
    this.#since = now;
    this.#start = -1;
    this.#head = -1;
    this.#assigned = -1;
    this.#connected = -1;
    this.#response = -1;
    this.#status = -1;
    this.#retries = 0;
    this.#redispatched = false;
    this.#termination = '--';
    this.#cookies = '--';
    this.#backend = undefined;
    this.#server = undefined;
    this.#method = undefined;
    this.#uri = undefined;
    this.#version = undefined;
    this.#capturedRequest = undefined;
    this.#capturedResponse = undefined;
    this.#capturedCookie = undefined;
    this.#capturedSetCookie = undefined;
  }
}
