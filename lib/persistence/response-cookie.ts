/**
 * The response side of cookie persistence (manual 4.2 "cookie"), as HAProxy
 * 2.6.12 writes it (reference haproxy-2.6-behaviour.md §2.5, verified on
 * loopback):
 * - a server's own `Set-Cookie` of the persistence cookie is removed in
 *   insert mode, and with `indirect` when the request came by its cookie —
 *   unless `preserve`; rewrite mode replaces its value with the server's
 *   cookie, prefix mode puts `<server cookie>~` in front of it; blanks around
 *   the `=` of every Set-Cookie line's first cookie are removed;
 * - insert mode appends, after the server's lines,
 *   `set-cookie: <name>=<cookie>[|<last>[|<first>]]; path=[; domain=<d>]...[; HttpOnly][; Secure][; <attr>]...`
 *   when the request did not come by a valid cookie of that server (or its
 *   dates need a refresh), not with `postonly` unless the method is POST,
 *   not with `preserve` when the server set the cookie itself; a server
 *   without a `cookie` value gets a deletion cookie
 *   `<name>=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/`;
 * - with `nocache`, `cache-control: private` follows an inserted cookie when
 *   the response would be cacheable (see cacheability.ts).
 */
import type { Cookie } from '../config/model/cookie.js';
import type { ResponseEdit } from '../http/forward.js';
import type { HeaderField, RequestHead, ResponseHead } from '../http/parser.js';
import { isCacheable } from './cacheability.js';
import { cookieNow, encodeCookieDate } from './cookie-date.js';
import { crumbAt } from './cookie-crumbs.js';

export interface ResponseCookieInput {
  readonly cookie: Cookie;
  /** The `cookie` value of the server that answered. */
  readonly serverCookie: string | undefined;
  /** The request went to that server because of its cookie. */
  readonly direct: boolean;
  /** Dates of the request's cookie, in seconds (0: none). */
  readonly lastDate: number;
  readonly firstDate: number;
  readonly nowSeconds: number;
}

/** The `attr`s, domains and flags after `path=/`, decided once per backend. */
export function cookieAttributes(ck: Cookie): string {
  let out = '';
  for (const d of ck.domains) out += `; domain=${d}`;
  if (ck.httponly) out += '; HttpOnly';
  if (ck.secure) out += '; Secure';
  for (const a of ck.attrs) out += `; ${a}`;
  return out;
}

/** The Set-Cookie value that insert mode adds. */
export function insertedCookie(input: ResponseCookieInput, attributes: string): string {
  const { cookie: ck, serverCookie } = input;
  if (serverCookie === undefined) return `${ck.name}=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/${attributes}`;
  let value = serverCookie;
  // Dates only when the backend wants them: a dated cookie sent to a backend without maxidle/maxlife is replaced by a plain one.
  if (ck.maxidle > 0 || ck.maxlife > 0) {
    value += `|${cookieNow(input.nowSeconds)}`;
    if (ck.maxlife > 0) value += `|${input.firstDate > 0 ? encodeCookieDate(input.firstDate) : cookieNow(input.nowSeconds)}`;
  }
  return `${ck.name}=${value}; path=/${attributes}`;
}

/** Insert mode: the request did not come by its server's cookie, or the cookie's dates must change. */
function needsInsert(input: ResponseCookieInput): boolean {
  const { cookie: ck, lastDate, firstDate, nowSeconds } = input;
  if (!input.direct) return true;
  if ((ck.maxidle > 0 || lastDate > 0) && (lastDate === 0 || lastDate < nowSeconds)) return true;
  return ck.maxlife > 0 ? firstDate === 0 : firstDate > 0;
}

/** A server's Set-Cookie value after persistence: unchanged, rewritten, or undefined to remove the line. */
function serverSetCookie(v: string, input: ResponseCookieInput, r: { found: boolean }): string | undefined {
  const c = crumbAt(v, -1, true);
  if (c.equal < 0) return v;
  const name = v.slice(c.start, c.nameEnd);
  const tight = c.nameEnd === c.equal && c.valueStart === c.equal + 1 ? v : `${name}=${v.slice(c.valueStart)}`;
  const ck = input.cookie;
  if (name !== ck.name) return tight;
  r.found = true;
  if (ck.preserve) return tight;
  if (ck.mode === 'insert' || (input.direct && ck.indirect)) return undefined;
  if (input.serverCookie === undefined) return tight;
  if (ck.mode === 'rewrite') return `${name}=${input.serverCookie}${v.slice(c.valueEnd)}`;
  if (ck.mode === 'prefix') return `${name}=${input.serverCookie}~${v.slice(c.valueStart)}`;
  return tight;
}

/** How the response head changes for persistence; undefined when it does not. */
export function editResponse(req: RequestHead, res: ResponseHead, input: ResponseCookieInput, attributes: string): ResponseEdit | undefined {
  const ck = input.cookie;
  let headers: HeaderField[] | undefined;
  const r = { found: false };
  const list = res.headers;
  for (let i = 0; i < list.length; i++) {
    const h = list[i] as HeaderField;
    if (h.lname.length === 10 && h.lname === 'set-cookie') {
      const value = serverSetCookie(h.value, input, r);
      if (value !== h.value) {
        headers ??= list.slice(0, i);
        if (value !== undefined) headers.push({ name: h.name, lname: h.lname, value });
        continue;
      }
    }
    headers?.push(h);
  }
  let extra: string | undefined;
  if (ck.mode === 'insert' && !(r.found && ck.preserve) && (!ck.postonly || req.method === 'POST') && needsInsert(input)) {
    extra = `set-cookie: ${insertedCookie(input, attributes)}\r\n`;
    if (ck.nocache && isCacheable(req, res)) extra += 'cache-control: private\r\n';
  }
  return headers || extra ? { headers, extra } : undefined;
}
