/**
 * `http-check ...` and `tcp-check ...` rules (configuration manual 4.2): the
 * scripted steps of active health checks, kept in ctx.proxy.check.httpRules
 * and tcpRules. The `option httpchk` / `option tcp-check` keywords that turn
 * the scripts on live with the other options.
 *
 *   http-check comment|connect|send|expect|disable-on-404|send-state|set-var|set-var-fmt|unset-var
 *   tcp-check  comment|connect|send|send-lf|send-binary|send-binary-lf|expect|set-var|set-var-fmt|unset-var
 *
 * Ordering rules HAProxy 2.6 enforces while parsing [verified]:
 * - a `connect` must be the first step (only comments and set-var /
 *   unset-var may precede it), whichever the family;
 * - once `option httpchk` is in effect, a `send` must follow a `connect`
 *   (the first one excepted), an `expect` a `send` or an `expect`, and a
 *   `connect` an `expect`;
 * - a proxy's first own rule of a family replaces the rules it inherited
 *   from its defaults section (each proxy has its own rule set).
 *
 * For `set-var(<name>[,<cond>...])`, `set-var-fmt(...)` and `unset-var(...)`
 * the handler reads the variable from args[0], given either as the whole
 * word (`set-var(check.port)`) or as the text between the parentheses.
 */
import { parseHost } from '../address.js';
import type { Draft } from '../draft.js';
import type {
  CheckConnectRule,
  CheckVarRule,
  ExpectOptions,
  HeaderMatch,
  HeaderPattern,
  HttpCheckExpect,
  HttpCheckRule,
  TcpCheckExpectMatch,
  TcpCheckRule,
} from '../model/checks.js';
import type { Place } from '../model/common.js';
import { compileRegex } from '../regex.js';
import { didYouMean } from '../suggest.js';
import { parseAlpn } from '../tls-files.js';
import type { ProxyContext } from './context.js';
import type { ProxyKeyword } from './registry.js';
import { endsAtEmptyWord } from './option-values.js';
import { checkLogFormat, checkSample } from './sample.js';
import { stepMask } from './sample-types.js';

type Family = 'http' | 'tcp';

/** Health-check rules evaluate samples at the tcp-check step. */
const CHECK_STEPS = stepMask('backend tcp-check rule');

/** Rules that never count as a step for the ordering rules. */
const PASSIVE = new Set(['comment', 'set-var', 'unset-var']);

function here(ctx: ProxyContext): Place {
  return { ...ctx.place };
}

/** True when the rule was declared before this proxy's section, i.e. inherited from defaults. */
function inherited(rule: { readonly place: Place }, proxy: Place): boolean {
  return rule.place.file !== proxy.file || rule.place.line < proxy.line;
}

/** The proxy's own rule list of a family, dropping inherited rules first. */
function ownRules(ctx: ProxyContext, family: Family): Draft<HttpCheckRule | TcpCheckRule>[] {
  const check = ctx.proxy.check;
  if (family === 'http') {
    if (check.httpRules.some((r) => inherited(r, ctx.proxy.place))) check.httpRules = [];
    return check.httpRules;
  }
  if (check.tcpRules.some((r) => inherited(r, ctx.proxy.place))) check.tcpRules = [];
  return check.tcpRules;
}

function prefix(ctx: ProxyContext): string {
  return `'${ctx.keyword}' : `;
}

function fail(ctx: ProxyContext, message: string, code: 'TSLB_ERR_CFG_ARGS' | 'TSLB_ERR_CFG_NUMBER' | 'TSLB_ERR_CFG_UNSUPPORTED' = 'TSLB_ERR_CFG_ARGS'): undefined {
  return ctx.error(code, `${prefix(ctx)}${message}`);
}

/** Appends a rule after HAProxy's ordering checks (see the file comment), or reports why not. */
function addRule(ctx: ProxyContext, family: Family, rule: Draft<HttpCheckRule | TcpCheckRule>): void {
  const rules = ownRules(ctx, family);
  if (rule.type === 'connect') {
    const firstStep = rules.find((r) => !PASSIVE.has(r.type));
    if (firstStep !== undefined && firstStep.type !== 'connect') {
      fail(
        ctx,
        "first step MUST also be a 'connect', optionally preceded by a 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the ruleset",
      );
      return;
    }
  }
  if (family === 'http' && ctx.proxy.check.kind.kind === 'http' && !PASSIVE.has(rule.type)) {
    const last = rules.filter((r) => !PASSIVE.has(r.type)).pop();
    const step = rules.length + 1;
    if (last !== undefined) {
      if (rule.type === 'send' && last.type !== 'connect') {
        fail(ctx, `unable to add http-check send rule at step ${step} (missing connect rule)`);
        return;
      }
      if (rule.type === 'expect' && last.type !== 'send' && last.type !== 'expect') {
        fail(ctx, `unable to add http-check expect rule at step ${step} (missing send rule)`);
        return;
      }
      if (rule.type === 'connect' && last.type !== 'expect') {
        fail(ctx, `unable to add http-check connect rule at step ${step} (missing expect rule)`);
        return;
      }
    }
  }
  rules.push(rule);
}

/** An unknown word where an option is expected, with the closest known one as a hint. */
function unknownOption(ctx: ProxyContext, message: string, word: string, known: readonly string[]): undefined {
  return ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `${prefix(ctx)}${message}`, didYouMean(word, known));
}

/** The word after an option, or an error naming what it expects. */
function arg(ctx: ProxyContext, args: readonly string[], i: number, what: string): string | undefined {
  const v = args[i + 1];
  if (v === undefined || v === '') return fail(ctx, `'${args[i]}' expects ${what} as argument`);
  return v;
}

function regex(ctx: ProxyContext, pattern: string): boolean {
  const r = compileRegex(pattern);
  if (!r.ok) fail(ctx, r.message);
  return r.ok;
}

// ---------------------------------------------------------------------------
// comment, disable-on-404, send-state
// ---------------------------------------------------------------------------

function comment(family: Family): ProxyKeyword {
  return {
    name: `${family}-check comment`,
    parse(ctx, args) {
      const text = args[0];
      if (text === undefined || text === '') {
        fail(ctx, 'expects a string as argument');
        return;
      }
      addRule(ctx, family, { place: here(ctx), type: 'comment', text });
    },
  };
}

function checkFlag(name: 'disable-on-404' | 'send-state', key: 'disableOn404' | 'sendState'): ProxyKeyword {
  return {
    name: `http-check ${name}`,
    parse(ctx, args) {
      if (args.length > 0) {
        ctx.error('TSLB_ERR_CFG_ARGS', `'http-check' cannot handle unexpected argument '${args[0]}'`);
        return;
      }
      ctx.proxy.check[key] = true;
    },
  };
}

// ---------------------------------------------------------------------------
// connect
// ---------------------------------------------------------------------------

const CONNECT_WORDS = ['comment', 'port', 'addr', 'send-proxy', 'ssl', 'sni', 'alpn', 'linger', 'proto', 'default', 'via-socks4'];
const CONNECT_OPTIONS = "'comment', 'port', 'addr', 'send-proxy', 'ssl', 'sni', 'alpn', 'linger', 'proto' or 'default'";

function parseConnect(ctx: ProxyContext, family: Family, args: readonly string[]): Draft<CheckConnectRule> | undefined {
  const rule: Draft<CheckConnectRule> = { place: here(ctx), type: 'connect', default: false, sendProxy: false, ssl: false, linger: false };
  for (let i = 0; i < args.length; i++) {
    if (endsAtEmptyWord(ctx, args, i)) break;
    const word = args[i] as string;
    switch (word) {
      case 'default':
        rule.default = true;
        break;
      case 'send-proxy':
        rule.sendProxy = true;
        break;
      case 'ssl':
        rule.ssl = true;
        break;
      case 'linger':
        rule.linger = true;
        break;
      case 'via-socks4':
        return fail(ctx, "'via-socks4' is not supported by tslb", 'TSLB_ERR_CFG_UNSUPPORTED');
      case 'port': {
        const v = arg(ctx, args, i, 'a port number or a sample expression');
        if (v === undefined) return undefined;
        if (/^\d+$/.test(v)) {
          const port = Number(v);
          if (port < 1 || port > 65535) {
            return fail(ctx, `expects a valid TCP port (from range 1 to 65535) or a sample expression, got ${v}`, 'TSLB_ERR_CFG_NUMBER');
          }
          rule.port = port;
        } else {
          if (checkSample(ctx, v, { steps: CHECK_STEPS }) === undefined) return undefined;
          rule.portExpr = v;
        }
        i++;
        break;
      }
      case 'addr': {
        const v = arg(ctx, args, i, '<ipv4|ipv6>');
        if (v === undefined) return undefined;
        const host = parseHost(ctx, v, true, `'${ctx.keyword}' : 'addr'`);
        if (host === undefined) return undefined;
        rule.addr = host;
        i++;
        break;
      }
      case 'sni':
      case 'comment': {
        const v = arg(ctx, args, i, 'a string');
        if (v === undefined) return undefined;
        rule[word] = v;
        i++;
        break;
      }
      case 'alpn': {
        const alpn = parseAlpn(args[i + 1] ?? '');
        if (typeof alpn === 'string') return fail(ctx, `'alpn' : ${alpn}`);
        rule.alpn = alpn;
        i++;
        break;
      }
      case 'proto': {
        const v = arg(ctx, args, i, 'a protocol name');
        if (v === undefined) return undefined;
        if (family === 'tcp') return fail(ctx, `'proto' : forcing the protocol of a tcp-check connection ('${v}') is not supported by tslb`, 'TSLB_ERR_CFG_UNSUPPORTED');
        if (v !== 'h1' && v !== 'h2') return fail(ctx, `'proto' : unknown or unusable MUX protocol '${v}' (expected h1 or h2)`);
        rule.proto = v;
        i++;
        break;
      }
      default:
        return unknownOption(ctx, `expects ${CONNECT_OPTIONS} but got '${word}' as argument`, word, CONNECT_WORDS);
    }
  }
  return rule;
}

function connect(family: Family): ProxyKeyword {
  return {
    name: `${family}-check connect`,
    parse(ctx, args) {
      const rule = parseConnect(ctx, family, args);
      if (rule) addRule(ctx, family, rule);
    },
  };
}

// ---------------------------------------------------------------------------
// http-check send, tcp-check send*
// ---------------------------------------------------------------------------

const HTTP_SEND_WORDS = ['comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body', 'body-lf'];
const HTTP_SEND_OPTIONS = "'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or 'body-lf'";

const httpSend: ProxyKeyword = {
  name: 'http-check send',
  parse(ctx, args) {
    const rule: Draft<Extract<HttpCheckRule, { type: 'send' }>> = {
      place: here(ctx),
      type: 'send',
      uriLogFormat: false,
      headers: [],
      bodyLogFormat: false,
    };
    for (let i = 0; i < args.length; i++) {
      if (endsAtEmptyWord(ctx, args, i)) break;
      const word = args[i] as string;
      switch (word) {
        case 'meth':
        case 'ver':
        case 'comment': {
          const v = arg(ctx, args, i, 'a string');
          if (v === undefined) return;
          if (word === 'meth') rule.method = v;
          else if (word === 'ver') rule.version = v;
          else rule.comment = v;
          i++;
          break;
        }
        case 'uri':
        case 'uri-lf':
        case 'body':
        case 'body-lf': {
          const v = arg(ctx, args, i, word.startsWith('uri') ? 'a URI' : 'a string');
          if (v === undefined) return;
          const lf = word.endsWith('-lf');
          if (lf && !checkLogFormat(ctx, v, CHECK_STEPS)) return;
          if (word.startsWith('uri')) {
            rule.uri = v;
            rule.uriLogFormat = lf;
          } else {
            rule.body = v;
            rule.bodyLogFormat = lf;
          }
          i++;
          break;
        }
        case 'hdr': {
          const name = args[i + 1];
          const value = args[i + 2];
          if (name === undefined || name === '' || value === undefined || value === '') {
            fail(ctx, "'hdr' expects <name> and <value> as arguments");
            return;
          }
          if (!checkLogFormat(ctx, value, CHECK_STEPS)) return;
          rule.headers.push({ name, value });
          i += 2;
          break;
        }
        default:
          unknownOption(ctx, `expects ${HTTP_SEND_OPTIONS} but got '${word}' as argument`, word, HTTP_SEND_WORDS);
          return;
      }
    }
    addRule(ctx, 'http', rule);
  },
};

/** Hex digits in pairs, as send-binary / expect binary want them. */
function hexError(text: string): string | undefined {
  const bad = /[^0-9a-fA-F]/.exec(text);
  if (bad) return `invalid binary string (an hex digit is expected (found '${bad[0]}'))`;
  if (text.length % 2 !== 0) return 'invalid binary string (an even number of hex digit is expected)';
  return undefined;
}

function tcpSend(name: 'send' | 'send-lf' | 'send-binary' | 'send-binary-lf'): ProxyKeyword {
  const binary = name.startsWith('send-binary');
  const logFormat = name.endsWith('-lf');
  return {
    name: `tcp-check ${name}`,
    parse(ctx, args) {
      const data = args[0];
      if (data === undefined || data === '') {
        fail(ctx, `expects ${binary ? 'a binary string' : 'a string'} as argument`);
        return;
      }
      if (binary && !logFormat) {
        const error = hexError(data);
        if (error !== undefined) {
          fail(ctx, `'${data}' ${error}`);
          return;
        }
      }
      if (logFormat && !checkLogFormat(ctx, data, CHECK_STEPS)) return;
      let commentText: string | undefined;
      for (let i = 1; i < args.length; i++) {
        if (endsAtEmptyWord(ctx, args, i)) break;
        if (args[i] !== 'comment') {
          unknownOption(ctx, `expects 'comment' but got '${args[i]}' as argument`, args[i] as string, ['comment']);
          return;
        }
        commentText = arg(ctx, args, i, 'a string');
        if (commentText === undefined) return;
        i++;
      }
      const place = here(ctx);
      const rule: Draft<TcpCheckRule> = binary ? { place, type: 'send-binary', hex: data, logFormat } : { place, type: 'send', data, logFormat };
      if (commentText !== undefined) rule.comment = commentText;
      addRule(ctx, 'tcp', rule);
    },
  };
}

// ---------------------------------------------------------------------------
// expect
// ---------------------------------------------------------------------------

const OK_STATUSES = ['L4OK', 'L6OK', 'L7OK', 'L7OKC'] as const;
const ERROR_STATUSES = ['L4CON', 'L6RSP', 'L7RSP', 'L7STS', 'L7OKC'] as const;
const TIMEOUT_STATUSES = ['L4TOUT', 'L6TOUT', 'L7TOUT'] as const;

const EXPECT_OPTIONS = ['min-recv', 'comment', 'ok-status', 'error-status', 'tout-status', 'on-success', 'on-error', 'status-code'];
const HTTP_MATCHES = ['status', 'rstatus', 'string', 'rstring', 'string-lf', 'hdr', 'fhdr'] as const;
const TCP_MATCHES = ['string', 'rstring', 'binary', 'rbinary', 'string-lf', 'binary-lf'] as const;

function statusWord<T extends string>(ctx: ProxyContext, option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.map((s) => `'${s}'`).join(', ');
  return fail(ctx, `'${option}' only supports ${list} status (got '${value ?? ''}')`);
}

/** `status 200,301-399`: codes and inclusive ranges. */
function statusCodes(ctx: ProxyContext, text: string): { from: number; to: number }[] | undefined {
  const items = text.split(',');
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  const codes: { from: number; to: number }[] = [];
  for (const item of items) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) {
      const bad = /[^\d,-]/.exec(item)?.[0] ?? (item === '' ? ',' : '-');
      return fail(ctx, `invalid character '${bad}' in the list of status codes`);
    }
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > to) return fail(ctx, `invalid range of status codes '${item}'`);
    codes.push({ from, to });
  }
  return codes;
}

/** `hdr|fhdr {name|name-lf} [-m <meth>] <name> [{value|value-lf} [-m <meth>] <value>]`; returns the next index. */
function headerExpect(
  ctx: ProxyContext,
  kind: 'hdr' | 'fhdr',
  args: readonly string[],
  start: number,
): { expect: Draft<HttpCheckExpect>; next: number } | undefined {
  let i = start;
  const part = (keyword: 'name' | 'value'): HeaderPattern | undefined | null => {
    const word = args[i];
    if (word !== keyword && word !== `${keyword}-lf`) return null;
    const logFormat = word.endsWith('-lf');
    i++;
    let match: HeaderMatch = 'str';
    if (args[i] === '-m') {
      const meth = args[i + 1] ?? '';
      if (meth !== 'str' && meth !== 'beg' && meth !== 'end' && meth !== 'sub' && meth !== 'reg') {
        return fail(ctx, `'${kind}' : '-m' only supports 'str', 'beg', 'end', 'sub' or 'reg' (got '${meth}')`);
      }
      match = meth;
      i += 2;
    }
    const pattern = args[i];
    if (pattern === undefined || pattern === '') {
      return keyword === 'name'
        ? fail(ctx, `'${kind}' expects the name keyword as first argument followed by a pattern`)
        : fail(ctx, `'${kind}' expects a pattern with the value keyword`);
    }
    if (logFormat && match === 'reg') return fail(ctx, `'${kind}': log-format string is not supported with a regex matching method`);
    if (match === 'reg' && !regex(ctx, pattern)) return undefined;
    if (logFormat && !checkLogFormat(ctx, pattern, CHECK_STEPS)) return undefined;
    i++;
    return { pattern, match, logFormat };
  };
  const name = part('name');
  if (name === null) return fail(ctx, `'${kind}' expects the name keyword as first argument followed by a pattern`);
  if (name === undefined) return undefined;
  const value = part('value');
  if (value === undefined) return undefined;
  const expect: Draft<HttpCheckExpect> = value === null ? { kind, name } : { kind, name, value };
  return { expect, next: i };
}

type ParsedExpect =
  | { family: 'http'; expect: Draft<HttpCheckExpect>; options: Draft<ExpectOptions> }
  | { family: 'tcp'; match: TcpCheckExpectMatch; pattern: string; options: Draft<ExpectOptions> };

function parseExpect(ctx: ProxyContext, family: Family, args: readonly string[]): ParsedExpect | undefined {
  const options: Draft<ExpectOptions> = { negate: false };
  const matches: readonly string[] = family === 'http' ? HTTP_MATCHES : TCP_MATCHES;
  let found: ParsedExpect | undefined;
  if (args.length === 0) return fail(ctx, 'expects at least a matching pattern as arguments');
  for (let i = 0; i < args.length; i++) {
    if (endsAtEmptyWord(ctx, args, i)) break;
    let word = args[i] as string;
    if (word === '!') {
      options.negate = true;
      continue;
    }
    if (word.startsWith('!') && matches.includes(word.slice(1))) {
      options.negate = true;
      word = word.slice(1);
    }
    switch (word) {
      case 'min-recv': {
        const v = args[i + 1] ?? '';
        const n = /^-?\d+/.exec(v);
        const value = n === null ? 0 : Number(n[0]);
        if (value < -1 || value > 2 ** 31 - 1) return fail(ctx, "'min-recv' expects -1 or an integer from 0 to INT_MAX", 'TSLB_ERR_CFG_NUMBER');
        if (n === null || n[0] !== v) ctx.warn('TSLB_WRN_CFG_NUMBER', `${prefix(ctx)}'min-recv' reads '${v}' as ${value}, as HAProxy does`);
        options.minRecv = value;
        i++;
        continue;
      }
      case 'comment': {
        const v = arg(ctx, args, i, 'a string');
        if (v === undefined) return undefined;
        options.comment = v;
        i++;
        continue;
      }
      case 'ok-status':
      case 'error-status':
      case 'tout-status': {
        const v = args[i + 1];
        if (word === 'ok-status') {
          const s = statusWord(ctx, word, v, OK_STATUSES);
          if (s === undefined) return undefined;
          options.okStatus = s;
        } else if (word === 'error-status') {
          const s = statusWord(ctx, word, v, ERROR_STATUSES);
          if (s === undefined) return undefined;
          options.errorStatus = s;
        } else {
          const s = statusWord(ctx, word, v, TIMEOUT_STATUSES);
          if (s === undefined) return undefined;
          options.toutStatus = s;
        }
        i++;
        continue;
      }
      case 'on-success':
      case 'on-error': {
        const v = arg(ctx, args, i, 'a log-format string');
        if (v === undefined || !checkLogFormat(ctx, v, CHECK_STEPS)) return undefined;
        if (word === 'on-success') options.onSuccess = v;
        else options.onError = v;
        i++;
        continue;
      }
      case 'status-code': {
        const v = arg(ctx, args, i, 'a sample expression');
        if (v === undefined || checkSample(ctx, v, { steps: CHECK_STEPS }) === undefined) return undefined;
        options.statusCode = v;
        i++;
        continue;
      }
      default:
        break;
    }
    if (!matches.includes(word)) {
      const list = matches.map((m) => `[!]${m}`).join(', ');
      return unknownOption(
        ctx,
        `only supports ${EXPECT_OPTIONS.join(', ')}, ${list} but got '${word}' as argument`,
        word,
        [...EXPECT_OPTIONS, ...matches],
      );
    }
    if (found !== undefined) return fail(ctx, 'only one pattern expected');
    if (word === 'hdr' || word === 'fhdr') {
      const h = headerExpect(ctx, word, args, i + 1);
      if (h === undefined) return undefined;
      found = { family: 'http', expect: h.expect, options };
      i = h.next - 1;
      continue;
    }
    const pattern = args[i + 1];
    if (pattern === undefined || pattern === '') return fail(ctx, `'${word}' expects a <pattern> as argument`);
    i++;
    if (word === 'rstatus' || word === 'rstring' || word === 'rbinary') {
      if (!regex(ctx, pattern)) return undefined;
    } else if (word === 'binary') {
      const error = hexError(pattern);
      if (error !== undefined) return fail(ctx, error);
    } else if ((word === 'string-lf' || word === 'binary-lf') && !checkLogFormat(ctx, pattern, CHECK_STEPS)) {
      return undefined;
    }
    if (family === 'tcp') {
      found = { family: 'tcp', match: word as TcpCheckExpectMatch, pattern, options };
      continue;
    }
    let expect: Draft<HttpCheckExpect>;
    if (word === 'status') {
      const codes = statusCodes(ctx, pattern);
      if (codes === undefined) return undefined;
      expect = { kind: 'status', codes };
    } else if (word === 'string-lf') {
      expect = { kind: 'string-lf', format: pattern };
    } else {
      expect = { kind: word as 'rstatus' | 'rstring' | 'string', pattern };
    }
    found = { family: 'http', expect, options };
  }
  if (found === undefined) return fail(ctx, 'expects at least a matching pattern as arguments');
  return found;
}

function expect(family: Family): ProxyKeyword {
  return {
    name: `${family}-check expect`,
    parse(ctx, args) {
      const parsed = parseExpect(ctx, family, args);
      if (parsed === undefined) return;
      const place = here(ctx);
      if (parsed.family === 'http') addRule(ctx, 'http', { place, type: 'expect', expect: parsed.expect, ...parsed.options });
      else addRule(ctx, 'tcp', { place, type: 'expect', match: parsed.match, pattern: parsed.pattern, ...parsed.options });
    },
  };
}

// ---------------------------------------------------------------------------
// set-var, set-var-fmt, unset-var
// ---------------------------------------------------------------------------

const VAR_SCOPES = ['proc', 'sess', 'txn', 'req', 'res', 'check'];
const VAR_CONDITIONS = ['ifexists', 'ifnotexists', 'ifempty', 'ifnotempty', 'ifset', 'ifnotset', 'ifgt', 'iflt'];

/** The variable part of `set-var(<name>[,<cond>...])`, from the whole word or its inside. */
function varSpec(ctx: ProxyContext, directive: string, first: string | undefined): { name: string; conditions: string[] } | undefined {
  const whole = first === undefined ? undefined : new RegExp(`^${directive}\\((.*)\\)$`).exec(first);
  const inner = whole ? (whole[1] as string) : (first ?? '');
  const [name = '', ...conditions] = inner.split(',');
  const dot = name.indexOf('.');
  const scope = dot > 0 ? name.slice(0, dot) : '';
  if (!VAR_SCOPES.includes(scope) || !/^[A-Za-z0-9._-]+$/.test(name.slice(dot + 1))) {
    return fail(
      ctx,
      `'${directive}' : invalid variable name '${name}'. A variable name must start with its scope: 'proc', 'sess', 'txn', 'req', 'res' or 'check', then '.' and letters, digits, '.', '-' or '_'`,
    );
  }
  const badCond = conditions.find((c) => !VAR_CONDITIONS.includes(c));
  if (badCond !== undefined) {
    if (directive === 'unset-var') return fail(ctx, `'unset-var' takes no condition (got '${badCond}')`);
    return fail(ctx, `'${directive}' : unknown condition '${badCond}' (expected one of ${VAR_CONDITIONS.join(', ')})`);
  }
  if (directive === 'unset-var' && conditions.length > 0) return fail(ctx, "'unset-var' takes no condition");
  return { name, conditions };
}

function setVar(family: Family, directive: 'set-var' | 'set-var-fmt'): ProxyKeyword {
  return {
    name: `${family}-check ${directive}`,
    parse(ctx, args) {
      const spec = varSpec(ctx, directive, args[0]);
      if (spec === undefined) return;
      const value = args[1];
      const format = directive === 'set-var-fmt';
      if (value === undefined || value === '') {
        fail(ctx, `'${directive}' : missing ${format ? 'log-format string' : 'fetch method'}`);
        return;
      }
      if (format ? !checkLogFormat(ctx, value, CHECK_STEPS) : checkSample(ctx, value, { steps: CHECK_STEPS }) === undefined) return;
      const rule: Draft<CheckVarRule> = { place: here(ctx), type: 'set-var', name: spec.name, conditions: spec.conditions, value, format };
      addRule(ctx, family, rule);
    },
  };
}

function unsetVar(family: Family): ProxyKeyword {
  return {
    name: `${family}-check unset-var`,
    parse(ctx, args) {
      const spec = varSpec(ctx, 'unset-var', args[0]);
      if (spec !== undefined) addRule(ctx, family, { place: here(ctx), type: 'unset-var', name: spec.name });
    },
  };
}

export const checkKeywords: readonly ProxyKeyword[] = [
  comment('http'),
  connect('http'),
  httpSend,
  expect('http'),
  checkFlag('disable-on-404', 'disableOn404'),
  checkFlag('send-state', 'sendState'),
  setVar('http', 'set-var'),
  setVar('http', 'set-var-fmt'),
  unsetVar('http'),
  comment('tcp'),
  connect('tcp'),
  tcpSend('send'),
  tcpSend('send-lf'),
  tcpSend('send-binary'),
  tcpSend('send-binary-lf'),
  expect('tcp'),
  setVar('tcp', 'set-var'),
  setVar('tcp', 'set-var-fmt'),
  unsetVar('tcp'),
];
