/**
 * HTTP Basic authentication as HAProxy 2.6 reads and asks for it: the
 * credentials behind `http_auth`, `http_auth_group`, `http_auth_user` and
 * `http_auth_pass` (configuration manual 7.3.6), and the challenge of
 * `http-request auth [realm <realm>]` (4.2). Every rule below was checked
 * against HAProxy 2.6.12 (test/auth/haproxy.test.ts).
 *
 * Reading `Authorization` (the value of its first occurrence; HAProxy looks
 * at no other, even when the first holds nothing):
 *
 *   "Basic  YWxpY2U6c2VjcmV0 , Bearer x"
 *    └─┬─┘  └──────┬───────┘ └── only the first comma-separated element counts
 *      │           └── strict base64: length a multiple of 4, '=' only as 1 to 3
 *      │               final pads, leftover bits ignored; may follow several spaces
 *      └── any case-insensitive prefix of "Basic" ("b", "BAS"), then one space
 *
 * The decoded bytes end at the first NUL byte; the user is what precedes the
 * first ':' (no ':' before the end means no credentials), the password what
 * follows it. User and password are byte strings: one character per byte.
 */

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

const SCHEME = 'basic';
/** Whole quads, then an optional last quad of 3, 2 or 1 characters padded with '='. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]===)?$/;
/** Optional whitespace around a list element (RFC 9110 5.6.1). */
const OWS = /^[ \t]+|[ \t]+$/g;

/** The credentials of an `Authorization` value, or undefined when HAProxy finds none. */
export function parseBasicAuthorization(value: string): BasicCredentials | undefined {
  const comma = value.indexOf(',');
  const element = (comma < 0 ? value : value.slice(0, comma)).replace(OWS, '');
  const space = element.indexOf(' ');
  if (space <= 0 || space > SCHEME.length || !SCHEME.startsWith(element.slice(0, space).toLowerCase())) return undefined;
  let start = space + 1;
  while (element.charCodeAt(start) === 0x20) start++;
  const encoded = element.slice(start);
  if (!BASE64.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  const nul = decoded.indexOf('\0');
  const text = nul < 0 ? decoded : decoded.slice(0, nul);
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * The `www-authenticate` value a 401 of `http-request auth` carries:
 * `Basic realm="<realm>"`, the realm written as configured (no escaping, as
 * HAProxy does) and, without `realm`, the name of the proxy holding the rule.
 * The result is a byte string, like every header value.
 */
export function basicChallenge(realm: string | undefined, proxyName: string): string {
  return Buffer.from(`Basic realm="${realm ?? proxyName}"`, 'utf8').toString('latin1');
}
