/**
 * HAProxy regular expressions as JavaScript RegExp.
 *
 * HAProxy 2.6 compiles `-m reg` patterns, `*_reg` ACLs and the regex of
 * replace-header / replace-value / replace-path / replace-uri with PCRE2
 * (configuration manual 7.1.3, "Matching regular expressions"). tslb runs
 * them as JavaScript regular expressions, which share PCRE's everyday
 * syntax. Leading inline flags such as `(?i)` are common in HAProxy
 * configurations and have no JavaScript spelling on Node 20, so they become
 * RegExp flags; anything else JavaScript cannot compile (possessive
 * quantifiers, atomic groups, other inline flags) is refused at load time
 * rather than failing at run time. Load time and run time both compile
 * through this function so they always agree.
 */

export type RegexResult = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly message: string };

/** `(?i)`, `(?s)`, `(?m)` and their combinations at the very start of a pattern. */
const LEADING_FLAGS = /^\(\?([ims]+)\)/;

export function compileRegex(pattern: string, ignoreCase = false): RegexResult {
  let source = pattern;
  let flags = ignoreCase ? 'i' : '';
  const lead = LEADING_FLAGS.exec(pattern);
  if (lead) {
    source = pattern.slice(lead[0].length);
    for (const f of lead[1] as string) if (!flags.includes(f)) flags += f;
  }
  try {
    return { ok: true, regex: new RegExp(source, flags) };
  } catch (err) {
    const why = (err as Error).message.replace(/^Invalid regular expression: /, '');
    return { ok: false, message: `regex '${pattern}' does not compile as a JavaScript regular expression (${why})` };
  }
}
