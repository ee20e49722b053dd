/**
 * Stick-table persistence (configuration manual 4.2 "stick on", "stick
 * match", "stick store-request", "stick store-response"): a key fetched from the request names, in a
 * stick table, the server that served it last; a request whose key is found
 * goes to that server while it is not stopped (or always, with `option
 * persist`), otherwise it is balanced and the server that serves it is
 * stored under the key.
 *
 *   request ──► match / on rules, in order: the first key found names the server
 *           └─► store-request / on rules: keys kept (one per table)
 *   server serving the request ──► each kept key ← server_id and server_key
 *   its response ──► store-response rules: keys of other tables ← the same
 *
 * As HAProxy 2.6: a cookie that already chose the server wins over tables;
 * a table whose key is kept is skipped by the rules after; tables named by
 * stick rules store server_id and server_key (StickTables adds them).
 */
import type { RuntimeServer } from '../backend/server.js';
import type { Proxy } from '../config/model/proxy.js';
import type { StickEntry } from '../stick/entry.js';
import type { StickKey } from '../stick/key.js';
import type { StickTable } from '../stick/table.js';
import type { AclSet } from '../rules/acl/condition.js';
import type { Predicate } from '../rules/acl/criterion.js';
import type { SampleContext } from '../rules/context.js';
import { compileExpression, type CompiledExpression, type ExpressionEnv } from '../rules/sample/expression.js';
import { ruleTable } from '../rules/stick-actions.js';

interface StickRule {
  readonly match: boolean;
  readonly store: boolean;
  readonly when: Predicate;
  readonly key: CompiledExpression;
  readonly table: StickTable;
}

/** What the request found: the server a table named, and the keys to store once a server serves it. */
export interface StickState {
  readonly server: RuntimeServer | undefined;
  readonly stores: readonly { readonly table: StickTable; readonly key: StickKey }[];
}

export class StickPersistence {
  readonly #rules: readonly StickRule[];
  /** `stick store-response`: keys read from the server's response. */
  readonly #responseRules: readonly StickRule[];
  readonly #byId: ReadonlyMap<number, RuntimeServer>;
  readonly #byName: ReadonlyMap<string, RuntimeServer>;
  readonly #persist: boolean;

  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(proxy: Proxy, servers: readonly RuntimeServer[], acls: AclSet, env: ExpressionEnv) {
    const rules = proxy.stickRules.map((r) => {
      try {
        const table = ruleTable(env, r.table);
        const rule = { match: r.kind === 'on' || r.kind === 'match', store: r.kind !== 'match', when: acls.condition(r.cond), key: compileExpression(r.expr, env), table };
        return { rule, response: r.kind === 'store-response' };
      } catch (err) {
        throw new Error(`line ${r.place.line}: ${(err as Error).message}`);
      }
    });
    this.#rules = rules.filter((r) => !r.response).map((r) => r.rule);
    this.#responseRules = rules.filter((r) => r.response).map((r) => r.rule);
    this.#byId = new Map(servers.map((s) => [s.id, s]));
    this.#byName = new Map(servers.map((s) => [s.name, s]));
    this.#persist = proxy.flags.persist;
  }

  /** `assigned`: a cookie already chose the server, so tables only get touched; `force`: force-persist holds, a stopped server too. */
  onRequest(ctx: SampleContext, assigned: boolean, force = false): StickState {
    let server: RuntimeServer | undefined;
    const stores: { table: StickTable; key: StickKey }[] = [];
    for (const r of this.#rules) {
      if (stores.some((s) => s.table === r.table) || !r.when(ctx)) continue;
      const sample = r.key.one(ctx);
      const key = sample === undefined ? undefined : r.table.keys.fromSample(sample);
      if (key === undefined) continue;
      if (r.match) {
        const entry = r.table.lookup(key);
        if (entry) {
          if (!assigned && server === undefined) {
            const named = this.#serverOf(r.table, entry);
            if (named && (named.running || this.#persist || force)) server = named;
          }
          r.table.touch(entry);
        }
      }
      if (r.store) stores.push({ table: r.table, key });
    }
    return { server, stores };
  }

  /** Whether `stick store-response` rules read the responses. */
  get readsResponses(): boolean {
    return this.#responseRules.length > 0;
  }

  /**
   * A final response from `served` (ctx.res): the store-response rules'
   * keys name it, each table once, none that a request rule stores already.
   */
  onResponse(ctx: SampleContext, state: StickState | undefined, served: RuntimeServer): void {
    const stores: { table: StickTable; key: StickKey }[] = [];
    for (const r of this.#responseRules) {
      if (state?.stores.some((s) => s.table === r.table) || stores.some((s) => s.table === r.table) || !r.when(ctx)) continue;
      const sample = r.key.one(ctx);
      const key = sample === undefined ? undefined : r.table.keys.fromSample(sample);
      if (key !== undefined) stores.push({ table: r.table, key });
    }
    if (stores.length > 0) this.store({ server: undefined, stores }, served);
  }

  /** `served` serves the request: every kept key names it. */
  store(state: StickState, served: RuntimeServer): void {
    for (const { table, key } of state.stores) {
      const now = table.now();
      const entry = table.getOrCreate(key, now);
      if (!entry) continue;
      const id = table.layout.slot('server_id');
      if (id) entry.set(id, served.id, now);
      if (table.layout.slot('server_key')) entry.serverKey = served.name;
      table.touch(entry, now);
    }
  }

  /** The server an entry names: by its key (name) when stored, else by its id. */
  #serverOf(table: StickTable, entry: StickEntry): RuntimeServer | undefined {
    if (entry.serverKey !== undefined) {
      const byName = this.#byName.get(entry.serverKey);
      if (byName) return byName;
    }
    const id = table.layout.slot('server_id');
    return id ? this.#byId.get(entry.read(id, table.now())) : undefined;
  }
}
