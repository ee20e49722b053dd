/**
 * Access-log formats (configuration manual 8.2): a log-format string is
 * compiled once into a function of a LogRecord. The predefined formats of
 * `option httplog`, `option httplog clf` and `option tcplog` are such
 * strings; without any of them HAProxy logs one "Connect from" line when a
 * connection is accepted.
 *
 *   "%ci:%cp [%tr] %hr %hs %{+Q}r"
 *        │ parseLogFormat (format-parse.ts)
 *        ▼
 *   tokens ──► variables (format-vars.ts) ──► parts: literal | expression | call
 *        ▼
 *   one generated function (new Function):
 *     function (r, lc) { ... return ((v = r.clientIp) === "" || v === "-" ? "-" : v) + ":" + ... + k3(r) + ...; }
 *
 * The line is one concatenation, in a function of its own per format (a
 * loop over part functions cost a third more, and its calls could not be
 * inlined). The generated text is made only of this module's and
 * format-vars.ts's code; literal text of the format goes in as
 * JSON.stringify'd string literals, everything else (functions, sample
 * expressions) as constants passed to the generator, never as source.
 * The function reads the record and writes nothing to it but `logMemo`
 * (see perConnection).
 *
 * Separators follow HAProxy's line builder: a space prints only when the
 * last thing printed was not one, and the line starts "after a space". Only
 * header captures (%hr %hs %hrl %hsl) can print nothing, so everything else
 * is decided here, once: a run of captures preceded by a space and followed
 * by one becomes a single part that adds its space only when it printed
 * something ("%sq/%bq %hr %hs %{+Q}r" gives `0/0 "GET / HTTP/1.1"` without
 * captures).
 */
import { hostname as osHostname } from 'node:os';
import type { LogFormatChoice } from '../config/model/proxy.js';
import { sampleText } from '../rules/log-format.js';
import { compileExpression, type ExpressionEnv } from '../rules/sample/expression.js';
import { LogFormatError, parseLogFormat, type FormatToken } from './format-parse.js';
import { textValue } from './format-text.js';
import { VARIABLES, type CodeGen, type LineFn, type VarEnv } from './format-vars.js';
import type { LogRecord } from './record.js';

export { LogFormatError } from './format-parse.js';

/** A compiled format: the log line of one record; `lc` is the proxy's log counter (%lc, 0 for its first line). */
export interface AccessLogFormat {
  (rec: LogRecord, lc?: number): string;
  /**
   * The line never ends with a line feed or NUL (its last part is text or
   * a variable that cannot): the syslog framer need not look for them.
   */
  readonly cleanEnd?: boolean;
}

/** `option httplog` (manual 8.2.3). */
export const HTTPLOG = '%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r';

/** `option httplog clf` (manual 8.2.3). */
export const HTTPLOG_CLF =
  '%{+Q}o %{-Q}ci - - [%trg] %r %ST %B "" "" %cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl';

/** `option tcplog` (manual 8.2.2). */
export const TCPLOG = '%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq';

/**
 * The line HAProxy sends with neither a log option nor log-format (manual
 * 8.2.1), when the connection is accepted: `Connect from 127.0.0.1:43712 to
 * 127.0.0.1:43643 (fe/HTTP)`.
 */
export function connectFormat(mode: 'http' | 'tcp'): string {
  return `Connect from %ci:%cp to %fi:%fp (%f/${mode === 'http' ? 'HTTP' : 'TCP'})`;
}

/**
 * The format string of a proxy's choice, and whether it is logged at accept
 * (the default format) or at the end. `option httplog` in a TCP proxy falls
 * back to tcplog, as HAProxy does (it warns at load).
 */
export function formatFor(choice: LogFormatChoice, mode: 'http' | 'tcp'): { readonly text: string; readonly atAccept: boolean } {
  switch (choice.kind) {
    case 'default':
      return { text: connectFormat(mode), atAccept: true };
    case 'httplog':
      if (mode === 'tcp') return { text: TCPLOG, atAccept: false };
      return { text: choice.clf ? HTTPLOG_CLF : HTTPLOG, atAccept: false };
    case 'tcplog':
      return { text: TCPLOG, atAccept: false };
    case 'custom':
      return { text: choice.format, atAccept: false };
    default: {
      const never: never = choice;
      throw new Error(`unknown log format choice ${JSON.stringify(never)}`);
    }
  }
}

export interface CompileFormatOptions {
  /** The proxy's mode: HTTP-only variables are refused in 'tcp'; %ST and %Td differ. Default 'http'. */
  readonly mode?: 'http' | 'tcp' | undefined;
  /** For `%[...]`: where fetches and converters are looked up. Without it a sample expression is a compile error. */
  readonly env?: ExpressionEnv | undefined;
  /** %pid, default process.pid. */
  readonly pid?: number | undefined;
  /** %H, default the system host name. */
  readonly hostname?: string | undefined;
  /** tune.http.logurilen, default 1024. */
  readonly uriLen?: number | undefined;
}

/**
 * A piece of the line: literal text; a variable as a string expression
 * (`code`, with the field that alone decides it when there is one) or as a
 * number expression (`num`); or a run of captures that prints its space
 * only when not empty.
 */
type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly code: string; readonly key: string | undefined; readonly width: number; readonly connection?: string | undefined }
  | { readonly kind: 'num'; readonly expr: string }
  | { readonly kind: 'run'; readonly codes: readonly string[] };

/** Collects the constants the generated function reads, as k0, k1, ... */
class Constants implements CodeGen {
  readonly values: unknown[] = [];

  constant(value: unknown): string {
    this.values.push(value);
    return `k${this.values.length - 1}`;
  }
}

function sampleVar(token: Extract<FormatToken, { kind: 'expr' }>, env: ExpressionEnv | undefined): LineFn {
  const expr = token.expr;
  if (!env) throw new LogFormatError(`sample expression '%[${expr}]' cannot be used here`);
  let compiled;
  try {
    compiled = compileExpression(expr, env);
  } catch (err) {
    throw new LogFormatError(`failed to parse sample expression '%[${expr}]': ${(err as Error).message}`);
  }
  const f = token.flags;
  return (rec) => {
    const ctx = rec.ctx;
    return textValue(ctx ? sampleText(compiled.one(ctx)) : undefined, f);
  };
}

/** Compiles a log-format string; throws LogFormatError naming the variable or expression at fault. */
export function compileAccessLogFormat(text: string, opts: CompileFormatOptions = {}): AccessLogFormat {
  const venv: VarEnv = {
    mode: opts.mode ?? 'http',
    pid: opts.pid ?? process.pid,
    hostname: opts.hostname ?? osHostname(),
    uriLen: opts.uriLen ?? 1024,
  };
  const gen = new Constants();
  const tokens = parseLogFormat(text);
  // Each token as a part, with whether it may print nothing and whether it ends a line cleanly.
  type Compiled = { kind: 'text'; text: string } | { kind: 'sep' } | { kind: 'var'; part: Extract<Part, { kind: 'code' | 'num' }>; vanishing: boolean; cleanEnd: boolean };
  const compiled: Compiled[] = [];
  for (const t of tokens) {
    if (t.kind === 'text' || t.kind === 'sep') compiled.push(t);
    else if (t.kind === 'expr') {
      compiled.push({ kind: 'var', part: { kind: 'code', code: `${gen.constant(sampleVar(t, opts.env))}(r, lc)`, key: undefined, width: 0 }, vanishing: false, cleanEnd: false });
    } else {
      const spec = VARIABLES[t.name];
      if (!spec) throw new LogFormatError(`no such format variable '${t.name}'. If you wanted to emit the '%' character verbatim, you need to use '%%'`);
      if (spec.httpOnly && venv.mode === 'tcp') throw new LogFormatError(`format variable '${t.name}' is reserved for HTTP mode`);
      const fn = spec.build(t.flags, venv);
      const num = spec.number?.(t.flags, venv, gen);
      const inline = num === undefined ? spec.inline?.(t.flags, venv, gen) : undefined;
      const part: Extract<Part, { kind: 'code' | 'num' }> =
        num !== undefined
          ? { kind: 'num', expr: num }
          : { kind: 'code', code: inline ?? `${gen.constant(fn)}(r, lc)`, key: spec.key?.(t.flags, venv), width: inline === undefined ? 0 : (spec.short ?? 0), connection: spec.connection?.(t.flags, venv) };
      compiled.push({ kind: 'var', part, vanishing: spec.vanishing === true, cleanEnd: spec.cleanEnd?.(t.flags) === true });
    }
  }

  const parts: Part[] = [];
  const pushText = (s: string): void => {
    const last = parts.at(-1);
    if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + s };
    else parts.push({ kind: 'text', text: s });
  };
  const codeOf = (p: Extract<Part, { kind: 'code' | 'num' }>): string => (p.kind === 'code' ? p.code : `("" + (${p.expr}))`);
  // Whether the last thing printed was a space (or nothing yet): known here for everything but a run of captures.
  let afterSpace = true;
  // Whether what the line ends with is known not to be a line feed or NUL.
  let cleanEnd = false;
  for (let i = 0; i < compiled.length; i++) {
    const c = compiled[i] as Compiled;
    if (c.kind === 'text') {
      pushText(c.text);
      afterSpace = false;
      cleanEnd = !/[\n\0]$/.test(c.text);
    } else if (c.kind === 'sep') {
      if (!afterSpace) {
        pushText(' ');
        cleanEnd = true;
      }
      afterSpace = true;
    } else if (!c.vanishing || !afterSpace) {
      parts.push(c.part);
      afterSpace = false;
      cleanEnd = c.cleanEnd;
    } else {
      const run = [codeOf(c.part)];
      let next = compiled[i + 1];
      while (next?.kind === 'var' && next.vanishing) {
        run.push(codeOf(next.part));
        next = compiled[++i + 1];
      }
      if (next?.kind === 'sep') {
        i++;
        parts.push({ kind: 'run', codes: run });
        afterSpace = true;
      } else {
        for (const code of run) parts.push({ kind: 'code', code, key: undefined, width: 0 });
        afterSpace = false;
      }
      // A run may print nothing: what ends the line is not known.
      cleanEnd = false;
    }
  }
  const line = generate(parts, gen);
  return Object.assign(line, { cleanEnd });
}

/*
 * Code generation. Every piece of text costs a string concatenation, and
 * the rope it makes is walked again when the batch of lines is copied out
 * (that walk cost as much as building the line): the generator makes as
 * few pieces, and as many of them flat, as it can.
 *
 *   - a number and the short text after it ("%Tc/", "%ST ", or none) is
 *     one string from a table of the first SMALL numbers with that text
 *     after them, built once per process ('0/', '1/', ...): no number
 *     conversion, one piece;
 *   - the first stretch of the connection's own text (`%ci:%cp [`) is
 *     remembered on the record, which the meter keeps for the connection
 *     (perConnection below);
 *   - a stretch of text and variables that each depend on one field only
 *     (names, dates, the termination state: `[%tr] %ft %b/%s `) is
 *     remembered with the fields it was made from, and made again only when
 *     one of them changes (by identity: names are the same string objects
 *     from one line to the next);
 *   - short neighbours are grouped, `("0/" + "0/" + "1/")`: below
 *     FLAT_BELOW characters V8 makes a flat string of them rather than a
 *     rope node per piece.
 */

/** Below this length V8 copies a concatenation into a flat string rather than making a rope node (ConsString::kMinLength). */
const FLAT_BELOW = 13;

/** Numbers below this have their text with a suffix in a table. */
const SMALL = 1024;

/** Text that goes into a number table after the number: at most this long. */
const SUFFIX_MAX = 3;

/** `SUFFIXED.get(s)[n]` is `n + s` for n < SMALL, made on first use of `s`. */
const SUFFIXED = new Map<string, readonly string[]>();

function suffixed(suffix: string): readonly string[] {
  let table = SUFFIXED.get(suffix);
  if (!table) {
    table = Array.from({ length: SMALL }, (_, n) => String(n) + suffix);
    SUFFIXED.set(suffix, table);
  }
  return table;
}

/** A term of a concatenation: its code, and how many characters it prints when it is known to be short (0: not known). */
interface Term {
  readonly code: string;
  readonly width: number;
  /** For a variable that depends on one field: the field's expression. */
  readonly key?: string | undefined;
  /** Literal text. */
  readonly text?: string | undefined;
}

/** Numbers with the short text after them: one table lookup (a number outside the table, negative or not an integer, is converted). */
function withNumbers(parts: readonly Extract<Part, { kind: 'text' | 'code' | 'num' }>[], gen: Constants): Term[] {
  const terms: Term[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as (typeof parts)[number];
    if (p.kind === 'text') terms.push({ code: JSON.stringify(p.text), width: p.text.length <= SUFFIX_MAX ? p.text.length : 0, text: p.text });
    else if (p.kind === 'code') terms.push({ code: p.code, width: p.width, key: p.key });
    else {
      const next = parts[i + 1];
      // The number takes (the start of) the text after it, if any.
      const suffix = next?.kind === 'text' ? next.text.slice(0, SUFFIX_MAX) : '';
      const rest = next?.kind === 'text' ? next.text.slice(suffix.length) : '';
      const table = gen.constant(suffixed(suffix));
      const s = JSON.stringify(suffix);
      terms.push({ code: `((v = (${p.expr})) >= 0 && v < ${SMALL} ? (${table}[v] ?? v + ${s}) : v + ${s})`, width: 2 + suffix.length });
      if (next?.kind !== 'text') continue;
      if (rest !== '') terms.push({ code: JSON.stringify(rest), width: rest.length <= SUFFIX_MAX ? rest.length : 0, text: rest });
      i++;
    }
  }
  return terms;
}

/**
 * Stretches of text and one-field variables (at least one variable and
 * three terms) become one remembered term: `(r.a === m0 && r.b === m1 ? m2
 * : (m0 = r.a, m1 = r.b, m2 = [<terms>].join("")))`. Joined, the text is
 * one flat string: copying the line out reads one piece, not one per term.
 * Memo variables are declared by generate() (`memo` counts them).
 *
 * Numbers (timers, sizes, counts) are not remembered: on real traffic they
 * change from one line to the next more often than not, and each miss
 * would cost more than the table lookups.
 */
function remembered(terms: readonly Term[], memo: { count: number }): Term[] {
  const out: Term[] = [];
  let i = 0;
  while (i < terms.length) {
    let j = i;
    const keys: string[] = [];
    while (j < terms.length) {
      const t = terms[j] as Term;
      if (t.text !== undefined) j++;
      else if (t.key !== undefined) {
        keys.push(t.key);
        j++;
      } else break;
    }
    if (keys.length > 0 && j - i >= 3) {
      const stretch = terms.slice(i, j);
      const vars = keys.map(() => `m${memo.count++}`);
      const text = `m${memo.count++}`;
      const same = keys.map((k, n) => `${k} === ${vars[n] as string}`).join(' && ');
      const store = keys.map((k, n) => `${vars[n] as string} = ${k}`).join(', ');
      out.push({ code: `(${same} ? ${text} : (${store}, ${text} = [${stretch.map((t) => t.code).join(', ')}].join("")))`, width: 0 });
      i = j;
    } else if (j > i) {
      out.push(...terms.slice(i, j));
      i = j;
    } else {
      out.push(terms[i] as Term);
      i++;
    }
  }
  return out;
}

/**
 * The first stretch of text and variables of the connection (at least two:
 * `%ci:%cp [`, `Connect from %ci:%cp to %fi:%fp (%f/HTTP)`) is remembered
 * on the record itself, in `logMemo`: the meter keeps one record per
 * connection, so the next exchange of the connection finds its text there,
 * where a memo of the format (one for all connections) would miss. The
 * memo holds this stretch's own token (a Symbol) and the fields the text
 * was made from, checked before use: a record copied, reused by another
 * format or given a new client address (set-src) gets a new text.
 */
function perConnection(parts: readonly Extract<Part, { kind: 'text' | 'code' | 'num' }>[], gen: Constants, state: { done: boolean }): Extract<Part, { kind: 'text' | 'code' | 'num' }>[] {
  if (state.done) return [...parts];
  const out: Extract<Part, { kind: 'text' | 'code' | 'num' }>[] = [];
  let i = 0;
  while (i < parts.length) {
    let j = i;
    const keys: string[] = [];
    const codes: string[] = [];
    while (j < parts.length) {
      const p = parts[j] as (typeof parts)[number];
      if (p.kind === 'text') codes.push(JSON.stringify(p.text));
      else if (p.kind === 'code' && p.connection !== undefined) {
        keys.push(p.connection);
        codes.push(p.code);
      } else break;
      j++;
    }
    if (!state.done && keys.length >= 2) {
      state.done = true;
      const token = gen.constant(Symbol('log format stretch'));
      const at = keys.length + 1;
      const same = keys.map((k, n) => `c[${n + 1}] === ${k}`).join(' && ');
      out.push({
        kind: 'code',
        code: `((c = r.logMemo) !== undefined && c[0] === ${token} && ${same} ? c[${at}] : (r.logMemo = [${token}, ${keys.join(', ')}, [${codes.join(', ')}].join("")])[${at}])`,
        key: undefined,
        width: 0,
      });
      i = j;
    } else {
      out.push(parts[i] as (typeof parts)[number]);
      i++;
    }
  }
  return out;
}

/** Short neighbours grouped, see above. */
function grouped(terms: readonly Term[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  let width = 0;
  const close = (): void => {
    if (group.length > 1) out.push(`(${group.join(' + ')})`);
    else out.push(...group);
    group = [];
    width = 0;
  };
  for (const t of terms) {
    if (t.width === 0 || width + t.width >= FLAT_BELOW) close();
    if (t.width === 0) out.push(t.code);
    else {
      group.push(t.code);
      width += t.width;
    }
  }
  close();
  return out;
}

/**
 * The function of a line: `return a + b + ...;`, with a run of captures as
 * `c = x + y; if (c !== "") s += c + " ";`.
 */
function generate(parts: readonly Part[], gen: Constants): (rec: LogRecord, lc?: number) => string {
  const body: string[] = [];
  const memo = { count: 0 };
  const connection = { done: false };
  let pieces: Extract<Part, { kind: 'text' | 'code' | 'num' }>[] = [];
  let started = false;
  const flush = (last: boolean): void => {
    const terms = grouped(remembered(withNumbers(perConnection(pieces, gen, connection), gen), memo));
    pieces = [];
    if (last && !started) body.push(`return ${terms.length === 0 ? '""' : terms.join(' + ')};`);
    else {
      if (terms.length > 0) body.push(`${started ? 's +=' : 'let s ='} ${terms.join(' + ')};`);
      else if (!started) body.push('let s = "";');
      started = true;
      if (last) body.push('return s;');
    }
  };
  for (const p of parts) {
    if (p.kind !== 'run') pieces.push(p);
    else {
      flush(false);
      body.push(`c = ${p.codes.join(' + ')};`, 'if (c !== "") s += c + " ";');
    }
  }
  flush(true);
  const names = gen.values.map((_, i) => `k${i}`);
  const memos = Array.from({ length: memo.count }, (_, i) => `m${i} = none`);
  const source = [
    '"use strict";',
    names.length > 0 ? `const [${names.join(', ')}] = constants;` : '',
    // Remembered stretches: their fields and text, from the last line (`none` matches no field).
    'const none = Symbol("none");',
    memos.length > 0 ? `let ${memos.join(', ')};` : '',
    'return function accessLogLine(r, lc) {',
    '  if (lc === undefined) lc = 0;',
    '  let v, c;',
    ...body.map((l) => `  ${l}`),
    '};',
  ].join('\n');
  // The source is this module's code and JSON literals only (see the top of the file).
  const factory = new Function('constants', source) as (constants: readonly unknown[]) => (rec: LogRecord, lc?: number) => string;
  return factory(gen.values);
}
