/**
 * Sample expressions as written in the configuration:
 * `<fetch>[(<args>)][,<converter>[(<args>)]]...` (configuration manual 7.3),
 * and the `%[<expr>]` parts of log-format strings (manual 8.2.4).
 *
 * HAProxy resolves every fetch and converter name when it loads the
 * configuration and refuses a fetch at a processing step where its data
 * cannot exist (a response header in an `http-request` rule); tslb does the
 * same, from the names and availability columns in sample-types.ts.
 */
import type { Code } from '../../errors.js';
import type { MatchMethod } from '../model/common.js';
import type { ProxyKind } from '../model/proxy.js';
import { didYouMean } from '../suggest.js';
import type { KeywordContext } from './context.js';
import { ACL_KEYWORDS, DYNAMIC_PREFIXES, OPTIONAL_BUILD_CONVERTERS, OPTIONAL_BUILD_FETCHES } from './haproxy-catalogue.js';
import { CONVERTER_TYPES, FETCH_INFO, SAMPLE_STEPS, type SampleType } from './sample-types.js';

export interface SampleInfo {
  /** The fetch or ACL keyword as written, without its arguments: `req.hdr`, `path_beg`. */
  readonly name: string;
  /** For an ACL keyword such as `path_beg` without converters, the match method it stands for. */
  readonly aclMatch?: MatchMethod | undefined;
  /** The type of the result, after the converters. */
  readonly type: SampleType;
  /** Steps (bits over SAMPLE_STEPS) at which the fetch has data. */
  readonly usable: number;
}

export type SampleAnalysis =
  | { readonly ok: true; readonly info: SampleInfo }
  | { readonly ok: false; readonly code: Code; readonly message: string; readonly hint?: string | undefined };

const ACL_KEYWORD_MAP: ReadonlyMap<string, { readonly fetch: string; readonly match: MatchMethod }> = new Map(
  ACL_KEYWORDS.map((k) => [k.name, { fetch: k.fetch, match: k.match as MatchMethod }]),
);

function isDynamic(name: string): boolean {
  return DYNAMIC_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * Splits an expression at its top-level commas. Commas inside parentheses
 * and quotes belong to arguments. Returns an error message when the
 * parentheses do not balance.
 */
function splitParts(expr: string): string[] | string {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (depth > 0 && (c === '"' || c === "'")) quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return `unexpected ')' in '${expr}'`;
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  if (depth > 0 || quote !== '') return `missing ')' in '${expr}'`;
  parts.push(expr.slice(start));
  return parts;
}

/** `name(args)` → name, or an error when something follows the closing parenthesis. */
function partName(part: string): string | { error: string } {
  const open = part.indexOf('(');
  if (open < 0) return part;
  if (!part.endsWith(')')) return { error: `unexpected text after ')' in '${part}'` };
  return part.slice(0, open);
}

/**
 * Resolves the names of an expression without reporting anything. In an
 * ACL (`acl` = true) the first word may also be an ACL keyword such as
 * `path_beg` (manual 7.1).
 */
export function analyzeSample(expr: string, acl: boolean): SampleAnalysis {
  if (expr === '') return { ok: false, code: 'TSLB_ERR_CFG_ARGS', message: 'missing sample fetch' };
  const parts = splitParts(expr);
  if (typeof parts === 'string') return { ok: false, code: 'TSLB_ERR_CFG_ARGS', message: parts };
  const [first, ...converters] = parts;
  const name = partName(first as string);
  if (typeof name !== 'string') return { ok: false, code: 'TSLB_ERR_CFG_ARGS', message: name.error };
  if (name === '') return { ok: false, code: 'TSLB_ERR_CFG_ARGS', message: `missing sample fetch name in '${expr}'` };
  if (isDynamic(name)) {
    return { ok: false, code: 'TSLB_ERR_CFG_UNSUPPORTED', message: `Lua sample fetch '${name}' is not supported by tslb` };
  }
  const aclKw = acl ? ACL_KEYWORD_MAP.get(name) : undefined;
  const fetch = FETCH_INFO.get(aclKw ? aclKw.fetch : name);
  if (!fetch && OPTIONAL_BUILD_FETCHES.some((f) => f.name === name)) {
    return { ok: false, code: 'TSLB_ERR_CFG_UNSUPPORTED', message: `sample fetch '${name}' is not supported by tslb (an optional HAProxy module)` };
  }
  if (!fetch) {
    const candidates = acl ? [...FETCH_INFO.keys(), ...ACL_KEYWORD_MAP.keys()] : FETCH_INFO.keys();
    return { ok: false, code: 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', message: `unknown sample fetch '${name}'`, hint: didYouMean(name, candidates) };
  }
  let type = fetch.type;
  for (const conv of converters) {
    const cname = partName(conv);
    if (typeof cname !== 'string') return { ok: false, code: 'TSLB_ERR_CFG_ARGS', message: cname.error };
    if (cname === '') return { ok: false, code: 'TSLB_ERR_CFG_ARGS', message: `empty converter name in '${expr}'` };
    if (isDynamic(cname)) {
      return { ok: false, code: 'TSLB_ERR_CFG_UNSUPPORTED', message: `Lua converter '${cname}' is not supported by tslb` };
    }
    const out = CONVERTER_TYPES.get(cname);
    if (out === undefined && OPTIONAL_BUILD_CONVERTERS.some((c) => c.name === cname)) {
      return { ok: false, code: 'TSLB_ERR_CFG_UNSUPPORTED', message: `converter '${cname}' is not supported by tslb (an optional HAProxy module)` };
    }
    if (out === undefined) {
      return { ok: false, code: 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', message: `unknown converter '${cname}'`, hint: didYouMean(cname, CONVERTER_TYPES.keys()) };
    }
    type = out;
  }
  // With converters, an ACL keyword's own match method no longer applies: the
  // converters' output type decides, as in HAProxy (path_beg,lower is a string match).
  return { ok: true, info: { name, aclMatch: converters.length === 0 ? aclKw?.match : undefined, type, usable: fetch.usable } };
}

/** The first step of a mask, for messages ("... in a 'frontend http-request header rule'"). */
export function describeSteps(steps: number): string {
  const i = SAMPLE_STEPS.findIndex((_, bit) => (steps & (1 << bit)) !== 0);
  return i < 0 ? 'this rule' : `a '${SAMPLE_STEPS[i]}'`;
}

export interface SampleCheck {
  /** Also accept ACL keywords (path_beg ...) as the first word. */
  readonly acl?: boolean;
  /** Steps the expression is evaluated at; a fetch with no data at any of them is refused. */
  readonly steps?: number | undefined;
}

/** Resolves an expression and reports what is wrong with it on ctx. */
export function checkSample(ctx: KeywordContext, expr: string, opts: SampleCheck = {}): SampleInfo | undefined {
  const r = analyzeSample(expr, opts.acl === true);
  if (!r.ok) return ctx.error(r.code, r.message, r.hint);
  if (opts.steps !== undefined && (r.info.usable & opts.steps) === 0) {
    return ctx.error(
      'TSLB_ERR_CFG_NOT_ALLOWED',
      `sample fetch '${r.info.name}' cannot be used in ${describeSteps(opts.steps)}: the data it reads does not exist at that point`,
    );
  }
  return r.info;
}

/**
 * Checks the `%[<expr>]` parts of a log-format string (manual 8.2.4); the
 * `%<alias>` variables are left to the logging code. Returns false when a
 * problem was reported.
 */
export function checkLogFormat(ctx: KeywordContext, format: string, steps?: number): boolean {
  let ok = true;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    let j = i + 1;
    if (format[j] === '%') {
      i = j;
      continue;
    }
    if (format[j] === '{') {
      const close = format.indexOf('}', j);
      if (close < 0) {
        ctx.error('TSLB_ERR_CFG_ARGS', `missing '}' after '%{' in log-format '${format}'`);
        return false;
      }
      j = close + 1;
    }
    if (format[j] !== '[') continue;
    const end = format.indexOf(']', j);
    if (end < 0) {
      ctx.error('TSLB_ERR_CFG_ARGS', `missing ']' after '${format.slice(j + 1)}' in log-format '${format}'`);
      return false;
    }
    if (checkSample(ctx, format.slice(j + 1, end), { steps }) === undefined) ok = false;
    i = end;
  }
  return ok;
}

/** The processing points a configuration statement evaluates samples at. */
export type Hook =
  | 'tcp-request connection'
  | 'tcp-request session'
  | 'tcp-request content'
  | 'http-request'
  | 'http-response'
  | 'tcp-response content'
  | 'use_backend'
  | 'use-server'
  | 'stick-store'
  | 'persist';

/** [frontend-side step bits, backend-side step bits] of each hook (indexes into SAMPLE_STEPS). */
const HOOK_STEPS: Readonly<Record<Hook, readonly [readonly number[], readonly number[]]>> = {
  'tcp-request connection': [[0], []],
  'tcp-request session': [[1], []],
  'tcp-request content': [[2], [6]],
  'http-request': [[3], [7]],
  'http-response': [[16], [12]],
  'tcp-response content': [[15], [11]],
  use_backend: [[5], []],
  // use-server, stick match / on / store-request: when the server is chosen.
  'use-server': [[], [9]],
  'stick-store': [[], [14]],
  // force-persist / ignore-persist are checked as backend content rules.
  persist: [[], [6]],
};

/**
 * The steps a hook runs at in a proxy of this kind (defaults and listen have
 * both sides); undefined when the proxy has no side the hook runs on.
 */
export function hookSteps(hook: Hook, kind: ProxyKind): number | undefined {
  const [fe, be] = HOOK_STEPS[hook];
  let mask = 0;
  if (kind !== 'backend') for (const b of fe) mask |= 1 << b;
  if (kind !== 'frontend') for (const b of be) mask |= 1 << b;
  return mask === 0 ? undefined : mask;
}
