/**
 * `http-check` and `tcp-check` rules (manual 4.2): the rules each statement
 * adds, the ordering HAProxy 2.6.12 enforces while parsing, and what it
 * refuses (checked with haproxy -c).
 */
import t from 'tap';
import { checkKeywords } from '../../lib/config/keywords/checks.js';
import { harness } from './keyword-harness.js';

const at = (line: number) => ({ file: 't.cfg', line });

/** A backend with `option httpchk` in effect (the option's handler lives elsewhere). */
function httpchk() {
  const h = harness(checkKeywords);
  h.proxy.check.kind = { kind: 'http', method: 'OPTIONS', uri: '/', version: 'HTTP/1.0' };
  return h;
}

t.test('http-check send', async (t) => {
  const h = httpchk();
  h.run('http-check connect');
  h.run('http-check send meth GET uri /health ver HTTP/1.1 hdr Host app.example.test hdr X-Check 1 body ping comment probe');
  h.run('http-check expect status 200-399');
  h.run('http-check connect port 8080');
  h.run('http-check send uri-lf /%[var(check.path)] body-lf %[var(check.body)]');
  t.same(h.list(), []);
  t.same(h.proxy.check.httpRules[1], {
    place: at(3),
    type: 'send',
    method: 'GET',
    uri: '/health',
    uriLogFormat: false,
    version: 'HTTP/1.1',
    headers: [
      { name: 'Host', value: 'app.example.test' },
      { name: 'X-Check', value: '1' },
    ],
    body: 'ping',
    bodyLogFormat: false,
    comment: 'probe',
  });
  const u = harness(checkKeywords);
  u.run('http-check send meth GET urii /x');
  t.match(u.list(), [
    {
      code: 'TSLB_ERR_CFG_UNKNOWN_KEYWORD',
      message: /expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or 'body-lf' but got 'urii' as argument/,
      hint: "did you mean 'uri' ?",
    },
  ]);
  t.match(h.proxy.check.httpRules[4], { type: 'send', uri: '/%[var(check.path)]', uriLogFormat: true, body: '%[var(check.body)]', bodyLogFormat: true });
  const refused: [string, RegExp][] = [
    ['http-check send meth', /^'http-check send' : 'meth' expects a string as argument$/],
    ['http-check send hdr Host', /'hdr' expects <name> and <value> as arguments/],
    ['http-check send uri', /'uri' expects a URI/],
  ];
  for (const [line, message] of refused) {
    const g = harness(checkKeywords);
    g.run(line);
    t.same(g.codes(), ['TSLB_ERR_CFG_ARGS'], line);
    t.match(g.list()[0]?.message, message, `${line}: message`);
    t.same(g.proxy.check.httpRules, [], `${line}: no rule`);
  }
});

t.test('http-check expect', async (t) => {
  const cases: [string, Record<string, unknown>][] = [
    ['status 200-399', { negate: false, expect: { kind: 'status', codes: [{ from: 200, to: 399 }] } }],
    ['status 200,201,300-310', { expect: { kind: 'status', codes: [{ from: 200, to: 200 }, { from: 201, to: 201 }, { from: 300, to: 310 }] } }],
    ['status 600', { expect: { kind: 'status', codes: [{ from: 600, to: 600 }] } }],
    ['! rstatus ^5', { negate: true, expect: { kind: 'rstatus', pattern: '^5' } }],
    ['!status 500', { negate: true, expect: { kind: 'status', codes: [{ from: 500, to: 500 }] } }],
    ['string OK', { expect: { kind: 'string', pattern: 'OK' } }],
    ['rstring <!--tag:[0-9a-f]*--></html>', { expect: { kind: 'rstring', pattern: '<!--tag:[0-9a-f]*--></html>' } }],
    ['string-lf %[var(check.x)]', { expect: { kind: 'string-lf', format: '%[var(check.x)]' } }],
    ['hdr name Host', { expect: { kind: 'hdr', name: { pattern: 'Host', match: 'str', logFormat: false } } }],
    [
      'hdr name -m beg set- value -m sub sessid=',
      { expect: { kind: 'hdr', name: { pattern: 'set-', match: 'beg', logFormat: false }, value: { pattern: 'sessid=', match: 'sub', logFormat: false } } },
    ],
    ['fhdr name x value -m reg ^a.*b$', { expect: { kind: 'fhdr', name: { pattern: 'x' }, value: { pattern: '^a.*b$', match: 'reg' } } }],
    ['hdr name-lf %[var(check.h)] value-lf %[var(check.v)]', { expect: { name: { logFormat: true }, value: { logFormat: true } } }],
    [
      'min-recv 10 comment hi ok-status L7OKC error-status L7STS tout-status L4TOUT on-success up on-error down status-code int(200) status 200',
      { minRecv: 10, comment: 'hi', okStatus: 'L7OKC', errorStatus: 'L7STS', toutStatus: 'L4TOUT', onSuccess: 'up', onError: 'down', statusCode: 'int(200)' },
    ],
    ['min-recv -1 string x', { minRecv: -1 }],
  ];
  for (const [args, expected] of cases) {
    const h = harness(checkKeywords);
    h.run(`http-check expect ${args}`);
    t.same(h.list(), [], `${args}: no diagnostic`);
    t.match(h.proxy.check.httpRules, [{ type: 'expect', place: at(2), ...expected }], args);
  }
  const refused: [string, RegExp][] = [
    ['', /expects at least a matching pattern as arguments/],
    ['status', /'status' expects a <pattern> as argument/],
    ['string', /'string' expects a <pattern>/],
    ['status 2xx', /invalid character 'x' in the list of status codes/],
    ['status 399-200', /invalid range of status codes '399-200'/],
    ['status 200 status 300', /only one pattern expected/],
    ['rstatus (', /regex '\(' does not compile/],
    ['rstring [a-', /regex '\[a-' does not compile/],
    ['ok-status L7RSP string OK', /'ok-status' only supports 'L4OK', 'L6OK', 'L7OK', 'L7OKC' status \(got 'L7RSP'\)/],
    ['error-status L7OK string OK', /'error-status' only supports 'L4CON', 'L6RSP', 'L7RSP', 'L7STS', 'L7OKC' status/],
    ['tout-status L7OK string OK', /'tout-status' only supports 'L4TOUT', 'L6TOUT', 'L7TOUT' status/],
    ['hdr', /'hdr' expects the name keyword as first argument followed by a pattern/],
    ['hdr value x', /'hdr' expects the name keyword/],
    ['hdr name x value', /'hdr' expects a pattern with the value keyword/],
    ['hdr name -m foo x', /'hdr' : '-m' only supports 'str', 'beg', 'end', 'sub' or 'reg' \(got 'foo'\)/],
    ['hdr name-lf -m reg x', /log-format string is not supported with a regex matching method/],
  ];
  for (const [args, message] of refused) {
    const h = harness(checkKeywords);
    h.run(`http-check expect ${args}`);
    t.same(h.codes(), ['TSLB_ERR_CFG_ARGS'], args);
    t.match(h.list()[0]?.message, message, `${args}: message`);
    t.same(h.proxy.check.httpRules, [], `${args}: no rule`);
  }
  const unknown: [string, string | undefined][] = [
    ['status 200 foo', undefined],
    ['stauts 200', "did you mean 'status' ?"],
    ['hdr name x -m str', undefined],
    ['hdr name x value y extra', undefined],
    ['min-recb 3 string x', "did you mean 'min-recv' ?"],
  ];
  for (const [args, hint] of unknown) {
    const u = harness(checkKeywords);
    u.run(`http-check expect ${args}`);
    t.same(u.codes(), ['TSLB_ERR_CFG_UNKNOWN_KEYWORD'], args);
    t.match(u.list()[0]?.message, /only supports min-recv, comment, ok-status, .* \[!\]fhdr but got '.+' as argument/);
    t.equal(u.list()[0]?.hint, hint, `${args}: hint`);
  }
  const m = harness(checkKeywords);
  m.run('http-check expect min-recv -2 string OK');
  t.same(m.codes(), ['TSLB_ERR_CFG_NUMBER']);
  t.match(m.list()[0]?.message, /'min-recv' expects -1 or an integer from 0 to INT_MAX/);
  const g = harness(checkKeywords);
  g.run(['http-check', 'expect', '!', 'string', 'SQL Error']);
  t.same(g.list(), []);
  t.match(g.proxy.check.httpRules, [{ negate: true, expect: { kind: 'string', pattern: 'SQL Error' } }], 'a pattern with a space');
  const h = harness(checkKeywords);
  h.run('http-check expect min-recv abc string OK');
  t.same(h.codes(), ['TSLB_WRN_CFG_NUMBER'], "min-recv reads 'abc' as 0, as HAProxy does");
  t.match(h.proxy.check.httpRules[0], { minRecv: 0 });
});

t.test('connect', async (t) => {
  const h = harness(checkKeywords);
  h.run('http-check comment first');
  h.run('http-check connect default port 443 addr 10.0.0.1 ssl sni app.example.test alpn h2,http/1.1 proto h2 linger send-proxy comment tls');
  h.run('tcp-check connect port int(6379)');
  t.same(h.list(), []);
  t.same(h.proxy.check.httpRules, [
    { place: at(2), type: 'comment', text: 'first' },
    {
      place: at(3),
      type: 'connect',
      default: true,
      sendProxy: true,
      ssl: true,
      linger: true,
      port: 443,
      addr: '10.0.0.1',
      sni: 'app.example.test',
      alpn: ['h2', 'http/1.1'],
      proto: 'h2',
      comment: 'tls',
    },
  ]);
  t.same(h.proxy.check.tcpRules, [{ place: at(4), type: 'connect', default: false, sendProxy: false, ssl: false, linger: false, portExpr: 'int(6379)' }]);
  const refused: [string, string, RegExp][] = [
    ['http-check connect port 0', 'TSLB_ERR_CFG_NUMBER', /expects a valid TCP port \(from range 1 to 65535\) or a sample expression, got 0/],
    ['tcp-check connect port 70000', 'TSLB_ERR_CFG_NUMBER', /got 70000/],
    ['tcp-check connect port', 'TSLB_ERR_CFG_ARGS', /'port' expects a port number or a sample expression as argument/],
    ['tcp-check connect port abc', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown sample fetch 'abc'/],
    ['tcp-check connect addr', 'TSLB_ERR_CFG_ARGS', /'addr' expects <ipv4\|ipv6> as argument/],
    ['tcp-check connect addr foo..bar', 'TSLB_ERR_CFG_ADDRESS', /'tcp-check connect' : 'addr' : invalid address: 'foo..bar'/],
    ['tcp-check connect sni', 'TSLB_ERR_CFG_ARGS', /'sni' expects a string/],
    ['tcp-check connect alpn', 'TSLB_ERR_CFG_ARGS', /missing the comma-delimited ALPN protocol suite/],
    ['http-check connect proto fcgi', 'TSLB_ERR_CFG_ARGS', /unknown or unusable MUX protocol 'fcgi'/],
    ['tcp-check connect proto h2', 'TSLB_ERR_CFG_UNSUPPORTED', /not supported by tslb/],
    ['tcp-check connect via-socks4', 'TSLB_ERR_CFG_UNSUPPORTED', /'via-socks4' is not supported by tslb/],
    ['http-check connect foo', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /but got 'foo' as argument/],
  ];
  for (const [line, code, message] of refused) {
    const g = harness(checkKeywords);
    g.run(line);
    t.same(g.codes(), [code], line);
    t.match(g.list()[0]?.message, message, `${line}: message`);
  }
});

t.test("a 'connect' must be the first step", async (t) => {
  const ok = [
    ['tcp-check connect', 'tcp-check send PING', 'tcp-check connect port 26'],
    ['tcp-check comment c', 'tcp-check set-var(check.port) int(1)', 'tcp-check connect'],
    ['tcp-check send PING', 'tcp-check expect string PONG'],
  ];
  for (const lines of ok) {
    const h = harness(checkKeywords);
    for (const line of lines) h.run(line);
    t.same(h.list(), [], lines.join(' / '));
    t.equal(h.proxy.check.tcpRules.length, lines.length);
  }
  const h = harness(checkKeywords);
  h.run('tcp-check expect string x');
  h.run('tcp-check connect');
  t.same(h.codes(), ['TSLB_ERR_CFG_ARGS']);
  t.match(h.list()[0]?.message, /^'tcp-check connect' : first step MUST also be a 'connect', optionally preceded by a 'set-var', an 'unset-var' or a 'comment'/);
  t.equal(h.proxy.check.tcpRules.length, 1);
});

t.test('http-check ordering once option httpchk is in effect', async (t) => {
  const valid = [
    ['http-check send uri /a', 'http-check expect status 200'],
    ['http-check connect', 'http-check send uri /a', 'http-check expect status 200', 'http-check expect string ok', 'http-check connect port 81', 'http-check send uri /b', 'http-check expect status 200'],
    ['http-check expect status 200'],
    ['http-check comment c', 'http-check send uri /a', 'http-check comment d', 'http-check expect status 200'],
  ];
  for (const lines of valid) {
    const h = httpchk();
    for (const line of lines) h.run(line);
    t.same(h.list(), [], lines.join(' / '));
  }
  const refused: [string[], RegExp][] = [
    [['http-check send uri /a', 'http-check send uri /b'], /unable to add http-check send rule at step 2 \(missing connect rule\)/],
    [['http-check expect status 200', 'http-check send uri /b'], /unable to add http-check send rule at step 2 \(missing connect rule\)/],
    [['http-check connect', 'http-check expect status 200'], /unable to add http-check expect rule at step 2 \(missing send rule\)/],
    [['http-check connect', 'http-check connect'], /unable to add http-check connect rule at step 2 \(missing expect rule\)/],
    [['http-check send uri /b', 'http-check connect'], /first step MUST also be a 'connect'/],
    [['http-check send uri /a', 'http-check expect status 200', 'http-check connect port 81'], /first step MUST also be a 'connect'/],
  ];
  for (const [lines, message] of refused) {
    const h = httpchk();
    for (const line of lines) h.run(line);
    t.same(h.codes(), ['TSLB_ERR_CFG_ARGS'], lines.join(' / '));
    t.match(h.list()[0]?.message, message, `${lines.join(' / ')}: message`);
    t.equal(h.proxy.check.httpRules.length, lines.length - 1, 'the refused rule is not added');
  }
  const h = harness(checkKeywords);
  h.run('http-check send uri /a');
  h.run('http-check send uri /b');
  t.same(h.list(), [], 'before option httpchk, HAProxy does not check the order');
});

t.test("a proxy's own rules replace the ones inherited from defaults", async (t) => {
  const h = httpchk();
  h.proxy.place = { file: 't.cfg', line: 10 };
  h.proxy.check.httpRules.push({ place: { file: 't.cfg', line: 3 }, type: 'send', uri: '/from-defaults', uriLogFormat: false, headers: [], bodyLogFormat: false });
  h.proxy.check.tcpRules.push({ place: { file: 'other.cfg', line: 30 }, type: 'send', data: 'x', logFormat: false });
  const g = harness(checkKeywords, { proxy: h.proxy, line: 10 });
  g.run('http-check connect');
  g.run('tcp-check send y');
  t.same(g.list(), []);
  t.match(h.proxy.check.httpRules, [{ type: 'connect', place: at(11) }]);
  t.same(h.proxy.check.tcpRules, [{ place: at(12), type: 'send', data: 'y', logFormat: false }]);
});

t.test('comment, disable-on-404, send-state', async (t) => {
  const h = harness(checkKeywords);
  h.run('http-check disable-on-404');
  h.run('http-check send-state');
  h.run('http-check comment hello');
  h.run('tcp-check comment hello');
  t.same(h.list(), []);
  t.equal(h.proxy.check.disableOn404, true);
  t.equal(h.proxy.check.sendState, true);
  t.same(h.proxy.check.httpRules, [{ place: at(4), type: 'comment', text: 'hello' }]);
  t.same(h.proxy.check.tcpRules, [{ place: at(5), type: 'comment', text: 'hello' }]);
  const g = harness(checkKeywords);
  g.run('http-check disable-on-404 x');
  g.run('http-check send-state x');
  g.run('http-check comment');
  g.run('tcp-check comment');
  t.same(g.codes(), ['TSLB_ERR_CFG_ARGS', 'TSLB_ERR_CFG_ARGS', 'TSLB_ERR_CFG_ARGS', 'TSLB_ERR_CFG_ARGS']);
  t.match(g.list()[0]?.message, /'http-check' cannot handle unexpected argument 'x'/);
  t.match(g.list()[2]?.message, /'http-check comment' : expects a string as argument/);
});

t.test('tcp-check send and expect', async (t) => {
  const h = harness(checkKeywords);
  h.run('tcp-check connect port 25');
  h.run(['tcp-check', 'send', 'PING\r\n', 'comment', 'ping']);
  h.run('tcp-check send-lf %[var(check.cmd)]');
  h.run('tcp-check send-binary 50494e470d0a');
  h.run('tcp-check send-binary-lf 50%[var(check.hex)]');
  h.run('tcp-check expect string +PONG');
  h.run('tcp-check expect ! rstring ^-ERR');
  h.run('tcp-check expect binary 2b504f4e47');
  h.run('tcp-check expect rbinary ^2b');
  h.run('tcp-check expect min-recv 5 error-status L7RSP string-lf %[var(check.x)]');
  h.run('tcp-check expect binary-lf %[var(check.x)]');
  t.same(h.list(), []);
  t.same(
    h.proxy.check.tcpRules.slice(1).map((r) => {
      const { place: _place, ...rest } = r;
      return rest;
    }),
    [
      { type: 'send', data: 'PING\r\n', logFormat: false, comment: 'ping' },
      { type: 'send', data: '%[var(check.cmd)]', logFormat: true },
      { type: 'send-binary', hex: '50494e470d0a', logFormat: false },
      { type: 'send-binary', hex: '50%[var(check.hex)]', logFormat: true },
      { type: 'expect', match: 'string', pattern: '+PONG', negate: false },
      { type: 'expect', match: 'rstring', pattern: '^-ERR', negate: true },
      { type: 'expect', match: 'binary', pattern: '2b504f4e47', negate: false },
      { type: 'expect', match: 'rbinary', pattern: '^2b', negate: false },
      { type: 'expect', match: 'string-lf', pattern: '%[var(check.x)]', negate: false, minRecv: 5, errorStatus: 'L7RSP' },
      { type: 'expect', match: 'binary-lf', pattern: '%[var(check.x)]', negate: false },
    ],
  );
  const refused: [string, RegExp][] = [
    ['tcp-check send', /'tcp-check send' : expects a string as argument/],
    ['tcp-check send a comment', /'comment' expects a string/],
    ['tcp-check send-binary', /expects a binary string as argument/],
    ['tcp-check send-binary 5049z', /'5049z' invalid binary string \(an hex digit is expected \(found 'z'\)\)/],
    ['tcp-check send-binary 504', /'504' invalid binary string \(an even number of hex digit is expected\)/],
    ['tcp-check expect binary 2b4', /invalid binary string \(an even number of hex digit is expected\)/],
    ['tcp-check expect binary zz', /an hex digit is expected \(found 'z'\)/],
    ['tcp-check expect rstring ^+OK', /regex '\^\+OK' does not compile/],
    ['tcp-check expect string x string y', /only one pattern expected/],
  ];
  for (const [line, message] of refused) {
    const g = harness(checkKeywords);
    g.run(line);
    t.same(g.codes(), ['TSLB_ERR_CFG_ARGS'], line);
    t.match(g.list()[0]?.message, message, `${line}: message`);
    t.same(g.proxy.check.tcpRules, [], `${line}: no rule`);
  }
  const u = harness(checkKeywords);
  u.run('tcp-check send a b');
  u.run('tcp-check expect status 200');
  t.same(u.codes(), ['TSLB_ERR_CFG_UNKNOWN_KEYWORD', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD']);
  t.match(u.list()[0]?.message, /expects 'comment' but got 'b' as argument/);
  t.match(u.list()[1]?.message, /but got 'status' as argument/);
});

t.test('set-var, set-var-fmt, unset-var', async (t) => {
  const h = harness(checkKeywords);
  h.run('http-check set-var(check.port) int(8080)');
  h.run('http-check set-var check.port,ifnotempty int(8080)');
  h.run(['tcp-check', 'set-var-fmt(check.cmd)', 'PING %[var(check.n)]']);
  h.run('tcp-check unset-var(check.cmd)');
  t.same(h.list(), []);
  t.same(h.proxy.check.httpRules, [
    { place: at(2), type: 'set-var', name: 'check.port', conditions: [], value: 'int(8080)', format: false },
    { place: at(3), type: 'set-var', name: 'check.port', conditions: ['ifnotempty'], value: 'int(8080)', format: false },
  ]);
  t.same(h.proxy.check.tcpRules, [
    { place: at(4), type: 'set-var', name: 'check.cmd', conditions: [], value: 'PING %[var(check.n)]', format: true },
    { place: at(5), type: 'unset-var', name: 'check.cmd' },
  ]);
  const refused: [string, string, RegExp][] = [
    ['tcp-check set-var(foo) int(1)', 'TSLB_ERR_CFG_ARGS', /invalid variable name 'foo'\. A variable name must start with its scope/],
    ['tcp-check set-var(bad.x) int(1)', 'TSLB_ERR_CFG_ARGS', /invalid variable name 'bad\.x'/],
    ['http-check set-var(check.x)', 'TSLB_ERR_CFG_ARGS', /'set-var' : missing fetch method/],
    ['http-check set-var-fmt(check.x)', 'TSLB_ERR_CFG_ARGS', /'set-var-fmt' : missing log-format string/],
    ['http-check set-var(check.x,iffoo) int(1)', 'TSLB_ERR_CFG_ARGS', /unknown condition 'iffoo'/],
    ['http-check unset-var(check.x,ifset)', 'TSLB_ERR_CFG_ARGS', /'unset-var' takes no condition/],
    ['http-check set-var(check.x) nosuchfetch', 'TSLB_ERR_CFG_UNKNOWN_KEYWORD', /unknown sample fetch 'nosuchfetch'/],
  ];
  for (const [line, code, message] of refused) {
    const g = harness(checkKeywords);
    g.run(line);
    t.same(g.codes(), [code], line);
    t.match(g.list()[0]?.message, message, `${line}: message`);
  }
});
