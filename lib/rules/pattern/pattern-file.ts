/**
 * One-column pattern files, `-f <file>` (manual 7.1): one pattern per line.
 * A line whose very first byte is '#' is a comment; leading spaces and tabs
 * are stripped (so " #x" is the pattern "#x"); the pattern is the rest of
 * the line (up to its first CR), trailing spaces included; empty lines are
 * skipped.
 */
import { fileLines, readLatin1 } from './file-lines.js';
import type { PatternEntry } from './matcher.js';

export function parsePatternFile(content: string, file: string): PatternEntry[] {
  const out: PatternEntry[] = [];
  for (const { line, text } of fileLines(content)) {
    if (text.startsWith('#')) continue;
    const key = text.replace(/^[ \t]+/, '');
    if (key !== '') out.push({ key, file, line });
  }
  return out;
}

export function readPatternFile(path: string): PatternEntry[] {
  return parsePatternFile(readLatin1(path), path);
}
