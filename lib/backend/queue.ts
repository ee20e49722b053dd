/**
 * A queue of requests waiting for a server slot (manual 4.2 "maxconn",
 * "timeout queue", 5.2 "maxqueue"): the backend's queue, where a request
 * waits when every usable server is at its `maxconn`, and a server's own
 * queue, where a request that persistence sends to that server waits. Oldest
 * first, until a server frees a slot — the request then goes to that server
 * — or until `timeout queue` (default: `timeout connect`) expires, which
 * answers 503. A waiter whose client leaves is cancelled and never served.
 */
import type { RuntimeServer } from './server.js';

/** A server was freed for the waiter (undefined: the queue timeout expired). */
export type QueueCallback = (server: RuntimeServer | undefined) => void;

interface Entry {
  readonly cb: QueueCallback;
  /** Balances the request again (its server stopped): it leaves this queue. */
  readonly redispatch: (() => void) | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Arrival rank across every queue: a freed server takes the older of its own and its backend's first waiter. */
  readonly arrival: number;
}

let arrivals = 0;

export class BackendQueue {
  readonly #entries: Entry[] = [];
  /** The most waiters ever (qmax). */
  #max = 0;

  /** Waiting now (qcur). */
  get length(): number {
    return this.#entries.length;
  }

  get max(): number {
    return this.#max;
  }

  /** The arrival rank of the oldest waiter (Infinity when none): lower is older. */
  get oldest(): number {
    return this.#entries[0]?.arrival ?? Infinity;
  }

  /** Waits for a server for at most `timeoutMs` (0: no limit); returns a cancel function. */
  enqueue(cb: QueueCallback, timeoutMs: number, redispatch?: () => void): () => void {
    const entry: Entry = { cb, redispatch, timer: undefined, arrival: arrivals++ };
    const remove = (): boolean => {
      const i = this.#entries.indexOf(entry);
      if (i >= 0) this.#entries.splice(i, 1);
      return i >= 0;
    };
    if (timeoutMs > 0) entry.timer = setTimeout(() => remove() && cb(undefined), timeoutMs);
    this.#entries.push(entry);
    if (this.#entries.length > this.#max) this.#max = this.#entries.length;
    return () => {
      if (entry.timer) clearTimeout(entry.timer);
      remove();
    };
  }

  /** Gives `server` to the oldest waiter, if any; returns true if one took it. */
  serveNext(server: RuntimeServer): boolean {
    const entry = this.#entries.shift();
    if (!entry) return false;
    if (entry.timer) clearTimeout(entry.timer);
    entry.cb(server);
    return true;
  }

  /** Every waiter that can be balanced again leaves the queue and is; returns how many. */
  redispatchAll(): number {
    const moving = this.#entries.filter((e) => e.redispatch);
    if (moving.length === 0) return 0;
    this.#entries.splice(0, this.#entries.length, ...this.#entries.filter((e) => !e.redispatch));
    for (const e of moving) {
      if (e.timer) clearTimeout(e.timer);
      e.redispatch?.();
    }
    return moving.length;
  }
}
