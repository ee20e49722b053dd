/**
 * Rules of the rule sets: `<action> [<args>...] [if|unless <condition>]`
 * (configuration manual 4.2 "http-request", "http-response",
 * "http-after-response", "tcp-request connection|session|content",
 * "tcp-response content"). Which action exists in which set follows
 * HAProxy 2.6 (the lists in haproxy-catalogue.ts); each action tslb runs
 * has a parser here, and the others are refused as not supported.
 *
 *   word ─► known in this set? ─no─► unknown (did-you-mean) / not allowed here / Lua
 *             │yes
 *             ▼
 *           tslb parser? ─no─► not supported by tslb
 *             │yes
 *             ▼
 *           parse args ─► rest empty, or if|unless <condition>
 */
import { statSync } from 'node:fs';
import type { Draft } from '../draft.js';
import type { Condition } from '../model/common.js';
import type { Action, Redirect, ReturnSpec, Rule, SetVarCondition, VarScope } from '../model/rules.js';
import type { RuleSetKeyword } from '../rule-sets.js';
import { compileRegex } from '../regex.js';
import { didYouMean } from '../suggest.js';
import { parseCondition } from './condition.js';
import type { ProxyContext } from './context.js';
import {
  HTTP_AFTER_RESPONSE_ACTIONS,
  HTTP_REQUEST_ACTIONS,
  HTTP_RESPONSE_ACTIONS,
  SERVICE_NAMES,
  TCP_REQUEST_CONNECTION_ACTIONS,
  TCP_REQUEST_CONTENT_ACTIONS,
  TCP_REQUEST_SESSION_ACTIONS,
  TCP_RESPONSE_CONTENT_ACTIONS,
  type ActionKeyword,
} from './haproxy-catalogue.js';
import { LEVELS } from './log.js';
import { ERRORFILE_CODES, readableFile } from './proxy-settings.js';
import { checkLogFormat, checkSample } from './sample.js';

/** The rule sets holding actions (the legacy `redirect` keyword is a rule set of its own). */
export type RuleSetName = Exclude<RuleSetKeyword, 'redirect'>;

/** The actions HAProxy 2.6 accepts in each set. */
export const KNOWN_ACTIONS: Readonly<Record<RuleSetName, readonly ActionKeyword[]>> = {
  'http-request': HTTP_REQUEST_ACTIONS,
  'http-response': HTTP_RESPONSE_ACTIONS,
  'http-after-response': HTTP_AFTER_RESPONSE_ACTIONS,
  'tcp-request connection': TCP_REQUEST_CONNECTION_ACTIONS,
  'tcp-request session': TCP_REQUEST_SESSION_ACTIONS,
  'tcp-request content': TCP_REQUEST_CONTENT_ACTIONS,
  'tcp-response content': TCP_RESPONSE_CONTENT_ACTIONS,
};

/** Actions HAProxy names in its shared tcp-request list but refuses in these sets. */
const REFUSED: Readonly<Partial<Record<RuleSetName, readonly string[]>>> = {
  'tcp-request connection': ['capture'],
  'tcp-request session': ['capture', 'expect-proxy', 'expect-netscaler-cip'],
  'tcp-request content': ['expect-proxy', 'expect-netscaler-cip'],
};

/** The three stick counters of HAProxy 2.6 (MAX_SESS_STKCTR), track-sc0 to track-sc2. */
const MAX_SLOT = 2;

/** Reads a rule's words in order; positional arguments are taken literally, as HAProxy does. */
class Cursor {
  readonly #words: readonly string[];
  #i = 0;
  constructor(words: readonly string[]) {
    this.#words = words;
  }
  /** The next word, unless the condition starts there. */
  peek(): string | undefined {
    const w = this.#words[this.#i];
    return w === 'if' || w === 'unless' ? undefined : w;
  }
  take(): string | undefined {
    return this.#words[this.#i++];
  }
  rest(): readonly string[] {
    return this.#words.slice(this.#i);
  }
}

interface ActionInput {
  readonly ctx: ProxyContext;
  readonly set: RuleSetName;
  /** The action as named in messages: 'http-request deny', 'redirect'. */
  readonly label: string;
  /** The action word as written: 'set-var(txn.x)', 'track-sc1'. */
  readonly word: string;
  /** The text between the parentheses of the action word, if any. */
  readonly paren: string | undefined;
  /** track-sc<n>: the counter number. */
  readonly slot: number;
  readonly args: Cursor;
  /** Steps (sample.ts) the rule runs at, to refuse fetches without data there. */
  readonly steps: number | undefined;
}

type ActionParser = (a: ActionInput) => Draft<Action> | undefined;

function missing(a: ActionInput, syntax: string): undefined {
  return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}' expects ${syntax}`);
}

function logFormat(a: ActionInput, text: string): boolean {
  return checkLogFormat(a.ctx, text, a.steps);
}

function regex(a: ActionInput, pattern: string): boolean {
  const r = compileRegex(pattern);
  if (!r.ok) a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': ${r.message}`);
  return r.ok;
}

// --- replies: deny, tarpit, return (manual "http-request return") ----------

type ReplyBody = NonNullable<ReturnSpec['body']>;

/** Headers an HTTP reply always computes itself. */
const REPLY_OWN_HEADERS: ReadonlySet<string> = new Set(['content-length', 'content-type']);

function replyStatus(a: ActionInput, option: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return missing(a, `'${option}' followed by a status code`);
  return a.ctx.int(text, 200, 599, `${a.label} ${option}`);
}

function hasPayload(body: ReplyBody | undefined): boolean {
  if (body === undefined) return false;
  if (body.kind === 'string' || body.kind === 'lf-string') return body.value !== '';
  if (body.kind === 'file' || body.kind === 'lf-file') {
    try {
      return statSync(body.path).size > 0;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * `[status <code>] [content-type <type>] [<payload>] [hdr <name> <fmt>]*`;
 * deny and tarpit also take a leading `deny_status <code>`. A deny or tarpit
 * with nothing else (but deny_status) sends the proxy's error page for the
 * status, an implied `default-errorfiles` (manual "http-request deny"); any
 * other reply without a payload has an empty body.
 */
function parseReply(a: ActionInput, which: 'deny' | 'tarpit' | 'return', defaultStatus: number): Draft<ReturnSpec> | undefined {
  const { ctx, args } = a;
  let status = defaultStatus;
  if (which !== 'return' && args.peek() === 'deny_status') {
    args.take();
    const s = replyStatus(a, 'deny_status', args.take());
    if (s === undefined) return undefined;
    status = s;
  }
  let contentType: string | undefined;
  let body: Draft<ReplyBody> | undefined;
  let headers: { name: string; value: string }[] = [];
  let options = 0;
  const setBody = (next: Draft<ReplyBody>): boolean => {
    if (body !== undefined) {
      ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': unexpected '${next.kind}', a '${body.kind}' payload is already given`);
      return false;
    }
    body = next;
    return true;
  };
  for (let w = args.peek(); w !== undefined; w = args.peek(), options++) {
    if (w === 'status') {
      args.take();
      const s = replyStatus(a, 'status', args.take());
      if (s === undefined) return undefined;
      status = s;
    } else if (w === 'content-type') {
      args.take();
      const v = args.take();
      if (v === undefined || v === '') return missing(a, "'content-type' followed by a media type");
      contentType = v;
    } else if (w === 'string' || w === 'lf-string') {
      args.take();
      const v = args.take();
      if (v === undefined || v === '') return missing(a, `'${w}' followed by a text`);
      if (w === 'lf-string' && !logFormat(a, v)) return undefined;
      if (!setBody({ kind: w, value: v })) return undefined;
    } else if (w === 'file' || w === 'lf-file' || w === 'errorfile') {
      args.take();
      const v = args.take();
      if (v === undefined || v === '') return missing(a, `'${w}' followed by a file name`);
      // HAProxy loads these files with the configuration.
      if (!readableFile(ctx, v, `'${w}' file`)) return undefined;
      if (!setBody({ kind: w, path: v })) return undefined;
    } else if (w === 'errorfiles') {
      args.take();
      const v = args.take();
      if (v === undefined || v === '') return missing(a, "'errorfiles' followed by an http-errors section name");
      if (!setBody({ kind: 'errorfiles', name: v })) return undefined;
    } else if (w === 'default-errorfiles') {
      args.take();
      if (!setBody({ kind: 'default-errorfiles' })) return undefined;
    } else if (w === 'hdr') {
      args.take();
      const name = args.take();
      const value = args.take();
      if (name === undefined || name === '' || value === undefined || value === '') return missing(a, "'hdr' followed by a header name and a value");
      if (!logFormat(a, value)) return undefined;
      headers.push({ name, value });
    } else {
      break;
    }
  }
  if (body === undefined && which !== 'return' && options === 0) body = { kind: 'default-errorfiles' };
  const errorPage = body !== undefined && (body.kind === 'errorfile' || body.kind === 'errorfiles' || body.kind === 'default-errorfiles');
  if (errorPage && body?.kind !== 'errorfile' && !ERRORFILE_CODES.includes(status)) {
    return ctx.error(
      'TSLB_ERR_CFG_ARGS',
      `'${a.label}': status ${status} has no default error page to send; use one of ${ERRORFILE_CODES.join(' ')} or give a payload`,
    );
  }
  const payload = hasPayload(body);
  if (payload && contentType === undefined) {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': a non-empty payload needs a 'content-type'`);
  }
  if (payload && (status === 204 || status === 304)) {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': a ${status} response has no body`);
  }
  if (contentType !== undefined && (errorPage || !payload)) {
    ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'${a.label}': content-type '${contentType}' is ignored ${errorPage ? 'with an error page' : 'without a payload'}`);
    contentType = undefined;
  }
  if (errorPage && headers.length > 0) {
    ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'${a.label}': 'hdr' is ignored with an error page`);
    headers = [];
  }
  for (const h of headers) {
    if (REPLY_OWN_HEADERS.has(h.name.toLowerCase())) {
      ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'${a.label}': header '${h.name}' is always computed by the reply; 'hdr ${h.name}' is ignored`);
    }
  }
  headers = headers.filter((h) => !REPLY_OWN_HEADERS.has(h.name.toLowerCase()));
  return { status, contentType, body, headers };
}

// --- redirect (manual 4.2 "redirect") ---------------------------------------

const REDIRECT_CODES: readonly number[] = [301, 302, 303, 307, 308];
const REDIRECT_OPTIONS = ['location', 'prefix', 'scheme', 'code', 'drop-query', 'append-slash', 'ignore-empty', 'set-cookie', 'clear-cookie'];

/** Every word up to the condition is a redirect option; a later `location` / `code` replaces an earlier one. */
function parseRedirect(a: ActionInput): Draft<Redirect> | undefined {
  const { ctx, args } = a;
  let kind: Redirect['kind'] | undefined;
  let value = '';
  const r: Omit<Draft<Redirect>, 'kind' | 'value'> = { code: 302, dropQuery: false, appendSlash: false, ignoreEmpty: false };
  for (let w = args.peek(); w !== undefined; w = args.peek()) {
    args.take();
    switch (w) {
      case 'location':
      case 'prefix':
      case 'scheme': {
        const v = args.take();
        if (v === undefined) return missing(a, `a value after '${w}'`);
        kind = w;
        value = v;
        break;
      }
      case 'code': {
        const v = args.take();
        const code = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
        if (!REDIRECT_CODES.includes(code)) {
          return ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': unsupported redirect code '${v ?? ''}' (expected ${REDIRECT_CODES.join(', ')})`);
        }
        r.code = code;
        break;
      }
      case 'drop-query':
        r.dropQuery = true;
        break;
      case 'append-slash':
        r.appendSlash = true;
        break;
      case 'ignore-empty':
        r.ignoreEmpty = true;
        break;
      case 'set-cookie':
      case 'clear-cookie': {
        const v = args.take();
        if (v === undefined || v === '') return missing(a, `a cookie after '${w}'`);
        if (w === 'set-cookie') r.setCookie = v;
        else r.clearCookie = v;
        break;
      }
      default:
        return ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': unknown redirect option '${w}'`, didYouMean(w, REDIRECT_OPTIONS));
    }
  }
  if (kind === undefined) return missing(a, "a redirect type: 'location', 'prefix' or 'scheme'");
  // Manual "http-response redirect": only the location form exists on responses.
  if (a.set !== 'http-request' && kind !== 'location') {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': responses only support 'redirect location', not '${kind}'`);
  }
  if (!logFormat(a, value)) return undefined;
  return { kind, value, ...r };
}

// --- variables (manual 4.2 "http-request set-var", 7.3.1 "set-var") ---------

const VAR_SCOPES: readonly VarScope[] = ['proc', 'sess', 'txn', 'req', 'res', 'check'];
const VAR_CONDITIONS: readonly SetVarCondition[] = ['ifexists', 'ifnotexists', 'ifempty', 'ifnotempty', 'ifset', 'ifnotset', 'ifgt', 'iflt'];

interface VarRef {
  readonly scope: VarScope;
  readonly name: string;
  readonly conditions: SetVarCondition[];
}

function varRef(a: ActionInput, withConditions: boolean): VarRef | undefined {
  const base = a.word.slice(0, a.word.indexOf('('));
  const inner = a.paren ?? '';
  const [full = '', ...conds] = inner.split(',');
  if (full === '') return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': empty variable name, expected '${base}(<scope>.<name>)'`);
  const dot = full.indexOf('.');
  const scope = dot < 0 ? '' : full.slice(0, dot);
  const name = dot < 0 ? '' : full.slice(dot + 1);
  if (!(VAR_SCOPES as readonly string[]).includes(scope) || name === '') {
    return a.ctx.error(
      'TSLB_ERR_CFG_ARGS',
      `'${a.label}': invalid variable name '${full}': it starts with its scope (${VAR_SCOPES.join(', ')}), a '.' and a name`,
    );
  }
  if (!/^[A-Za-z0-9_.]+$/.test(name)) {
    return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': invalid variable name '${full}': only letters, digits, '_' and '.' are allowed`);
  }
  if (!withConditions && conds.length > 0) return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': '${base}' takes no condition`);
  if (conds.length > 4) return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': at most 4 conditions, got ${conds.length}`);
  for (const c of conds) {
    if (!(VAR_CONDITIONS as readonly string[]).includes(c)) {
      return a.ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `'${a.label}': unknown set-var condition '${c}'`, didYouMean(c, VAR_CONDITIONS));
    }
  }
  return { scope: scope as VarScope, name, conditions: conds as SetVarCondition[] };
}

function sample(a: ActionInput, what: string): string | undefined {
  const expr = a.args.take();
  if (expr === undefined || expr === 'if' || expr === 'unless') return missing(a, `a sample expression (${what})`);
  return checkSample(a.ctx, expr, { steps: a.steps }) && expr;
}

/** Counter numbers written `(<n>)` after sc-inc-gpc0 / sc-inc-gpc1; 0 when omitted. */
function counterSlot(a: ActionInput): number | undefined {
  if (a.paren === undefined) return 0;
  if (!/^\d+$/.test(a.paren)) return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': invalid stick counter '${a.paren}', expected 0 to ${MAX_SLOT}`);
  const n = Number(a.paren);
  if (n > MAX_SLOT) return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': stick counter ${n} does not exist, the last one is ${MAX_SLOT}`);
  return n;
}

// --- the parsers -------------------------------------------------------------

function oneFormat(type: 'set-path' | 'set-pathq' | 'set-query' | 'set-uri' | 'set-method'): ActionParser {
  return (a) => {
    const value = a.args.take();
    if (value === undefined || value === '') return missing(a, 'exactly one argument <format>');
    return logFormat(a, value) ? { type, value } : undefined;
  };
}

function replaceIn(type: 'replace-path' | 'replace-pathq' | 'replace-uri'): ActionParser {
  return (a) => {
    const re = a.args.take();
    const replacement = a.args.take();
    if (re === undefined || replacement === undefined) return missing(a, '<match-regex> <replace-format>');
    return regex(a, re) && logFormat(a, replacement) ? { type, regex: re, replacement } : undefined;
  };
}

function header(type: 'set-header' | 'add-header'): ActionParser {
  return (a) => {
    const name = a.args.take();
    const value = a.args.take();
    if (name === undefined || value === undefined) return missing(a, '<name> <format>');
    return logFormat(a, value) ? { type, name, value } : undefined;
  };
}

function replaceHeader(type: 'replace-header' | 'replace-value'): ActionParser {
  return (a) => {
    const name = a.args.take();
    const re = a.args.take();
    const replacement = a.args.take();
    if (name === undefined || re === undefined || replacement === undefined) return missing(a, '<name> <match-regex> <replace-format>');
    return regex(a, re) && logFormat(a, replacement) ? { type, name, regex: re, replacement } : undefined;
  };
}

const DEL_HEADER_METHODS = ['str', 'beg', 'end', 'sub', 'reg'] as const;

const PARSERS: Readonly<Record<string, ActionParser>> = {
  allow: () => ({ type: 'allow' }),
  accept: () => ({ type: 'accept' }),
  reject: () => ({ type: 'reject' }),
  'silent-drop': () => ({ type: 'silent-drop' }),
  deny: (a) => {
    // Manual "http-response deny": a refused response is a 502 by default.
    const response = parseReply(a, 'deny', a.set === 'http-request' ? 403 : 502);
    return response && { type: 'deny', response };
  },
  tarpit: (a) => {
    const response = parseReply(a, 'tarpit', 500);
    return response && { type: 'tarpit', response };
  },
  return: (a) => {
    const response = parseReply(a, 'return', 200);
    return response && { type: 'return', response };
  },
  auth: (a) => {
    if (a.args.peek() !== 'realm') return { type: 'auth' };
    a.args.take();
    const realm = a.args.take();
    if (realm === undefined || realm === '') return missing(a, "a realm after 'realm'");
    return { type: 'auth', realm };
  },
  redirect: (a) => {
    const redirect = parseRedirect(a);
    return redirect && { type: 'redirect', redirect };
  },
  'set-header': header('set-header'),
  'add-header': header('add-header'),
  'del-header': (a) => {
    const name = a.args.take();
    if (name === undefined || name === '') return missing(a, '<name> [-m <method>]');
    let match: (typeof DEL_HEADER_METHODS)[number] = 'str';
    if (a.args.peek() === '-m') {
      a.args.take();
      const m = a.args.take();
      if (m === undefined) return missing(a, `a method after '-m' (${DEL_HEADER_METHODS.join(', ')})`);
      if (!(DEL_HEADER_METHODS as readonly string[]).includes(m)) {
        return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': '-m ${m}' is not supported here, expected one of ${DEL_HEADER_METHODS.join(', ')}`);
      }
      match = m as (typeof DEL_HEADER_METHODS)[number];
      // With -m reg the name itself is the regex.
      if (match === 'reg' && !regex(a, name)) return undefined;
    }
    return { type: 'del-header', name, match };
  },
  'replace-header': replaceHeader('replace-header'),
  'replace-value': replaceHeader('replace-value'),
  'set-path': oneFormat('set-path'),
  'set-pathq': oneFormat('set-pathq'),
  'set-query': oneFormat('set-query'),
  'set-uri': oneFormat('set-uri'),
  'set-method': oneFormat('set-method'),
  'replace-path': replaceIn('replace-path'),
  'replace-pathq': replaceIn('replace-pathq'),
  'replace-uri': replaceIn('replace-uri'),
  'set-status': (a) => {
    const text = a.args.take();
    if (text === undefined) return missing(a, 'a status code between 100 and 999');
    const status = a.ctx.int(text, 100, 999, `${a.label} <status>`);
    if (status === undefined) return undefined;
    if (a.args.peek() !== 'reason') return { type: 'set-status', status };
    a.args.take();
    const reason = a.args.take();
    if (reason === undefined) return missing(a, "a text after 'reason'");
    return { type: 'set-status', status, reason };
  },
  'set-var': (a) => {
    const v = varRef(a, true);
    const expr = v && sample(a, 'the value');
    return v && expr !== undefined ? { type: 'set-var', ...v, expr } : undefined;
  },
  'set-var-fmt': (a) => {
    const v = varRef(a, true);
    if (!v) return undefined;
    const format = a.args.take();
    if (format === undefined) return missing(a, 'a log-format string');
    return logFormat(a, format) ? { type: 'set-var-fmt', ...v, format } : undefined;
  },
  'unset-var': (a) => {
    const v = varRef(a, false);
    return v && { type: 'unset-var', scope: v.scope, name: v.name };
  },
  'set-src': (a) => {
    const expr = sample(a, 'the new source address');
    return expr === undefined ? undefined : { type: 'set-src', expr };
  },
  'track-sc': (a) => {
    const key = sample(a, 'the key to track');
    if (key === undefined) return undefined;
    if (a.args.peek() !== 'table') return { type: 'track-sc', slot: a.slot, key };
    a.args.take();
    const table = a.args.take();
    if (table === undefined || table === '') return missing(a, "a stick-table name after 'table'");
    return { type: 'track-sc', slot: a.slot, key, table };
  },
  'sc-inc-gpc0': (a) => {
    const slot = counterSlot(a);
    return slot === undefined ? undefined : { type: 'sc-inc-gpc0', slot };
  },
  'sc-inc-gpc1': (a) => {
    const slot = counterSlot(a);
    return slot === undefined ? undefined : { type: 'sc-inc-gpc1', slot };
  },
  capture: (a) => {
    // http-request: len (a new capture slot) or id (a declared one);
    // responses: id only; tcp-request content: len only.
    const forms = a.set === 'http-request' ? ['len', 'id'] : a.set === 'tcp-request content' ? ['len'] : ['id'];
    const syntax = `<sample> ${forms.map((f) => `${f} <${f === 'len' ? 'length' : 'id'}>`).join(' | ')}`;
    const expr = sample(a, syntax);
    if (expr === undefined) return undefined;
    const form = a.args.take();
    if (form === undefined || !forms.includes(form)) return missing(a, syntax);
    const n = a.args.take();
    if (form === 'id') {
      const id = a.ctx.int(n, 0, 2147483647, `${a.label} id`);
      return id === undefined ? undefined : { type: 'capture', expr, id };
    }
    // A new request capture slot lives in the frontend (manual "http-request capture").
    if (a.set === 'http-request' && a.ctx.proxy.kind === 'backend') {
      return a.ctx.error('TSLB_ERR_CFG_NOT_ALLOWED', `'${a.label} ... len' needs a frontend: backend '${a.ctx.proxy.name}' has none; use 'id'`);
    }
    const len = a.ctx.lenientInt(n, 1, 2147483647, `${a.label} len`);
    return len === undefined ? undefined : { type: 'capture', expr, len };
  },
  'set-log-level': (a) => {
    const level = a.args.take();
    const levels: readonly string[] = [...LEVELS, 'silent'];
    if (level === undefined || !levels.includes(level)) return missing(a, `a log level (${levels.join(', ')})`);
    return { type: 'set-log-level', level };
  },
  'use-service': (a) => {
    const service = a.args.take();
    if (service === undefined) return missing(a, 'a service name');
    if (service.startsWith('lua.')) return a.ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `Lua service '${service}' is not supported by tslb`);
    if (!(SERVICE_NAMES as readonly string[]).includes(service)) {
      return a.ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `unknown service '${service}'`, didYouMean(service, SERVICE_NAMES));
    }
    // The Prometheus exporter speaks HTTP only (manual 10.1 "use-service").
    if (a.set !== 'http-request') return a.ctx.error('TSLB_ERR_CFG_NOT_ALLOWED', `service '${service}' is only available in 'http-request' rules`);
    return { type: 'use-service', service };
  },
  'expect-proxy': (a) => {
    const layer = a.args.take();
    if (layer !== 'layer4') return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}' only supports 'layer4', got '${layer ?? ''}'`);
    return { type: 'expect-proxy' };
  },
  'switch-mode': (a) => {
    const mode = a.args.take();
    if (mode === undefined) return missing(a, "a mode ('http')");
    if (mode !== 'http') return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': 'http' is the only mode to switch to, got '${mode}'`);
    if (a.args.peek() !== 'proto') return { type: 'switch-mode', mode };
    a.args.take();
    const proto = a.args.take();
    if (proto !== 'h1' && proto !== 'h2') return a.ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}': 'proto' expects 'h1' or 'h2', got '${proto ?? ''}'`);
    return { type: 'switch-mode', mode, proto };
  },
};

/** The action names of each set that tslb implements (for the README and tests). */
export function implementedActions(set: RuleSetName): string[] {
  return KNOWN_ACTIONS[set].map((k) => k.name as string).filter((n) => PARSERS[n.startsWith('track-sc') ? 'track-sc' : n] !== undefined);
}

interface Resolved {
  readonly base: string;
  readonly paren: string | undefined;
  readonly slot: number;
  readonly parser: ActionParser;
}

function setsWith(base: string): RuleSetName[] {
  return (Object.keys(KNOWN_ACTIONS) as RuleSetName[]).filter((s) => KNOWN_ACTIONS[s].some((k) => k.name === base));
}

/** Finds what an action word names in a set, or reports why it cannot be used. */
function resolveAction(ctx: ProxyContext, set: RuleSetName, label: string, word: string): Resolved | undefined {
  const open = word.indexOf('(');
  let base = open < 0 ? word : word.slice(0, open);
  let paren: string | undefined;
  if (open >= 0) {
    if (!word.endsWith(')')) return ctx.error('TSLB_ERR_CFG_ARGS', `'${label}': incomplete action '${word}', missing ')'`);
    paren = word.slice(open + 1, -1);
  }
  if (base.startsWith('lua.')) return ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `'${label} ${base}': Lua actions are not supported by tslb`);
  let slot = 0;
  if (base.startsWith('track-sc')) {
    // HAProxy reads the digits after track-sc, none meaning 0.
    const digits = base.slice('track-sc'.length);
    if (!/^\d*$/.test(digits)) return ctx.error('TSLB_ERR_CFG_ARGS', `'${label}': wrong track-sc number '${digits}', expected track-sc0 to track-sc${MAX_SLOT}`);
    slot = digits === '' ? 0 : Number(digits);
    if (slot > MAX_SLOT) return ctx.error('TSLB_ERR_CFG_ARGS', `'${label}': track-sc${slot} does not exist, the last stick counter is track-sc${MAX_SLOT}`);
    base = `track-sc${slot}`;
  }
  const known = KNOWN_ACTIONS[set];
  const entry = known.find((k) => k.name === base);
  if (entry === undefined || (!entry.paren && paren !== undefined)) {
    if (REFUSED[set]?.includes(base)) return ctx.error('TSLB_ERR_CFG_NOT_ALLOWED', `'${base}' is not allowed in '${label}' rules`);
    const elsewhere = setsWith(base).map((s) => `'${s}'`);
    const hint =
      didYouMean(base, known.map((k) => k.name)) ??
      (elsewhere.length > 0 ? `'${base}' is an action of ${elsewhere.join(', ')} rules` : undefined);
    return ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `unknown action '${word}' in '${label}' rules`, hint);
  }
  if ((entry as ActionKeyword).parenRequired === true && paren === undefined) {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${label}': incomplete action '${base}', expected '${base}(<name>)'`);
  }
  const parser = PARSERS[base.startsWith('track-sc') ? 'track-sc' : base];
  if (parser === undefined) return ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `'${label} ${base}' is not supported by tslb`);
  return { base, paren, slot, parser };
}

export interface RuleOptions {
  /** How the rule set is named in messages ('stats http-request'); default: the set. */
  readonly label?: string;
  /** How the action is named in messages; default: the label and the action ('http-request deny'). */
  readonly actionLabel?: string;
  /** Steps (sample.ts hookSteps) the rules run at. */
  readonly steps?: number | undefined;
}

/** Parses `<action> [<args>] [if|unless <condition>]` of a rule set. */
export function parseRule(ctx: ProxyContext, set: RuleSetName, words: readonly string[], opts: RuleOptions = {}): Draft<Rule> | undefined {
  const label = opts.label ?? set;
  const word = words[0];
  if (word === undefined || word === 'if' || word === 'unless') {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${label}' expects an action`, `one of ${KNOWN_ACTIONS[set].map((k) => k.name).join(', ')}`);
  }
  const found = resolveAction(ctx, set, label, word);
  if (!found) return undefined;
  const args = new Cursor(words.slice(1));
  const a: ActionInput = {
    ctx,
    set,
    label: opts.actionLabel ?? `${label} ${found.base}`,
    word,
    paren: found.paren,
    slot: found.slot,
    args,
    steps: opts.steps,
  };
  const action = found.parser(a);
  if (!action) return undefined;
  const rest = args.rest();
  if (rest.length === 0) return { place: { ...ctx.place }, action };
  if (rest[0] !== 'if' && rest[0] !== 'unless') {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${a.label}' expects 'if' or 'unless' followed by a condition, got '${rest[0]}'`);
  }
  const cond = parseCondition(ctx, rest, opts.steps);
  return cond && { place: { ...ctx.place }, action, cond: cond as Draft<Condition> };
}

/** Actions after which HAProxy evaluates no further rule of the set (its "final" actions). */
const FINAL: Readonly<Partial<Record<RuleSetName, readonly Action['type'][]>>> = {
  'http-request': ['allow', 'deny', 'tarpit', 'auth', 'redirect', 'return'],
  'http-response': ['allow', 'deny', 'redirect', 'return'],
  'http-after-response': ['allow'],
};

export function isFinal(set: RuleSetName, action: Draft<Action>): boolean {
  return FINAL[set]?.includes(action.type) ?? false;
}
