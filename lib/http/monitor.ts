/**
 * `monitor-uri <uri>` and `monitor fail if|unless <cond>` (configuration
 * manual 4.2): a request for the monitor URI is answered by tslb itself,
 * before any http-request rule, with HAProxy's 200 "Service ready." page —
 * or, when a `monitor fail` condition holds, with the proxy's 503 page (its
 * errorfile if it has one). Verified on HAProxy 2.6.12: the URI is compared
 * as written, an absolute-form request by its path and query; `/health?x`
 * is not `/health`; HEAD gets no body; a request body is read and dropped.
 */
import type { Predicate } from '../rules/acl/criterion.js';
import type { SampleContext } from '../rules/context.js';
import { builtInPage } from './error-pages.js';
import type { RequestHead } from './parser.js';
import { replyOfPage, type Reply } from './replies.js';

export class Monitor {
  readonly #uri: string;
  readonly #fail: readonly Predicate[];
  /** The answer while no `monitor fail` condition holds. */
  readonly ready: Reply = replyOfPage((builtInPage(200) as { bytes: Buffer }).bytes);

  constructor(uri: string, fail: readonly Predicate[]) {
    this.#uri = uri;
    this.#fail = fail;
  }

  /** Whether a `monitor fail` condition needs the request's context. */
  get conditional(): boolean {
    return this.#fail.length > 0;
  }

  /** The request asks for the monitor URI. */
  asks(head: RequestHead): boolean {
    const target = head.target;
    if (target === this.#uri) return true;
    const scheme = target.indexOf('://');
    if (scheme < 0 || target.charCodeAt(0) === 47) return false;
    const path = target.indexOf('/', scheme + 3);
    return path >= 0 && target.slice(path) === this.#uri;
  }

  /** A `monitor fail` condition holds. */
  failing(ctx: SampleContext | undefined): boolean {
    return ctx !== undefined && this.#fail.some((p) => p(ctx));
  }
}
