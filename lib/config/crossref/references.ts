/**
 * Names that point at other sections: unique proxy ids, http-errors sections
 * named by errorfiles, stick tables named by track-sc and stick rules.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Draft } from '../draft.js';
import type { Place } from '../model/common.js';
import type { Proxy } from '../model/proxy.js';
import type { Parsed } from '../parser.js';
import { ruleSets } from '../rule-sets.js';
import { didYouMean } from '../suggest.js';
import { ref } from './util.js';

export function checkReferences(parsed: Parsed, diags: Diagnostics): void {
  const { proxies } = parsed;

  // Proxy ids are unique across all proxies.
  const proxyIds = new Map<number, Draft<Proxy>>();
  for (const p of proxies) {
    if (p.id === undefined) continue;
    const prev = proxyIds.get(p.id);
    if (prev) {
      diags.report('TSLB_ERR_CFG_DUPLICATE', {
        message: `${p.kind} ${p.name} reuses same custom id as ${prev.kind} ${prev.name} (declared at ${prev.place.file}:${prev.place.line})`,
        place: p.place,
        section: ref(p),
        keyword: 'id',
      });
    } else {
      proxyIds.set(p.id, p);
    }
  }

  // errorfiles and http-errors sections.
  for (const p of proxies) {
    const seen = new Set<string>();
    for (const e of p.errorFiles) {
      if (e.kind !== 'http-errors' || seen.has(e.value) || parsed.httpErrors.some((h) => h.name === e.value)) continue;
      seen.add(e.value);
      diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
        message: `unable to find http-errors section '${e.value}' referenced by 'errorfiles'`,
        place: e.place,
        section: ref(p),
        keyword: 'errorfiles',
        hint: didYouMean(e.value, parsed.httpErrors.map((h) => h.name)),
      });
    }
  }

  // Stick tables named by track-sc and stick rules, or the proxy's own table.
  const tables = new Set(proxies.filter((p) => p.stickTable).map((p) => p.name));
  for (const p of proxies) {
    const uses: { table: string | undefined; place: Place; what: string }[] = [];
    for (const [, rules] of ruleSets(p.rules)) {
      for (const r of rules) if (r.action.type === 'track-sc') uses.push({ table: r.action.table, place: r.place, what: `track-sc${r.action.slot}` });
    }
    for (const s of p.stickRules) uses.push({ table: s.table, place: s.place, what: `stick ${s.kind}` });
    for (const u of uses) {
      if (u.table === undefined ? p.stickTable !== undefined : tables.has(u.table)) continue;
      diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
        message:
          u.table === undefined
            ? `'${u.what}' uses the stick-table of ${p.kind} '${p.name}', which has none`
            : `unable to find stick-table '${u.table}' for '${u.what}'`,
        place: u.place,
        section: ref(p),
        keyword: u.what,
        hint: u.table === undefined ? undefined : didYouMean(u.table, [...tables]),
      });
    }
  }
}
