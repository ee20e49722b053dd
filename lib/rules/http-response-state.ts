/**
 * The HTTP response as `http-response` and `http-after-response` rules see
 * and change it (configuration manual 4.2): status, reason and header lines
 * start as the server (or tslb's own reply) sent them; header lines are
 * copied on the first change only.
 */
import type { HeaderField } from '../http/parser.js';

export class HttpResponseState {
  status: number;
  reason: string;
  #headers: readonly HeaderField[];
  #ownHeaders = false;
  readonly #originalStatus: number;

  constructor(status: number, reason: string, headers: readonly HeaderField[]) {
    this.status = status;
    this.reason = reason;
    this.#originalStatus = status;
    this.#headers = headers;
  }

  get headers(): readonly HeaderField[] {
    return this.#headers;
  }

  /** Header lines or the status were changed by a rule. */
  get changed(): boolean {
    return this.#ownHeaders || this.status !== this.#originalStatus;
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
