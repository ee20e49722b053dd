/**
 * Converter arguments as HAProxy 2.6 reads them at load time (configuration
 * manual 7.3.1; the argument list rules are those of every sample keyword).
 *
 * Each converter declares the kind of each argument position and how many
 * are mandatory. A list is read left to right:
 *  - `conv` and `conv()` are one empty argument;
 *  - an empty argument of a non-string kind (integer, mask) is "got
 *    nothing" where mandatory, and otherwise ends the list: the argument
 *    and all after it are absent, so nothing may follow it;
 *  - string arguments may be empty;
 *  - more arguments than declared, or fewer than mandatory, are errors.
 * Integers are read as HAProxy's read_int64: an optional sign then digits,
 * nothing else, saturating at the signed 64-bit limits ("-" alone is 0).
 * They are kept as bigint so that the limits are exact.
 */
import { isIPv4 } from 'node:net';
import { INT64_MAX, INT64_MIN } from './int64.js';
import { ipv4Value, parseIpv6 } from './ip.js';
import { ConverterArgumentError, type CompileOptions, type VariableReader } from './types.js';

export type ArgKind = 'str' | 'int' | 'mask4' | 'mask6';

export interface ArgList {
  /** The kind of each position, as many as the converter accepts. */
  readonly kinds: readonly ArgKind[];
  /** How many leading positions are mandatory. */
  readonly min: number;
}

export const NO_ARGS: ArgList = { kinds: [], min: 0 };

const UINT64_MAX = (1n << 64n) - 1n;

const KIND_NAMES: Readonly<Record<ArgKind, string>> = {
  str: 'a string',
  int: 'an integer',
  mask4: 'an IPv4 mask (dotted, or a length from 0 to 32)',
  mask6: 'an IPv6 mask (colon-separated, or a length from 0 to 128)',
};

/**
 * HAProxy's read_int64 over the whole text: undefined unless the text is an
 * optional sign followed by digits only. Saturates at the int64 limits.
 */
export function readInt64(text: string): bigint | undefined {
  let i = 0;
  const neg = text[0] === '-';
  if (neg || text[0] === '+') i = 1;
  let n = 0n;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    if (n <= UINT64_MAX) n = n * 10n + BigInt(d);
  }
  if (n > UINT64_MAX) n = UINT64_MAX;
  if (neg) return n > -INT64_MIN ? INT64_MIN : -n;
  return n > INT64_MAX ? INT64_MAX : n;
}

/** strtol over the whole text (leading spaces and a sign allowed), as str2mask reads a mask length. */
function maskLength(text: string, max: number): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  // The length is compared as unsigned, so a negative one other than -0 is refused.
  if (m[1] === '-' && n !== 0) return undefined;
  return n <= max ? n : undefined;
}

/** A 32-bit IPv4 mask from dotted text (any bits, as inet_pton reads it) or a prefix length. */
function parseMask4(text: string): number | undefined {
  if (text.includes('.')) return isIPv4(text) ? ipv4Value(text) : undefined;
  const len = maskLength(text, 32);
  return len === undefined ? undefined : len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** A 16-byte IPv6 mask from colon-separated text or a prefix length. */
function parseMask6(text: string): Uint8Array | undefined {
  if (text.includes(':')) return parseIpv6(text);
  const len = maskLength(text, 128);
  if (len === undefined) return undefined;
  const mask = new Uint8Array(16);
  for (let bit = 0; bit < len; bit++) mask[bit >> 3] = (mask[bit >> 3] as number) | (0x80 >> (bit & 7));
  return mask;
}

type ArgValue = string | bigint | number | Uint8Array;

/** The checked arguments of one converter; positions are 0-based. */
export class Args {
  readonly #converter: string;
  readonly #values: readonly ArgValue[];

  constructor(converter: string, values: readonly ArgValue[]) {
    this.#converter = converter;
    this.#values = values;
  }

  has(i: number): boolean {
    return i < this.#values.length;
  }

  /** A string argument; an absent one reads as empty, as in HAProxy. */
  str(i: number): string {
    const v = this.#values[i];
    return typeof v === 'string' ? v : '';
  }

  /** An integer argument, or undefined when absent. */
  int(i: number): bigint | undefined {
    const v = this.#values[i];
    return typeof v === 'bigint' ? v : undefined;
  }

  /** An IPv4 mask argument as an unsigned 32-bit number, or undefined when absent. */
  mask4(i: number): number | undefined {
    const v = this.#values[i];
    return typeof v === 'number' ? v : undefined;
  }

  /** An IPv6 mask argument as 16 bytes, or undefined when absent. */
  mask6(i: number): Uint8Array | undefined {
    const v = this.#values[i];
    return v instanceof Uint8Array ? v : undefined;
  }

  /** An error about these arguments, to throw. */
  error(message: string): ConverterArgumentError {
    return new ConverterArgumentError(this.#converter, message);
  }
}

/** Applies the list rules above; throws ConverterArgumentError as HAProxy refuses the configuration. */
export function parseArgs(converter: string, list: ArgList, written: readonly string[]): Args {
  const raw = written.length === 0 ? [''] : written;
  const fail = (message: string): ConverterArgumentError => new ConverterArgumentError(converter, message);
  const values: ArgValue[] = [];
  const { kinds, min } = list;
  if (kinds.length === 0) {
    if (raw.length === 1 && raw[0] === '') return new Args(converter, values);
    throw fail('takes no arguments');
  }
  for (let i = 0; i < raw.length; i++) {
    const text = raw[i] as string;
    const kind = kinds[i];
    if (kind === undefined) throw fail(`takes at most ${kinds.length} argument${kinds.length > 1 ? 's' : ''}, got ${raw.length}`);
    if (kind === 'str') {
      values.push(text);
      continue;
    }
    if (text === '') {
      if (i < min) throw fail(`argument ${i + 1} must be ${KIND_NAMES[kind]}, got nothing`);
      if (i < raw.length - 1) throw fail(`argument ${i + 1} is empty, so no argument may follow it`);
      break;
    }
    const value = kind === 'int' ? readInt64(text) : kind === 'mask4' ? parseMask4(text) : parseMask6(text);
    if (value === undefined) throw fail(`argument ${i + 1} must be ${KIND_NAMES[kind]}, got '${text}'`);
    values.push(value);
  }
  if (values.length < min) throw fail(`needs ${min} argument${min > 1 ? 's' : ''}, got ${values.length}`);
  return new Args(converter, values);
}

/** A variable name as HAProxy 2.6 accepts one in converter arguments: a scope, a dot, then [A-Za-z0-9._]. */
const VARIABLE_NAME = /^(?:proc|sess|txn|req|res|check)\.[A-Za-z0-9._]+$/;

export function isVariableName(text: string): boolean {
  return VARIABLE_NAME.test(text);
}

/** Gives converters readers for the variables their arguments name. */
export class Variables {
  readonly #converter: string;
  readonly #resolve: ((name: string) => VariableReader<unknown>) | undefined;

  constructor(converter: string, options: CompileOptions<never> | undefined) {
    this.#converter = converter;
    // The context a compiled converter receives is the one its caller passes
    // to the readers the caller made, so erasing the context type is sound.
    this.#resolve = options?.variable as ((name: string) => VariableReader<unknown>) | undefined;
  }

  /** A reader for `name` (a valid variable name); throws when no resolver was given. */
  reader(name: string): VariableReader<unknown> {
    if (this.#resolve === undefined) {
      throw new ConverterArgumentError(
        this.#converter,
        `argument '${name}' is a variable, and variables need the rule engine (compile was given no variable resolver)`,
      );
    }
    return this.#resolve(name);
  }
}
