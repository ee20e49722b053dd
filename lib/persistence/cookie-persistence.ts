/**
 * A backend's cookie persistence (manual 4.2 "cookie", "option persist"):
 * the settings decided once at start, and the two steps of an exchange —
 * the request's cookie names a server (request-cookie.ts), the response
 * carries the cookie back (response-cookie.ts).
 *
 *   request ──► onRequest: server named by the cookie + Cookie lines to forward
 *                 │ (the backend dispatches to that server, else balances)
 *   response ◄── onResponse: Set-Cookie / Cache-Control for the server that answered
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Proxy } from '../config/model/proxy.js';
import type { RequestHead, ResponseHead } from '../http/parser.js';
import { readRequestCookies, type RequestCookieRules, type RequestCookies } from './request-cookie.js';
import type { ResponseEdit } from '../http/forward.js';
import { cookieAttributes, editResponse } from './response-cookie.js';

/** The request side's findings, kept for the response. */
export type PersistState = RequestCookies<RuntimeServer>;

export class CookiePersistence {
  readonly #rules: RequestCookieRules;
  readonly #servers: readonly RuntimeServer[];
  readonly #attributes: string;

  /** For a backend with a `cookie` line. */
  constructor(proxy: Proxy & { readonly cookie: NonNullable<Proxy['cookie']> }, servers: readonly RuntimeServer[]) {
    this.#rules = { cookie: proxy.cookie, persist: proxy.flags.persist };
    this.#servers = servers;
    this.#attributes = cookieAttributes(proxy.cookie);
  }

  /** The server the request's cookie names (running, or any with `option persist`) and the Cookie lines to forward. */
  onRequest(head: RequestHead): PersistState {
    return readRequestCookies(head.headers, this.#rules, this.#servers, nowSeconds());
  }

  /**
   * The response head's changes once `served` answered the request;
   * `direct`: something sent the request to its server (use-server, a stick
   * table), which counts as the cookie would (HAProxy's SF_DIRECT).
   */
  onResponse(req: RequestHead, res: ResponseHead, state: PersistState, served: RuntimeServer, direct = false): ResponseEdit | undefined {
    const input = {
      cookie: this.#rules.cookie,
      serverCookie: served.config.cookie,
      direct: direct || state.server === served,
      lastDate: state.lastDate,
      firstDate: state.firstDate,
      nowSeconds: nowSeconds(),
    };
    return editResponse(req, res, input, this.#attributes);
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
