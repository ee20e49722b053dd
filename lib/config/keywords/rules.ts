/**
 * The keywords that hold ACLs and rules (configuration manual 4.2): `acl`,
 * the rule sets (`http-request`, `http-response`, `http-after-response`,
 * `tcp-request ...`, `tcp-response content`), the legacy `redirect`, the
 * switching rules (`use_backend`, `default_backend`, `use-server`),
 * `monitor-uri` / `monitor fail`, stick tables and `stick` rules, header and
 * cookie captures, `force-persist` / `ignore-persist`, and the conditional
 * `stats admin` / `stats http-request`.
 *
 * HAProxy runs these in a fixed order whatever the order in the file
 * (connection, session, content, monitor fail, http-request, redirect,
 * use_backend, use-server); like HAProxy, tslb warns when the file says
 * otherwise.
 */
import type { Draft } from '../draft.js';
import type { AclCriterion, Condition } from '../model/common.js';
import type { Proxy } from '../model/proxy.js';
import type { Rule } from '../model/rules.js';
import type { StickRule, StickStore, StickTable } from '../model/stick.js';
import { didYouMean } from '../suggest.js';
import { isFinal, parseRule, type RuleSetName } from './actions.js';
import { parseAclCriterion, parseCondition } from './condition.js';
import type { ProxyContext } from './context.js';
import type { ProxyKeyword } from './registry.js';
import { checkLogFormat, checkSample, hookSteps, type Hook } from './sample.js';

// --- evaluation order (HAProxy's "placed after ... will still be processed before") ---

/** Statements in the order HAProxy evaluates them, with how to tell whether a proxy has one. */
const ORDER: readonly { readonly label: string; readonly present: (p: Draft<Proxy>) => boolean }[] = [
  { label: 'tcp-request connection', present: (p) => p.rules.tcpRequestConnection.length > 0 },
  { label: 'tcp-request session', present: (p) => p.rules.tcpRequestSession.length > 0 },
  { label: 'tcp-request content', present: (p) => p.rules.tcpRequestContent.length > 0 },
  { label: 'monitor fail', present: (p) => p.monitor.fail.length > 0 },
  { label: 'http-request', present: (p) => p.rules.httpRequest.length > 0 },
  { label: 'redirect', present: (p) => (p.rules.redirect?.length ?? 0) > 0 },
  { label: 'use_backend', present: (p) => p.useBackends.length > 0 },
  { label: 'use-server', present: (p) => p.useServers.length > 0 },
];

/** HAProxy checks the placement of these; a use_backend or use-server may go anywhere. */
type Ordered = 'tcp-request connection' | 'tcp-request session' | 'tcp-request content' | 'monitor fail' | 'http-request' | 'redirect';

/** Warns when a statement comes after one HAProxy evaluates later. */
function checkOrder(ctx: ProxyContext, what: Ordered): void {
  const rank = ORDER.findIndex((o) => o.label === what);
  const later = ORDER.slice(rank + 1).find((o) => o.present(ctx.proxy));
  if (later) {
    ctx.warn('TSLB_WRN_CFG_RULE_ORDER', `a '${what}' rule placed after a '${later.label}' rule will still be processed before it`);
  }
}

/**
 * Warns when the previous rule of a set ends its evaluation unconditionally.
 * For `stats http-request` any unconditional rule does, as in HAProxy.
 */
function checkReachable(ctx: ProxyContext, label: string, set: RuleSetName | 'stats', list: readonly Draft<Rule>[]): void {
  const last = list[list.length - 1];
  if (!last || last.cond) return;
  if (set === 'stats' || isFinal(set, last.action)) {
    ctx.warn('TSLB_WRN_CFG_RULE_ORDER', `the previous '${label}' rule stops the evaluation and has no condition, so this rule is never reached`);
  }
}

/** `if|unless <condition>` that must be there (monitor fail, use-server, force-persist ...). */
function requiredCondition(ctx: ProxyContext, words: readonly string[], steps: number | undefined): Condition | undefined {
  if (words[0] !== 'if' && words[0] !== 'unless') {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${ctx.keyword}' requires 'if' or 'unless' followed by a condition${words[0] === undefined ? '' : `, got '${words[0]}'`}`);
  }
  return parseCondition(ctx, words, steps);
}

/** Nothing, or `if|unless <condition>`. */
function optionalCondition(ctx: ProxyContext, words: readonly string[], steps: number | undefined): { cond?: Condition | undefined } | undefined {
  if (words.length === 0) return {};
  if (words[0] !== 'if' && words[0] !== 'unless') {
    return ctx.error('TSLB_ERR_CFG_ARGS', `unexpected '${words[0]}' in '${ctx.keyword}': only 'if' or 'unless' may follow`);
  }
  const cond = parseCondition(ctx, words, steps);
  return cond && { cond };
}

// --- acl ---------------------------------------------------------------------

/** Characters HAProxy allows in ACL names. */
const ACL_NAME = /^[A-Za-z0-9_.:-]+$/;

const acl: ProxyKeyword = {
  name: 'acl',
  parse(ctx, args) {
    const name = args[0];
    if (name === undefined || args.length < 2) return void ctx.usage('<name> <fetch> [flags] [operator] [<pattern>...]', 'missing argument');
    const bad = [...name].find((c) => !ACL_NAME.test(c));
    if (bad !== undefined) return void ctx.error('TSLB_ERR_CFG_ARGS', `character '${bad}' is not allowed in ACL name '${name}' (letters, digits, '-', '_', '.' and ':' are)`);
    const criterion = parseAclCriterion(ctx, args.slice(1));
    if (criterion) ctx.proxy.acls.push({ place: { ...ctx.place }, name, criterion: criterion as Draft<AclCriterion> });
  },
};

// --- rule sets -----------------------------------------------------------------

function ruleSet(set: RuleSetName, hook: Hook, list: (p: Draft<Proxy>) => Draft<Rule>[], order?: Ordered): ProxyKeyword {
  return {
    name: set,
    parse(ctx, args) {
      const rule = parseRule(ctx, set, args, { steps: hookSteps(hook, ctx.proxy.kind) });
      if (!rule) return;
      if (order) checkOrder(ctx, order);
      const rules = list(ctx.proxy);
      checkReachable(ctx, set, set, rules);
      rules.push(rule);
    },
  };
}

/** `tcp-request inspect-delay` / `tcp-response inspect-delay <time>`. */
function inspectDelay(name: string, set: (p: Draft<Proxy>, ms: number) => void): ProxyKeyword {
  return {
    name,
    parse(ctx, args) {
      const ms = ctx.time(args[0], name);
      if (ms === undefined) return;
      // HAProxy reads only the first word.
      if (args.length > 1) ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'${name}' ignores the extra argument '${args[1]}'`);
      set(ctx.proxy, ms);
    },
  };
}

/** The legacy `redirect` keyword: `http-request redirect` run after every http-request rule. */
const redirect: ProxyKeyword = {
  name: 'redirect',
  parse(ctx, args) {
    const rule = parseRule(ctx, 'http-request', ['redirect', ...args], {
      label: 'redirect',
      actionLabel: 'redirect',
      steps: hookSteps('http-request', ctx.proxy.kind),
    });
    if (!rule) return;
    checkOrder(ctx, 'redirect');
    (ctx.proxy.rules.redirect ??= []).push(rule);
  },
};

// --- switching -------------------------------------------------------------------

/** A name is a log-format expression when it has a '%' other than '%%' (manual 4.2 "use_backend"). */
function isDynamicName(name: string): boolean {
  return name.replaceAll('%%', '').includes('%');
}

const useBackend: ProxyKeyword = {
  name: 'use_backend',
  parse(ctx, args) {
    const backend = args[0];
    if (backend === undefined || backend === 'if' || backend === 'unless') return void ctx.usage('<backend> [{if | unless} <condition>]', 'missing backend name');
    const steps = hookSteps('use_backend', ctx.proxy.kind);
    const dynamic = isDynamicName(backend);
    if (dynamic && !checkLogFormat(ctx, backend, steps)) return;
    const rest = optionalCondition(ctx, args.slice(1), steps);
    if (!rest) return;
    ctx.proxy.useBackends.push({ place: { ...ctx.place }, backend, dynamic, ...(rest.cond && { cond: rest.cond as Draft<Condition> }) });
  },
};

const defaultBackend: ProxyKeyword = {
  name: 'default_backend',
  parse(ctx, args) {
    if (ctx.arity(args, 1, 1, '<backend>')) ctx.proxy.defaultBackend = args[0];
  },
};

const useServer: ProxyKeyword = {
  name: 'use-server',
  parse(ctx, args) {
    const server = args[0];
    if (server === undefined || server === 'if' || server === 'unless') return void ctx.usage('<server> {if | unless} <condition>', 'missing server name');
    const cond = requiredCondition(ctx, args.slice(1), hookSteps('use-server', ctx.proxy.kind));
    if (!cond) return;
    ctx.proxy.useServers.push({ place: { ...ctx.place }, server, cond: cond as Draft<Condition> });
  },
};

// --- monitor ---------------------------------------------------------------------

const monitorUri: ProxyKeyword = {
  name: 'monitor-uri',
  parse(ctx, args) {
    if (ctx.arity(args, 1, 1, '<uri>')) ctx.proxy.monitor.uri = args[0];
  },
};

const monitorFail: ProxyKeyword = {
  name: 'monitor fail',
  parse(ctx, args) {
    // HAProxy does not check where the ACLs of monitor fail get their data.
    const cond = requiredCondition(ctx, args, undefined);
    if (!cond) return;
    checkOrder(ctx, 'monitor fail');
    ctx.proxy.monitor.fail.push(cond as Draft<Condition>);
  },
};

// --- stick tables (manual 4.2 "stick-table") -----------------------------------------

type StoreShape = 'plain' | 'period' | 'array' | 'array-period';

/** The data types a 2.6 stick table can store, and the argument each takes. */
const STORE_TYPES: ReadonlyMap<string, StoreShape> = new Map([
  ['server_id', 'plain'], ['server_key', 'plain'], ['server_name', 'plain'],
  ['gpt0', 'plain'], ['gpt', 'array'],
  ['gpc0', 'plain'], ['gpc0_rate', 'period'], ['gpc1', 'plain'], ['gpc1_rate', 'period'],
  ['gpc', 'array'], ['gpc_rate', 'array-period'],
  ['conn_cnt', 'plain'], ['conn_cur', 'plain'], ['conn_rate', 'period'],
  ['sess_cnt', 'plain'], ['sess_rate', 'period'],
  ['http_req_cnt', 'plain'], ['http_req_rate', 'period'],
  ['http_err_cnt', 'plain'], ['http_err_rate', 'period'],
  ['http_fail_cnt', 'plain'], ['http_fail_rate', 'period'],
  ['bytes_in_cnt', 'plain'], ['bytes_in_rate', 'period'],
  ['bytes_out_cnt', 'plain'], ['bytes_out_rate', 'period'],
]);

/** An array type replaces its legacy single counters; HAProxy refuses both in one table. */
const EXCLUSIVE: readonly [string, readonly string[]][] = [
  ['gpc', ['gpc0', 'gpc1']],
  ['gpc_rate', ['gpc0_rate', 'gpc1_rate']],
  ['gpt', ['gpt0']],
];

/** Splits `a,b(1),c(2,10s)` at the commas outside parentheses. */
function storeItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

function storeItem(ctx: ProxyContext, item: string): Draft<StickStore> | undefined {
  const open = item.indexOf('(');
  const name = open < 0 ? item : item.slice(0, open);
  const shape = STORE_TYPES.get(name);
  if (shape === undefined) return ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `stick-table: unknown store option '${name}'`, didYouMean(name, STORE_TYPES.keys()));
  if (open >= 0 && !item.endsWith(')')) return ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: missing ')' after store option '${name}'`);
  const arg = open < 0 ? undefined : item.slice(open + 1, -1);
  if (shape === 'plain') {
    return arg === undefined ? { name } : ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: store option '${name}' takes no argument`);
  }
  if (arg === undefined || arg === '') {
    const what = shape === 'period' ? '(<period>)' : shape === 'array' ? '(<count>)' : '(<count>,<period>)';
    return ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: store option '${name}' expects ${name}${what}`);
  }
  if (shape === 'period') {
    const period = ctx.time(arg, `stick-table store ${name}`);
    return period === undefined ? undefined : { name, period };
  }
  // HAProxy ignores whatever follows <count>,<period>.
  const [countText = '', periodText] = arg.split(',');
  const count = /^\d+$/.test(countText) ? Number(countText) : 0;
  if (count < 1 || count > 100) return ctx.error('TSLB_ERR_CFG_NUMBER', `stick-table: store option '${name}' holds 1 to 100 elements, got '${countText}'`);
  if (shape === 'array') return { name, count };
  if (periodText === undefined || periodText === '') return ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: store option '${name}' expects ${name}(<count>,<period>)`);
  const period = ctx.time(periodText, `stick-table store ${name}`);
  return period === undefined ? undefined : { name, count, period };
}

const TABLE_TYPES: readonly StickTable['type'][] = ['ip', 'ipv6', 'integer', 'string', 'binary'];
const SYNTAX = "type {ip | ipv6 | integer | string [len <n>] | binary [len <n>]} size <n> [expire <time>] [nopurge] [peers <name>] [srvkey {name | addr}] [store <data>[,<data>...]]...";

const stickTable: ProxyKeyword = {
  name: 'stick-table',
  parse(ctx, args) {
    const p = ctx.proxy;
    if (p.stickTable) {
      return void ctx.error('TSLB_ERR_CFG_DUPLICATE', `a proxy has one stick-table, and ${p.kind} '${p.name}' declared one at ${p.stickTable.place.file}:${p.stickTable.place.line}`);
    }
    let type: StickTable['type'] | undefined;
    let len: number | undefined;
    let size: number | undefined;
    const t: Omit<Draft<StickTable>, 'type' | 'size' | 'place'> = { nopurge: false, store: [] };
    for (let i = 0; i < args.length; i++) {
      const w = args[i] as string;
      /** The word after `w`, which it consumes. */
      const needs = (what: string): string | undefined => {
        const value = args[i + 1];
        if (value === undefined) return ctx.usage(SYNTAX, `'${w}' expects ${what}`);
        i++;
        return value;
      };
      switch (w) {
        case 'type': {
          const v = needs('a type');
          if (v === undefined) return;
          if (!(TABLE_TYPES as readonly string[]).includes(v)) return void ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: unknown type '${v}'`, didYouMean(v, TABLE_TYPES));
          type = v as StickTable['type'];
          // `len` belongs to the string and binary types and comes right after them.
          if ((type === 'string' || type === 'binary') && args[i + 1] === 'len') {
            i++;
            const n = ctx.int(args[++i], 1, 65535, 'stick-table len');
            if (n === undefined) return;
            len = n;
          }
          break;
        }
        case 'size': {
          const v = needs('a number of entries');
          const n = v === undefined ? undefined : ctx.size(v, 'stick-table size');
          if (n === undefined) return;
          if (n === 0) return void ctx.error('TSLB_ERR_CFG_SIZE', 'stick-table: size must be at least 1');
          size = n;
          break;
        }
        case 'expire': {
          const v = needs('a time');
          const ms = v === undefined ? undefined : ctx.time(v, 'stick-table expire');
          if (ms === undefined) return;
          t.expire = ms;
          break;
        }
        case 'nopurge':
          t.nopurge = true;
          break;
        case 'peers': {
          const v = needs('a peers section name');
          if (v === undefined) return;
          // Replication needs a peers section, which tslb does not support; the
          // table itself is kept so that the rules using it are still checked.
          ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `stick-table 'peers ${v}': replicating tables between instances is not supported by tslb`);
          break;
        }
        case 'srvkey': {
          const v = needs("'name' or 'addr'");
          if (v === undefined) return;
          if (v !== 'name' && v !== 'addr') return void ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: 'srvkey' expects 'name' or 'addr', got '${v}'`);
          t.srvkey = v;
          break;
        }
        case 'store': {
          const v = needs('a list of data types');
          if (v === undefined) return;
          for (const item of storeItems(v)) {
            const s = storeItem(ctx, item);
            if (!s) return;
            if (t.store.some((x) => x.name === s.name)) {
              ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `stick-table: store option '${s.name}' is already enabled, this one is ignored`);
              continue;
            }
            t.store.push(s);
          }
          break;
        }
        default:
          return void ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: unknown argument '${w}'`, didYouMean(w, ['type', 'size', 'expire', 'nopurge', 'peers', 'srvkey', 'store']));
      }
    }
    if (type === undefined) return void ctx.usage(SYNTAX, 'missing type');
    if (size === undefined) return void ctx.usage(SYNTAX, 'missing size');
    for (const [array, legacy] of EXCLUSIVE) {
      const clash = legacy.find((l) => t.store.some((s) => s.name === l));
      if (clash !== undefined && t.store.some((s) => s.name === array)) {
        return void ctx.error('TSLB_ERR_CFG_ARGS', `stick-table: '${array}' and '${clash}' cannot be stored in the same table ('${array}' replaces '${clash}')`);
      }
    }
    p.stickTable = { place: { ...ctx.place }, type, ...(len !== undefined && { len }), size, ...t };
  },
};

function stick(kind: StickRule['kind']): ProxyKeyword {
  const name = `stick ${kind}`;
  return {
    name,
    parse(ctx, args) {
      const expr = args[0];
      if (expr === undefined || expr === 'if' || expr === 'unless') return void ctx.usage('<sample> [table <table>] [{if | unless} <condition>]', 'missing sample expression');
      // Responses are read when the stored entries are written; the rest when the server is chosen.
      const steps = hookSteps(kind === 'store-response' ? 'stick-store' : 'use-server', ctx.proxy.kind);
      if (!checkSample(ctx, expr, { steps })) return;
      let table: string | undefined;
      let i = 1;
      if (args[i] === 'table') {
        table = args[i + 1];
        if (table === undefined || table === '') return void ctx.usage('<sample> [table <table>] [{if | unless} <condition>]', "'table' expects a stick-table name");
        i += 2;
      }
      const rest = optionalCondition(ctx, args.slice(i), steps);
      if (!rest) return;
      ctx.proxy.stickRules.push({
        place: { ...ctx.place },
        kind,
        expr,
        ...(table !== undefined && { table }),
        ...(rest.cond && { cond: rest.cond as Draft<Condition> }),
      });
    },
  };
}

// --- captures (manual 4.2 "capture cookie", "capture request header") --------------

/** HAProxy keeps at most 63 characters of a captured cookie. */
const MAX_COOKIE_CAPTURE = 63;

function capture(kind: 'request-header' | 'response-header' | 'cookie'): ProxyKeyword {
  const name = kind === 'cookie' ? 'capture cookie' : `capture ${kind.replace('-', ' ')}`;
  return {
    name,
    parse(ctx, args) {
      const [what, lenWord, lenText] = args;
      if (what === undefined || lenWord !== 'len' || lenText === undefined) return void ctx.usage(`<${kind === 'cookie' ? 'cookie' : 'header'}> len <length>`, 'missing argument');
      if (args.length > 3) return void ctx.usage(`<name> len <length>`, `unexpected argument '${args[3]}'`);
      // The length is read with atol(), as in HAProxy.
      let len = ctx.lenientInt(lenText, 0, 2147483647, `${name} len`);
      if (len === undefined) return;
      if (len === 0) ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'${name} ${what}' with length 0 captures nothing`);
      if (kind === 'cookie' && len > MAX_COOKIE_CAPTURE) {
        ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'capture cookie' keeps at most ${MAX_COOKIE_CAPTURE} characters; length ${len} is cut to ${MAX_COOKIE_CAPTURE}`);
        len = MAX_COOKIE_CAPTURE;
      }
      ctx.proxy.captures.push({ place: { ...ctx.place }, kind, name: what, len });
    },
  };
}

// --- persistence and stats ------------------------------------------------------------

function persist(name: 'force-persist' | 'ignore-persist', list: (p: Draft<Proxy>) => Draft<Condition>[]): ProxyKeyword {
  return {
    name,
    parse(ctx, args) {
      const cond = requiredCondition(ctx, args, hookSteps('persist', ctx.proxy.kind));
      if (cond) list(ctx.proxy).push(cond as Draft<Condition>);
    },
  };
}

/** Every `stats` keyword turns the statistics page on, these two included (stats.ts). */
const statsAdmin: ProxyKeyword = {
  name: 'stats admin',
  parse(ctx, args) {
    const cond = requiredCondition(ctx, args, hookSteps('http-request', ctx.proxy.kind));
    if (!cond) return;
    ctx.proxy.stats.enabled = true;
    ctx.proxy.stats.admin.push(cond as Draft<Condition>);
  },
};

const statsHttpRequest: ProxyKeyword = {
  name: 'stats http-request',
  parse(ctx, args) {
    const rule = parseRule(ctx, 'http-request', args, { label: 'stats http-request', steps: hookSteps('http-request', ctx.proxy.kind) });
    if (!rule) return;
    ctx.proxy.stats.enabled = true;
    checkReachable(ctx, 'stats http-request', 'stats', ctx.proxy.stats.httpRequest);
    ctx.proxy.stats.httpRequest.push(rule);
  },
};

export const ruleKeywords: readonly ProxyKeyword[] = [
  acl,
  ruleSet('http-request', 'http-request', (p) => p.rules.httpRequest, 'http-request'),
  ruleSet('http-response', 'http-response', (p) => p.rules.httpResponse),
  ruleSet('http-after-response', 'http-response', (p) => p.rules.httpAfterResponse),
  ruleSet('tcp-request connection', 'tcp-request connection', (p) => p.rules.tcpRequestConnection, 'tcp-request connection'),
  ruleSet('tcp-request session', 'tcp-request session', (p) => p.rules.tcpRequestSession, 'tcp-request session'),
  ruleSet('tcp-request content', 'tcp-request content', (p) => p.rules.tcpRequestContent, 'tcp-request content'),
  ruleSet('tcp-response content', 'tcp-response content', (p) => p.rules.tcpResponseContent),
  inspectDelay('tcp-request inspect-delay', (p, ms) => {
    p.inspectDelay = ms;
  }),
  inspectDelay('tcp-response inspect-delay', (p, ms) => {
    p.responseInspectDelay = ms;
  }),
  redirect,
  useBackend,
  defaultBackend,
  useServer,
  monitorUri,
  monitorFail,
  stickTable,
  stick('on'),
  stick('match'),
  stick('store-request'),
  stick('store-response'),
  capture('request-header'),
  capture('response-header'),
  capture('cookie'),
  persist('force-persist', (p) => p.forcePersist),
  persist('ignore-persist', (p) => p.ignorePersist),
  statsAdmin,
  statsHttpRequest,
];
