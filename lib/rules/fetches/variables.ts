/** `var(<scope>.<name>[,<default>])` (configuration manual 7.3.2): a variable set by `set-var`, or the default text. */
import { parseVarName } from '../variables.js';
import { str } from '../sample/sample.js';
import type { FetchSpec } from './fetch.js';

export const VARIABLE_FETCHES: Readonly<Record<string, FetchSpec>> = {
  var: {
    type: 'any',
    args: [1, 2],
    compile(args) {
      const v = parseVarName(args[0] ?? '');
      if (!v) throw new Error(`'${args[0] ?? ''}' is not a variable name (expected proc., sess., txn., req. or res. then a name)`);
      const fallback = args[1] === undefined ? undefined : str(args[1]);
      return { type: 'any', one: (ctx) => ctx.vars.get(v.scope, v.name) ?? fallback };
    },
  },
};
