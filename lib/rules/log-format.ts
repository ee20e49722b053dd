/**
 * Log-format strings in rule values (configuration manual 8.2.4): text,
 * `%[<sample expression>]`, and the aliases `%ci` `%cp` `%fi` `%fp` `%f`
 * `%b` `%s`; `%%` is a percent sign. A sample that is missing leaves an
 * empty string in header values and bodies, as HAProxy does there (logs
 * print '-'; they arrive with issue 6). Compiled once into a function.
 */
import type { SampleContext } from './context.js';
import { compileExpression, type ExpressionEnv } from './sample/expression.js';
import { castSample, type Sample } from './sample/sample.js';

export type FormatFn = (ctx: SampleContext) => string;

/** A sample as text (binary as its bytes, booleans as 0/1). */
export function sampleText(s: Sample | undefined): string {
  if (s === undefined) return '';
  if (s.type === 'bin') return s.value.toString('latin1');
  const t = castSample(s, 'str');
  return t?.type === 'str' ? t.value : '';
}

const ALIASES: Readonly<Record<string, FormatFn>> = {
  ci: (ctx) => ctx.src,
  cp: (ctx) => String(ctx.srcPort),
  fi: (ctx) => ctx.dst,
  fp: (ctx) => String(ctx.dstPort),
  f: (ctx) => ctx.frontend.name,
  b: (ctx) => ctx.backend?.name ?? '',
  s: (ctx) => ctx.server?.name ?? '<NOSRV>',
};

/** Compiles a log-format string; throws an Error naming what is not supported. */
export function compileLogFormat(text: string, env: ExpressionEnv): FormatFn {
  const parts: (string | FormatFn)[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '%') {
      lit += c;
      continue;
    }
    if (text[i + 1] === '%') {
      lit += '%';
      i++;
      continue;
    }
    if (lit) parts.push(lit);
    lit = '';
    if (text[i + 1] === '[') {
      const end = text.indexOf(']', i + 2);
      if (end < 0) throw new Error(`missing ']' in log-format '${text}'`);
      const expr = compileExpression(text.slice(i + 2, end), env);
      parts.push((ctx) => sampleText(expr.one(ctx)));
      i = end;
      continue;
    }
    const m = /^[a-zA-Z]+/.exec(text.slice(i + 1));
    const alias = m ? ALIASES[m[0]] : undefined;
    if (!m || !alias) throw new Error(`log-format variable '%${m?.[0] ?? text.slice(i + 1, i + 3)}' is not implemented yet in rule values`);
    parts.push(alias);
    i += m[0].length;
  }
  if (lit) parts.push(lit);
  if (parts.length === 0) return () => '';
  if (parts.length === 1) {
    const only = parts[0] as string | FormatFn;
    return typeof only === 'string' ? () => only : only;
  }
  return (ctx) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(ctx);
    return out;
  };
}
