/**
 * Switching rules: use_backend / default_backend targets exist and have a
 * mode the frontend can use (an HTTP frontend cannot use a TCP backend).
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Draft } from '../draft.js';
import type { Place } from '../model/common.js';
import type { Proxy } from '../model/proxy.js';
import { hasBackend, hasFrontend } from '../model/proxy.js';
import type { Parsed } from '../parser.js';
import { didYouMean } from '../suggest.js';
import { ref } from './util.js';

export function checkSwitching(parsed: Parsed, diags: Diagnostics): void {
  const { proxies } = parsed;
  const backends = proxies.filter((p) => hasBackend(p.kind));
  const findBackend = (name: string): Draft<Proxy> | undefined => backends.find((b) => b.name === name);

  // Switching rules: targets exist and have a compatible mode.
  for (const p of proxies) {
    if (!hasFrontend(p.kind)) continue;
    const targets: { name: string; place: Place; what: string }[] = p.useBackends
      .filter((u) => !u.dynamic)
      .map((u) => ({ name: u.backend, place: u.place, what: 'use_backend' }));
    if (p.defaultBackend !== undefined) targets.push({ name: p.defaultBackend, place: p.places['default_backend'] ?? p.place, what: 'default_backend' });
    for (const t of targets) {
      const be = findBackend(t.name);
      if (!be) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_BACKEND', {
          message: `unable to find required ${t.what}: '${t.name}'`,
          place: t.place,
          section: ref(p),
          keyword: t.what,
          hint: didYouMean(t.name, backends.map((b) => b.name)),
        });
      } else if (p.mode === 'http' && be.mode === 'tcp') {
        diags.report('TSLB_ERR_CFG_NOT_ALLOWED', {
          message: `http ${p.kind} '${p.name}' tries to use incompatible tcp backend '${be.name}' (${be.place.file}:${be.place.line}) in '${t.what}' (see 'mode')`,
          place: t.place,
          section: ref(p),
          keyword: t.what,
        });
      }
    }
  }
}
