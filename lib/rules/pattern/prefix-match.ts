/**
 * `-m beg`, prefix match (manual 7.1.3), and map_beg.
 *
 * Case-sensitive patterns are in HAProxy a prefix tree, so the longest
 * pattern the sample begins with is the one found (the first loaded among
 * equal ones): with keys `/a` and `/abc`, `/abcd` finds `/abc` whatever the
 * file order. With -i HAProxy scans the list instead and the first pattern
 * in load order that matches is found.
 */
import { foldAscii, foldedAt } from './ascii-case.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { compileCharTrieSets } from './list-marks.js';
import { asString } from './sample-value.js';

interface TrieNode {
  entry?: PatternEntry;
  readonly next: Map<number, TrieNode>;
}

function buildTrie(entries: readonly PatternEntry[]): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const e of entries) {
    let node = root;
    for (let i = 0; i < e.key.length; i++) {
      const c = e.key.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    node.entry ??= e;
  }
  return root;
}

function longestPrefix(root: TrieNode, s: string): PatternEntry | undefined {
  let best = root.entry;
  let node: TrieNode | undefined = root;
  for (let i = 0; i < s.length; i++) {
    node = node.next.get(s.charCodeAt(i));
    if (!node) break;
    if (node.entry) best = node.entry;
  }
  return best;
}

export function compilePrefix(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  if (opts.ignoreCase === true) {
    const list = entries.map((e) => ({ entry: e, folded: foldAscii(e.key) }));
    return matcher((sample) => {
      const s = asString(sample);
      if (s === undefined) return undefined;
      for (const p of list) if (foldedAt(s, 0, p.folded)) return p.entry;
      return undefined;
    });
  }
  const root = buildTrie(entries);
  return matcher((sample) => {
    const s = asString(sample);
    return s === undefined ? undefined : longestPrefix(root, s);
  });
}

/** Several lists at once: one trie walk (list-marks.ts). */
export function compilePrefixSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  return compileCharTrieSets(lists, opts, false);
}
