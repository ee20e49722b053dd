/**
 * Conditions of rules, `if|unless <terms>` (configuration manual 7.2), and
 * the criterion of an ACL, `<fetch>[,<conv>...] [flags] [operator] <value>...`
 * (manual 7.1), which `acl` lines and anonymous `{ ... }` ACLs share.
 *
 *   if  a  !b  { path_beg /x }  or  c
 *       └──── AND group ─────┘      └─ AND group      → anyOf: [[a, !b, {…}], [c]]
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { AclCriterion, Condition, ConditionTerm, MatchMethod } from '../model/common.js';
import { PREDEFINED_ACL_DEFINITIONS } from '../predefined-acls.js';
import { compileRegex } from '../regex.js';
import { didYouMean } from '../suggest.js';
import { ProxyContext, type KeywordContext } from './context.js';
import { readableFile } from './proxy-settings.js';
import { analyzeSample, checkSample, describeSteps, type SampleInfo } from './sample.js';
import type { SampleType } from './sample-types.js';

/** Splits a rule's words at the first 'if' or 'unless': what precedes, and the condition words (from 'if'/'unless' on). */
export function splitCondition(args: readonly string[]): { readonly args: readonly string[]; readonly cond: readonly string[] | undefined } {
  const i = args.findIndex((w) => w === 'if' || w === 'unless');
  return i < 0 ? { args, cond: undefined } : { args: args.slice(0, i), cond: args.slice(i) };
}

/** The `-m` methods of manual 7.1. */
export const MATCH_METHODS: readonly MatchMethod[] = ['found', 'bool', 'int', 'ip', 'bin', 'len', 'str', 'sub', 'reg', 'beg', 'end', 'dir', 'dom'];

/** Operators an integer pattern may be preceded by (manual 7.1.2). */
const INT_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ge', 'gt', 'le', 'lt']);

/** ACL keywords whose patterns are dotted versions such as 3.1 (manual 7.3.5 "req.ssl_ver"). */
const DOTTED_VERSION_KEYWORDS: ReadonlySet<string> = new Set(['req.ssl_ver', 'req_ssl_ver']);

/** What a fetch of each type is matched with when no `-m` is given (manual 7.1, "Matching"). */
export function defaultMatch(type: SampleType): MatchMethod | undefined {
  switch (type) {
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'ip':
      return 'ip';
    case 'str':
    case 'meth':
      return 'str';
    case 'bin':
    case 'any':
      return undefined;
    default: {
      const never: never = type;
      return never;
    }
  }
}

/**
 * The match method a criterion uses: its `-m`, else the one its ACL keyword
 * stands for (`path_beg` → beg), else the default for the fetch's type.
 * Undefined when the fetch is unknown or needs an explicit `-m`.
 */
export function aclMatchMethod(criterion: AclCriterion): MatchMethod | undefined {
  if (criterion.match !== undefined) return criterion.match;
  const r = analyzeSample(criterion.fetch, true);
  if (!r.ok) return undefined;
  return r.info.aclMatch ?? defaultMatch(r.info.type);
}

const DECIMAL = /^-?\d+$/;

function isIntPattern(v: string): boolean {
  if (DECIMAL.test(v) || INT_OPERATORS.has(v)) return true;
  const colon = v.indexOf(':');
  if (colon < 0) return false;
  const lo = v.slice(0, colon);
  const hi = v.slice(colon + 1);
  return (lo !== '' || hi !== '') && (lo === '' || DECIMAL.test(lo)) && (hi === '' || DECIMAL.test(hi));
}

function isDottedVersionPattern(v: string): boolean {
  return /^\d+(\.\d+)?(:\d+(\.\d+)?)?$/.test(v) || INT_OPERATORS.has(v);
}

/** IPv4 as inet_aton() reads it: one to four dotted numbers (HAProxy accepts '10' and '1.2.3'). */
function isIPv4Loose(v: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){0,3}$/.test(v) && v.split('.').every((n) => Number(n) <= 255);
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/**
 * An address pattern: IPv4 with a /len or dotted mask, IPv6 with a /len, or
 * (unless -n) a host name, which HAProxy resolves once at load time.
 */
function isIpPattern(v: string, noDns: boolean): boolean {
  const slash = v.indexOf('/');
  const addr = slash < 0 ? v : v.slice(0, slash);
  const mask = slash < 0 ? undefined : v.slice(slash + 1);
  const maskBits = (max: number): boolean => mask === undefined || (/^\d{1,3}$/.test(mask) && Number(mask) <= max);
  if (isIPv4Loose(addr)) return maskBits(32) || (mask !== undefined && isIPv4(mask));
  if (isIPv6(addr)) return maskBits(128);
  // A dotted number that is not an address (300.1.1.1) is no host name either.
  return !noDns && HOSTNAME.test(addr) && /[A-Za-z]/.test(addr) && maskBits(32);
}

/** Why a pattern cannot be used with a method, or undefined when it can. */
function patternProblem(method: MatchMethod, v: string, info: SampleInfo, ignoreCase: boolean, noDns: boolean): string | undefined {
  switch (method) {
    case 'int':
    case 'len':
      if (method === 'int' && DOTTED_VERSION_KEYWORDS.has(info.name)) {
        return isDottedVersionPattern(v) ? undefined : `'${v}' is not a version (e.g. 3.1), a range or an operator (eq, ge, gt, le, lt)`;
      }
      return isIntPattern(v) ? undefined : `'${v}' is not an integer, a range (<min>:<max>) or an operator (eq, ge, gt, le, lt)`;
    case 'ip':
      return isIpPattern(v, noDns) ? undefined : `'${v}' is not a valid IPv4 or IPv6 address or network${noDns ? " (-n forbids host names)" : ''}`;
    case 'bin':
      return /^([0-9A-Fa-f]{2})+$/.test(v) ? undefined : `'${v}' is not binary data written as an even number of hex digits`;
    case 'reg': {
      const r = compileRegex(v, ignoreCase);
      return r.ok ? undefined : r.message;
    }
    case 'found':
    case 'bool':
    case 'str':
    case 'sub':
    case 'beg':
    case 'end':
    case 'dir':
    case 'dom':
      return undefined;
    default: {
      const never: never = method;
      return never;
    }
  }
}

/**
 * Parses `<fetch>[,<conv>...] [flags] [operator] <value>...` (manual 7.1).
 * Flags come first and end at the first word not starting with '-', or at
 * '--': -i (ignore case), -f <file> (patterns from a file), -m <method>,
 * -n (no DNS resolution), -M (the -f files are maps), -u <id>.
 */
export function parseAclCriterion(ctx: KeywordContext, words: readonly string[]): AclCriterion | undefined {
  const fetch = words[0];
  if (fetch === undefined || fetch === '') return ctx.error('TSLB_ERR_CFG_ARGS', 'missing sample fetch in ACL expression');
  const info = checkSample(ctx, fetch, { acl: true });
  if (!info) return undefined;

  let ignoreCase = false;
  let noDns = false;
  let mapFiles = false;
  let endOfFlags = false;
  let match: MatchMethod | undefined;
  let uniqueId: number | undefined;
  const files: string[] = [];
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('-')) break;
    if (w === '--') {
      endOfFlags = true;
      i++;
      break;
    }
    switch (w) {
      case '-i':
        ignoreCase = true;
        break;
      case '-n':
        noDns = true;
        break;
      case '-M':
        mapFiles = true;
        break;
      case '-f': {
        const file = words[++i];
        if (file === undefined || file === '') return ctx.error('TSLB_ERR_CFG_ARGS', "'-f' expects a pattern file name");
        // HAProxy reads pattern files while loading; a missing one is fatal.
        if (ctx instanceof ProxyContext && !readableFile(ctx, file, 'pattern file')) return undefined;
        files.push(file);
        break;
      }
      case '-m': {
        const m = words[++i];
        if (m === undefined || m === '') {
          return ctx.error('TSLB_ERR_CFG_ARGS', `'-m' expects a match method (${MATCH_METHODS.join(', ')})`);
        }
        if (!(MATCH_METHODS as readonly string[]).includes(m)) {
          return ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `unknown match method '-m ${m}'`, didYouMean(m, MATCH_METHODS));
        }
        match = m as MatchMethod;
        break;
      }
      case '-u': {
        const id = ctx.int(words[++i], 0, 2147483647, "ACL flag '-u'");
        if (id === undefined) return undefined;
        uniqueId = id;
        break;
      }
      default:
        return ctx.error('TSLB_ERR_CFG_ARGS', `'${w}' is not a valid ACL flag`, "write '--' before a pattern that starts with '-'");
    }
  }
  const values = words.slice(i);

  const method = match ?? info.aclMatch ?? defaultMatch(info.type);
  if (method === undefined) {
    return ctx.error(
      'TSLB_ERR_CFG_ARGS',
      `sample fetch '${info.name}' returns ${info.type === 'bin' ? 'binary data' : 'data of any type'}, so the ACL needs a match method ('-m <method>') before its patterns`,
    );
  }
  for (const v of values) {
    const problem = patternProblem(method, v, info, ignoreCase, noDns);
    if (problem !== undefined) return ctx.error('TSLB_ERR_CFG_ARGS', problem);
  }
  if (values.length === 0 && files.length === 0 && !endOfFlags && method !== 'found' && method !== 'bool') {
    ctx.warn(
      'TSLB_WRN_CFG_NO_EFFECT',
      `ACL on '${fetch}' has no pattern to match against and will never match`,
      "use '-m found' to test for existence, '-m bool' to test a number as a boolean, or add '--' if this is intended",
    );
  }
  return { fetch, ignoreCase, match, files, mapFiles, noDns, uniqueId, values };
}

/** Records a structural problem and keeps scanning, so one statement reports all of them. */
type Fail = (message: string, hint?: string) => void;

/**
 * Parses `if|unless <terms>` (words[0] is 'if' or 'unless'); reports problems
 * on ctx and returns undefined on error. When `steps` is given (a mask over
 * SAMPLE_STEPS, see sample.ts hookSteps), an ACL whose fetches have no data at
 * those steps is reported as never matching, as HAProxy warns.
 *
 * Unlike HAProxy, which silently accepts them, an empty condition, a lone
 * '!' and an 'or' with nothing on one side are errors: each is a typo that
 * makes the rule apply never or always. Named ACLs are resolved once the
 * whole proxy is read (crossref.ts), not here.
 */
export function parseCondition(ctx: KeywordContext, words: readonly string[], steps?: number): Condition | undefined {
  const polarity = words[0] === 'unless' ? 'unless' : 'if';
  const terms = words.slice(1);
  if (terms.length === 0) return ctx.error('TSLB_ERR_CFG_CONDITION', `empty condition after '${polarity}'`);
  let ok = true;
  const fail: Fail = (message, hint) => {
    ok = false;
    ctx.error('TSLB_ERR_CFG_CONDITION', message, hint);
  };
  const anyOf: ConditionTerm[][] = [];
  let group: ConditionTerm[] = [];
  let groupSize = 0; // terms seen in the group, parsed or not
  let negate = false;
  let loneBang = false;
  for (let i = 0; i < terms.length; i++) {
    let w = terms[i] as string;
    if (w === '||' || w.toLowerCase() === 'or') {
      if (loneBang) fail(`'!' before '${w}' is not followed by an ACL`);
      if (groupSize === 0) fail(anyOf.length === 0 && group.length === 0 ? `'${w}' has no ACL before it` : `'${w}' follows another 'or' with no ACL between them`);
      else anyOf.push(group);
      group = [];
      groupSize = 0;
      negate = false;
      loneBang = false;
      continue;
    }
    // Each '!' flips the negation, and a lone '!' applies to the next word ('! a' is '!a').
    while (w.startsWith('!')) {
      negate = !negate;
      w = w.slice(1);
    }
    if (w === '') {
      loneBang = true;
      continue;
    }
    loneBang = false;
    groupSize++;
    if (w === '{') {
      const close = terms.indexOf('}', i + 1);
      if (close < 0) {
        fail("missing '}' to close the anonymous ACL opened with '{'", "'{' and '}' must be separate words");
        return undefined;
      }
      const inner = terms.slice(i + 1, close);
      if (inner.length === 0) {
        fail("empty anonymous ACL '{ }'");
      } else {
        const acl = parseAclCriterion(ctx, inner);
        if (acl) group.push({ kind: 'anonymous', acl, negate });
        else ok = false;
      }
      i = close;
    } else if (w === '}') {
      fail("'}' without a matching '{'");
    } else if (w.startsWith('{') || w.endsWith('}')) {
      fail(`'${w}': the braces of an anonymous ACL must be separate words`, "write '{ path / }'");
    } else if (w === 'if' || w === 'unless') {
      fail(`'${w}' cannot appear inside a condition`);
    } else if (w === '&&' || w.toLowerCase() === 'and') {
      fail(`'${w}' is not an operator here`, "ACLs written one after another are ANDed; use 'or' or '||' for OR");
    } else {
      group.push({ kind: 'acl', name: w, negate });
    }
    negate = false;
  }
  if (loneBang) fail("'!' at the end of the condition is not followed by an ACL");
  if (groupSize > 0) anyOf.push(group);
  else if (anyOf.length > 0) fail("'or' at the end of the condition has no ACL after it");
  if (!ok) return undefined;
  const cond: Condition = { polarity, anyOf };
  if (steps !== undefined) warnNeverMatching(ctx, cond, steps);
  return cond;
}

/** The fetch expressions a named ACL stands for: the proxy's `acl` lines so far, or a predefined ACL. */
function namedAclFetches(ctx: KeywordContext, name: string): string[] {
  if (ctx instanceof ProxyContext) {
    const own = ctx.proxy.acls.filter((a) => a.name === name).map((a) => a.criterion.fetch);
    if (own.length > 0) return own;
  }
  const predefined = PREDEFINED_ACL_DEFINITIONS.get(name);
  return predefined === undefined ? [] : [predefined.split(' ')[0] as string];
}

function usableAt(fetch: string, steps: number): boolean {
  const r = analyzeSample(fetch, true);
  return !r.ok || (r.info.usable & steps) !== 0;
}

/** HAProxy warns when an ACL reads data that does not exist where the rule runs (manual 7.3, fetch availability). */
function warnNeverMatching(ctx: KeywordContext, cond: Condition, steps: number): void {
  const warned = new Set<string>();
  for (const group of cond.anyOf) {
    for (const term of group) {
      if (term.kind === 'anonymous') {
        if (!usableAt(term.acl.fetch, steps)) {
          ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `anonymous ACL on '${term.acl.fetch}' will never match in ${describeSteps(steps)}: its data does not exist there`);
        }
        continue;
      }
      if (warned.has(term.name)) continue;
      const fetches = namedAclFetches(ctx, term.name);
      if (fetches.length > 0 && fetches.every((f) => !usableAt(f, steps))) {
        warned.add(term.name);
        ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `ACL '${term.name}' will never match in ${describeSteps(steps)}: none of its fetches has data there`);
      }
    }
  }
}
