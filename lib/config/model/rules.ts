/**
 * Rule sets: http-request, http-response, http-after-response, tcp-request
 * connection/session/content, tcp-response content (configuration manual
 * 4.2), and the legacy `redirect` keyword. Each rule is an action plus an
 * optional condition; actions are a discriminated union on `type`.
 */
import type { Condition, LogFormat, Place, SampleExpr } from './common.js';

/**
 * What `http-request return`, `deny` and `tarpit` (and `http-response deny` /
 * `return`) send (configuration manual "http-request return"). No `body`
 * means an empty body; a bare `deny` or `tarpit` gets HAProxy's implied
 * `default-errorfiles` body, the proxy's error page for the status.
 * `headers` never holds content-length or content-type, which HAProxy ignores.
 */
export interface ReturnSpec {
  readonly status: number;
  readonly contentType?: string | undefined;
  readonly body?:
    | { readonly kind: 'string' | 'lf-string'; readonly value: string }
    | { readonly kind: 'file' | 'lf-file' | 'errorfile'; readonly path: string }
    | { readonly kind: 'errorfiles'; readonly name: string }
    | { readonly kind: 'default-errorfiles' }
    | undefined;
  readonly headers: readonly { readonly name: string; readonly value: LogFormat }[];
}

export interface Redirect {
  readonly kind: 'location' | 'prefix' | 'scheme';
  readonly value: LogFormat;
  /** 301, 302 (default), 303, 307 or 308. */
  readonly code: number;
  readonly dropQuery: boolean;
  readonly appendSlash: boolean;
  /** `ignore-empty`: do nothing when the location/prefix/scheme format evaluates to an empty string. */
  readonly ignoreEmpty: boolean;
  readonly setCookie?: string | undefined;
  readonly clearCookie?: string | undefined;
}

export type VarScope = 'proc' | 'sess' | 'txn' | 'req' | 'res' | 'check';

/** Conditions of `set-var(<name>,<cond>...)` (configuration manual 7.3.1 "set-var"). */
export type SetVarCondition = 'ifexists' | 'ifnotexists' | 'ifempty' | 'ifnotempty' | 'ifset' | 'ifnotset' | 'ifgt' | 'iflt';

export type Action =
  | { readonly type: 'allow' }
  /** tcp-request / tcp-response `accept`: stop this rule set and let the connection or data through. */
  | { readonly type: 'accept' }
  | { readonly type: 'deny'; readonly response: ReturnSpec }
  | { readonly type: 'tarpit'; readonly response: ReturnSpec }
  | { readonly type: 'reject' }
  | { readonly type: 'silent-drop' }
  | { readonly type: 'auth'; readonly realm?: string | undefined }
  | { readonly type: 'redirect'; readonly redirect: Redirect }
  | { readonly type: 'return'; readonly response: ReturnSpec }
  | { readonly type: 'set-header' | 'add-header'; readonly name: string; readonly value: LogFormat }
  | { readonly type: 'del-header'; readonly name: string; readonly match: 'str' | 'beg' | 'end' | 'sub' | 'reg' }
  | {
      readonly type: 'replace-header' | 'replace-value';
      readonly name: string;
      readonly regex: string;
      readonly replacement: LogFormat;
    }
  | {
      readonly type: 'set-path' | 'set-pathq' | 'set-query' | 'set-uri' | 'set-method';
      readonly value: LogFormat;
    }
  | { readonly type: 'replace-path' | 'replace-pathq' | 'replace-uri'; readonly regex: string; readonly replacement: LogFormat }
  | { readonly type: 'set-status'; readonly status: number; readonly reason?: string | undefined }
  | {
      readonly type: 'set-var';
      readonly scope: VarScope;
      readonly name: string;
      readonly conditions: readonly SetVarCondition[];
      readonly expr: SampleExpr;
    }
  | {
      readonly type: 'set-var-fmt';
      readonly scope: VarScope;
      readonly name: string;
      readonly conditions: readonly SetVarCondition[];
      readonly format: LogFormat;
    }
  | { readonly type: 'unset-var'; readonly scope: VarScope; readonly name: string }
  | { readonly type: 'set-src'; readonly expr: SampleExpr }
  | { readonly type: 'track-sc'; readonly slot: number; readonly key: SampleExpr; readonly table?: string | undefined }
  | { readonly type: 'sc-inc-gpc0' | 'sc-inc-gpc1'; readonly slot: number }
  | { readonly type: 'capture'; readonly expr: SampleExpr; readonly len?: number | undefined; readonly id?: number | undefined }
  | { readonly type: 'set-log-level'; readonly level: string }
  | { readonly type: 'use-service'; readonly service: string }
  | { readonly type: 'expect-proxy' }
  /** `proto h1|h2` forces the HTTP multiplexer instead of detecting it. */
  | { readonly type: 'switch-mode'; readonly mode: 'http'; readonly proto?: 'h1' | 'h2' | undefined };

export type ActionType = Action['type'];

export interface Rule {
  readonly place: Place;
  readonly action: Action;
  readonly cond?: Condition | undefined;
}

export interface RuleSets {
  readonly httpRequest: readonly Rule[];
  readonly httpResponse: readonly Rule[];
  readonly httpAfterResponse: readonly Rule[];
  readonly tcpRequestConnection: readonly Rule[];
  readonly tcpRequestSession: readonly Rule[];
  readonly tcpRequestContent: readonly Rule[];
  readonly tcpResponseContent: readonly Rule[];
  /**
   * The legacy `redirect` keyword (configuration manual 4.2 "redirect"):
   * same actions as `http-request redirect`, but HAProxy runs them after
   * every http-request rule, whatever the order in the file. Absent when
   * the proxy has none.
   */
  readonly redirect: readonly Rule[];
}

export interface Acl {
  readonly place: Place;
  readonly name: string;
  readonly criterion: import('./common.js').AclCriterion;
}

export interface UseBackend {
  readonly place: Place;
  /** A backend name, or a log-format expression (`%[...]`) resolved per request. */
  readonly backend: string;
  readonly dynamic: boolean;
  readonly cond?: Condition | undefined;
}

export interface UseServer {
  readonly place: Place;
  readonly server: string;
  readonly cond?: Condition | undefined;
}
