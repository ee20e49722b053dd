/**
 * Servers: use-server targets, tracking, unique ids, cookie values, resolvers,
 * and health-check / TLS settings that cannot work as written.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Draft } from '../draft.js';
import type { Place } from '../model/common.js';
import type { Proxy } from '../model/proxy.js';
import { hasBackend } from '../model/proxy.js';
import type { Parsed } from '../parser.js';
import { didYouMean } from '../suggest.js';
import { ref } from './util.js';

export function checkServers(parsed: Parsed, diags: Diagnostics): void {
  const { proxies, global } = parsed;
  const backends = proxies.filter((p) => hasBackend(p.kind));
  const findBackend = (name: string): Draft<Proxy> | undefined => backends.find((b) => b.name === name);

  // Servers: use-server targets, tracking, unique ids, cookies.
  for (const p of backends) {
    for (const u of p.useServers) {
      if (!p.servers.some((s) => s.name === u.server)) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_SERVER', {
          message: `use-server: unable to find server '${u.server}' in ${p.kind} '${p.name}'`,
          place: u.place,
          section: ref(p),
          keyword: 'use-server',
          hint: didYouMean(u.server, p.servers.map((s) => s.name)),
        });
      }
    }
    for (const s of p.servers) {
      if (!s.track) continue;
      const be = s.track.backend === undefined ? p : findBackend(s.track.backend);
      const target = be?.servers.find((x) => x.name === s.track?.server);
      const label = `${s.track.backend ?? p.name}/${s.track.server}`;
      if (!be) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_SERVER', {
          message: `'server ${p.name}/${s.name}' : unable to find required proxy '${s.track.backend}' for tracking`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
        });
      } else if (!target) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_SERVER', {
          message: `'server ${p.name}/${s.name}' : unable to find required server '${label}' for tracking`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
          hint: didYouMean(s.track.server, be.servers.map((x) => x.name)),
        });
      } else if (s.check) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `'server ${p.name}/${s.name}' : unable to enable checks and tracking at the same time`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
        });
      } else if (!target.check && !target.agent.enabled && !target.track) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `'server ${p.name}/${s.name}' : unable to use ${label} for tracking as it does not have any check nor agent enabled`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
        });
      }
    }
    const ids = new Map<number, string>();
    for (const s of p.servers) {
      if (s.id === undefined) continue;
      const prev = ids.get(s.id);
      if (prev !== undefined) {
        diags.report('TSLB_ERR_CFG_DUPLICATE', {
          message: `'server ${p.name}/${s.name}' : custom id ${s.id} already used by server '${prev}'`,
          place: s.place,
          section: ref(p),
          keyword: 'id',
        });
      } else {
        ids.set(s.id, s.name);
      }
    }
    if (p.cookie && p.mode === 'http') {
      for (const s of p.servers) {
        if (s.cookie === undefined) {
          diags.report('TSLB_WRN_CFG_COOKIE', {
            message: `server '${s.name}' has no 'cookie' value while ${p.kind} '${p.name}' uses cookie persistence: its clients get a deletion cookie and are balanced again on every request`,
            place: s.place,
            section: ref(p),
          });
        }
      }
    }
    for (const s of p.servers) {
      if (s.resolvers !== undefined && !parsed.resolvers.some((r) => r.name === s.resolvers)) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
          message: `'server ${p.name}/${s.name}' : unable to find resolvers '${s.resolvers}'`,
          place: s.place,
          section: ref(p),
          keyword: 'resolvers',
        });
      }
    }
  }

  // Health-check and TLS settings that cannot work as written.
  for (const p of backends) {
    const check = p.check;
    const unused: [readonly { place: Place }[], string, string][] = [
      [check.httpRules, 'http-check', 'option httpchk'],
      [check.tcpRules, 'tcp-check', 'option tcp-check'],
    ];
    for (const [rules, family, option] of unused) {
      const first = rules[0];
      const active = family === 'http-check' ? check.kind.kind === 'http' : check.kind.kind === 'tcp-check';
      if (first && !active) {
        diags.report('TSLB_WRN_CFG_NO_EFFECT', {
          message: `${p.kind} '${p.name}' uses ${family} rules without '${option}', so the rules are ignored`,
          place: first.place,
          section: ref(p),
        });
      }
    }
    // HAProxy looks for a port in the first tcp-check connect rule only.
    const connectPort = check.kind.kind === 'tcp-check' && check.tcpRules.some((r) => r.type === 'connect' && (r.port !== undefined || r.portExpr !== undefined));
    for (const s of p.servers) {
      if (s.check && s.checkPort === undefined && s.address.kind === 'inet' && s.address.port.kind !== 'fixed' && !connectPort) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `server '${s.name}' has neither service port nor check port nor tcp-check rule 'connect' with port information`,
          place: s.place,
          section: ref(p),
          hint: "add a port to the address or 'port <n>' to the server",
        });
      }
      const verify = s.verify ?? global.sslServerVerify;
      if ((s.ssl || s.checkSsl) && verify === 'required' && s.caFile === undefined) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `'server ${p.name}/${s.name}' : verify is enabled by default but no CA file specified`,
          place: s.place,
          section: ref(p),
          hint: "set 'ca-file <file>', or 'verify none' on the server line (or 'ssl-server-verify none' in global) where the server can be trusted",
        });
      }
    }
  }
}
