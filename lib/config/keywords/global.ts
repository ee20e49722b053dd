/** Keywords of the `global` section that tslb implements (configuration manual 3). */
import { parseBindAddresses } from '../address.js';
import type { Draft } from '../draft.js';
import type { Global, StatsSocket, Tune } from '../model/global.js';
import type { GlobalContext } from './context.js';
import type { GlobalKeyword } from './registry.js';

function single(name: string, syntax: string, set: (ctx: GlobalContext, value: string) => void): GlobalKeyword {
  return {
    name,
    parse(ctx, args) {
      if (ctx.arity(args, 1, 1, syntax)) set(ctx, args[0] as string);
    },
  };
}

/** Limits; 0 means "automatic" or "none", as in HAProxy. */
function count(name: string, key: 'maxconn' | 'maxconnrate' | 'maxsessrate', min: number): GlobalKeyword {
  return single(name, 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, min, 2147483647);
    if (n !== undefined) (ctx.global as Draft<Global>)[key] = n;
  });
}

function text(name: string, key: 'pidfile' | 'node' | 'serverStateFile' | 'serverStateBase' | 'caBase' | 'crtBase' | 'sslDefaultBindCiphers' | 'sslDefaultBindCiphersuites' | 'sslDefaultServerCiphers' | 'sslDefaultServerCiphersuites'): GlobalKeyword {
  return single(name, 'one argument', (ctx, value) => {
    (ctx.global as Draft<Global>)[key] = value;
  });
}

function tune(name: string, key: keyof Tune, min: number, max: number): GlobalKeyword {
  return single(name, `a value between ${min} and ${max}`, (ctx, value) => {
    const n = ctx.lenientInt(value, min, max);
    if (n !== undefined) (ctx.global.tune as Draft<Tune>)[key] = n;
  });
}

/** `stats socket <address|path> [level user|operator|admin] [mode <octal>] [user|uid <u>] [group|gid <g>] [expose-fd listeners]`. */
const statsSocket: GlobalKeyword = {
  name: 'stats socket',
  parse(ctx, args) {
    const word = args[0];
    if (word === undefined) {
      ctx.usage("'<path|ip:port> [param*]'");
      return;
    }
    const addresses = parseBindAddresses(ctx, word);
    if (!addresses) return;
    if (addresses.length !== 1) {
      ctx.error('TSLB_ERR_CFG_ADDRESS', `'stats socket' expects exactly one address, got '${word}'`);
      return;
    }
    const socket: Draft<StatsSocket> = {
      place: { ...ctx.place },
      address: addresses[0] as Draft<StatsSocket>['address'],
      level: 'operator',
      exposeFdListeners: false,
    };
    for (let i = 1; i < args.length; i++) {
      const opt = args[i] as string;
      const value = args[i + 1];
      switch (opt) {
        case 'level':
          if (value !== 'user' && value !== 'operator' && value !== 'admin') {
            ctx.error('TSLB_ERR_CFG_ARGS', `'level' only supports 'user', 'operator', and 'admin', got '${value ?? ''}'`);
            return;
          }
          socket.level = value;
          i++;
          break;
        case 'mode':
          if (value === undefined || !/^[0-7]{1,4}$/.test(value)) {
            ctx.error('TSLB_ERR_CFG_ARGS', `'mode' expects an octal permission such as 600, got '${value ?? ''}'`);
            return;
          }
          socket.mode = parseInt(value, 8);
          i++;
          break;
        case 'user':
        case 'uid':
        case 'group':
        case 'gid':
          if (value === undefined) {
            ctx.error('TSLB_ERR_CFG_ARGS', `'${opt}' expects an argument`);
            return;
          }
          if (opt === 'user' || opt === 'uid') socket.user = value;
          else socket.group = value;
          i++;
          break;
        case 'expose-fd':
          if (value !== 'listeners') {
            ctx.error('TSLB_ERR_CFG_ARGS', `'expose-fd' expects 'listeners', got '${value ?? ''}'`);
            return;
          }
          socket.exposeFdListeners = true;
          i++;
          break;
        case 'process':
        case 'thread':
          ctx.warn('TSLB_WRN_CFG_IGNORED', `'${opt}' on 'stats socket' is accepted and ignored: the Runtime API runs in the primary process`);
          i++;
          break;
        default:
          ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `'stats socket' option '${opt}' is not supported by tslb`);
          return;
      }
    }
    ctx.global.statsSockets.push(socket);
  },
};

/** setenv / presetenv / unsetenv / resetenv act on the variables of later lines (manual 3.1). */
const envKeywords: readonly GlobalKeyword[] = [
  {
    name: 'setenv',
    parse(ctx, args) {
      if (ctx.arity(args, 2, 2, '<name> <value>')) ctx.env.set(args[0] as string, args[1] as string);
    },
  },
  {
    name: 'presetenv',
    parse(ctx, args) {
      if (ctx.arity(args, 2, 2, '<name> <value>') && !ctx.env.has(args[0] as string)) ctx.env.set(args[0] as string, args[1] as string);
    },
  },
  {
    name: 'unsetenv',
    parse(ctx, args) {
      if (ctx.arity(args, 1, Infinity, '<name> [<name> ...]')) for (const name of args) ctx.env.delete(name);
    },
  },
  {
    name: 'resetenv',
    parse(ctx, args) {
      const keep = new Set(args);
      for (const name of [...ctx.env.keys()]) if (!keep.has(name)) ctx.env.delete(name);
    },
  },
];

function sslOptions(name: string, key: 'sslDefaultBindOptions' | 'sslDefaultServerOptions'): GlobalKeyword {
  return {
    name,
    parse(ctx, args) {
      if (ctx.arity(args, 1, Infinity, '<option> [<option> ...]')) ctx.global[key] = [...args];
    },
  };
}

export const globalKeywords: readonly GlobalKeyword[] = [
  count('maxconn', 'maxconn', 0),
  count('maxconnrate', 'maxconnrate', 0),
  count('maxsessrate', 'maxsessrate', 0),
  single('nbthread', 'a number of threads', (ctx, value) => {
    const n = ctx.int(value, 1, 64, 'nbthread');
    if (n !== undefined) ctx.global.nbthread = n;
  }),
  single('hard-stop-after', 'a time value', (ctx, value) => {
    const ms = ctx.time(value);
    if (ms !== undefined) ctx.global.hardStopAfter = ms;
  }),
  single('grace', 'a time value', (ctx, value) => {
    const ms = ctx.time(value);
    if (ms !== undefined) ctx.global.grace = ms;
  }),
  text('pidfile', 'pidfile'),
  text('node', 'node'),
  {
    name: 'description',
    parse(ctx, args) {
      if (ctx.arity(args, 1, Infinity, '<text>')) ctx.global.description = args.join(' ');
    },
  },
  statsSocket,
  single('stats timeout', 'a time value', (ctx, value) => {
    const ms = ctx.time(value, 'stats timeout');
    if (ms === undefined) return;
    if (ms === 0) ctx.error('TSLB_ERR_CFG_TIME', "'stats timeout' expects a positive value");
    else ctx.global.statsTimeout = ms;
  }),
  single('stats maxconn', 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, 1, 2147483647, 'stats maxconn');
    if (n !== undefined) ctx.global.statsMaxconn = n;
  }),
  // HAProxy reads tune.bufsize with atol(): '16k' is 16 bytes, which makes it
  // crash on the first request; tslb refuses buffers too small to hold a head.
  tune('tune.bufsize', 'bufsize', 1024, 1024 * 1024 * 1024),
  tune('tune.maxrewrite', 'maxrewrite', 0, 2147483647),
  tune('tune.http.maxhdr', 'httpMaxhdr', 1, 32767),
  tune('tune.http.cookielen', 'httpCookielen', 0, 2147483647),
  tune('tune.http.logurilen', 'httpLogurilen', 0, 2147483647),
  single('spread-checks', 'a percentage between 0 and 50', (ctx, value) => {
    const n = ctx.lenientInt(value, 0, 50);
    if (n !== undefined) ctx.global.spreadChecks = n;
  }),
  single('max-spread-checks', 'a time value', (ctx, value) => {
    const ms = ctx.time(value);
    if (ms !== undefined) ctx.global.maxSpreadChecks = ms;
  }),
  text('server-state-file', 'serverStateFile'),
  text('server-state-base', 'serverStateBase'),
  text('ca-base', 'caBase'),
  text('crt-base', 'crtBase'),
  text('ssl-default-bind-ciphers', 'sslDefaultBindCiphers'),
  text('ssl-default-bind-ciphersuites', 'sslDefaultBindCiphersuites'),
  text('ssl-default-server-ciphers', 'sslDefaultServerCiphers'),
  text('ssl-default-server-ciphersuites', 'sslDefaultServerCiphersuites'),
  sslOptions('ssl-default-bind-options', 'sslDefaultBindOptions'),
  sslOptions('ssl-default-server-options', 'sslDefaultServerOptions'),
  single('ssl-server-verify', "'none' or 'required'", (ctx, value) => {
    if (value === 'none' || value === 'required') ctx.global.sslServerVerify = value;
    else ctx.error('TSLB_ERR_CFG_ARGS', `'ssl-server-verify' expects 'none' or 'required', got '${value}'`);
  }),
  {
    name: 'h1-case-adjust',
    parse(ctx, args) {
      if (!ctx.arity(args, 2, 2, '<from> <to>')) return;
      if ((args[0] as string).toLowerCase() !== (args[1] as string).toLowerCase()) {
        ctx.error('TSLB_ERR_CFG_ARGS', `'h1-case-adjust' expects '<to>' to be '<from>' with another case, got '${args[0]}' and '${args[1]}'`);
        return;
      }
      ctx.global.h1CaseAdjust.push({ from: args[0] as string, to: args[1] as string });
    },
  },
  {
    name: 'strict-limits',
    negatable: true,
    parse(ctx, args) {
      if (ctx.arity(args, 0, 0, 'no argument')) ctx.global.strictLimits = ctx.modifier === 'none';
    },
  },
  ...envKeywords,
];
