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
 */
import type { Socket } from 'node:net';
import type { RuntimeBackend } from '../backend/backend.js';
import type { Proxy } from '../config/model/proxy.js';
import type { RequestHead } from '../http/parser.js';
import { AclSet } from './acl/condition.js';
import { SampleContext, type FrontendView, type ProxyDirectory } from './context.js';
import type { RuleEnv } from './env.js';
import { HttpRequestRules, type RequestVerdict } from './http-request-rules.js';
import { HttpRequestState } from './http-request-state.js';
import { Router } from './router.js';
import { Variables } from './variables.js';

/** The proxy's rules, or undefined when it has none. */
function requestRules(p: Proxy, env: RuleEnv): HttpRequestRules | undefined {
  const rules = new HttpRequestRules(p.rules.httpRequest, p.rules.redirect, new AclSet(p.acls, env), env, p.name);
  return rules.empty ? undefined : rules;
}

/** Whether a frontend needs an engine: rules, or switching that depends on the request. */
export function needsEngine(fe: Proxy, backends: Iterable<RuntimeBackend>): boolean {
  if (fe.rules.httpRequest.length > 0 || fe.rules.redirect.length > 0 || fe.useBackends.length > 0) return true;
  for (const be of backends) if (be.config !== fe && (be.config.rules.httpRequest.length > 0 || be.config.rules.redirect.length > 0)) return true;
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

  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(fe: Proxy, id: number, backends: ReadonlyMap<string, RuntimeBackend>, env: RuleEnv) {
    this.#frontend = { name: fe.name, id };
    this.#proxies = { backend: (name) => backends.get(name), userlist: (name) => env.userlist(name) };
    const acls = new AclSet(fe.acls, env);
    const rules = new HttpRequestRules(fe.rules.httpRequest, fe.rules.redirect, acls, env, fe.name);
    this.#rules = rules.empty ? undefined : rules;
    this.#router = new Router(fe, acls, backends);
    for (const be of backends.values()) if (be.config !== fe) this.#backendRules.set(be, requestRules(be.config, env));
  }

  /** A context for one client connection (its variables live as long as it). */
  context(client: Socket): SampleContext {
    return new SampleContext(client, this.#frontend, this.#proxies, new Variables());
  }

  /** Runs the rules on a new request: frontend rules, switching, backend rules. */
  route(ctx: SampleContext, head: RequestHead): RoutedRequest {
    ctx.vars.newTransaction();
    ctx.res = undefined;
    ctx.server = undefined;
    const req = new HttpRequestState(head);
    ctx.req = req;
    ctx.backend = undefined;
    let verdict = this.#rules?.run(ctx);
    let backend: RuntimeBackend | undefined;
    if (verdict === undefined || verdict === 'allow') {
      backend = this.#router.route(ctx);
      ctx.backend = backend;
      const beRules = backend ? this.#backendRules.get(backend) : undefined;
      verdict = beRules?.run(ctx);
    }
    return { backend, verdict: verdict === 'allow' ? undefined : verdict, head: req.changed ? req.toHead() : head };
  }
}
