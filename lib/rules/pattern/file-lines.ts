/**
 * Reading pattern and map files as HAProxy does: bytes (latin1, one char
 * per byte), one line per LF, and the text of each line ending at its
 * first CR (so CRLF files read well) or NUL byte (lines are C strings).
 * HAProxy reads lines into a buffer of tune.bufsize (16384) bytes and would
 * cut a longer line in two; tslb does not.
 */
import { readFileSync } from 'node:fs';
import { PatternError } from './pattern-error.js';

export interface FileLine {
  /** 1-based. */
  readonly line: number;
  /** The line up to its first CR, LF or NUL. */
  readonly text: string;
}

export function fileLines(content: string): FileLine[] {
  const lines = content.split('\n');
  // The text after the last '\n' is a line only when it is not empty.
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((text, i) => {
    const end = text.search(/[\r\0]/);
    return { line: i + 1, text: end < 0 ? text : text.slice(0, end) };
  });
}

/** The file's bytes as a latin1 string; a PatternError naming the file when it cannot be read. */
export function readLatin1(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (err) {
    throw new PatternError(`cannot read the pattern file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path);
  }
}
