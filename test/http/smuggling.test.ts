/**
 * Request-smuggling corpus, differential. Each vector's bytes go
 *   (a) through tslb's parser (parseRequestHead, then ChunkedParser for a
 *       chunked body, message after message as the data plane will), which
 *       must refuse it with the expected status — or accept it, for the few
 *       control vectors that prove the harness sees acceptance;
 *   (b) to a real node:http server (llhttp, default strictness) and to a
 *       real HAProxy 2.6 (`haproxy -db`, a `listen` forwarding to a raw TCP
 *       backend of this test that records every byte it gets).
 * tslb may be stricter than both; it must never accept a vector that
 * llhttp or HAProxy refuses, except where a vector documents why
 * (`laxerThan`). What each did is printed with t.comment.
 *
 * Attribution: the backend is reached with the PROXY protocol (`send-proxy`),
 * whose header carries the client's source port, so vectors run
 * concurrently without touching the HTTP bytes HAProxy forwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ChunkedParser, DEFAULT_HEAD_LIMITS, parseRequestHead, parseResponseHead } from '../../lib/http/parser.js';

interface Vector {
  readonly name: string;
  readonly bytes: string;
  /** tslb's answer: the status it refuses with, or 'accept' for a control vector. */
  readonly tslb: number | 'accept';
  /** The refusal must come from ChunkedParser (a body vector). */
  readonly body?: boolean;
  /** Requests in the vector (pipelining), i.e. final responses when everyone accepts it. */
  readonly requests?: number;
  /** A deliberate, documented case where tslb accepts what this reference refuses. */
  readonly laxerThan?: { readonly ref: 'llhttp' | 'haproxy'; readonly why: string };
}

const G = (extra: string): string => `GET / HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;
const P = (extra: string, body = ''): string => `POST / HTTP/1.1\r\nHost: a\r\n${extra}\r\n${body}`;
const C = (body: string): string => P('Transfer-Encoding: chunked\r\n', body);
const lines = (n: number): string => Array.from({ length: n }, (_, i) => `X-${i}: v\r\n`).join('');

const VECTORS: readonly Vector[] = [
  // Controls: valid messages everyone must accept.
  { name: 'control: GET', bytes: G(''), tslb: 'accept' },
  { name: 'control: chunked body', bytes: C('5\r\nhello\r\n0\r\n\r\n'), tslb: 'accept' },
  { name: 'control: Transfer-Encoding:\\tchunked (HTAB is OWS)', bytes: P('Transfer-Encoding:\tchunked\r\n', '1\r\na\r\n0\r\n\r\n'), tslb: 'accept' },
  { name: 'control: Transfer-Encoding: CHUNKED', bytes: P('Transfer-Encoding: CHUNKED\r\n', '1\r\na\r\n0\r\n\r\n'), tslb: 'accept' },
  { name: 'control: chunk extension 1;foo=bar', bytes: C('1;foo=bar\r\na\r\n0\r\n\r\n'), tslb: 'accept' },
  { name: 'control: trailer field', bytes: C('1\r\na\r\n0\r\nX-T: v\r\n\r\n'), tslb: 'accept' },
  { name: 'control: Content-Length 0001', bytes: P('Content-Length: 0001\r\n', 'x'), tslb: 'accept' },
  { name: 'control: Content-Length:\\t1 (HTAB is OWS)', bytes: P('Content-Length:\t1\r\n', 'x'), tslb: 'accept' },
  { name: 'control: empty line before request', bytes: `\r\n${G('')}`, tslb: 'accept' },
  { name: 'control: pipelined chunked + GET', bytes: C('1\r\na\r\n0\r\n\r\n') + G(''), tslb: 'accept', requests: 2 },
  { name: 'control: pipelined CL + GET', bytes: P('Content-Length: 1\r\n', 'x') + G(''), tslb: 'accept', requests: 2 },
  { name: 'control: websocket with key', bytes: G('Connection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'), tslb: 'accept' },
  {
    name: 'control: method FOO',
    bytes: 'FOO / HTTP/1.1\r\nHost: a\r\n\r\n',
    tslb: 'accept',
    laxerThan: { ref: 'llhttp', why: 'llhttp only knows its method table; RFC 9110 §9.1 makes any token a method and HAProxy forwards it; no framing at stake' },
  },

  // Content-Length.
  { name: 'CL + TE', bytes: P('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE + CL', bytes: P('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'CL duplicated, same value', bytes: P('Content-Length: 1\r\nContent-Length: 1\r\n', 'x'), tslb: 400 },
  { name: 'CL duplicated, different values', bytes: P('Content-Length: 1\r\nContent-Length: 2\r\n', 'xx'), tslb: 400 },
  { name: 'Content-Length: 1,1', bytes: P('Content-Length: 1,1\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length: 1, 2', bytes: P('Content-Length: 1, 2\r\n', 'xx'), tslb: 400 },
  { name: 'Content-Length: +1', bytes: P('Content-Length: +1\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length: -1', bytes: P('Content-Length: -1\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length: 0x1', bytes: P('Content-Length: 0x1\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length: (empty)', bytes: P('Content-Length: \r\n', 'x'), tslb: 400 },
  { name: 'Content-Length: 1 2', bytes: P('Content-Length: 1 2\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length: 1\\t', bytes: P('Content-Length: 1\t\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length 2^53+1', bytes: P('Content-Length: 9007199254740993\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length 2^64', bytes: P('Content-Length: 18446744073709551616\r\n', 'x'), tslb: 400 },
  { name: 'Content-Length overflow', bytes: P('Content-Length: 99999999999999999999999\r\n', 'x'), tslb: 400 },

  // Transfer-Encoding.
  { name: 'TE: chunked, gzip', bytes: P('Transfer-Encoding: chunked, gzip\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: gzip, chunked', bytes: P('Transfer-Encoding: gzip, chunked\r\n', '0\r\n\r\n'), tslb: 422 },
  { name: 'TE: gzip + TE: chunked', bytes: P('Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'), tslb: 422 },
  { name: 'TE: chunked, identity', bytes: P('Transfer-Encoding: chunked, identity\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: identity', bytes: P('Transfer-Encoding: identity\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: xchunked', bytes: P('Transfer-Encoding: xchunked\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'Transfer-encoding: xchunked', bytes: P('Transfer-encoding: xchunked\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: chunked\\x0b', bytes: P('Transfer-Encoding: chunked\x0b\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'Transfer-Encoding : chunked', bytes: P('Transfer-Encoding : chunked\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: chunked;q=1', bytes: P('Transfer-Encoding: chunked;q=1\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: chunked, chunked', bytes: P('Transfer-Encoding: chunked, chunked\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE duplicated', bytes: P('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: chunked + TE: (empty)', bytes: P('Transfer-Encoding: chunked\r\nTransfer-Encoding: \r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: chunked,', bytes: P('Transfer-Encoding: chunked,\r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE: (empty)', bytes: P('Transfer-Encoding: \r\n', '0\r\n\r\n'), tslb: 400 },
  { name: 'TE in HTTP/1.0', bytes: 'POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', tslb: 400 },

  // Field syntax.
  { name: 'obs-fold SP', bytes: G('X-A: a\r\n b\r\n'), tslb: 400 },
  { name: 'obs-fold HTAB', bytes: G('X-A: a\r\n\tb\r\n'), tslb: 400 },
  { name: 'obs-fold hiding TE', bytes: P('X-A: a\r\n Transfer-Encoding: chunked\r\nContent-Length: 1\r\n', 'x'), tslb: 400 },
  { name: 'SP before first header', bytes: 'GET / HTTP/1.1\r\n X: a\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'HTAB before colon', bytes: G('X-A\t: b\r\n'), tslb: 400 },
  { name: 'empty header name', bytes: G(': b\r\n'), tslb: 400 },
  { name: 'header without colon', bytes: G('X-A b\r\n'), tslb: 400 },
  { name: '( in header name', bytes: G('X(A: b\r\n'), tslb: 400 },
  { name: '0x80 in header name', bytes: G('X\x80A: b\r\n'), tslb: 400 },
  { name: 'NUL in value', bytes: G('X-A: a\x00b\r\n'), tslb: 400 },
  { name: '0x01 in value', bytes: G('X-A: a\x01b\r\n'), tslb: 400 },
  { name: 'DEL in value', bytes: G('X-A: a\x7fb\r\n'), tslb: 400 },
  { name: 'bare CR in value', bytes: G('X-A: a\rb\r\n'), tslb: 400 },
  { name: 'bare CR line end', bytes: 'GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n', tslb: 400 },
  { name: 'CR CR LF', bytes: 'GET / HTTP/1.1\r\nHost: a\r\r\n\r\n', tslb: 400 },
  { name: 'bare LF everywhere', bytes: 'GET / HTTP/1.1\nHost: a\nX: y\n\n', tslb: 400 },
  { name: 'one bare LF', bytes: 'GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n', tslb: 400 },
  { name: 'bare LF hiding CL', bytes: 'POST / HTTP/1.1\r\nHost: a\r\nX: y\nContent-Length: 1\r\n\r\nx', tslb: 400 },
  { name: 'bare LF ending the head', bytes: 'GET / HTTP/1.1\r\nHost: a\r\n\n', tslb: 400 },
  { name: '101 header lines', bytes: G(lines(100)), tslb: 400 },
  { name: 'over-long header section (20000 B)', bytes: G(`X: ${'a'.repeat(20000)}\r\n`), tslb: 400 },
  { name: 'over-long head (15500 B)', bytes: G(`X: ${'a'.repeat(15500)}\r\n`), tslb: 400 },

  // Request line.
  { name: 'method G(T', bytes: 'G(T / HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'method G@T', bytes: 'G@T / HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'empty method', bytes: ' / HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'method only', bytes: 'GET\r\n\r\n', tslb: 400 },
  { name: 'HTAB separators', bytes: 'GET\t/\tHTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'two SP after method', bytes: 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'SP after version', bytes: 'GET / HTTP/1.1 \r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'HTTP/1.2', bytes: 'GET / HTTP/1.2\r\nHost: a\r\n\r\n', tslb: 505 },
  { name: 'HTTP/2.0 on H1', bytes: 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', tslb: 505 },
  { name: 'HTTP/3.0', bytes: 'GET / HTTP/3.0\r\nHost: a\r\n\r\n', tslb: 505 },
  { name: 'HTTP/0.9 version', bytes: 'GET / HTTP/0.9\r\nHost: a\r\n\r\n', tslb: 505 },
  { name: 'HTTP/1.10', bytes: 'GET / HTTP/1.10\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'http/1.1', bytes: 'GET / http/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'HTTP/11', bytes: 'GET / HTTP/11\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'no version', bytes: 'GET /\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'HTTP/0.9 request', bytes: 'GET /\r\n\r\n', tslb: 400 },
  { name: 'NUL in target', bytes: 'GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: '0x01 in target', bytes: 'GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'DEL in target', bytes: 'GET /a\x7fb HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: '0x80 in target', bytes: 'GET /a\x80b HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'SP in target', bytes: 'GET /a b HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'HTAB in target', bytes: 'GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: '# in target', bytes: 'GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'relative target', bytes: 'GET a/b HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'over-long request line (16000 B)', bytes: `GET /${'a'.repeat(16000)} HTTP/1.1\r\nHost: a\r\n\r\n`, tslb: 400 },

  // Host and target authority.
  { name: 'HTTP/1.1 without Host', bytes: 'GET / HTTP/1.1\r\n\r\n', tslb: 400 },
  { name: 'two Host, different', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', tslb: 400 },
  { name: 'two Host, same', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'absolute-form differs from Host', bytes: 'GET http://b/x HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'absolute-form without Host', bytes: 'GET http://a/x HTTP/1.1\r\n\r\n', tslb: 400 },
  { name: 'absolute-form query without path', bytes: 'GET http://a?x=1 HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'absolute-form userinfo', bytes: 'GET http://u@a/x HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'absolute-form odd scheme', bytes: 'GET foo+bar://a/x HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'CONNECT with a path', bytes: 'CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n', tslb: 400 },
  { name: 'websocket upgrade without key', bytes: G('Connection: upgrade\r\nUpgrade: websocket\r\n'), tslb: 400 },

  // Chunked bodies.
  { name: 'chunk size -1', bytes: C('-1\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size +1', bytes: C('+1\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size 0x10', bytes: C('0x10\r\naaaaaaaaaaaaaaaa\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size empty', bytes: C('\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size g', bytes: C('g\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size " 1"', bytes: C(' 1\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size "1 "', bytes: C('1 \r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk "1 ;ext"', bytes: C('1 ;ext\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk "1; ext"', bytes: C('1; ext\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk "1;"', bytes: C('1;\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk ext with CTL', bytes: C('1;a=\x01\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk ext with bare LF', bytes: C('1;a=b\nc\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size 2^64-1', bytes: C('ffffffffffffffff\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size 17 f', bytes: C('fffffffffffffffff\r\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size bare LF', bytes: C('1\na\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk size bare CR', bytes: C('1\ra\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk data without CRLF', bytes: C('1\r\naX0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk data + bare LF', bytes: C('1\r\na\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'chunk data longer than size', bytes: C('1\r\nab\r\n0\r\n\r\n'), tslb: 400, body: true },
  { name: 'last chunk with bare LFs', bytes: C('1\r\na\r\n0\n\n'), tslb: 400, body: true },
  { name: 'body ends with bare CR', bytes: C('1\r\na\r\n0\r\n\rX'), tslb: 400, body: true },
  { name: 'trailer obs-fold', bytes: C('1\r\na\r\n0\r\nX-T: v\r\n w\r\n\r\n'), tslb: 400, body: true },
  { name: 'trailer SP in name', bytes: C('1\r\na\r\n0\r\nX T: v\r\n\r\n'), tslb: 400, body: true },
  { name: 'trailer NUL', bytes: C('1\r\na\r\n0\r\nX-T: v\x00\r\n\r\n'), tslb: 400, body: true },
  { name: 'trailer bare LF', bytes: C('1\r\na\r\n0\r\nX-T: v\n\r\n'), tslb: 400, body: true },
  { name: 'trailer without colon', bytes: C('1\r\na\r\n0\r\nXT\r\n\r\n'), tslb: 400, body: true },
  { name: 'trailer Content-Length', bytes: C('1\r\na\r\n0\r\nContent-Length: 5\r\n\r\n'), tslb: 400, body: true },
];

type Verdict = 'accepted' | 'rejected' | 'no answer';

interface TslbOutcome {
  readonly verdict: 'accepted' | 'rejected';
  readonly status?: number;
  readonly reason?: string;
  readonly stage?: 'head' | 'body';
}

/** Runs the bytes through tslb's parsers message by message, as the data plane does. */
function tslb(bytes: Buffer): TslbOutcome {
  let buf = bytes;
  while (buf.length > 0) {
    const r = parseRequestHead(buf, DEFAULT_HEAD_LIMITS);
    if (r.kind === 'incomplete') return { verdict: 'accepted' };
    if (r.kind === 'error') return { verdict: 'rejected', status: r.error.status, reason: r.error.reason, stage: 'head' };
    buf = buf.subarray(r.head.headLength);
    const body = r.head.body;
    if (body.kind === 'length') {
      buf = buf.subarray(Math.min(body.length, buf.length));
    } else if (body.kind === 'chunked') {
      const p = new ChunkedParser(DEFAULT_HEAD_LIMITS);
      const pushed = p.push(buf);
      if ('error' in pushed) return { verdict: 'rejected', status: pushed.error.status, reason: pushed.error.reason, stage: 'body' };
      buf = buf.subarray(pushed.used);
    }
  }
  return { verdict: 'accepted' };
}

interface Exchange {
  readonly statuses: number[];
  readonly closed: boolean;
  readonly garbage: boolean;
  readonly localPort: number;
}

/** Sends bytes on a new connection; collects the statuses of the responses until `requests` final ones, an error status, close or timeout. */
function exchange(port: number, bytes: Buffer, requests: number, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const statuses: number[] = [];
    let received = Buffer.alloc(0);
    let offset = 0;
    let garbage = false;
    let localPort = 0;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ statuses, closed, garbage, localPort });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('connect', () => {
      localPort = socket.localPort ?? 0;
      socket.write(bytes);
    });
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      for (;;) {
        const r = parseResponseHead(received.subarray(offset), 'GET', DEFAULT_HEAD_LIMITS);
        if (r.kind === 'incomplete') break;
        if (r.kind === 'error') {
          garbage = true;
          return finish(false);
        }
        const body = r.head.body;
        const length = body.kind === 'length' ? body.length : 0;
        if (received.length - offset < r.head.headLength + length) break;
        offset += r.head.headLength + length;
        statuses.push(r.head.status);
      }
      if (statuses.some((s) => s >= 400) || statuses.filter((s) => s >= 200).length >= requests) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  s.close();
  await once(s, 'close');
  return port;
}

async function waitForPort(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.on('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Raw TCP backend behind HAProxy: records what arrives per client source port (from the PROXY header) and answers 200 once the bytes stop. */
function startBackend(): { server: net.Server; received: Map<number, Buffer> } {
  const received = new Map<number, Buffer>();
  const server = net.createServer((socket) => {
    let proxyLine = '';
    let srcPort = -1;
    let quiet: NodeJS.Timeout | undefined;
    socket.on('data', (data) => {
      let rest = data;
      if (srcPort < 0) {
        const text = proxyLine + data.toString('latin1');
        const eol = text.indexOf('\r\n');
        if (eol < 0) {
          proxyLine = text;
          return;
        }
        // PROXY TCP4 <src> <dst> <srcport> <dstport>
        srcPort = Number(text.slice(0, eol).split(' ')[4]);
        rest = Buffer.from(text.slice(eol + 2), 'latin1');
      }
      if (rest.length === 0) return;
      received.set(srcPort, Buffer.concat([received.get(srcPort) ?? Buffer.alloc(0), rest]));
      clearTimeout(quiet);
      quiet = setTimeout(() => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'), 100);
    });
    socket.on('error', () => {});
    socket.on('close', () => clearTimeout(quiet));
  });
  return { server, received };
}

/** node:http with default options; records, per client port, the requests it accepted and the parse errors it raised. */
function startNode(): { server: http.Server; events: Map<number, { requests: number; errors: string[] }> } {
  const events = new Map<number, { requests: number; errors: string[] }>();
  const of = (socket: net.Socket) => {
    const port = socket.remotePort ?? 0;
    let e = events.get(port);
    if (!e) events.set(port, (e = { requests: 0, errors: [] }));
    return e;
  };
  const server = http.createServer((req, res) => {
    of(req.socket).requests++;
    req.resume();
    req.on('end', () => res.end());
    req.on('error', () => {});
  });
  const tunnel = (_req: http.IncomingMessage, socket: net.Socket) => {
    of(socket).requests++;
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  };
  server.on('connect', tunnel);
  server.on('upgrade', tunnel);
  // A listener replaces Node's default answer; keep its shape (400 and close).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
    of(socket).errors.push(err.code ?? err.message);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  return { server, events };
}

function haproxyAvailable(): boolean {
  const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  return r.status === 0 && /version 2\.6\./.test(r.stdout);
}

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

t.test('smuggling corpus: tslb refuses every vector (and accepts the controls)', async (t) => {
  for (const v of VECTORS) {
    const got = tslb(Buffer.from(v.bytes, 'latin1'));
    if (v.tslb === 'accept') {
      t.equal(got.verdict, 'accepted', `${v.name}: accepted (${got.reason ?? ''})`);
      continue;
    }
    t.equal(got.verdict, 'rejected', `${v.name}: refused`);
    t.equal(got.status, v.tslb, `${v.name}: status ${v.tslb} (${got.reason ?? ''})`);
    t.ok(got.status !== undefined && ((got.status >= 400 && got.status < 500) || got.status === 505), `${v.name}: a 4xx (505 for versions)`);
    t.equal(got.stage, v.body ? 'body' : 'head', `${v.name}: refused by the ${v.body ? 'chunked-body validator' : 'head parser'}`);
  }
});

t.test('smuggling corpus, differential: tslb never accepts what llhttp or HAProxy 2.6 refuses', { skip: haproxyAvailable() ? false : 'haproxy 2.6 not installed' }, async (t) => {
  const backend = startBackend();
  backend.server.listen(0, '127.0.0.1');
  await once(backend.server, 'listening');
  const backendPort = (backend.server.address() as net.AddressInfo).port;
  const node = startNode();
  node.server.listen(0, '127.0.0.1');
  await once(node.server, 'listening');
  const nodePort = (node.server.address() as net.AddressInfo).port;

  const dir = mkdtempSync(join(tmpdir(), 'tslb-smuggling-'));
  const haproxyPort = await freePort();
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '    maxconn 1000',
      'defaults',
      '    mode http',
      '    timeout connect 2s',
      '    timeout client 5s',
      '    timeout server 5s',
      'listen fe',
      `    bind 127.0.0.1:${haproxyPort}`,
      `    server s1 127.0.0.1:${backendPort} send-proxy`,
      '',
    ].join('\n'),
  );
  let haproxyLog = '';
  const haproxy: ChildProcess = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  haproxy.stdout?.on('data', (d: Buffer) => (haproxyLog += d.toString()));
  haproxy.stderr?.on('data', (d: Buffer) => (haproxyLog += d.toString()));
  const exited = once(haproxy, 'exit');

  t.teardown(async () => {
    if (haproxy.exitCode === null && haproxy.signalCode === null) {
      haproxy.kill('SIGTERM');
      await exited;
    }
    node.server.closeAllConnections();
    await Promise.all([new Promise((r) => node.server.close(r)), new Promise((r) => backend.server.close(r))]);
    rmSync(dir, { recursive: true, force: true });
  });

  if (!(await waitForPort(haproxyPort, Date.now() + 5000))) {
    t.fail(`haproxy did not start: ${haproxyLog}`);
    return;
  }

  const rows: string[] = [];
  const results = new Map<string, { ts: TslbOutcome; ll: Verdict; llWhy: string; ha: Verdict; haWhy: string; forwarded: boolean }>();
  await pool(VECTORS, 8, async (v) => {
    const bytes = Buffer.from(v.bytes, 'latin1');
    const requests = v.requests ?? 1;
    const [ha, ll] = await Promise.all([exchange(haproxyPort, bytes, requests, 1500), exchange(nodePort, bytes, requests, 1500)]);
    // HAProxy: the backend only ever answers 200, so an error status is HAProxy's refusal.
    const forwarded = (backend.received.get(ha.localPort)?.length ?? 0) > 0;
    const haError = ha.statuses.find((s) => s >= 400);
    const haVerdict: Verdict = haError !== undefined ? 'rejected' : ha.statuses.length > 0 || forwarded ? 'accepted' : ha.closed ? 'rejected' : 'no answer';
    const haWhy = haError !== undefined ? String(haError) : ha.statuses.join(',') || (ha.closed ? 'closed' : 'timeout');
    // llhttp: a clientError or an error status (e.g. requireHostHeader's 400) is a refusal.
    const e = node.events.get(ll.localPort) ?? { requests: 0, errors: [] };
    const llError = ll.statuses.find((s) => s >= 400);
    const llVerdict: Verdict = e.errors.length > 0 || llError !== undefined ? 'rejected' : e.requests > 0 ? 'accepted' : 'no answer';
    const llWhy = e.errors.length > 0 ? e.errors.join(',') : llError !== undefined ? String(llError) : ll.statuses.join(',') || (ll.closed ? 'closed' : 'timeout');
    results.set(v.name, { ts: tslb(bytes), ll: llVerdict, llWhy, ha: haVerdict, haWhy, forwarded });
  });

  for (const v of VECTORS) {
    const r = results.get(v.name)!;
    const ts = r.ts.verdict === 'accepted' ? 'accepted' : `${r.ts.status} ${r.ts.reason ?? ''}`;
    const stricter = r.ts.verdict === 'rejected' && r.ll === 'accepted' && r.ha === 'accepted' ? ' [tslb stricter than both]' : '';
    rows.push(`${v.name} | tslb ${ts} | llhttp ${r.ll} (${r.llWhy}) | HAProxy ${r.ha} (${r.haWhy}${r.forwarded ? ', bytes reached backend' : ''})${stricter}`);
    if (r.ts.verdict !== 'accepted') continue;
    for (const [ref, verdict] of [['llhttp', r.ll], ['haproxy', r.ha]] as const) {
      if (v.laxerThan?.ref === ref) {
        t.comment(`${v.name}: tslb accepts what ${ref} refuses, deliberately: ${v.laxerThan.why}`);
        continue;
      }
      t.not(verdict, 'rejected', `${v.name}: tslb accepts, so ${ref} must not refuse it (${ref === 'llhttp' ? r.llWhy : r.haWhy})`);
    }
  }
  // Controls prove the harness can observe acceptance on both references.
  for (const v of VECTORS.filter((x) => x.tslb === 'accept' && !x.laxerThan)) {
    const r = results.get(v.name)!;
    t.equal(r.ll, 'accepted', `${v.name}: llhttp accepts the control`);
    t.equal(r.ha, 'accepted', `${v.name}: HAProxy accepts the control`);
  }
  // And refusals on both sides are observable too.
  t.equal(results.get('CL duplicated, different values')?.ha, 'rejected', 'harness sees HAProxy refusals');
  t.equal(results.get('CL + TE')?.ll, 'rejected', 'harness sees llhttp refusals');
  t.comment('vector | tslb | llhttp (node:http default) | HAProxy 2.6');
  for (const row of rows) t.comment(row);
});
