/**
 * Sample expressions (configuration manual 7.3): `<fetch>[(<args>)]` then
 * `,<converter>[(<args>)]` any number of times, compiled once at load into
 * functions of a SampleContext. Arguments are split at commas outside
 * quotes; quotes and backslash escapes are removed.
 *
 *   "req.hdr(host),lower,map_dom(/etc/hosts.map,none)"
 *        fetch ──► converter ──► converter ──► Sample | undefined
 *
 * A multi-valued fetch (header values, cookies, parameters) gives `each`
 * every value through the converters, for ACLs; `one` gives the single
 * value a rule or a log uses.
 */
import type { SampleContext } from '../context.js';
import type { CompileOptions, Converter, ConverterSpec, VariableReader } from '../converters/types.js';
import type { CompiledFetch, FetchScope, FetchSpec } from '../fetches/fetch.js';
import type { MapMethod, PatternMap } from '../pattern/index.js';
import { parseVarName } from '../variables.js';
import type { Sample, SampleType } from './sample.js';

export interface CompiledExpression {
  /** The type of the result (the fetch's, or the last converter's output). */
  readonly type: SampleType;
  one(ctx: SampleContext): Sample | undefined;
  /** Every value, for ACL matching. */
  each(ctx: SampleContext): readonly Sample[];
  /** The fetch's promise (CompiledFetch.reads) when no converter follows it. */
  readonly reads?: CompiledFetch['reads'];
}

/** Where names are looked up while compiling. */
export interface ExpressionEnv {
  fetch(name: string): FetchSpec | undefined;
  converter(name: string): ConverterSpec | undefined;
  /** Loads the map file of a map_* converter (read once, shared); without it map converters are refused. Throws PatternError. */
  map?(path: string, method: MapMethod): PatternMap;
  /** The proxy the expression belongs to, for fetches that name stick tables. */
  readonly scope?: FetchScope | undefined;
}

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

interface Part {
  readonly name: string;
  readonly args: string[];
}

/** Splits `text` into parts at top-level commas, each with its argument list. */
export function parseExpression(text: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i <= text.length) {
    let name = '';
    while (i < text.length && text[i] !== '(' && text[i] !== ',') name += text[i++];
    const args: string[] = [];
    if (text[i] === '(') {
      i++;
      let cur = '';
      let quote = '';
      let closed = false;
      for (; i < text.length; i++) {
        const c = text[i] as string;
        if (quote) {
          if (c === '\\' && i + 1 < text.length) cur += text[++i];
          else if (c === quote) quote = '';
          else cur += c;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '\\' && i + 1 < text.length) cur += text[++i];
        else if (c === ',') {
          args.push(cur);
          cur = '';
        } else if (c === ')') {
          args.push(cur);
          closed = true;
          i++;
          break;
        } else cur += c;
      }
      if (!closed) throw new ExpressionError(`missing ')' in '${text}'`);
      // `name()` is one empty argument, as `name`.
      if (args.length === 1 && args[0] === '') args.length = 0;
    }
    if (name === '') throw new ExpressionError(`empty name in '${text}'`);
    parts.push({ name, args });
    if (i >= text.length) break;
    if (text[i] !== ',') throw new ExpressionError(`unexpected '${text[i]}' after '${name}(...)' in '${text}'`);
    i++;
  }
  return parts;
}

/** A reader of a variable named in a converter's arguments. */
function variableReader(name: string): VariableReader<SampleContext> {
  const v = parseVarName(name);
  if (!v) throw new ExpressionError(`'${name}' is not a variable name`);
  return (ctx) => ctx.vars.get(v.scope, v.name);
}

function withConverters(fetch: CompiledFetch, convs: readonly Converter<SampleContext>[], type: SampleType): CompiledExpression {
  // The fetch's function is taken once: reading it off the fetch per call is a megamorphic load.
  const fetchOne = fetch.one;
  const one = (ctx: SampleContext): Sample | undefined => fetchOne.call(fetch, ctx);
  if (convs.length === 0) {
    const all = fetch.all;
    return { type, one, each: all ? (ctx) => all(ctx) : (ctx) => oneOrNone(one(ctx)), reads: fetch.reads };
  }
  const apply = (ctx: SampleContext, s: Sample | undefined): Sample | undefined => {
    for (let i = 0; s !== undefined && i < convs.length; i++) s = (convs[i] as Converter<SampleContext>)(s, ctx);
    return s;
  };
  const all = fetch.all;
  return {
    type,
    one: (ctx) => apply(ctx, one(ctx)),
    each: all
      ? (ctx) => {
          const out: Sample[] = [];
          for (const s of all(ctx)) {
            const r = apply(ctx, s);
            if (r !== undefined) out.push(r);
          }
          return out;
        }
      : (ctx) => oneOrNone(apply(ctx, one(ctx))),
  };
}

const NONE: readonly Sample[] = [];
const oneOrNone = (s: Sample | undefined): readonly Sample[] => (s === undefined ? NONE : [s]);

/** Compiles an expression; throws ExpressionError naming what is wrong. */
export function compileExpression(text: string, env: ExpressionEnv, parts: readonly Part[] = parseExpression(text)): CompiledExpression {
  const [head, ...rest] = parts;
  if (!head) throw new ExpressionError(`empty sample expression`);
  const spec = env.fetch(head.name);
  if (!spec) throw new ExpressionError(`fetch '${head.name}' is not implemented`);
  const [min, max] = spec.args;
  if (head.args.length < min || head.args.length > max) {
    throw new ExpressionError(`fetch '${head.name}' takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${head.args.length}`);
  }
  let fetch: CompiledFetch;
  try {
    fetch = spec.compile(head.args, env.scope);
  } catch (err) {
    throw new ExpressionError(`fetch '${head.name}': ${(err as Error).message}`);
  }
  let type = spec.type;
  const convs: Converter<SampleContext>[] = [];
  const scope = env.scope;
  const options: CompileOptions<SampleContext> = { variable: variableReader, map: env.map?.bind(env), table: scope && ((name) => scope.table(name)) };
  for (const c of rest) {
    const conv = env.converter(c.name);
    if (!conv) throw new ExpressionError(`converter '${c.name}' is not implemented`);
    try {
      convs.push(conv.compile<SampleContext>(c.args, options));
    } catch (err) {
      throw new ExpressionError((err as Error).message);
    }
    type = conv.out;
  }
  return withConverters(fetch, convs, type);
}
