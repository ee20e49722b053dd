/**
 * The size HAProxy 2.6 counts for an HTTP message — its stats `bin`/`bout`,
 * the Prometheus byte counters and the logs' `%U`/`%B` — which is not the
 * bytes on the wire but the size of the message in HAProxy's internal form
 * (HTX), measured on loopback:
 *
 *   21 + the start line's three parts without their spaces
 *      + each header's name and value (Connection lines excluded: HAProxy
 *        drops them on parsing and writes its own on output)
 *      + the body's payload (chunk framing excluded), + 1 for a chunked body
 *
 * e.g. `GET / HTTP/1.1` with `Host: x` counts 21 + 3 + 1 + 8 + 4 + 1 = 38
 * (27 bytes on the wire). Messages are counted as received: what rules add
 * to a response (set-header, a persistence cookie) is not counted, as in
 * HAProxy; tslb's own answers count as generated.
 */
import type { HeaderField, RequestHead, ResponseHead } from './parser.js';

/** HAProxy's fixed part of a message (start-line block and end-of-headers). */
const BASE = 21;

function headersSize(headers: readonly HeaderField[]): number {
  let n = 0;
  for (const h of headers) if (h.lname !== 'connection') n += h.name.length + h.value.length;
  return n;
}

/** A request head as received; its body is counted separately (bodySize). */
export function requestHeadSize(head: RequestHead): number {
  return BASE + head.method.length + head.target.length + 8 + headersSize(head.headers);
}

/** A response head as received from the server. */
export function responseHeadSize(head: ResponseHead): number {
  return BASE + 8 + 3 + head.reason.length + headersSize(head.headers);
}

/** A body's counted size: its payload, and one more for a chunked body's end. */
export function bodySize(payload: number, chunked: boolean): number {
  return chunked ? payload + 1 : payload;
}

const generated = new WeakMap<Buffer, number>();

/**
 * A response tslb writes itself, given as its head text (status line and
 * header lines, CRLF-separated, blank line optional) and its body length.
 */
export function generatedSize(head: string, bodyLength: number): number {
  let n = BASE;
  const lines = head.split('\r\n');
  const status = lines[0] ?? '';
  // "HTTP/1.1 503 Service Unavailable": the two spaces are not counted.
  n += Math.max(0, status.length - 2);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).toLowerCase() === 'connection') continue;
    n += colon + line.slice(colon + 1).trim().length;
  }
  return n + bodyLength;
}

/** A complete pre-rendered response (an error page), counted once per buffer. */
export function pageSize(bytes: Buffer): number {
  let n = generated.get(bytes);
  if (n === undefined) {
    const end = bytes.indexOf('\r\n\r\n');
    n = end < 0 ? 0 : generatedSize(bytes.subarray(0, end).toString('latin1'), bytes.length - end - 4);
    generated.set(bytes, n);
  }
  return n;
}
