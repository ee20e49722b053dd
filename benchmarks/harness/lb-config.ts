/**
 * The lb.cfg that HAProxy and tslb both run, byte for byte the same file:
 * what a plain HAProxy user writes for "one frontend, one backend, one
 * server" — default `http-reuse safe`, no logging, no health checks.
 * The one exception is 'http-log' (scenario h): its `log` target differs,
 * since tslb writes to a file (`file@<path>`, a tslb extension) where
 * HAProxy can only send datagrams, so each gets its own file.
 *
 * `maxconn` leaves room for the 10,000 idle connections of scenario (e): a
 * frontend's maxconn defaults to the global one (HAProxy 2.6 configuration.txt
 * §4.2 "maxconn"). HAProxy reserves two fds per connection and, with the
 * default `strict-limits`, refuses to start when it cannot raise its limit
 * that far (a 20,000-fd hard limit is common): `no strict-limits` lets it
 * start with what it can get, which is plenty for idle client connections.
 */
export interface LbConfigOptions {
  /**
   * 'http-cookie': HTTP mode with `cookie SRV insert indirect nocache` and `option httpchk` (scenario f).
   * 'http-acl': HTTP mode with 200 ACLs and 100 `use_backend` rules (scenario g, see aclRules()).
   * 'http-log': HTTP mode with `option httplog`, a `log` target and `use-service prometheus-exporter`
   * on /metrics (scenario h).
   */
  readonly mode: 'http' | 'tcp' | 'http-cookie' | 'http-acl' | 'http-log';
  readonly proxyPort: number;
  readonly serverPort: number;
  readonly maxconn: number;
  /** 'http-acl': where the pattern file of ACL_PATTERN_FILE is written (its `-f` argument). */
  readonly patternFile?: string | undefined;
  /**
   * 'http-log': the target of the frontend's `log` line — `file@<path>` for
   * tslb, `127.0.0.1:<udp port>` for HAProxy.
   */
  readonly logTarget?: string | undefined;
  /** 'http-log': the port of the frontend that answers /metrics (a dedicated one, as HAProxy's documentation sets it up). */
  readonly metricsPort?: number | undefined;
}

/** Backends the use_backend rules of 'http-acl' spread over (all the same nginx). */
const ACL_BACKENDS = 20;

/** The `-f` pattern file of 'http-acl': 50 path prefixes, as a deny or routing list might hold. */
export const ACL_PATTERN_FILE = `# path prefixes (tslb benchmark, scenario g)\n${Array.from({ length: 50 }, (_, i) => `/legacy/app${i + 1}/`).join('\n')}\n`;

/**
 * The 200 ACLs of scenario (g), a realistic mix of criteria, in pairs: pair
 * k is used by use_backend rule k (1..99). Nothing here matches the
 * benchmark request (`GET /small`, `Host: 127.0.0.1:<port>`, from
 * 127.0.0.1, no query, no cookie, no user-agent); the last pair (rule 100)
 * does.
 */
function aclLines(patternFile: string): string[] {
  // One generator per kind; pairs draw from the kinds in turn so that every rule mixes two kinds.
  const kinds: ((n: number) => string)[] = [
    (n) => `path_beg /svc${n}/ /api/v${(n % 3) + 1}/svc${n}/`,
    (n) => `hdr(host) -i svc${n}.example.com www.svc${n}.example.com`,
    (n) => `path_end .x${n} /feed${n}.xml`,
    (n) => `src 10.${n}.0.0/16 172.16.${n}.0/24 2001:db8:${n.toString(16)}::/48`,
    (n) => `path_beg /static${n}/`,
    (n) => `hdr_sub(user-agent) -i bot${n} crawler${n}`,
    (n) => `url_param(tenant) t${n} tenant-${n}`,
    (n) => `req.cook(pool) pool${n}`,
    (n) => `hdr_dom(host) -i tenant${n}.example.net`,
    (n) => `method ${['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST'][n % 5]}`,
    (n) => `path_sub /internal${n}/`,
    (n) => `hdr_end(host) -i .svc${n}.internal`,
    (n) => `path_dir admin${n}`,
    (n) => (n % 4 === 0 ? `path_reg ^/v[0-9]+/order${n}/[0-9]+$` : `path_beg /m${n}/ /mobile${n}/ /touch${n}/`),
  ];
  const defs = Array.from({ length: 198 }, (_, i) => (kinds[i % kinds.length] as (n: number) => string)(i + 1));
  // A few ACLs read the pattern file (every 40th).
  for (let i = 19; i < defs.length; i += 40) defs[i] = `path_beg -f ${patternFile} /old${i + 1}/`;
  const lines = defs.map((d, i) => `    acl r${Math.floor(i / 2) + 1}${i % 2 === 0 ? 'a' : 'b'} ${d}`);
  lines.push('    acl main_path path_beg /small /1mib.bin /static/', '    acl main_host hdr_beg(host) -i 127.0.0.1 localhost');
  return lines;
}

/** The 100 use_backend rules of scenario (g): `or`, `||` and negations, each evaluating both ACLs of its pair. */
function useBackendLines(): string[] {
  const lines: string[] = [];
  for (let k = 1; k <= 99; k++) {
    const be = `be_${String(((k - 1) % ACL_BACKENDS) + 1).padStart(2, '0')}`;
    const cond = [`r${k}a || r${k}b`, `r${k}a or r${k}b`, `!r${k}a r${k}b`][k % 3];
    lines.push(`    use_backend ${be} if ${cond}`);
  }
  lines.push('    use_backend be_nginx if main_path main_host');
  return lines;
}

export function lbConfig(options: LbConfigOptions): string {
  const http = options.mode !== 'tcp';
  const cookie = options.mode === 'http-cookie';
  const acl = options.mode === 'http-acl';
  const logging = options.mode === 'http-log';
  const header = logging
    ? `# tslb benchmark (${options.mode} mode): HAProxy and tslb run this file with their own log target.`
    : `# tslb benchmark (${options.mode} mode): the same file runs under HAProxy and tslb.`;
  return `${header}
global
    nbthread 1
    maxconn ${options.maxconn}
    # maxconn needs ~2 fds per connection; start with what ulimit -n allows
    no strict-limits

defaults
    mode ${http ? 'http' : 'tcp'}
${http ? '    option http-keep-alive\n' : ''}    timeout connect 5s
    timeout client 60s
    timeout server 60s
${http ? '    timeout http-keep-alive 60s\n' : ''}
frontend fe_bench
    bind 127.0.0.1:${options.proxyPort}
${logging ? logLines(options.logTarget ?? 'stdout') : ''}${acl ? `${[...aclLines(options.patternFile ?? 'patterns.lst'), ...useBackendLines()].join('\n')}\n    default_backend be_fallback\n` : '    default_backend be_nginx\n'}
${logging ? metricsFrontend(options.metricsPort ?? options.proxyPort + 1) : ''}${acl ? aclBackends(options.serverPort) : ''}backend be_nginx
${cookie ? '    cookie SRV insert indirect nocache\n    option httpchk GET /small\n' : ''}    server nginx 127.0.0.1:${options.serverPort}${cookie ? ' check inter 2s cookie s1' : ''}
`;
}

/** The other backends of scenario (g): be_01..be_20 and be_fallback, all the same nginx. */
function aclBackends(serverPort: number): string {
  const names = [...Array.from({ length: ACL_BACKENDS }, (_, i) => `be_${String(i + 1).padStart(2, '0')}`), 'be_fallback'];
  return names.map((n) => `backend ${n}\n    server nginx 127.0.0.1:${serverPort}\n\n`).join('');
}

/** The frontend lines of 'http-log' (scenario h): access logs to `target`. */
function logLines(target: string): string {
  return `    option httplog\n    log ${target} local0\n`;
}

/** 'http-log': the Prometheus exporter on a frontend of its own, as HAProxy's documentation sets it up (not logged). */
function metricsFrontend(port: number): string {
  return `frontend prometheus\n    bind 127.0.0.1:${port}\n    no log\n    http-request use-service prometheus-exporter if { path /metrics }\n\n`;
}
