/**
 * `set-var(<var>)`, `set-var-fmt(<var>)` and `unset-var(<var>)` (configuration
 * manual 4.2 "http-request set-var"), the same in every rule set that has
 * them: the value is a sample expression or a log-format string; an
 * expression without a value leaves the variable as it was.
 */
import type { Action } from '../config/model/rules.js';
import type { SampleContext } from './context.js';
import { compileLogFormat } from './log-format.js';
import { compileExpression, type ExpressionEnv } from './sample/expression.js';

type VariableAction = Extract<Action, { type: 'set-var' | 'set-var-fmt' | 'unset-var' }>;

export function variableStep(a: VariableAction, env: ExpressionEnv): (ctx: SampleContext) => void {
  const { scope, name } = a;
  if (a.type === 'unset-var') return (ctx) => ctx.vars.unset(scope, name);
  if (a.conditions.length > 0) throw new Error(`'${a.type}' conditions (${a.conditions.join(', ')}) are not implemented yet`);
  if (a.type === 'set-var') {
    const expr = compileExpression(a.expr, env);
    return (ctx) => {
      const v = expr.one(ctx);
      if (v !== undefined) ctx.vars.set(scope, name, v);
    };
  }
  const value = compileLogFormat(a.format, env);
  return (ctx) => ctx.vars.set(scope, name, { type: 'str', value: value(ctx) });
}
