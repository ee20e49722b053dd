/**
 * The heads tslb writes, as HAProxy 2.6 writes them (verified on loopback):
 * header names lower-cased, hop-by-hop headers (Connection, Keep-Alive,
 * Proxy-Connection) dropped and replaced by the one the connection mode
 * needs, `X-Forwarded-For` appended as a new last line, response status
 * lines in HTTP/1.1. Everything else is passed through in order.
 */
import type { HeaderField, RequestHead, ResponseHead } from './parser.js';

/** Lengths 10, 10 and 16: headerLines tests the length before the set. */
const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection']);

function headerLines(headers: readonly HeaderField[], keepUpgrade: boolean): string {
  let out = '';
  for (const h of headers) {
    // The length test first: a Set lookup hashes every fresh name string.
    const n = h.lname.length;
    if ((n === 10 || n === 16) && HOP_BY_HOP.has(h.lname)) continue;
    if (n === 7 && !keepUpgrade && h.lname === 'upgrade') continue;
    out += `${h.lname}: ${h.value}\r\n`;
  }
  return out;
}

export interface RequestRewrite {
  /** An X-Forwarded-For style line to append: [lower-case name, value]. */
  readonly forwardedFor?: readonly [string, string] | undefined;
  /** The Connection header to send to the server, if any. */
  readonly connection?: 'close' | 'keep-alive' | 'upgrade' | undefined;
}

/** The request head for the server. */
export function requestHeadBytes(head: RequestHead, rw: RequestRewrite): Buffer {
  let out = `${head.method} ${head.target} HTTP/1.${head.minor}\r\n${headerLines(head.headers, rw.connection === 'upgrade')}`;
  if (rw.forwardedFor) out += `${rw.forwardedFor[0]}: ${rw.forwardedFor[1]}\r\n`;
  if (rw.connection) out += `connection: ${rw.connection}\r\n`;
  return Buffer.from(`${out}\r\n`, 'latin1');
}

/** The response head for the client, as latin1 text; `connection` is the header to add, if any. */
export function responseHeadText(head: ResponseHead, connection: 'close' | 'keep-alive' | 'upgrade' | undefined): string {
  let out = `HTTP/1.1 ${head.status} ${head.reason}\r\n${headerLines(head.headers, connection === 'upgrade')}`;
  if (connection) out += `connection: ${connection}\r\n`;
  return `${out}\r\n`;
}

/** The response head for the client; `connection` is the header to add, if any. */
export function responseHeadBytes(head: ResponseHead, connection: 'close' | 'keep-alive' | 'upgrade' | undefined): Buffer {
  return Buffer.from(responseHeadText(head, connection), 'latin1');
}

/**
 * A head and the first body bytes in one buffer, so that a small response
 * leaves in one write(2): cheaper than a corked writev from Node.
 */
export function headWithBody(head: string, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(head.length + body.length);
  out.write(head, 0, 'latin1');
  body.copy(out, head.length);
  return out;
}

/** True when the client asked to keep its connection open (HTTP/1.1 by default, HTTP/1.0 with keep-alive). */
export function clientWantsKeepAlive(head: RequestHead): boolean {
  return head.minor === 1 ? !head.connection.includes('close') : head.connection.includes('keep-alive');
}
