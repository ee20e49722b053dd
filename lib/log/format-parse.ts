/**
 * Splits a log-format string (configuration manual 8.2.6) into tokens:
 *
 *   "%ci:%cp [%tr] %{+Q}r %[var(txn.x)]"
 *     var ci, text ':', var cp, sep, text '[', var tr, text ']', sep,
 *     var r (+Q), sep, expr 'var(txn.x)'
 *
 * Spaces are separators and a run of them is one separator, as in HAProxy
 * (the line builder decides whether a separator prints). `%%` is a percent
 * sign. `%{+Q,-E}` sets flags for the variable it prefixes; `%{+Q}o` sets
 * them for every variable after it and prints nothing. Unknown flags are
 * ignored, as HAProxy does. Errors use HAProxy's wording.
 */
import { NO_FLAGS, type FormatFlags } from './format-text.js';

export type FormatToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'sep' }
  | { readonly kind: 'var'; readonly name: string; readonly flags: FormatFlags }
  | { readonly kind: 'expr'; readonly expr: string; readonly flags: FormatFlags };

export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';
}

function applyFlags(base: FormatFlags, args: string): FormatFlags {
  let { quote, hex, escape } = base;
  for (const a of args.split(',')) {
    const on = a[0] === '+';
    if (!on && a[0] !== '-') continue;
    const name = a.slice(1);
    if (name === 'Q') quote = on;
    else if (name === 'X') hex = on;
    else if (name === 'E') escape = on;
  }
  return quote === base.quote && hex === base.hex && escape === base.escape ? base : { quote, hex, escape };
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The index of the ']' closing a sample expression that starts at `from` (outside parentheses and quotes), or -1. */
function expressionEnd(text: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ']' && depth === 0) return i;
  }
  return -1;
}

/** Tokenizes `text`; throws LogFormatError with HAProxy's message for malformed input. */
export function parseLogFormat(text: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let defaults = NO_FLAGS;
  let lit = '';
  const flush = (): void => {
    if (lit) tokens.push({ kind: 'text', text: lit });
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === ' ') {
      flush();
      if (tokens.at(-1)?.kind !== 'sep') tokens.push({ kind: 'sep' });
      continue;
    }
    if (ch !== '%') {
      lit += ch;
      continue;
    }
    if (text[i + 1] === '%') {
      lit += '%';
      i++;
      continue;
    }
    if (i + 1 >= text.length) throw new LogFormatError(`truncated line after '%'`);
    flush();
    let j = i + 1;
    let flags = defaults;
    let args: string | undefined;
    if (text[j] === '{') {
      const close = text.indexOf('}', j + 1);
      if (close < 0) throw new LogFormatError(`truncated line after '${text.slice(j + 1)}'`);
      args = text.slice(j + 1, close);
      flags = applyFlags(defaults, args);
      j = close + 1;
    }
    if (text[j] === '[') {
      const end = expressionEnd(text, j + 1);
      if (end < 0) throw new LogFormatError(`missing ']' after '${text.slice(j + 1)}'`);
      tokens.push({ kind: 'expr', expr: text.slice(j + 1, end), flags });
      i = end;
      continue;
    }
    let k = j;
    while (k < text.length && isLetter(text.charCodeAt(k))) k++;
    const name = text.slice(j, k);
    if (name === '') {
      if (args !== undefined) throw new LogFormatError(`parse argument modifier without variable name near '%{${args}}'`);
      throw new LogFormatError(`no such format variable ''. If you wanted to emit the '%' character verbatim, you need to use '%%'`);
    }
    if (name === 'o') defaults = flags;
    else tokens.push({ kind: 'var', name, flags });
    i = k - 1;
  }
  flush();
  return tokens;
}
