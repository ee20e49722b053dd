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
import { headerCount, headerFetch, headerValues, occurrence, type HeaderSource, type HeaderValuesOf } from './header-values.js';

type ReqFn = (req: HttpRequestState) => Sample | undefined;

const onRequest = (type: Sample['type'], f: ReqFn): FetchSpec => simple(type, (ctx) => (ctx.req ? f(ctx.req) : undefined));

const requestHeaders: HeaderSource = (ctx) => ctx.req?.headers;

/**
 * Something computed from the header lines (a header's values, the
 * cookies), kept for the request it was computed for: a frontend's ACLs
 * ask for the Host header or the cookies many times per request, and this
 * parses them once. Only while the lines are still those received: a rule
 * that edits them (set-header ...) changes them after editHeaders()
 * returned, possibly after reading them for the new value, so from then
 * on they are read afresh every time. Requests are handled one at a time,
 * so one entry is enough; it never serves another request.
 */
class HeaderMemo<T> {
  /** The stamp of the request it was computed for (HttpRequestState.stamp). */
  #stamp = 0;
  #value: T | undefined;
  readonly #compute: (req: HttpRequestState) => T;

  constructor(compute: (req: HttpRequestState) => T) {
    this.#compute = compute;
  }

  of(req: HttpRequestState): T {
    if (req.headersChanged) return this.#compute(req);
    if (req.stamp !== this.#stamp) {
      this.#value = this.#compute(req);
      this.#stamp = req.stamp;
    }
    return this.#value as T;
  }
}

const NO_VALUES: readonly string[] = [];
const headerMemos = new Map<string, HeaderMemo<readonly string[]>>();

/** The values of a request header, one memo per name and form shared by every fetch of it. */
const requestHeaderValues: HeaderValuesOf = (lname, full) => {
  const key = `${full ? 'line' : 'value'} ${lname}`;
  let memo = headerMemos.get(key);
  if (!memo) headerMemos.set(key, (memo = new HeaderMemo((req) => headerValues(req.headers, lname, full))));
  const m = memo;
  return (ctx) => (ctx.req ? m.of(ctx.req) : NO_VALUES);
};

/** The cookies of the Cookie lines, in order: [name, value]; the parts between ';' without '=' are skipped. */
function parseCookies(req: HttpRequestState): readonly (readonly [string, string])[] {
  const out: [string, string][] = [];
  for (const line of headerValues(req.headers, 'cookie', true)) {
    for (let from = 0; from <= line.length; ) {
      let end = line.indexOf(';', from);
      if (end < 0) end = line.length;
      const eq = line.indexOf('=', from);
      if (eq >= 0 && eq < end) out.push([line.slice(from, eq).trim(), line.slice(eq + 1, end).trim()]);
      from = end + 1;
    }
  }
  return out;
}

const cookies = new HeaderMemo(parseCookies);

/** The cookies of the Cookie lines, in order: [name, value]. */
export function requestCookies(req: HttpRequestState): readonly (readonly [string, string])[] {
  return cookies.of(req);
}

/** `req.cook([<name>])`: the last cookie named so (the first cookie without a name); ACLs try every one. */
function cookieFetch(type: 'str' | 'int', convert: (v: string) => Sample | undefined): FetchSpec {
  return {
    type,
    args: [0, 1],
    compile(args) {
      const name = args[0] ?? '';
      const values = (ctx: SampleContext): string[] => {
        const out: string[] = [];
        if (ctx.req) for (const [n, v] of requestCookies(ctx.req)) if (name === '' || n === name) out.push(v);
        return out;
      };
      return {
        type,
        one: (ctx) => {
          const vs = values(ctx);
          const v = name === '' ? vs[0] : vs[vs.length - 1];
          return v === undefined ? undefined : convert(v);
        },
        all: (ctx) => converted(values(ctx), convert),
      };
    },
  };
}

/** Every value converted, those that convert. */
function converted(values: readonly string[], convert: (v: string) => Sample | undefined): Sample[] {
  const out: Sample[] = [];
  for (const v of values) {
    const s = convert(v);
    if (s !== undefined) out.push(s);
  }
  return out;
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
        all: (ctx) => converted(values(ctx), convert),
      };
    },
  };
}

const asStr = (v: string): Sample => str(v);
const asInt = (v: string): Sample | undefined => {
  const n = strToInt(v);
  return n === undefined ? undefined : int(n);
};

/** The fetch, compiled to say that it reads the request alone (CompiledFetch.reads). */
function ofRequest(spec: FetchSpec): FetchSpec {
  return { ...spec, compile: (args, scope) => ({ ...spec.compile(args, scope), reads: 'request' }) };
}

// The fetches known by two names are one object, so that ACLs naming either share it (acl/criterion.ts sampleKey).
const reqVer = onRequest('str', (r) => str(r.version));
const protoHttp = simple('bool', (ctx) => bool(ctx.req !== undefined));
const reqHdr = headerFetch(requestHeaders, 'str', false, requestHeaderValues);
const reqHdrVal = headerFetch(requestHeaders, 'int', false, requestHeaderValues);
const reqHdrCnt = headerCount(requestHeaders, false, requestHeaderValues);
const reqCook = cookieFetch('str', asStr);
const reqCookVal = cookieFetch('int', asInt);
const urlParam = paramFetch('str', asStr);

const FETCHES: Readonly<Record<string, FetchSpec>> = {
  method: onRequest('meth', (r) => ({ type: 'meth', value: r.method })),
  'req.ver': reqVer,
  req_ver: reqVer,
  'req.proto_http': protoHttp,
  req_proto_http: protoHttp,
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
  'req.hdr': reqHdr,
  hdr: reqHdr,
  'req.fhdr': headerFetch(requestHeaders, 'str', true, requestHeaderValues),
  'req.hdr_val': reqHdrVal,
  hdr_val: reqHdrVal,
  'req.hdr_cnt': reqHdrCnt,
  hdr_cnt: reqHdrCnt,
  'req.fhdr_cnt': headerCount(requestHeaders, true, requestHeaderValues),
  'req.cook': reqCook,
  cook: reqCook,
  'req.cook_val': reqCookVal,
  cook_val: reqCookVal,
  'req.cook_cnt': {
    type: 'int',
    args: [0, 1],
    compile(args) {
      const name = args[0] ?? '';
      return { type: 'int', one: (ctx) => (ctx.req ? int(requestCookies(ctx.req).filter(([n]) => name === '' || n === name).length) : undefined) };
    },
  },
  url_param: urlParam,
  urlp: urlParam,
  urlp_val: paramFetch('int', asInt),
};

const marked = new Map<FetchSpec, FetchSpec>();
export const HTTP_REQUEST_FETCHES: Readonly<Record<string, FetchSpec>> = Object.fromEntries(
  Object.entries(FETCHES).map(([name, spec]) => {
    let m = marked.get(spec);
    if (!m) marked.set(spec, (m = ofRequest(spec)));
    return [name, m];
  }),
);
