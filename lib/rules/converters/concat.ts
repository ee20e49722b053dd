/**
 * Concatenating converters (configuration manual 7.3.1): concat and
 * add_item, which append constant strings and a variable to the input.
 *
 * concat([<start>],[<var>],[<end>]) appends the three; add_item(<delim>,
 * [<var>][,<suffix>]) appends <delim> only when the input is not empty and
 * something non-empty follows. The variable argument, when not empty,
 * must be a variable name; an unset variable, or one without a string
 * cast, appends nothing.
 */
import { castSample, str } from '../sample/sample.js';
import { isVariableName, type Args, type Variables } from './args.js';
import { define } from './definition.js';
import type { ConverterSpec } from './types.js';

/** The optional variable of argument 2, read as a string per call; undefined when not given, unset or not castable. */
function optionalVariable(args: Args, variables: Variables): (context: unknown) => string | undefined {
  const name = args.str(1);
  if (name === '') return () => undefined;
  if (!isVariableName(name)) throw args.error(`'${name}' is not a variable name (expected a scope such as txn. then letters, digits, '.' or '_')`);
  const read = variables.reader(name);
  return (context) => {
    const v = read(context);
    const s = v === undefined ? undefined : castSample(v, 'str');
    return s?.type === 'str' ? s.value : undefined;
  };
}

export const CONCAT_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'concat',
    in: 'str',
    out: 'str',
    args: { kinds: ['str', 'str', 'str'], min: 1 },
    build(args, variables) {
      const start = args.str(0);
      const end = args.str(2);
      const read = optionalVariable(args, variables);
      return (s, context) => str(s + start + (read(context) ?? '') + end);
    },
  }),
  define({
    name: 'add_item',
    in: 'str',
    out: 'str',
    args: { kinds: ['str', 'str', 'str'], min: 2 },
    build(args, variables) {
      const delimiter = args.str(0);
      const suffix = args.str(2);
      if (args.str(1) === '' && suffix === '') throw args.error('needs a variable or a suffix (both are empty)');
      const read = optionalVariable(args, variables);
      return (s, context) => {
        const v = read(context);
        const sep = s !== '' && ((v !== undefined && v !== '') || suffix !== '') ? delimiter : '';
        return str(s + sep + (v ?? '') + suffix);
      };
    },
  }),
];
