/**
 * Health-check settings of a backend: the kind (`option httpchk`,
 * `option tcp-check`, `mysql-check` ...), plus the http-check / tcp-check
 * rule lists (configuration manual 4.2 "http-check *", "tcp-check *").
 *
 * The rules are kept in declaration order, comments included; the check
 * runner applies HAProxy's implicit steps (a first `connect` when none
 * starts the list, a final `expect status 200-399` after a trailing http
 * `send`, comments attached to the rules after them).
 */
import type { LogFormat, Place, SampleExpr } from './common.js';

/** Check results an `expect` may report (manual 4.2 "http-check expect"). */
export type CheckOkStatus = 'L4OK' | 'L6OK' | 'L7OK' | 'L7OKC';
export type CheckErrorStatus = 'L4CON' | 'L6RSP' | 'L7RSP' | 'L7STS' | 'L7OKC';
export type CheckTimeoutStatus = 'L4TOUT' | 'L6TOUT' | 'L7TOUT';

/** Options every `expect` rule may carry. */
export interface ExpectOptions {
  /** `!` before the match. */
  readonly negate: boolean;
  /** `min-recv <n>`; -1 = ignored. */
  readonly minRecv?: number | undefined;
  readonly comment?: string | undefined;
  readonly okStatus?: CheckOkStatus | undefined;
  readonly errorStatus?: CheckErrorStatus | undefined;
  readonly toutStatus?: CheckTimeoutStatus | undefined;
  readonly onSuccess?: LogFormat | undefined;
  readonly onError?: LogFormat | undefined;
  /** `status-code <expr>`: the check code reported on completion. */
  readonly statusCode?: SampleExpr | undefined;
}

/** `-m <meth>` of a header match; regexes use 'reg'. */
export type HeaderMatch = 'str' | 'beg' | 'end' | 'sub' | 'reg';

/** A header name or value pattern of `expect hdr|fhdr`. */
export interface HeaderPattern {
  readonly pattern: string;
  readonly match: HeaderMatch;
  /** `name-lf` / `value-lf`: the pattern is a log-format string. */
  readonly logFormat: boolean;
}

export type HttpCheckExpect =
  /** Inclusive ranges; a single code is a range of one. */
  | { readonly kind: 'status'; readonly codes: readonly { readonly from: number; readonly to: number }[] }
  | { readonly kind: 'rstatus' | 'rstring'; readonly pattern: string }
  | { readonly kind: 'string'; readonly pattern: string }
  | { readonly kind: 'string-lf'; readonly format: LogFormat }
  /** `hdr` splits values on commas, `fhdr` matches the full line; no value = presence only. */
  | { readonly kind: 'hdr' | 'fhdr'; readonly name: HeaderPattern; readonly value?: HeaderPattern | undefined };

/** `http-check connect` / `tcp-check connect` (manual 4.2). */
export interface CheckConnectRule {
  readonly place: Place;
  readonly type: 'connect';
  /** `default`: take unset settings from the server line. */
  readonly default: boolean;
  /** A literal port (1..65535) or, with portExpr, a sample expression. */
  readonly port?: number | undefined;
  readonly portExpr?: SampleExpr | undefined;
  readonly addr?: string | undefined;
  readonly sendProxy: boolean;
  readonly ssl: boolean;
  readonly sni?: string | undefined;
  readonly alpn?: readonly string[] | undefined;
  readonly linger: boolean;
  /** http-check only: `proto h1|h2`. */
  readonly proto?: 'h1' | 'h2' | undefined;
  readonly comment?: string | undefined;
}

/** `set-var(<name>[,<cond>...]) <expr>` / `set-var-fmt(...) <fmt>` / `unset-var(<name>)`. */
export type CheckVarRule =
  | {
      readonly place: Place;
      readonly type: 'set-var';
      /** With its scope, e.g. 'check.port'. */
      readonly name: string;
      readonly conditions: readonly string[];
      /** A sample expression, or a log-format string when `format`. */
      readonly value: string;
      readonly format: boolean;
    }
  | { readonly place: Place; readonly type: 'unset-var'; readonly name: string };

export type HttpCheckRule =
  | {
      readonly place: Place;
      readonly type: 'send';
      readonly method?: string | undefined;
      /** The URI, a log-format string when uriLogFormat (`uri-lf`). */
      readonly uri?: string | undefined;
      readonly uriLogFormat: boolean;
      readonly version?: string | undefined;
      /** Header values are log-format strings. */
      readonly headers: readonly { readonly name: string; readonly value: LogFormat }[];
      /** The body, a log-format string when bodyLogFormat (`body-lf`). */
      readonly body?: string | undefined;
      readonly bodyLogFormat: boolean;
      readonly comment?: string | undefined;
    }
  | ({ readonly place: Place; readonly type: 'expect'; readonly expect: HttpCheckExpect } & ExpectOptions)
  | CheckConnectRule
  | CheckVarRule
  | { readonly place: Place; readonly type: 'comment'; readonly text: string };

export type TcpCheckExpectMatch = 'string' | 'rstring' | 'binary' | 'rbinary' | 'string-lf' | 'binary-lf';

export type TcpCheckRule =
  | CheckConnectRule
  /** `send` / `send-lf` (logFormat). */
  | { readonly place: Place; readonly type: 'send'; readonly data: string; readonly logFormat: boolean; readonly comment?: string | undefined }
  /** `send-binary` (hex digits) / `send-binary-lf` (a log-format string producing hex). */
  | { readonly place: Place; readonly type: 'send-binary'; readonly hex: string; readonly logFormat: boolean; readonly comment?: string | undefined }
  | ({
      readonly place: Place;
      readonly type: 'expect';
      readonly match: TcpCheckExpectMatch;
      /** Text, a regex, hex digits or a log-format string, by match. */
      readonly pattern: string;
    } & ExpectOptions)
  | CheckVarRule
  | { readonly place: Place; readonly type: 'comment'; readonly text: string };

/** Which protocol the active checks speak. */
export type CheckKind =
  | { readonly kind: 'tcp' }
  | { readonly kind: 'http'; readonly method: string; readonly uri: string; readonly version: string; readonly extraHeaders?: string | undefined }
  | { readonly kind: 'tcp-check' }
  | { readonly kind: 'redis' }
  | { readonly kind: 'mysql'; readonly user?: string | undefined; readonly variant: 'pre-41' | 'post-41' | 'post-80' }
  | { readonly kind: 'pgsql'; readonly user: string }
  | { readonly kind: 'smtp'; readonly hello: string; readonly domain: string }
  | { readonly kind: 'ssl-hello' }
  | { readonly kind: 'ldap' };

export interface CheckSettings {
  readonly kind: CheckKind;
  readonly httpRules: readonly HttpCheckRule[];
  readonly tcpRules: readonly TcpCheckRule[];
  /** `http-check disable-on-404`: a 404 puts the server in NOLB (drain) instead of DOWN. */
  readonly disableOn404?: boolean | undefined;
  /** `http-check send-state`: add X-Haproxy-Server-State to check requests. */
  readonly sendState?: boolean | undefined;
}
