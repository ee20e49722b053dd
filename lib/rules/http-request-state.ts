/**
 * The HTTP request as rules see and change it (configuration manual 4.2
 * "http-request"): method, target and header lines start as received and
 * are replaced by actions (`set-header`, `set-path`, `set-method` ...); the
 * session then forwards what is left. Header lines are copied on the first
 * change only, so requests that no rule touches cost nothing.
 *
 * The parts of the target fetches use (manual 7.3.6): `url` is the target
 * as written; `path` runs from its first slash (after the authority of an
 * absolute-form target) up to the question mark; `query` is what follows
 * the question mark.
 *
 * `stamp` identifies the request as it is: what was computed from it (an
 * ACL's answer, see acl/criterion-group.ts) can be kept for as long as
 * the stamp stays the same.
 */
import type { HeaderField, RequestHead } from '../http/parser.js';

/** The last stamp given (a number, not an object, so that keeping one costs no write barrier). */
let lastStamp = 0;

export class HttpRequestState {
  readonly head: RequestHead;
  #method: string;
  #target: string;
  #headers: readonly HeaderField[];
  #ownHeaders = false;
  #stamp = ++lastStamp;
  /** Offsets of the path in the target, computed on first use. */
  #pathStart = -1;
  #pathEnd = -1;
  /** The path, once asked for. */
  #path: string | undefined;

  constructor(head: RequestHead) {
    this.head = head;
    this.#method = head.method;
    this.#target = head.target;
    this.#headers = head.headers;
  }

  /**
   * A number no other request state has had, which changes with every
   * change of the method, the target or the header lines: equal stamps,
   * same request in the same state.
   */
  get stamp(): number {
    return this.#stamp;
  }

  get method(): string {
    return this.#method;
  }

  set method(m: string) {
    this.#method = m;
    this.#stamp = ++lastStamp;
  }

  get version(): string {
    return this.head.minor === 1 ? '1.1' : '1.0';
  }

  get target(): string {
    return this.#target;
  }

  set target(t: string) {
    this.#target = t;
    this.#pathStart = -1;
    this.#path = undefined;
    this.#stamp = ++lastStamp;
  }

  /** The target changed (the session forwards this one). */
  get targetChanged(): boolean {
    return this.#target !== this.head.target;
  }

  get headers(): readonly HeaderField[] {
    return this.#headers;
  }

  /** Header lines were changed by a rule. */
  get headersChanged(): boolean {
    return this.#ownHeaders;
  }

  /** The header lines, to be changed in place — right away: the change counts from this call (`stamp`). */
  editHeaders(): HeaderField[] {
    this.#stamp = ++lastStamp;
    if (!this.#ownHeaders) {
      this.#headers = [...this.#headers];
      this.#ownHeaders = true;
    }
    return this.#headers as HeaderField[];
  }

  #locate(): void {
    if (this.#pathStart >= 0) return;
    const t = this.#target;
    let start = 0;
    if (t.charCodeAt(0) !== 0x2f) {
      // Absolute form: the path begins at the first slash after "scheme://authority".
      const scheme = t.indexOf('://');
      const from = scheme >= 0 ? scheme + 3 : 0;
      const slash = t.indexOf('/', from);
      const q = t.indexOf('?', from);
      start = slash < 0 || (q >= 0 && q < slash) ? (q >= 0 ? q : t.length) : slash;
    }
    const q = t.indexOf('?', start);
    this.#pathStart = start;
    this.#pathEnd = q < 0 ? t.length : q;
  }

  /** The path (empty for an absolute-form target without one). */
  get path(): string {
    if (this.#path !== undefined) return this.#path;
    this.#locate();
    return (this.#path = this.#target.slice(this.#pathStart, this.#pathEnd));
  }

  /** The query string without its '?', or undefined when there is no '?'. */
  get query(): string | undefined {
    this.#locate();
    return this.#pathEnd < this.#target.length ? this.#target.slice(this.#pathEnd + 1) : undefined;
  }

  /** What precedes the path in the target ("" in origin form, "http://host" in absolute form). */
  get authorityPart(): string {
    this.#locate();
    return this.#target.slice(0, this.#pathStart);
  }

  /** Path and query ("pathq"): the target without scheme and authority. */
  get pathQuery(): string {
    this.#locate();
    return this.#target.slice(this.#pathStart);
  }

  /** A rule changed the method, the target or a header line. */
  get changed(): boolean {
    return this.#ownHeaders || this.#method !== this.head.method || this.#target !== this.head.target;
  }

  /** The request head as the rules left it (framing and connection tokens as received). */
  toHead(): RequestHead {
    return { ...this.head, method: this.#method, target: this.#target, headers: this.#headers, host: this.header('host') };
  }

  /** The first header line named `lname` (lower case). */
  header(lname: string): string | undefined {
    for (const h of this.#headers) if (h.lname === lname) return h.value;
    return undefined;
  }
}
