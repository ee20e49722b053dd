/**
 * `capture request header`, `capture response header` and `capture cookie`
 * of a frontend (configuration manual 4.2): what the access log prints as
 * `%hr` / `%hs` (`{v1|v2}`) and `%CC` / `%CS`. A header capture keeps the
 * last occurrence of its header, cut to its length; a cookie capture keeps
 * the first cookie whose name begins with the configured name (ends with it
 * exactly when the name ends with '='), as `name=value`, cut to its length.
 */
import type { Capture } from '../config/model/proxy.js';
import type { HeaderField } from '../http/parser.js';

interface HeaderCapture {
  readonly lname: string;
  readonly len: number;
}

interface CookieCapture {
  readonly prefix: string;
  readonly exact: boolean;
  readonly len: number;
}

export class Captures {
  readonly #request: HeaderCapture[];
  readonly #response: HeaderCapture[];
  readonly #cookie: CookieCapture | undefined;

  constructor(captures: readonly Capture[]) {
    const headers = (kind: Capture['kind']): HeaderCapture[] => captures.filter((c) => c.kind === kind).map((c) => ({ lname: c.name.toLowerCase(), len: c.len }));
    this.#request = headers('request-header');
    this.#response = headers('response-header');
    const cookie = captures.find((c) => c.kind === 'cookie');
    this.#cookie = cookie && { prefix: cookie.name.endsWith('=') ? cookie.name.slice(0, -1) : cookie.name, exact: cookie.name.endsWith('='), len: cookie.len };
  }

  /** `%hr`: the request headers' values (undefined: absent), or undefined when none is captured. */
  requestHeaders(headers: readonly HeaderField[]): (string | undefined)[] | undefined {
    return this.#request.length === 0 ? undefined : this.#request.map((c) => last(headers, c.lname)?.slice(0, c.len));
  }

  /** `%hs`: the same for the response. */
  responseHeaders(headers: readonly HeaderField[]): (string | undefined)[] | undefined {
    return this.#response.length === 0 ? undefined : this.#response.map((c) => last(headers, c.lname)?.slice(0, c.len));
  }

  /** `%CC`: the cookie as the client sent it, from its Cookie lines. */
  requestCookie(headers: readonly HeaderField[]): string | undefined {
    const c = this.#cookie;
    if (!c) return undefined;
    for (const h of headers) {
      if (h.lname !== 'cookie') continue;
      for (const part of h.value.split(';')) {
        const found = this.#match(part.trim());
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /** `%CS`: the cookie as the server set it, from its Set-Cookie lines (the name=value pair). */
  responseCookie(headers: readonly HeaderField[]): string | undefined {
    if (!this.#cookie) return undefined;
    for (const h of headers) {
      if (h.lname !== 'set-cookie') continue;
      const semi = h.value.indexOf(';');
      const found = this.#match((semi < 0 ? h.value : h.value.slice(0, semi)).trim());
      if (found !== undefined) return found;
    }
    return undefined;
  }

  #match(pair: string): string | undefined {
    const c = this.#cookie as CookieCapture;
    const eq = pair.indexOf('=');
    if (eq < 0) return undefined;
    const name = pair.slice(0, eq);
    if (c.exact ? name !== c.prefix : !name.startsWith(c.prefix)) return undefined;
    return pair.slice(0, c.len);
  }
}

function last(headers: readonly HeaderField[], lname: string): string | undefined {
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i] as HeaderField;
    if (h.lname === lname) return h.value;
  }
  return undefined;
}
