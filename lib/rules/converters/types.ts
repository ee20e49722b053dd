/**
 * The contract between converters (configuration manual 7.3.1) and whoever
 * compiles sample expressions `<fetch>,<conv>(<args>),...`.
 *
 *   load time:  converter(name).compile(args, { variable, map })  → Converter
 *   per call:   Converter(sample, context)                        → Sample | undefined
 *
 * A converter is pure: it sees one sample and, when its arguments name a
 * variable (`add(txn.x)`, `concat(,txn.x,)`), the value that the rule engine
 * reads for it. The engine's per-request state travels as an opaque
 * `context` that converters hand, untouched, to the engine's variable
 * readers; converters never look inside it. Map files (map_* converters)
 * are loaded at load time through the engine too, which reads each once.
 */
import type { MapMethod, PatternMap } from '../pattern/index.js';
import type { Sample, SampleType } from '../sample/sample.js';
import type { StickTable } from '../../stick/table.js';

/** Reads one variable for one evaluation; undefined when the variable is not set. */
export type VariableReader<C> = (context: C) => Sample | undefined;

/**
 * The map file `path` (as written in the converter's arguments) compiled for
 * `method`, shared by every converter that names it. Throws PatternError
 * when the file cannot be read or a key does not parse for the method.
 */
export type MapLoader = (path: string, method: MapMethod) => PatternMap;

export interface CompileOptions<C> {
  /**
   * Called at load time for each argument that names a variable (a name
   * with a scope: `proc.`, `sess.`, `txn.`, `req.`, `res.` or `check.`,
   * then letters, digits, '.' and '_'). Without it, such arguments are
   * refused: variables need the rule engine. It may throw to refuse a name.
   */
  readonly variable?: (name: string) => VariableReader<C>;
  /**
   * Called at load time by the map_* converters for their map file. Without
   * it, they are refused: maps are files that the rule engine reads once
   * for the whole configuration.
   */
  readonly map?: MapLoader;
  /**
   * The stick table of the proxy named so, for the table_* converters and
   * in_table; without it they are refused (tables belong to the runtime).
   */
  readonly table?: (name: string) => StickTable | undefined;
}

/**
 * One compiled converter. The input may be of any type: it is first cast to
 * the converter's input type as HAProxy does (castSample); undefined means
 * "no sample" (the cast failed, or the converter itself failed), which
 * ends the expression.
 */
export type Converter<C = void> = (input: Sample, context: C) => Sample | undefined;

export interface ConverterSpec {
  readonly name: string;
  /** The type the input is cast to before the converter runs. */
  readonly in: SampleType;
  /** The type of the converter's output. */
  readonly out: SampleType;
  /**
   * Checks the arguments and returns the per-call function; throws a
   * ConverterArgumentError when HAProxy would refuse the configuration.
   *
   * `args` are the arguments as written between the parentheses, split at
   * unquoted commas and with their quotes and escapes already resolved.
   * HAProxy reads `name` and `name()` alike, as one empty argument, so
   * `[]` and `['']` are the same here.
   */
  compile<C = void>(args: readonly string[], options?: CompileOptions<C>): Converter<C>;
}

/** A configuration error in a converter's arguments: HAProxy refuses to load such a configuration. */
export class ConverterArgumentError extends Error {
  override readonly name = 'ConverterArgumentError';
  readonly converter: string;

  constructor(converter: string, message: string) {
    super(`converter '${converter}': ${message}`);
    this.converter = converter;
  }
}
