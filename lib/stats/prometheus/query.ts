/**
 * The query string of a Prometheus exporter request (`/metrics?scope=...`),
 * read the way HAProxy 2.6's exporter reads it (checked against 2.6.12 by
 * test/stats/prometheus-query.test.ts):
 *
 *   - parameters are split on '&', then at their first '='; empty ones are
 *     skipped; keys and values are percent-decoded, and a bad escape
 *     anywhere (`%`, `%zz`) refuses the whole request (400);
 *   - `scope=<name>` adds one group of metrics: global, frontend, listener,
 *     backend, server, sticktable, or `*` for all of them; names are
 *     case-sensitive and an unknown one refuses the request; an empty
 *     `scope=` removes every group chosen so far (`scope=&scope=server` is
 *     the server group alone); `scope` without '=' is refused;
 *   - without any `scope`, every group is exported;
 *   - `no-maint` (with or without a value, even `no-maint=0`) leaves out the
 *     servers in maintenance;
 *   - anything else is ignored.
 *
 * A decoded NUL ends a key or value, as it ends the C string HAProxy
 * compares (`scope=global%00` is `global`).
 */

/** The groups of metrics, in the order the exporter writes them. */
export const SCOPES = ['global', 'frontend', 'listener', 'backend', 'server', 'sticktable'] as const;

export type Scope = (typeof SCOPES)[number];

export interface MetricsQuery {
  /** The groups to export. */
  readonly scopes: ReadonlySet<Scope>;
  /** Leave out servers in maintenance (MAINT, MAINT (via ...), MAINT (resolution)). */
  readonly noMaint: boolean;
}

/** A parsed query, or why HAProxy would answer 400 Bad Request. */
export type QueryResult = { readonly ok: true; readonly query: MetricsQuery } | { readonly ok: false; readonly reason: string };

/** Every group, no filter: what a request without a query string exports. */
export const DEFAULT_QUERY: MetricsQuery = Object.freeze({ scopes: new Set<Scope>(SCOPES), noMaint: false });

const SCOPE_NAMES: ReadonlySet<string> = new Set(SCOPES);

/** Percent-decodes `text`, or undefined on a malformed escape. '+' stays '+' (it never matters here). */
function decode(text: string): string | undefined {
  if (!text.includes('%')) return cutAtNul(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    out += String.fromCharCode(parseInt(hex, 16));
    i += 2;
  }
  return cutAtNul(out);
}

function cutAtNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/** Parses the part of the request URI after '?' (a leading '?' is tolerated). */
export function parseMetricsQuery(query: string): QueryResult {
  const text = query.startsWith('?') ? query.slice(1) : query;
  let scopes: Set<Scope> | undefined;
  let noMaint = false;
  for (const param of text.split('&')) {
    if (param === '') continue;
    const eq = param.indexOf('=');
    const key = decode(eq < 0 ? param : param.slice(0, eq));
    const value = eq < 0 ? undefined : decode(param.slice(eq + 1));
    if (key === undefined || (value === undefined && eq >= 0)) return { ok: false, reason: `malformed percent-encoding in '${param}'` };
    if (key === 'no-maint') noMaint = true;
    else if (key === 'scope') {
      if (value === undefined) return { ok: false, reason: "'scope' needs a value" };
      scopes ??= new Set();
      if (value === '') scopes.clear();
      else if (value === '*') for (const s of SCOPES) scopes.add(s);
      else if (SCOPE_NAMES.has(value)) scopes.add(value as Scope);
      else return { ok: false, reason: `unknown scope '${value}'` };
    }
  }
  return { ok: true, query: { scopes: scopes ?? DEFAULT_QUERY.scopes, noMaint } };
}
