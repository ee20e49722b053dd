/** `timeout <name> <time>` (configuration manual 4.2 "timeout ..."): every timeout is stored in ms. */
import type { Timeouts } from '../model/proxy.js';
import type { Draft } from '../draft.js';
import type { ProxyKeyword } from './registry.js';

const TIMEOUTS: Readonly<Record<string, keyof Timeouts>> = {
  client: 'client',
  'client-fin': 'clientFin',
  connect: 'connect',
  server: 'server',
  'server-fin': 'serverFin',
  'http-request': 'httpRequest',
  'http-keep-alive': 'httpKeepAlive',
  queue: 'queue',
  tunnel: 'tunnel',
  tarpit: 'tarpit',
  check: 'check',
};

export const timeoutKeywords: readonly ProxyKeyword[] = Object.entries(TIMEOUTS).map(([name, key]) => ({
  name: `timeout ${name}`,
  parse(ctx, args) {
    if (!ctx.arity(args, 1, 1, 'an integer value (in milliseconds), with an optional unit')) return;
    const ms = ctx.time(args[0]);
    if (ms !== undefined) (ctx.proxy.timeouts as Draft<Timeouts>)[key] = ms;
  },
}));
