/**
 * Fetches of the HTTP request (configuration manual 7.3.6): method, version,
 * target parts, headers, cookies and URL parameters — of the request as
 * the rules have changed it so far. Undefined (no sample) outside HTTP or
 * before a request.
 */
import type { SampleContext } from '../context.js';
import type { HttpRequestState } from '../http-request-state.js';
import { bool, int, str, strToInt, type Sample } from '../sample/sample.js';
import { simple, type FetchSpec } from './fetch.js';
import { headerCount, headerFetch, headerValues, occurrence, type HeaderSource } from './header-values.js';

type ReqFn = (req: HttpRequestState) => Sample | undefined;

const onRequest = (type: Sample['type'], f: ReqFn): FetchSpec => simple(type, (ctx) => (ctx.req ? f(ctx.req) : undefined));

const requestHeaders: HeaderSource = (ctx) => ctx.req?.headers;

/** The cookies of the Cookie lines, in order: [name, value]. */
export function requestCookies(req: HttpRequestState): [string, string][] {
  const out: [string, string][] = [];
  for (const line of headerValues(req.headers, 'cookie', true)) {
    for (const part of line.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
    }
  }
  return out;
}

/** `req.cook([<name>])`: the last cookie named so (the first cookie without a name); ACLs try every one. */
function cookieFetch(type: 'str' | 'int', convert: (v: string) => Sample | undefined): FetchSpec {
  return {
    type,
    args: [0, 1],
    compile(args) {
      const name = args[0] ?? '';
      const values = (ctx: SampleContext): string[] => (ctx.req ? requestCookies(ctx.req).filter(([n]) => name === '' || n === name).map(([, v]) => v) : []);
      return {
        type,
        one: (ctx) => {
          const vs = values(ctx);
          const v = name === '' ? vs[0] : vs[vs.length - 1];
          return v === undefined ? undefined : convert(v);
        },
        all: (ctx) => values(ctx).flatMap((v) => convert(v) ?? []),
      };
    },
  };
}

/** Query parameters of the target: after '?' (or `delim`), separated by '&', ';' or `delim`. */
function urlParams(req: HttpRequestState, delim: string | undefined): [string, string][] {
  const t = req.target;
  let start = t.indexOf('?');
  if (delim !== undefined) {
    const d = t.indexOf(delim);
    if (d >= 0 && (start < 0 || d < start)) start = d;
  }
  if (start < 0) return [];
  const out: [string, string][] = [];
  let from = start + 1;
  for (let i = from; i <= t.length; i++) {
    const c = t[i];
    if (i === t.length || c === '&' || c === ';' || c === delim) {
      const part = t.slice(from, i);
      const eq = part.indexOf('=');
      out.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
      from = i + 1;
    }
  }
  return out;
}

/** `url_param([<name>[,<delim>]])`: the first parameter named so; ACLs try every one. */
function paramFetch(type: 'str' | 'int', convert: (v: string) => Sample | undefined): FetchSpec {
  return {
    type,
    args: [0, 2],
    compile(args) {
      const name = args[0] ?? '';
      const delim = args[1] === undefined || args[1] === '' ? undefined : args[1];
      const values = (ctx: SampleContext): string[] =>
        ctx.req ? urlParams(ctx.req, delim).filter(([n]) => name === '' || n === name).map(([, v]) => v) : [];
      return {
        type,
        one: (ctx) => {
          const v = values(ctx)[0];
          return v === undefined ? undefined : convert(v);
        },
        all: (ctx) => values(ctx).flatMap((v) => convert(v) ?? []),
      };
    },
  };
}

const asStr = (v: string): Sample => str(v);
const asInt = (v: string): Sample | undefined => {
  const n = strToInt(v);
  return n === undefined ? undefined : int(n);
};

export const HTTP_REQUEST_FETCHES: Readonly<Record<string, FetchSpec>> = {
  method: onRequest('meth', (r) => ({ type: 'meth', value: r.method })),
  'req.ver': onRequest('str', (r) => str(r.version)),
  req_ver: onRequest('str', (r) => str(r.version)),
  'req.proto_http': simple('bool', (ctx) => bool(ctx.req !== undefined)),
  req_proto_http: simple('bool', (ctx) => bool(ctx.req !== undefined)),
  url: onRequest('str', (r) => str(r.target)),
  path: onRequest('str', (r) => str(r.path)),
  pathq: onRequest('str', (r) => str(r.pathQuery)),
  query: onRequest('str', (r) => (r.query === undefined ? undefined : str(r.query))),
  base: onRequest('str', (r) => {
    const host = occurrence(headerValues(r.headers, 'host', false), 1);
    return str(`${host ?? ''}${r.path}`);
  }),
  url_port: onRequest('int', (r) => {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*?:(\d+)/i.exec(r.target);
    return int(m ? Number(m[1]) : 80);
  }),
  'req.hdr': headerFetch(requestHeaders, 'str', false),
  hdr: headerFetch(requestHeaders, 'str', false),
  'req.fhdr': headerFetch(requestHeaders, 'str', true),
  'req.hdr_val': headerFetch(requestHeaders, 'int', false),
  hdr_val: headerFetch(requestHeaders, 'int', false),
  'req.hdr_cnt': headerCount(requestHeaders, false),
  hdr_cnt: headerCount(requestHeaders, false),
  'req.fhdr_cnt': headerCount(requestHeaders, true),
  'req.cook': cookieFetch('str', asStr),
  cook: cookieFetch('str', asStr),
  'req.cook_val': cookieFetch('int', asInt),
  cook_val: cookieFetch('int', asInt),
  'req.cook_cnt': {
    type: 'int',
    args: [0, 1],
    compile(args) {
      const name = args[0] ?? '';
      return { type: 'int', one: (ctx) => (ctx.req ? int(requestCookies(ctx.req).filter(([n]) => name === '' || n === name).length) : undefined) };
    },
  },
  url_param: paramFetch('str', asStr),
  urlp: paramFetch('str', asStr),
  urlp_val: paramFetch('int', asInt),
};
