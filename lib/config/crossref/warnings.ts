/**
 * HAProxy's whole-configuration warnings: a log format without a log target,
 * a frontend without bind, missing timeouts, defaults used both ways.
 */
import type { Diagnostics } from '../diagnostics.js';
import { hasBackend, hasFrontend } from '../model/proxy.js';
import type { Parsed } from '../parser.js';
import { ref } from './util.js';

export function warnProxies(parsed: Parsed, diags: Diagnostics): void {
  const { proxies, global } = parsed;

  // A log format with nowhere to send the lines (after `log global` is resolved).
  for (const p of proxies) {
    if (!hasFrontend(p.kind) || p.logFormat.kind === 'default') continue;
    const targets = p.logs.flatMap((t) => (t.global ? global.logs : [t]));
    if (targets.length === 0) {
      diags.report('TSLB_WRN_CFG_NO_LOG_TARGET', {
        message: `log format ignored for ${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}' since it has no log address`,
        place: p.place,
        section: ref(p),
      });
    }
  }

  // A frontend side with nothing to listen on.
  for (const p of proxies) {
    if (!hasFrontend(p.kind) || p.disabled || p.binds.length > 0) continue;
    diags.report('TSLB_WRN_CFG_NO_BIND', {
      message: `${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}' has no 'bind' directive; declare it as a backend if this was intended`,
      place: p.place,
      section: ref(p),
    });
  }

  // Timeouts HAProxy warns about when missing.
  for (const p of proxies) {
    if (p.disabled) continue;
    const fe = hasFrontend(p.kind);
    const be = hasBackend(p.kind);
    const missing: string[] = [];
    if (fe && !p.timeouts.client) missing.push('client');
    if (be && !p.timeouts.connect) missing.push('connect');
    if (be && !p.timeouts.server) missing.push('server');
    if (missing.length > 0) {
      diags.report('TSLB_WRN_CFG_MISSING_TIMEOUTS', {
        message: `missing timeouts for ${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}': set ${missing.map((m) => `'timeout ${m}'`).join(', ')} to non-zero values`,
        place: p.place,
        section: ref(p),
      });
    }
  }

  // A defaults section used both explicitly and implicitly: HAProxy warns on
  // each use that mixes with an earlier use of the other kind.
  for (const [d, uses] of parsed.defaultsUse) {
    uses.forEach((use, i) => {
      if (!uses.slice(0, i).some((u) => u.explicit !== use.explicit)) return;
      diags.report('TSLB_WRN_CFG_DEFAULTS_MIXED', {
        message: `defaults section '${d.name}' (${d.place.file}:${d.place.line}) is used both explicitly with 'from' and implicitly as the last defaults section; don't mix both uses`,
        place: use.place,
      });
    });
  }
}
