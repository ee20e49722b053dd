/**
 * `stats ...` keywords of a proxy: the statistics page (configuration
 * manual 4.2 "stats enable" ... "stats uri"). Every one of them also enables
 * the page, as in HAProxy. `stats admin` and `stats http-request` carry
 * conditions and live with the rules (rules.ts).
 */
import type { ProxyContext } from './context.js';
import type { ProxyKeyword } from './registry.js';

function stat(name: string, min: number, max: number, syntax: string, apply: (ctx: ProxyContext, args: readonly string[]) => void): ProxyKeyword {
  return {
    name: `stats ${name}`,
    parse(ctx, args) {
      if (!ctx.arity(args, min, max, syntax)) return;
      ctx.proxy.stats.enabled = true;
      apply(ctx, args);
    },
  };
}

export const statsKeywords: readonly ProxyKeyword[] = [
  stat('enable', 0, 0, 'no argument', () => {}),
  stat('uri', 1, 1, '<prefix>', (ctx, [uri]) => {
    ctx.proxy.stats.uri = uri as string;
  }),
  stat('realm', 1, 1, '<realm> (use quotes or escaped spaces)', (ctx, [realm]) => {
    ctx.proxy.stats.realm = realm as string;
  }),
  stat('auth', 1, 1, '<user>:<password>', (ctx, [cred]) => {
    const colon = (cred as string).indexOf(':');
    if (colon <= 0) {
      ctx.error('TSLB_ERR_CFG_ARGS', `'stats auth' expects '<user>:<password>', got '${cred}'`);
      return;
    }
    ctx.proxy.stats.auth.push({ user: (cred as string).slice(0, colon), password: (cred as string).slice(colon + 1) });
  }),
  stat('refresh', 1, 1, '<delay>', (ctx, [delay]) => {
    const ms = ctx.time(delay, 'stats refresh');
    if (ms !== undefined) ctx.proxy.stats.refresh = ms;
  }),
  stat('hide-version', 0, 0, 'no argument', (ctx) => {
    ctx.proxy.stats.hideVersion = true;
  }),
  stat('scope', 1, 1, "<proxy name> or '.'", (ctx, [scope]) => {
    ctx.proxy.stats.scope.push(scope as string);
  }),
  stat('show-legends', 0, 0, 'no argument', (ctx) => {
    ctx.proxy.stats.showLegends = true;
  }),
  stat('show-desc', 0, Infinity, '[<description>]', (ctx, args) => {
    ctx.proxy.stats.showDesc = args.join(' ');
  }),
  stat('show-node', 0, 1, '[<name>]', (ctx, args) => {
    ctx.proxy.stats.showNode = args[0] ?? '';
  }),
];
