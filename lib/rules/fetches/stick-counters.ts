/**
 * Stick-counter fetches (configuration manual 7.3.3): the data of the entry
 * a connection tracks, `sc_<datum>(<ctr>[,<table>])` and
 * `sc0_<datum>([<table>])` … `sc2_…`, or of the entry of the client's
 * address, `src_<datum>([<table>])`, by default in the table of the proxy
 * the rule belongs to.
 *
 * HAProxy 2.6's answers, kept here:
 *  - a counter that tracks nothing gives no sample (an ACL on it is false);
 *  - with a `<table>` argument, `sc_*` read the tracked key in that table;
 *  - a key absent from the table reads 0;
 *  - an entry whose table does not store the datum gives no sample;
 *  - `src_inc_*`, `src_clr_*` and `src_updt_conn_cnt` create the entry,
 *    the other `src_*` only look it up;
 *  - `*_inc_gpc0` counts on gpc0_rate and gpc0, whichever are stored, and
 *    answers gpc0 (or the current period's count of the rate alone);
 *    `*_clr_gpc0` answers the value before clearing.
 */
import type { StickEntry } from '../../stick/entry.js';
import type { StickTable } from '../../stick/table.js';
import { STICK_COUNTERS } from '../../stick/counters.js';
import { STICK_READERS, type DatumSpec } from '../../stick/readers.js';
import type { SampleContext } from '../context.js';
import { bool, int, type Sample } from '../sample/sample.js';
import { intArg, type CompiledFetch, type FetchScope, type FetchSpec } from './fetch.js';

/** Array data take 0 to 99 as element (HAProxy's limit of 100 elements). */
function elementArg(v: string | undefined): number {
  const i = intArg('array index', v);
  if (i < 0 || i > 99) throw new Error(`array index ${i} is out of range (0 to 99)`);
  return i;
}

function counterArg(v: string | undefined): number {
  const i = intArg('stick counter', v);
  if (i < 0 || i >= STICK_COUNTERS) throw new Error(`stick counter ${i} is out of range (0 to ${STICK_COUNTERS - 1})`);
  return i;
}

/** The table an argument names (its proxy's), or the proxy's own; throws when there is none. */
function tableArg(scope: FetchScope | undefined, name: string | undefined, required: boolean): StickTable | undefined {
  if (!scope) throw new Error('stick tables are not available here');
  const given = name !== undefined && name !== '';
  const table = scope.table(given ? name : undefined);
  if (table) return table;
  if (given) throw new Error(`no stick-table named '${name}'`);
  if (required) throw new Error(`proxy '${scope.proxy}' has no stick-table`);
  return undefined;
}

function answer(n: number | undefined): Sample | undefined {
  return n === undefined ? undefined : int(n);
}

/** `src_<datum>([<table>])`: the entry of the client's address. */
function srcFetch(spec: DatumSpec): FetchSpec {
  return {
    type: 'int',
    args: spec.array ? [1, 2] : [0, 1],
    compile(args, scope): CompiledFetch {
      const index = spec.array ? elementArg(args[0]) : 0;
      const table = tableArg(scope, args[spec.array ? 1 : 0], true) as StickTable;
      const read = spec.read;
      return {
        type: 'int',
        one: (ctx) => {
          const key = table.keys.fromSample({ type: 'ip', value: ctx.src });
          if (key === undefined) return undefined;
          const now = table.now();
          const entry = spec.creates ? table.getOrCreate(key, now) : table.lookup(key, now);
          return entry ? answer(read(table, entry, now, index)) : int(0);
        },
      };
    },
  };
}

/** The tracked entry of counter `ctr`, or the same key in `other`'s table. */
function trackedEntry(ctx: SampleContext, ctr: number, other: StickTable | undefined): { table: StickTable; entry: StickEntry | undefined } | undefined {
  const t = ctx.stick?.tracked(ctr);
  if (!t) return undefined;
  if (!other || other === t.table) return t;
  return { table: other, entry: other.type === t.table.type ? other.lookup(t.entry.key) : undefined };
}

/** `sc_<datum>(<ctr>[,<table>])` (fixed = undefined) or `sc<N>_<datum>([<table>])`. */
function scFetch(spec: DatumSpec, fixed: number | undefined): FetchSpec {
  const lead = (spec.array ? 1 : 0) + (fixed === undefined ? 1 : 0);
  return {
    type: 'int',
    args: [lead, lead + 1],
    compile(args, scope): CompiledFetch {
      const index = spec.array ? elementArg(args[0]) : 0;
      const ctr = fixed ?? counterArg(args[spec.array ? 1 : 0]);
      const other = args[lead] === undefined ? undefined : tableArg(scope, args[lead], true);
      const read = spec.read;
      return {
        type: 'int',
        one: (ctx) => {
          const t = trackedEntry(ctx, ctr, other);
          if (!t) return undefined;
          return t.entry ? answer(read(t.table, t.entry, t.table.now(), index)) : int(0);
        },
      };
    },
  };
}

/** `sc_tracked(<ctr>[,<table>])`, `sc<N>_tracked([<table>])`: whether the counter tracks an entry (of that table). */
function trackedFetch(fixed: number | undefined): FetchSpec {
  const lead = fixed === undefined ? 1 : 0;
  return {
    type: 'bool',
    args: [lead, lead + 1],
    compile(args, scope): CompiledFetch {
      const ctr = fixed ?? counterArg(args[0]);
      const other = args[lead] === undefined ? undefined : tableArg(scope, args[lead], true);
      return { type: 'bool', one: (ctx) => bool(trackedEntry(ctx, ctr, other)?.entry !== undefined) };
    },
  };
}

/** `src_updt_conn_cnt([<table>])`: one more connection on the client's entry, created if needed; answers conn_cnt. */
const updateConnCount: FetchSpec = {
  type: 'int',
  args: [0, 1],
  compile(args, scope) {
    const table = tableArg(scope, args[0], true) as StickTable;
    return {
      type: 'int',
      one: (ctx) => {
        const key = table.keys.fromSample({ type: 'ip', value: ctx.src });
        const now = table.now();
        const entry = key === undefined ? undefined : table.getOrCreate(key, now);
        const slot = table.layout.slot('conn_cnt');
        if (!entry || !slot) return undefined;
        entry.add(slot, 1, now);
        table.touch(entry, now);
        return int(entry.read(slot, now));
      },
    };
  },
};

function build(): Record<string, FetchSpec> {
  const out: Record<string, FetchSpec> = {};
  for (const [name, spec] of Object.entries(STICK_READERS)) {
    out[`src_${name}`] = srcFetch(spec);
    out[`sc_${name}`] = scFetch(spec, undefined);
    // The array forms have no sc<N>_ variants in 2.6.
    if (!spec.array) for (let n = 0; n < STICK_COUNTERS; n++) out[`sc${n}_${name}`] = scFetch(spec, n);
  }
  out['sc_tracked'] = trackedFetch(undefined);
  for (let n = 0; n < STICK_COUNTERS; n++) out[`sc${n}_tracked`] = trackedFetch(n);
  out['src_updt_conn_cnt'] = updateConnCount;
  return out;
}

export const STICK_COUNTER_FETCHES: Readonly<Record<string, FetchSpec>> = build();
