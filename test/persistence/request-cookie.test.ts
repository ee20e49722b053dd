/**
 * The request side of cookie persistence (lib/persistence/request-cookie.ts):
 * which server a Cookie line names and the lines forwarded, table-driven.
 * Every expected line here was observed from HAProxy 2.6.12 (see
 * cookie-differential.test.ts, which replays most of them against it).
 */
import t from 'tap';
import type { Cookie } from '../../lib/config/model/cookie.js';
import type { HeaderField } from '../../lib/http/parser.js';
import { readRequestCookies, type CookieServer } from '../../lib/persistence/request-cookie.js';
import { crumbs } from '../../lib/persistence/cookie-crumbs.js';
import { encodeCookieDate } from '../../lib/persistence/cookie-date.js';

const base: Cookie = { name: 'SRV', mode: 'insert', indirect: true, nocache: false, postonly: false, preserve: false, httponly: false, secure: false, domains: [], maxidle: 0, maxlife: 0, attrs: [] };

interface S extends CookieServer {
  readonly name: string;
}
const server = (name: string, cookie: string | undefined, running = true): S => ({ name, config: { cookie }, running });
const servers = [server('s1', 'c1'), server('s2', 'c2', false), server('s3', 'c3'), server('s4', undefined)];

const hdr = (name: string, value: string): HeaderField => ({ name, lname: name.toLowerCase(), value });
const NOW = 1_800_000_000;

function read(lines: string[], cookie: Partial<Cookie> = {}, persist = false) {
  const headers = [hdr('Host', 'h'), ...lines.map((v) => hdr('Cookie', v)), hdr('X-After', '1')];
  const r = readRequestCookies(headers, { cookie: { ...base, ...cookie }, persist }, servers, NOW);
  const forwarded = r.headers?.filter((h) => h.lname === 'cookie').map((h) => h.value);
  return { server: r.server?.name, forwarded, headers: r.headers, lastDate: r.lastDate, firstDate: r.firstDate };
}

t.test('insert indirect removes the persistence cookie', async (t) => {
  const cases: [string[], string | undefined, string[] | undefined][] = [
    [['SRV=c1'], 's1', []],
    [['SRV=c1; other=1'], 's1', ['other=1']],
    [['other=1; SRV=c1'], 's1', ['other=1']],
    [['a=1; SRV=c1; b=2'], 's1', ['a=1; b=2']],
    [['a=1 ;SRV=c1 , b=2'], 's1', ['a=1, b=2']],
    [['x=1 ; SRV=c1'], 's1', ['x=1 ']],
    [['SRV=c1; $Path=/; x=1'], 's1', ['x=1']],
    [['SRV=c1; SRV=c3; y=2'], 's1', ['y=2']],
    [['q="a;b"; SRV=c3; flag; z=3'], 's3', ['q="a;b"; flag; z=3']],
    [['a = 1; b=2'], undefined, ['a=1; b=2']],
    [['a=1; b=2'], undefined, undefined],
    [['a=1', 'SRV=c3', 'b=2; SRV=zz'], 's3', ['a=1', 'b=2']],
  ];
  for (const [lines, srv, forwarded] of cases) {
    const r = read(lines);
    t.equal(r.server, srv, `${lines.join(' | ')}: server`);
    t.same(r.forwarded, forwarded, `${lines.join(' | ')}: forwarded`);
  }
});

t.test('servers a cookie cannot name', async (t) => {
  t.equal(read(['SRV=c2']).server, undefined, 'a stopped server');
  t.equal(read(['SRV=c2'], {}, true).server, 's2', 'a stopped server with option persist');
  t.equal(read(['SRV=c2; SRV=c3']).server, 's3', 'the next cookie names a running one');
  t.equal(read(['SRV=']).server, undefined, 'empty');
  t.equal(read(['SRV=zz']).server, undefined, 'unknown');
  t.equal(read(['SRV=|abcde']).server, undefined, 'empty before the dates');
  t.equal(read(['srv=c1']).server, undefined, 'the name is case-sensitive');
});

t.test('the other lines keep their place, a line left empty is removed', async (t) => {
  const r = read(['SRV=c1', 'a=1']);
  t.same(r.headers?.map((h) => `${h.name}: ${h.value}`), ['Host: h', 'Cookie: a=1', 'X-After: 1']);
  t.equal(read([]).headers, undefined, 'no Cookie line: nothing to forward differently');
});

t.test('insert without indirect, passive: the cookie is forwarded', async (t) => {
  t.same(read(['SRV=c1; a=1'], { indirect: false }), { server: 's1', forwarded: undefined, headers: undefined, lastDate: 0, firstDate: 0 });
  t.same(read(['SRV=c3'], { mode: 'passive' }).forwarded, undefined);
  t.same(read(['SRV = c3'], { mode: 'passive' }).forwarded, ['SRV=c3'], 'blanks around = still go');
});

t.test('prefix: <server>~ is removed whatever it names', async (t) => {
  const p = { name: 'JS', mode: 'prefix' as const, indirect: false };
  t.same(read(['JS=c1~abc'], p), { server: 's1', forwarded: ['JS=abc'], headers: read(['JS=c1~abc'], p).headers, lastDate: 0, firstDate: 0 });
  t.same(read(['a=1; JS=zz~abc; b=2'], p).forwarded, ['a=1; JS=abc; b=2']);
  t.same(read(['JS = c3~x~y'], p).forwarded, ['JS=x~y']);
  t.equal(read(['JS = c3~x~y'], p).server, 's3');
  t.equal(read(['JS=~abc'], p).server, undefined);
  t.same(read(['JS=abc'], p).forwarded, undefined);
});

t.test('dates: read, and too old cookies name no server', async (t) => {
  const d = encodeCookieDate;
  const dated = { maxidle: 600_000, maxlife: 3_600_000 };
  t.same(read([`SRV=c1|${d(NOW - 40)}|${d(NOW - 80)}`], dated), { server: 's1', forwarded: [], headers: read([`SRV=c1|${d(NOW - 40)}|${d(NOW - 80)}`], dated).headers, lastDate: NOW - 40, firstDate: NOW - 80 });
  t.equal(read([`SRV=c1|${d(NOW - 1200)}|${d(NOW - 1300)}`], dated).server, undefined, 'idle too long');
  t.equal(read([`SRV=c1|${d(NOW - 60)}|${d(NOW - 7200)}`], dated).server, undefined, 'too old');
  t.equal(read([`SRV=c1|${d(NOW + 90000)}`], dated).server, undefined, 'more than a day ahead');
  t.equal(read([`SRV=c1|${d(NOW - 7200)}`]).server, 's1', 'dates are not checked without maxidle/maxlife');
  t.equal(read(['SRV=c1|ab']).lastDate, 0, 'a short date is no date');
  t.equal(read(['SRV=c1|ab!de']).lastDate, 0, 'not base64');
});

t.test('splitting a Cookie line', async (t) => {
  const split = (v: string): string[] => crumbs(v).map((c) => `${v.slice(c.start, c.nameEnd)}|${c.equal < 0 ? '' : '='}${v.slice(c.valueStart, c.valueEnd)}`);
  t.same(split(''), []);
  t.same(split('a=1'), ['a|=1']);
  t.same(split('a = 1 ; b'), ['a|=1', 'b|']);
  t.same(split('a=1;'), ['a|=1', '|']);
  t.same(split('a="x;y,z" , b=2'), ['a|="x;y,z"', 'b|=2']);
  t.same(split('a="x\\"; y"; c=3'), ['a|="x\\"; y"', 'c|=3']);
  t.same(split('n, m=1'), ['n|', 'm|=1']);
});
