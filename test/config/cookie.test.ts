/**
 * `cookie` persistence (manual 4.2 "cookie"): modes, flags, attributes and
 * HAProxy 2.6.12's validation rules (checked with haproxy -c).
 */
import t from 'tap';
import { cookieKeywords } from '../../lib/config/keywords/cookie.js';
import { harness } from './keyword-harness.js';

const base = {
  indirect: false,
  nocache: false,
  postonly: false,
  preserve: false,
  httponly: false,
  secure: false,
  domains: [],
  maxidle: 0,
  maxlife: 0,
  attrs: [],
};

t.test('modes and flags', async (t) => {
  const cases: [string, Record<string, unknown>][] = [
    // No mode: the cookie is only read from requests [verified on 2.6.12].
    ['cookie SERVERID', { name: 'SERVERID', mode: 'passive' }],
    ['cookie SERVERID insert indirect nocache', { name: 'SERVERID', mode: 'insert', indirect: true, nocache: true }],
    ['cookie JSESSIONID rewrite', { name: 'JSESSIONID', mode: 'rewrite' }],
    ['cookie JSESSIONID prefix nocache', { name: 'JSESSIONID', mode: 'prefix', nocache: true }],
    ['cookie S prefix indirect', { mode: 'prefix', indirect: true }],
    ['cookie S insert insert', { mode: 'insert' }],
    ['cookie S indirect preserve', { mode: 'passive', indirect: true, preserve: true }],
    ['cookie S insert postonly preserve httponly secure', { mode: 'insert', postonly: true, preserve: true, httponly: true, secure: true }],
    ['cookie S insert domain .example.test domain .example.invalid', { mode: 'insert', domains: ['.example.test', '.example.invalid'] }],
    ['cookie S insert domain example.com', { mode: 'insert', domains: ['example.com'] }],
    ['cookie S insert attr SameSite=Strict attr Priority=High', { mode: 'insert', attrs: ['SameSite=Strict', 'Priority=High'] }],
    // maxidle / maxlife: the default unit is the second.
    ['cookie S insert maxidle 30m maxlife 8h', { mode: 'insert', maxidle: 1_800_000, maxlife: 28_800_000 }],
    ['cookie S insert maxidle 10', { mode: 'insert', maxidle: 10_000 }],
    ['cookie S insert maxidle 500ms', { mode: 'insert', maxidle: 500 }],
    ['cookie S insert maxlife 2147483647', { mode: 'insert', maxlife: 2_147_483_647_000 }],
    ['cookie S rewrite maxidle 30m', { mode: 'rewrite', maxidle: 1_800_000 }],
    ['cookie S=x', { name: 'S=x' }],
  ];
  for (const [line, expected] of cases) {
    const h = harness(cookieKeywords);
    h.run(line);
    t.same(h.list(), [], `${line}: no diagnostic`);
    t.same(h.proxy.cookie, { ...base, name: 'S', mode: 'passive', ...expected }, line);
  }
});

t.test('a later cookie line replaces the earlier one', async (t) => {
  const h = harness(cookieKeywords);
  h.run('cookie A insert domain .a.test');
  h.run('cookie B prefix');
  t.same(h.proxy.cookie, { ...base, name: 'B', mode: 'prefix' });
});

t.test('what HAProxy refuses', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['cookie', 'TSLB_ERR_CFG_ARGS', /'cookie' expects <cookie_name> as argument/],
    ['cookie S insert rewrite', 'TSLB_ERR_CFG_ARGS', /cookie 'rewrite', 'insert' and 'prefix' modes are incompatible/],
    ['cookie S insert prefix', 'TSLB_ERR_CFG_ARGS', /modes are incompatible/],
    ['cookie S rewrite prefix', 'TSLB_ERR_CFG_ARGS', /modes are incompatible/],
    ['cookie S rewrite indirect', 'TSLB_ERR_CFG_ARGS', /cookie 'rewrite' and 'indirect' modes are incompatible/],
    ['cookie S preserve', 'TSLB_ERR_CFG_ARGS', /cookie 'preserve' requires at least 'insert' or 'indirect'/],
    ['cookie S rewrite preserve', 'TSLB_ERR_CFG_ARGS', /'preserve' requires/],
    ['cookie S prefix preserve', 'TSLB_ERR_CFG_ARGS', /'preserve' requires/],
    ['cookie S foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown cookie option 'foo'/],
    ['cookie S insert dynamic', 'TSLB_ERR_CFG_UNSUPPORTED', /'dynamic' cookies are not supported by tslb/],
    ['cookie S domain', 'TSLB_ERR_CFG_ARGS', /'domain' expects <domain> as argument/],
    ['cookie S insert maxidle', 'TSLB_ERR_CFG_ARGS', /'maxidle' expects <idletime> in seconds as argument/],
    ['cookie S insert maxlife', 'TSLB_ERR_CFG_ARGS', /'maxlife' expects <lifetime> in seconds/],
    ['cookie S insert maxidle abc', 'TSLB_ERR_CFG_TIME', /unexpected character 'a' in argument to <maxidle>/],
    ['cookie S insert maxidle 1x', 'TSLB_ERR_CFG_TIME', /unexpected character 'x' in argument to <maxidle>/],
    ['cookie S insert maxlife 2147483648', 'TSLB_ERR_CFG_TIME', /timer overflow in argument <2147483648> to <maxlife>, maximum value is 2147483647 s/],
    ['cookie S insert maxlife 100000d', 'TSLB_ERR_CFG_TIME', /timer overflow/],
    ['cookie S insert attr', 'TSLB_ERR_CFG_ARGS', /'attr' expects <value> as argument/],
    ['cookie S insert attr a;b', 'TSLB_ERR_CFG_ARGS', /character '%x3B' is not permitted in attribute value/],
  ];
  for (const [line, code, message] of cases) {
    const h = harness(cookieKeywords);
    h.run(line);
    t.same(h.codes(), [code], `${line}: ${code}`);
    t.match(h.list()[0]?.message, message, `${line}: message`);
    t.equal(h.proxy.cookie, undefined, `${line}: no cookie`);
  }
  const h = harness(cookieKeywords);
  h.run(['cookie', 'S', 'insert', 'attr', 'a\tb']);
  h.run(['cookie', 'S', 'insert', 'attr', '']);
  t.match(h.list(), [{ message: /character '%x09'/ }, { message: /'attr' expects <value>/ }]);
});

t.test('a domain without any dot gets a warning (RFC 6265 5.2.3)', async (t) => {
  const h = harness(cookieKeywords);
  h.run('cookie S insert domain localhost domain .localhost domain a.b');
  t.same(h.codes(), ['TSLB_WRN_CFG_COOKIE']);
  t.match(h.list()[0]?.message, /domain 'localhost' contains no embedded dot/);
  t.same(h.proxy.cookie?.domains, ['localhost', '.localhost', 'a.b']);
});

t.test('an empty word ends the options', async (t) => {
  const h = harness(cookieKeywords);
  h.run(['cookie', 'S', 'insert', '', 'indirect']);
  t.same(h.codes(), ['TSLB_WRN_CFG_EMPTY_WORD']);
  t.match(h.list()[0]?.message, /'indirect' is ignored/);
  t.match(h.proxy.cookie, { mode: 'insert', indirect: false });
});

t.test('a misspelt flag gets a did-you-mean hint; every problem is reported', async (t) => {
  const h = harness(cookieKeywords);
  h.run('cookie SRV insert indirect nocahce');
  t.match(h.list(), [{ code: 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', hint: "did you mean 'nocache' ?" }]);
  const g = harness(cookieKeywords);
  g.run('cookie SRV insert dynamic domain');
  t.same(g.codes(), ['TSLB_ERR_CFG_UNSUPPORTED', 'TSLB_ERR_CFG_ARGS']);
  t.equal(g.proxy.cookie, undefined);
});
