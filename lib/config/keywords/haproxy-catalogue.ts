/**
 * HAProxy 2.6 keyword catalogue: the facts tslb's configuration parser needs to
 * tell "a keyword HAProxy 2.6 knows" (which tslb may still refuse as
 * unsupported) from "a word HAProxy does not know" (a typo: report it as an
 * unknown keyword, with a did-you-mean hint drawn from these lists).
 *
 * Sources (compiled 2026-11-22):
 *   - HAProxy 2.6.12 configuration manual: section 3 (global, 3.1-3.3 and the
 *     3.4-3.10 sections), 4.1 (proxy keyword matrix), 4.2 (keyword reference),
 *     5.1 / 5.2 (bind / server options), 5.3.2 (resolvers), 6.2.1 (cache),
 *     10.1.1 (fcgi-app).
 *   - The installed haproxy 2.6.12 binary (Debian build 2.6.12-1+deb12u4, with
 *     OpenSSL, Lua, PCRE2, SLZ, OT, PROMEX; without QUIC, ZLIB, ENGINE,
 *     51DEGREES, DEVICEATLAS, WURFL, MEMORY_PROFILING): its keyword dumps
 *     (-dKcfg, -dKsmp, -dKcnv, -dKacl, -dKflt, -dKsvc) and `haproxy -c` probes
 *     of every keyword/option/action, whose error messages list the valid words.
 *
 * Everything here is plain data written in tslb's own words; the syntax strings
 * are short summaries, not HAProxy documentation. Entries carrying `requires`
 * are documented 2.6 keywords that only exist when HAProxy is built with that
 * feature (the reference binary lacks them and calls them unknown).
 *
 * Matching notes gathered while probing the binary:
 *   - Proxy/global lines may start with `no` (negatable entries only) or
 *     `default`; HAProxy 2.6.12 rejects `default option <flag>` with "cannot
 *     handle unexpected argument" for every option that checks its argument
 *     count (only `option redispatch` survives it).
 *   - Rule actions written `name(...)` are matched on the part before '('.
 *     `track-sc` without digit is accepted as `track-sc0`; track-sc3+ is
 *     rejected (MAX_SESS_STKCTR = 3). `sc-inc-gpc0`, `sc-inc-gpc1`,
 *     `sc-set-gpt0`, `add-acl`, `del-acl`, `set-map`, `del-map` accept the bare
 *     form; `set-var`, `set-var-fmt`, `unset-var`, `do-resolve`, `sc-inc-gpc`,
 *     `sc-set-gpt` require the parenthesis.
 *   - Words starting with `lua.` are registered at run time by Lua scripts
 *     (actions, sample fetches, converters, services); see DYNAMIC_PREFIXES.
 */

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/** Build option a documented keyword depends on (absent from some builds). */
export type BuildFeature =
  | 'QUIC'
  | 'ZLIB'
  | 'ENGINE'
  | 'MEMORY_PROFILING'
  | '51DEGREES'
  | 'DEVICEATLAS'
  | 'WURFL'
  | 'OT'
  | 'PROMEX';

export interface GlobalKeyword {
  /** Keyword as written; multi-word keywords use one space (`stats socket`). */
  readonly name: string;
  /** Short argument synopsis in tslb's wording; 'none' for flags. */
  readonly args: string;
  /** Accepts the `no` prefix. */
  readonly negatable?: boolean;
  readonly deprecated?: boolean;
  /** Must be unlocked with `expose-experimental-directives`. */
  readonly experimental?: boolean;
  /** Accepted by the binary but not described in the manual. */
  readonly undocumented?: boolean;
  readonly requires?: BuildFeature;
}

/** Where a proxy keyword may appear in `defaults`: any, named only, or never. */
export type DefaultsSupport = 'yes' | 'named' | 'no';

export interface ProxyKeyword {
  /** Keyword as written; multi-word keywords use one space (`timeout client`). */
  readonly name: string;
  readonly defaults: DefaultsSupport;
  readonly frontend: boolean;
  readonly listen: boolean;
  readonly backend: boolean;
  /** Marked (*) in the matrix: accepts `no` (and in principle `default`). */
  readonly negatable: boolean;
  readonly deprecated?: boolean;
  /** Documented in 4.2 or accepted by the binary but missing from the 4.1 matrix. */
  readonly notInMatrix?: boolean;
}

/** A keyword HAProxy 2.6 still recognises only to reject it with a pointer. */
export interface RemovedKeyword {
  readonly name: string;
  /** First version that rejects it, when HAProxy's message states it. */
  readonly since?: string;
  /** What HAProxy suggests instead. */
  readonly replacement?: string;
}

export interface OptionWithArgs {
  /** Option name without the leading `option`. */
  readonly name: string;
  readonly syntax: string;
  /** The option refuses to be used without arguments. */
  readonly argsRequired: boolean;
}

export interface BindOption {
  readonly name: string;
  /** Number of words consumed after the option name. */
  readonly args: number;
  readonly deprecated?: boolean;
  readonly requires?: BuildFeature;
}

export interface FollowerOption {
  readonly name: string;
  readonly args: number;
}

export interface ServerOption {
  readonly name: string;
  /** Number of words consumed after the option name (fixed part). */
  readonly args: number;
  /** A `no-<name>` spelling exists and is listed too. */
  readonly noPrefixed?: boolean;
  /** For `no-x` / `non-stick` spellings: the option they cancel. */
  readonly negates?: string;
  /** False when `default-server` refuses it. */
  readonly defaultServer?: boolean;
  /** Optional sub-keywords (each with its own arg count) that may follow. */
  readonly followers?: readonly FollowerOption[];
  /** Only valid right after this other option (an error on its own). */
  readonly onlyAfter?: string;
}

export interface ActionKeyword {
  /** Action name as matched (text before any '('). */
  readonly name: string;
  /** Takes a parenthesised argument glued to the name, e.g. `set-var(txn.x)`. */
  readonly paren: boolean;
  /** The parenthesis is mandatory (otherwise it is optional). */
  readonly parenRequired?: boolean;
  readonly requires?: BuildFeature;
}

export interface AclKeyword {
  readonly name: string;
  /** Sample fetch it is built on. */
  readonly fetch: string;
  /** Match method implied by the suffix. */
  readonly match: string;
}

export type SectionName = (typeof SECTION_NAMES)[number];

export type KeywordSection =
  | 'userlist'
  | 'peers'
  | 'resolvers'
  | 'mailers'
  | 'http-errors'
  | 'cache'
  | 'ring'
  | 'program'
  | 'log-forward'
  | 'fcgi-app'
  | 'namespace_list';


// ---------------------------------------------------------------------------
// Global section (manual 3.1-3.3)
// ---------------------------------------------------------------------------

/**
 * Every `global` keyword of 2.6. The `stats` family is listed by sub-keyword;
 * bare `stats <other>` is an error in HAProxy. `no` works only on entries
 * marked negatable (plus `no log`).
 */
export const GLOBAL_KEYWORDS: readonly GlobalKeyword[] = [
  { name: '51degrees-cache-size', args: '<entries>', requires: '51DEGREES' },
  { name: '51degrees-data-file', args: '<path>', requires: '51DEGREES' },
  { name: '51degrees-property-name-list', args: '[<property> ...]', requires: '51DEGREES' },
  { name: '51degrees-property-separator', args: '<char>', requires: '51DEGREES' },
  { name: 'busy-polling', args: 'none', negatable: true },
  { name: 'ca-base', args: '<dir>' },
  { name: 'chroot', args: '<dir>' },
  { name: 'close-spread-time', args: '<time>' },
  { name: 'cluster-secret', args: '<secret>' },
  { name: 'cpu-map', args: '[auto:]<group>[/<threads>] <cpu-set> ...' },
  { name: 'crt-base', args: '<dir>' },
  { name: 'daemon', args: 'none' },
  { name: 'default-path', args: 'current | config | parent | origin <path>' },
  { name: 'description', args: '<text ...>' },
  { name: 'deviceatlas-json-file', args: '<path>', requires: 'DEVICEATLAS' },
  { name: 'deviceatlas-log-level', args: '<level>', requires: 'DEVICEATLAS' },
  { name: 'deviceatlas-properties-cookie', args: '<name>', requires: 'DEVICEATLAS' },
  { name: 'deviceatlas-separator', args: '<char>', requires: 'DEVICEATLAS' },
  { name: 'expose-experimental-directives', args: 'none' },
  { name: 'external-check', args: 'none' },
  { name: 'fd-hard-limit', args: '<number>' },
  { name: 'gid', args: '<number>' },
  { name: 'grace', args: '<time>' },
  { name: 'group', args: '<name>' },
  { name: 'h1-accept-payload-with-any-method', args: 'none' },
  { name: 'h1-case-adjust', args: '<lowercase-name> <wanted-spelling>' },
  { name: 'h1-case-adjust-file', args: '<path>' },
  { name: 'h2-workaround-bogus-websocket-clients', args: 'none' },
  { name: 'hard-stop-after', args: '<time>' },
  { name: 'httpclient.resolvers.id', args: '<resolvers-section>' },
  { name: 'httpclient.resolvers.prefer', args: 'ipv4 | ipv6' },
  { name: 'httpclient.ssl.ca-file', args: '<path>' },
  { name: 'httpclient.ssl.verify', args: 'none | required' },
  { name: 'insecure-fork-wanted', args: 'none', negatable: true },
  { name: 'insecure-setuid-wanted', args: 'none' },
  { name: 'issuers-chain-path', args: '<dir>' },
  { name: 'localpeer', args: '<name>' },
  { name: 'log', args: '<target> [len <n>] [format <fmt>] [sample <ranges>:<size>] <facility> [<level> [<minlevel>]]', negatable: true },
  { name: 'log-send-hostname', args: '[<hostname>]' },
  { name: 'log-tag', args: '<tag>' },
  { name: 'lua-load', args: '<path>' },
  { name: 'lua-load-per-thread', args: '<path>' },
  { name: 'lua-prepend-path', args: '<pattern> [path | cpath]' },
  { name: 'master-worker', args: '[no-exit-on-failure]' },
  { name: 'max-spread-checks', args: '<time>' },
  { name: 'maxcompcpuusage', args: '<percent>' },
  { name: 'maxcomprate', args: '<kB-per-second>' },
  { name: 'maxconn', args: '<number>' },
  { name: 'maxconnrate', args: '<per-second>' },
  { name: 'maxpipes', args: '<number>' },
  { name: 'maxsessrate', args: '<per-second>' },
  { name: 'maxsslconn', args: '<number>' },
  { name: 'maxsslrate', args: '<per-second>' },
  { name: 'maxzlibmem', args: '<megabytes>' },
  { name: 'mworker-max-reloads', args: '<number>' },
  { name: 'nbthread', args: '<number>' },
  { name: 'no-memory-trimming', args: 'none' },
  { name: 'node', args: '<name>' },
  { name: 'noepoll', args: 'none' },
  { name: 'noevports', args: 'none' },
  { name: 'nogetaddrinfo', args: 'none' },
  { name: 'nokqueue', args: 'none' },
  { name: 'nopoll', args: 'none' },
  { name: 'noreuseport', args: 'none' },
  { name: 'nosplice', args: 'none' },
  { name: 'numa-cpu-mapping', args: 'none', negatable: true },
  { name: 'pidfile', args: '<path>' },
  { name: 'pp2-never-send-local', args: 'none' },
  { name: 'presetenv', args: '<name> <value>' },
  { name: 'profiling.memory', args: 'on | off', requires: 'MEMORY_PROFILING' },
  { name: 'profiling.tasks', args: 'auto | on | off' },
  { name: 'quiet', args: 'none' },
  { name: 'resetenv', args: '[<name> ...]' },
  { name: 'server-state-base', args: '<dir>' },
  { name: 'server-state-file', args: '<path>' },
  { name: 'set-dumpable', args: 'none', negatable: true },
  { name: 'set-var', args: '<proc.name> <sample-expr>' },
  { name: 'set-var-fmt', args: '<proc.name> <log-format>' },
  { name: 'setenv', args: '<name> <value>' },
  { name: 'spread-checks', args: '<percent 0..50>' },
  { name: 'ssl-default-bind-ciphers', args: '<cipher-list>' },
  { name: 'ssl-default-bind-ciphersuites', args: '<tls1.3-suites>' },
  { name: 'ssl-default-bind-curves', args: '<curve-list>' },
  { name: 'ssl-default-bind-options', args: '<option> ...' },
  { name: 'ssl-default-server-ciphers', args: '<cipher-list>' },
  { name: 'ssl-default-server-ciphersuites', args: '<tls1.3-suites>' },
  { name: 'ssl-default-server-options', args: '<option> ...' },
  { name: 'ssl-dh-param-file', args: '<path>' },
  { name: 'ssl-engine', args: '<name> [algo <list>]', requires: 'ENGINE' },
  { name: 'ssl-load-extra-del-ext', args: 'none' },
  { name: 'ssl-load-extra-files', args: 'none | all | <bundle|sctl|ocsp|issuer|key> ...' },
  { name: 'ssl-mode-async', args: 'none' },
  { name: 'ssl-propquery', args: '<query>' },
  { name: 'ssl-provider', args: '<name>' },
  { name: 'ssl-provider-path', args: '<dir>' },
  { name: 'ssl-server-verify', args: 'none | required' },
  { name: 'ssl-skip-self-issued-ca', args: 'none' },
  { name: 'stats bind-process', args: 'all | odd | even | <range> ...', deprecated: true },
  { name: 'stats maxconn', args: '<number>' },
  { name: 'stats socket', args: '<path | address:port> [<bind-option> ...]' },
  { name: 'stats timeout', args: '<time>' },
  { name: 'strict-limits', args: 'none', negatable: true },
  { name: 'thread-group', args: '<group> [<thread-range> ...]' },
  { name: 'thread-groups', args: '<number>' },
  { name: 'tune.buffers.limit', args: '<number>' },
  { name: 'tune.buffers.reserve', args: '<number>' },
  { name: 'tune.bufsize', args: '<bytes>' },
  { name: 'tune.comp.maxlevel', args: '<1..9>' },
  { name: 'tune.fail-alloc', args: '<percent>' },
  { name: 'tune.fd.edge-triggered', args: 'on | off', experimental: true },
  { name: 'tune.h2.header-table-size', args: '<bytes>' },
  { name: 'tune.h2.initial-window-size', args: '<bytes>' },
  { name: 'tune.h2.max-concurrent-streams', args: '<number>' },
  { name: 'tune.h2.max-frame-size', args: '<bytes>' },
  { name: 'tune.http.cookielen', args: '<length>' },
  { name: 'tune.http.logurilen', args: '<length>' },
  { name: 'tune.http.maxhdr', args: '<number>' },
  { name: 'tune.idle-pool.shared', args: 'on | off' },
  { name: 'tune.idletimer', args: '<time>' },
  { name: 'tune.listener.multi-queue', args: 'on | off' },
  { name: 'tune.lua.forced-yield', args: '<number>' },
  { name: 'tune.lua.maxmem', args: '<megabytes>' },
  { name: 'tune.lua.service-timeout', args: '<time>' },
  { name: 'tune.lua.session-timeout', args: '<time>' },
  { name: 'tune.lua.task-timeout', args: '<time>' },
  { name: 'tune.maxaccept', args: '<number>' },
  { name: 'tune.maxpollevents', args: '<number>' },
  { name: 'tune.maxrewrite', args: '<bytes>' },
  { name: 'tune.pattern.cache-size', args: '<entries>' },
  { name: 'tune.peers.max-updates-at-once', args: '<number>' },
  { name: 'tune.pipesize', args: '<bytes>' },
  { name: 'tune.pool-high-fd-ratio', args: '<percent>' },
  { name: 'tune.pool-low-fd-ratio', args: '<percent>' },
  { name: 'tune.quic.frontend.conn-tx-buffers.limit', args: '<number>', requires: 'QUIC' },
  { name: 'tune.quic.frontend.max-idle-timeout', args: '<time>', requires: 'QUIC' },
  { name: 'tune.quic.frontend.max-streams-bidi', args: '<number>', requires: 'QUIC' },
  { name: 'tune.quic.retry-threshold', args: '<number>', requires: 'QUIC' },
  { name: 'tune.rcvbuf.client', args: '<bytes>' },
  { name: 'tune.rcvbuf.server', args: '<bytes>' },
  { name: 'tune.recv_enough', args: '<bytes>' },
  { name: 'tune.runqueue-depth', args: '<number>' },
  { name: 'tune.sched.low-latency', args: 'on | off' },
  { name: 'tune.sndbuf.client', args: '<bytes>' },
  { name: 'tune.sndbuf.server', args: '<bytes>' },
  { name: 'tune.ssl.cachesize', args: '<entries>' },
  { name: 'tune.ssl.capture-buffer-size', args: '<bytes>' },
  { name: 'tune.ssl.capture-cipherlist-size', args: '<bytes>', deprecated: true },
  { name: 'tune.ssl.default-dh-param', args: '<bits>' },
  { name: 'tune.ssl.force-private-cache', args: 'none' },
  { name: 'tune.ssl.hard-maxrecord', args: '<bytes>' },
  { name: 'tune.ssl.keylog', args: 'on | off' },
  { name: 'tune.ssl.lifetime', args: '<time>' },
  { name: 'tune.ssl.maxrecord', args: '<bytes>' },
  { name: 'tune.ssl.ssl-ctx-cache-size', args: '<entries>' },
  { name: 'tune.vars.check-max-size', args: '<size>', undocumented: true },
  { name: 'tune.vars.global-max-size', args: '<size>' },
  { name: 'tune.vars.proc-max-size', args: '<size>' },
  { name: 'tune.vars.reqres-max-size', args: '<size>' },
  { name: 'tune.vars.sess-max-size', args: '<size>' },
  { name: 'tune.vars.txn-max-size', args: '<size>' },
  { name: 'tune.zlib.memlevel', args: '<1..9>', requires: 'ZLIB' },
  { name: 'tune.zlib.windowsize', args: '<8..15>', requires: 'ZLIB' },
  { name: 'uid', args: '<number>' },
  { name: 'ulimit-n', args: '<number>' },
  { name: 'unix-bind', args: '[prefix <p>] [mode <octal>] [user <u>] [uid <n>] [group <g>] [gid <n>]' },
  { name: 'unsetenv', args: '<name> ...' },
  { name: 'user', args: '<name>' },
  { name: 'wurfl-cache-size', args: '<entries>', requires: 'WURFL' },
  { name: 'wurfl-data-file', args: '<path>', requires: 'WURFL' },
  { name: 'wurfl-information-list', args: '<capability> ...', requires: 'WURFL' },
  { name: 'wurfl-information-list-separator', args: '<char>', requires: 'WURFL' },
  { name: 'wurfl-patch-file', args: '[<path>]', requires: 'WURFL' },
  { name: 'zero-warning', args: 'none' },
] as const;

/** Global keywords the 2.6 parser recognises only to refuse them. */
export const REMOVED_GLOBAL_KEYWORDS: readonly RemovedKeyword[] = [
  { name: 'nbproc', since: '2.5', replacement: 'nbthread' },
  { name: 'tune.chksize', replacement: 'tune.bufsize' },
] as const;

// ---------------------------------------------------------------------------
// Proxy sections (manual 4.1 matrix + 4.2)
// ---------------------------------------------------------------------------

/**
 * Proxy keyword matrix. `defaults: 'named'` = only in a named defaults section
 * (the manual's "(!)"). Section flags follow the manual. The binary is laxer
 * in places: it silently accepts `transparent`, `persist rdp-cookie` and
 * `external-check *` in a frontend and `unique-id-*` in a backend, and only
 * warns for `log-format`, `error-log-format`, `option httplog` in a backend.
 * Entries flagged `notInMatrix` take their section flags from 4.2 (or, for
 * `max-session-srv-conns`, from the binary's frontend-only checks); 4.2's
 * "listen: no" for `hash-balance-factor` is treated as a manual slip (the
 * binary accepts it in listen sections).
 */
export const PROXY_KEYWORDS: readonly ProxyKeyword[] = [
  { name: 'acl', defaults: 'named', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'backlog', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'balance', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'bind', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'bind-process', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false, deprecated: true },
  { name: 'capture cookie', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'capture request header', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'capture response header', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'clitcpka-cnt', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'clitcpka-idle', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'clitcpka-intvl', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'compression', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'cookie', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'declare capture', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'default-server', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'default_backend', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'description', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'disabled', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'dispatch', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'dynamic-cookie-key', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false, notInMatrix: true },
  { name: 'email-alert from', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'email-alert level', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'email-alert mailers', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'email-alert myhostname', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'email-alert to', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'enabled', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'error-log-format', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'errorfile', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'errorfiles', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'errorloc', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'errorloc302', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'errorloc303', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'external-check command', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'external-check path', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'filter', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'force-persist', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'fullconn', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'hash-balance-factor', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false, notInMatrix: true },
  { name: 'hash-type', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-after-response', defaults: 'named', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'http-check comment', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check connect', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check disable-on-404', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check expect', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check send', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check send-state', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check set-var', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-check set-var-fmt', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false, notInMatrix: true },
  { name: 'http-check unset-var', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-error', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'http-request', defaults: 'named', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'http-response', defaults: 'named', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'http-reuse', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'http-send-name-header', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'id', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'ignore-persist', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'load-server-state-from-file', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'log', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'log-format', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'log-format-sd', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'log-tag', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'max-keep-alive-queue', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'max-session-srv-conns', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false, notInMatrix: true },
  { name: 'maxconn', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'mode', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'monitor fail', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'monitor-uri', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'option abortonclose', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option accept-invalid-http-request', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option accept-invalid-http-response', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option allbackups', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option checkcache', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option clitcpka', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option contstats', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option disable-h2-upgrade', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option dontlog-normal', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option dontlognull', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option external-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option forwardfor', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'option h1-case-adjust-bogus-client', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option h1-case-adjust-bogus-server', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option http-buffer-request', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option http-ignore-probes', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option http-keep-alive', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option http-no-delay', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option http-pretend-keepalive', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option http-restrict-req-hdr-names', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'option http-server-close', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option http-use-proxy-header', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option httpchk', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option httpclose', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option httplog', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'option httpslog', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'option idle-close-on-response', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option independent-streams', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option ldap-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option log-health-checks', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option log-separate-errors', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option logasap', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option mysql-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option nolinger', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option originalto', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'option persist', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option pgsql-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option prefer-last-server', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option redis-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option redispatch', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option smtpchk', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option socket-stats', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option splice-auto', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option splice-request', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option splice-response', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: true },
  { name: 'option spop-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option srvtcpka', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option ssl-hello-chk', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option tcp-check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'option tcp-smart-accept', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: true },
  { name: 'option tcp-smart-connect', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'option tcpka', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'option tcplog', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'option transparent', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: true },
  { name: 'persist rdp-cookie', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'rate-limit sessions', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'redirect', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'retries', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'retry-on', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'server', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'server-state-file-name', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'server-template', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'source', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'srvtcpka-cnt', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'srvtcpka-idle', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'srvtcpka-intvl', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'stats admin', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats auth', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats enable', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats hide-version', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats http-request', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats realm', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats refresh', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats scope', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats show-desc', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats show-legends', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats show-modules', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false, notInMatrix: true },
  { name: 'stats show-node', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stats uri', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'stick match', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'stick on', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'stick store-request', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'stick store-response', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'stick-table', defaults: 'no', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'tcp-check comment', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check connect', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check expect', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check send', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check send-binary', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check send-binary-lf', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check send-lf', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check set-var', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-check set-var-fmt', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false, notInMatrix: true },
  { name: 'tcp-check unset-var', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-request connection', defaults: 'named', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'tcp-request content', defaults: 'named', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'tcp-request inspect-delay', defaults: 'named', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'tcp-request session', defaults: 'named', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'tcp-response content', defaults: 'named', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'tcp-response inspect-delay', defaults: 'named', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'timeout check', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'timeout client', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'timeout client-fin', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'timeout connect', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'timeout http-keep-alive', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'timeout http-request', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'timeout queue', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'timeout server', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'timeout server-fin', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'timeout tarpit', defaults: 'yes', frontend: true, listen: true, backend: true, negatable: false },
  { name: 'timeout tunnel', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'transparent', defaults: 'yes', frontend: false, listen: true, backend: true, negatable: false, deprecated: true },
  { name: 'unique-id-format', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'unique-id-header', defaults: 'yes', frontend: true, listen: true, backend: false, negatable: false },
  { name: 'use-fcgi-app', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'use-server', defaults: 'no', frontend: false, listen: true, backend: true, negatable: false },
  { name: 'use_backend', defaults: 'no', frontend: true, listen: true, backend: false, negatable: false },
] as const;

/**
 * Proxy-section words the 2.6 parser still recognises only to reject them with
 * a migration hint (so they are "known", not typos).
 */
export const REMOVED_PROXY_KEYWORDS: readonly RemovedKeyword[] = [
  { name: 'appsession', since: '1.6' },
  { name: 'block', since: '2.1', replacement: 'http-request deny' },
  { name: 'cliexp', since: '2.1', replacement: 'http-request replace-path / replace-uri / replace-header' },
  { name: 'clitimeout', since: '2.1', replacement: 'timeout client' },
  { name: 'contimeout', since: '2.1', replacement: 'timeout connect' },
  { name: 'grace', since: '2.5' },
  { name: 'monitor-net', replacement: 'http-request return status 200 if { src <net> }' },
  { name: 'redisp', since: '2.1', replacement: 'option redispatch' },
  { name: 'redispatch', since: '2.1', replacement: 'option redispatch' },
  { name: 'reqadd', since: '2.1', replacement: 'http-request add-header' },
  { name: 'reqallow', since: '2.1', replacement: 'http-request allow' },
  { name: 'reqdel', since: '2.1', replacement: 'http-request del-header' },
  { name: 'reqdeny', since: '2.1', replacement: 'http-request deny' },
  { name: 'reqiallow', since: '2.1', replacement: 'http-request allow' },
  { name: 'reqidel', since: '2.1', replacement: 'http-request del-header' },
  { name: 'reqideny', since: '2.1', replacement: 'http-request deny' },
  { name: 'reqipass', since: '2.1' },
  { name: 'reqirep', since: '2.1', replacement: 'http-request replace-header' },
  { name: 'reqitarpit', since: '2.1', replacement: 'http-request tarpit' },
  { name: 'reqpass', since: '2.1' },
  { name: 'reqrep', since: '2.1', replacement: 'http-request replace-path / replace-uri / replace-header' },
  { name: 'reqtarpit', since: '2.1', replacement: 'http-request tarpit' },
  { name: 'rspadd', since: '2.1', replacement: 'http-response add-header' },
  { name: 'rspdel', since: '2.1', replacement: 'http-response del-header' },
  { name: 'rspdeny', since: '2.1', replacement: 'http-response deny' },
  { name: 'rspidel', since: '2.1', replacement: 'http-response del-header' },
  { name: 'rspideny', since: '2.1', replacement: 'http-response deny' },
  { name: 'rspirep', since: '2.1', replacement: 'http-response replace-header' },
  { name: 'rsprep', since: '2.1', replacement: 'http-response replace-header' },
  { name: 'srvexp', since: '2.1', replacement: 'http-response replace-header' },
  { name: 'srvtimeout', since: '2.1', replacement: 'timeout server' },
  { name: 'timeout clitimeout', since: '2.1', replacement: 'timeout client' },
  { name: 'timeout contimeout', since: '2.1', replacement: 'timeout connect' },
  { name: 'timeout srvtimeout', since: '2.1', replacement: 'timeout server' },
  { name: 'option forceclose', since: '2.0', replacement: 'option httpclose' },
  { name: 'option http-tunnel', since: '2.1' },
  { name: 'option http_proxy', since: '2.5', replacement: 'http-request set-dst / set-uri / do-resolve' },
] as const;

/**
 * Leading modifiers accepted in proxy and global sections. `no` applies to
 * negatable options, `log`, and the negatable global flags; anything else gets
 * "negation/default currently supported only for options, log, ...".
 */
export const KEYWORD_MODIFIERS = ['no', 'default'] as const;

export type KeywordModifier = (typeof KEYWORD_MODIFIERS)[number];

/** Sub-keywords of the proxy `compression` keyword in 2.6. */
export const COMPRESSION_DIRECTIVES: readonly string[] = ['algo', 'offload', 'type'] as const;

/** `option` names that take arguments (every other option refuses any). */
export const OPTIONS_WITH_ARGS: readonly OptionWithArgs[] = [
  { name: 'forwardfor', syntax: '[except <network>] [header <name>] [if-none]', argsRequired: false },
  { name: 'http-restrict-req-hdr-names', syntax: 'preserve | delete | reject', argsRequired: true },
  { name: 'httpchk', syntax: '[<uri>] | <method> <uri> [<version>]', argsRequired: false },
  { name: 'httplog', syntax: '[clf]', argsRequired: false },
  { name: 'mysql-check', syntax: '[user <username> [post-41 | pre-41]]', argsRequired: false },
  { name: 'originalto', syntax: '[except <network>] [header <name>]', argsRequired: false },
  { name: 'pgsql-check', syntax: 'user <username>', argsRequired: true },
  { name: 'redispatch', syntax: '[<interval>]', argsRequired: false },
  { name: 'smtpchk', syntax: '[<hello-verb> [<domain>]]', argsRequired: false },
] as const;

// ---------------------------------------------------------------------------
// Bind and server options (manual 5.1, 5.2)
// ---------------------------------------------------------------------------

/**
 * `bind` line options. `args` = words consumed after the option (verified
 * against the binary by checking that the word after the value is parsed as
 * the next option). `ssl` is a real option even though -dKcfg omits it.
 */
export const BIND_OPTIONS: readonly BindOption[] = [
  { name: 'accept-netscaler-cip', args: 1 },
  { name: 'accept-proxy', args: 0 },
  { name: 'allow-0rtt', args: 0 },
  { name: 'alpn', args: 1 },
  { name: 'backlog', args: 1 },
  { name: 'ca-file', args: 1 },
  { name: 'ca-ignore-err', args: 1 },
  { name: 'ca-sign-file', args: 1 },
  { name: 'ca-sign-pass', args: 1 },
  { name: 'ca-verify-file', args: 1 },
  { name: 'ciphers', args: 1 },
  { name: 'ciphersuites', args: 1 },
  { name: 'crl-file', args: 1 },
  { name: 'crt', args: 1 },
  { name: 'crt-ignore-err', args: 1 },
  { name: 'crt-list', args: 1 },
  { name: 'curves', args: 1 },
  { name: 'defer-accept', args: 0 },
  { name: 'ecdhe', args: 1 },
  { name: 'expose-fd', args: 1 },
  { name: 'force-sslv3', args: 0 },
  { name: 'force-tlsv10', args: 0 },
  { name: 'force-tlsv11', args: 0 },
  { name: 'force-tlsv12', args: 0 },
  { name: 'force-tlsv13', args: 0 },
  { name: 'generate-certificates', args: 0 },
  { name: 'gid', args: 1 },
  { name: 'group', args: 1 },
  { name: 'id', args: 1 },
  { name: 'interface', args: 1 },
  { name: 'level', args: 1 },
  { name: 'maxconn', args: 1 },
  { name: 'mode', args: 1 },
  { name: 'mss', args: 1 },
  { name: 'name', args: 1 },
  { name: 'namespace', args: 1 },
  { name: 'nice', args: 1 },
  { name: 'no-ca-names', args: 0 },
  { name: 'no-sslv3', args: 0 },
  { name: 'no-tls-tickets', args: 0 },
  { name: 'no-tlsv10', args: 0 },
  { name: 'no-tlsv11', args: 0 },
  { name: 'no-tlsv12', args: 0 },
  { name: 'no-tlsv13', args: 0 },
  { name: 'npn', args: 1 },
  { name: 'prefer-client-ciphers', args: 0 },
  { name: 'process', args: 1, deprecated: true },
  { name: 'proto', args: 1 },
  { name: 'quic-cc-algo', args: 1, requires: 'QUIC' },
  { name: 'quic-force-retry', args: 0, requires: 'QUIC' },
  { name: 'severity-output', args: 1 },
  { name: 'shards', args: 1 },
  { name: 'ssl', args: 0 },
  { name: 'ssl-max-ver', args: 1 },
  { name: 'ssl-min-ver', args: 1 },
  { name: 'strict-sni', args: 0 },
  { name: 'tcp-ut', args: 1 },
  { name: 'tfo', args: 0 },
  { name: 'thread', args: 1 },
  { name: 'tls-ticket-keys', args: 1 },
  { name: 'transparent', args: 0 },
  { name: 'uid', args: 1 },
  { name: 'user', args: 1 },
  { name: 'v4v6', args: 0 },
  { name: 'v6only', args: 0 },
  { name: 'verify', args: 1 },
] as const;

/**
 * `server` / `default-server` options. `no-*` spellings are listed as their own
 * entries (`negates`) and their positive form carries `noPrefixed`. `no-sslv3`
 * and `no-tlsv1x` have no positive form. The manual's `no-verifyhost` does not
 * exist in 2.6.12 (the binary calls it unknown), so it is absent.
 */
export const SERVER_OPTIONS: readonly ServerOption[] = [
  { name: 'addr', args: 1 },
  { name: 'agent-addr', args: 1 },
  { name: 'agent-check', args: 0, noPrefixed: true },
  { name: 'agent-inter', args: 1 },
  { name: 'agent-port', args: 1 },
  { name: 'agent-send', args: 1 },
  { name: 'allow-0rtt', args: 0 },
  { name: 'alpn', args: 1 },
  { name: 'backup', args: 0, noPrefixed: true },
  { name: 'ca-file', args: 1 },
  { name: 'check', args: 0, noPrefixed: true },
  { name: 'check-alpn', args: 1 },
  { name: 'check-proto', args: 1 },
  { name: 'check-send-proxy', args: 0, noPrefixed: true },
  { name: 'check-sni', args: 1 },
  { name: 'check-ssl', args: 0, noPrefixed: true },
  { name: 'check-via-socks4', args: 0 },
  { name: 'ciphers', args: 1 },
  { name: 'ciphersuites', args: 1 },
  { name: 'cookie', args: 1 },
  { name: 'crl-file', args: 1 },
  { name: 'crt', args: 1 },
  { name: 'disabled', args: 0 },
  { name: 'downinter', args: 1 },
  { name: 'enabled', args: 0 },
  { name: 'error-limit', args: 1 },
  { name: 'fall', args: 1 },
  { name: 'fastinter', args: 1 },
  { name: 'force-sslv3', args: 0 },
  { name: 'force-tlsv10', args: 0 },
  { name: 'force-tlsv11', args: 0 },
  { name: 'force-tlsv12', args: 0 },
  { name: 'force-tlsv13', args: 0 },
  { name: 'id', args: 1, defaultServer: false },
  { name: 'init-addr', args: 1 },
  { name: 'inter', args: 1 },
  { name: 'log-proto', args: 1 },
  { name: 'max-reuse', args: 1 },
  { name: 'maxconn', args: 1 },
  { name: 'maxqueue', args: 1 },
  { name: 'minconn', args: 1 },
  { name: 'namespace', args: 1 },
  { name: 'no-agent-check', args: 0, negates: 'agent-check' },
  { name: 'no-backup', args: 0, negates: 'backup' },
  { name: 'no-check', args: 0, negates: 'check' },
  { name: 'no-check-send-proxy', args: 0, negates: 'check-send-proxy' },
  { name: 'no-check-ssl', args: 0, negates: 'check-ssl' },
  { name: 'no-send-proxy', args: 0, negates: 'send-proxy' },
  { name: 'no-send-proxy-v2', args: 0, negates: 'send-proxy-v2' },
  { name: 'no-send-proxy-v2-ssl', args: 0, negates: 'send-proxy-v2-ssl' },
  { name: 'no-send-proxy-v2-ssl-cn', args: 0, negates: 'send-proxy-v2-ssl-cn' },
  { name: 'no-ssl', args: 0, negates: 'ssl' },
  { name: 'no-ssl-reuse', args: 0, negates: 'ssl-reuse' },
  { name: 'no-sslv3', args: 0 },
  { name: 'no-tfo', args: 0, negates: 'tfo' },
  { name: 'no-tls-tickets', args: 0, negates: 'tls-tickets' },
  { name: 'no-tlsv10', args: 0 },
  { name: 'no-tlsv11', args: 0 },
  { name: 'no-tlsv12', args: 0 },
  { name: 'no-tlsv13', args: 0 },
  { name: 'non-stick', args: 0, negates: 'stick' },
  { name: 'npn', args: 1 },
  { name: 'observe', args: 1 },
  { name: 'on-error', args: 1 },
  { name: 'on-marked-down', args: 1 },
  { name: 'on-marked-up', args: 1 },
  { name: 'pool-low-conn', args: 1 },
  { name: 'pool-max-conn', args: 1 },
  { name: 'pool-purge-delay', args: 1 },
  { name: 'port', args: 1 },
  { name: 'proto', args: 1 },
  { name: 'proxy-v2-options', args: 1 },
  { name: 'redir', args: 1 },
  { name: 'resolve-net', args: 1 },
  { name: 'resolve-opts', args: 1 },
  { name: 'resolve-prefer', args: 1 },
  { name: 'resolvers', args: 1 },
  { name: 'rise', args: 1 },
  { name: 'send-proxy', args: 0, noPrefixed: true },
  { name: 'send-proxy-v2', args: 0, noPrefixed: true },
  { name: 'send-proxy-v2-ssl', args: 0, noPrefixed: true },
  { name: 'send-proxy-v2-ssl-cn', args: 0, noPrefixed: true },
  { name: 'slowstart', args: 1 },
  { name: 'sni', args: 1 },
  { name: 'socks4', args: 1 },
  { name: 'source', args: 1, followers: [{ name: 'usesrc', args: 1 }, { name: 'interface', args: 1 }] },
  { name: 'ssl', args: 0, noPrefixed: true },
  { name: 'ssl-max-ver', args: 1 },
  { name: 'ssl-min-ver', args: 1 },
  { name: 'ssl-reuse', args: 0, noPrefixed: true },
  { name: 'stick', args: 0 },
  { name: 'tcp-ut', args: 1 },
  { name: 'tfo', args: 0, noPrefixed: true },
  { name: 'tls-tickets', args: 0, noPrefixed: true },
  { name: 'track', args: 1 },
  { name: 'usesrc', args: 1, onlyAfter: 'source' },
  { name: 'verify', args: 1 },
  { name: 'verifyhost', args: 1 },
  { name: 'weight', args: 1 },
  { name: 'ws', args: 1 },
] as const;

// ---------------------------------------------------------------------------
// Rule actions (from the binary's own "expects ..." lists)
// ---------------------------------------------------------------------------

/** `http-request` actions. */
export const HTTP_REQUEST_ACTIONS: readonly ActionKeyword[] = [
  { name: 'add-acl', paren: true },
  { name: 'add-header', paren: false },
  { name: 'allow', paren: false },
  { name: 'auth', paren: false },
  { name: 'cache-use', paren: false },
  { name: 'capture', paren: false },
  { name: 'del-acl', paren: true },
  { name: 'del-header', paren: false },
  { name: 'del-map', paren: true },
  { name: 'deny', paren: false },
  { name: 'disable-l7-retry', paren: false },
  { name: 'do-resolve', paren: true, parenRequired: true },
  { name: 'early-hint', paren: false },
  { name: 'normalize-uri', paren: false },
  { name: 'ot-group', paren: false, requires: 'OT' },
  { name: 'redirect', paren: false },
  { name: 'reject', paren: false },
  { name: 'replace-header', paren: false },
  { name: 'replace-path', paren: false },
  { name: 'replace-pathq', paren: false },
  { name: 'replace-uri', paren: false },
  { name: 'replace-value', paren: false },
  { name: 'return', paren: false },
  { name: 'sc-inc-gpc', paren: true, parenRequired: true },
  { name: 'sc-inc-gpc0', paren: true },
  { name: 'sc-inc-gpc1', paren: true },
  { name: 'sc-set-gpt', paren: true, parenRequired: true },
  { name: 'sc-set-gpt0', paren: true },
  { name: 'send-spoe-group', paren: false },
  { name: 'set-dst', paren: false },
  { name: 'set-dst-port', paren: false },
  { name: 'set-header', paren: false },
  { name: 'set-log-level', paren: false },
  { name: 'set-map', paren: true },
  { name: 'set-mark', paren: false },
  { name: 'set-method', paren: false },
  { name: 'set-nice', paren: false },
  { name: 'set-path', paren: false },
  { name: 'set-pathq', paren: false },
  { name: 'set-priority-class', paren: false },
  { name: 'set-priority-offset', paren: false },
  { name: 'set-query', paren: false },
  { name: 'set-src', paren: false },
  { name: 'set-src-port', paren: false },
  { name: 'set-timeout', paren: false },
  { name: 'set-tos', paren: false },
  { name: 'set-uri', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'silent-drop', paren: false },
  { name: 'strict-mode', paren: false },
  { name: 'tarpit', paren: false },
  { name: 'track-sc0', paren: false },
  { name: 'track-sc1', paren: false },
  { name: 'track-sc2', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
  { name: 'use-service', paren: false },
  { name: 'wait-for-body', paren: false },
  { name: 'wait-for-handshake', paren: false },
] as const;

/** `http-response` actions. */
export const HTTP_RESPONSE_ACTIONS: readonly ActionKeyword[] = [
  { name: 'add-acl', paren: true },
  { name: 'add-header', paren: false },
  { name: 'allow', paren: false },
  { name: 'cache-store', paren: false },
  { name: 'capture', paren: false },
  { name: 'del-acl', paren: true },
  { name: 'del-header', paren: false },
  { name: 'del-map', paren: true },
  { name: 'deny', paren: false },
  { name: 'ot-group', paren: false, requires: 'OT' },
  { name: 'redirect', paren: false },
  { name: 'replace-header', paren: false },
  { name: 'replace-value', paren: false },
  { name: 'return', paren: false },
  { name: 'sc-inc-gpc', paren: true, parenRequired: true },
  { name: 'sc-inc-gpc0', paren: true },
  { name: 'sc-inc-gpc1', paren: true },
  { name: 'sc-set-gpt', paren: true, parenRequired: true },
  { name: 'sc-set-gpt0', paren: true },
  { name: 'send-spoe-group', paren: false },
  { name: 'set-header', paren: false },
  { name: 'set-log-level', paren: false },
  { name: 'set-map', paren: true },
  { name: 'set-mark', paren: false },
  { name: 'set-nice', paren: false },
  { name: 'set-status', paren: false },
  { name: 'set-tos', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'silent-drop', paren: false },
  { name: 'strict-mode', paren: false },
  { name: 'track-sc0', paren: false },
  { name: 'track-sc1', paren: false },
  { name: 'track-sc2', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
  { name: 'wait-for-body', paren: false },
] as const;

/** `http-after-response` actions. */
export const HTTP_AFTER_RESPONSE_ACTIONS: readonly ActionKeyword[] = [
  { name: 'add-header', paren: false },
  { name: 'allow', paren: false },
  { name: 'capture', paren: false },
  { name: 'del-header', paren: false },
  { name: 'ot-group', paren: false, requires: 'OT' },
  { name: 'replace-header', paren: false },
  { name: 'replace-value', paren: false },
  { name: 'set-header', paren: false },
  { name: 'set-status', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'strict-mode', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
] as const;

/** `tcp-request connection` actions. HAProxy's message also names `capture`, but refuses it in this hook. */
export const TCP_REQUEST_CONNECTION_ACTIONS: readonly ActionKeyword[] = [
  { name: 'accept', paren: false },
  { name: 'expect-netscaler-cip', paren: false },
  { name: 'expect-proxy', paren: false },
  { name: 'reject', paren: false },
  { name: 'sc-inc-gpc', paren: true, parenRequired: true },
  { name: 'sc-inc-gpc0', paren: true },
  { name: 'sc-inc-gpc1', paren: true },
  { name: 'sc-set-gpt', paren: true, parenRequired: true },
  { name: 'sc-set-gpt0', paren: true },
  { name: 'set-dst', paren: false },
  { name: 'set-dst-port', paren: false },
  { name: 'set-mark', paren: false },
  { name: 'set-src', paren: false },
  { name: 'set-src-port', paren: false },
  { name: 'set-tos', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'silent-drop', paren: false },
  { name: 'track-sc0', paren: false },
  { name: 'track-sc1', paren: false },
  { name: 'track-sc2', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
] as const;

/** `tcp-request session` actions. HAProxy's message also names `capture`, `expect-proxy` and `expect-netscaler-cip`, but refuses them in this hook. */
export const TCP_REQUEST_SESSION_ACTIONS: readonly ActionKeyword[] = [
  { name: 'accept', paren: false },
  { name: 'reject', paren: false },
  { name: 'sc-inc-gpc', paren: true, parenRequired: true },
  { name: 'sc-inc-gpc0', paren: true },
  { name: 'sc-inc-gpc1', paren: true },
  { name: 'sc-set-gpt', paren: true, parenRequired: true },
  { name: 'sc-set-gpt0', paren: true },
  { name: 'set-dst', paren: false },
  { name: 'set-dst-port', paren: false },
  { name: 'set-mark', paren: false },
  { name: 'set-src', paren: false },
  { name: 'set-src-port', paren: false },
  { name: 'set-tos', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'silent-drop', paren: false },
  { name: 'track-sc0', paren: false },
  { name: 'track-sc1', paren: false },
  { name: 'track-sc2', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
] as const;

/** `tcp-request content` actions. HAProxy's message also names `expect-proxy` and `expect-netscaler-cip`, but refuses them in this hook. */
export const TCP_REQUEST_CONTENT_ACTIONS: readonly ActionKeyword[] = [
  { name: 'accept', paren: false },
  { name: 'capture', paren: false },
  { name: 'do-resolve', paren: true, parenRequired: true },
  { name: 'ot-group', paren: false, requires: 'OT' },
  { name: 'reject', paren: false },
  { name: 'sc-inc-gpc', paren: true, parenRequired: true },
  { name: 'sc-inc-gpc0', paren: true },
  { name: 'sc-inc-gpc1', paren: true },
  { name: 'sc-set-gpt', paren: true, parenRequired: true },
  { name: 'sc-set-gpt0', paren: true },
  { name: 'send-spoe-group', paren: false },
  { name: 'set-dst', paren: false },
  { name: 'set-dst-port', paren: false },
  { name: 'set-log-level', paren: false },
  { name: 'set-mark', paren: false },
  { name: 'set-nice', paren: false },
  { name: 'set-priority-class', paren: false },
  { name: 'set-priority-offset', paren: false },
  { name: 'set-src', paren: false },
  { name: 'set-src-port', paren: false },
  { name: 'set-tos', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'silent-drop', paren: false },
  { name: 'switch-mode', paren: false },
  { name: 'track-sc0', paren: false },
  { name: 'track-sc1', paren: false },
  { name: 'track-sc2', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
  { name: 'use-service', paren: false },
] as const;

/** `tcp-response content` actions. */
export const TCP_RESPONSE_CONTENT_ACTIONS: readonly ActionKeyword[] = [
  { name: 'accept', paren: false },
  { name: 'close', paren: false },
  { name: 'ot-group', paren: false, requires: 'OT' },
  { name: 'reject', paren: false },
  { name: 'sc-inc-gpc', paren: true, parenRequired: true },
  { name: 'sc-inc-gpc0', paren: true },
  { name: 'sc-inc-gpc1', paren: true },
  { name: 'sc-set-gpt', paren: true, parenRequired: true },
  { name: 'sc-set-gpt0', paren: true },
  { name: 'send-spoe-group', paren: false },
  { name: 'set-log-level', paren: false },
  { name: 'set-mark', paren: false },
  { name: 'set-nice', paren: false },
  { name: 'set-tos', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'silent-drop', paren: false },
  { name: 'unset-var', paren: true, parenRequired: true },
] as const;

/** `http-check` directives (second word). */
export const HTTP_CHECK_DIRECTIVES: readonly ActionKeyword[] = [
  { name: 'comment', paren: false },
  { name: 'connect', paren: false },
  { name: 'disable-on-404', paren: false },
  { name: 'expect', paren: false },
  { name: 'send', paren: false },
  { name: 'send-state', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'unset-var', paren: true, parenRequired: true },
] as const;

/** `tcp-check` directives (second word). */
export const TCP_CHECK_DIRECTIVES: readonly ActionKeyword[] = [
  { name: 'comment', paren: false },
  { name: 'connect', paren: false },
  { name: 'expect', paren: false },
  { name: 'send', paren: false },
  { name: 'send-binary', paren: false },
  { name: 'send-binary-lf', paren: false },
  { name: 'send-lf', paren: false },
  { name: 'set-var', paren: true, parenRequired: true },
  { name: 'set-var-fmt', paren: true, parenRequired: true },
  { name: 'unset-var', paren: true, parenRequired: true },
] as const;

// ---------------------------------------------------------------------------
// Sample fetches, converters, ACL keywords, filters, services
// ---------------------------------------------------------------------------

/** Sample fetch names registered in the reference binary (-dKsmp). */
export const SAMPLE_FETCHES: readonly string[] = [
  'always_false', 'always_true', 'avg_queue', 'base', 'base32', 'base32+src', 'baseq', 'bc_dst',
  'bc_dst_port', 'bc_err', 'bc_err_str', 'bc_http_major', 'bc_src', 'bc_src_port', 'be_conn',
  'be_conn_free', 'be_id', 'be_name', 'be_server_timeout', 'be_sess_rate', 'be_tunnel_timeout',
  'bin', 'bool', 'capture.req.hdr', 'capture.req.method', 'capture.req.uri', 'capture.req.ver',
  'capture.res.hdr', 'capture.res.ver', 'connslots', 'cook', 'cook_cnt', 'cook_val', 'cookie',
  'cpu_calls', 'cpu_ns_avg', 'cpu_ns_tot', 'cur_server_timeout', 'cur_tunnel_timeout', 'date',
  'date_us', 'distcc_body', 'distcc_param', 'dst', 'dst_conn', 'dst_is_local', 'dst_port', 'env',
  'fc_dst', 'fc_dst_is_local', 'fc_dst_port', 'fc_err', 'fc_err_str', 'fc_fackets', 'fc_http_major',
  'fc_lost', 'fc_pp_authority', 'fc_pp_unique_id', 'fc_rcvd_proxy', 'fc_reordering', 'fc_retrans',
  'fc_rtt', 'fc_rttvar', 'fc_sacked', 'fc_src', 'fc_src_is_local', 'fc_src_port', 'fc_unacked',
  'fcgi.docroot', 'fcgi.index', 'fe_client_timeout', 'fe_conn', 'fe_defbe', 'fe_id', 'fe_name',
  'fe_req_rate', 'fe_sess_rate', 'hdr', 'hdr_cnt', 'hdr_ip', 'hdr_val', 'hostname', 'http_auth',
  'http_auth_bearer', 'http_auth_group', 'http_auth_pass', 'http_auth_type', 'http_auth_user',
  'http_first_req', 'int', 'internal.htx.data', 'internal.htx.free', 'internal.htx.free_data',
  'internal.htx.has_eom', 'internal.htx.nbblks', 'internal.htx.size', 'internal.htx.used',
  'internal.htx_blk.data', 'internal.htx_blk.hdrname', 'internal.htx_blk.hdrval',
  'internal.htx_blk.size', 'internal.htx_blk.start_line', 'internal.htx_blk.type',
  'internal.strm.is_htx', 'ipv4', 'ipv6', 'last_rule_file', 'last_rule_line', 'lat_ns_avg',
  'lat_ns_tot', 'meth', 'method', 'nbproc', 'nbsrv', 'path', 'pathq', 'payload', 'payload_lv',
  'prio_class', 'prio_offset', 'proc', 'query', 'queue', 'rand', 'rdp_cookie', 'rdp_cookie_cnt',
  'rep_ssl_hello_type', 'req.body', 'req.body_len', 'req.body_param', 'req.body_size', 'req.cook',
  'req.cook_cnt', 'req.cook_val', 'req.fhdr', 'req.fhdr_cnt', 'req.hdr', 'req.hdr_cnt',
  'req.hdr_ip', 'req.hdr_names', 'req.hdr_val', 'req.hdrs', 'req.hdrs_bin', 'req.len',
  'req.payload', 'req.payload_lv', 'req.proto_http', 'req.rdp_cookie', 'req.rdp_cookie_cnt',
  'req.ssl_alpn', 'req.ssl_ec_ext', 'req.ssl_hello_type', 'req.ssl_sni', 'req.ssl_st_ext',
  'req.ssl_ver', 'req.ver', 'req_len', 'req_proto_http', 'req_ssl_hello_type', 'req_ssl_sni',
  'req_ssl_ver', 'req_ver', 'res.body', 'res.body_len', 'res.body_size', 'res.cache_hit',
  'res.cache_name', 'res.comp', 'res.comp_algo', 'res.cook', 'res.cook_cnt', 'res.cook_val',
  'res.fhdr', 'res.fhdr_cnt', 'res.hdr', 'res.hdr_cnt', 'res.hdr_ip', 'res.hdr_names',
  'res.hdr_val', 'res.hdrs', 'res.hdrs_bin', 'res.len', 'res.payload', 'res.payload_lv',
  'res.ssl_hello_type', 'res.ver', 'resp_ver', 'sc0_bytes_in_rate', 'sc0_bytes_out_rate',
  'sc0_clr_gpc0', 'sc0_clr_gpc1', 'sc0_conn_cnt', 'sc0_conn_cur', 'sc0_conn_rate', 'sc0_get_gpc0',
  'sc0_get_gpc1', 'sc0_get_gpt0', 'sc0_gpc0_rate', 'sc0_gpc1_rate', 'sc0_http_err_cnt',
  'sc0_http_err_rate', 'sc0_http_fail_cnt', 'sc0_http_fail_rate', 'sc0_http_req_cnt',
  'sc0_http_req_rate', 'sc0_inc_gpc0', 'sc0_inc_gpc1', 'sc0_kbytes_in', 'sc0_kbytes_out',
  'sc0_sess_cnt', 'sc0_sess_rate', 'sc0_tracked', 'sc0_trackers', 'sc1_bytes_in_rate',
  'sc1_bytes_out_rate', 'sc1_clr_gpc', 'sc1_clr_gpc0', 'sc1_clr_gpc1', 'sc1_conn_cnt',
  'sc1_conn_cur', 'sc1_conn_rate', 'sc1_get_gpc0', 'sc1_get_gpc1', 'sc1_get_gpt0', 'sc1_gpc0_rate',
  'sc1_gpc1_rate', 'sc1_http_err_cnt', 'sc1_http_err_rate', 'sc1_http_fail_cnt',
  'sc1_http_fail_rate', 'sc1_http_req_cnt', 'sc1_http_req_rate', 'sc1_inc_gpc0', 'sc1_inc_gpc1',
  'sc1_kbytes_in', 'sc1_kbytes_out', 'sc1_sess_cnt', 'sc1_sess_rate', 'sc1_tracked', 'sc1_trackers',
  'sc2_bytes_in_rate', 'sc2_bytes_out_rate', 'sc2_clr_gpc0', 'sc2_clr_gpc1', 'sc2_conn_cnt',
  'sc2_conn_cur', 'sc2_conn_rate', 'sc2_get_gpc0', 'sc2_get_gpc1', 'sc2_get_gpt0', 'sc2_gpc0_rate',
  'sc2_gpc1_rate', 'sc2_http_err_cnt', 'sc2_http_err_rate', 'sc2_http_fail_cnt',
  'sc2_http_fail_rate', 'sc2_http_req_cnt', 'sc2_http_req_rate', 'sc2_inc_gpc0', 'sc2_inc_gpc1',
  'sc2_kbytes_in', 'sc2_kbytes_out', 'sc2_sess_cnt', 'sc2_sess_rate', 'sc2_tracked', 'sc2_trackers',
  'sc_bytes_in_rate', 'sc_bytes_out_rate', 'sc_clr_gpc', 'sc_clr_gpc0', 'sc_clr_gpc1',
  'sc_conn_cnt', 'sc_conn_cur', 'sc_conn_rate', 'sc_get_gpc', 'sc_get_gpc0', 'sc_get_gpc1',
  'sc_get_gpt', 'sc_get_gpt0', 'sc_gpc0_rate', 'sc_gpc1_rate', 'sc_gpc_rate', 'sc_http_err_cnt',
  'sc_http_err_rate', 'sc_http_fail_cnt', 'sc_http_fail_rate', 'sc_http_req_cnt',
  'sc_http_req_rate', 'sc_inc_gpc', 'sc_inc_gpc0', 'sc_inc_gpc1', 'sc_kbytes_in', 'sc_kbytes_out',
  'sc_sess_cnt', 'sc_sess_rate', 'sc_tracked', 'sc_trackers', 'scook', 'scook_cnt', 'scook_val',
  'shdr', 'shdr_cnt', 'shdr_ip', 'shdr_val', 'so_id', 'so_name', 'src', 'src_bytes_in_rate',
  'src_bytes_out_rate', 'src_clr_gpc', 'src_clr_gpc0', 'src_clr_gpc1', 'src_conn_cnt',
  'src_conn_cur', 'src_conn_rate', 'src_get_gpc', 'src_get_gpc0', 'src_get_gpc1', 'src_get_gpt',
  'src_get_gpt0', 'src_gpc0_rate', 'src_gpc1_rate', 'src_gpc_rate', 'src_http_err_cnt',
  'src_http_err_rate', 'src_http_fail_cnt', 'src_http_fail_rate', 'src_http_req_cnt',
  'src_http_req_rate', 'src_inc_gpc', 'src_inc_gpc0', 'src_inc_gpc1', 'src_is_local',
  'src_kbytes_in', 'src_kbytes_out', 'src_port', 'src_sess_cnt', 'src_sess_rate',
  'src_updt_conn_cnt', 'srv_conn', 'srv_conn_free', 'srv_id', 'srv_is_up', 'srv_iweight',
  'srv_name', 'srv_queue', 'srv_sess_rate', 'srv_uweight', 'srv_weight', 'ssl_bc',
  'ssl_bc_alg_keysize', 'ssl_bc_alpn', 'ssl_bc_cipher', 'ssl_bc_client_random', 'ssl_bc_err',
  'ssl_bc_err_str', 'ssl_bc_is_resumed', 'ssl_bc_npn', 'ssl_bc_protocol', 'ssl_bc_server_random',
  'ssl_bc_session_id', 'ssl_bc_session_key', 'ssl_bc_unique_id', 'ssl_bc_use_keysize',
  'ssl_c_ca_err', 'ssl_c_ca_err_depth', 'ssl_c_chain_der', 'ssl_c_der', 'ssl_c_err', 'ssl_c_i_dn',
  'ssl_c_key_alg', 'ssl_c_notafter', 'ssl_c_notbefore', 'ssl_c_s_dn', 'ssl_c_serial', 'ssl_c_sha1',
  'ssl_c_sig_alg', 'ssl_c_used', 'ssl_c_verify', 'ssl_c_version', 'ssl_f_der', 'ssl_f_i_dn',
  'ssl_f_key_alg', 'ssl_f_notafter', 'ssl_f_notbefore', 'ssl_f_s_dn', 'ssl_f_serial', 'ssl_f_sha1',
  'ssl_f_sig_alg', 'ssl_f_version', 'ssl_fc', 'ssl_fc_alg_keysize', 'ssl_fc_alpn', 'ssl_fc_cipher',
  'ssl_fc_cipherlist_bin', 'ssl_fc_cipherlist_hex', 'ssl_fc_cipherlist_str',
  'ssl_fc_cipherlist_xxh', 'ssl_fc_client_early_traffic_secret',
  'ssl_fc_client_handshake_traffic_secret', 'ssl_fc_client_random',
  'ssl_fc_client_traffic_secret_0', 'ssl_fc_early_exporter_secret', 'ssl_fc_ecformats_bin',
  'ssl_fc_eclist_bin', 'ssl_fc_err', 'ssl_fc_err_str', 'ssl_fc_exporter_secret',
  'ssl_fc_extlist_bin', 'ssl_fc_has_crt', 'ssl_fc_has_early', 'ssl_fc_has_sni', 'ssl_fc_is_resumed',
  'ssl_fc_npn', 'ssl_fc_protocol', 'ssl_fc_protocol_hello_id',
  'ssl_fc_server_handshake_traffic_secret', 'ssl_fc_server_random',
  'ssl_fc_server_traffic_secret_0', 'ssl_fc_session_id', 'ssl_fc_session_key', 'ssl_fc_sni',
  'ssl_fc_unique_id', 'ssl_fc_use_keysize', 'ssl_s_chain_der', 'ssl_s_der', 'ssl_s_i_dn',
  'ssl_s_key_alg', 'ssl_s_notafter', 'ssl_s_notbefore', 'ssl_s_s_dn', 'ssl_s_serial', 'ssl_s_sha1',
  'ssl_s_sig_alg', 'ssl_s_version', 'status', 'stopping', 'str', 'table_avl', 'table_cnt', 'thread',
  'unique-id', 'url', 'url32', 'url32+src', 'url_ip', 'url_param', 'url_port', 'urlp', 'urlp_val',
  'uuid', 'var', 'wait_end',
] as const;

/**
 * Sample fetches and converters of optional build modules (51Degrees,
 * DeviceAtlas, WURFL) that the reference binary was built without; named in
 * the configuration manual 7.3 and the modules' own documents.
 */
export const OPTIONAL_BUILD_FETCHES: readonly { readonly name: string; readonly requires: BuildFeature }[] = [
  { name: '51d.all', requires: '51DEGREES' },
  { name: 'da-csv-fetch', requires: 'DEVICEATLAS' },
  { name: 'wurfl-get', requires: 'WURFL' },
  { name: 'wurfl-get-all', requires: 'WURFL' },
] as const;

export const OPTIONAL_BUILD_CONVERTERS: readonly { readonly name: string; readonly requires: BuildFeature }[] = [
  { name: '51d.single', requires: '51DEGREES' },
  { name: 'da-csv-conv', requires: 'DEVICEATLAS' },
] as const;

/** Converter names registered in the reference binary (-dKcnv). */
export const CONVERTERS: readonly string[] = [
  'add', 'add_item', 'aes_gcm_dec', 'and', 'b64dec', 'base64', 'be2dec', 'be2hex', 'bool', 'bytes',
  'capture-req', 'capture-res', 'concat', 'cpl', 'crc32', 'crc32c', 'cut_crlf', 'debug', 'digest',
  'div', 'djb2', 'even', 'field', 'fix_is_valid', 'fix_tag_value', 'hex', 'hex2i', 'hmac',
  'host_only', 'htonl', 'http_date', 'iif', 'in_table', 'ipmask', 'json', 'json_query',
  'jwt_header_query', 'jwt_payload_query', 'jwt_verify', 'language', 'length', 'lower', 'ltime',
  'ltrim', 'map', 'map_beg', 'map_beg_int', 'map_beg_ip', 'map_dir', 'map_dir_int', 'map_dir_ip',
  'map_dom', 'map_dom_int', 'map_dom_ip', 'map_end', 'map_end_int', 'map_end_ip', 'map_int',
  'map_int_int', 'map_int_ip', 'map_ip', 'map_ip_int', 'map_ip_ip', 'map_reg', 'map_reg_int',
  'map_reg_ip', 'map_regm', 'map_str', 'map_str_int', 'map_str_ip', 'map_sub', 'map_sub_int',
  'map_sub_ip', 'mod', 'mqtt_field_value', 'mqtt_is_valid', 'mul', 'nbsrv', 'neg', 'not', 'odd',
  'or', 'port_only', 'protobuf', 'regsub', 'rtrim', 'sdbm', 'secure_memcmp', 'set-var', 'sha1',
  'sha2', 'srv_queue', 'strcmp', 'sub', 'table_bytes_in_rate', 'table_bytes_out_rate',
  'table_conn_cnt', 'table_conn_cur', 'table_conn_rate', 'table_expire', 'table_gpc', 'table_gpc0',
  'table_gpc0_rate', 'table_gpc1', 'table_gpc1_rate', 'table_gpc_rate', 'table_gpt', 'table_gpt0',
  'table_http_err_cnt', 'table_http_err_rate', 'table_http_fail_cnt', 'table_http_fail_rate',
  'table_http_req_cnt', 'table_http_req_rate', 'table_idle', 'table_kbytes_in', 'table_kbytes_out',
  'table_server_id', 'table_sess_cnt', 'table_sess_rate', 'table_trackers', 'ub64dec', 'ub64enc',
  'ungrpc', 'unset-var', 'upper', 'url_dec', 'url_enc', 'utime', 'word', 'wt6', 'xor', 'xxh3',
  'xxh32', 'xxh64',
] as const;

/** ACL-only keywords (-dKacl): shorthand for a fetch plus a match method. */
export const ACL_KEYWORDS: readonly AclKeyword[] = [
  { name: 'base', fetch: 'base', match: 'str' },
  { name: 'base_beg', fetch: 'base', match: 'beg' },
  { name: 'base_dir', fetch: 'base', match: 'dir' },
  { name: 'base_dom', fetch: 'base', match: 'dom' },
  { name: 'base_end', fetch: 'base', match: 'end' },
  { name: 'base_len', fetch: 'base', match: 'len' },
  { name: 'base_reg', fetch: 'base', match: 'reg' },
  { name: 'base_sub', fetch: 'base', match: 'sub' },
  { name: 'cook', fetch: 'req.cook', match: 'str' },
  { name: 'cook_beg', fetch: 'req.cook', match: 'beg' },
  { name: 'cook_dir', fetch: 'req.cook', match: 'dir' },
  { name: 'cook_dom', fetch: 'req.cook', match: 'dom' },
  { name: 'cook_end', fetch: 'req.cook', match: 'end' },
  { name: 'cook_len', fetch: 'req.cook', match: 'len' },
  { name: 'cook_reg', fetch: 'req.cook', match: 'reg' },
  { name: 'cook_sub', fetch: 'req.cook', match: 'sub' },
  { name: 'hdr', fetch: 'req.hdr', match: 'str' },
  { name: 'hdr_beg', fetch: 'req.hdr', match: 'beg' },
  { name: 'hdr_dir', fetch: 'req.hdr', match: 'dir' },
  { name: 'hdr_dom', fetch: 'req.hdr', match: 'dom' },
  { name: 'hdr_end', fetch: 'req.hdr', match: 'end' },
  { name: 'hdr_len', fetch: 'req.hdr', match: 'len' },
  { name: 'hdr_reg', fetch: 'req.hdr', match: 'reg' },
  { name: 'hdr_sub', fetch: 'req.hdr', match: 'sub' },
  { name: 'http_auth_group', fetch: 'http_auth_group', match: 'str' },
  { name: 'method', fetch: 'method', match: 'str' },
  { name: 'path', fetch: 'path', match: 'str' },
  { name: 'path_beg', fetch: 'path', match: 'beg' },
  { name: 'path_dir', fetch: 'path', match: 'dir' },
  { name: 'path_dom', fetch: 'path', match: 'dom' },
  { name: 'path_end', fetch: 'path', match: 'end' },
  { name: 'path_len', fetch: 'path', match: 'len' },
  { name: 'path_reg', fetch: 'path', match: 'reg' },
  { name: 'path_sub', fetch: 'path', match: 'sub' },
  { name: 'payload', fetch: 'req.payload', match: 'bin' },
  { name: 'payload_lv', fetch: 'req.payload_lv', match: 'bin' },
  { name: 'req.ssl_ver', fetch: 'req.ssl_ver', match: 'int' },
  { name: 'req_rdp_cookie', fetch: 'req.rdp_cookie', match: 'str' },
  { name: 'req_rdp_cookie_cnt', fetch: 'req.rdp_cookie_cnt', match: 'int' },
  { name: 'req_ssl_sni', fetch: 'req.ssl_sni', match: 'str' },
  { name: 'req_ssl_ver', fetch: 'req.ssl_ver', match: 'int' },
  { name: 'req_ver', fetch: 'req.ver', match: 'str' },
  { name: 'resp_ver', fetch: 'res.ver', match: 'str' },
  { name: 'scook', fetch: 'res.cook', match: 'str' },
  { name: 'scook_beg', fetch: 'res.cook', match: 'beg' },
  { name: 'scook_dir', fetch: 'res.cook', match: 'dir' },
  { name: 'scook_dom', fetch: 'res.cook', match: 'dom' },
  { name: 'scook_end', fetch: 'res.cook', match: 'end' },
  { name: 'scook_len', fetch: 'res.cook', match: 'len' },
  { name: 'scook_reg', fetch: 'res.cook', match: 'reg' },
  { name: 'scook_sub', fetch: 'res.cook', match: 'sub' },
  { name: 'shdr', fetch: 'res.hdr', match: 'str' },
  { name: 'shdr_beg', fetch: 'res.hdr', match: 'beg' },
  { name: 'shdr_dir', fetch: 'res.hdr', match: 'dir' },
  { name: 'shdr_dom', fetch: 'res.hdr', match: 'dom' },
  { name: 'shdr_end', fetch: 'res.hdr', match: 'end' },
  { name: 'shdr_len', fetch: 'res.hdr', match: 'len' },
  { name: 'shdr_reg', fetch: 'res.hdr', match: 'reg' },
  { name: 'shdr_sub', fetch: 'res.hdr', match: 'sub' },
  { name: 'ssl_fc_sni_end', fetch: 'ssl_fc_sni', match: 'end' },
  { name: 'ssl_fc_sni_reg', fetch: 'ssl_fc_sni', match: 'reg' },
  { name: 'url', fetch: 'url', match: 'str' },
  { name: 'url_beg', fetch: 'url', match: 'beg' },
  { name: 'url_dir', fetch: 'url', match: 'dir' },
  { name: 'url_dom', fetch: 'url', match: 'dom' },
  { name: 'url_end', fetch: 'url', match: 'end' },
  { name: 'url_len', fetch: 'url', match: 'len' },
  { name: 'url_reg', fetch: 'url', match: 'reg' },
  { name: 'url_sub', fetch: 'url', match: 'sub' },
  { name: 'urlp', fetch: 'urlp', match: 'str' },
  { name: 'urlp_beg', fetch: 'urlp', match: 'beg' },
  { name: 'urlp_dir', fetch: 'urlp', match: 'dir' },
  { name: 'urlp_dom', fetch: 'urlp', match: 'dom' },
  { name: 'urlp_end', fetch: 'urlp', match: 'end' },
  { name: 'urlp_len', fetch: 'urlp', match: 'len' },
  { name: 'urlp_reg', fetch: 'urlp', match: 'reg' },
  { name: 'urlp_sub', fetch: 'urlp', match: 'sub' },
] as const;

/** `filter` names (-dKflt). `opentracing` needs the OT build option. */
export const FILTER_NAMES: readonly string[] = ['cache', 'compression', 'fcgi-app', 'opentracing', 'spoe', 'trace'] as const;

/** `use-service` names (-dKsvc); needs the PROMEX build option. */
export const SERVICE_NAMES: readonly string[] = ['prometheus-exporter'] as const;

/** Name prefixes registered at run time (Lua): actions, fetches, converters, services. */
export const DYNAMIC_PREFIXES: readonly string[] = ['lua.'] as const;

// ---------------------------------------------------------------------------
// Section names and their keywords (manual 3.4-3.10, 5.3.2, 6.2.1, 10.1.1)
// ---------------------------------------------------------------------------

/**
 * Every section keyword 2.6 accepts at top level. `namespace_list` is only
 * described in doc/network-namespaces.txt, not in the configuration manual.
 */
export const SECTION_NAMES = [
  'global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'resolvers',
  'mailers', 'http-errors', 'cache', 'ring', 'program', 'log-forward', 'fcgi-app', 'namespace_list',
] as const;

/** First words accepted inside each non-proxy section (`no` is handled generically). */
export const SECTION_KEYWORDS: Readonly<Record<KeywordSection, readonly string[]>> = {
  userlist: ['group', 'user'],
  peers: ['bind', 'default-bind', 'default-server', 'disabled', 'enabled', 'log', 'peer', 'server', 'table'],
  resolvers: ['accepted_payload_size', 'hold', 'nameserver', 'parse-resolv-conf', 'resolve_retries', 'timeout'],
  mailers: ['mailer', 'timeout'],
  'http-errors': ['errorfile'],
  cache: ['max-age', 'max-object-size', 'max-secondary-entries', 'process-vary', 'total-max-size'],
  ring: ['backing-file', 'description', 'format', 'maxlen', 'server', 'size', 'timeout'],
  program: ['command', 'group', 'option', 'user'],
  'log-forward': ['backlog', 'bind', 'dgram-bind', 'log', 'maxconn', 'timeout'],
  'fcgi-app': ['acl', 'docroot', 'index', 'log-stderr', 'option', 'pass-header', 'path-info', 'set-param'],
  namespace_list: ['namespace'],
};

/**
 * Fixed second words for some section keywords. Note: a `ring` section silently
 * ignores an unknown `timeout <x>` in 2.6.12 (no error).
 */
export const SECTION_SUBKEYWORDS: Readonly<Partial<Record<KeywordSection, Readonly<Record<string, readonly string[]>>>>> = {
  resolvers: { timeout: ['resolve', 'retry'], hold: ['nx', 'obsolete', 'other', 'refused', 'timeout', 'valid'] },
  mailers: { timeout: ['mail'] },
  ring: { timeout: ['connect', 'server'] },
  'log-forward': { timeout: ['client'] },
  program: { option: ['start-on-reload'] },
  'fcgi-app': { option: ['get-values', 'keep-conn', 'max-reqs', 'mpxs-conns'] },
};

/** Section keywords recognised only to be refused. */
export const REMOVED_SECTION_KEYWORDS: readonly { readonly section: KeywordSection; readonly name: string }[] = [
  { section: 'resolvers', name: 'resolution_pool_size' },
] as const;

// ---------------------------------------------------------------------------
// Tuning-only proposals
// ---------------------------------------------------------------------------






// ---------------------------------------------------------------------------
// Lookup helpers
// ---------------------------------------------------------------------------

const bindByName: ReadonlyMap<string, BindOption> = new Map(BIND_OPTIONS.map((k) => [k.name, k]));
const serverByName: ReadonlyMap<string, ServerOption> = new Map(SERVER_OPTIONS.map((k) => [k.name, k]));
const sectionNames: ReadonlySet<string> = new Set(SECTION_NAMES);

/** `bind` option by name, if HAProxy 2.6 knows it. */
export function findBindOption(name: string): BindOption | undefined {
  return bindByName.get(name);
}

/** `server` / `default-server` option by name (including `no-*` spellings). */
export function findServerOption(name: string): ServerOption | undefined {
  return serverByName.get(name);
}

/** True when `word` opens a configuration section. */
export function isSectionName(word: string): word is SectionName {
  return sectionNames.has(word);
}

/** The part of an action word that is matched against the action lists. */
export function actionBaseName(word: string): string {
  const paren = word.indexOf('(');
  return paren === -1 ? word : word.slice(0, paren);
}