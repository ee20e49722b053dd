/**
 * The heads tslb writes, as HAProxy 2.6 writes them (verified on loopback):
 * header names lower-cased, hop-by-hop headers (Connection, Keep-Alive,
 * Proxy-Connection) dropped and replaced by the one the connection mode
 * needs, `X-Forwarded-For` appended as a new last line, response status
 * lines in HTTP/1.1. Everything else is passed through in order. Also as
 * HAProxy does: an upgrade (WebSocket) keeps its Connection line where it
 * was; a 204 loses its Content-Length; an absolute-form target loses an
 * explicit default port (and Host too when it carries the same one).
 */
import type { HeaderField, RequestHead, ResponseHead } from './parser.js';

/** Lengths 10, 10 and 16: headerLines tests the length before the set. */
const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection']);

/** The header lines to forward; an upgrade keeps its Connection and Upgrade lines as they were. */
function headerLines(headers: readonly HeaderField[], upgrade: boolean, dropLength = false, host?: string): string {
  let out = '';
  for (const h of headers) {
    // The length test first: a Set lookup hashes every fresh name string.
    const n = h.lname.length;
    if ((n === 10 || n === 16) && HOP_BY_HOP.has(h.lname) && !(upgrade && h.lname === 'connection')) continue;
    if (n === 7 && !upgrade && h.lname === 'upgrade') continue;
    if (n === 14 && dropLength && h.lname === 'content-length') continue;
    if (n === 4 && host !== undefined && h.lname === 'host') {
      out += `host: ${host}\r\n`;
      continue;
    }
    out += `${h.lname}: ${h.value}\r\n`;
  }
  return out;
}

/** A Connection line to append unless an upgrade kept the one it had. */
function connectionLine(headers: readonly HeaderField[], connection: 'close' | 'keep-alive' | 'upgrade' | undefined): string {
  if (!connection) return '';
  if (connection === 'upgrade' && headers.some((h) => h.lname === 'connection')) return '';
  return `connection: ${connection}\r\n`;
}

/**
 * An absolute-form target with an explicit default port (`http://a:80/x`,
 * `https://a:443/`): the target without it, and the Host value without it
 * when Host carries the same authority. Undefined when nothing changes.
 */
export function withoutDefaultPort(head: RequestHead): { readonly target: string; readonly host: string | undefined } | undefined {
  const t = head.target;
  if (t.charCodeAt(0) === 0x2f || t === '*') return undefined;
  const m = /^(https?):\/\/([^/?]*?):(80|443)(?=[/?]|$)/i.exec(t);
  if (!m || (m[1]!.toLowerCase() === 'http') !== (m[3] === '80')) return undefined;
  const authority = `${m[2]}:${m[3]}`;
  const target = `${m[1]}://${m[2]}${t.slice(m[0].length)}`;
  const host = head.host !== undefined && head.host.toLowerCase() === authority.toLowerCase() ? m[2] : undefined;
  return { target, host };
}

export interface RequestRewrite {
  /** The target to send instead of the one received. */
  readonly target?: string | undefined;
  /** The Host value to send instead of the one received. */
  readonly host?: string | undefined;
  /** An X-Forwarded-For style line to append: [lower-case name, value]. */
  readonly forwardedFor?: readonly [string, string] | undefined;
  /** The Connection header to send to the server, if any. */
  readonly connection?: 'close' | 'keep-alive' | 'upgrade' | undefined;
  /** Header lines to send instead of the received ones (cookie persistence rewrote a Cookie line). */
  readonly headers?: readonly HeaderField[] | undefined;
}

/**
 * Changes to a response head (cookie persistence, http-response rules):
 * header lines instead of the server's, complete lines appended after them
 * — before the Connection line, where HAProxy adds its own headers — and
 * another status line.
 */
export interface ResponseEdit {
  readonly headers?: readonly HeaderField[] | undefined;
  /** `name: value\r\n` lines. */
  readonly extra?: string | undefined;
  /** The status and reason to send instead of the server's (`set-status`). */
  readonly status?: number | undefined;
  readonly reason?: string | undefined;
}

/** The request head for the server. */
export function requestHeadBytes(head: RequestHead, rw: RequestRewrite): Buffer {
  let out = `${head.method} ${rw.target ?? head.target} HTTP/1.${head.minor}\r\n${headerLines(rw.headers ?? head.headers, rw.connection === 'upgrade', false, rw.host)}`;
  if (rw.forwardedFor) out += `${rw.forwardedFor[0]}: ${rw.forwardedFor[1]}\r\n`;
  out += connectionLine(head.headers, rw.connection);
  return Buffer.from(`${out}\r\n`, 'latin1');
}

/** The response head for the client, as latin1 text; `connection` is the header to add, if any. */
export function responseHeadText(head: ResponseHead, connection: 'close' | 'keep-alive' | 'upgrade' | undefined, edit?: ResponseEdit): string {
  const headers = edit?.headers ?? head.headers;
  const status = edit?.status ?? head.status;
  let out = `HTTP/1.1 ${status} ${edit?.reason ?? head.reason}\r\n${headerLines(headers, connection === 'upgrade', status === 204)}`;
  if (edit?.extra) out += edit.extra;
  out += connectionLine(headers, connection);
  return `${out}\r\n`;
}

/** The response head for the client; `connection` is the header to add, if any. */
export function responseHeadBytes(head: ResponseHead, connection: 'close' | 'keep-alive' | 'upgrade' | undefined, edit?: ResponseEdit): Buffer {
  return Buffer.from(responseHeadText(head, connection, edit), 'latin1');
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
