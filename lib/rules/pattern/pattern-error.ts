/**
 * A pattern, pattern file or map file HAProxy would refuse at load time
 * (manual 7.1 and 7.3.1 "map"): a bad address, integer, hex block or regex,
 * a file that cannot be read, or a file used both as a pattern list and as
 * a map. The message names the file and line when the pattern came from a
 * file: `/etc/lb/allow.lst:3: '10.0.0.300' is not a valid IPv4 or IPv6 address`.
 */
import type { PatternEntry } from './matcher.js';

export class PatternError extends Error {
  /** The file, when the problem is in (or about) a file. */
  readonly file: string | undefined;
  /** The 1-based line in that file, when the problem is one of its patterns. */
  readonly line: number | undefined;

  constructor(reason: string, file?: string, line?: number) {
    super(file === undefined ? reason : line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'PatternError';
    this.file = file;
    this.line = line;
  }

  /** The error for one pattern, placed where the pattern was read. */
  static at(entry: PatternEntry, reason: string): PatternError {
    return new PatternError(reason, entry.file, entry.line);
  }
}
