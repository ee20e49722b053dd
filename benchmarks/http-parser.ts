/**
 * Micro-benchmark of tslb's HTTP/1.1 head parser and chunked-body validator
 * (lib/http/parser.ts): heads per second for a typical ~300-byte GET with 8
 * headers and for a ~2 KiB head, a response head, and chunked-body
 * validation throughput. Plain Node, performance.now, median of runs.
 *
 *   node dist/benchmarks/http-parser.js [--runs 7] [--ms 500]
 */
import { performance } from 'node:perf_hooks';
import { arg, median } from './harness/micro.js';
import { fileURLToPath } from 'node:url';
import { ChunkedParser, DEFAULT_HEAD_LIMITS, parseRequestHead, parseResponseHead } from '../lib/http/parser.js';

export const TYPICAL_GET = Buffer.from(
  [
    'GET /api/v1/items?id=12345 HTTP/1.1',
    'Host: www.example.com',
    'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0',
    'Accept: text/html,*/*;q=0.8',
    'Accept-Language: en-US,en;q=0.5',
    'Accept-Encoding: gzip, deflate, br',
    'Connection: keep-alive',
    'Cookie: session=abc123def456',
    'Cache-Control: no-cache',
    '',
    '',
  ].join('\r\n'),
  'latin1',
);

export const LARGE_HEAD = Buffer.from(
  [
    'POST /api/v1/orders/checkout?session=8f14e45fceea167a5a36dedd4bea2543&step=3 HTTP/1.1',
    'Host: shop.example.com',
    'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'Accept: application/json, text/plain, */*',
    'Accept-Language: en-GB,en;q=0.9,fr;q=0.8,de;q=0.7',
    'Accept-Encoding: gzip, deflate, br, zstd',
    'Content-Type: application/json; charset=utf-8',
    'Content-Length: 512',
    'Origin: https://shop.example.com',
    'Referer: https://shop.example.com/cart?items=3&coupon=SUMMER24',
    `Cookie: ${Array.from({ length: 12 }, (_, i) => `c${i}=${'v'.repeat(40)}${i}`).join('; ')}`,
    `Authorization: Bearer ${'e'.repeat(300)}`,
    'X-Request-Id: 7c9e6679-7425-40de-944b-e07fc1f90ae7',
    'X-Forwarded-For: 203.0.113.7, 198.51.100.23',
    'X-Forwarded-Proto: https',
    'Sec-Fetch-Dest: empty',
    'Sec-Fetch-Mode: cors',
    'Sec-Fetch-Site: same-origin',
    'Sec-Ch-Ua: "Chromium";v="126", "Not.A/Brand";v="24"',
    'Sec-Ch-Ua-Platform: "macOS"',
    'Priority: u=1, i',
    'Traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'Cache-Control: no-cache',
    'Pragma: no-cache',
    'Connection: keep-alive',
    '',
    '',
  ].join('\r\n'),
  'latin1',
);

export const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1234\r\nDate: Mon, 01 Jul 2024 12:00:00 GMT\r\nCache-Control: private, max-age=0\r\nConnection: keep-alive\r\n\r\n',
  'latin1',
);

/** Calls fn in batches for about `ms` milliseconds; returns calls per second. */
function rate(fn: () => number, ms: number): number {
  let calls = 0;
  let sink = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) sink += fn();
    calls += 1000;
    now = performance.now();
  }
  if (sink === -1) console.log('unreachable');
  return (calls * 1000) / (now - start);
}

function chunkedBody(chunkSize: number, chunks: number): Buffer {
  const parts: Buffer[] = [];
  const data = Buffer.alloc(chunkSize, 0x61);
  const line = Buffer.from(`${chunkSize.toString(16)}\r\n`, 'latin1');
  const crlf = Buffer.from('\r\n', 'latin1');
  for (let i = 0; i < chunks; i++) parts.push(line, data, crlf);
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

function main(): void {
  const runs = arg('runs', 7);
  const ms = arg('ms', 500);
  const L = DEFAULT_HEAD_LIMITS;
  // Reads of 16 KiB, as a socket delivers a large body.
  const bigChunks = chunkedBody(16 * 1024, 64);
  const bigReads = Array.from({ length: Math.ceil(bigChunks.length / 16384) }, (_, i) => bigChunks.subarray(i * 16384, (i + 1) * 16384));
  const smallChunks = chunkedBody(16, 4096);

  const cases: [string, number, () => number][] = [
    [`request head, typical GET (${TYPICAL_GET.length} B, 8 headers)`, TYPICAL_GET.length, () => {
      const r = parseRequestHead(TYPICAL_GET, L);
      return r.kind === 'head' ? r.head.headLength : 0;
    }],
    [`request head, large (${LARGE_HEAD.length} B, 24 headers)`, LARGE_HEAD.length, () => {
      const r = parseRequestHead(LARGE_HEAD, L);
      return r.kind === 'head' ? r.head.headLength : 0;
    }],
    ['request head, typical GET arriving in 2 reads', TYPICAL_GET.length, () => {
      const a = parseRequestHead(TYPICAL_GET.subarray(0, 150), L);
      const r = parseRequestHead(TYPICAL_GET, L);
      return (a.kind === 'incomplete' ? 1 : 0) + (r.kind === 'head' ? r.head.headLength : 0);
    }],
    [`response head (${RESPONSE.length} B, 5 headers)`, RESPONSE.length, () => {
      const r = parseResponseHead(RESPONSE, 'GET', L);
      return r.kind === 'head' ? r.head.headLength : 0;
    }],
    [`chunked body, 64 x 16 KiB chunks in 16 KiB reads (${bigChunks.length} B)`, bigChunks.length, () => {
      const p = new ChunkedParser(L);
      let used = 0;
      for (const read of bigReads) {
        const r = p.push(read);
        if ('used' in r) used += r.used;
      }
      return used;
    }],
    [`chunked body, 4096 x 16 B chunks in one read (${smallChunks.length} B)`, smallChunks.length, () => {
      const r = new ChunkedParser(L).push(smallChunks);
      return 'used' in r ? r.used : 0;
    }],
  ];

  console.log(`node ${process.version}, ${runs} runs of ${ms} ms each, median`);
  console.log('| case | ops/s | ns/op | MB/s |');
  console.log('|---|---|---|---|');
  for (const [name, bytes, fn] of cases) {
    rate(fn, ms); // warm-up
    const rates: number[] = [];
    for (let i = 0; i < runs; i++) rates.push(rate(fn, ms));
    const r = median(rates);
    console.log(`| ${name} | ${Math.round(r).toLocaleString('en-US')} | ${(1e9 / r).toFixed(0)} | ${((r * bytes) / 1e6).toFixed(0)} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
