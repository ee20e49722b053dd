/**
 * `balance uri [whole] [len <n>] [depth <n>] [path-only]` (manual 4.2
 * "balance" uri): the request target as received chooses the server, so
 * that a cache behind tslb sees each object on one server.
 *
 * Hashed: the target (absolute-form included, unless `path-only` keeps only
 * the path from its first '/' after the authority), cut to `len` bytes,
 * stopped before the '?' unless `whole`, and before the (depth + 1)-th '/'
 * when `depth` is given — all counted on the target as HAProxy does.
 */
import type { BalancerFactory } from './balancer.js';
import type { KeyHash } from './hash-functions.js';
import { hashBalancer } from './hash-balancer.js';

export const uri: BalancerFactory = (servers, proxy) => {
  if (proxy.balance.kind !== 'uri') throw new Error(`balance ${proxy.balance.kind} given to the uri balancer`);
  const opts: UriOptions = proxy.balance;
  return hashBalancer((ctx, hash) => {
    const target = ctx.request?.target;
    return target === undefined ? undefined : uriHash(target, hash, opts);
  })(servers, proxy);
};

export interface UriOptions {
  readonly whole: boolean;
  readonly pathOnly: boolean;
  /** 0: no limit. */
  readonly len: number;
  readonly depth: number;
}

export function uriHash(target: string, hash: KeyHash, opts: UriOptions): number {
  const start = opts.pathOnly ? pathStart(target) : 0;
  const end = opts.len > 0 ? Math.min(target.length, start + opts.len) : target.length;
  const lastSlash = opts.depth > 0 ? opts.depth + 1 : 0;
  let slashes = 0;
  let i = start;
  for (; i < end; i++) {
    const c = target.charCodeAt(i);
    if (c === 0x2f) {
      if (++slashes === lastSlash) break;
    } else if (c === 0x3f && !opts.whole) {
      break;
    }
  }
  return hash(target, start, i);
}

/**
 * Where the path of a request target starts: 0 in origin-form; after the
 * scheme and authority in absolute-form; the end (nothing to hash) when
 * there is no path ('*', authority-form, or an absolute URI without '/').
 */
function pathStart(target: string): number {
  const n = target.length;
  if (n === 0 || target.charCodeAt(0) === 0x2f) return 0;
  if (target.charCodeAt(0) === 0x2a) return n;
  let i = schemeEnd(target);
  while (i < n && target.charCodeAt(i) !== 0x2f) i++;
  return i;
}

/** After `scheme://` (RFC 3986 scheme), or 0 without one. */
function schemeEnd(target: string): number {
  let i = 0;
  const n = target.length;
  while (i < n) {
    const c = target.charCodeAt(i);
    const alpha = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    const other = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
    if (!alpha && !(other && i > 0)) break;
    i++;
  }
  return i > 0 && target.startsWith('://', i) ? i + 3 : 0;
}
