/**
 * One client connection in HTTP mode: requests are read one after the other
 * (pipelined ones wait their turn), each is answered by tslb itself
 * (`http-request return`, error pages) or forwarded to a server, and the
 * response is streamed back with backpressure both ways.
 *
 *   head ──► monitor-uri, rules (HttpEngine) ──► tslb's answer?
 *     │
 *     ▼
 *   server (kept connection, pool, or connect with retries) ──► 503
 *     │ request head + body ──►
 *     ◄── response head (1xx passed on; 101 → tunnel) ──► 502 / 504
 *     ◄── response body (length | chunked | until close)
 *     ▼
 *   done: keep or close each side per the connection mode, next request
 *
 * Connection modes (manual 4 "HTTP connection modes"): the stronger of the
 * frontend's and the backend's — keep-alive < server-close < close.
 * Callbacks and plain state only: no promise per request or per chunk.
 */
import { BlockList, isIPv6, type Socket } from 'node:net';
import type { DispatchFailure, RuntimeBackend } from '../backend/backend.js';
import { connectToServer } from '../backend/connect.js';
import { ReadBuffer } from '../net/read-buffer.js';
import { Upstream, type UpstreamOwner } from '../backend/upstream.js';
import type { RuntimeServer, ServerStream } from '../backend/server.js';
import type { Tune } from '../config/model/global.js';
import type { HttpConnectionMode, Proxy } from '../config/model/proxy.js';
import type { IdleClosable, RuntimeFrontend } from '../runtime/frontend.js';
import { ErrorPages, PARSER_400, PARSER_408, type ErrorPage } from './error-pages.js';
import type { PersistState } from '../persistence/cookie-persistence.js';
import type { StickState } from '../persistence/stick-persistence.js';
import { clientWantsKeepAlive, headWithBody, requestHeadBytes, responseHeadBytes, responseHeadText, withoutDefaultPort, type ResponseEdit } from './forward.js';
import { ChunkedParser, parseRequestHead, parseResponseHead, type BodyFraming, type HeaderField, type HeadLimits, type RequestHead, type ResponseHead } from './parser.js';
import type { Reply } from './replies.js';
import type { Monitor } from './monitor.js';
import type { HttpEngine } from '../rules/http-engine.js';
import type { ResponseRules } from '../rules/http-response-rules.js';
import { HttpResponseState } from '../rules/http-response-state.js';
import type { RequestVerdict } from '../rules/http-request-rules.js';
import type { SampleContext } from '../rules/context.js';
import { ExchangeMeter } from '../stats/exchange-meter.js';
import { countRequest } from '../stats/counters.js';
import { Captures } from '../log/captures.js';
import { bodySize, generatedSize, pageSize, requestHeadSize, responseHeadSize } from './message-size.js';
import type { StatsPage } from '../stats/page/service.js';

/** Up to this many first body bytes are copied behind the response head (one write); more go by writev. */
const JOIN_BODY_MAX = 16 * 1024;

const MODE_RANK: Readonly<Record<HttpConnectionMode, number>> = { 'keep-alive': 0, 'server-close': 1, close: 2 };

/** What a frontend/backend pair needs at run time, computed once per pair. */
export interface HttpPlan {
  readonly backend: RuntimeBackend | undefined;
  /** The stronger of the frontend's and the backend's modes: decides the server side. */
  readonly mode: HttpConnectionMode;
  /**
   * The client side closes after each response only when the frontend says
   * `option httpclose` — what HAProxy 2.6 does, although the manual's matrix
   * suggests a backend's httpclose would close it too (verified on loopback).
   */
  readonly closeClient: boolean;
  readonly limits: HeadLimits;
  readonly pages: ErrorPages;
  readonly forwardFor: { readonly header: string; readonly ifNone: boolean; readonly except: BlockList | undefined } | undefined;
  readonly reuseFirst: boolean;
  /**
   * The frontend's rules and the plan of each backend they may choose
   * (undefined: no rules, `backend` is the only one). The other fields are
   * those of the default backend.
   */
  readonly routing: { readonly engine: HttpEngine; readonly plans: ReadonlyMap<RuntimeBackend, HttpPlan> } | undefined;
  /** The frontend's `monitor-uri`, answered before any rule. */
  readonly monitor?: Monitor | undefined;
  /** The stats page of the frontend, or else of the backend (`stats enable`). */
  readonly stats?: StatsPage | undefined;
  /** What `use-service prometheus-exporter` answers with. */
  readonly metrics?: MetricsService | undefined;
  /** The frontend's `capture` lines, for its access log. */
  readonly captures?: Captures | undefined;
}

/** The Prometheus exporter as a session uses it: the body's pieces for a query, or undefined for a refused query (400). */
export type MetricsService = (query: string) => AsyncIterable<string> | undefined;

function exceptList(network: string | undefined): BlockList | undefined {
  if (network === undefined) return undefined;
  const list = new BlockList();
  const [addr, bits] = network.split('/') as [string, string | undefined];
  const type = isIPv6(addr) ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(addr, type);
  else if (/^\d+$/.test(bits)) list.addSubnet(addr, Number(bits), type);
  else list.addSubnet(addr, bits.split('.').reduce((n, o) => n + (Number(o).toString(2).match(/1/g)?.length ?? 0), 0), type);
  return list;
}

/** Everything the sessions of a frontend need, computed once at start-up. */
export function createHttpPlan(
  fe: RuntimeFrontend,
  backend: RuntimeBackend | undefined,
  tune: Tune,
  engine?: HttpEngine,
  backends: Iterable<RuntimeBackend> = [],
  pages: ReadonlyMap<string, StatsPage> = new Map(),
  metrics?: MetricsService,
): HttpPlan {
  const p: Proxy = fe.config;
  const be: Proxy | undefined = backend?.config;
  const mode = be && MODE_RANK[be.httpConnectionMode] > MODE_RANK[p.httpConnectionMode] ? be.httpConnectionMode : p.httpConnectionMode;
  // bufsize - maxrewrite bounds a head, tune.http.maxhdr its lines (HAProxy: 16384 - 1024 and 101).
  const limits: HeadLimits = { maxHeadSize: tune.bufsize - tune.maxrewrite, maxHeaders: tune.httpMaxhdr };
  const ff = be?.forwardFor ?? p.forwardFor;
  return {
    backend,
    mode,
    closeClient: p.httpConnectionMode === 'close',
    limits,
    pages: new ErrorPages(p.errorFiles),
    forwardFor: ff && { header: ff.header.toLowerCase(), ifNone: ff.ifNone, except: exceptList(ff.except) },
    reuseFirst: be?.httpReuse === 'aggressive' || be?.httpReuse === 'always',
    routing: engine && { engine, plans: new Map([...backends].map((b) => [b, createHttpPlan(fe, b, tune, undefined, [], pages, metrics)])) },
    stats: pages.get(p.name) ?? (be ? pages.get(be.name) : undefined),
    metrics,
    captures: p.captures.length > 0 ? new Captures(p.captures) : undefined,
  };
}

function clientAddress(socket: Socket): string {
  const a = socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

type Body = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked'; parser: ChunkedParser } | { kind: 'close' };

function bodyOf(framing: RequestHead['body'] | ResponseHead['body'], limits: HeadLimits): Body {
  switch (framing.kind) {
    case 'length':
      return framing.length > 0 ? { kind: 'length', left: framing.length } : { kind: 'none' };
    case 'chunked':
      return { kind: 'chunked', parser: new ChunkedParser(limits) };
    case 'close':
      return { kind: 'close' };
    default:
      return { kind: 'none' };
  }
}

/** Consumes body bytes from `chunk`; returns how many belong to the body and whether it is complete, or an error. */
function consume(body: Body, chunk: Buffer): { used: number; done: boolean } | undefined {
  switch (body.kind) {
    case 'none':
      return { used: 0, done: true };
    case 'length': {
      const used = Math.min(body.left, chunk.length);
      body.left -= used;
      return { used, done: body.left === 0 };
    }
    case 'chunked': {
      const r = body.parser.push(chunk);
      if ('error' in r) return undefined;
      return { used: r.used, done: body.parser.done };
    }
    case 'close':
      return { used: chunk.length, done: false };
  }
}

class HttpSession implements UpstreamOwner, IdleClosable, ServerStream {
  readonly #client: Socket;
  readonly #fe: RuntimeFrontend;
  /** The plan of the backend serving the current request; #fePlan until rules choose one. */
  #plan: HttpPlan;
  readonly #fePlan: HttpPlan;
  /** Rules' view of the connection and its current request (frontends with rules only). */
  #ctx: SampleContext | undefined;
  readonly #done: () => void;
  /** Client bytes not consumed yet (the next head, pipelined requests). */
  #pending: Buffer | undefined;
  #requests = 0;
  #closed = false;
  /** The head timer (see #armHeadTimer): one Timeout per connection, re-armed with refresh(). */
  #timer: NodeJS.Timeout | undefined;
  #timerMs = 0;
  /** False when the head timer must not act even if its Timeout fires. */
  #timerArmed = false;

  // The exchange in progress.
  #req: RequestHead | undefined;
  #reqBody: Body = { kind: 'none' };
  #reqDone = true;
  /** Request body bytes already accounted for, waiting for the server connection. */
  #bodyWaiting: Buffer[] = [];
  #up: Upstream | undefined;
  /** The server assigned to the exchange (counted in its scur), until #releaseServer(). */
  #server: RuntimeServer | undefined;
  /** What the request's persistence cookie said (backends with a `cookie` line only). */
  #persist: PersistState | undefined;
  /** What stick tables said of the request (backends with stick rules only), until stored. */
  #stick: StickState | undefined;
  /** The same once stored, for the store-response rules (which skip its tables). */
  #stickRequest: StickState | undefined;
  /** The server use-server, a cookie or a stick table sent the request to. */
  #direct: RuntimeServer | undefined;
  /** ignore-persist held for the request: no persistence cookie is inserted. */
  #ignorePersist = false;
  /** Stops waiting in the queue or connecting (and releases the server then). */
  #cancelConnect: (() => void) | undefined;
  #outHead: Buffer | undefined;
  #respPending: Buffer | undefined;
  #resp: ResponseHead | undefined;
  #respBody: Body = { kind: 'none' };
  #respStarted = false;
  /** The response is complete but the request body is not: it is still forwarded (or dropped if the server left). */
  #respComplete = false;
  #keepClient = false;
  #keepServer = false;
  #tunnel = false;
  /** Counters and the access log of each exchange. */
  readonly #meter: ExchangeMeter;
  /** A request body read for tslb itself (the stats page's admin form), and what to do with it. */
  #collect: { parts: Buffer[]; then: (body: Buffer) => void } | undefined;
  /** The connection's bad first request was counted already. */
  #answeredBad = false;

  constructor(client: Socket, fe: RuntimeFrontend, plan: HttpPlan, done: () => void, ctx: SampleContext | undefined) {
    this.#client = client;
    this.#ctx = ctx;
    this.#fe = fe;
    this.#plan = plan;
    this.#fePlan = plan;
    this.#done = done;
    this.#meter = new ExchangeMeter(fe, client, true);
    this.#meter.context = ctx;
    client.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.#onClientData(chunk));
    client.on('end', () => this.#onClientEnd());
    client.on('close', () => this.#onClientClose());
    client.on('drain', () => this.#up?.socket.resume());
    client.on('error', () => {});
    // `timeout client`, armed once for the whole connection (Node re-arms it
    // on every read and write). Between exchanges the head timer decides.
    client.setTimeout(fe.config.timeouts.client ?? 0);
    client.on('timeout', () => {
      if (this.#tunnel && this.#plan.backend?.config.timeouts.tunnel === undefined) {
        // A tunnel without `timeout tunnel`: HAProxy stops reading from the
        // idle client and passes a FIN to the server; the server side goes on.
        client.pause();
        this.#up?.socket.end();
      } else if (this.#req || this.#tunnel) {
        this.#meter.terminate(this.#respStarted || this.#tunnel ? 'cD' : 'cR');
        client.destroy();
      }
    });
    fe.idle.add(this);
    this.#armHeadTimer(true);
    client.resume();
  }

  // --- client side ---------------------------------------------------------

  #onClientData(chunk: Buffer): void {
    if (this.#tunnel) {
      if (this.#up && !this.#up.socket.write(chunk)) this.#client.pause();
      return;
    }
    if (this.#req && !this.#reqDone) {
      this.#forwardRequestBody(chunk);
      return;
    }
    if (!this.#req && !this.#meter.started) this.#meter.begin(Date.now());
    this.#pending = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    if (this.#req) {
      // A pipelined request: it waits until the current response is complete.
      this.#client.pause();
      return;
    }
    this.#nextRequest();
  }

  #onClientEnd(): void {
    this.#keepClient = false;
    if (this.#tunnel) {
      // Passed on to the server, which then has `timeout server-fin` to end its side (as HAProxy).
      const up = this.#up;
      const serverFin = this.#plan.backend?.config.timeouts.serverFin;
      if (up && serverFin !== undefined) up.setTimeout(serverFin);
      up?.socket.end();
      return;
    }
    // Between exchanges, or with a request that can no longer be completed,
    // or with `option abortonclose`: end now. Otherwise the client only
    // half-closed (legal in HTTP/1.1) and the response is still delivered.
    const abortOnClose = this.#plan.backend?.config.flags.abortonclose === true && !this.#respStarted;
    if (!this.#req) this.#close();
    else if (!this.#reqDone || abortOnClose) {
      this.#meter.terminate(this.#server ? 'CD' : 'CR');
      this.#detachUpstream(false);
      this.#cancelConnect?.();
      this.#client.destroy();
    }
  }

  #onClientClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fe.idle.delete(this);
    this.#timerArmed = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#cancelConnect?.();
    if (this.#req || this.#tunnel) {
      // Cut in the middle of an exchange: counted and logged as it stands.
      if (!this.#tunnel) this.#meter.terminate(this.#respStarted ? 'CD' : this.#server ? 'CH' : 'CR');
      this.#countAborts();
    }
    if (this.#up) this.#up.socket.destroy();
    this.#releaseServer();
    if (this.#req || this.#tunnel) this.#meter.end(Date.now());
    // A first request that never came (the client closed first): HAProxy counts a bad request, answered 400 (unsent).
    else if (this.#requests === 0 && !this.#answeredBad) this.#badRequest(400, 'CR');
    // What the connection tracked stops with it (the runtime does the same for what its layer-4 rules tracked).
    const stick = this.#ctx?.stick;
    if (stick) {
      stick.traffic(this.#client.bytesRead, this.#client.bytesWritten);
      stick.stop('session');
    }
    this.#meter.closed();
    this.#done();
  }

  /** Its server went DOWN or a backup server gave way (on-marked-down / on-marked-up): both connections close. */
  shutdown(): void {
    this.#up?.socket.destroy();
    this.#client.destroy();
  }

  /** Soft stop: a connection between exchanges is closed now. */
  closeIfIdle(): void {
    if (!this.#req && (this.#pending === undefined || this.#pending.length === 0)) this.#close();
  }

  #close(): void {
    if (this.#closed) return;
    this.#client.end();
    this.#client.destroySoon();
  }

  /**
   * Waiting for a request head: `timeout http-request` once a byte came
   * (408), before that `timeout http-keep-alive` between requests (silent
   * close); each falls back as in HAProxy, finally to `timeout client`.
   */
  #armHeadTimer(first: boolean): void {
    const t = this.#fe.config.timeouts;
    const started = this.#pending !== undefined && this.#pending.length > 0;
    const ms = started || first ? (t.httpRequest ?? t.client) : (t.httpKeepAlive ?? t.httpRequest ?? t.client);
    this.#timerArmed = ms !== undefined && ms > 0;
    if (ms === undefined || ms === 0) return;
    // Allocating a Timeout per request shows in profiles; refresh() re-arms the same one.
    if (this.#timer && this.#timerMs === ms) {
      this.#timer.refresh();
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerMs = ms;
    this.#timer = setTimeout(() => this.#onHeadTimeout(), ms);
  }

  #onHeadTimeout(): void {
    if (!this.#timerArmed || this.#req) return;
    this.#timerArmed = false;
    // A first request that did not arrive in time gets HAProxy's raw 408
    // (errorfile 408 does not apply); later ones, and silence, a quiet close.
    if (this.#requests === 0 && this.#pending !== undefined && this.#pending.length > 0) {
      this.#client.write(PARSER_408);
      this.#badRequest(408, 'cR');
      this.#close();
    } else {
      this.#client.destroy();
    }
  }

  #nextRequest(): void {
    const pending = this.#pending;
    if (!pending || pending.length === 0) return;
    const r = parseRequestHead(pending, this.#plan.limits);
    if (r.kind === 'incomplete') {
      if (!this.#timerArmed) this.#armHeadTimer(false);
      return;
    }
    this.#timerArmed = false;
    if (r.kind === 'error') {
      // A bad request counts as a request and a client error.
      this.#ctx?.stick?.httpRequest();
      this.#ctx?.stick?.httpError();
      this.#client.write(PARSER_400);
      this.#badRequest(400, 'PR');
      this.#close();
      return;
    }
    const head = r.head;
    this.#pending = pending.length > head.headLength ? pending.subarray(head.headLength) : undefined;
    this.#requests++;
    this.#startExchange(head);
  }

  // --- one exchange ----------------------------------------------------------

  #startExchange(received: RequestHead): void {
    this.#meter.request(Date.now(), received.method, received.target, received.minor === 1 ? 'HTTP/1.1' : 'HTTP/1.0');
    this.#meter.addIn(requestHeadSize(received));
    const captures = this.#fePlan.captures;
    if (captures) {
      this.#meter.captureRequest(captures.requestHeaders(received.headers), captures.requestCookie(received.headers));
      // Empty until a server answers (HAProxy prints `{}` for a response of its own).
      this.#meter.captureResponse(captures.responseHeaders([]), undefined);
    }
    // Without rules, the request counts here on what the connection tracks (the engine counts it after tcp-request content rules).
    if (!this.#fePlan.routing) this.#ctx?.stick?.httpRequest();
    const monitor = this.#fePlan.monitor;
    if (monitor?.asks(received)) {
      this.#monitorExchange(monitor, received);
      return;
    }
    let head = received;
    let verdict: RequestVerdict | undefined;
    const routing = this.#fePlan.routing;
    if (routing) {
      const ctx = (this.#ctx ??= routing.engine.context(this.#client));
      const routed = routing.engine.route(ctx, received);
      head = routed.head;
      verdict = routed.verdict;
      this.#plan = (routed.backend && routing.plans.get(routed.backend)) || { ...this.#fePlan, backend: undefined };
    } else if (this.#ctx) {
      // No rules, but stick tables read the request.
      this.#ctx.startRequest(received);
      this.#ctx.backend = this.#plan.backend;
    }
    const plan = this.#plan;
    // The rules' context, if they made one, is what `%[...]` in the access log reads.
    this.#meter.context = this.#ctx;
    this.#req = head;
    this.#reqBody = bodyOf(head.body, this.#plan.limits);
    this.#reqDone = this.#reqBody.kind === 'none';
    // During a soft stop the last response says `connection: close`.
    this.#keepClient = !plan.closeClient && !this.#fe.stopping && clientWantsKeepAlive(head);

    // Body bytes that came with the head are accounted for now; what follows
    // the body (a pipelined request) stays in #pending.
    const rest = this.#pending;
    this.#pending = undefined;
    if (rest && !this.#reqDone) this.#forwardRequestBody(rest);
    else if (rest) this.#pending = rest;
    if (verdict !== undefined && verdict !== 'allow') {
      this.#countVerdict(verdict);
      if ('tarpit' in verdict) {
        this.#tarpit(verdict.tarpit.ms, verdict.tarpit.then);
        return;
      }
      if ('page' in verdict) this.#answerPage(verdict.page);
      else if ('reply' in verdict) this.#reply(verdict.reply);
      else if ('service' in verdict) this.#serviceExchange(head);
      // A tcp-request content reject closes the connection without an answer (silent-drop: with a reset).
      else if (verdict.close === 'silent-drop') this.#client.resetAndDestroy();
      else this.#client.destroy();
      return;
    }
    const stats = plan.stats;
    if (stats?.asks(head)) {
      this.#statsExchange(stats, head);
      return;
    }
    const backend = plan.backend;
    if (!backend) {
      this.#meter.terminate('SC');
      this.#answerPage(503);
      return;
    }
    this.#meter.backend(backend, Date.now());
    this.#keepServer = plan.mode === 'keep-alive';
    // Cookie persistence may name the server and change the Cookie lines forwarded.
    // force-persist / ignore-persist decide for this request how persistence treats stopped servers and the cookie.
    const decision = backend.persistRules && this.#ctx ? backend.persistRules.decide(this.#ctx) : undefined;
    const force = decision === 'force';
    this.#ignorePersist = decision === 'ignore';
    const persist = backend.cookies ? backend.cookies.onRequest(head, decision) : undefined;
    this.#persist = persist;
    this.#outHead = this.#buildRequestHead(head, persist?.headers);
    // use-server rules first, then the cookie, then stick tables; the server that serves is stored (#attach).
    const ruled = backend.serverRules && this.#ctx ? backend.serverRules.pick(this.#ctx, force) : undefined;
    const stick = backend.sticking && this.#ctx ? backend.sticking.onRequest(this.#ctx, ruled !== undefined || persist?.server !== undefined, force) : undefined;
    this.#stick = stick;
    this.#stickRequest = undefined;
    this.#direct = ruled ?? persist?.server ?? stick?.server;
    const target = this.#direct;
    const ctx = { clientAddress: this.#ctx?.replacedSource ?? this.#client.remoteAddress, request: head };
    const onServer = this.#onServer;
    const waiting = target ? backend.dispatchTo(target, ctx, onServer) : backend.dispatch(ctx, onServer);
    // Queued: leaving (or abortonclose) cancels the wait. Served at once: #connect set its own cancel.
    if (waiting) this.#cancelConnect = waiting;
  }

  /** `http-request tarpit`: the answer after `ms`, unless the client left meanwhile. */
  #tarpit(ms: number, then: { readonly page: number } | { readonly reply: Reply }): void {
    const timer = setTimeout(() => {
      this.#client.off('close', cancel);
      if ('page' in then) this.#answerPage(then.page);
      else this.#reply(then.reply);
    }, ms);
    const cancel = (): void => clearTimeout(timer);
    this.#client.once('close', cancel);
  }

  /** The stats page answers; the admin form's POST is read whole first (bodies of other methods are dropped). */
  #statsExchange(stats: StatsPage, head: RequestHead): void {
    this.#meter.terminate('LR');
    if (stats.conditional) this.#ctx ??= this.#fePlan.routing?.engine.context(this.#client);
    const answer = (body?: Buffer): void => {
      const reply = stats.answer(head, this.#ctx, body);
      this.#reply(reply);
    };
    const arrived = this.#bodyWaiting;
    this.#bodyWaiting = [];
    if (!stats.wantsBody(head)) answer();
    else if (this.#reqDone) answer(Buffer.concat(arrived));
    else {
      this.#collect = { parts: arrived, then: answer };
      this.#client.resume();
    }
  }

  /**
   * `use-service prometheus-exporter`: the metrics, chunked, written a piece
   * at a time so that other connections are served meanwhile (HAProxy's
   * headers: cache-control, content-type, transfer-encoding).
   */
  #serviceExchange(head: RequestHead): void {
    const q = head.target.indexOf('?');
    const pieces = this.#plan.metrics?.(q < 0 ? '' : head.target.slice(q + 1));
    if (!pieces) {
      this.#answerPage(400);
      return;
    }
    this.#meter.answered(200, true);
    this.#meter.addOut(generatedSize('HTTP/1.1 200 OK\r\ncache-control: no-cache\r\ncontent-type: text/plain; version=0.0.4\r\ntransfer-encoding: chunked', 0) + 1);
    const connection = this.#keepClient ? (head.minor === 0 ? 'connection: keep-alive\r\n' : '') : 'connection: close\r\n';
    const client = this.#client;
    client.write(`HTTP/1.1 200 OK\r\ncache-control: no-cache\r\ncontent-type: text/plain; version=0.0.4\r\ntransfer-encoding: chunked\r\n${connection}\r\n`);
    void (async () => {
      for await (const piece of pieces) {
        if (this.#closed) return;
        const bytes = Buffer.from(piece, 'utf8');
        this.#meter.addOut(bytes.length);
        client.write(`${bytes.length.toString(16)}\r\n`);
        client.write(bytes);
        client.write('\r\n');
      }
      if (this.#closed) return;
      client.write('0\r\n\r\n');
      this.#endExchange();
    })().catch(() => client.destroy());
  }

  /** `monitor-uri`: tslb answers, ready (200) or failing (503), as to a `return` rule. */
  #monitorExchange(monitor: Monitor, head: RequestHead): void {
    this.#plan = this.#fePlan;
    this.#req = head;
    this.#reqBody = bodyOf(head.body, this.#plan.limits);
    this.#reqDone = this.#reqBody.kind === 'none';
    this.#keepClient = !this.#plan.closeClient && !this.#fe.stopping && clientWantsKeepAlive(head);
    const rest = this.#pending;
    this.#pending = undefined;
    if (rest && !this.#reqDone) this.#forwardRequestBody(rest);
    else if (rest) this.#pending = rest;
    // A new transaction for the fail conditions and the after-response rules (the frontend's only: no backend).
    const routing = this.#fePlan.routing;
    if (routing) this.#ctx ??= routing.engine.context(this.#client);
    this.#ctx?.startRequest(head);
    if (!monitor.failing(this.#ctx)) {
      this.#reply(monitor.ready);
      return;
    }
    // Failing: the proxy's 503 errorfile goes out as written (verified), then the connection closes; else the 503 page.
    const file = this.#plan.pages.file(503);
    if (!file) {
      this.#answerPage(503);
      return;
    }
    this.#client.write(file);
    this.#meter.addOut(pageSize(file));
    this.#keepClient = false;
    this.#endExchange();
  }

  /** The server assigned to the exchange, or none (no usable server, `timeout queue` expired): one function per connection, not per request. */
  readonly #onServer = (server: RuntimeServer | undefined, failure?: DispatchFailure): void => {
    this.#cancelConnect = undefined;
    const backend = this.#plan.backend;
    if (!server || !backend) {
      this.#meter.terminate(failure === 'queue-timeout' ? 'sQ' : 'SC');
      // A request that waited out `timeout queue` counts as a failed connection (econ), as in HAProxy.
      if (failure === 'queue-timeout' && backend) backend.counters.connectErrors++;
      this.#answerPage(503);
      return;
    }
    this.#server = server;
    this.#meter.assigned(server, Date.now());
    // http-reuse safe: the first request of a client connection gets a
    // connection of its own; later ones (all, with aggressive/always) may
    // take an idle one from the server's pool.
    const up = this.#requests > 1 || this.#plan.reuseFirst ? server.pool.take() : undefined;
    if (up) this.#attach(up, true);
    else this.#connect(backend, server);
  };

  #buildRequestHead(head: RequestHead, headers: readonly HeaderField[] | undefined): Buffer {
    const ff = this.#plan.forwardFor;
    let forwardedFor: [string, string] | undefined;
    if (ff) {
      // set-src replaced the client address: X-Forwarded-For says the new one, as HAProxy.
      const ip = this.#ctx?.replacedSource ?? clientAddress(this.#client);
      const present = ff.ifNone && head.headers.some((h) => h.lname === ff.header);
      const excepted = ff.except?.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4') ?? false;
      if (!present && !excepted) forwardedFor = [ff.header, ip];
    }
    let connection: 'close' | 'keep-alive' | 'upgrade' | undefined;
    if (head.upgrade !== undefined) connection = 'upgrade';
    else if (this.#keepServer) connection = head.minor === 0 ? 'keep-alive' : undefined;
    else connection = head.minor === 1 ? 'close' : undefined;
    const absolute = withoutDefaultPort(head);
    return requestHeadBytes(head, { forwardedFor, connection, target: absolute?.target, host: absolute?.host, headers });
  }

  #connect(backend: RuntimeBackend, server: RuntimeServer): void {
    const reader = new ReadBuffer();
    this.#cancelConnect = connectToServer(
      {
        backend,
        pick: { clientAddress: this.#ctx?.replacedSource ?? this.#client.remoteAddress, request: this.#req },
        clientPort: this.#client.localPort ?? 0,
        server,
        onread: reader.options,
        direct: this.#direct === server,
      },
      (failure, socket, chosen) => {
        this.#cancelConnect = undefined;
        this.#server = chosen; // a redispatch moved the assignment
        if (failure || !socket) {
          this.#meter.terminate('SC');
          this.#answerPage(503);
          return;
        }
        this.#attach(new Upstream(socket, chosen, reader), false);
      },
    );
  }

  #attach(up: Upstream, reused: boolean): void {
    const server = up.server;
    this.#meter.connected(server, Date.now(), reused, 0, false);
    // Fetches of the server (srv_name, srv_id) in rules and logs.
    if (this.#ctx) this.#ctx.server = server;
    if (this.#stick) {
      this.#plan.backend?.sticking?.store(this.#stick, server);
      this.#stickRequest = this.#stick;
      this.#stick = undefined;
    }
    if (server.trackStreams) server.streams.add(this);
    this.#up = up;
    up.owner = this;
    up.exchanges++;
    this.#respPending = undefined;
    this.#resp = undefined;
    this.#respBody = { kind: 'none' };
    this.#respStarted = false;
    up.setTimeout(this.#plan.backend?.config.timeouts.server ?? 0);
    up.socket.resume();
    if (!this.#reqDone) this.#client.resume();
    const head = this.#outHead as Buffer;
    // The head, and whatever part of the body has already arrived, in one write.
    if (this.#bodyWaiting.length === 0) {
      up.socket.write(head);
      return;
    }
    up.socket.cork();
    up.socket.write(head);
    for (const part of this.#bodyWaiting) up.socket.write(part);
    this.#bodyWaiting = [];
    up.socket.uncork();
  }

  #forwardRequestBody(chunk: Buffer): void {
    const r = consume(this.#reqBody, chunk);
    if (!r) {
      this.#abort(400);
      return;
    }
    const collect = this.#collect;
    if (collect) {
      if (r.used > 0) collect.parts.push(r.used === chunk.length ? chunk : chunk.subarray(0, r.used));
      if (!r.done) return;
      this.#collect = undefined;
      this.#reqDone = true;
      this.#meter.addIn(this.#bodyTotal((this.#req as RequestHead).body, this.#reqBody));
      if (r.used < chunk.length) {
        this.#pending = chunk.subarray(r.used);
        this.#client.pause();
      }
      collect.then(Buffer.concat(collect.parts));
      return;
    }
    if (r.used > 0) {
      const part = r.used === chunk.length ? chunk : chunk.subarray(0, r.used);
      if (this.#up) {
        if (!this.#up.socket.write(part)) this.#client.pause();
      } else if (this.#respComplete) {
        // Answered, and the server connection is gone: the rest is read and dropped.
      } else {
        // Still connecting: sent right after the head. Stop reading until then.
        this.#bodyWaiting.push(part);
        this.#client.pause();
      }
    }
    if (r.done) {
      this.#reqDone = true;
      if (this.#req) this.#meter.addIn(this.#bodyTotal(this.#req.body, this.#reqBody));
      if (r.used < chunk.length) {
        // The next, pipelined request: parsed once this exchange is over.
        this.#pending = chunk.subarray(r.used);
        this.#client.pause();
      }
      if (this.#respComplete) this.#finishExchange();
    }
  }

  // --- server side -------------------------------------------------------------

  get backlogged(): boolean {
    return this.#client.writableLength > 0;
  }

  onUpstreamData(chunk: Buffer): boolean {
    if (this.#tunnel) {
      if (!this.#client.write(chunk)) this.#up?.socket.pause();
    } else if (!this.#resp) {
      this.#respPending = this.#respPending ? Buffer.concat([this.#respPending, chunk]) : chunk;
      this.#parseResponse();
    } else {
      this.#forwardResponseBody(chunk);
    }
    // Still referenced: queued for the client, or part of a head not complete yet.
    return this.#client.writableLength > 0 || this.#respPending !== undefined;
  }

  #parseResponse(): void {
    for (;;) {
      const buf = this.#respPending;
      if (!buf || buf.length === 0) return;
      const req = this.#req as RequestHead;
      const r = parseResponseHead(buf, req.method, this.#plan.limits);
      if (r.kind === 'incomplete') return;
      if (r.kind === 'error') {
        this.#failedResponse('PH');
        this.#abort(502);
        return;
      }
      const head = r.head;
      const rest = buf.length > head.headLength ? buf.subarray(head.headLength) : undefined;
      this.#respPending = rest;
      if (head.status === 101 && req.upgrade !== undefined) {
        this.#meter.response(101, Date.now());
        this.#meter.addOut(responseHeadSize(head));
        const text = this.#finalHead(head, 'upgrade', rest);
        if (text !== undefined) this.#startTunnel(text, rest);
        return;
      }
      this.#meter.addOut(responseHeadSize(head));
      if (head.status < 200) {
        // Interim responses (100 Continue, 103 Early Hints) are passed on.
        this.#respStarted = true;
        this.#client.write(responseHeadBytes(head, undefined));
        continue;
      }
      this.#resp = head;
      this.#meter.response(head.status, Date.now());
      // Response fetches (status, res.hdr) for the access log, when no response rule made the response's state.
      if (this.#ctx && !this.#ctx.res) this.#ctx.res = new HttpResponseState(head.status, head.reason, head.headers);
      const captures = this.#fePlan.captures;
      if (captures) this.#meter.captureResponse(captures.responseHeaders(head.headers), captures.responseCookie(head.headers));
      this.#respBody = bodyOf(head.body, this.#plan.limits);
      if (head.connection.includes('close') || head.minor === 0 && !head.connection.includes('keep-alive')) this.#keepServer = false;
      if (head.body.kind === 'close' || this.#fe.stopping) this.#keepClient = false;
      const req1 = req.minor === 1;
      const connection = this.#keepClient ? (req1 ? undefined : 'keep-alive') : 'close';
      this.#respStarted = true;
      this.#respPending = undefined;
      this.#storeResponse(head);
      const text = this.#finalHead(head, connection, rest);
      if (text === undefined) return;
      if (this.#respBody.kind === 'none') {
        this.#client.write(Buffer.from(text, 'latin1'));
        this.#finishExchange();
      } else if (rest && rest.length <= JOIN_BODY_MAX) {
        // Head and a small first body part in one buffer, one write(2).
        this.#forwardResponseBody(rest, text);
      } else {
        // Head and the body bytes already here leave in one writev(2).
        this.#client.cork();
        this.#client.write(Buffer.from(text, 'latin1'));
        if (rest) this.#forwardResponseBody(rest);
        this.#client.uncork();
      }
      return;
    }
  }

  /** Forwards response body bytes; `head`, when given, is the response head still to be written before them. */
  #forwardResponseBody(chunk: Buffer, head?: string): void {
    const r = consume(this.#respBody, chunk);
    if (!r) {
      if (head !== undefined) this.#client.write(Buffer.from(head, 'latin1'));
      this.#abort(502);
      return;
    }
    const part = r.used === chunk.length ? chunk : chunk.subarray(0, r.used);
    if (this.#respBody.kind === 'close') this.#meter.addOut(r.used);
    else if (r.done && this.#resp) this.#meter.addOut(this.#bodyTotal(this.#resp.body, this.#respBody));
    const out = head === undefined ? part : headWithBody(head, part);
    if (out.length > 0 && !this.#client.write(out)) this.#up?.socket.pause();
    if (r.done) {
      // Bytes after the response: the server is not following the protocol.
      if (r.used < chunk.length) this.#keepServer = false;
      this.#finishExchange();
    }
  }

  onUpstreamEnd(): void {
    if (this.#tunnel) {
      // The server ended the tunnel: HAProxy closes the client connection
      // (once what the server sent is flushed), it does not half-close it.
      this.#client.destroySoon();
      return;
    }
    if (this.#resp && this.#respBody.kind === 'close') {
      this.#keepServer = false;
      this.#finishExchange();
    }
  }

  onUpstreamClose(): void {
    const up = this.#up;
    if (!up) return;
    this.#up = undefined;
    this.#releaseServer();
    if (this.#tunnel) {
      this.#client.end();
      return;
    }
    if (!this.#req) return;
    if (!this.#respStarted) {
      // Closed before answering: 502 (HAProxy's "SH--") — except for a
      // request that is not the client connection's first: HAProxy 2.6
      // closes the client connection without an answer, which clients
      // retry like any keep-alive connection closed under them
      // (http_wait_for_response(): TX_NOT_FIRST → abort_keep_alive).
      this.#failedResponse('SH');
      if (this.#requests > 1) this.#client.destroy();
      else this.#answerPage(502);
      return;
    }
    if (this.#resp && this.#respBody.kind === 'close') return; // handled by onUpstreamEnd
    if (this.#respComplete) return; // answered; the rest of the request body is dropped
    this.#failedResponse('SD');
    this.#client.destroy();
  }

  onUpstreamDrain(): void {
    this.#client.resume();
  }

  onUpstreamTimeout(): void {
    if (this.#tunnel) {
      this.#client.destroy();
      return;
    }
    this.#failedResponse(this.#respStarted ? 'sD' : 'sH');
    if (!this.#respStarted) this.#abort(504);
    else this.#client.destroy();
  }

  /** The Set-Cookie / Cache-Control changes cookie persistence makes to a final response. */
  #persistEdit(head: ResponseHead): ResponseEdit | undefined {
    const persist = this.#persist;
    const server = this.#server;
    if (!persist || !server) return undefined;
    return this.#plan.backend?.cookies?.onResponse(this.#req as RequestHead, head, persist, server, this.#direct === server || this.#ignorePersist);
  }

  /**
   * The head of a server's final response (or 101) for the client: as
   * received, or as cookie persistence and the response rules change it.
   * Undefined when an http-response rule answered instead (deny, return,
   * redirect): the server's response is dropped — its connection kept only
   * when the response is complete already, as HAProxy does — and tslb's
   * answer sent.
   */
  #finalHead(head: ResponseHead, connection: 'close' | 'keep-alive' | 'upgrade' | undefined, rest: Buffer | undefined): string | undefined {
    const rules = this.#responseRules();
    if (!rules) return responseHeadText(head, connection, this.#persistEdit(head));
    const out = rules.serverResponse(this.#ctx as SampleContext, head, connection, (h) => this.#persistEdit(h));
    if (typeof out === 'string') return out;
    const body = this.#respBody;
    const r = body.kind === 'none' ? { used: 0, done: true } : rest ? consume(body, rest) : undefined;
    const complete = head.status !== 101 && r !== undefined && r.done && r.used === (rest?.length ?? 0);
    this.#respBody = { kind: 'none' };
    this.#detachUpstream(complete && this.#keepServer && this.#reqDone);
    if ('page' in out) this.#answerPage(out.page);
    else this.#reply(out.reply);
    return undefined;
  }

  /** `stick store-response`: the response's keys name its server. */
  #storeResponse(head: ResponseHead): void {
    const sticking = this.#plan.backend?.sticking;
    const ctx = this.#ctx;
    const server = this.#server;
    if (!sticking?.readsResponses || !ctx || !server) return;
    ctx.res = new HttpResponseState(head.status, head.reason, head.headers);
    sticking.onResponse(ctx, this.#stickRequest, server);
  }

  /** The response rules of the current exchange, if its frontend or backend has any. */
  #responseRules(): ResponseRules | undefined {
    const ctx = this.#ctx;
    return ctx && this.#fePlan.routing?.engine.responseRules(ctx);
  }

  /** `head`: the 101 for the client. */
  #startTunnel(head: string, rest: Buffer | undefined): void {
    const up = this.#up as Upstream;
    this.#tunnel = true;
    this.#keepServer = false;
    const t = this.#plan.backend?.config.timeouts;
    const tunnelTimeout = t?.tunnel;
    this.#client.write(Buffer.from(head, 'latin1'));
    if (rest) this.#client.write(rest);
    if (this.#pending) {
      up.socket.write(this.#pending);
      this.#pending = undefined;
    }
    if (tunnelTimeout !== undefined) {
      up.setTimeout(tunnelTimeout);
      this.#client.setTimeout(tunnelTimeout);
    }
    this.#client.resume();
  }

  // --- endings -----------------------------------------------------------------

  /** An answer generated by tslb in the middle of an exchange. */
  #answerPage(status: number): void {
    this.#bodyWaiting = [];
    const page = this.#plan.pages.get(status);
    if (page.close) this.#keepClient = false;
    this.#detachUpstream(false);
    this.#meter.answered(status, false);
    this.#meter.addOut(pageSize(page.bytes));
    const rules = this.#responseRules();
    this.#client.write(rules ? this.#afterPage(rules, page) : this.#keepClient ? page.bytes : page.closing);
    this.#endExchange();
  }

  /** An error page as http-after-response rules leave it, with `connection: close` last when the client connection closes after it. */
  #afterPage(rules: ResponseRules, page: ErrorPage): Buffer {
    const bytes = page.bytes;
    const end = bytes.indexOf('\r\n\r\n');
    if (end < 0) return this.#keepClient ? bytes : page.closing;
    const head = rules.reply(this.#ctx as SampleContext, bytes.subarray(0, end + 2).toString('latin1'));
    const close = this.#keepClient || page.close ? '' : 'connection: close\r\n';
    return Buffer.concat([Buffer.from(`${head}${close}\r\n`, 'latin1'), bytes.subarray(end + 4)]);
  }

  /**
   * Something went wrong mid-exchange: answer if nothing was sent yet (the
   * client connection stays open unless the page closes it, as HAProxy's
   * 502/503/504 do not), else cut.
   */
  #abort(status: number): void {
    if (!this.#respStarted) {
      this.#answerPage(status);
    } else {
      this.#detachUpstream(false);
      this.#client.destroy();
    }
  }

  #reply(reply: Reply): void {
    const req = this.#req as RequestHead;
    if (this.#fe.stopping) this.#keepClient = false;
    const rules = this.#responseRules();
    const own = rules ? rules.reply(this.#ctx as SampleContext, reply.head) : reply.head;
    const head = own + (this.#keepClient ? (req.minor === 0 ? 'connection: keep-alive\r\n' : '') : 'connection: close\r\n') + '\r\n';
    // The status is the head's second word ("HTTP/1.1 302 Found").
    this.#meter.answered(Number(own.slice(9, 12)), true);
    this.#meter.addOut(generatedSize(reply.head, reply.body.length));
    this.#client.write(req.method === 'HEAD' || reply.body.length === 0 ? head : Buffer.concat([Buffer.from(head, 'latin1'), reply.body]));
    this.#endExchange();
  }

  /** What a complete body counts (message-size.ts): its length, or a chunked body's payload and end. */
  #bodyTotal(framing: BodyFraming, body: Body): number {
    if (framing.kind === 'length') return framing.length;
    if (body.kind === 'chunked') return bodySize(body.parser.payload, true);
    return 0;
  }

  /** A request that could not be read: counted as a request, an error of the client (ereq) and its answer, and logged. */
  #badRequest(status: number, t: 'PR' | 'cR' | 'CR'): void {
    this.#answeredBad = true;
    const now = Date.now();
    countRequest(this.#fe.counters, now);
    this.#fe.counters.failedReq++;
    this.#meter.answered(status, false);
    this.#meter.terminate(t);
    this.#meter.end(now);
  }

  /** A rule ended the request: denied requests count (dreq, `PR`), the proxy's own answers are local (`LR`). */
  #countVerdict(verdict: Exclude<RequestVerdict, 'allow'>): void {
    if ('service' in verdict) {
      this.#meter.terminate('LR');
    } else if ('close' in verdict || 'page' in verdict || 'tarpit' in verdict) {
      this.#fe.counters.deniedReq++;
      const be = this.#plan.backend;
      if (be && be !== this.#fePlan.backend) be.counters.deniedReq++;
      this.#meter.terminate('tarpit' in verdict ? 'PT' : 'PR');
    } else {
      this.#meter.terminate('LR');
    }
  }

  /** The server's response failed (eresp) — closed, invalid or too slow — with its termination state. */
  #failedResponse(t: 'SH' | 'SD' | 'PH' | 'sH' | 'sD'): void {
    this.#meter.terminate(t);
    const be = this.#plan.backend;
    if (be) be.counters.failedResp++;
    const s = this.#up?.server ?? this.#server;
    if (s) s.counters.failedResp++;
  }

  /** A client that left mid-exchange: cli_abrt on the backend and server when a server was involved. */
  #countAborts(): void {
    const be = this.#plan.backend;
    const s = this.#server;
    if (!be || !s) return;
    be.counters.clientAborts++;
    s.counters.clientAborts++;
  }

  #finishExchange(): void {
    if (!this.#reqDone) {
      // Answered before the whole request arrived (a final answer to
      // `Expect: 100-continue`, an early error): as HAProxy does, the rest
      // of the request body is still forwarded, then the connection goes on.
      this.#respComplete = true;
      return;
    }
    this.#detachUpstream(this.#keepServer && this.#reqDone);
    this.#endExchange();
  }

  /** Ends the use of the server connection (kept for reuse or closed) and of the server. */
  #detachUpstream(keep: boolean): void {
    const up = this.#up;
    this.#up = undefined;
    if (up) {
      up.owner = undefined;
      if (keep && up.usable) up.server.pool.put(up);
      else up.socket.destroy();
    }
    this.#releaseServer();
  }

  /** The exchange no longer holds a slot of its server (a queued request may take it). */
  #releaseServer(): void {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    if (server.trackStreams) server.streams.delete(this);
    this.#plan.backend?.release(server);
  }

  #endExchange(): void {
    this.#meter.end(Date.now());
    const stick = this.#ctx?.stick;
    if (stick) {
      // Server responses count as errors or failures; what the request tracked stops.
      stick.traffic(this.#client.bytesRead, this.#client.bytesWritten);
      if (this.#resp) stick.httpStatus(this.#resp.status);
      stick.stop('content');
    }
    const keep = this.#keepClient && this.#reqDone;
    this.#respComplete = false;
    this.#req = undefined;
    this.#resp = undefined;
    this.#respPending = undefined;
    if (!keep) {
      this.#close();
      return;
    }
    this.#client.resume();
    this.#armHeadTimer(false);
    if (this.#pending) this.#nextRequest();
  }
}

/** Serves one client connection of an HTTP frontend. */
export function handleHttpConnection(client: Socket, fe: RuntimeFrontend, plan: HttpPlan, done: () => void, ctx?: SampleContext): void {
  new HttpSession(client, fe, plan, done, ctx);
}
