/**
 * `cookie <name> ...` persistence (configuration manual 4.2 "cookie").
 * Dynamic cookies (`dynamic`, `dynamic-cookie-key`) are not supported.
 */

export interface Cookie {
  readonly name: string;
  /**
   * 'passive' when no mode keyword is given: the cookie is only read from
   * requests to pick the server (the application sets it); responses are
   * never changed [verified on 2.6.12].
   */
  readonly mode: 'insert' | 'rewrite' | 'prefix' | 'passive';
  readonly indirect: boolean;
  readonly nocache: boolean;
  readonly postonly: boolean;
  readonly preserve: boolean;
  readonly httponly: boolean;
  readonly secure: boolean;
  /** `domain` values in order, each sent as its own "; domain=" attribute. */
  readonly domains: readonly string[];
  /** ms (the configuration's default unit is the second); 0 = not set. */
  readonly maxidle: number;
  readonly maxlife: number;
  /** `attr` values appended as "; <attr>". */
  readonly attrs: readonly string[];
}
