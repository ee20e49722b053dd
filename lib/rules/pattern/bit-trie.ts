/**
 * A binary prefix tree over the bits of a byte key, for address networks:
 * an entry is stored under the first `bits` bits of its key, and a lookup
 * returns the entry of the longest stored prefix of the key. When the same
 * prefix is inserted again the first entry stays, as in HAProxy's trees.
 */
interface BitNode<E> {
  entry?: E;
  zero?: BitNode<E>;
  one?: BitNode<E>;
}

function bitAt(key: Uint8Array, i: number): number {
  return ((key[i >> 3] as number) >> (7 - (i & 7))) & 1;
}

export class BitTrie<E> {
  readonly #root: BitNode<E> = {};

  insert(key: Uint8Array, bits: number, entry: E): void {
    let node = this.#root;
    for (let i = 0; i < bits; i++) {
      if (bitAt(key, i) === 1) node = node.one ??= {};
      else node = node.zero ??= {};
    }
    node.entry ??= entry;
  }

  /** The entry stored under the first `bits` bits of `key`, made by `create` when there is none. */
  at(key: Uint8Array, bits: number, create: () => E): E {
    let node = this.#root;
    for (let i = 0; i < bits; i++) {
      if (bitAt(key, i) === 1) node = node.one ??= {};
      else node = node.zero ??= {};
    }
    return (node.entry ??= create());
  }

  /** Calls `visit` with the entry of every stored prefix of `key` (all its bytes), shortest first. */
  prefixes(key: Uint8Array, visit: (entry: E) => void): void {
    let node: BitNode<E> | undefined = this.#root;
    if (node.entry !== undefined) visit(node.entry);
    const bits = key.length * 8;
    for (let i = 0; i < bits; i++) {
      node = bitAt(key, i) === 1 ? node.one : node.zero;
      if (!node) return;
      if (node.entry !== undefined) visit(node.entry);
    }
  }

  /** The entry of the longest prefix of `key` (all its bytes), or undefined. */
  longest(key: Uint8Array): E | undefined {
    let node: BitNode<E> | undefined = this.#root;
    let best = node.entry;
    const bits = key.length * 8;
    for (let i = 0; i < bits && node; i++) {
      node = bitAt(key, i) === 1 ? node.one : node.zero;
      if (node?.entry !== undefined) best = node.entry;
    }
    return best;
  }
}
