/**
 * Built-in settings: what a `defaults` section resets everything to, and so
 * what a proxy has when nothing is configured (HAProxy 2.6 values; see
 * include/haproxy/defaults.h and the configuration manual).
 */
import type { Draft } from './draft.js';
import type { Place } from './model/common.js';
import type { Global } from './model/global.js';
import type { Proxy, ProxyFlags, ProxyKind } from './model/proxy.js';
import type { ServerParams } from './model/server.js';

/** HAProxy's DEF_CHKINTR, DEF_FALLTIME, DEF_RISETIME, CONN_RETRIES. */
export const DEFAULT_INTER = 2000;
export const DEFAULT_FALL = 3;
export const DEFAULT_RISE = 2;
export const DEFAULT_RETRIES = 3;

export function builtinServerParams(): Draft<ServerParams> {
  return {
    weight: 1,
    check: false,
    inter: DEFAULT_INTER,
    fall: DEFAULT_FALL,
    rise: DEFAULT_RISE,
    backup: false,
    maxconn: 0,
    minconn: 0,
    maxqueue: 0,
    slowstart: 0,
    disabled: false,
    checkSsl: false,
    checkSendProxy: false,
    agent: { enabled: false },
    sendProxy: 'none',
    ssl: false,
    errorLimit: 10,
    initAddr: ['last', 'libc'],
  };
}

export function builtinFlags(): Draft<ProxyFlags> {
  return {
    dontlognull: false,
    redispatch: false,
    allbackups: false,
    persist: false,
    abortonclose: false,
    logHealthChecks: false,
    socketStats: false,
  };
}

/** A proxy with HAProxy's built-in settings. */
export function builtinProxy(kind: ProxyKind, name: string, place: Place): Draft<Proxy> {
  return {
    kind,
    name,
    place: { ...place },
    disabled: false,
    mode: 'tcp',
    maxconn: 0,
    fullconn: 0,
    binds: [],
    timeouts: {},
    flags: builtinFlags(),
    httpConnectionMode: 'keep-alive',
    logs: [],
    logFormat: { kind: 'default' },
    balance: { kind: 'roundrobin' },
    hashType: { method: 'map-based', function: 'sdbm', avalanche: false },
    hashBalanceFactor: 0,
    defaultServer: builtinServerParams(),
    servers: [],
    check: { kind: { kind: 'tcp' }, httpRules: [], tcpRules: [] },
    retries: { count: DEFAULT_RETRIES, on: ['conn-failure'], redispatchInterval: -1 },
    httpReuse: 'safe',
    acls: [],
    rules: {
      httpRequest: [],
      httpResponse: [],
      httpAfterResponse: [],
      tcpRequestConnection: [],
      tcpRequestSession: [],
      tcpRequestContent: [],
      tcpResponseContent: [],
      redirect: [],
    },
    useBackends: [],
    useServers: [],
    stickRules: [],
    stats: {
      enabled: false,
      uri: '/haproxy?stats',
      realm: 'HAProxy Statistics',
      auth: [],
      refresh: 0,
      hideVersion: false,
      scope: [],
      showLegends: false,
      admin: [],
      httpRequest: [],
    },
    captures: [],
    errorFiles: [],
    monitor: { fail: [] },
    rateLimitSessions: 0,
    maxKeepAliveQueue: -1,
    forcePersist: [],
    ignorePersist: [],
    places: {},
  };
}

/**
 * A new proxy (or defaults section) built from a defaults section, as HAProxy
 * does: every setting is copied, except what belongs to one proxy only
 * (listeners, servers, ACLs, rules, switching rules, tables, captures, ids).
 * Rules and ACLs of a named defaults section stay in that section; the
 * runtime evaluates them first, through `from`.
 */
export function inheritProxy(from: Readonly<Draft<Proxy>>, kind: ProxyKind, name: string, place: Place): Draft<Proxy> {
  const p = structuredClone(from) as Draft<Proxy>;
  p.kind = kind;
  p.name = name;
  p.place = { ...place };
  p.from = from.kind === 'defaults' ? from.name : undefined;
  delete p.id;
  delete p.description;
  p.binds = [];
  p.servers = [];
  p.acls = [];
  p.rules = builtinProxy(kind, name, place).rules;
  p.useBackends = [];
  p.useServers = [];
  delete p.stickTable;
  p.stickRules = [];
  p.captures = [];
  p.monitor.fail = [];
  p.forcePersist = [];
  p.ignorePersist = [];
  p.stats.admin = [];
  p.stats.httpRequest = [];
  return p;
}

export function builtinGlobal(): Draft<Global> {
  return {
    logs: [],
    statsSockets: [],
    statsTimeout: 10_000,
    statsMaxconn: 10,
    nbthread: 1,
    tune: { bufsize: 16384, maxrewrite: 1024, httpMaxhdr: 101, httpCookielen: 0, httpLogurilen: 1024 },
    spreadChecks: 0,
    sslDefaultBindOptions: [],
    sslDefaultServerOptions: [],
    sslServerVerify: 'required',
    h1CaseAdjust: [],
    strictLimits: false,
  };
}
