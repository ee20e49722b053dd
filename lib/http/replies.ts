/**
 * `http-request return` (manual 4.2): a response tslb sends by itself,
 * rendered once at start-up — `hdr` lines first, then content-length and
 * content-type, then the body, exactly as HAProxy 2.6 writes it.
 */
import { readFileSync } from 'node:fs';
import type { ReturnSpec } from '../config/model/rules.js';
import { builtInPage } from './error-pages.js';

/**
 * HAProxy 2.6's reason phrases for the status lines it writes itself
 * (`return`, `deny` with a payload, `set-status` without `reason`): its own
 * table, which is not RFC 9110's (302 "Moved Temporarily", 502 "Bad Gateway
 * or Proxy Error"), then one word per class. Measured on 2.6.12 with
 * `http-response set-status` for every code from 200 to 999 (a 1xx final
 * status makes HAProxy hang the exchange, and `return` refuses it).
 */
const HAPROXY_REASONS: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content',
  206: 'Partial Content', 207: 'Multi-Status', 210: 'Content Different', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Moved Temporarily', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 310: 'Too many Redirects',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Time-out', 409: 'Conflict', 410: 'Gone', 411: 'Length Required',
  412: 'Precondition Failed', 413: 'Request Entity Too Large', 414: 'Request-URI Too Long', 415: 'Unsupported Media Type',
  416: 'Requested range unsatisfiable', 417: 'Expectation failed', 418: "I'm a teapot", 421: 'Misdirected Request', 422: 'Unprocessable Content',
  423: 'Locked', 424: 'Method failure', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 449: 'Retry With', 450: 'Blocked by Windows Parental Controls', 451: 'Unavailable For Legal Reasons',
  456: 'Unrecoverable Error', 499: 'client has closed connection',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway or Proxy Error', 503: 'Service Unavailable', 504: 'Gateway Time-out',
  505: 'HTTP Version not supported', 506: 'Variant also negotiate', 507: 'Insufficient storage', 508: 'Loop detected', 509: 'Bandwidth Limit Exceeded',
  510: 'Not extended', 511: 'Network authentication required', 520: 'Web server is returning an unknown error',
};

const CLASS_REASONS: readonly string[] = ['Informational', 'Success', 'Redirection', 'Client Error', 'Server Error'];

/** The reason phrase HAProxy 2.6 writes for a status it sets itself (its http_get_reason()). */
export function haproxyReason(status: number): string {
  return HAPROXY_REASONS[status] ?? (status >= 100 && status < 600 ? (CLASS_REASONS[Math.floor(status / 100) - 1] as string) : 'Other');
}

export interface Reply {
  /** Head without the final CRLF, so a Connection line can still be added. */
  readonly head: string;
  readonly body: Buffer;
}

export function renderReply(spec: ReturnSpec): Reply {
  let body: Buffer = Buffer.alloc(0);
  const b = spec.body;
  if (b?.kind === 'string') body = Buffer.from(b.value, 'latin1');
  else if (b?.kind === 'file') body = readFileSync(b.path);
  else if (b?.kind === 'errorfile' || b?.kind === 'default-errorfiles') {
    // A complete HTTP response: sent as it is.
    const raw = b.kind === 'errorfile' ? readFileSync(b.path) : (builtInPage(spec.status)?.bytes ?? Buffer.alloc(0));
    const end = raw.indexOf('\r\n\r\n');
    return { head: raw.subarray(0, end + 2).toString('latin1'), body: raw.subarray(end + 4) };
  } else if (b !== undefined) {
    // lf-string and lf-file bodies are built per request (lib/rules/reply.ts); `errorfiles <name>` needs http-errors sections.
    throw new Error(b.kind === 'errorfiles' ? "replies from an 'http-errors' section ('errorfiles') are not implemented yet" : `a '${b.kind}' body is built per request`);
  }
  let head = `HTTP/1.1 ${spec.status} ${haproxyReason(spec.status)}\r\n`;
  for (const h of spec.headers) head += `${h.name.toLowerCase()}: ${h.value}\r\n`;
  head += `content-length: ${body.length}\r\n`;
  if (spec.contentType !== undefined) head += `content-type: ${spec.contentType}\r\n`;
  return { head, body };
}

/** A complete response (a built-in page) as a reply: its head without the blank line, then its body. */
export function replyOfPage(bytes: Buffer, extraHeaders = ''): Reply {
  const end = bytes.indexOf('\r\n\r\n');
  return { head: `${bytes.subarray(0, end + 2).toString('latin1')}${extraHeaders}`, body: bytes.subarray(end + 4) };
}
