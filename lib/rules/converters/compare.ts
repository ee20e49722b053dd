/**
 * Comparison converters (configuration manual 7.3.1): strcmp and
 * secure_memcmp, which compare the input with a variable. Their argument
 * must be a variable name; an unset variable, or one that has no cast to
 * the compared type, gives no sample.
 *
 * strcmp returns what HAProxy 2.6 computes with memcmp: the difference of
 * the first differing bytes ("abz" against "abc" is 23), else -1 when the
 * input is shorter, 1 when it is longer, 0 when equal. secure_memcmp
 * compares binary contents in constant time when the lengths are equal.
 */
import { timingSafeEqual } from 'node:crypto';
import { bool, castSample, int } from '../sample/sample.js';
import { isVariableName, type Args, type Variables } from './args.js';
import { define } from './definition.js';
import type { ConverterSpec, VariableReader } from './types.js';

function variable(args: Args, variables: Variables): VariableReader<unknown> {
  const name = args.str(0);
  if (name === '') throw args.error('missing variable name');
  if (!isVariableName(name)) throw args.error(`'${name}' is not a variable name (expected a scope such as txn. then letters, digits, '.' or '_')`);
  return variables.reader(name);
}

function compare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a.charCodeAt(i) & 0xff) - (b.charCodeAt(i) & 0xff);
    if (d !== 0) return d;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export const COMPARE_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'strcmp',
    in: 'str',
    out: 'int',
    args: { kinds: ['str'], min: 1 },
    build(args, variables) {
      const read = variable(args, variables);
      return (s, context) => {
        const v = read(context);
        const other = v === undefined ? undefined : castSample(v, 'str');
        return other?.type === 'str' ? int(compare(s, other.value)) : undefined;
      };
    },
  }),
  define({
    name: 'secure_memcmp',
    in: 'bin',
    out: 'bool',
    args: { kinds: ['str'], min: 1 },
    build(args, variables) {
      const read = variable(args, variables);
      return (b, context) => {
        const v = read(context);
        const other = v === undefined ? undefined : castSample(v, 'bin');
        if (other?.type !== 'bin') return undefined;
        return bool(other.value.length === b.length && timingSafeEqual(b, other.value));
      };
    },
  }),
];
