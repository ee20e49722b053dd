/**
 * Every stick table of a configuration (one per proxy with a `stick-table`
 * line, named after it), and the timers that purge expired entries.
 *
 * Lookups already skip what expired (table.ts), so the timer only gives the
 * memory back: each table is swept when its first entry is due, at most
 * every SWEEP_MIN_MS, by an unref'd timer that never keeps the process up.
 */
import type { Proxy } from '../config/model/proxy.js';
import { StickTable } from './table.js';

const SWEEP_MIN_MS = 100;

const SERVER_DATA = [{ name: 'server_id' }, { name: 'server_key' }] as const;

export class StickTables {
  readonly #tables = new Map<string, StickTable>();
  readonly #timers = new Map<StickTable, NodeJS.Timeout>();
  #running = false;

  constructor(proxies: readonly Pick<Proxy, 'name' | 'stickTable' | 'stickRules'>[], clock?: () => number) {
    // Tables that stick rules name also store the server (HAProxy adds server_id and server_key to them).
    const persistence = new Set(proxies.flatMap((p) => p.stickRules.map((r) => r.table ?? p.name)));
    for (const p of proxies) {
      const config = p.stickTable;
      if (!config) continue;
      const store = persistence.has(p.name) ? [...config.store, ...SERVER_DATA.filter((d) => !config.store.some((s) => s.name === d.name))] : config.store;
      this.#tables.set(p.name, new StickTable(p.name, { ...config, store }, clock));
    }
  }

  /** The table of the proxy named so. */
  get(name: string): StickTable | undefined {
    return this.#tables.get(name);
  }

  [Symbol.iterator](): IterableIterator<StickTable> {
    return this.#tables.values();
  }

  /** Starts purging expired entries. */
  start(): void {
    this.#running = true;
    for (const t of this.#tables.values()) this.#schedule(t);
  }

  stop(): void {
    this.#running = false;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(table: StickTable): void {
    if (!this.#running || table.expire === 0) return;
    const next = table.sweep();
    const delay = Number.isFinite(next) ? Math.max(SWEEP_MIN_MS, next - table.now()) : table.expire;
    const timer = setTimeout(() => this.#schedule(table), delay);
    timer.unref();
    this.#timers.set(table, timer);
  }
}
