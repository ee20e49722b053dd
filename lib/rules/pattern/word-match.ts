/**
 * `-m dir` and `-m dom` (manual 7.1.3), and map_dir / map_dom: the pattern
 * must appear in the sample as a whole run of delimited words, bounded by
 * delimiters or the ends of the sample. dir delimits with '/' and '?', dom
 * with '/', '?', '.' and ':'. Delimiters at either end of the pattern are
 * ignored, so for dir `/images/` is the word `images`; delimiters inside it
 * must be matched as they are (`images/png`). The first pattern in load
 * order that matches is found.
 *
 * A pattern made only of delimiters (`/` for dir) is an empty word. HAProxy
 * compares it against the NUL byte that follows the sample, so it matches
 * an empty sample and one that ends with a delimiter ("", "/", "a/"), and
 * nothing else; tslb does the same.
 */
import { foldAscii, foldCode, foldedAt } from './ascii-case.js';
import { addList, CharNode, markLists } from './list-marks.js';
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
import { asString } from './sample-value.js';

type IsDelimiter = (c: number) => boolean;

/** '/' and '?'. */
const DIR_DELIMITER: IsDelimiter = (c) => c === 0x2f || c === 0x3f;
/** '/', '?', '.' and ':'. */
const DOM_DELIMITER: IsDelimiter = (c) => c === 0x2f || c === 0x3f || c === 0x2e || c === 0x3a;

function stripDelimiters(key: string, isDelimiter: IsDelimiter): string {
  let from = 0;
  let to = key.length;
  while (from < to && isDelimiter(key.charCodeAt(from))) from++;
  while (to > from && isDelimiter(key.charCodeAt(to - 1))) to--;
  return key.slice(from, to);
}

/** Whether `word` (already folded when ignoring case) is a delimited run in `s`. */
function hasWord(s: string, word: string, isDelimiter: IsDelimiter, ignoreCase: boolean): boolean {
  const len = word.length;
  if (len > s.length) return false;
  const last = s.length - len;
  // An empty word compares its terminating NUL with the sample's.
  const first = len > 0 ? word.charCodeAt(0) : 0;
  let atWordStart = true;
  for (let at = 0; at <= last; at++) {
    const c = at < s.length ? s.charCodeAt(at) : 0;
    if (isDelimiter(c)) {
      atWordStart = true;
      continue;
    }
    if (!atWordStart) continue;
    if (
      (ignoreCase ? foldCode(c) : c) === first &&
      (ignoreCase ? foldedAt(s, at, word) : s.startsWith(word, at)) &&
      (at === last || isDelimiter(s.charCodeAt(at + len)))
    ) {
      return true;
    }
    atWordStart = false;
  }
  return false;
}

function compileWords(entries: readonly PatternEntry[], opts: CompileOptions, isDelimiter: IsDelimiter): PatternMatcher {
  const ignoreCase = opts.ignoreCase === true;
  const list = entries.map((e) => {
    const word = stripDelimiters(e.key, isDelimiter);
    return { entry: e, word: ignoreCase ? foldAscii(word) : word };
  });
  return matcher((sample) => {
    const s = asString(sample);
    if (s === undefined) return undefined;
    for (const p of list) if (hasWord(s, p.word, isDelimiter, ignoreCase)) return p.entry;
    return undefined;
  });
}

export function compileDir(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  return compileWords(entries, opts, DIR_DELIMITER);
}

export function compileDom(entries: readonly PatternEntry[], opts: CompileOptions): PatternMatcher {
  return compileWords(entries, opts, DOM_DELIMITER);
}

/**
 * Several lists at once: one trie of every list's words (folded with -i).
 * From each position where a word may start (the sample's start, or after
 * a delimiter), the walk reports the lists of every word that ends at a
 * delimiter or at the end — what hasWord() finds, for all words in one
 * pass. The lists of the empty word (at the root) match an empty sample
 * and one ending with a delimiter.
 */
function compileWordSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions, isDelimiter: IsDelimiter): PatternSetsMatcher {
  const fold = opts.ignoreCase === true;
  // The delimiters as a table of the 256 byte values (samples are byte strings), for the walk.
  const delimiters = new Uint8Array(256);
  for (let c = 0; c < 256; c++) if (isDelimiter(c)) delimiters[c] = 1;
  const delimiter = (c: number): boolean => delimiters[c] === 1;
  const root = new CharNode();
  for (const [i, entries] of lists.entries()) {
    for (const e of entries) {
      const stripped = stripDelimiters(e.key, isDelimiter);
      const word = fold ? foldAscii(stripped) : stripped;
      let node = root;
      for (let k = 0; k < word.length; k++) node = node.child(word.charCodeAt(k));
      node.lists = addList(node.lists, i);
    }
  }
  return {
    mark(sample, hits) {
      const s = asString(sample);
      if (s === undefined) return;
      const len = s.length;
      if (root.lists && (len === 0 || delimiter(s.charCodeAt(len - 1)))) markLists(root.lists, hits);
      for (let at = 0; at < len; at++) {
        if (delimiter(s.charCodeAt(at)) || (at > 0 && !delimiter(s.charCodeAt(at - 1)))) continue;
        let node: CharNode | undefined = root;
        for (let k = at; k < len; k++) {
          const c = s.charCodeAt(k);
          node = node.next(fold ? foldCode(c) : c);
          if (!node) break;
          if (node.lists && (k + 1 === len || delimiter(s.charCodeAt(k + 1)))) markLists(node.lists, hits);
        }
      }
    },
  };
}

export function compileDirSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  return compileWordSets(lists, opts, DIR_DELIMITER);
}

export function compileDomSets(lists: readonly (readonly PatternEntry[])[], opts: CompileOptions): PatternSetsMatcher {
  return compileWordSets(lists, opts, DOM_DELIMITER);
}
