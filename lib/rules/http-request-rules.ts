/**
 * `http-request` rules of one proxy, and its legacy `redirect` rules
 * (configuration manual 4.2), compiled once: run in order on each request;
 * the first final action (allow, deny, return, redirect) ends them. What
 * they change stays in the context's HttpRequestState, which the session
 * forwards.
 */
import type { Redirect, Rule } from '../config/model/rules.js';
import { compileRegex } from '../config/regex.js';
import { basicChallenge } from '../auth/basic.js';
import { builtInPage } from '../http/error-pages.js';
import { reasonPhrase } from '../http/reasons.js';
import { renderReply, type Reply } from '../http/replies.js';
import type { AclSet } from './acl/condition.js';
import type { Predicate } from './acl/criterion.js';
import type { SampleContext } from './context.js';
import type { RuleEnv } from './env.js';
import { addHeader, deleteHeaders, expandReplacement, replaceHeader, setHeader } from './header-edit.js';
import { compileLogFormat, type FormatFn } from './log-format.js';
import { compileExpression } from './sample/expression.js';

/** What ends the rules: `allow` (go on with the request), an answer from tslb, or the proxy's error page for a status. */
export type RequestVerdict = 'allow' | { readonly reply: Reply } | { readonly page: number };

type Step = (ctx: SampleContext) => RequestVerdict | undefined;

/** Status codes whose redirect carries `cache-control: no-cache` (verified on 2.6.12). */
const UNCACHED_REDIRECTS: ReadonlySet<number> = new Set([302, 303, 307]);

function regexOf(pattern: string): RegExp {
  const r = compileRegex(pattern);
  if (!r.ok) throw new Error(r.message);
  return r.regex;
}

/** `redirect location|prefix|scheme` (manual 4.2 "redirect"). */
function redirectStep(r: Redirect, env: RuleEnv): Step {
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

/** `http-request auth [realm <realm>]`: HAProxy's 401 page with the Basic challenge added (default realm: the proxy's name). */
function authStep(realm: string | undefined, proxyName: string): Step {
  const page = (builtInPage(401) as { bytes: Buffer }).bytes;
  const end = page.indexOf('\r\n\r\n');
  const reply = { head: `${page.subarray(0, end + 2).toString('latin1')}www-authenticate: ${basicChallenge(realm, proxyName)}\r\n`, body: page.subarray(end + 4) };
  return () => ({ reply });
}

function stepOf(rule: Rule, env: RuleEnv, proxyName: string): Step {
  const a = rule.action;
  const fmt = (f: string): FormatFn => compileLogFormat(f, env);
  switch (a.type) {
    case 'allow':
      return () => 'allow';
    case 'deny': {
      const spec = a.response;
      // A bare deny answers the proxy's error page for its status.
      if (spec.body?.kind === 'default-errorfiles' && spec.headers.length === 0) {
        const page = { page: spec.status };
        return () => page;
      }
      const reply = renderReply(spec);
      return () => ({ reply });
    }
    case 'return': {
      const reply = renderReply(a.response);
      return () => ({ reply });
    }
    case 'redirect':
      return redirectStep(a.redirect, env);
    case 'auth':
      return authStep(a.realm, proxyName);
    case 'set-header':
    case 'add-header': {
      const value = fmt(a.value);
      const edit = a.type === 'set-header' ? setHeader : addHeader;
      return (ctx) => {
        if (ctx.req) edit(ctx.req.editHeaders(), a.name, value(ctx));
        return undefined;
      };
    }
    case 'del-header': {
      const name = a.name.toLowerCase();
      const re = a.match === 'reg' ? regexOf(a.name) : undefined;
      const test: (n: string) => boolean =
        a.match === 'beg' ? (n) => n.startsWith(name) : a.match === 'end' ? (n) => n.endsWith(name) : a.match === 'sub' ? (n) => n.includes(name) : re ? (n) => re.test(n) : (n) => n === name;
      return (ctx) => {
        if (ctx.req) deleteHeaders(ctx.req.editHeaders(), test);
        return undefined;
      };
    }
    case 'replace-header':
    case 'replace-value': {
      const re = regexOf(a.regex);
      const replacement = fmt(a.replacement);
      const lname = a.name.toLowerCase();
      return (ctx) => {
        if (ctx.req) replaceHeader(ctx.req.editHeaders(), lname, re, replacement(ctx), a.type === 'replace-value');
        return undefined;
      };
    }
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
    case 'set-var-fmt': {
      if (a.conditions.length > 0) throw new Error(`'${a.type}' conditions (${a.conditions.join(', ')}) are not implemented yet`);
      const { scope, name } = a;
      if (a.type === 'set-var') {
        const expr = compileExpression(a.expr, env);
        return (ctx) => {
          const v = expr.one(ctx);
          if (v !== undefined) ctx.vars.set(scope, name, v);
          return undefined;
        };
      }
      const value = fmt(a.format);
      return (ctx) => {
        ctx.vars.set(scope, name, { type: 'str', value: value(ctx) });
        return undefined;
      };
    }
    case 'unset-var': {
      const { scope, name } = a;
      return (ctx) => {
        ctx.vars.unset(scope, name);
        return undefined;
      };
    }
    default:
      throw new Error(`'http-request ${a.type}' is not implemented yet`);
  }
}

export class HttpRequestRules {
  readonly #steps: { readonly when: Predicate; readonly step: Step }[];

  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(rules: readonly Rule[], redirects: readonly Rule[], acls: AclSet, env: RuleEnv, proxyName: string) {
    this.#steps = [...rules, ...redirects].map((r) => {
      try {
        return { when: acls.condition(r.cond), step: stepOf(r, env, proxyName) };
      } catch (err) {
        throw new Error(`line ${r.place.line}: ${(err as Error).message}`);
      }
    });
  }

  get empty(): boolean {
    return this.#steps.length === 0;
  }

  run(ctx: SampleContext): RequestVerdict | undefined {
    for (const { when, step } of this.#steps) {
      if (!when(ctx)) continue;
      const v = step(ctx);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}
