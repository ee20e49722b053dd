/**
 * The backend queue (manual 4.2 "maxconn", "timeout queue"): when every
 * usable server is at its `maxconn`, a request waits here, oldest first,
 * until a server frees a slot — the request then goes to that server — or
 * until `timeout queue` (default: `timeout connect`) expires, which answers
 * 503. A waiter whose client leaves is cancelled and never served.
 */
import type { RuntimeServer } from './server.js';

/** A server was freed for the waiter (undefined: the queue timeout expired). */
export type QueueCallback = (server: RuntimeServer | undefined) => void;

interface Entry {
  readonly cb: QueueCallback;
  timer: NodeJS.Timeout | undefined;
}

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

  /** Waits for a server for at most `timeoutMs` (0: no limit); returns a cancel function. */
  enqueue(cb: QueueCallback, timeoutMs: number): () => void {
    const entry: Entry = { cb, timer: undefined };
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
}
