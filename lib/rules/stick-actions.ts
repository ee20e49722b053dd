/**
 * Rule actions on stick counters (configuration manual 4.2), shared by the
 * tcp-request and http-request rule sets:
 *
 *   track-sc<N> <key> [table <table>]   counter N tracks the key's entry
 *                                      (created if needed) for the session
 *                                      (tcp-request connection|session) or
 *                                      the request (tcp-request content,
 *                                      http-request, which also counts the
 *                                      request on it)
 *   sc-inc-gpc0(<N>), sc-inc-gpc1(<N>) one event on gpc0/gpc1 and their
 *                                      rates, of the entry counter N tracks
 *
 * A key that does not convert to the table's type, or a full table, tracks
 * nothing, as in HAProxy.
 */
import type { Action } from '../config/model/rules.js';
import { countEvents, StickCounters, type TrackLevel } from '../stick/counters.js';
import type { StickTable } from '../stick/table.js';
import type { SampleContext } from './context.js';
import { compileExpression, type ExpressionEnv } from './sample/expression.js';

type TrackAction = Extract<Action, { type: 'track-sc' }>;
type GpcAction = Extract<Action, { type: 'sc-inc-gpc0' | 'sc-inc-gpc1' }>;

/** The table a rule names, or its proxy's own; throws an Error naming what is missing. */
export function ruleTable(env: ExpressionEnv, name: string | undefined): StickTable {
  const scope = env.scope;
  if (!scope) throw new Error('stick tables are not available here');
  const table = scope.table(name);
  if (table) return table;
  throw new Error(name === undefined ? `proxy '${scope.proxy}' has no stick-table` : `no stick-table named '${name}'`);
}

/** `track-sc<N>`: `countRequest` for http-request, which counts the request being processed on the entry. */
export function trackStep(a: TrackAction, env: ExpressionEnv, level: TrackLevel, countRequest: boolean): (ctx: SampleContext) => void {
  const table = ruleTable(env, a.table);
  const key = compileExpression(a.key, env);
  const slot = a.slot;
  return (ctx) => {
    if (ctx.stick?.tracked(slot)) return;
    const sample = key.one(ctx);
    if (sample === undefined) return;
    const k = table.keys.fromSample(sample);
    if (k === undefined) return;
    const now = table.now();
    const entry = table.getOrCreate(k, now);
    if (!entry) return;
    const counters = (ctx.stick ??= new StickCounters());
    counters.track(slot, table, entry, level, now);
    if (countRequest) counters.httpRequestOn(slot);
  };
}

/** `sc-inc-gpc0(<N>)` / `sc-inc-gpc1(<N>)`. */
export function incrementGpcStep(a: GpcAction): (ctx: SampleContext) => void {
  const [counter, rate] = a.type === 'sc-inc-gpc0' ? (['gpc0', 'gpc0_rate'] as const) : (['gpc1', 'gpc1_rate'] as const);
  const slot = a.slot;
  return (ctx) => {
    const t = ctx.stick?.tracked(slot);
    if (t) countEvents(t.table, t.entry, counter, rate, 1, t.table.now());
  };
}
