/**
 * Two-column files: maps (manual 7.3.1 "map") and `-M -f` pattern files.
 * A line whose very first byte is '#' is a comment. Then, skipping leading
 * spaces and tabs, the key is the run of bytes up to a space or tab; the
 * value is what follows the next spaces and tabs up to the end of the line
 * (its first CR), without trailing spaces and tabs, possibly empty. A line
 * with no key is skipped. There are no escapes: '\' and '#' inside a line
 * are plain bytes.
 */
import { fileLines, readLatin1 } from './file-lines.js';
import type { PatternEntry } from './matcher.js';

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

export function parseMapFile(content: string, file: string): PatternEntry[] {
  const out: PatternEntry[] = [];
  for (const { line, text } of fileLines(content)) {
    if (text.startsWith('#')) continue;
    let from = 0;
    while (isBlank(text[from])) from++;
    let to = from;
    while (to < text.length && !isBlank(text[to])) to++;
    if (to === from) continue;
    let value = to;
    while (isBlank(text[value])) value++;
    let end = text.length;
    while (end > value && isBlank(text[end - 1])) end--;
    out.push({ key: text.slice(from, to), value: text.slice(value, end), file, line });
  }
  return out;
}

export function readMapFile(path: string): PatternEntry[] {
  return parseMapFile(readLatin1(path), path);
}
