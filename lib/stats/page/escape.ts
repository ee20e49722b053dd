/**
 * Escaping for the dashboard's HTML: every proxy name, server name, status,
 * check description and info value goes through one of these, so a name
 * such as `<script>` or `"onmouseover=` prints as text.
 */

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JSON for a `<script type="application/json">` element: `<` (and so
 * `</script>` and `<!--`) and the JS line separators are escaped, which
 * JSON.parse reads back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
