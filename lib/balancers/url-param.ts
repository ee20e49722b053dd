/**
 * `balance url_param <param>` (manual 4.2 "balance" url_param): the value of
 * a query-string parameter (a user or session id) chooses the server; a
 * request without the parameter is balanced round robin. The name matches
 * case-sensitively, and the value runs to the next '&' (it may be empty).
 * `check_post`, which also looks in a POST body, is refused at start
 * (runtime/support.ts): the server is chosen before the body is read.
 */
import type { BalancerFactory } from './balancer.js';
import type { KeyHash } from './hash-functions.js';
import { hashBalancer } from './hash-balancer.js';

export const urlParam: BalancerFactory = (servers, proxy) => {
  if (proxy.balance.kind !== 'url_param') throw new Error(`balance ${proxy.balance.kind} given to the url_param balancer`);
  const { param } = proxy.balance;
  return hashBalancer((ctx, hash) => {
    const target = ctx.request?.target;
    return target === undefined ? undefined : urlParamHash(target, param, hash);
  })(servers, proxy);
};

/** The hash of the value of `param` in the query string of `target`, or undefined when it is absent. */
export function urlParamHash(target: string, param: string, hash: KeyHash): number | undefined {
  const q = target.indexOf('?');
  if (q < 0) return undefined;
  const end = target.length;
  const n = param.length;
  let p = q + 1;
  while (end - p > n) {
    if (target.charCodeAt(p + n) === 0x3d && target.startsWith(param, p)) {
      const from = p + n + 1;
      let to = target.indexOf('&', from);
      if (to < 0) to = end;
      return hash(target, from, to);
    }
    const amp = target.indexOf('&', p);
    if (amp < 0) return undefined;
    p = amp + 1;
  }
  return undefined;
}
