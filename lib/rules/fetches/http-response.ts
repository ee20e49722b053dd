/**
 * Fetches of the HTTP response (configuration manual 7.3.6): status, version,
 * headers and Set-Cookie values, in `http-response` / `http-after-response`
 * rules.
 */
import type { SampleContext } from '../context.js';
import { int, str } from '../sample/sample.js';
import { simple, type FetchSpec } from './fetch.js';
import { headerCount, headerFetch, headerValues, type HeaderSource } from './header-values.js';

const responseHeaders: HeaderSource = (ctx) => ctx.res?.headers;

/** `res.cook(<name>)`: the value of the last Set-Cookie naming the cookie. */
const setCookie: FetchSpec = {
  type: 'str',
  args: [0, 1],
  compile(args) {
    const name = args[0] ?? '';
    const values = (ctx: SampleContext): string[] => {
      const out: string[] = [];
      for (const line of ctx.res ? headerValues(ctx.res.headers, 'set-cookie', true) : []) {
        const first = line.split(';', 1)[0] ?? '';
        const eq = first.indexOf('=');
        if (eq < 0) continue;
        if (name === '' || first.slice(0, eq).trim() === name) out.push(first.slice(eq + 1).trim());
      }
      return out;
    };
    return {
      type: 'str',
      one: (ctx) => {
        const vs = values(ctx);
        const v = name === '' ? vs[0] : vs[vs.length - 1];
        return v === undefined ? undefined : str(v);
      },
      all: (ctx) => values(ctx).map(str),
    };
  },
};

export const HTTP_RESPONSE_FETCHES: Readonly<Record<string, FetchSpec>> = {
  status: simple('int', (ctx) => (ctx.res ? int(ctx.res.status) : undefined)),
  'res.hdr': headerFetch(responseHeaders, 'str', false),
  shdr: headerFetch(responseHeaders, 'str', false),
  'res.fhdr': headerFetch(responseHeaders, 'str', true),
  'res.hdr_val': headerFetch(responseHeaders, 'int', false),
  shdr_val: headerFetch(responseHeaders, 'int', false),
  'res.hdr_cnt': headerCount(responseHeaders, false),
  shdr_cnt: headerCount(responseHeaders, false),
  'res.fhdr_cnt': headerCount(responseHeaders, true),
  'res.cook': setCookie,
  scook: setCookie,
};
