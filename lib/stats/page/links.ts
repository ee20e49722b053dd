/**
 * Links to the stats page itself: the URI prefix, its `;` modifiers and the
 * scope, in the shape HAProxy 2.6 writes them (`/stats;up;norefresh?scope=app`).
 */

export type StatsModifier = 'csv' | 'json' | 'up' | 'norefresh';

/** The stats URI with `modifiers` appended and, when not empty, `scope=` in the query. */
export function statsUrl(uri: string, modifiers: readonly StatsModifier[], scope?: string): string {
  const query = scope ? `${uri.includes('?') ? '&' : '?'}scope=${encodeURIComponent(scope)}` : '';
  return uri + modifiers.map((m) => `;${m}`).join('') + query;
}
