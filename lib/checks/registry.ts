/**
 * Check kinds by name (HAProxy's `option httpchk`, `option tcp-check` ...),
 * and what of the check configuration tslb does not run yet — refused at
 * start by runtime/support.ts rather than silently ignored.
 */
import type { CheckKind, CheckSettings } from '../config/model/checks.js';
import type { Proxy } from '../config/model/proxy.js';
import type { HealthCheck } from './check.js';
import { httpCheck } from './http.js';
import { mysqlCheck } from './mysql.js';
import { pgsqlCheck } from './pgsql.js';
import { redisCheck } from './redis.js';
import { tcpCheck } from './tcp.js';
import { tcpCheckRules } from './tcp-check.js';

type Factory<K extends CheckKind['kind']> = (settings: CheckSettings, kind: Extract<CheckKind, { kind: K }>) => HealthCheck;

const KINDS: { readonly [K in CheckKind['kind']]?: Factory<K> } = {
  tcp: () => tcpCheck(),
  http: (settings) => httpCheck(settings),
  'tcp-check': (settings) => tcpCheckRules(settings),
  redis: () => redisCheck(),
  mysql: (_s, kind) => mysqlCheck(kind),
  pgsql: (_s, kind) => pgsqlCheck(kind.user),
};

/** The option naming each kind, for messages. */
const OPTION: Record<CheckKind['kind'], string> = {
  tcp: 'check',
  http: 'option httpchk',
  'tcp-check': 'option tcp-check',
  redis: 'option redis-check',
  mysql: 'option mysql-check',
  pgsql: 'option pgsql-check',
  smtp: 'option smtpchk',
  'ssl-hello': 'option ssl-hello-chk',
  ldap: 'option ldap-check',
};

/** The health check of a backend's check settings (its kind must be implemented). */
export function healthCheckFor(settings: CheckSettings): HealthCheck {
  const factory = KINDS[settings.kind.kind] as Factory<CheckKind['kind']> | undefined;
  if (!factory) throw new Error(`${OPTION[settings.kind.kind]} is not implemented`);
  return factory(settings, settings.kind);
}

const hasFormat = (s: string | undefined): boolean => s !== undefined && s.includes('%');

/** Why this backend's checks cannot run as configured (empty: they can). */
export function unimplementedChecks(p: Proxy): string[] {
  const out: string[] = [];
  for (const s of p.servers) {
    const at = `server '${s.name}' (line ${s.place.line})`;
    if (!s.check && !s.agent.enabled) continue;
    if (s.checkSsl || s.checkSendProxy) out.push(`${at}: 'check-ssl' and 'check-send-proxy' are not implemented yet`);
    if (s.observe) out.push(`${at}: 'observe' (and 'on-error') is not implemented yet`);
    if (s.track) out.push(`${at}: 'track' is not implemented yet`);
    if (s.agent.enabled && s.address.kind === 'unix' && s.agent.addr === undefined) out.push(`${at}: 'agent-check' on a UNIX socket server needs 'agent-addr'`);
    const portless = s.address.kind === 'inet' && s.address.port.kind !== 'fixed';
    if (s.check && portless && s.checkPort === undefined) out.push(`${at}: 'check' on a server without a fixed port needs 'port'`);
  }
  if (p.servers.some((s) => s.check)) out.push(...kindFeatures(p));
  return out;
}

function kindFeatures(p: Proxy): string[] {
  const out: string[] = [];
  const c = p.check;
  const option = OPTION[c.kind.kind];
  if (!KINDS[c.kind.kind]) out.push(`'${option}' is not implemented yet`);
  if (c.disableOn404) out.push("'http-check disable-on-404' is not implemented yet");
  if (c.sendState) out.push("'http-check send-state' is not implemented yet");
  const rules = c.kind.kind === 'http' ? c.httpRules : c.kind.kind === 'tcp-check' ? c.tcpRules : [];
  const keyword = c.kind.kind === 'http' ? 'http-check' : 'tcp-check';
  let sends = 0;
  let connects = 0;
  for (const r of rules) {
    const at = `'${keyword} ${r.type}' at line ${r.place.line}`;
    if (r.type === 'set-var' || r.type === 'unset-var') out.push(`${at}: check variables are not implemented yet`);
    if (r.type === 'connect') {
      connects++;
      if (r.ssl || r.sendProxy || r.portExpr !== undefined || r.proto === 'h2' || r.alpn || r.sni !== undefined) {
        out.push(`${at}: 'ssl', 'send-proxy', 'alpn', 'sni', 'proto h2' and port expressions are not implemented yet`);
      }
    }
    if (r.type === 'send' && 'headers' in r) {
      sends++;
      if (r.uriLogFormat || r.bodyLogFormat || r.headers.some((h) => hasFormat(h.value))) out.push(`${at}: log-format values ('uri-lf', 'body-lf', '%' in a header) are not implemented yet`);
    }
    if ((r.type === 'send' || r.type === 'send-binary') && 'logFormat' in r && r.logFormat) out.push(`${at}: '-lf' variants are not implemented yet`);
    if (r.type === 'expect') {
      const kind = 'expect' in r ? r.expect.kind : r.match;
      if (kind === 'hdr' || kind === 'fhdr' || kind === 'string-lf' || kind === 'binary-lf') out.push(`${at}: 'expect ${kind}' is not implemented yet`);
      if (r.statusCode !== undefined || r.onSuccess !== undefined || r.onError !== undefined) out.push(`${at}: 'status-code', 'on-success' and 'on-error' are not implemented yet`);
    }
  }
  if (c.kind.kind === 'http' && (sends > 1 || connects > 1)) out.push("several 'http-check send' or 'http-check connect' rules (one request per check only) are not implemented yet");
  return out;
}
