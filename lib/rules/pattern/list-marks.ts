/**
 * The bookkeeping of PatternSetsMatcher: which lists a pattern (a trie
 * node, a hash key) belongs to, reporting them as matched, and the trie
 * node the combined string matchers share.
 */
import { foldAscii, foldCode } from './ascii-case.js';
import type { CompileOptions, ListHits, PatternEntry, PatternSetsMatcher } from './matcher.js';
import { asString } from './sample-value.js';

/** `lists` with `i` added (lists are added in increasing order, so a repeat is the last one). */
export function addList(lists: number[] | undefined, i: number): number[] {
  if (lists === undefined) return [i];
  if (lists[lists.length - 1] !== i) lists.push(i);
  return lists;
}

/** Reports every list of `lists` as matched. */
export function markLists(lists: readonly number[], hits: ListHits): void {
  for (let k = 0; k < lists.length; k++) hits.hit(lists[k] as number);
}

/**
 * A node of a trie over char codes: the lists with a key ending here, and
 * the children. Most nodes of a pattern trie have one child, kept inline;
 * the others are in a Map.
 */
export class CharNode {
  lists: number[] | undefined;
  #code = -1;
  #only: CharNode | undefined;
  #more: Map<number, CharNode> | undefined;

  /** The child for char code `c`, if any. */
  next(c: number): CharNode | undefined {
    if (c === this.#code) return this.#only;
    return this.#more === undefined ? undefined : this.#more.get(c);
  }

  /** The child for char code `c`, made when missing. */
  child(c: number): CharNode {
    const known = this.next(c);
    if (known) return known;
    const made = new CharNode();
    if (this.#only === undefined) {
      this.#code = c;
      this.#only = made;
    } else {
      (this.#more ??= new Map()).set(c, made);
    }
    return made;
  }
}

/**
 * Several lists at once for `beg` (`fromEnd` false) and `end` (true): one
 * trie of every list's patterns (folded with -i), read from their start or
 * their end; walking the sample the same way reports every list with a
 * pattern that begins (or ends) it.
 */
export function compileCharTrieSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions, fromEnd: boolean): PatternSetsMatcher {
  const fold = opts.ignoreCase === true;
  const root = new CharNode();
  for (const [i, entries] of lists.entries()) {
    for (const e of entries) {
      const key = fold ? foldAscii(e.key) : e.key;
      let node = root;
      for (let n = 0; n < key.length; n++) node = node.child(key.charCodeAt(fromEnd ? key.length - 1 - n : n));
      node.lists = addList(node.lists, i);
    }
  }
  return {
    mark(sample, hits) {
      const s = asString(sample);
      if (s === undefined) return;
      let node: CharNode | undefined = root;
      if (node.lists) markLists(node.lists, hits);
      const last = s.length - 1;
      for (let n = 0; n <= last; n++) {
        const c = s.charCodeAt(fromEnd ? last - n : n);
        node = node.next(fold ? foldCode(c) : c);
        if (!node) return;
        if (node.lists) markLists(node.lists, hits);
      }
    },
  };
}
