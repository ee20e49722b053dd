/**
 * The plain settings of a proxy: mode, limits, names and ids, retries,
 * connection reuse, error files and unique ids (configuration manual 4.2).
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { KeywordContext, ProxyContext } from './context.js';
import type { ProxyKeyword } from './registry.js';

/** Status codes `errorfile` / `errorloc` accept in HAProxy 2.6. */
export const ERRORFILE_CODES: readonly number[] = [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504];

/** `retry-on` keywords of HAProxy 2.6. */
export const RETRY_ON: readonly string[] = [
  'none', 'conn-failure', 'empty-response', 'junk-response', 'response-timeout', '0rtt-rejected',
  '401', '403', '404', '408', '425', '500', '501', '502', '503', '504', 'all-retryable-errors',
];

/** Checks that a file named in the configuration can be read, as HAProxy does at load time. */
export function readableFile(ctx: KeywordContext, path: string, what: string): boolean {
  try {
    if (!statSync(path).isFile()) {
      ctx.error('TSLB_ERR_CFG_FILE', `${what} '${path}' is not a regular file`);
      return false;
    }
    accessSync(path, constants.R_OK);
    return true;
  } catch (err) {
    // HAProxy's wording: "errorfile : error opening file '<path>'".
    ctx.error('TSLB_ERR_CFG_FILE', `${what} : error opening file '${path}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return false;
  }
}

function single(name: string, syntax: string, set: (ctx: ProxyContext, value: string) => void): ProxyKeyword {
  return {
    name,
    parse(ctx, args) {
      if (ctx.arity(args, 1, 1, syntax)) set(ctx, args[0] as string);
    },
  };
}

function errorCode(ctx: ProxyContext, text: string | undefined): number | undefined {
  const code = ctx.int(text, 100, 599, `${ctx.keyword} <code>`);
  if (code === undefined) return undefined;
  if (!ERRORFILE_CODES.includes(code)) {
    return ctx.error('TSLB_ERR_CFG_ARGS', `status code ${code} not handled by '${ctx.keyword}', expected one of ${ERRORFILE_CODES.join(' ')}`);
  }
  return code;
}

function errorloc(name: string, kind: 'location-302' | 'location-303'): ProxyKeyword {
  return {
    name,
    parse(ctx, args) {
      if (!ctx.arity(args, 2, 2, '<code> <url>')) return;
      const status = errorCode(ctx, args[0]);
      if (status !== undefined) ctx.proxy.errorFiles.push({ place: { ...ctx.place }, status, kind, value: args[1] as string });
    },
  };
}

export const proxySettingKeywords: readonly ProxyKeyword[] = [
  single('mode', "'tcp' or 'http'", (ctx, value) => {
    if (value === 'tcp' || value === 'http') ctx.proxy.mode = value;
    else if (value === 'health') ctx.error('TSLB_ERR_CFG_UNSUPPORTED', "'mode health' was removed from HAProxy 2.4 and is not supported; use 'monitor-uri'");
    else ctx.error('TSLB_ERR_CFG_ARGS', `unknown proxy mode '${value}', expected 'tcp' or 'http'`);
  }),
  single('maxconn', 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, 0, 2147483647);
    if (n !== undefined) ctx.proxy.maxconn = n;
  }),
  single('backlog', 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, 0, 2147483647);
    if (n !== undefined) ctx.proxy.backlog = n;
  }),
  single('fullconn', 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, 0, 2147483647);
    if (n !== undefined) ctx.proxy.fullconn = n;
  }),
  single('retries', 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, 0, 2147483647);
    if (n !== undefined) ctx.proxy.retries.count = n;
  }),
  single('id', 'a positive integer', (ctx, value) => {
    const n = ctx.int(value, 1, 2147483647, 'id');
    if (n !== undefined) ctx.proxy.id = n;
  }),
  {
    name: 'description',
    parse(ctx, args) {
      if (ctx.arity(args, 1, Infinity, '<text>')) ctx.proxy.description = args.join(' ');
    },
  },
  {
    name: 'disabled',
    parse(ctx, args) {
      if (ctx.arity(args, 0, 0, 'no argument')) ctx.proxy.disabled = true;
    },
  },
  {
    name: 'enabled',
    parse(ctx, args) {
      if (ctx.arity(args, 0, 0, 'no argument')) ctx.proxy.disabled = false;
    },
  },
  single('http-reuse', "'never', 'safe', 'aggressive' or 'always'", (ctx, value) => {
    if (value === 'never' || value === 'safe' || value === 'aggressive' || value === 'always') ctx.proxy.httpReuse = value;
    else ctx.error('TSLB_ERR_CFG_ARGS', `'http-reuse' expects 'never', 'safe', 'aggressive' or 'always', got '${value}'`);
  }),
  {
    name: 'retry-on',
    parse(ctx, args) {
      if (!ctx.arity(args, 1, Infinity, `one or more of ${RETRY_ON.join(', ')}`)) return;
      for (const word of args) {
        if (!RETRY_ON.includes(word)) {
          ctx.error('TSLB_ERR_CFG_ARGS', `'retry-on' does not support '${word}', expected one of ${RETRY_ON.join(', ')}`);
          return;
        }
      }
      if (args.includes('none') && args.length > 1) {
        ctx.error('TSLB_ERR_CFG_ARGS', "'retry-on none' cannot be combined with other keywords");
        return;
      }
      ctx.proxy.retries.on = [...args];
    },
  },
  {
    name: 'errorfile',
    parse(ctx, args) {
      if (!ctx.arity(args, 2, 2, '<code> <file>')) return;
      const status = errorCode(ctx, args[0]);
      if (status === undefined || !readableFile(ctx, args[1] as string, 'errorfile')) return;
      ctx.proxy.errorFiles.push({ place: { ...ctx.place }, status, kind: 'file', value: args[1] as string });
    },
  },
  {
    name: 'errorfiles',
    parse(ctx, args) {
      if (!ctx.arity(args, 1, Infinity, '<http-errors name> [<code> ...]')) return;
      const codes = args.slice(1).map((c) => errorCode(ctx, c));
      if (codes.some((c) => c === undefined)) return;
      const list = codes.length > 0 ? (codes as number[]) : ERRORFILE_CODES;
      for (const status of list) ctx.proxy.errorFiles.push({ place: { ...ctx.place }, status, kind: 'http-errors', value: args[0] as string });
    },
  },
  errorloc('errorloc', 'location-302'),
  errorloc('errorloc302', 'location-302'),
  errorloc('errorloc303', 'location-303'),
  {
    name: 'rate-limit sessions',
    parse(ctx, args) {
      if (!ctx.arity(args, 1, 1, '<rate>')) return;
      const n = ctx.lenientInt(args[0], 0, 2147483647);
      if (n !== undefined) ctx.proxy.rateLimitSessions = n;
    },
  },
  single('max-keep-alive-queue', 'an integer', (ctx, value) => {
    const n = ctx.lenientInt(value, -1, 2147483647);
    if (n !== undefined) ctx.proxy.maxKeepAliveQueue = n;
  }),
  single('http-send-name-header', '<header name>', (ctx, value) => {
    ctx.proxy.httpSendNameHeader = value;
  }),
  single('unique-id-format', '<log-format string>', (ctx, value) => {
    ctx.proxy.uniqueIdFormat = value;
  }),
  single('unique-id-header', '<header name>', (ctx, value) => {
    ctx.proxy.uniqueIdHeader = value;
  }),
];
