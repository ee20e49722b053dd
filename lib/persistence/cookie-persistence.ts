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
import type { PersistDecision } from './persist-rules.js';
import { cookieAttributes, editResponse } from './response-cookie.js';

/** The request side's findings, kept for the response. */
export type PersistState = RequestCookies<RuntimeServer>;

export class CookiePersistence {
  readonly #rules: RequestCookieRules;
  /** The same with force-persist: a stopped server still takes its cookie's requests. */
  readonly #forced: RequestCookieRules;
  readonly #servers: readonly RuntimeServer[];
  readonly #attributes: string;

  /** For a backend with a `cookie` line. */
  constructor(proxy: Proxy & { readonly cookie: NonNullable<Proxy['cookie']> }, servers: readonly RuntimeServer[]) {
    this.#rules = { cookie: proxy.cookie, persist: proxy.flags.persist };
    this.#forced = { cookie: proxy.cookie, persist: true };
    this.#servers = servers;
    this.#attributes = cookieAttributes(proxy.cookie);
  }

  /** The server the request's cookie names (running, or any with `option persist`) and the Cookie lines to forward. */
  /**
   * `decision` (force-persist / ignore-persist): `force` lets the cookie name
   * a stopped server; `ignore` reads the lines (indirect still removes the
   * cookie) but the cookie names no server.
   */
  onRequest(head: RequestHead, decision?: PersistDecision): PersistState {
    const rules = decision === 'force' ? this.#forced : this.#rules;
    const state = readRequestCookies(head.headers, rules, this.#servers, nowSeconds());
    return decision === 'ignore' && state.server !== undefined ? { ...state, server: undefined } : state;
  }

  /**
   * The response head's changes once `served` answered the request;
   * `direct`: something sent the request to its server (use-server, a stick
   * table), which counts as the cookie would (HAProxy's SF_DIRECT); so does
   * an ignored cookie (ignore-persist): no cookie is inserted.
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
