/**
 * The `option <name>` keywords tslb implements (configuration manual 4.2,
 * "option ..."). `no option x` and `default option x` are accepted only for
 * the options HAProxy marks as negatable; the parser has already refused
 * them elsewhere.
 */
import { isIP } from 'node:net';
import type { Draft } from '../draft.js';
import type { ProxyFlags } from '../model/proxy.js';
import type { ProxyContext } from './context.js';
import type { ProxyKeyword } from './registry.js';

/** Refuses `no` / `default` on an option HAProxy does not allow to negate. */
function refuseModifier(ctx: ProxyContext, option: string): boolean {
  if (ctx.modifier === 'none') return false;
  ctx.error('TSLB_ERR_CFG_MODIFIER', `negation/default is not supported for option '${option}'`);
  return true;
}

function noArgs(ctx: ProxyContext, args: readonly string[]): boolean {
  if (args.length === 0) return true;
  ctx.error('TSLB_ERR_CFG_ARGS', `'${ctx.keyword}' cannot handle unexpected argument '${args[0]}'`);
  return false;
}

/** A negatable on/off option stored in proxy.flags. */
function flag(option: string, key: keyof ProxyFlags): ProxyKeyword {
  return {
    name: `option ${option}`,
    negatable: true,
    parse(ctx, args) {
      if (!noArgs(ctx, args)) return;
      const flags = ctx.proxy.flags as Draft<ProxyFlags>;
      flags[key] = ctx.modifier === 'none' ? true : ctx.modifier === 'no' ? false : ctx.builtin.flags[key];
    },
  };
}

/** http-keep-alive / http-server-close / httpclose: the last one wins; `no` returns to keep-alive. */
function connectionMode(option: string, mode: 'keep-alive' | 'server-close' | 'close'): ProxyKeyword {
  return {
    name: `option ${option}`,
    negatable: true,
    parse(ctx, args) {
      if (!noArgs(ctx, args)) return;
      if (ctx.modifier === 'none') ctx.proxy.httpConnectionMode = mode;
      else if (ctx.proxy.httpConnectionMode === mode) ctx.proxy.httpConnectionMode = 'keep-alive';
    },
  };
}

/** A CIDR network (`10.0.0.0/8`, `::1`, `192.168.0.1`). */
export function isNetwork(text: string): boolean {
  const [addr, bits, extra] = text.split('/');
  if (extra !== undefined || addr === undefined) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d+$/.test(bits)) return family === 4 && isIP(bits) === 4; // 10.0.0.0/255.0.0.0
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const forwardfor: ProxyKeyword = {
  name: 'option forwardfor',
  parse(ctx, args) {
    if (refuseModifier(ctx, 'forwardfor')) return;
    const ff = { header: 'X-Forwarded-For', ifNone: false, except: undefined as string | undefined };
    for (let i = 0; i < args.length; i++) {
      const word = args[i] as string;
      if (word === 'if-none') {
        ff.ifNone = true;
      } else if (word === 'except' || word === 'header') {
        const value = args[++i];
        if (value === undefined || value === '') {
          ctx.usage(`'${word}' followed by a value`, `missing argument after '${word}'`);
          return;
        }
        if (word === 'except' && !isNetwork(value)) {
          ctx.error('TSLB_ERR_CFG_ADDRESS', `'option forwardfor except' expects a network, got '${value}'`);
          return;
        }
        if (word === 'except') ff.except = value;
        else ff.header = value;
      } else {
        ctx.usage("'[except <network>] [header <name>] [if-none]'", `unexpected argument '${word}'`);
        return;
      }
    }
    ctx.proxy.forwardFor = ff;
  },
};

const httplog: ProxyKeyword = {
  name: 'option httplog',
  parse(ctx, args) {
    if (refuseModifier(ctx, 'httplog')) return;
    if (args.length > 1 || (args.length === 1 && args[0] !== 'clf')) {
      ctx.error('TSLB_ERR_CFG_ARGS', `'option httplog' only accepts 'clf', got '${args[0]}'`);
      return;
    }
    ctx.proxy.logFormat = { kind: 'httplog', clf: args[0] === 'clf' };
  },
};

const tcplog: ProxyKeyword = {
  name: 'option tcplog',
  parse(ctx, args) {
    if (refuseModifier(ctx, 'tcplog') || !noArgs(ctx, args)) return;
    ctx.proxy.logFormat = { kind: 'tcplog' };
  },
};

const redispatch: ProxyKeyword = {
  name: 'option redispatch',
  negatable: true,
  parse(ctx, args) {
    if (ctx.modifier !== 'none') {
      if (args.length > 0) ctx.warn('TSLB_WRN_CFG_NO_EFFECT', `'${ctx.modifier} option redispatch' ignores its argument '${args[0]}', as HAProxy does`);
      ctx.proxy.flags.redispatch = ctx.modifier === 'default' ? ctx.builtin.flags.redispatch : false;
      ctx.proxy.retries.redispatchInterval = -1;
      return;
    }
    if (args.length > 1) {
      ctx.error('TSLB_ERR_CFG_ARGS', `'option redispatch' cannot handle unexpected argument '${args[1]}'`);
      return;
    }
    let interval = -1;
    if (args[0] !== undefined) {
      const n = ctx.lenientInt(args[0], -2147483648, 2147483647, 'option redispatch');
      if (n === undefined) return;
      interval = n;
    }
    ctx.proxy.flags.redispatch = interval !== 0;
    ctx.proxy.retries.redispatchInterval = interval;
  },
};

const httpchk: ProxyKeyword = {
  name: 'option httpchk',
  parse(ctx, args) {
    if (refuseModifier(ctx, 'httpchk')) return;
    if (args.length > 3) {
      ctx.error('TSLB_ERR_CFG_ARGS', `'option httpchk' expects '[<method>] [<uri>] [<version>]', got unexpected argument '${args[3]}'`);
      return;
    }
    const [a, b, c] = args;
    let method = 'OPTIONS';
    let uri = '/';
    let version = 'HTTP/1.0';
    if (args.length === 1) uri = a as string;
    if (args.length >= 2) {
      method = a as string;
      uri = b as string;
    }
    let extraHeaders: string | undefined;
    if (c !== undefined) {
      const cut = c.indexOf('\r\n');
      version = cut < 0 ? c : c.slice(0, cut);
      if (cut >= 0) {
        extraHeaders = c.slice(cut + 2);
        ctx.warn(
          'TSLB_WRN_CFG_DEPRECATED',
          "'option httpchk' : hiding headers or body at the end of the version string is deprecated",
          "use 'http-check send hdr <name> <value>'",
        );
      }
    }
    ctx.proxy.check.kind = { kind: 'http', method, uri, version, extraHeaders };
  },
};

function checkKind(option: 'tcp-check' | 'redis-check'): ProxyKeyword {
  return {
    name: `option ${option}`,
    parse(ctx, args) {
      if (refuseModifier(ctx, option) || !noArgs(ctx, args)) return;
      ctx.proxy.check.kind = { kind: option === 'tcp-check' ? 'tcp-check' : 'redis' };
    },
  };
}

const mysqlCheck: ProxyKeyword = {
  name: 'option mysql-check',
  parse(ctx, args) {
    if (refuseModifier(ctx, 'mysql-check')) return;
    if (args.length === 0) {
      ctx.proxy.check.kind = { kind: 'mysql', variant: 'pre-41' };
      return;
    }
    if (args[0] !== 'user' || args[1] === undefined || args.length > 3) {
      ctx.usage("'[user <username> [{post-41|pre-41}]]'", `unexpected argument '${args[0]}'`);
      return;
    }
    const v = args[2];
    if (v !== undefined && v !== 'post-41' && v !== 'pre-41') {
      ctx.usage("'[user <username> [{post-41|pre-41}]]'", `unexpected argument '${v}'`);
      return;
    }
    ctx.proxy.check.kind = { kind: 'mysql', user: args[1], variant: v ?? 'post-41' };
  },
};

const pgsqlCheck: ProxyKeyword = {
  name: 'option pgsql-check',
  parse(ctx, args) {
    if (refuseModifier(ctx, 'pgsql-check')) return;
    if (args[0] !== 'user' || args[1] === undefined || args.length > 2) {
      ctx.usage("'user <username>' as argument");
      return;
    }
    ctx.proxy.check.kind = { kind: 'pgsql', user: args[1] };
  },
};

export const optionKeywords: readonly ProxyKeyword[] = [
  flag('dontlognull', 'dontlognull'),
  flag('allbackups', 'allbackups'),
  flag('persist', 'persist'),
  flag('abortonclose', 'abortonclose'),
  flag('log-health-checks', 'logHealthChecks'),
  flag('socket-stats', 'socketStats'),
  connectionMode('http-keep-alive', 'keep-alive'),
  connectionMode('http-server-close', 'server-close'),
  connectionMode('httpclose', 'close'),
  forwardfor,
  httplog,
  tcplog,
  redispatch,
  httpchk,
  checkKind('tcp-check'),
  checkKind('redis-check'),
  mysqlCheck,
  pgsqlCheck,
];
