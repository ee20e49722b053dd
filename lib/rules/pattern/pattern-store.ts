/**
 * The pattern files and maps of one configuration, each read once and
 * compiled once per way it is used, as HAProxy shares them by file name.
 *
 * Like HAProxy, a file is either a one-column pattern list (`-f`) or a
 * two-column map (map_* converters, `-M -f`) for the whole configuration:
 * using it both ways is an error.
 *
 * (HAProxy 2.6 also lets `-m sub` and `-m end` users of one file, and
 * map_sub and map_end users of one map, share a cache of recent results,
 * so one can answer with the other's result for the same input. That is a
 * defect tslb does not reproduce: each use matches with its own method.)
 */
import type { MatchMethod } from '../../config/model/common.js';
import { compilePatternEntries } from './compile.js';
import { readMapFile } from './map-file.js';
import type { CompileOptions, PatternEntry, PatternMatcher } from './matcher.js';
import { PatternError } from './pattern-error.js';
import { readPatternFile } from './pattern-file.js';
import { PatternMap, type MapMethod } from './pattern-map.js';

export interface PatternFileOptions extends CompileOptions {
  /** `-M`: the file is a map; its keys are the patterns. */
  readonly map?: boolean | undefined;
}

interface LoadedFile {
  readonly twoColumns: boolean;
  readonly entries: readonly PatternEntry[];
}

export class PatternStore {
  readonly #files = new Map<string, LoadedFile>();
  readonly #matchers = new Map<string, PatternMatcher>();
  readonly #maps = new Map<string, PatternMap>();

  #entries(path: string, twoColumns: boolean): readonly PatternEntry[] {
    const known = this.#files.get(path);
    if (known) {
      if (known.twoColumns !== twoColumns) {
        const [was, now] = known.twoColumns ? ['a two-column map', 'a one-column pattern list'] : ['a one-column pattern list', 'a two-column map'];
        throw new PatternError(`the file is already used as ${was} and cannot also be used as ${now}`, path);
      }
      return known.entries;
    }
    const entries = twoColumns ? readMapFile(path) : readPatternFile(path);
    this.#files.set(path, { twoColumns, entries });
    return entries;
  }

  /** The matcher of an ACL's `-f <path>` (with `-M` when opts.map). Throws PatternError. */
  patternFile(path: string, method: MatchMethod, opts: PatternFileOptions = {}): PatternMatcher {
    const twoColumns = opts.map === true;
    const key = [method, twoColumns, opts.ignoreCase === true, opts.noDns === true, path].join('\0');
    let m = this.#matchers.get(key);
    if (!m) {
      m = compilePatternEntries(method, this.#entries(path, twoColumns), opts);
      this.#matchers.set(key, m);
    }
    return m;
  }

  /** The patterns of an ACL's `-f <path>` (the keys of a map with `-M`), as patternFile() compiles them. Throws PatternError. */
  patternEntries(path: string, map = false): readonly PatternEntry[] {
    return this.#entries(path, map);
  }

  /** The map of a map_<method>(<path>) converter. Throws PatternError. */
  map(path: string, method: MapMethod): PatternMap {
    const key = `${method}\0${path}`;
    let m = this.#maps.get(key);
    if (!m) {
      m = new PatternMap(method, this.#entries(path, true));
      this.#maps.set(key, m);
    }
    return m;
  }
}
