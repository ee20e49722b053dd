/**
 * The request side of cookie persistence (manual 4.2 "cookie"): which server
 * the client's persistence cookie names, and the Cookie lines to forward.
 *
 * As HAProxy 2.6 does (verified on loopback):
 * - every Cookie line is read, in order; the first cookie of the configured
 *   name that names a running server (UP, or DRAIN: weight 0 or drained)
 *   decides; a cookie naming a stopped server (DOWN, MAINT) is passed over —
 *   unless `option persist` — and the request is balanced;
 * - the server part of the value ends at the first `|` (dates follow, see
 *   cookie-date.ts), in prefix mode at the first `~`; an empty one names no
 *   server;
 * - with `maxlife` / `maxidle`, a cookie older than that (or dated more than a
 *   day ahead) names no server;
 * - insert + indirect: the cookie (with the `$` attributes after it) is
 *   removed from the line, the whole line when nothing else is left;
 * - prefix: `<server>~` is removed from the value, whatever it names;
 * - blanks around `=` are removed from every cookie of every line.
 */
import type { Cookie } from '../config/model/cookie.js';
import type { HeaderField } from '../http/parser.js';
import { decodeCookieDate } from './cookie-date.js';
import { crumbNamed, crumbs, tightText, type Crumb } from './cookie-crumbs.js';

/** What the request side needs to know of a server. */
export interface CookieServer {
  readonly config: { readonly cookie?: string | undefined };
  /** Not stopped: UP or DRAIN (HAProxy's cur_state != STOPPED). */
  readonly running: boolean;
}

export interface RequestCookies<S> {
  /** The server the cookie sends the request to, if any. */
  readonly server: S | undefined;
  /** The header lines to forward instead of the received ones, when a Cookie line changed. */
  readonly headers: readonly HeaderField[] | undefined;
  /** Dates the cookie carried, in seconds (0: none). */
  readonly lastDate: number;
  readonly firstDate: number;
}

/** The settings the request side reads, decided once per backend. */
export interface RequestCookieRules {
  readonly cookie: Cookie;
  /** `option persist`: a cookie naming a stopped server still goes to it. */
  readonly persist: boolean;
}

const NONE: RequestCookies<never> = Object.freeze({ server: undefined, headers: undefined, lastDate: 0, firstDate: 0 });

/** Mutable state while the lines of one request are read. */
interface Reading<S> {
  server: S | undefined;
  lastDate: number;
  firstDate: number;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

function trimBlanksEnd(s: string): string {
  let e = s.length;
  while (e > 0 && isBlank(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

/** Finds the server `crumb` names (if none was found yet) and reads its dates. */
function readPersistCookie<S extends CookieServer>(v: string, c: Crumb, rules: RequestCookieRules, servers: readonly S[], nowSeconds: number, r: Reading<S>): void {
  const ck = rules.cookie;
  let idEnd = c.valueEnd;
  if (ck.mode === 'prefix') {
    const tilde = v.indexOf('~', c.valueStart);
    if (tilde >= 0 && tilde < c.valueEnd) idEnd = tilde;
  } else {
    const bar = v.indexOf('|', c.valueStart);
    if (bar >= 0 && bar < c.valueEnd) {
      idEnd = bar;
      if (c.valueEnd - (bar + 1) >= 5) {
        const last = decodeCookieDate(v, bar + 1);
        if (last > 0) r.lastDate = last;
      }
      const bar2 = v.indexOf('|', bar + 1);
      if (bar2 >= 0 && bar2 < c.valueEnd && c.valueEnd - bar2 > 5) {
        const first = decodeCookieDate(v, bar2 + 1);
        if (first > 0) r.firstDate = first;
      }
    }
  }
  const maxlife = Math.ceil(ck.maxlife / 1000);
  const maxidle = Math.ceil(ck.maxidle / 1000);
  const stale = (date: number, max: number): boolean => date > 0 && max > 0 && (nowSeconds - date > max || date - nowSeconds > 86400);
  if (stale(r.firstDate, maxlife) || stale(r.lastDate, maxidle)) {
    // Too old: as if the cookie named no server, and its dates are forgotten.
    r.firstDate = 0;
    r.lastDate = 0;
    return;
  }
  if (idEnd === c.valueStart || r.server !== undefined) return;
  const id = v.slice(c.valueStart, idEnd);
  for (const s of servers) {
    if (s.config.cookie === id && (s.running || rules.persist)) {
      r.server = s;
      return;
    }
  }
}

/**
 * Rewrites one Cookie line; returns the new value ('' with `removed`) or
 * undefined when it stays as it is.
 */
function readLine<S extends CookieServer>(v: string, rules: RequestCookieRules, servers: readonly S[], nowSeconds: number, r: Reading<S>): { value: string; removed: boolean } | undefined {
  const ck = rules.cookie;
  const strip = ck.mode === 'insert' && ck.indirect;
  let out = '';
  /** Output length where a removal started (-1: none), and whether at the first cookie. */
  let cutAt = -1;
  let cutFirst = false;
  /** Something other than removed cookies stays on the line. */
  let kept = false;
  const list = crumbs(v);
  const keep = (c: Crumb, k: number, text: string): void => {
    kept = true;
    if (cutAt < 0) {
      out += (k === 0 ? '' : v.slice(c.delim, c.start)) + text;
    } else if (cutFirst) {
      out = text;
    } else {
      // The removed part goes with the blanks before it; its delimiter becomes "<delim> ".
      out = `${trimBlanksEnd(out.slice(0, cutAt))}${v[c.delim]} ${text}`;
    }
    cutAt = -1;
  };
  for (let k = 0; k < list.length; k++) {
    const c = list[k] as Crumb;
    if (v.charCodeAt(c.start) === 0x24 /* $ */) {
      // An attribute of the cookie before it: goes with it if it is removed.
      if (cutAt < 0) out += (k === 0 ? '' : v.slice(c.delim, c.start)) + v.slice(c.start, c.end);
      continue;
    }
    if (c.equal < 0) {
      keep(c, k, v.slice(c.start, c.end));
      continue;
    }
    if (!crumbNamed(v, c, ck.name)) {
      keep(c, k, tightText(v, c));
      continue;
    }
    readPersistCookie(v, c, rules, servers, nowSeconds, r);
    if (ck.mode === 'prefix') {
      const tilde = v.indexOf('~', c.valueStart);
      if (tilde >= 0 && tilde < c.valueEnd) keep(c, k, `${ck.name}=${v.slice(tilde + 1, c.end)}`);
      else out += (k === 0 ? '' : v.slice(c.delim, c.start)) + tightText(v, c);
    } else if (strip) {
      if (cutAt < 0) {
        cutAt = out.length;
        cutFirst = k === 0;
      }
    } else {
      out += (k === 0 ? '' : v.slice(c.delim, c.start)) + tightText(v, c);
    }
  }
  if (cutAt >= 0) {
    if (!kept) return { value: '', removed: true };
    out = out.slice(0, cutAt);
  }
  return out === v ? undefined : { value: out, removed: false };
}

/**
 * Reads the persistence cookie of a request: the server it names among
 * `servers` (declaration order) and the header lines to forward.
 */
export function readRequestCookies<S extends CookieServer>(headers: readonly HeaderField[], rules: RequestCookieRules, servers: readonly S[], nowSeconds: number): RequestCookies<S> {
  let changed: HeaderField[] | undefined;
  let r: Reading<S> | undefined;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as HeaderField;
    if (h.lname.length === 6 && h.lname === 'cookie') {
      r ??= { server: undefined, lastDate: 0, firstDate: 0 };
      const line = readLine(h.value, rules, servers, nowSeconds, r);
      if (line) {
        changed ??= headers.slice(0, i);
        if (!line.removed) changed.push({ name: h.name, lname: h.lname, value: line.value });
        continue;
      }
    }
    changed?.push(h);
  }
  if (!r) return NONE;
  return { server: r.server, headers: changed, lastDate: r.lastDate, firstDate: r.firstDate };
}
