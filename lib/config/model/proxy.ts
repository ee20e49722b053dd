/**
 * Proxies: frontend, backend, listen and defaults sections (configuration
 * manual 4). A defaults section is a Proxy of kind 'defaults' too: a new
 * proxy starts as a copy of its defaults, exactly as in HAProxy.
 */
import type { Condition, LogFormat, Mode, Place } from './common.js';
import type { Balance, HashType } from './balance.js';
import type { Bind } from './bind.js';
import type { CheckSettings } from './checks.js';
import type { Cookie } from './cookie.js';
import type { LogTarget } from './log.js';
import type { Acl, RuleSets, UseBackend, UseServer } from './rules.js';
import type { Server, ServerParams } from './server.js';
import type { StickRule, StickTable } from './stick.js';

export type ProxyKind = 'defaults' | 'frontend' | 'backend' | 'listen';

/** Every `timeout` of a proxy, in ms; undefined when not set. */
export interface Timeouts {
  readonly client?: number | undefined;
  readonly clientFin?: number | undefined;
  readonly connect?: number | undefined;
  readonly server?: number | undefined;
  readonly serverFin?: number | undefined;
  readonly httpRequest?: number | undefined;
  readonly httpKeepAlive?: number | undefined;
  readonly queue?: number | undefined;
  readonly tunnel?: number | undefined;
  readonly tarpit?: number | undefined;
  readonly check?: number | undefined;
}

/** `option forwardfor [except <net>] [header <name>] [if-none]`. */
export interface ForwardFor {
  readonly except?: string | undefined;
  readonly header: string;
  readonly ifNone: boolean;
}

/** `option httplog [clf]` / `option tcplog` / `log-format`. */
export type LogFormatChoice =
  | { readonly kind: 'default' }
  | { readonly kind: 'httplog'; readonly clf: boolean }
  | { readonly kind: 'tcplog' }
  | { readonly kind: 'custom'; readonly format: LogFormat };

/** The boolean `option`s tslb carries; `no option x` sets false. */
export interface ProxyFlags {
  readonly dontlognull: boolean;
  readonly redispatch: boolean;
  readonly allbackups: boolean;
  readonly persist: boolean;
  readonly abortonclose: boolean;
  readonly logHealthChecks: boolean;
  /** Per-listener stats rows and metrics. */
  readonly socketStats: boolean;
}

/** The HTTP connection mode chosen by http-keep-alive / http-server-close / httpclose. */
export type HttpConnectionMode = 'keep-alive' | 'server-close' | 'close';

export interface StatsAuth {
  readonly user: string;
  readonly password: string;
}

/** `stats ...` keywords of a proxy (configuration manual 4.2 "stats"). */
export interface Stats {
  readonly enabled: boolean;
  readonly uri: string;
  readonly realm: string;
  readonly auth: readonly StatsAuth[];
  /** ms; 0 = no refresh. */
  readonly refresh: number;
  readonly hideVersion: boolean;
  readonly scope: readonly string[];
  readonly showLegends: boolean;
  readonly showDesc?: string | undefined;
  readonly showNode?: string | undefined;
  readonly admin: readonly Condition[];
  readonly httpRequest: readonly import('./rules.js').Rule[];
}

export interface Capture {
  readonly place: Place;
  readonly kind: 'request-header' | 'response-header' | 'cookie';
  readonly name: string;
  readonly len: number;
}

export interface ErrorFile {
  readonly place: Place;
  readonly status: number;
  readonly kind: 'file' | 'location-302' | 'location-303' | 'http-errors';
  /** A file path (errorfile), a URL (errorloc) or an http-errors section name (errorfiles). */
  readonly value: string;
}

export interface Retries {
  readonly count: number;
  /** `retry-on` keywords; default ['conn-failure']. */
  readonly on: readonly string[];
  /** `option redispatch [<interval>]`: -1 = last retry only (default), 0 = never, N = every Nth. */
  readonly redispatchInterval: number;
}

export interface Monitor {
  readonly uri?: string | undefined;
  readonly fail: readonly Condition[];
}

export interface Proxy {
  readonly kind: ProxyKind;
  /** '' for an anonymous defaults section. */
  readonly name: string;
  readonly place: Place;
  /** The defaults section this one was built from ('' = anonymous, undefined = none). */
  readonly from?: string | undefined;
  /** Explicit `id`, else undefined (the runtime numbers proxies in declaration order). */
  readonly id?: number | undefined;
  readonly description?: string | undefined;
  readonly disabled: boolean;
  readonly mode: Mode;
  /** Frontend connection limit; 0 = use the global maxconn. */
  readonly maxconn: number;
  readonly backlog?: number | undefined;
  readonly fullconn: number;
  readonly binds: readonly Bind[];
  readonly timeouts: Timeouts;
  readonly flags: ProxyFlags;
  readonly httpConnectionMode: HttpConnectionMode;
  readonly forwardFor?: ForwardFor | undefined;
  readonly logs: readonly LogTarget[];
  readonly logFormat: LogFormatChoice;
  readonly errorLogFormat?: LogFormat | undefined;
  readonly logTag?: string | undefined;
  readonly uniqueIdFormat?: LogFormat | undefined;
  readonly uniqueIdHeader?: string | undefined;
  readonly balance: Balance;
  readonly hashType: HashType;
  readonly hashBalanceFactor: number;
  readonly cookie?: Cookie | undefined;
  readonly defaultServer: ServerParams;
  readonly servers: readonly Server[];
  readonly check: CheckSettings;
  readonly retries: Retries;
  readonly httpReuse: 'never' | 'safe' | 'aggressive' | 'always';
  readonly acls: readonly Acl[];
  readonly rules: RuleSets;
  readonly inspectDelay?: number | undefined;
  readonly responseInspectDelay?: number | undefined;
  readonly useBackends: readonly UseBackend[];
  readonly defaultBackend?: string | undefined;
  readonly useServers: readonly UseServer[];
  readonly stickTable?: StickTable | undefined;
  readonly stickRules: readonly StickRule[];
  readonly stats: Stats;
  readonly captures: readonly Capture[];
  readonly errorFiles: readonly ErrorFile[];
  readonly monitor: Monitor;
  readonly rateLimitSessions: number;
  readonly maxKeepAliveQueue: number;
  readonly forcePersist: readonly Condition[];
  readonly ignorePersist: readonly Condition[];
  readonly httpSendNameHeader?: string | undefined;
  /**
   * Where each keyword was last set ('cookie', 'balance', 'option forwardfor'
   * ...), possibly in the defaults section the proxy inherited it from: for
   * messages that point at the statement concerned.
   */
  readonly places: Readonly<Record<string, Place>>;
}

/** Has a frontend side (accepts connections)? */
export function hasFrontend(kind: ProxyKind): boolean {
  return kind === 'frontend' || kind === 'listen';
}

/** Has a backend side (has servers)? */
export function hasBackend(kind: ProxyKind): boolean {
  return kind === 'backend' || kind === 'listen';
}
