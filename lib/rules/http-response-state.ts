/**
 * The HTTP response as `http-response` and `http-after-response` rules see
 * and change it (configuration manual 4.2): status, reason and header lines
 * start as the server (or tslb's own reply) sent them; header lines are
 * copied on the first change only.
 */
import type { ResponseEdit } from '../http/forward.js';
import type { HeaderField } from '../http/parser.js';

/** `name: value` lines separated by CRLF (tslb's own heads: no folding, no bare LF) → header lines. */
function parseLines(text: string, from: number, out: HeaderField[]): void {
  for (let i = from; i < text.length; ) {
    let end = text.indexOf('\r\n', i);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', i);
    if (colon > i && colon < end) {
      const name = text.slice(i, colon);
      out.push({ name, lname: name.toLowerCase(), value: text.slice(colon + 1, end).trim() });
    }
    i = end + 2;
  }
}

export class HttpResponseState {
  status: number;
  reason: string;
  #headers: readonly HeaderField[];
  #ownHeaders = false;
  readonly #originalStatus: number;
  readonly #originalReason: string;

  constructor(status: number, reason: string, headers: readonly HeaderField[]) {
    this.status = status;
    this.reason = reason;
    this.#originalStatus = status;
    this.#originalReason = reason;
    this.#headers = headers;
  }

  /** A reply tslb generated (deny, return, redirect, an error page), from its head: status line and header lines, no final CRLF needed. */
  static fromHead(head: string): HttpResponseState {
    const eol = head.indexOf('\r\n');
    const line = eol < 0 ? head : head.slice(0, eol);
    const sp1 = line.indexOf(' ');
    const sp2 = line.indexOf(' ', sp1 + 1);
    const headers: HeaderField[] = [];
    if (eol >= 0) parseLines(head, eol + 2, headers);
    return new HttpResponseState(Number(line.slice(sp1 + 1, sp2 < 0 ? undefined : sp2)), sp2 < 0 ? '' : line.slice(sp2 + 1), headers);
  }

  /** The status line and header lines as tslb sends them (names in lower case), each ended by CRLF, without the empty line. */
  headText(): string {
    let out = `HTTP/1.1 ${this.status} ${this.reason}\r\n`;
    for (const h of this.#headers) out += `${h.lname}: ${h.value}\r\n`;
    return out;
  }

  /** Folds cookie persistence's changes in (its lines instead of these, its extra lines appended), so that http-after-response rules see them. */
  apply(edit: ResponseEdit): void {
    if (edit.headers) {
      this.#headers = [...edit.headers];
      this.#ownHeaders = true;
    }
    if (edit.extra) parseLines(edit.extra, 0, this.editHeaders());
  }

  get headers(): readonly HeaderField[] {
    return this.#headers;
  }

  /** Header lines or the status line were changed by a rule. */
  get changed(): boolean {
    return this.#ownHeaders || this.status !== this.#originalStatus || this.reason !== this.#originalReason;
  }

  /** The header lines, to be changed in place. */
  editHeaders(): HeaderField[] {
    if (!this.#ownHeaders) {
      this.#headers = [...this.#headers];
      this.#ownHeaders = true;
    }
    return this.#headers as HeaderField[];
  }
}
