/**
 * The lb.cfg that HAProxy and tslb both run, byte for byte the same file:
 * what a plain HAProxy user writes for "one frontend, one backend, one
 * server" — default `http-reuse safe`, no logging, no health checks.
 *
 * `maxconn` leaves room for the 10,000 idle connections of scenario (e): a
 * frontend's maxconn defaults to the global one (HAProxy 2.6 configuration.txt
 * §4.2 "maxconn"). HAProxy reserves two fds per connection and, with the
 * default `strict-limits`, refuses to start when it cannot raise its limit
 * that far (a 20,000-fd hard limit is common): `no strict-limits` lets it
 * start with what it can get, which is plenty for idle client connections.
 */
export interface LbConfigOptions {
  /** 'http-cookie': HTTP mode with `cookie SRV insert indirect nocache` and `option httpchk` (scenario f). */
  readonly mode: 'http' | 'tcp' | 'http-cookie';
  readonly proxyPort: number;
  readonly serverPort: number;
  readonly maxconn: number;
}

export function lbConfig(options: LbConfigOptions): string {
  const http = options.mode !== 'tcp';
  const cookie = options.mode === 'http-cookie';
  return `# tslb benchmark (${options.mode} mode): the same file runs under HAProxy and tslb.
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
    default_backend be_nginx

backend be_nginx
${cookie ? '    cookie SRV insert indirect nocache\n    option httpchk GET /small\n' : ''}    server nginx 127.0.0.1:${options.serverPort}${cookie ? ' check inter 2s cookie s1' : ''}
`;
}
