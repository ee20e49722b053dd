/**
 * `balance hdr(<name>) [use_domain_only]` (manual 4.2 "balance" hdr): the
 * value of a request header chooses the server; a request without the
 * header, or with an empty first value, is balanced round robin.
 *
 * As HAProxy reads it: the first header of that name (any case), its first
 * comma-separated value (commas inside quotes do not count), blanks around
 * it removed. With `use_domain_only` (meant for Host) only the label before
 * the last dot is hashed: `www.example.com:8080` hashes `example`; a value
 * without a dot is hashed whole.
 */
import type { RequestHead } from '../http/parser.js';
import type { BalancerFactory } from './balancer.js';
import type { KeyHash } from './hash-functions.js';
import { hashBalancer } from './hash-balancer.js';

export const hdr: BalancerFactory = (servers, proxy) => {
  if (proxy.balance.kind !== 'hdr') throw new Error(`balance ${proxy.balance.kind} given to the hdr balancer`);
  const name = proxy.balance.header.toLowerCase();
  const domainOnly = proxy.balance.useDomainOnly;
  return hashBalancer((ctx, hash) => (ctx.request ? headerHash(ctx.request, name, domainOnly, hash) : undefined))(servers, proxy);
};

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/** The hash of the header `lname` (lower case) as `balance hdr` takes it, or undefined when absent or empty. */
export function headerHash(head: RequestHead, lname: string, domainOnly: boolean, hash: KeyHash): number | undefined {
  let value: string | undefined;
  for (const h of head.headers) {
    if (h.lname === lname) {
      value = h.value;
      break;
    }
  }
  if (value === undefined) return undefined;
  let start = 0;
  while (start < value.length && isBlank(value.charCodeAt(start))) start++;
  let end = valueEnd(value, start);
  while (end > start && isBlank(value.charCodeAt(end - 1))) end--;
  if (end === start) return undefined;
  if (!domainOnly) return hash(value, start, end);
  // From the end: the last dot ends the domain, the dot before it (or the start) begins it.
  let p = end;
  let domainEnd = end;
  let inDomain = false;
  for (let left = end - start; left > 0; left--) {
    if (inDomain) {
      if (value.charCodeAt(p - 1) === 0x2e) break;
    } else if (p < end && value.charCodeAt(p) === 0x2e) {
      domainEnd = p;
      inDomain = true;
    }
    p--;
  }
  return hash(value, p, domainEnd);
}

/** The end of the first element of a comma-separated list, skipping quoted strings. */
function valueEnd(value: string, from: number): number {
  let quoted = false;
  let escaped = false;
  let i = from;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (escaped) escaped = false;
    else if (quoted) {
      if (c === 0x5c) escaped = true;
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x2c) break;
  }
  return i;
}
