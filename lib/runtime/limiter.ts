/**
 * A connection limit (global `maxconn`, a frontend's `maxconn`): accepted
 * connections beyond it wait, paused, until a slot frees — as in HAProxy,
 * where excess connections wait in the listen backlog instead of being
 * refused.
 */
export class Limiter {
  readonly #max: number;
  #current = 0;
  readonly #waiting: (() => void)[] = [];

  /** `max` 0 means no limit. */
  constructor(max: number) {
    this.#max = max;
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
    const next = this.#waiting.shift();
    if (next) next();
    else this.#current--;
  }
}
