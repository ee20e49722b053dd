/**
 * `http-request return` (manual 4.2): a response tslb sends by itself,
 * rendered once at start-up — `hdr` lines first, then content-length and
 * content-type, then the body, exactly as HAProxy 2.6 writes it.
 */
import { readFileSync } from 'node:fs';
import type { ReturnSpec } from '../config/model/rules.js';
import { builtInPage } from './error-pages.js';
import { reasonPhrase } from './reasons.js';

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
    throw new Error(`'http-request return' with a ${b.kind} body needs the log-format engine (issue 5)`);
  }
  let head = `HTTP/1.1 ${spec.status} ${reasonPhrase(spec.status)}\r\n`;
  for (const h of spec.headers) head += `${h.name.toLowerCase()}: ${h.value}\r\n`;
  head += `content-length: ${body.length}\r\n`;
  if (spec.contentType !== undefined) head += `content-type: ${spec.contentType}\r\n`;
  return { head, body };
}
