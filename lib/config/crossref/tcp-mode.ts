/**
 * HTTP-only settings of TCP proxies are dropped from the model with a warning,
 * as HAProxy ignores them; layer-7 hashing falls back to round robin.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Place } from '../model/common.js';
import { hasBackend, hasFrontend } from '../model/proxy.js';
import type { Parsed } from '../parser.js';
import { ref } from './util.js';

export function settleTcpMode(parsed: Parsed, diags: Diagnostics): void {
  const { proxies } = parsed;

  // HTTP-only settings of TCP proxies are ignored, as in HAProxy; each
  // warning points at the statement concerned.
  for (const p of proxies) {
    if (p.mode === 'http') continue;
    const at = (keyword: string): Place => p.places[keyword] ?? p.place;
    const warn = (message: string, place: Place, code: 'TSLB_WRN_CFG_HTTP_IN_TCP' | 'TSLB_WRN_CFG_COOKIE' = 'TSLB_WRN_CFG_HTTP_IN_TCP'): void =>
      diags.report(code, { message, place, section: ref(p) });
    const label = `${p.kind} '${p.name}'`;
    const httpSets = [
      ['http-request', 'httpRequest'],
      ['http-response', 'httpResponse'],
      ['http-after-response', 'httpAfterResponse'],
      ['redirect', 'redirect'],
    ] as const;
    for (const [name, key] of httpSets) {
      const first = p.rules[key][0];
      if (first) {
        warn(`'${name}' rules ignored for ${label} as they require HTTP mode`, first.place);
        p.rules[key] = [];
      }
    }
    if (hasBackend(p.kind) && p.cookie) {
      warn(`cookie will be ignored for ${label} (needs 'mode http')`, at('cookie'), 'TSLB_WRN_CFG_COOKIE');
      delete p.cookie;
      for (const s of p.servers) {
        if (s.cookie !== undefined) warn(`ignoring cookie for server '${s.name}' as HTTP mode is disabled`, s.place, 'TSLB_WRN_CFG_COOKIE');
      }
    }
    if (hasBackend(p.kind) && ['uri', 'url_param', 'hdr'].includes(p.balance.kind)) {
      warn(`Layer 7 hash not possible for ${label} (needs 'mode http'); falling back to round robin`, at('balance'));
      p.balance = { kind: 'roundrobin' };
    }
    if (p.stats.enabled) {
      warn(`'stats' statement ignored for ${label} as it requires HTTP mode`, p.place);
      p.stats.enabled = false;
    }
    if (p.forwardFor) {
      warn(`'option forwardfor' ignored for ${label} as it requires HTTP mode`, at('option forwardfor'));
      delete p.forwardFor;
    }
    if (hasFrontend(p.kind) && p.logFormat.kind === 'httplog') {
      warn(`'option httplog' not usable with ${label} (needs 'mode http'); falling back to 'option tcplog'`, at('option httplog'));
      p.logFormat = { kind: 'tcplog' };
    }
  }
}
