/**
 * Header line edits of `http-request` / `http-response` actions
 * (configuration manual 4.2 "set-header", "add-header", "del-header",
 * "replace-header", "replace-value"), on a list of lines changed in place.
 * Names compare case-insensitively; a new line keeps the name as written
 * (it is forwarded in lower case like every other).
 */
import type { Action } from '../config/model/rules.js';
import { compileRegex } from '../config/regex.js';
import type { HeaderField } from '../http/parser.js';
import type { SampleContext } from './context.js';
import { compileLogFormat } from './log-format.js';
import type { ExpressionEnv } from './sample/expression.js';

/** A regex of a rule (HAProxy's PCRE syntax), compiled once; throws with the reason when it does not compile. */
export function regexOf(pattern: string): RegExp {
  const r = compileRegex(pattern);
  if (!r.ok) throw new Error(r.message);
  return r.regex;
}

export function addHeader(lines: HeaderField[], name: string, value: string): void {
  lines.push({ name, lname: name.toLowerCase(), value });
}

/** Removes the lines whose lower-case name satisfies `test`. */
export function deleteHeaders(lines: HeaderField[], test: (lname: string) => boolean): void {
  let w = 0;
  for (const h of lines) if (!test(h.lname)) lines[w++] = h;
  lines.length = w;
}

/** `set-header`: every line of that name removed, one added at the end. */
export function setHeader(lines: HeaderField[], name: string, value: string): void {
  const lname = name.toLowerCase();
  deleteHeaders(lines, (n) => n === lname);
  addHeader(lines, name, value);
}

/**
 * The replacement of a regex match: `\0`..`\9` name the whole match and the
 * groups (HAProxy's exp_replace); other backslashes stay.
 */
export function expandReplacement(m: RegExpExecArray, replacement: string): string {
  return replacement.replace(/\\(\d)/g, (_all, d: string) => m[Number(d)] ?? '');
}

/**
 * `replace-header`: a line whose whole value matches the regex somewhere is
 * given the replacement; `replace-value` does the same for each
 * comma-separated value of the line.
 */
export function replaceHeader(lines: HeaderField[], lname: string, regex: RegExp, replacement: string, perValue: boolean): void {
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i] as HeaderField;
    if (h.lname !== lname) continue;
    const apply = (v: string): string => {
      regex.lastIndex = 0;
      const m = regex.exec(v);
      return m ? expandReplacement(m, replacement) : v;
    };
    // Per value: a value that matches is replaced with its surrounding spaces; the others stay as written (verified on 2.6.12).
    const value = perValue
      ? h.value
          .split(',')
          .map((v) => {
            const r = apply(v.trim());
            return r === v.trim() ? v : r;
          })
          .join(',')
      : apply(h.value);
    if (value !== h.value) lines[i] = { ...h, value };
  }
}

/** The header actions, the same in `http-request`, `http-response` and `http-after-response` rules. */
export type HeaderAction = Extract<Action, { readonly type: 'set-header' | 'add-header' | 'del-header' | 'replace-header' | 'replace-value' }>;

/** A header action compiled once: it changes the lines of the message given, its values evaluated on `ctx`. */
export type HeaderEdit = (lines: HeaderField[], ctx: SampleContext) => void;

export function isHeaderAction(a: Action): a is HeaderAction {
  return a.type === 'set-header' || a.type === 'add-header' || a.type === 'del-header' || a.type === 'replace-header' || a.type === 'replace-value';
}

export function compileHeaderEdit(a: HeaderAction, env: ExpressionEnv): HeaderEdit {
  switch (a.type) {
    case 'set-header':
    case 'add-header': {
      const value = compileLogFormat(a.value, env);
      const edit = a.type === 'set-header' ? setHeader : addHeader;
      return (lines, ctx) => edit(lines, a.name, value(ctx));
    }
    case 'del-header': {
      const name = a.name.toLowerCase();
      const re = a.match === 'reg' ? regexOf(a.name) : undefined;
      const test: (n: string) => boolean =
        a.match === 'beg' ? (n) => n.startsWith(name) : a.match === 'end' ? (n) => n.endsWith(name) : a.match === 'sub' ? (n) => n.includes(name) : re ? (n) => re.test(n) : (n) => n === name;
      return (lines) => deleteHeaders(lines, test);
    }
    case 'replace-header':
    case 'replace-value': {
      const re = regexOf(a.regex);
      const replacement = compileLogFormat(a.replacement, env);
      const lname = a.name.toLowerCase();
      const perValue = a.type === 'replace-value';
      return (lines, ctx) => replaceHeader(lines, lname, re, replacement(ctx), perValue);
    }
  }
}
