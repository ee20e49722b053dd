/**
 * Splits one configuration line into words, with HAProxy 2.6's rules
 * (configuration manual, sections 2.2 "Quoting and escaping" and 2.3
 * "Environment variables"):
 *
 * - words are separated by unprotected spaces and tabs; an unprotected '#'
 *   starts a comment, even in the middle of a word;
 * - outside single quotes a backslash escapes ' ', '\\', '#', "'", '"', and
 *   produces \t, \n, \r and \xNN; '\$' is an escape only inside double quotes;
 *   any other backslash is kept as written (so '\1' stays '\1');
 * - double quotes protect spaces, '#' and "'", and are the only place where
 *   "$VAR", "${VAR}", "${VAR-default}" and "${VAR[*]}" are expanded;
 * - single quotes protect everything; quoting styles mix inside one word;
 * - an empty word ('""', or an unset variable alone in quotes) is a word of
 *   its own, except at the very end of the line.
 *
 * The lexer is pure: variables come from the `vars` callback, so tests do not
 * depend on the process environment.
 */
import type { Code } from '../errors.js';

/** HAProxy's MAX_LINE_ARGS: a line has at most 64 words. */
export const MAX_WORDS = 64;

export interface LexContext {
  /** Returns the value of an environment variable, or undefined when unset. */
  readonly vars: (name: string) => string | undefined;
  /** Values of the pseudo-variables .FILE, .LINE and .SECTION. */
  readonly file: string;
  readonly line: number;
  readonly section: string;
}

export interface LexError {
  readonly code: Code;
  readonly message: string;
  /** 0-based index in the line where the problem starts. */
  readonly column: number;
}

export type LexResult =
  | { readonly ok: true; readonly words: string[] }
  | { readonly ok: false; readonly error: LexError };

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\v' || c === '\f';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);

function fail(code: Code, message: string, column: number): LexResult {
  return { ok: false, error: { code, message, column } };
}

/** Splits `text` (one physical line, without its line terminator) into words. */
export function splitLine(text: string, ctx: LexContext): LexResult {
  const words: string[] = [];
  let current = '';
  let squote = false;
  let dquote = false;
  let quoteAt = -1;
  let i = 0;
  // Leading blanks are not part of the statement.
  while (isSpace(text[i])) i++;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\r' || c === '\n' || c === '\0') break;
    if (c === '#' && !squote && !dquote) break;
    if (c === '"' && !squote) {
      dquote = !dquote;
      quoteAt = dquote ? i : -1;
      i++;
      continue;
    }
    if (c === "'" && !dquote) {
      squote = !squote;
      quoteAt = squote ? i : -1;
      i++;
      continue;
    }
    if (c === '\\' && !squote) {
      const n = text[i + 1];
      switch (n) {
        case ' ':
        case '\\':
        case '#':
        case "'":
        case '"':
          current += n;
          i += 2;
          continue;
        case 't':
          current += '\t';
          i += 2;
          continue;
        case 'n':
          current += '\n';
          i += 2;
          continue;
        case 'r':
          current += '\r';
          i += 2;
          continue;
        case '$':
          if (dquote) {
            current += '$';
            i += 2;
            continue;
          }
          current += '\\';
          i++;
          continue;
        case 'x':
          if (!isHex(text[i + 2]) || !isHex(text[i + 3])) {
            return fail('TSLB_ERR_CFG_HEX', `truncated or invalid hexadecimal sequence at position ${i + 1}`, i);
          }
          current += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        default:
          // Not an escape sequence: the backslash is kept.
          current += '\\';
          i++;
          continue;
      }
    }
    if (isSpace(c) && !squote && !dquote) {
      while (isSpace(text[i])) i++;
      words.push(current);
      current = '';
      continue;
    }
    if (c === '$' && dquote) {
      i++;
      let brace = -1;
      if (text[i] === '{') brace = i++;
      const nameStart = i;
      const first = text[i];
      if (!isAlpha(first) && first !== '_' && first !== '.') {
        return fail('TSLB_ERR_CFG_VARNAME', `unacceptable character in variable name at position ${i + 1}`, i);
      }
      if (first === '.') i++;
      while (isAlnum(text[i]) || text[i] === '_') i++;
      const name = text.slice(nameStart, i);
      let value: string | undefined;
      if (name.startsWith('.')) {
        if (name === '.LINE') value = String(ctx.line);
        else if (name === '.FILE') value = ctx.file;
        else if (name === '.SECTION') value = ctx.section;
        else return fail('TSLB_ERR_CFG_VARNAME', `unsupported internal variable '${name}'`, nameStart);
      } else {
        value = ctx.vars(name);
      }
      let expandWords = false;
      if (text[i] === '[' && brace >= 0) {
        if (text[i + 1] !== '*' || text[i + 2] !== ']') {
          return fail('TSLB_ERR_CFG_EXPAND', `invalid word expansion at position ${i + 1}, expected '[*]'`, i);
        }
        expandWords = true;
        i += 3;
      }
      if (brace >= 0) {
        if (text[i] === '-') {
          const end = text.indexOf('}', i);
          if (end < 0) return fail('TSLB_ERR_CFG_BRACE', `unmatched brace in variable name at position ${brace + 1}`, brace);
          // The default replaces an unset variable only, never an empty one.
          if (value === undefined) value = text.slice(i + 1, end);
          i = end;
        } else if (text[i] !== '}') {
          return fail('TSLB_ERR_CFG_BRACE', `unmatched brace in variable name at position ${brace + 1}`, brace);
        }
        i++;
      }
      if (value !== undefined) {
        if (expandWords) {
          const parts = value.split(/[ \t\v\f\r\n]+/);
          for (let p = 0; p < parts.length; p++) {
            if (p > 0) {
              words.push(current);
              current = '';
            }
            current += parts[p];
          }
        } else {
          current += value;
        }
      }
      continue;
    }
    current += c;
    i++;
  }
  if (squote || dquote) {
    return fail('TSLB_ERR_CFG_QUOTE', `unmatched quote at position ${quoteAt + 1}`, quoteAt);
  }
  // No empty word after trailing blanks (or a trailing '""').
  if (current !== '') words.push(current);
  if (words.length > MAX_WORDS) {
    return fail('TSLB_ERR_CFG_TOO_MANY_WORDS', `too many words, truncating at word ${MAX_WORDS + 1}`, text.length);
  }
  return { ok: true, words };
}

/**
 * Expands "${VAR}" anywhere in an address argument (bind, server, log
 * targets, stats socket), quoted or not: HAProxy's address parser does this a
 * second time on top of the line parser. An unset variable becomes empty.
 */
export function expandAddressEnv(word: string, vars: (name: string) => string | undefined): string {
  return word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => vars(name) ?? '');
}
