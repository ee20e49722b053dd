/**
 * The responses tslb generates itself, byte for byte as HAProxy 2.6 sends
 * them (verified against the real binary): status line, lower-case headers,
 * a small HTML body. 400 and 408 also close the connection. Each page is
 * rendered once into a Buffer; `errorfile` replaces a page with the raw
 * response read from a file at start-up.
 */
import { readFileSync } from 'node:fs';
import { responseHeadText } from './forward.js';
import { DEFAULT_HEAD_LIMITS, parseResponseHead } from './parser.js';

/** Status → [reason phrase, the sentence of the body]. */
const PAGES: Readonly<Record<number, readonly [string, string]>> = {
  200: ['OK', 'Service ready.'],
  400: ['Bad request', 'Your browser sent an invalid request.'],
  401: ['Unauthorized', 'You need a valid user and password to access this content.'],
  403: ['Forbidden', 'Request forbidden by administrative rules.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'A request was made of a resource using a request method not supported by that resource'],
  407: ['Unauthorized', 'You need a valid user and password to access this content.'],
  408: ['Request Time-out', "Your browser didn't send a complete request in time."],
  410: ['Gone', 'The resource is no longer available and will not be available again.'],
  413: ['Payload Too Large', 'The request entity exceeds the maximum allowed.'],
  425: ['Too Early', 'Your browser sent early data.'],
  429: ['Too Many Requests', 'You have sent too many requests in a given amount of time.'],
  500: ['Internal Server Error', 'An internal server error occurred.'],
  501: ['Not Implemented', '.The server does not support the functionality required to fulfill the request.'],
  502: ['Bad Gateway', 'The server returned an invalid or incomplete response.'],
  503: ['Service Unavailable', 'No server is available to handle this request.'],
  504: ['Gateway Time-out', "The server didn't respond in time."],
};

/** The statuses HAProxy has a built-in page for (and `errorfile` may replace). */
export const ERROR_STATUSES: readonly number[] = Object.keys(PAGES).map(Number);

/** Pages after which HAProxy closes the client connection. */
const CLOSING = new Set([400, 408]);

function render(status: number, closing: boolean): Buffer {
  const [reason, sentence] = PAGES[status] ?? [String(status), ''];
  const body = `<html><body><h1>${status} ${reason}</h1>\n${sentence}\n</body></html>\n`;
  const head =
    `HTTP/1.1 ${status} ${reason}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'cache-control: no-cache\r\n' +
    'content-type: text/html\r\n' +
    (closing ? 'connection: close\r\n' : '') +
    '\r\n';
  return Buffer.from(head + body, 'latin1');
}

const BUILT_IN: ReadonlyMap<number, Buffer> = new Map(ERROR_STATUSES.map((s) => [s, render(s, CLOSING.has(s))]));

/**
 * The 400 answered to a request that cannot be parsed at all, which HAProxy
 * writes before its HTTP layer exists, with capitalised header names.
 */
export const PARSER_400: Buffer = Buffer.from(
  'HTTP/1.1 400 Bad request\r\nContent-length: 90\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n' +
    '<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n',
  'latin1',
);

/**
 * The 408 for a first request whose head did not arrive in time: HAProxy
 * sends it before its HTTP layer exists, with capitalised header names, and
 * `errorfile 408` does not replace it (verified on 2.6.12).
 */
export const PARSER_408: Buffer = Buffer.from(
  'HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n' +
    "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n</body></html>\n",
  'latin1',
);

export interface ErrorPage {
  readonly bytes: Buffer;
  /** The connection must be closed after this page. */
  readonly close: boolean;
  /**
   * The page when the connection closes after it for another reason (the
   * client asked to close, a soft stop): HAProxy then adds `connection:
   * close` as the last header line (verified on 2.6.12).
   */
  readonly closing: Buffer;
}

const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');
const CONNECTION_CLOSE = Buffer.from('\r\nconnection: close', 'latin1');

/** `bytes` with a `connection: close` line at the end of its head, unless it closes already. */
function closingVariant(bytes: Buffer, closes: boolean): Buffer {
  const end = bytes.indexOf(END_OF_HEAD);
  if (closes || end < 0) return bytes;
  return Buffer.concat([bytes.subarray(0, end), CONNECTION_CLOSE, bytes.subarray(end)]);
}

function page(bytes: Buffer, close: boolean): ErrorPage {
  return { bytes, close, closing: closingVariant(bytes, close) };
}

const BUILT_IN_PAGES: ReadonlyMap<number, ErrorPage> = new Map([...BUILT_IN].map(([s, bytes]) => [s, page(bytes, CLOSING.has(s))]));

/** The built-in page for a status, if HAProxy has one. */
export function builtInPage(status: number): ErrorPage | undefined {
  return BUILT_IN_PAGES.get(status);
}

/**
 * An `errorfile`: HAProxy parses the response in it and sends it the way it
 * sends any response — header names lower-cased, hop-by-hop lines dropped —
 * and, when nothing says where the body ends, with `connection: close`,
 * closing after it (verified). A file that does not parse goes out as is.
 */
function errorFilePage(raw: Buffer, status: number): ErrorPage {
  const r = parseResponseHead(raw, 'GET', { maxHeadSize: Math.max(raw.length + 1, DEFAULT_HEAD_LIMITS.maxHeadSize), maxHeaders: DEFAULT_HEAD_LIMITS.maxHeaders });
  if (r.kind !== 'head') return page(raw, CLOSING.has(status) || /\r?\nconnection:\s*close\r?\n/i.test(raw.toString('latin1')));
  const head = r.head;
  const untilClose = head.body.kind === 'close';
  const close = untilClose || head.connection.includes('close') || CLOSING.has(status);
  const text = responseHeadText(head, untilClose || head.connection.includes('close') ? 'close' : undefined);
  return page(Buffer.concat([Buffer.from(text, 'latin1'), raw.subarray(head.headLength)]), close);
}

/**
 * The pages of one proxy: built-in ones, replaced by its `errorfile`s (read
 * once, at start-up; the file holds a complete raw HTTP response).
 */
export class ErrorPages {
  readonly #pages = new Map<number, ErrorPage>();
  readonly #files = new Map<number, Buffer>();

  constructor(errorFiles: readonly { readonly status: number; readonly kind: string; readonly value: string }[] = []) {
    for (const e of errorFiles) {
      if (e.kind !== 'file') continue;
      const raw = readFileSync(e.value);
      this.#files.set(e.status, raw);
      this.#pages.set(e.status, errorFilePage(raw, e.status));
    }
  }

  /** The `errorfile` of a status as written, which HAProxy sends unchanged in a few places (`monitor fail`). */
  file(status: number): Buffer | undefined {
    return this.#files.get(status);
  }

  get(status: number): ErrorPage {
    return this.#pages.get(status) ?? builtInPage(status) ?? (builtInPage(500) as ErrorPage);
  }
}
