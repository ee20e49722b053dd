/**
 * The response side of cookie persistence (lib/persistence/response-cookie.ts,
 * cacheability.ts, cookie-date.ts), table-driven; every expected line was
 * observed from HAProxy 2.6.12 (cookie-differential.test.ts replays them).
 */
import t from 'tap';
import type { Cookie } from '../../lib/config/model/cookie.js';
import type { HeaderField, RequestHead, ResponseHead } from '../../lib/http/parser.js';
import { isCacheable } from '../../lib/persistence/cacheability.js';
import { cookieNow, decodeCookieDate, encodeCookieDate } from '../../lib/persistence/cookie-date.js';
import { cookieAttributes, editResponse, type ResponseCookieInput } from '../../lib/persistence/response-cookie.js';

const base: Cookie = { name: 'SRV', mode: 'insert', indirect: false, nocache: false, postonly: false, preserve: false, httponly: false, secure: false, domains: [], maxidle: 0, maxlife: 0, attrs: [] };
const NOW = 1_800_000_000;

const hdrs = (list: [string, string][]): HeaderField[] => list.map(([name, value]) => ({ name, lname: name.toLowerCase(), value }));
const req = (method = 'GET', headers: [string, string][] = []): RequestHead =>
  ({ method, target: '/', minor: 1, headers: hdrs(headers), body: { kind: 'none' }, connection: [], expectContinue: false, headLength: 0, startOffset: 0, host: 'h' }) as RequestHead;
const res = (headers: [string, string][] = [], status = 200): ResponseHead => ({ minor: 1, status, reason: 'OK', headers: hdrs(headers), body: { kind: 'none' }, connection: [], headLength: 0, startOffset: 0 }) as unknown as ResponseHead;

function edit(cookie: Partial<Cookie>, input: Partial<ResponseCookieInput> = {}, response = res(), request = req()) {
  const ck = { ...base, ...cookie };
  const e = editResponse(request, response, { cookie: ck, serverCookie: 'c1', direct: false, lastDate: 0, firstDate: 0, nowSeconds: NOW, ...input }, cookieAttributes(ck));
  return { extra: e?.extra, headers: e?.headers?.map((h) => `${h.name}: ${h.value}`) };
}

t.test('insert mode writes the cookie after the server lines', async (t) => {
  t.same(edit({}), { extra: 'set-cookie: SRV=c1; path=/\r\n', headers: undefined });
  t.same(edit({}, { direct: true }), { extra: undefined, headers: undefined }, 'came by its cookie');
  t.same(edit({}, { serverCookie: undefined }), { extra: 'set-cookie: SRV=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/\r\n', headers: undefined }, 'server without cookie');
  t.equal(edit({ httponly: true, secure: true, domains: ['.a', '.b'], attrs: ['SameSite=Lax', 'X'] }).extra, 'set-cookie: SRV=c1; path=/; domain=.a; domain=.b; HttpOnly; Secure; SameSite=Lax; X\r\n');
  t.equal(edit({ postonly: true }).extra, undefined, 'postonly, GET');
  t.equal(edit({ postonly: true }, {}, res(), req('POST')).extra, 'set-cookie: SRV=c1; path=/\r\n', 'postonly, POST');
});

t.test("the server's own Set-Cookie of that name", async (t) => {
  const own = res([['Set-Cookie', 'SRV=own; Path=/'], ['Set-Cookie', 'a = 1; Path=/'], ['X', 'y']]);
  t.same(edit({}, {}, own), { extra: 'set-cookie: SRV=c1; path=/\r\n', headers: ['Set-Cookie: a=1; Path=/', 'X: y'] }, 'insert: removed; blanks around = removed from others');
  t.same(edit({ preserve: true }, {}, own), { extra: undefined, headers: ['Set-Cookie: SRV=own; Path=/', 'Set-Cookie: a=1; Path=/', 'X: y'] }, 'preserve: kept, nothing added');
  t.same(edit({ mode: 'rewrite' }, {}, res([['Set-Cookie', 'SRV = x ; Path=/']])).headers, ['Set-Cookie: SRV=c1 ; Path=/']);
  t.same(edit({ mode: 'rewrite' }, { serverCookie: undefined }, res([['Set-Cookie', 'SRV=x']])), { extra: undefined, headers: undefined });
  t.same(edit({ mode: 'prefix', name: 'JS' }, {}, res([['Set-Cookie', 'JS=abc; Path=/']])).headers, ['Set-Cookie: JS=c1~abc; Path=/']);
  t.same(edit({ mode: 'prefix', name: 'JS', indirect: true }, { direct: true }, res([['Set-Cookie', 'JS=abc']])).headers, [], 'prefix indirect, direct: removed');
  t.same(edit({ mode: 'passive', indirect: true }, { direct: false }, res([['Set-Cookie', 'SRV=c1']])), { extra: undefined, headers: undefined });
});

t.test('nocache: private after an inserted cookie on a cacheable response', async (t) => {
  t.equal(edit({ nocache: true }, {}, res([['Cache-Control', 'max-age=60']])).extra, 'set-cookie: SRV=c1; path=/\r\ncache-control: private\r\n');
  t.equal(edit({ nocache: true }, {}, res()).extra, 'set-cookie: SRV=c1; path=/\r\n');
  t.same(edit({ nocache: true }, { direct: true }, res([['Cache-Control', 'max-age=60']])).extra, undefined, 'no cookie, no private');
});

t.test('cacheability', async (t) => {
  const cases: [string, [string, string][], number, string, boolean][] = [
    ['plain', [], 200, 'GET', false],
    ['max-age', [['Cache-Control', 'max-age=60']], 200, 'GET', true],
    ['public alone', [['Cache-Control', 'public']], 200, 'GET', false],
    ['max-age=0', [['Cache-Control', 'max-age=0']], 200, 'GET', false],
    ['max-age=0 then s-maxage', [['Cache-Control', 'max-age=0, s-maxage=30']], 200, 'GET', false],
    ['private then public', [['Cache-Control', 'private, public, max-age=60']], 200, 'GET', true],
    ['public then private', [['Cache-Control', 'public, private, max-age=60']], 200, 'GET', false],
    ['POST', [['Cache-Control', 'max-age=60']], 200, 'POST', false],
    ['POST made public', [['Cache-Control', 'public, max-age=60']], 200, 'POST', true],
    ['302', [['Cache-Control', 'max-age=60']], 302, 'GET', false],
    ['302 made public', [['Cache-Control', 'public, max-age=60']], 302, 'GET', true],
    ['404', [['Cache-Control', 'max-age=60']], 404, 'GET', true],
    ['Expires', [['Expires', 'x']], 200, 'HEAD', true],
    ['ETag', [['ETag', '"v"']], 200, 'OPTIONS', true],
    ['Last-Modified', [['Last-Modified', 'x']], 200, 'TRACE', true],
    ['Pragma no-cache', [['Pragma', 'No-Cache'], ['ETag', '"v"']], 200, 'GET', false],
    ['second Pragma', [['Pragma', 'x'], ['Pragma', 'no-cache'], ['ETag', '"v"']], 200, 'GET', true],
    ['no-cache="set-cookie"', [['Cache-Control', 'no-cache="set-cookie", max-age=60']], 200, 'GET', true],
    ['max-age = 0', [['Cache-Control', 'max-age = 0']], 200, 'GET', true],
  ];
  for (const [name, headers, status, method, expected] of cases) t.equal(isCacheable(req(method), res(headers, status)), expected, name);
});

t.test('dates', async (t) => {
  t.equal(encodeCookieDate(0), 'AAAAA');
  t.equal(encodeCookieDate(4), 'AAAAB');
  t.equal(decodeCookieDate('AAAAB', 0), 4);
  t.equal(decodeCookieDate(encodeCookieDate(NOW), 0), NOW);
  t.equal(decodeCookieDate(`x|${cookieNow(NOW + 1)}`, 2), NOW + 4, 'now is rounded up to a 4-second step');
  t.equal(decodeCookieDate('AAA', 0), 0);
  t.equal(decodeCookieDate('AA-AA', 0), 0);
  const dated = { maxidle: 600_000, maxlife: 3_600_000 };
  const now = cookieNow(NOW);
  t.equal(edit(dated).extra, `set-cookie: SRV=c1|${now}|${now}; path=/\r\n`);
  t.equal(edit(dated, { direct: true, lastDate: NOW + 2, firstDate: NOW - 100 }).extra, undefined, 'fresh: no refresh');
  t.equal(edit(dated, { direct: true, lastDate: NOW - 2, firstDate: NOW - 100 }).extra, `set-cookie: SRV=c1|${now}|${encodeCookieDate(NOW - 100)}; path=/\r\n`, 'refreshed, first date kept');
  t.equal(edit({ maxidle: 600_000 }, { direct: true, lastDate: NOW + 2, firstDate: NOW - 100 }).extra, `set-cookie: SRV=c1|${now}; path=/\r\n`, 'the first date goes without maxlife');
  t.equal(edit({}, { direct: true, lastDate: NOW - 100 }).extra, 'set-cookie: SRV=c1; path=/\r\n', 'undated backend: a dated cookie is replaced');
  t.equal(edit({}, { direct: true, lastDate: NOW + 100 }).extra, undefined, 'undated backend, date ahead');
});
