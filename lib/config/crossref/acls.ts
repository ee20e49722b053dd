/**
 * ACL references: a condition may only name a predefined ACL or one declared
 * above it in the same proxy; http_auth() and http_auth_group() name userlists.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Parsed } from '../parser.js';
import { PREDEFINED_ACLS } from '../predefined-acls.js';
import { didYouMean } from '../suggest.js';
import { conditionTerms, conditions, ref } from './util.js';

export function checkAclReferences(parsed: Parsed, diags: Diagnostics): void {
  const { proxies, defaults } = parsed;

  // ACL names in conditions: predefined, or declared in the same proxy above
  // the statement using them (HAProxy resolves them while parsing the rule).
  // A proxy never spans files, so comparing lines is enough.
  for (const p of [...defaults, ...proxies]) {
    const firstLine = new Map<string, number>();
    for (const a of p.acls) if (!firstLine.has(a.name)) firstLine.set(a.name, a.place.line);
    for (const { cond, place, what } of conditions(p)) {
      for (const term of conditionTerms(cond)) {
        if (term.kind !== 'acl' || PREDEFINED_ACLS.has(term.name)) continue;
        const declared = firstLine.get(term.name);
        if (declared !== undefined && declared < place.line) continue;
        diags.report('TSLB_ERR_CFG_UNKNOWN_ACL', {
          message:
            declared === undefined
              ? `no such ACL : '${term.name}' in '${what}' condition`
              : `no such ACL : '${term.name}' in '${what}' condition: it is declared below, at line ${declared}, and ACLs must be declared before the rules using them`,
          place,
          section: ref(p),
          keyword: what,
          hint: declared === undefined ? didYouMean(term.name, [...firstLine.keys(), ...PREDEFINED_ACLS]) : undefined,
        });
      }
    }
  }

  // Userlists named by http_auth() / http_auth_group() in ACLs.
  for (const p of [...defaults, ...proxies]) {
    const criteria = [
      ...p.acls.map((a) => ({ fetch: a.criterion.fetch, place: a.place })),
      ...[...conditions(p)].flatMap(({ cond, place }) =>
        [...conditionTerms(cond)].flatMap((term) => (term.kind === 'anonymous' ? [{ fetch: term.acl.fetch, place }] : [])),
      ),
    ];
    for (const { fetch, place } of criteria) {
      for (const m of fetch.matchAll(/\bhttp_auth(?:_group)?\(([^),]*)/g)) {
        const name = m[1] as string;
        if (parsed.userlists.some((u) => u.name === name)) continue;
        diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
          message: `unable to find userlist '${name}' referenced by '${m[0]})'`,
          place,
          section: ref(p),
          hint: didYouMean(name, parsed.userlists.map((u) => u.name)),
        });
      }
    }
  }
}
