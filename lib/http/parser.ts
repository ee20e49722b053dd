/**
 * tslb's strict HTTP/1.1 message-head parser (RFC 9112), stricter than the
 * servers behind it (../../../shared/DESIGN.md "Security stance").
 *
 * The data plane calls parseRequestHead / parseResponseHead on the bytes
 * received so far; they return 'incomplete' until the blank line ending the
 * head has arrived. Bodies are framed by BodyFraming and, for chunked
 * bodies, validated by ChunkedParser while the raw bytes are forwarded
 * unchanged.
 *
 * Rule of the parser: where HAProxy 2.6 and Node's llhttp differ, take the
 * stricter of the two; where HAProxy refuses, answer what HAProxy answers.
 * Every refusal below was checked against HAProxy 2.6.12 (`haproxy -db`,
 * default settings) and llhttp (Node 20 `node:http`, default options) on
 * loopback; test/http/smuggling.test.ts re-runs that comparison. Summary of
 * what was measured:
 *
 *   - HAProxy refuses with 400 an over-long head whether the request line or
 *     the header lines make it long — never 414 or 431 — so tslb answers 400
 *     for both (DESIGN.md's "431/414" is superseded by the measurement).
 *     HAProxy's limit is on its internal copy of the head (about the raw
 *     size + 4 bytes per header line + 70); tslb counts raw bytes against
 *     HeadLimits.maxHeadSize (bufsize - maxrewrite = 15360).
 *   - `tune.http.maxhdr N` (default 101) lets N - 1 header lines through and
 *     refuses N with 400; HeadLimits.maxHeaders is that N.
 *   - HAProxy accepts and llhttp refuses (tslb refuses, 400): bare LF line
 *     ends, obs-fold (HAProxy unfolds it), NUL / CTL / DEL in values, CL+TE
 *     (HAProxy drops CL), repeated identical Content-Length and `1,1` lists
 *     (HAProxy merges), Content-Length wrapped in HTAB, HTTP/1.1 without
 *     Host, DEL / 0x80-0xFF / HTAB in the target, TAB between request-line
 *     parts, targets not starting with '/' (`a/b`), chunk sizes followed by
 *     SP or HTAB, BWS or empty chunk extensions, bare-LF chunk lines,
 *     malformed trailer fields.
 *   - llhttp accepts and HAProxy refuses (tslb refuses as HAProxy does):
 *     several Host headers with different values (400), an absolute-form
 *     target whose authority differs from Host (400; default ports are
 *     ignored in the comparison), `http://a?x` (400), '#' in the target
 *     (400), a request line without version (400), `Transfer-Encoding` with
 *     another coding before a final `chunked` (`gzip, chunked`: 422
 *     Unprocessable Content), a WebSocket upgrade without a 24-character
 *     Sec-WebSocket-Key (400), 101 header lines (400).
 *   - Both accept, tslb refuses (RFC-strict, no known client needs them):
 *     Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1), a second
 *     Host line even if identical (RFC 9112 §3.2), an invalid Host value
 *     (`a/b`, `u@a`), userinfo or an empty host in an absolute-form target
 *     (RFC 9110 §4.2.1, §4.2.4), schemes other than http/https, `*` with a
 *     method other than OPTIONS, more than one SP between request-line
 *     parts, versions other than HTTP/1.0 and HTTP/1.1 (505; HAProxy
 *     rewrites HTTP/1.2 or HTTP/2.0 to HTTP/1.1 and llhttp passes
 *     HTTP/2.0), Content-Length or chunk sizes above 2^53 - 1.
 *   - Deliberately NOT refused although llhttp does: methods outside
 *     llhttp's fixed method table (`FOO`, lowercase `get`). RFC 9110 §9.1
 *     makes any token a method and HAProxy forwards them; a backend that
 *     does not know the method answers it itself, there is no framing at
 *     stake.
 *
 * Responses (HAProxy then answers the client 502): see parseResponseHead.
 */
import { COLON, CR, FIELD_VALUE, HOST, HTAB, LF, SP, TARGET, TOKEN } from './tokens.js';

export { ChunkedParser } from './chunked.js';

/** One header line, in the order received. */
export interface HeaderField {
  /** The name as received (case kept). */
  readonly name: string;
  /** The name in lower case, for lookups. */
  readonly lname: string;
  /** The value with surrounding optional whitespace removed. */
  readonly value: string;
}

/** How the body that follows a head is delimited. */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** Responses only: the body runs until the server closes the connection. */
  | { readonly kind: 'close' };

export interface RequestHead {
  readonly method: string;
  /** The request target as received (origin-form, absolute-form, authority-form or '*'). */
  readonly target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly minor: 0 | 1;
  readonly headers: readonly HeaderField[];
  readonly body: BodyFraming;
  /** Connection header tokens, lower-cased (`close`, `keep-alive`, `upgrade`, ...). */
  readonly connection: readonly string[];
  /** `Expect: 100-continue` was sent (HTTP/1.1 only: RFC 9110 §10.1.1 says ignore it in 1.0). */
  readonly expectContinue: boolean;
  /** Upgrade header value (e.g. 'websocket') when Connection lists 'upgrade'. */
  readonly upgrade?: string | undefined;
  /** Length in bytes of the head, including the final CRLF CRLF. */
  readonly headLength: number;
  /**
   * Added: offset of the request line. Empty lines (CRLF) before it are
   * skipped as RFC 9112 §2.2 asks (HAProxy and llhttp do too); forward
   * `buf.subarray(startOffset, headLength)`. 0 almost always.
   */
  readonly startOffset: number;
  /** Added: the Host header value (at most one is accepted), undefined when absent (HTTP/1.0). */
  readonly host: string | undefined;
}

export interface ResponseHead {
  readonly minor: 0 | 1;
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly HeaderField[];
  /** Framing given the request method (HEAD, CONNECT) and status (1xx, 204, 304). */
  readonly body: BodyFraming;
  readonly connection: readonly string[];
  readonly headLength: number;
  /** Added: offset of the status line (see RequestHead.startOffset). */
  readonly startOffset: number;
  /**
   * Added: the connection becomes a tunnel after this head (RFC 9112 §6.3
   * rule 2: a 2xx answer to CONNECT; RFC 9110 §15.2.2: 101 Switching
   * Protocols). body is 'none' then. For a 101 the caller must check that
   * the request asked for an upgrade: HAProxy answers 502 when it did not
   * (verified).
   */
  readonly tunnel: boolean;
}

/** Limits, from tune.bufsize - tune.maxrewrite and tune.http.maxhdr. */
export interface HeadLimits {
  /** Largest head accepted, bytes (HAProxy: bufsize - maxrewrite = 15360 by default). */
  readonly maxHeadSize: number;
  /** tune.http.maxhdr: header lines accepted are at most maxHeaders - 1 (HAProxy default 101: 100 pass, 101 fail, verified). */
  readonly maxHeaders: number;
}

/** Added: HAProxy 2.6's defaults (tune.bufsize 16384 - tune.maxrewrite 1024; tune.http.maxhdr 101). */
export const DEFAULT_HEAD_LIMITS: HeadLimits = Object.freeze({ maxHeadSize: 15360, maxHeaders: 101 });

/**
 * Why a head was refused; `status` is the answer HAProxy gives: 400 for
 * requests (never 414 or 431, verified), 422 for an unsupported transfer
 * coding, 505 for a version other than 1.0/1.1 (tslb's choice); 502 for
 * responses.
 */
export interface HeadError {
  readonly status: number;
  readonly reason: string;
  /** Byte offset in the input where the problem was found. */
  readonly offset: number;
}

export type HeadResult<T> =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'head'; readonly head: T }
  | { readonly kind: 'error'; readonly error: HeadError };

const INCOMPLETE: { readonly kind: 'incomplete' } = Object.freeze({ kind: 'incomplete' });
const NO_BODY: BodyFraming = Object.freeze({ kind: 'none' });
const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' });
const UNTIL_CLOSE: BodyFraming = Object.freeze({ kind: 'close' });
const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');
const MAX_LENGTH = Number.MAX_SAFE_INTEGER;

const BAD_REQUEST = 400;
const UNPROCESSABLE = 422;
const VERSION_NOT_SUPPORTED = 505;
const BAD_GATEWAY = 502;

function fail(status: number, reason: string, offset: number): { readonly kind: 'error'; readonly error: HeadError } {
  return { kind: 'error', error: { status, reason, offset } };
}

/**
 * Request head. `buf` starts at the first byte of the message (the caller
 * keeps unconsumed bytes and calls again when more arrive); bytes after the
 * head (body, next request) are ignored.
 */
export function parseRequestHead(buf: Buffer, limits: HeadLimits): HeadResult<RequestHead> {
  const start = skipEmptyLines(buf);
  const end = buf.indexOf(END_OF_HEAD, start);
  if (end < 0) return incomplete(buf, start, limits, BAD_REQUEST);
  const headLength = end + 4;
  // HAProxy: the whole head must fit in bufsize - maxrewrite, else 400.
  if (headLength > limits.maxHeadSize) return fail(BAD_REQUEST, 'head too large', limits.maxHeadSize);

  // One native call makes the head a string; names and values are JS
  // slices of it (a Buffer.toString per field costs twice the whole parse).
  const text = buf.toString('latin1', 0, headLength);

  // request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3),
  // exactly one SP each (llhttp refuses HTAB there, HAProxy several SP: refuse both).
  let p = start;
  while (TOKEN[buf[p]!] === 1) p++;
  if (p === start || buf[p] !== SP) return fail(BAD_REQUEST, 'invalid method', p);
  const method = text.slice(start, p);
  const targetStart = ++p;
  while (TARGET[buf[p]!] === 1) p++;
  if (p === targetStart || buf[p] !== SP) return fail(BAD_REQUEST, buf[p] === CR && p > targetStart ? 'missing HTTP version' : 'invalid request target', p);
  const target = text.slice(targetStart, p);
  p++;
  const minor = version(buf, p);
  if (minor === -1 || buf[p + 8] !== CR || buf[p + 9] !== LF) return fail(BAD_REQUEST, 'invalid HTTP version', p);
  // A well-formed version other than 1.0/1.1 (1.2, 2.0, 0.9): 505, RFC 9110
  // §15.6.6. HAProxy rewrites it to HTTP/1.1 and llhttp answers 400 for
  // 1.2 but passes 2.0 (verified); tslb serves only HTTP/1.x on this path.
  if (minor === -2) return fail(VERSION_NOT_SUPPORTED, 'unsupported HTTP version', p);

  const f = new Fields();
  const err = scanFields(buf, text, p + 10, end + 2, limits.maxHeaders, BAD_REQUEST, f);
  if (err) return { kind: 'error', error: err };

  // Body framing, RFC 9112 §6.1-§6.3.
  let body = NO_BODY;
  if (f.te) {
    // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing.
    // HAProxy and llhttp both forward it (verified); tslb refuses.
    if (minor === 0) return fail(BAD_REQUEST, 'transfer-encoding in HTTP/1.0 request', f.teOffset);
    // Both framings: a smuggling classic. llhttp refuses (HAProxy drops CL).
    if (f.contentLength >= 0) return fail(BAD_REQUEST, 'both content-length and transfer-encoding', f.teOffset);
    const codings = f.te;
    const last = codings[codings.length - 1];
    // Only a final, single `chunked` frames a request (RFC 9112 §6.3 rule 4);
    // anything else is a 400 for HAProxy and llhttp: `chunked, gzip`,
    // `identity`, `xchunked`, `chunked;q=1`, `chunked` twice, a trailing ','.
    if (last !== 'chunked') return fail(BAD_REQUEST, 'invalid transfer-encoding', f.teOffset);
    if (codings.indexOf('chunked') !== codings.length - 1) return fail(BAD_REQUEST, 'chunked applied twice', f.teOffset);
    // Another coding before the final chunked (`gzip, chunked`, `, chunked`,
    // or `gzip` then `chunked` on two lines): HAProxy 2.6 answers 422.
    if (codings.length > 1) return fail(UNPROCESSABLE, 'unsupported transfer-coding', f.teOffset);
    body = CHUNKED;
  } else if (f.contentLength >= 0) {
    body = { kind: 'length', length: f.contentLength };
  }

  // Host, RFC 9112 §3.2: exactly one in HTTP/1.1, at most one in 1.0, and
  // a valid uri-host [ ":" port ] (empty allowed, RFC 9110 §7.2).
  if (f.hostCount > 1) return fail(BAD_REQUEST, 'several host headers', f.hostOffset);
  if (f.hostCount === 0 && minor === 1) return fail(BAD_REQUEST, 'missing host header', headLength - 2);
  if (f.host !== undefined && f.host !== '' && !splitAuthority(f.host)) return fail(BAD_REQUEST, 'invalid host header', f.hostOffset);
  const targetErr = checkTarget(method, target, f.host);
  if (targetErr) return fail(BAD_REQUEST, targetErr, targetStart);

  const upgrades = f.connection.includes('upgrade');
  // HAProxy 2.6 refuses a WebSocket handshake (Connection: upgrade and
  // websocket among the Upgrade tokens) without a 24-character
  // Sec-WebSocket-Key (RFC 6455 §4.1: base64 of 16 bytes), verified. tslb
  // also refuses a repeated key.
  if (upgrades && f.upgrade !== undefined && hasToken(f.upgrade, 'websocket') && (f.wsKeys !== 1 || f.wsKeyLength !== 24)) {
    return fail(BAD_REQUEST, 'invalid websocket key', start);
  }

  return {
    kind: 'head',
    head: {
      method,
      target,
      minor,
      headers: f.headers,
      body,
      connection: f.connection,
      expectContinue: minor === 1 && f.expectContinue,
      upgrade: upgrades ? f.upgrade : undefined,
      headLength,
      startOffset: start,
      host: f.host,
    },
  };
}

/**
 * Response head (RFC 9112 §4), framed per RFC 9112 §6.3 given the request
 * method. Every refusal is a 502 for the client, which is what HAProxy
 * sends for an invalid server response (verified). Refused although
 * HAProxy 2.6.12 accepts (llhttp refuses all but the status range and
 * reason checks): CL+TE, repeated identical Content-Length, `2,2`, obs-fold,
 * bare LF, NUL / CTL in values, two SP after the version, a status outside
 * 100-599 (RFC 9110 §15), CTLs in the reason, versions other than 1.0/1.1
 * (HAProxy rewrites HTTP/2.0 to 1.1), chunked in an HTTP/1.0 response (RFC
 * 9112 §6.1). Refused because HAProxy does although llhttp accepts:
 * Transfer-Encoding other than exactly `chunked` (`gzip`, `gzip, chunked`),
 * 101 header lines.
 */
export function parseResponseHead(buf: Buffer, requestMethod: string, limits: HeadLimits): HeadResult<ResponseHead> {
  const start = skipEmptyLines(buf);
  const end = buf.indexOf(END_OF_HEAD, start);
  if (end < 0) return incomplete(buf, start, limits, BAD_GATEWAY);
  const headLength = end + 4;
  if (headLength > limits.maxHeadSize) return fail(BAD_GATEWAY, 'head too large', limits.maxHeadSize);

  // status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF.
  // The SP before an empty reason is optional here: both references accept
  // `HTTP/1.1 200` (verified), and servers send it.
  const text = buf.toString('latin1', 0, headLength);
  const minor = version(buf, start);
  if (minor === -1 || minor === -2) return fail(BAD_GATEWAY, 'invalid HTTP version', start);
  let p = start + 8;
  if (buf[p] !== SP) return fail(BAD_GATEWAY, 'invalid status line', p);
  const d0 = buf[p + 1]! - 0x30;
  const d1 = buf[p + 2]! - 0x30;
  const d2 = buf[p + 3]! - 0x30;
  if (!(d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return fail(BAD_GATEWAY, 'invalid status code', p + 1);
  const status = d0 * 100 + d1 * 10 + d2;
  if (status < 100 || status > 599) return fail(BAD_GATEWAY, 'invalid status code', p + 1);
  p += 4;
  let reason = '';
  if (buf[p] === SP) {
    const reasonStart = ++p;
    while (FIELD_VALUE[buf[p]!] === 1) p++;
    reason = text.slice(reasonStart, p);
  }
  if (buf[p] !== CR || buf[p + 1] !== LF) return fail(BAD_GATEWAY, 'invalid status line', p);

  const f = new Fields();
  const err = scanFields(buf, text, p + 2, end + 2, limits.maxHeaders, BAD_GATEWAY, f);
  if (err) return { kind: 'error', error: err };

  let body = UNTIL_CLOSE;
  let tunnel = false;
  const connectOk = requestMethod === 'CONNECT' && status >= 200 && status < 300;
  // RFC 9112 §6.3 rule 2: Content-Length and Transfer-Encoding of a 2xx
  // to CONNECT are ignored, the connection is a tunnel.
  if (!connectOk) {
    if (f.te) {
      if (f.contentLength >= 0) return fail(BAD_GATEWAY, 'both content-length and transfer-encoding', f.teOffset);
      if (f.te.length !== 1 || f.te[0] !== 'chunked') return fail(BAD_GATEWAY, 'invalid transfer-encoding', f.teOffset);
      if (minor === 0) return fail(BAD_GATEWAY, 'transfer-encoding in HTTP/1.0 response', f.teOffset);
      body = CHUNKED;
    } else if (f.contentLength >= 0) {
      body = { kind: 'length', length: f.contentLength };
    }
  }
  // RFC 9112 §6.3 rule 1: no body after HEAD, 1xx, 204, 304.
  if (connectOk || status === 101) tunnel = true;
  if (tunnel || requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) body = NO_BODY;

  return {
    kind: 'head',
    head: {
      minor,
      status,
      reason,
      headers: f.headers,
      body,
      connection: f.connection,
      headLength,
      startOffset: start,
      tunnel,
    },
  };
}

/** Offset after the empty lines (CRLF) that may precede a start line (RFC 9112 §2.2). */
function skipEmptyLines(buf: Buffer): number {
  let p = 0;
  while (buf[p] === CR && buf[p + 1] === LF) p += 2;
  return p;
}

/**
 * The head is not complete yet. Refuse now what can never become valid, so
 * a client that ends lines with bare LF (which HAProxy accepts) gets its
 * 400 at once instead of waiting for `timeout http-request`: a head longer
 * than the limit, NUL, bare LF, bare CR. These are native memchr scans
 * (Buffer.indexOf), cheap to repeat at every call.
 */
function incomplete(buf: Buffer, start: number, limits: HeadLimits, status: number): HeadResult<never> {
  const len = buf.length;
  if (len >= limits.maxHeadSize) return fail(status, 'head too large', limits.maxHeadSize);
  const nul = buf.indexOf(0, start);
  if (nul >= 0) return fail(status, 'NUL byte in head', nul);
  for (let i = buf.indexOf(LF, start); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (i === 0 || buf[i - 1] !== CR) return fail(status, 'bare LF in head', i);
  }
  for (let i = buf.indexOf(CR, start); i >= 0 && i + 1 < len; i = buf.indexOf(CR, i + 1)) {
    if (buf[i + 1] !== LF) return fail(status, 'bare CR in head', i);
  }
  return INCOMPLETE;
}

/**
 * `HTTP/x.y` at p (RFC 9112 §2.3: case-sensitive, one digit each): the
 * minor version for 1.0 / 1.1, -2 for another well-formed version, -1 when
 * malformed.
 */
function version(buf: Buffer, p: number): 0 | 1 | -1 | -2 {
  if (buf[p] !== 0x48 || buf[p + 1] !== 0x54 || buf[p + 2] !== 0x54 || buf[p + 3] !== 0x50 || buf[p + 4] !== 0x2f || buf[p + 6] !== 0x2e) return -1;
  const major = buf[p + 5]! - 0x30;
  const minor = buf[p + 7]! - 0x30;
  if (!(major >= 0 && major <= 9 && minor >= 0 && minor <= 9)) return -1;
  if (major === 1 && minor === 0) return 0;
  if (major === 1 && minor === 1) return 1;
  return -2;
}

/** What the header section says, gathered in one pass. */
class Fields {
  headers: HeaderField[] = [];
  /** -1 when absent. */
  contentLength = -1;
  /** Transfer codings of every Transfer-Encoding line, lower-cased, in order; undefined when absent. */
  te: string[] | undefined = undefined;
  teOffset = 0;
  host: string | undefined = undefined;
  hostCount = 0;
  hostOffset = 0;
  connection: string[] = [];
  expectContinue = false;
  upgrade: string | undefined = undefined;
  wsKeys = 0;
  wsKeyLength = 0;
}

/**
 * field-line = field-name ":" OWS field-value OWS CRLF (RFC 9112 §5), from
 * p to stop (the offset of the final empty line). Refuses obs-fold and any
 * line starting with whitespace (RFC 9112 §5.2: a proxy may reject), space
 * before the colon (RFC 9112 §5.1: MUST reject), names outside tchar,
 * values with CTLs other than HTAB, bare CR / LF, and maxHeaders lines or
 * more.
 */
function scanFields(buf: Buffer, text: string, p: number, stop: number, maxHeaders: number, status: number, f: Fields): HeadError | undefined {
  const headers = f.headers;
  while (p < stop) {
    const lineStart = p;
    const first = buf[p];
    if (first === SP || first === HTAB) return { status, reason: 'obs-fold or whitespace before header name', offset: p };
    while (TOKEN[buf[p]!] === 1) p++;
    if (p === lineStart) return { status, reason: 'invalid header name', offset: p };
    if (buf[p] !== COLON) return { status, reason: buf[p] === SP || buf[p] === HTAB ? 'whitespace before colon' : 'invalid header name', offset: p };
    const colon = p++;
    while (buf[p] === SP || buf[p] === HTAB) p++;
    const valueStart = p;
    while (FIELD_VALUE[buf[p]!] === 1) p++;
    if (buf[p] !== CR || buf[p + 1] !== LF) return { status, reason: 'invalid header value', offset: p };
    const lineEnd = p;
    let valueEnd = p;
    while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HTAB)) valueEnd--;
    p += 2;
    if (headers.length + 1 >= maxHeaders) return { status, reason: 'too many headers', offset: lineStart };
    const name = text.slice(lineStart, colon);
    const lname = name.toLowerCase();
    const value = text.slice(valueStart, valueEnd);
    headers.push({ name, lname, value });
    switch (lname) {
      case 'content-length': {
        // Several Content-Length lines, even identical ones, and lists
        // (`1,1`): llhttp refuses, HAProxy merges identical values. A
        // proxy may reject (RFC 9110 §8.6); tslb does.
        if (f.contentLength >= 0) return { status, reason: 'several content-length headers', offset: lineStart };
        const length = contentLength(buf, colon + 1, lineEnd);
        if (length < 0) return { status, reason: 'invalid content-length', offset: valueStart };
        f.contentLength = length;
        break;
      }
      case 'transfer-encoding': {
        f.te ??= [];
        if (f.te.length === 0) f.teOffset = lineStart;
        for (const coding of value.split(',')) f.te.push(trimOws(coding).toLowerCase());
        break;
      }
      case 'host':
        if (f.hostCount++ === 0) f.host = value;
        f.hostOffset = lineStart;
        break;
      case 'connection':
        if (!value.includes(',')) {
          if (value !== '') f.connection.push(value.toLowerCase());
          break;
        }
        for (const option of value.split(',')) {
          const token = trimOws(option).toLowerCase();
          if (token !== '') f.connection.push(token);
        }
        break;
      case 'expect':
        if (value.toLowerCase() === '100-continue') f.expectContinue = true;
        break;
      case 'upgrade':
        f.upgrade = f.upgrade === undefined ? value : `${f.upgrade}, ${value}`;
        break;
      case 'sec-websocket-key':
        f.wsKeys++;
        f.wsKeyLength = value.length;
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Content-Length = 1*DIGIT (RFC 9110 §8.6) between `from` (after the
 * colon) and `to` (the CR), -1 when invalid. OWS before the digits, but
 * only SP after them: llhttp refuses a trailing HTAB (`1\t`) and accepts a
 * leading one, HAProxy accepts both (verified). Values above 2^53 - 1 are
 * refused too: both references take them (up to 2^64), but a JS number
 * would round them.
 */
function contentLength(buf: Buffer, from: number, to: number): number {
  let p = from;
  while (p < to && (buf[p] === SP || buf[p] === HTAB)) p++;
  const digits = p;
  let n = 0;
  for (; p < to; p++) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    if (n > MAX_LENGTH) return -1;
  }
  if (p === digits) return -1;
  while (p < to && buf[p] === SP) p++;
  return p === to ? n : -1;
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === SP || s.charCodeAt(a) === HTAB)) a++;
  while (b > a && (s.charCodeAt(b - 1) === SP || s.charCodeAt(b - 1) === HTAB)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function hasToken(list: string, token: string): boolean {
  for (const item of list.split(',')) if (trimOws(item).toLowerCase() === token) return true;
  return false;
}

/**
 * uri-host [ ":" port ] (RFC 3986 §3.2.2-3), or undefined when invalid:
 * only HOST bytes, a non-empty host, brackets only around an IP literal,
 * port all digits.
 */
function splitAuthority(s: string): { readonly host: string; readonly port: string } | undefined {
  if (s.length === 0) return undefined;
  for (let i = 0; i < s.length; i++) if (HOST[s.charCodeAt(i)] !== 1) return undefined;
  let host: string;
  let port: string;
  if (s.charCodeAt(0) === 0x5b) {
    const close = s.indexOf(']');
    if (close < 0 || s.indexOf('[', 1) >= 0 || s.indexOf(']', close + 1) >= 0) return undefined;
    host = s.slice(0, close + 1);
    const rest = s.slice(close + 1);
    if (rest === '') port = '';
    else if (rest.charCodeAt(0) === COLON) port = rest.slice(1);
    else return undefined;
  } else {
    if (s.includes('[') || s.includes(']')) return undefined;
    const colon = s.indexOf(':');
    if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) return undefined;
    host = colon < 0 ? s : s.slice(0, colon);
    port = colon < 0 ? '' : s.slice(colon + 1);
  }
  if (host.length === 0) return undefined;
  for (let i = 0; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return { host, port };
}

/** host[:port] lower-cased, without the scheme's default port, for comparing authorities. */
function normalAuthority(a: { readonly host: string; readonly port: string }, defaultPort: string): string {
  const host = a.host.toLowerCase();
  return a.port === '' || a.port === defaultPort ? host : `${host}:${a.port}`;
}

/**
 * The four request-target forms (RFC 9112 §3.2), each with its method;
 * returns why the target is refused, or undefined.
 */
function checkTarget(method: string, target: string, host: string | undefined): string | undefined {
  const first = target.charCodeAt(0);
  if (method === 'CONNECT') {
    // authority-form, host and port (RFC 9112 §3.2.3); HAProxy refuses a
    // path or a missing port and a Host that differs (verified).
    const a = splitAuthority(target);
    if (!a || a.port === '') return 'CONNECT needs host:port';
    if (host !== undefined && host.toLowerCase() !== target.toLowerCase()) return 'host header differs from CONNECT target';
    return undefined;
  }
  if (first === 0x2f) return undefined; // origin-form
  if (target === '*') return method === 'OPTIONS' ? undefined : "'*' target needs OPTIONS";
  // absolute-form (RFC 9112 §3.2.2): http or https only — the only schemes a
  // reverse proxy serves — with a non-empty authority and no userinfo
  // (RFC 9110 §4.2.1, §4.2.4). llhttp refuses `a/b`, `a:443` with GET.
  const lower = target.slice(0, 8).toLowerCase();
  const schemeLength = lower.startsWith('http://') ? 7 : lower.startsWith('https://') ? 8 : 0;
  if (schemeLength === 0) return 'invalid request target';
  let slash = target.indexOf('/', schemeLength);
  if (slash < 0) slash = target.length;
  const authority = splitAuthority(target.slice(schemeLength, slash));
  if (!authority) return 'invalid authority in request target';
  // HAProxy 2.6 refuses an authority that differs from Host, ignoring the
  // scheme's default port (`http://a:80/` with `Host: a` passes,
  // `http://a:443/` does not) and case (verified).
  if (host !== undefined) {
    const defaultPort = schemeLength === 7 ? '80' : '443';
    const h = splitAuthority(host);
    if (!h || normalAuthority(h, defaultPort) !== normalAuthority(authority, defaultPort)) return 'host header differs from request target';
  }
  return undefined;
}
