/**
 * The expiration queue of a stick table: HAProxy's `exps` tree, as a binary
 * min-heap ordered by (queue date, queueing order). Like HAProxy, it is lazy:
 * touching an entry only moves its `expire` date; the entry keeps the place
 * it was queued at until the expiry sweep or the purge of a full table meets
 * it there and queues it again at its real date. Entries queued at the same
 * date come out in the order they were queued, as duplicates of an ebtree do.
 */

export const NOT_QUEUED = -1;
/** Out of the heap but logically still in HAProxy's tree at its place (see StickTable). */
export const PARKED = -2;

/** What the queue holds: a node with its dates and its place. */
export class ExpiryNode {
  /** When the entry expires (ms); HAProxy's ts->expire. */
  expire = 0;
  /** The date it was queued at, which `expire` may have passed since; HAProxy's ts->exp.key. */
  queueDate = 0;
  /** Queueing order among equal dates. */
  queueOrder = 0;
  /** Index in the heap; NOT_QUEUED or PARKED when out of it. */
  queueIndex = NOT_QUEUED;
}

function before(a: ExpiryNode, b: ExpiryNode): boolean {
  return a.queueDate < b.queueDate || (a.queueDate === b.queueDate && a.queueOrder < b.queueOrder);
}

export class ExpiryQueue<T extends ExpiryNode> {
  readonly #heap: T[] = [];
  #order = 0;

  /** The first node, if any. */
  peek(): T | undefined {
    return this.#heap[0];
  }

  /** Queues `node` at `date`, after every node already queued at that date. */
  push(node: T, date: number): void {
    node.queueDate = date;
    node.queueOrder = ++this.#order;
    this.restore(node);
  }

  /** Puts back a node taken out with pop(), at the place it had. */
  restore(node: T): void {
    node.queueIndex = this.#heap.length;
    this.#heap.push(node);
    this.#up(node.queueIndex);
  }

  /** Takes the first node out. */
  pop(): T | undefined {
    const top = this.#heap[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** Takes a queued node out. */
  remove(node: T): void {
    const heap = this.#heap;
    const i = node.queueIndex;
    const last = heap.pop() as T;
    node.queueIndex = NOT_QUEUED;
    if (last === node) return;
    heap[i] = last;
    last.queueIndex = i;
    this.#down(i);
    this.#up(last.queueIndex);
  }

  #up(i: number): void {
    const heap = this.#heap;
    const node = heap[i] as T;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as T;
      if (!before(node, parent)) break;
      heap[i] = parent;
      parent.queueIndex = i;
      i = p;
    }
    heap[i] = node;
    node.queueIndex = i;
  }

  #down(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const node = heap[i] as T;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r] as T, heap[l] as T) ? r : l;
      const child = heap[c] as T;
      if (!before(child, node)) break;
      heap[i] = child;
      child.queueIndex = i;
      i = c;
    }
    heap[i] = node;
    node.queueIndex = i;
  }
}
