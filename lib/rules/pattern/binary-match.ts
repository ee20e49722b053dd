/**
 * `-m bin` (manual 7.1.5): patterns are hex blocks (an even number of hex
 * digits, either case) and the sample, cast to binary, must equal one of
 * them byte for byte; the first in load order is found.
 */
import { matcher, type CompileOptions, type PatternEntry, type PatternMatcher } from './matcher.js';
import { PatternError } from './pattern-error.js';
import { asBinary } from './sample-value.js';

const NOT_HEX = /[^0-9A-Fa-f]/;

function parseHex(entry: PatternEntry): Buffer {
  const text = entry.key;
  if (text.length % 2 !== 0) throw PatternError.at(entry, `'${text}' is not a hex block: it needs an even number of hex digits`);
  const bad = NOT_HEX.exec(text);
  if (bad) throw PatternError.at(entry, `'${text}' is not a hex block: '${bad[0]}' is not a hex digit`);
  return Buffer.from(text, 'hex');
}

// -i has no meaning for bytes; the options are accepted like every method's.
export function compileBinary(entries: readonly PatternEntry[], _opts: CompileOptions): PatternMatcher {
  const list = entries.map((e) => ({ entry: e, bytes: parseHex(e) }));
  return matcher((sample) => {
    const b = asBinary(sample);
    if (b === undefined) return undefined;
    for (const p of list) if (p.bytes.equals(b)) return p.entry;
    return undefined;
  });
}
