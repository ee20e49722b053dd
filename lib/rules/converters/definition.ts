/**
 * How a converter family declares its converters: a name, the input and
 * output types of `haproxy -dKcnv`, the argument list, and a builder run
 * once at load time that returns the per-call function. define() turns a
 * declaration into the public ConverterSpec: it checks the arguments,
 * builds, and casts each input to the declared type first (HAProxy's
 * implicit cast; no sample when the cast fails).
 */
import { castSample, type Sample, type SampleType } from '../sample/sample.js';
import { Args, NO_ARGS, parseArgs, Variables, type ArgList } from './args.js';
import type { ConverterSpec } from './types.js';

/** The input types converters declare ('any' and 'meth' are not used by the ones tslb implements). */
export type InputType = 'str' | 'int' | 'bin' | 'bool' | 'ip';

export type ValueOf<T extends InputType> = Extract<Sample, { type: T }>['value'];

/** The per-call function: the input's value, already of the declared type, and the caller's context for variable readers. */
export type Apply<T extends InputType> = (value: ValueOf<T>, context: unknown) => Sample | undefined;

export interface Definition<T extends InputType> {
  readonly name: string;
  readonly in: T;
  readonly out: SampleType;
  /** Declared argument list; none when omitted. */
  readonly args?: ArgList;
  readonly build: (args: Args, variables: Variables) => Apply<T>;
}

export function define<T extends InputType>(d: Definition<T>): ConverterSpec {
  return {
    name: d.name,
    in: d.in,
    out: d.out,
    compile(written, options) {
      const apply = d.build(parseArgs(d.name, d.args ?? NO_ARGS, written), new Variables(d.name, options));
      const type = d.in;
      return (input, context) => {
        const s = castSample(input, type);
        // castSample returns a sample of the requested type, which TypeScript cannot see through the generic.
        return s === undefined ? undefined : apply(s.value as ValueOf<T>, context);
      };
    },
  };
}

/** Output helpers for the types sample.ts has no constructor for. */
export const bin = (value: Buffer): Sample => ({ type: 'bin', value });
