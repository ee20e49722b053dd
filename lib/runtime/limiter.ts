/**
 * A connection limit (global `maxconn`, a frontend's `maxconn`): accepted
 * connections beyond it wait, paused, until a slot frees — as in HAProxy,
 * where excess connections wait in the listen backlog instead of being
 * refused.
 */
export class Limiter {
  #max: number;
  #current = 0;
  readonly #waiting: (() => void)[] = [];

  /** `max` 0 means no limit. */
  constructor(max: number) {
    this.#max = max;
  }

  /** The limit (0: none). */
  get max(): number {
    return this.#max;
  }

  /** Changes the limit at run time (`set maxconn`): waiters take the slots a higher limit frees. */
  set max(max: number) {
    this.#max = max;
    while (this.#waiting.length > 0 && (max === 0 || this.#current < max)) {
      this.#current++;
      (this.#waiting.shift() as () => void)();
    }
  }

  get current(): number {
    return this.#current;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `start` now if a slot is free, else when one frees. */
  acquire(start: () => void): void {
    if (this.#max === 0 || this.#current < this.#max) {
      this.#current++;
      start();
    } else {
      this.#waiting.push(start);
    }
  }

  /** Drops a waiting start (its connection went away before it got a slot). */
  cancel(start: () => void): void {
    const i = this.#waiting.indexOf(start);
    if (i >= 0) this.#waiting.splice(i, 1);
  }

  release(): void {
    // The slot passes to the next waiter, unless a lower limit was set meanwhile.
    const next = this.#max === 0 || this.#current <= this.#max ? this.#waiting.shift() : undefined;
    if (next) next();
    else this.#current--;
  }
}
