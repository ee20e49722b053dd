/**
 * `set-src <expr>` (configuration manual 4.2 "http-request set-src",
 * "tcp-request connection set-src"): the client address becomes the
 * expression's value, cast to an address; no address, no change. The rest
 * of the connection sees it: `src`, X-Forwarded-For, balancing by source,
 * stick tables keyed by `src`.
 */
import type { Action } from '../config/model/rules.js';
import type { SampleContext } from './context.js';
import { compileExpression, type ExpressionEnv } from './sample/expression.js';
import { castSample } from './sample/sample.js';

type SetSource = Extract<Action, { type: 'set-src' }>;

export function setSourceStep(a: SetSource, env: ExpressionEnv): (ctx: SampleContext) => void {
  const expr = compileExpression(a.expr, env);
  return (ctx) => {
    const v = expr.one(ctx);
    const address = v === undefined ? undefined : castSample(v, 'ip');
    if (address?.type === 'ip') ctx.setSource(address.value);
  };
}
