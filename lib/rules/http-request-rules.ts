/**
 * `http-request` rules of one proxy, and its legacy `redirect` rules
 * (configuration manual 4.2), compiled once: run in order on each request;
 * the first final action (allow, deny, return, redirect) ends them. What
 * they change stays in the context's HttpRequestState, which the session
 * forwards. The steps `http-response` rules share with them (replies,
 * redirects, header edits) and the rule list itself are exported.
 */
import type { Proxy } from '../config/model/proxy.js';
import type { Redirect, ReturnSpec, Rule } from '../config/model/rules.js';
import { basicChallenge } from '../auth/basic.js';
import { builtInPage } from '../http/error-pages.js';
import type { HeaderField } from '../http/parser.js';
import { reasonPhrase } from '../http/reasons.js';
import { replyOfPage, type Reply } from '../http/replies.js';
import { replyBuilder } from './reply.js';
import { setSourceStep } from './source-action.js';
import type { AclSet } from './acl/condition.js';
import type { SampleContext } from './context.js';
import type { RuleEnv } from './env.js';
import { compileHeaderEdit, expandReplacement, regexOf, type HeaderAction } from './header-edit.js';
import { compileLogFormat, type FormatFn } from './log-format.js';
import { incrementGpcStep, trackStep } from './stick-actions.js';
import { variableStep } from './variable-actions.js';
import { RuleList, sideEffect, type Step as RuleStep } from './rule-list.js';

/** What ends a proxy's rules: `allow` (go on with the message), an answer from tslb, or the proxy's error page for a status. */
export type RuleVerdict = 'allow' | { readonly reply: Reply } | { readonly page: number };

/**
 * What ends the request's rules: also the connection closed by a
 * `tcp-request content` rule (HTTP mode), and a `tarpit`: the answer after
 * `ms` milliseconds.
 */
export type RequestVerdict =
  | RuleVerdict
  | { readonly close: 'reject' | 'silent-drop' }
  /** `use-service prometheus-exporter`: tslb answers with the metrics. */
  | { readonly service: 'prometheus-exporter' }
  | { readonly tarpit: { readonly ms: number; readonly then: Exclude<RuleVerdict, 'allow'> } };


/** One compiled action of an HTTP rule set. */
export type Step<V = RuleVerdict> = RuleStep<V>;

/** The header lines an action changes (the request's or the response's), copied on first change; undefined without such a message. */
export type MessageLines = (ctx: SampleContext) => HeaderField[] | undefined;

/** Status codes whose redirect carries `cache-control: no-cache` (verified on 2.6.12). */
const UNCACHED_REDIRECTS: ReadonlySet<number> = new Set([302, 303, 307]);

/** `redirect location|prefix|scheme` (manual 4.2 "redirect"); http-response rules have only `location`. */
export function redirectStep(r: Redirect, env: RuleEnv): Step {
  if (r.setCookie !== undefined || r.clearCookie !== undefined) throw new Error("'set-cookie' and 'clear-cookie' on redirects are not implemented yet");
  const value = compileLogFormat(r.value, env);
  const location = (ctx: SampleContext, v: string): string => {
    const req = ctx.req;
    if (!req) return v;
    if (r.kind === 'location') return v;
    let path = req.path;
    if (r.appendSlash && r.dropQuery && !path.endsWith('/')) path += '/';
    const query = !r.dropQuery && req.query !== undefined ? `?${req.query}` : '';
    if (r.kind === 'prefix') return v === '/' ? `${path}${query}` : `${v}${path}${query}`;
    return `${v}://${req.header('host') ?? ''}${path}${query}`;
  };
  return (ctx) => {
    const v = value(ctx);
    if (r.ignoreEmpty && v === '') return undefined;
    let head = `HTTP/1.1 ${r.code} ${reasonPhrase(r.code)}\r\ncontent-length: 0\r\nlocation: ${location(ctx, v)}\r\n`;
    if (UNCACHED_REDIRECTS.has(r.code)) head += 'cache-control: no-cache\r\n';
    return { reply: { head, body: Buffer.alloc(0) } };
  };
}

/**
 * What `deny` and `return` answer (manual 4.2 "http-request return"): a bare
 * deny the proxy's error page for its status, anything else the reply
 * rendered once.
 */
export function replyVerdict(spec: ReturnSpec, deny: boolean, env: RuleEnv): (ctx: SampleContext) => Exclude<RuleVerdict, 'allow'> {
  if (deny && spec.body?.kind === 'default-errorfiles' && spec.headers.length === 0) {
    const page = { page: spec.status };
    return () => page;
  }
  const build = replyBuilder(spec, env);
  return (ctx) => ({ reply: build(ctx) });
}

/** A header action on the lines `lines` gives. */
export function headerStep(a: HeaderAction, env: RuleEnv, lines: MessageLines): Step {
  const edit = compileHeaderEdit(a, env);
  return (ctx) => {
    const l = lines(ctx);
    if (l) edit(l, ctx);
    return undefined;
  };
}


/** The request's header lines. */
const requestLines: MessageLines = (ctx) => ctx.req?.editHeaders();

/** `http-request auth [realm <realm>]`: HAProxy's 401 page with the Basic challenge added (default realm: the proxy's name). */
function authStep(realm: string | undefined, proxyName: string): Step {
  const reply = replyOfPage((builtInPage(401) as { bytes: Buffer }).bytes, `www-authenticate: ${basicChallenge(realm, proxyName)}\r\n`);
  return (ctx) => {
    ctx.stick?.httpError();
    return { reply };
  };
}

function stepOf(rule: Rule, env: RuleEnv, proxy: RulesProxy): Step<RequestVerdict> {
  const a = rule.action;
  const proxyName = proxy.name;
  const fmt = (f: string): FormatFn => compileLogFormat(f, env);
  switch (a.type) {
    case 'allow':
      return () => 'allow';
    case 'deny': {
      // A refused request counts as a client error on what the connection tracks, whatever the status.
      const verdict = replyVerdict(a.response, true, env);
      return (ctx) => {
        ctx.stick?.httpError();
        return verdict(ctx);
      };
    }
    case 'tarpit': {
      // Held for `timeout tarpit` (else `timeout connect`), then answered as a deny (500 by default); the connection stays.
      const ms = proxy.timeouts.tarpit ?? proxy.timeouts.connect ?? 0;
      const then = replyVerdict(a.response, true, env);
      return (ctx) => {
        ctx.stick?.httpError();
        return { tarpit: { ms, then: then(ctx) } };
      };
    }
    case 'return': {
      return replyVerdict(a.response, false, env);
    }
    case 'redirect':
      return redirectStep(a.redirect, env);
    case 'auth':
      return authStep(a.realm, proxyName);
    case 'set-header':
    case 'add-header':
    case 'del-header':
    case 'replace-header':
    case 'replace-value':
      return headerStep(a, env, requestLines);
    case 'set-path':
    case 'set-pathq':
    case 'set-query':
    case 'set-uri':
    case 'set-method': {
      const value = fmt(a.value);
      const type = a.type;
      return (ctx) => {
        const req = ctx.req;
        if (!req) return undefined;
        const v = value(ctx);
        if (type === 'set-method') req.method = v;
        else if (type === 'set-uri') req.target = v;
        else if (type === 'set-path') req.target = `${req.authorityPart}${v}${req.query === undefined ? '' : `?${req.query}`}`;
        else if (type === 'set-pathq') req.target = `${req.authorityPart}${v}`;
        else req.target = `${req.authorityPart}${req.path}?${v}`;
        return undefined;
      };
    }
    case 'replace-path':
    case 'replace-pathq':
    case 'replace-uri': {
      const re = regexOf(a.regex);
      const replacement = fmt(a.replacement);
      const type = a.type;
      return (ctx) => {
        const req = ctx.req;
        if (!req) return undefined;
        const subject = type === 'replace-uri' ? req.target : type === 'replace-path' ? req.path : req.pathQuery;
        re.lastIndex = 0;
        const m = re.exec(subject);
        if (!m) return undefined;
        const v = expandReplacement(m, replacement(ctx));
        if (type === 'replace-uri') req.target = v;
        else if (type === 'replace-path') req.target = `${req.authorityPart}${v}${req.query === undefined ? '' : `?${req.query}`}`;
        else req.target = `${req.authorityPart}${v}`;
        return undefined;
      };
    }
    case 'set-var':
    case 'set-var-fmt':
    case 'unset-var':
      return sideEffect(variableStep(a, env));
    case 'track-sc':
      return sideEffect(trackStep(a, env, 'content', true));
    case 'sc-inc-gpc0':
    case 'sc-inc-gpc1':
      return sideEffect(incrementGpcStep(a));
    case 'set-src':
      return sideEffect(setSourceStep(a, env));
    case 'use-service': {
      if (a.service !== 'prometheus-exporter') throw new Error(`'http-request use-service ${a.service}' is not implemented yet`);
      const verdict = { service: 'prometheus-exporter' } as const;
      return () => verdict;
    }
    default:
      throw new Error(`'http-request ${a.type}' is not implemented yet`);
  }
}

/** What the rules need of their proxy: its name (the default auth realm) and `timeout tarpit`. */
type RulesProxy = Pick<Proxy, 'name' | 'timeouts'>;

export class HttpRequestRules extends RuleList<RequestVerdict> {
  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(rules: readonly Rule[], redirects: readonly Rule[], acls: AclSet, env: RuleEnv, proxy: RulesProxy) {
    super([...rules, ...redirects], (r) => acls.condition(r.cond), (r) => stepOf(r, env, proxy));
  }
}
