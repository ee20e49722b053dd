/**
 * A priority queue of entries ordered by an integer key, equal keys in
 * insertion order — what HAProxy's elastic binary trees give its weighted
 * round robin (a server put back among equals goes after them). A binary
 * heap with each entry knowing its place, so that any entry can leave in
 * O(log n); nothing is allocated once the queue has grown to its size.
 */

export class QueueEntry {
  key = 0;
  /** Insertion stamp: the tie-breaker between equal keys. */
  seq = 0;
  /** Position in the queue holding it; -1 when in none. */
  index = -1;
  queue: OrderedQueue | undefined;
}

/** Stamps shared by every queue: only their order matters. */
let stamp = 0;

export class OrderedQueue<T extends QueueEntry = QueueEntry> {
  readonly #heap: T[] = [];

  get size(): number {
    return this.#heap.length;
  }

  first(): T | undefined {
    return this.#heap[0];
  }

  insert(entry: T, key: number): void {
    entry.key = key;
    entry.seq = ++stamp;
    entry.queue = this as OrderedQueue;
    entry.index = this.#heap.length;
    this.#heap.push(entry);
    this.#up(entry.index);
  }

  /** Takes `entry` out (it must be in this queue). */
  remove(entry: T): void {
    const heap = this.#heap;
    const i = entry.index;
    const last = heap.pop() as T;
    entry.index = -1;
    entry.queue = undefined;
    if (last === entry) return;
    heap[i] = last;
    last.index = i;
    this.#down(i);
    this.#up(last.index);
  }

  #less(a: T, b: T): boolean {
    return a.key < b.key || (a.key === b.key && a.seq < b.seq);
  }

  #up(i: number): void {
    const heap = this.#heap;
    const entry = heap[i] as T;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as T;
      if (!this.#less(entry, p)) break;
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = entry;
    entry.index = i;
  }

  #down(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const entry = heap[i] as T;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.#less(heap[right] as T, heap[child] as T)) child = right;
      const c = heap[child] as T;
      if (!this.#less(c, entry)) break;
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = entry;
    entry.index = i;
  }
}
