/**
 * What sample fetches read (configuration manual 7.3.2–7.3.6): the client
 * connection, the proxies, the HTTP request and response as rules have left
 * them so far, and the variables. One context per request (HTTP) or per
 * connection (TCP); built by the session, passed to every compiled fetch,
 * ACL and action. Everything costly (addresses, the path, parsed cookies) is
 * computed on first use.
 */
import type { Socket } from 'node:net';
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer } from '../backend/server.js';
import type { Userlist } from '../auth/userlist.js';
import type { StickCounters } from '../stick/counters.js';
import type { ClientPayload } from './payload/client-payload.js';
import { HttpRequestState } from './http-request-state.js';
import type { RequestHead } from '../http/parser.js';
import type { HttpResponseState } from './http-response-state.js';
import type { Variables } from './variables.js';

/** The proxies a fetch may name (`nbsrv(<backend>)`, `srv_is_up(<backend>/<server>)`). */
export interface ProxyDirectory {
  backend(name: string): RuntimeBackend | undefined;
  /** The `userlist` section named so (`http_auth`). */
  userlist(name: string): Userlist | undefined;
}

/** The frontend as fetches see it (`fe_name`, `fe_id`). */
export interface FrontendView {
  readonly name: string;
  readonly id: number;
}

export class SampleContext {
  readonly #socket: Socket;
  readonly frontend: FrontendView;
  readonly proxies: ProxyDirectory;
  readonly vars: Variables;
  /** The backend once chosen (use_backend / default_backend), for `be_*` fetches and backend rules. */
  backend: RuntimeBackend | undefined;
  /** The server once one is assigned (`srv_*` fetches in responses and logs). */
  server: RuntimeServer | undefined;
  /** HTTP mode: the request as the rules have changed it so far. */
  req: HttpRequestState | undefined;
  /** HTTP mode, response rules: the response. */
  res: HttpResponseState | undefined;
  /** TCP mode with content inspection: the client's first bytes. */
  payload: ClientPayload | undefined;
  /** The stick counters sc0-sc2, once a rule tracks something. */
  stick: StickCounters | undefined;
  /** `set-src` replaced the client address. */
  #src: string | undefined;

  constructor(socket: Socket, frontend: FrontendView, proxies: ProxyDirectory, vars: Variables) {
    this.#socket = socket;
    this.frontend = frontend;
    this.proxies = proxies;
    this.vars = vars;
  }

  /** A new request on the connection: its transaction starts with no variables, backend, server or response. */
  startRequest(head: RequestHead): HttpRequestState {
    this.vars.newTransaction();
    this.res = undefined;
    this.server = undefined;
    this.backend = undefined;
    const req = new HttpRequestState(head);
    this.req = req;
    return req;
  }

  get src(): string {
    // Node's `::ffff:a.b.c.d` of a dual-stack socket stays IPv6, as HAProxy keeps it.
    return this.#src ?? this.#socket.remoteAddress ?? '';
  }

  /**
   * `set-src`: the client address from now on, for fetches, X-Forwarded-For
   * and balancing; the port stays, from IPv4 to IPv6 too (verified).
   */
  setSource(address: string): void {
    this.#src = address;
  }

  /** The address `set-src` put in place of the client's, if any. */
  get replacedSource(): string | undefined {
    return this.#src;
  }

  get srcPort(): number {
    return this.#socket.remotePort ?? 0;
  }

  get dst(): string {
    return this.#socket.localAddress ?? '';
  }

  get dstPort(): number {
    return this.#socket.localPort ?? 0;
  }
}
