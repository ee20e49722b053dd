/**
 * tslb's HTTP/1.1 head parser and chunked-body validator, table-driven:
 * valid heads → the fields expected; refused heads → the status HAProxy
 * 2.6 answers (or tslb's stricter choice, see lib/http/parser.ts); every
 * case fed byte by byte gives the same result as all at once. The
 * differential corpus against HAProxy and llhttp is smuggling.test.ts.
 */
import t from 'tap';
import {
  ChunkedParser,
  DEFAULT_HEAD_LIMITS,
  parseRequestHead,
  parseResponseHead,
  type HeadLimits,
  type HeadResult,
  type RequestHead,
  type ResponseHead,
} from '../../lib/http/parser.js';

const L = DEFAULT_HEAD_LIMITS;
const b = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Feeds `bytes` one more byte at a time, as a socket could; returns the first result that is not 'incomplete'. */
function incrementally<T>(bytes: Buffer, parse: (buf: Buffer) => HeadResult<T>): { result: HeadResult<T>; at: number } {
  for (let n = 1; n <= bytes.length; n++) {
    const result = parse(bytes.subarray(0, n));
    if (result.kind !== 'incomplete') return { result, at: n };
  }
  return { result: parse(bytes), at: bytes.length };
}

function head(s: string, limits: HeadLimits = L): RequestHead {
  const r = parseRequestHead(b(s), limits);
  if (r.kind !== 'head') throw new Error(`expected a head for ${JSON.stringify(s)}, got ${JSON.stringify(r)}`);
  return r.head;
}

t.test('valid request heads', async (t) => {
  const cases: [string, string, Partial<RequestHead>][] = [
    ['simple GET', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n', { method: 'GET', target: '/', minor: 1, body: { kind: 'none' }, host: 'a', headLength: 27, startOffset: 0 }],
    ['HTTP/1.0 without Host', 'GET /x?y=1 HTTP/1.0\r\n\r\n', { target: '/x?y=1', minor: 0, host: undefined, headLength: 23 }],
    ['Content-Length', 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n', { body: { kind: 'length', length: 12 } }],
    ['Content-Length 0', 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n', { body: { kind: 'length', length: 0 } }],
    ['Content-Length with leading zeros and SP', 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length:  007 \r\n\r\n', { body: { kind: 'length', length: 7 } }],
    ['Content-Length after HTAB', 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length:\t 7\r\n\r\n', { body: { kind: 'length', length: 7 } }],
    ['Content-Length 2^53-1', 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 9007199254740991\r\n\r\n', { body: { kind: 'length', length: 9007199254740991 } }],
    ['chunked', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n', { body: { kind: 'chunked' } }],
    ['chunked, any case, HTAB as OWS', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tCHUNKED\t\r\n\r\n', { body: { kind: 'chunked' } }],
    ['leading empty lines skipped (RFC 9112 §2.2)', '\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n', { startOffset: 4, headLength: 31, method: 'GET' }],
    ['custom method token', "M-SEARCH * HTTP/1.1\r\nHost: a\r\n\r\n".replace('*', '/'), { method: 'M-SEARCH' }],
    ['lowercase method is another method', 'get / HTTP/1.1\r\nHost: a\r\n\r\n', { method: 'get' }],
    ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n', { method: 'OPTIONS', target: '*' }],
    ['absolute-form kept as received', 'GET http://Example.com:80/x?q HTTP/1.1\r\nHost: example.com\r\n\r\n', { target: 'http://Example.com:80/x?q', host: 'example.com' }],
    ['absolute-form https default port', 'GET https://a:443/ HTTP/1.1\r\nHost: a\r\n\r\n', { target: 'https://a:443/' }],
    ['absolute-form without path', 'GET http://a HTTP/1.1\r\nHost: a\r\n\r\n', { target: 'http://a' }],
    ['absolute-form HTTP/1.0 without Host', 'GET http://a/x HTTP/1.0\r\n\r\n', { target: 'http://a/x', host: undefined }],
    ['CONNECT authority-form', 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n', { method: 'CONNECT', target: 'a.example:443' }],
    ['IPv6 Host', 'GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n', { host: '[::1]:8080' }],
    ['empty Host (RFC 9110 §7.2)', 'GET / HTTP/1.1\r\nHost: \r\n\r\n', { host: '' }],
    ['Connection tokens', 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, ,close\r\nConnection: TE\r\n\r\n', { connection: ['keep-alive', 'close', 'te'], upgrade: undefined }],
    ['Expect 100-continue', 'POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n', { expectContinue: true }],
    ['Expect ignored in HTTP/1.0', 'POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n', { expectContinue: false }],
    ['Upgrade only with Connection: upgrade', 'GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\n', { upgrade: undefined }],
    ['Upgrade h2c', 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n', { upgrade: 'h2c', connection: ['upgrade', 'http2-settings'] }],
    ['WebSocket with key', 'GET /ws HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n', { upgrade: 'websocket' }],
    ['obs-text and HTAB inside a value', 'GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9\tau lait  \r\n\r\n', { headers: [{ name: 'Host', lname: 'host', value: 'a' }, { name: 'X', lname: 'x', value: 'caf\xe9\tau lait' }] }],
    ['all tchar in a name, empty value', "GET / HTTP/1.1\r\nHost: a\r\nX!#$%&'*+-.^_`|~: \r\n\r\n", { headers: [{ name: 'Host', lname: 'host', value: 'a' }, { name: "X!#$%&'*+-.^_`|~", lname: "x!#$%&'*+-.^_`|~", value: '' }] }],
    ['printable oddities in the target', 'GET /a"b{c}|d\\e^`~ HTTP/1.1\r\nHost: a\r\n\r\n', { target: '/a"b{c}|d\\e^`~' }],
    ['TE: trailers is not Transfer-Encoding', 'GET / HTTP/1.0\r\nTE: trailers\r\n\r\n', { body: { kind: 'none' } }],
  ];
  for (const [name, input, expected] of cases) {
    const got = head(input);
    t.match(got, expected, name);
    if (expected.headers) t.same(got.headers, expected.headers, `${name}: headers`);
    if (expected.connection) t.same(got.connection, expected.connection, `${name}: connection`);
    const inc = incrementally(b(input), (buf) => parseRequestHead(buf, L));
    t.same(inc.result, { kind: 'head', head: got }, `${name}: byte by byte`);
    t.equal(inc.at, got.headLength, `${name}: complete exactly at the final LF`);
  }
});

t.test('bytes after the head are not part of it', async (t) => {
  const h = head('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n\r\n');
  t.equal(h.headLength, 47);
  t.same(h.body, { kind: 'length', length: 3 });
});

t.test('refused request heads', async (t) => {
  const G = (extra: string) => `GET / HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;
  const P = (extra: string, body = '') => `POST / HTTP/1.1\r\nHost: a\r\n${extra}\r\n${body}`;
  const cases: [string, string, number][] = [
    // Framing (RFC 9112 §6).
    ['CL + TE', P('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'), 400],
    ['TE + CL', P('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n'), 400],
    ['two CL, different', P('Content-Length: 1\r\nContent-Length: 2\r\n'), 400],
    ['two CL, identical', P('Content-Length: 1\r\nContent-Length: 1\r\n'), 400],
    ['CL list 1,1', P('Content-Length: 1,1\r\n'), 400],
    ['CL +1', P('Content-Length: +1\r\n'), 400],
    ['CL -1', P('Content-Length: -1\r\n'), 400],
    ['CL 0x1', P('Content-Length: 0x1\r\n'), 400],
    ['CL empty', P('Content-Length: \r\n'), 400],
    ['CL 1 2', P('Content-Length: 1 2\r\n'), 400],
    ['CL HTAB after', P('Content-Length: 1\t\r\n'), 400],
    ['CL 2^53', P('Content-Length: 9007199254740992\r\n'), 400],
    ['CL overflow', P('Content-Length: 99999999999999999999999\r\n'), 400],
    ['TE chunked, gzip', P('Transfer-Encoding: chunked, gzip\r\n'), 400],
    ['TE gzip, chunked (HAProxy: 422)', P('Transfer-Encoding: gzip, chunked\r\n'), 422],
    ['TE gzip then chunked lines (HAProxy: 422)', P('Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n'), 422],
    ['TE ,chunked (HAProxy: 422)', P('Transfer-Encoding: ,chunked\r\n'), 422],
    ['TE chunked,', P('Transfer-Encoding: chunked,\r\n'), 400],
    ['TE chunked twice', P('Transfer-Encoding: chunked, chunked\r\n'), 400],
    ['TE chunked on two lines', P('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n'), 400],
    ['TE chunked then empty line', P('Transfer-Encoding: chunked\r\nTransfer-Encoding: \r\n'), 400],
    ['TE identity', P('Transfer-Encoding: identity\r\n'), 400],
    ['TE xchunked', P('Transfer-Encoding: xchunked\r\n'), 400],
    ['TE chunked;q=1', P('Transfer-Encoding: chunked;q=1\r\n'), 400],
    ['TE chunked VT', P('Transfer-Encoding: chunked\x0b\r\n'), 400],
    ['TE empty', P('Transfer-Encoding: \r\n'), 400],
    ['TE in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
    // Field syntax (RFC 9112 §5, RFC 9110 §5.5).
    ['obs-fold SP', G('X: a\r\n b\r\n'), 400],
    ['obs-fold HTAB', G('X: a\r\n\tb\r\n'), 400],
    ['whitespace before the first header', 'GET / HTTP/1.1\r\n Host: a\r\n\r\n', 400],
    ['SP before colon', G('Transfer-Encoding : chunked\r\n'), 400],
    ['HTAB before colon', G('X\t: b\r\n'), 400],
    ['empty name', G(': b\r\n'), 400],
    ['no colon', G('X b\r\n'), 400],
    ['( in name', G('X(: b\r\n'), 400],
    ['0x80 in name', G('X\x80: b\r\n'), 400],
    ['NUL in value', G('X: a\x00b\r\n'), 400],
    ['0x01 in value', G('X: a\x01b\r\n'), 400],
    ['DEL in value', G('X: a\x7fb\r\n'), 400],
    ['bare CR in value', G('X: a\rb\r\n'), 400],
    ['bare CR line end', 'GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n', 400],
    ['bare LF line ends', 'GET / HTTP/1.1\nHost: a\n\n', 400],
    ['one bare LF line end', 'GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n', 400],
    ['bare LF ending the head', 'GET / HTTP/1.1\r\nHost: a\r\n\n', 400],
    ['CR CR LF', 'GET / HTTP/1.1\r\nHost: a\r\r\n\r\n', 400],
    // Request line (RFC 9112 §3).
    ['empty method', ' / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['( in method', 'G(T / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['method only', 'GET\r\n\r\n', 400],
    ['two SP after method', 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['two SP before version', 'GET /  HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['HTAB separators', 'GET\t/\tHTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['SP after version', 'GET / HTTP/1.1 \r\nHost: a\r\n\r\n', 400],
    ['no version', 'GET /\r\nHost: a\r\n\r\n', 400],
    ['HTTP/0.9 request', 'GET /\r\n\r\n', 400],
    ['lowercase version', 'GET / http/1.1\r\nHost: a\r\n\r\n', 400],
    ['HTTP/1.10', 'GET / HTTP/1.10\r\nHost: a\r\n\r\n', 400],
    ['HTTP/11', 'GET / HTTP/11\r\nHost: a\r\n\r\n', 400],
    ['HTTP/1.', 'GET / HTTP/1.\r\nHost: a\r\n\r\n', 400],
    ['HTTP/1.2', 'GET / HTTP/1.2\r\nHost: a\r\n\r\n', 505],
    ['HTTP/2.0', 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', 505],
    ['HTTP/0.9 version', 'GET / HTTP/0.9\r\nHost: a\r\n\r\n', 505],
    ['h2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 505],
    ['NUL in target', 'GET /a\x00 HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['0x01 in target', 'GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['DEL in target', 'GET /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['0x80 in target', 'GET /a\x80 HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['SP in target', 'GET /a b HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['HTAB in target', 'GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['# in target', 'GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['relative target', 'GET a/b HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['authority-form with GET', 'GET a:443 HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['* with GET', 'GET * HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['CONNECT with a path', 'CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['CONNECT without port', 'CONNECT a HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['CONNECT with absolute-form', 'CONNECT http://a/ HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['CONNECT Host differs', 'CONNECT a:443 HTTP/1.1\r\nHost: b:443\r\n\r\n', 400],
    ['absolute-form Host differs', 'GET http://b/x HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['absolute-form port differs', 'GET http://a:8080/ HTTP/1.1\r\nHost: a:8081\r\n\r\n', 400],
    ['absolute-form http on 443', 'GET http://a:443/ HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['absolute-form Host differs in 1.0', 'GET http://b/ HTTP/1.0\r\nHost: a\r\n\r\n', 400],
    ['absolute-form query without path', 'GET http://a?x=1 HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['absolute-form userinfo', 'GET http://u@a/x HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['absolute-form empty host', 'GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['absolute-form ftp', 'GET ftp://a/x HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['absolute-form without //', 'GET http:a/x HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    // Host (RFC 9112 §3.2).
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400],
    ['HTTP/1.1 absolute-form without Host', 'GET http://a/ HTTP/1.1\r\n\r\n', 400],
    ['two Host, different', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
    ['two Host, identical', 'GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n', 400],
    ['two Host in 1.0', 'GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n', 400],
    ['Host with /', 'GET / HTTP/1.1\r\nHost: a/b\r\n\r\n', 400],
    ['Host with userinfo', 'GET / HTTP/1.1\r\nHost: u@a\r\n\r\n', 400],
    ['Host with SP', 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n', 400],
    ['Host with two colons', 'GET / HTTP/1.1\r\nHost: a:1:2\r\n\r\n', 400],
    ['Host with a letter port', 'GET / HTTP/1.1\r\nHost: a:x\r\n\r\n', 400],
    ['Host with bad brackets', 'GET / HTTP/1.1\r\nHost: [::1\r\n\r\n', 400],
    ['Host with junk after brackets', 'GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n', 400],
    ['Host with a stray bracket', 'GET / HTTP/1.1\r\nHost: a]b\r\n\r\n', 400],
    // WebSocket (HAProxy 2.6).
    ['websocket without key', G('Connection: upgrade\r\nUpgrade: websocket\r\n'), 400],
    ['websocket short key', G('Connection: upgrade\r\nUpgrade: WebSocket\r\nSec-WebSocket-Key: abc\r\n'), 400],
    ['websocket two keys', G('Connection: upgrade\r\nUpgrade: foo, websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'), 400],
  ];
  for (const [name, input, status] of cases) {
    const all = parseRequestHead(b(input), L);
    t.equal(all.kind, 'error', `${name}: refused`);
    if (all.kind !== 'error') continue;
    t.equal(all.error.status, status, `${name}: ${status} (${all.error.reason})`);
    const inc = incrementally(b(input), (buf) => parseRequestHead(buf, L));
    t.equal(inc.result.kind, 'error', `${name}: refused byte by byte`);
    if (inc.result.kind === 'error') t.equal(inc.result.error.status, status, `${name}: same status byte by byte`);
  }
});

t.test('errors show up before the head ends when they can', async (t) => {
  const cases: [string, string][] = [
    ['bare LF', 'GET / HTTP/1.1\nHost'],
    ['bare CR', 'GET / HTTP/1.1\rHost'],
    ['NUL', 'GET /\x00'],
  ];
  for (const [name, input] of cases) {
    const r = parseRequestHead(b(input), L);
    t.equal(r.kind, 'error', name);
  }
  t.equal(parseRequestHead(b('GET / HTTP/1.1\r'), L).kind, 'incomplete', 'a CR at the end may be followed by LF');
  t.equal(parseRequestHead(b('\r\n\r'), L).kind, 'incomplete', 'leading empty lines');
  t.equal(parseRequestHead(b(''), L).kind, 'incomplete', 'nothing yet');
});

t.test('limits: head size and header count (HAProxy 2.6: maxhdr 101 lets 100 lines through, size → 400)', async (t) => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `X-${i}: v\r\n`).join('');
  t.equal(head(`GET / HTTP/1.1\r\nHost: a\r\n${lines(99)}\r\n`).headers.length, 100, '100 header lines pass');
  const r101 = parseRequestHead(b(`GET / HTTP/1.1\r\nHost: a\r\n${lines(100)}\r\n`), L);
  t.match(r101, { kind: 'error', error: { status: 400, reason: 'too many headers' } }, '101 header lines fail');
  const small: HeadLimits = { maxHeadSize: 15360, maxHeaders: 10 };
  t.equal(head(`GET / HTTP/1.1\r\nHost: a\r\n${lines(8)}\r\n`, small).headers.length, 9, 'maxhdr 10: 9 pass');
  t.equal(parseRequestHead(b(`GET / HTTP/1.1\r\nHost: a\r\n${lines(9)}\r\n`), small).kind, 'error', 'maxhdr 10: 10 fail');

  const sized = (size: number) => {
    const fixed = 'GET / HTTP/1.1\r\nHost: a\r\nX: \r\n\r\n'.length;
    return `GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(size - fixed)}\r\n\r\n`;
  };
  t.equal(head(sized(15360)).headLength, 15360, 'a head of exactly maxHeadSize passes');
  t.match(parseRequestHead(b(sized(15361)), L), { kind: 'error', error: { status: 400, reason: 'head too large' } }, 'one more byte: 400');
  const longLine = `GET /${'a'.repeat(16000)} HTTP/1.1\r\nHost: a\r\n\r\n`;
  t.match(parseRequestHead(b(longLine), L), { kind: 'error', error: { status: 400 } }, 'over-long request line: 400 as HAProxy (not 414)');
  t.match(parseRequestHead(b(`GET /${'a'.repeat(15400)}`), L), { kind: 'error', error: { status: 400 } }, 'refused before the line ends');
  t.equal(parseRequestHead(b(`GET /${'a'.repeat(15000)}`), L).kind, 'incomplete', 'below the limit: wait');
  const tiny: HeadLimits = { maxHeadSize: 40, maxHeaders: 101 };
  t.equal(parseRequestHead(b('GET / HTTP/1.1\r\nHost: a\r\nX: 12345678\r\n\r\n'), tiny).kind, 'head', '40 bytes with limit 40');
  t.equal(parseRequestHead(b('GET / HTTP/1.1\r\nHost: a\r\nX: 123456789\r\n\r\n'), tiny).kind, 'error', '41 bytes with limit 40');
});

function response(s: string, method = 'GET'): ResponseHead {
  const r = parseResponseHead(b(s), method, L);
  if (r.kind !== 'head') throw new Error(`expected a response head for ${JSON.stringify(s)}, got ${JSON.stringify(r)}`);
  return r.head;
}

t.test('response heads and their framing (RFC 9112 §6.3)', async (t) => {
  const cases: [string, string, string, Partial<ResponseHead>][] = [
    ['200 CL', 'GET', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', { minor: 1, status: 200, reason: 'OK', body: { kind: 'length', length: 2 }, tunnel: false, headLength: 38 }],
    ['200 chunked', 'GET', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', { body: { kind: 'chunked' } }],
    ['200 until close', 'GET', 'HTTP/1.1 200 OK\r\n\r\n', { body: { kind: 'close' } }],
    ['HTTP/1.0 until close', 'GET', 'HTTP/1.0 200 OK\r\n\r\n', { minor: 0, body: { kind: 'close' } }],
    ['no reason, no SP', 'GET', 'HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n', { reason: '' }],
    ['empty reason', 'GET', 'HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n', { status: 404, reason: '' }],
    ['reason with obs-text and HTAB', 'GET', 'HTTP/1.1 200 Tr\xe8s\tbien\r\nContent-Length: 0\r\n\r\n', { reason: 'Tr\xe8s\tbien' }],
    ['HEAD: no body despite CL', 'HEAD', 'HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n', { body: { kind: 'none' } }],
    ['HEAD: no body despite chunked', 'HEAD', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', { body: { kind: 'none' } }],
    ['204', 'GET', 'HTTP/1.1 204 No Content\r\n\r\n', { body: { kind: 'none' } }],
    ['304 with CL', 'GET', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 20\r\n\r\n', { body: { kind: 'none' } }],
    ['100 Continue', 'POST', 'HTTP/1.1 100 Continue\r\n\r\n', { status: 100, body: { kind: 'none' }, tunnel: false }],
    ['103 Early Hints', 'GET', 'HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n', { status: 103, body: { kind: 'none' } }],
    ['101 is a tunnel', 'GET', 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', { status: 101, body: { kind: 'none' }, tunnel: true, connection: ['upgrade'] }],
    ['2xx to CONNECT is a tunnel, CL ignored', 'CONNECT', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', { body: { kind: 'none' }, tunnel: true }],
    ['407 to CONNECT has a body', 'CONNECT', 'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 3\r\n\r\n', { body: { kind: 'length', length: 3 }, tunnel: false }],
    ['leading empty line', 'GET', '\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', { startOffset: 2, headLength: 40 }],
  ];
  for (const [name, method, input, expected] of cases) {
    const got = response(input, method);
    t.match(got, expected, name);
    if (expected.connection) t.same(got.connection, expected.connection, `${name}: connection`);
    const inc = incrementally(b(input), (buf) => parseResponseHead(buf, method, L));
    t.same(inc.result, { kind: 'head', head: got }, `${name}: byte by byte`);
  }
});

t.test('refused response heads → 502', async (t) => {
  const R = (extra: string) => `HTTP/1.1 200 OK\r\n${extra}\r\n`;
  const cases: [string, string][] = [
    ['CL + TE', R('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n')],
    ['two CL, identical', R('Content-Length: 2\r\nContent-Length: 2\r\n')],
    ['two CL, different', R('Content-Length: 2\r\nContent-Length: 3\r\n')],
    ['CL 2,2', R('Content-Length: 2,2\r\n')],
    ['CL -1', R('Content-Length: -1\r\n')],
    ['TE gzip', R('Transfer-Encoding: gzip\r\n')],
    ['TE gzip, chunked', R('Transfer-Encoding: gzip, chunked\r\n')],
    ['TE chunked, gzip', R('Transfer-Encoding: chunked, gzip\r\n')],
    ['TE chunked twice', R('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n')],
    ['TE in HTTP/1.0', 'HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['obs-fold', R('X: a\r\n b\r\n')],
    ['bare LF', 'HTTP/1.1 200 OK\nContent-Length: 2\n\n'],
    ['NUL in value', R('X: a\x00b\r\n')],
    ['SP before colon', R('X : a\r\n')],
    ['status 20', 'HTTP/1.1 20 OK\r\n\r\n'],
    ['status 2000', 'HTTP/1.1 2000 OK\r\n\r\n'],
    ['status 099', 'HTTP/1.1 099 OK\r\n\r\n'],
    ['status 600', 'HTTP/1.1 600 OK\r\n\r\n'],
    ['status with letters', 'HTTP/1.1 2x0 OK\r\n\r\n'],
    ['two SP after version', 'HTTP/1.1  200 OK\r\n\r\n'],
    ['CTL in reason', 'HTTP/1.1 200 O\x01K\r\n\r\n'],
    ['HTTP/2.0', 'HTTP/2.0 200 OK\r\n\r\n'],
    ['HTTP/1.2', 'HTTP/1.2 200 OK\r\n\r\n'],
    ['lowercase version', 'http/1.1 200 OK\r\n\r\n'],
    ['not HTTP at all', 'SSH-2.0-OpenSSH_9.2\r\n\r\n'],
    ['101 header lines', `HTTP/1.1 200 OK\r\n${Array.from({ length: 101 }, (_, i) => `X-${i}: v\r\n`).join('')}\r\n`],
  ];
  for (const [name, input] of cases) {
    const r = parseResponseHead(b(input), 'GET', L);
    t.match(r, { kind: 'error', error: { status: 502 } }, name);
    const inc = incrementally(b(input), (buf) => parseResponseHead(buf, 'GET', L));
    t.match(inc.result, { kind: 'error', error: { status: 502 } }, `${name}: byte by byte`);
  }
  t.match(parseResponseHead(b(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(16000)}`), 'GET', L), { kind: 'error', error: { status: 502 } }, 'over-long head');
});

/** Pushes `body` to a fresh ChunkedParser in pieces cut at `cuts`; returns total used, done, or the error status. */
function chunked(body: Buffer, cuts: number[] = []): { used: number; done: boolean; error?: string } {
  const p = new ChunkedParser();
  let used = 0;
  let from = 0;
  for (const to of [...cuts, body.length]) {
    const r = p.push(body.subarray(from, to));
    if ('error' in r) return { used, done: p.done, error: r.error.reason };
    used += r.used;
    if (p.done) break;
    from = to;
  }
  return { used, done: p.done };
}

t.test('chunked bodies: valid, at every split point and byte by byte', async (t) => {
  const cases: [string, string][] = [
    ['one chunk', '5\r\nhello\r\n0\r\n\r\n'],
    ['two chunks, hex sizes', 'a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n'],
    ['data containing CRLF and digits', '6\r\n\r\n0\r\n\r\r\n0\r\n\r\n'],
    ['leading zeros', '0005\r\nhello\r\n000\r\n\r\n'],
    ['16 hex digits', '0000000000000005\r\nhello\r\n0\r\n\r\n'],
    ['extensions', '5;a=b;c;d="x y\\"z";e=f\r\nhello\r\n0;last=1\r\n\r\n'],
    ['trailers', '5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Empty:\r\n\r\n'],
    ['empty body', '0\r\n\r\n'],
  ];
  for (const [name, input] of cases) {
    const bodyLength = input.length;
    const body = b(input + 'GET /next HTTP/1.1\r\n');
    t.same(chunked(body), { used: bodyLength, done: true }, name);
    for (let cut = 0; cut <= input.length; cut++) {
      const r = chunked(body, [cut]);
      if (r.used !== bodyLength || !r.done) {
        t.fail(`${name}: split at ${cut} gives ${JSON.stringify(r)}`);
        break;
      }
    }
    const bytes = Array.from({ length: body.length - 1 }, (_, i) => i + 1);
    t.same(chunked(body, bytes), { used: bodyLength, done: true }, `${name}: byte by byte`);
  }
});

t.test('chunked bodies: refused', async (t) => {
  const cases: [string, string][] = [
    ['size -1', '-1\r\na\r\n0\r\n\r\n'],
    ['size +1', '+1\r\na\r\n0\r\n\r\n'],
    ['size 0x10', '0x10\r\n0123456789abcdef\r\n0\r\n\r\n'],
    ['empty size', '\r\na\r\n0\r\n\r\n'],
    ['SP before size', ' 1\r\na\r\n0\r\n\r\n'],
    ['SP after size', '1 \r\na\r\n0\r\n\r\n'],
    ['HTAB after size', '1\t\r\na\r\n0\r\n\r\n'],
    ['SP before extension', '1 ;ext\r\na\r\n0\r\n\r\n'],
    ['SP after ;', '1; ext\r\na\r\n0\r\n\r\n'],
    ['SP around =', '1;a = b\r\na\r\n0\r\n\r\n'],
    ['empty extension', '1;\r\na\r\n0\r\n\r\n'],
    ['CTL in extension value', '1;a=\x01\r\na\r\n0\r\n\r\n'],
    ['unterminated quoted extension', '1;a="b\r\na\r\n0\r\n\r\n'],
    ['junk after quoted extension', '1;a="b"c\r\na\r\n0\r\n\r\n'],
    ['non-hex digit', 'g\r\na\r\n0\r\n\r\n'],
    ['17 hex digits', '00000000000000001\r\na\r\n0\r\n\r\n'],
    ['size 2^64-1', 'ffffffffffffffff\r\n'],
    ['size 2^53', '20000000000000\r\n'],
    ['bare LF after size', '1\na\r\n0\r\n\r\n'],
    ['bare CR after size', '1\ra\r\n0\r\n\r\n'],
    ['data longer than size', '1\r\nab\r\n0\r\n\r\n'],
    ['bare LF after data', '1\r\na\n0\r\n\r\n'],
    ['last chunk with bare LFs', '1\r\na\r\n0\n\n'],
    ['bare CR ending the body', '0\r\n\rX'],
    ['trailer obs-fold', '0\r\nX: a\r\n b\r\n\r\n'],
    ['trailer SP in name', '0\r\nX T: v\r\n\r\n'],
    ['trailer SP before colon', '0\r\nX : v\r\n\r\n'],
    ['trailer without colon', '0\r\nXT\r\n\r\n'],
    ['trailer NUL', '0\r\nX: \x00\r\n\r\n'],
    ['trailer bare LF', '0\r\nX: v\n\r\n'],
    ['trailer Content-Length', '0\r\nContent-Length: 5\r\n\r\n'],
    ['trailer transfer-encoding', '0\r\ntransfer-ENCODING: chunked\r\n\r\n'],
    ['trailer Host', '0\r\nHost: b\r\n\r\n'],
  ];
  for (const [name, input] of cases) {
    const body = b(input);
    const r = chunked(body);
    t.ok(r.error, `${name}: ${r.error ?? 'accepted'}`);
    const bytes = Array.from({ length: body.length - 1 }, (_, i) => i + 1);
    t.equal(chunked(body, bytes).error, r.error, `${name}: same byte by byte`);
  }
  const lookalikes = '0\r\nContent-Type: x\r\nHostname: y\r\nContent-Lengths: 1\r\nHos: z\r\n\r\n';
  t.same(chunked(b(lookalikes)), { used: lookalikes.length, done: true }, 'names that only start like forbidden ones pass');
});

t.test('ChunkedParser details', async (t) => {
  const p = new ChunkedParser();
  t.same(p.push(b('3\r\nab')), { used: 5 });
  t.notOk(p.done);
  const r = p.push(b('cX'));
  t.match(r, { error: { status: 400, reason: 'chunk data not followed by CRLF', offset: 6 } }, 'offset counts from the start of the body');
  t.same(p.push(b('\r\n0\r\n\r\n')), r, 'errors are final');
  t.notOk(p.done, 'not done after an error');
  t.equal(p.error, 'error' in r ? r.error : undefined);

  const q = new ChunkedParser();
  t.same(q.push(b('0\r\n\r\n')), { used: 5 });
  t.ok(q.done);
  t.same(q.push(b('GET / HTTP/1.1\r\n')), { used: 0 }, 'nothing more belongs to the body');
  t.same(q.push(Buffer.alloc(0)), { used: 0 });

  const big = new ChunkedParser();
  t.same(big.push(b('100000\r\n')), { used: 8 }, 'a 1 MiB chunk');
  t.same(big.push(Buffer.alloc(0x100000 - 10)), { used: 0x100000 - 10 }, 'data skipped by count');
  t.same(big.push(b('0123456789\r\n0\r\n\r\nrest')), { used: 17 });
  t.ok(big.done);

  const limited = new ChunkedParser({ maxHeadSize: 20, maxHeaders: 3 });
  t.match(limited.push(b(`1;${'a'.repeat(30)}\r\n`)), { error: { reason: 'chunk size line too long' } });
  const fewTrailers = new ChunkedParser({ maxHeadSize: 15360, maxHeaders: 3 });
  t.same(fewTrailers.push(b('0\r\nA: 1\r\nB: 2\r\n\r\n')), { used: 17 }, 'maxHeaders - 1 trailer lines pass');
  const tooManyTrailers = new ChunkedParser({ maxHeadSize: 15360, maxHeaders: 3 });
  t.match(tooManyTrailers.push(b('0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n')), { error: { reason: 'too many trailer fields' } });
  const bigTrailers = new ChunkedParser({ maxHeadSize: 20, maxHeaders: 101 });
  t.match(bigTrailers.push(b(`0\r\nX: ${'a'.repeat(30)}\r\n\r\n`)), { error: { reason: 'trailer section too large' } });
});
