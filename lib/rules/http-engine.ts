/**
 * The rules of one HTTP frontend at run time (configuration manual 4.2): its
 * `http-request` rules, backend switching, then the chosen backend's own
 * `http-request` rules — HAProxy's order. Built once per frontend when it
 * has any rule or conditional switching; plain frontends have none and pay
 * nothing per request.
 *
 *   request ─► frontend http-request rules ─► use_backend / default_backend
 *           ─► backend http-request rules ─► server
 *   (any rule may answer instead: deny, return, redirect)
 *
 * Then the response rules of the frontend/backend pair (ResponseRules,
 * http-response-rules.ts): backend first, frontend next.
 */
import type { Socket } from 'node:net';
import type { RuntimeBackend } from '../backend/backend.js';
import type { Proxy } from '../config/model/proxy.js';
import type { RequestHead } from '../http/parser.js';
import { AclSet } from './acl/condition.js';
import { SampleContext, type FrontendView, type ProxyDirectory } from './context.js';
import type { RuleEnv } from './env.js';
import { HttpRequestRules, type RequestVerdict } from './http-request-rules.js';
import { responseRuleSet, ResponseRules } from './http-response-rules.js';
import { Router } from './router.js';
import { TcpRules, type TcpVerdict } from './tcp-rules.js';
import { Variables } from './variables.js';

/** The proxy's rules, or undefined when it has none. */
function requestRules(p: Proxy, env: RuleEnv): HttpRequestRules | undefined {
  const at = env.at(p.name);
  const rules = new HttpRequestRules(p.rules.httpRequest, p.rules.redirect, new AclSet(p.acls, at), at, p);
  return rules.empty ? undefined : rules;
}

/** Whether the proxy has rules the engine runs: http-request, redirect, http-response, http-after-response or tcp-request content. */
function hasHttpRules(p: Proxy): boolean {
  const r = p.rules;
  return r.httpRequest.length > 0 || r.redirect.length > 0 || r.httpResponse.length > 0 || r.httpAfterResponse.length > 0 || r.tcpRequestContent.length > 0;
}

/** The proxy's `tcp-request content` rules (run per request in HTTP mode), or undefined when it has none. */
function contentRules(p: Proxy, env: RuleEnv): TcpRules | undefined {
  if (p.rules.tcpRequestContent.length === 0) return undefined;
  const at = env.at(p.name);
  return new TcpRules(p.rules.tcpRequestContent, new AclSet(p.acls, at), at, 'content');
}

/** Whether a frontend needs an engine: rules (its own or a backend's), or switching that depends on the request. */
export function needsEngine(fe: Proxy, backends: Iterable<RuntimeBackend>): boolean {
  if (hasHttpRules(fe) || fe.useBackends.length > 0) return true;
  for (const be of backends) if (be.config !== fe && hasHttpRules(be.config)) return true;
  return false;
}

export interface RoutedRequest {
  /** The backend chosen (undefined: none, 503), or an answer from the rules. */
  readonly backend: RuntimeBackend | undefined;
  readonly verdict: RequestVerdict | undefined;
  /** The request head to go on with: the received one, or the one the rules changed. */
  readonly head: RequestHead;
}

export class HttpEngine {
  readonly #frontend: FrontendView;
  readonly #proxies: ProxyDirectory;
  readonly #rules: HttpRequestRules | undefined;
  readonly #router: Router;
  readonly #backendRules = new Map<RuntimeBackend, HttpRequestRules | undefined>();
  readonly #content: TcpRules | undefined;
  readonly #backendContent = new Map<RuntimeBackend, TcpRules | undefined>();
  /** Response rules by the backend that switching chose (undefined: none, the frontend's alone); empty when no proxy has any. */
  readonly #responseRules = new Map<RuntimeBackend | undefined, ResponseRules | undefined>();

  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(fe: Proxy, id: number, backends: ReadonlyMap<string, RuntimeBackend>, env: RuleEnv) {
    this.#frontend = { name: fe.name, id };
    this.#proxies = { backend: (name) => backends.get(name), userlist: (name) => env.userlist(name) };
    const at = env.at(fe.name);
    const acls = new AclSet(fe.acls, at);
    const rules = new HttpRequestRules(fe.rules.httpRequest, fe.rules.redirect, acls, at, fe);
    this.#rules = rules.empty ? undefined : rules;
    this.#router = new Router(fe, acls, backends, at);
    this.#content = contentRules(fe, env);
    for (const be of backends.values()) {
      if (be.config === fe) continue;
      this.#backendRules.set(be, requestRules(be.config, env));
      this.#backendContent.set(be, contentRules(be.config, env));
    }
    const feResponse = responseRuleSet('http-response', fe, env);
    const feAfter = responseRuleSet('http-after-response', fe, env);
    const feOnly = ResponseRules.of([feResponse], [feAfter]);
    const pairs = [...backends.values()].map((be): [RuntimeBackend, ResponseRules | undefined] =>
      // A listen section's own rules run once.
      be.config === fe ? [be, feOnly] : [be, ResponseRules.of([responseRuleSet('http-response', be.config, env), feResponse], [responseRuleSet('http-after-response', be.config, env), feAfter])],
    );
    if (feOnly || pairs.some(([, r]) => r)) for (const [be, r] of [[undefined, feOnly] as const, ...pairs]) this.#responseRules.set(be, r);
  }

  /**
   * The response rules of the exchange `ctx` is about (its backend, as
   * switching left it), or undefined when none apply: a frontend whose
   * proxies have none pays one size test per response.
   */
  responseRules(ctx: SampleContext): ResponseRules | undefined {
    return this.#responseRules.size === 0 ? undefined : this.#responseRules.get(ctx.backend);
  }

  /** A context for one client connection (its variables live as long as it). */
  context(client: Socket): SampleContext {
    return new SampleContext(client, this.#frontend, this.#proxies, new Variables());
  }

  /** Runs the rules on a new request: frontend rules, switching, backend rules. */
  route(ctx: SampleContext, head: RequestHead): RoutedRequest {
    const req = ctx.startRequest(head);
    // tcp-request content, then http-request rules, of the frontend, then of the backend switching chose.
    const refused = closing(this.#content?.run(ctx));
    if (refused) return { backend: undefined, verdict: refused, head };
    // The request counts on what the connection tracks once content rules passed, before http-request rules.
    ctx.stick?.httpRequest();
    let verdict: RequestVerdict | undefined = this.#rules?.run(ctx);
    let backend: RuntimeBackend | undefined;
    if (verdict === undefined || verdict === 'allow') {
      backend = this.#router.route(ctx);
      ctx.backend = backend;
      verdict = backend ? closing(this.#backendContent.get(backend)?.run(ctx)) : undefined;
      const beRules = backend && !verdict ? this.#backendRules.get(backend) : undefined;
      verdict ??= beRules?.run(ctx);
    }
    return { backend, verdict: verdict === 'allow' ? undefined : verdict, head: req.changed ? req.toHead() : head };
  }
}

/** A tcp-request content verdict that ends the connection, as a request verdict. */
function closing(v: TcpVerdict | undefined): RequestVerdict | undefined {
  return v === 'reject' || v === 'silent-drop' ? { close: v } : undefined;
}
