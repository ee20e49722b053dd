/**
 * `log` targets, in `global` and in proxies (configuration manual 3.1 and
 * 4.2 "log"):
 *
 *   log <target> [len <n>] [format <fmt>] [sample <ranges>:<size>] <facility> [<level> [<minlevel>]]
 *   log global        (proxy: use the global section's targets)
 *   no log            (proxy: drop inherited targets)
 */
import { parseHostPort } from '../address.js';
import type { LogDestination, LogFormatName, LogTarget } from '../model/log.js';
import type { KeywordContext } from './context.js';
import type { GlobalKeyword, ProxyKeyword } from './registry.js';

export const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'auth2', 'ftp', 'ntp', 'audit',
  'alert', 'cron2', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;

export const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

const FORMATS: readonly LogFormatName[] = ['local', 'rfc3164', 'rfc5424', 'priority', 'short', 'timed', 'iso', 'raw'];

const SYNTAX = "'<target> [len <n>] [format <fmt>] [sample <ranges>:<size>] <facility> [<level> [<minlevel>]]'";

function destination(ctx: KeywordContext, word: string): LogDestination | undefined {
  if (word === 'stdout' || word === 'fd@1') return { kind: 'stdout' };
  if (word === 'stderr' || word === 'fd@2') return { kind: 'stderr' };
  // tslb's own: `file@<path>` appends the lines to a file (HAProxy has no file target).
  if (word.startsWith('file@') && word.length > 5) return { kind: 'file', path: word.slice(5) };
  if (word.startsWith('/')) return { kind: 'unix', path: word };
  if (word.startsWith('unix@')) return { kind: 'unix', path: word.slice(5) };
  if (word.startsWith('ring@') || word.startsWith('tcp@') || word.startsWith('fd@')) {
    return ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `log target '${word}' is not supported by tslb`);
  }
  const addr = parseHostPort(ctx, word.startsWith('udp@') ? word.slice(4) : word, 514);
  return addr && { kind: 'udp', host: addr.host, port: addr.port };
}

/** Parses the words after `log` (other than `global`) into a target. */
export function parseLogTarget(ctx: KeywordContext, args: readonly string[]): LogTarget | undefined {
  const first = args[0];
  if (first === undefined) return ctx.usage(SYNTAX);
  const dest = destination(ctx, first);
  if (!dest) return undefined;
  let len = 1024;
  // HAProxy's default 'local' is rfc3164 without the hostname; log-send-hostname turns it into rfc3164 (lib/log/access-logger.ts).
  let format: LogFormatName = 'local';
  let formatGiven = false;
  let sample: string | undefined;
  let i = 1;
  for (;;) {
    const word = args[i];
    if (word === 'len') {
      const n = ctx.int(args[i + 1], 80, 65535, 'log len');
      if (n === undefined) return undefined;
      len = n;
    } else if (word === 'format') {
      const f = args[i + 1];
      if (f === undefined || !FORMATS.includes(f as LogFormatName)) {
        return ctx.error('TSLB_ERR_CFG_ARGS', `unknown log format '${f ?? ''}', expected one of ${FORMATS.join(', ')}`);
      }
      format = f as LogFormatName;
      formatGiven = true;
    } else if (word === 'sample') {
      const s = args[i + 1];
      if (s === undefined || !/^\d+(-\d+)?(,\d+(-\d+)?)*:\d+$/.test(s)) {
        return ctx.error('TSLB_ERR_CFG_ARGS', `'log sample' expects '<ranges>:<size>', got '${s ?? ''}'`);
      }
      sample = s;
    } else {
      break;
    }
    i += 2;
  }
  const facility = args[i];
  if (facility === undefined) return ctx.usage(SYNTAX, 'missing facility');
  if (!(FACILITIES as readonly string[]).includes(facility)) {
    return ctx.error('TSLB_ERR_CFG_ARGS', `unknown log facility '${facility}'`);
  }
  const level = args[i + 1];
  const minLevel = args[i + 2];
  for (const l of [level, minLevel]) {
    if (l !== undefined && !(LEVELS as readonly string[]).includes(l)) {
      return ctx.error('TSLB_ERR_CFG_ARGS', `unknown optional log level '${l}'`);
    }
  }
  if (args.length > i + 3) return ctx.usage(SYNTAX, `unexpected argument '${args[i + 3]}'`);
  return { destination: dest, len, format, ...(formatGiven ? { formatGiven } : {}), facility, level, minLevel, sample, global: false };
}

export const proxyLogKeywords: readonly ProxyKeyword[] = [
  {
    name: 'log',
    negatable: true,
    parse(ctx, args) {
      if (ctx.modifier !== 'none') {
        if (args.length > 0) {
          ctx.error('TSLB_ERR_CFG_ARGS', `'${ctx.modifier} log' takes no argument`);
          return;
        }
        ctx.proxy.logs = [];
        return;
      }
      if (args[0] === 'global') {
        if (args.length > 1) {
          ctx.usage("'global' alone", `unexpected argument '${args[1]}'`);
          return;
        }
        // Resolved against the global section once everything is read.
        ctx.proxy.logs.push({ destination: { kind: 'stdout' }, len: 1024, format: 'local', facility: 'local0', global: true });
        return;
      }
      const target = parseLogTarget(ctx, args);
      if (target) ctx.proxy.logs.push(target);
    },
  },
  {
    name: 'log-format',
    parse(ctx, args) {
      if (!ctx.arity(args, 1, 1, 'one argument (use quotes around a format with spaces)')) return;
      ctx.proxy.logFormat = { kind: 'custom', format: args[0] as string };
    },
  },
  {
    name: 'error-log-format',
    parse(ctx, args) {
      if (!ctx.arity(args, 1, 1, 'one argument (use quotes around a format with spaces)')) return;
      ctx.proxy.errorLogFormat = args[0];
    },
  },
  {
    name: 'log-tag',
    parse(ctx, args) {
      if (!ctx.arity(args, 1, 1, 'a tag')) return;
      ctx.proxy.logTag = args[0];
    },
  },
];

export const globalLogKeywords: readonly GlobalKeyword[] = [
  {
    name: 'log',
    negatable: true,
    parse(ctx, args) {
      if (ctx.modifier !== 'none') {
        ctx.global.logs = [];
        return;
      }
      const target = parseLogTarget(ctx, args);
      if (target) ctx.global.logs.push(target);
    },
  },
  {
    name: 'log-tag',
    parse(ctx, args) {
      if (ctx.arity(args, 1, 1, 'a tag')) ctx.global.logTag = args[0];
    },
  },
  {
    name: 'log-send-hostname',
    parse(ctx, args) {
      if (ctx.arity(args, 0, 1, '[<name>]')) ctx.global.logSendHostname = args[0] ?? '';
    },
  },
];
