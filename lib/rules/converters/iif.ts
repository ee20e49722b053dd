/**
 * iif(<true>,<false>) (configuration manual 7.3.1): one of two strings,
 * after the input read as a boolean.
 */
import { str, type Sample } from '../sample/sample.js';
import { define } from './definition.js';
import type { ConverterSpec } from './types.js';

export const IIF_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'iif',
    in: 'bool',
    out: 'str',
    args: { kinds: ['str', 'str'], min: 2 },
    build(args) {
      const yes: Sample = str(args.str(0));
      const no: Sample = str(args.str(1));
      return (b) => (b ? yes : no);
    },
  }),
];
