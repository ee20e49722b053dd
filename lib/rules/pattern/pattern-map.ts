/**
 * Maps for the map_* converters (manual 7.3.1 "map"): a two-column file
 * whose keys are matched with one method and whose value is returned.
 *
 *   map(<file>) = map_str   map_beg  map_sub  map_dir  map_dom  map_end
 *   map_reg  map_int  map_ip
 *
 * Which entry answers when several keys match is HAProxy's (see
 * matcher.ts): map_str the first of equal keys; map_ip and map_beg the
 * longest prefix (first loaded among equal ones); all others the first
 * matching line of the file. Keys are read without DNS, as HAProxy reads
 * map files (`127.1` is refused). 2.6 has no map_len or map_bin.
 *
 * The `map_<method>_<output>` converters (`_int`, `_ip`) and the default
 * value are the converter's business: HAProxy checks every value against
 * the output type at load time and returns the value cast to it; this
 * module returns values as text. map_regm (back-references in the value)
 * is not covered here.
 */
import type { MatchMethod } from '../../config/model/common.js';
import type { Sample } from '../sample/sample.js';
import { compilePatternEntries } from './compile.js';
import { readMapFile, parseMapFile } from './map-file.js';
import type { PatternEntry, PatternMatcher } from './matcher.js';

export type MapMethod = Extract<MatchMethod, 'str' | 'beg' | 'sub' | 'dir' | 'dom' | 'end' | 'reg' | 'int' | 'ip'>;

export class PatternMap {
  readonly method: MapMethod;
  /** The entries in file order. */
  readonly entries: readonly PatternEntry[];
  readonly #matcher: PatternMatcher;

  /** Throws PatternError for a key the method refuses (file and line in the message). */
  constructor(method: MapMethod, entries: readonly PatternEntry[]) {
    this.method = method;
    this.entries = entries;
    this.#matcher = compilePatternEntries(method, entries, { noDns: true });
  }

  /** A map from the text of a map file (`file` names it in errors). */
  static fromText(method: MapMethod, content: string, file: string): PatternMap {
    return new PatternMap(method, parseMapFile(content, file));
  }

  /** The entry that answers for the sample, or undefined. */
  find(sample: Sample): PatternEntry | undefined {
    return this.#matcher.find(sample);
  }

  /** The value for the sample, or undefined when no key matches (the converter then uses its default). */
  lookup(sample: Sample): string | undefined {
    const hit = this.#matcher.find(sample);
    return hit === undefined ? undefined : (hit.value ?? '');
  }
}

/** Reads and compiles a map file. Throws PatternError. */
export function loadMap(path: string, method: MapMethod): PatternMap {
  return new PatternMap(method, readMapFile(path));
}
