/**
 * Whether a response may be stored by a shared cache, as HAProxy 2.6.12
 * decides it for `cookie ... nocache` (manual 4.2 "cookie"; reference
 * haproxy-2.6-behaviour.md §2.5; every rule verified on loopback):
 * - it starts cacheable when the request method is GET, HEAD, OPTIONS or
 *   TRACE and the status is one RFC 9111 makes cacheable by default (200 203
 *   204 206 300 301 404 405 410 414 501);
 * - a first Pragma line of exactly `no-cache` (any case) makes it not
 *   cacheable, whatever follows;
 * - then each Cache-Control element (comma-separated, any case) in order:
 *   `public` makes it cacheable — even a POST or a 302 —, `private`,
 *   `no-cache`, `no-store`, `max-age=0`, `s-maxage=0` make it not cacheable;
 *   the last one wins;
 * - it must carry freshness (an element starting with `max-age` or
 *   `s-maxage`, or an Expires line) or a validator (ETag, Last-Modified).
 */
import type { HeaderField, RequestHead, ResponseHead } from '../http/parser.js';

const CACHEABLE_STATUS: ReadonlySet<number> = new Set([200, 203, 204, 206, 300, 301, 404, 405, 410, 414, 501]);
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const NOT_CACHEABLE: ReadonlySet<string> = new Set(['private', 'no-cache', 'no-store', 'max-age=0', 's-maxage=0']);

function has(headers: readonly HeaderField[], lname: string): boolean {
  return headers.some((h) => h.lname === lname);
}

export function isCacheable(req: RequestHead, res: ResponseHead): boolean {
  let cacheable = SAFE_METHODS.has(req.method) && CACHEABLE_STATUS.has(res.status);
  const pragma = res.headers.find((h) => h.lname === 'pragma');
  if (pragma && pragma.value.toLowerCase() === 'no-cache') return false;
  let fresh = false;
  for (const h of res.headers) {
    if (h.lname !== 'cache-control') continue;
    for (const raw of h.value.split(',')) {
      const e = raw.trim().toLowerCase();
      if (e === 'public') cacheable = true;
      else if (NOT_CACHEABLE.has(e)) cacheable = false;
      else if (e.startsWith('max-age') || e.startsWith('s-maxage')) fresh = true;
    }
  }
  if (!cacheable) return false;
  return fresh || has(res.headers, 'expires') || has(res.headers, 'etag') || has(res.headers, 'last-modified');
}
