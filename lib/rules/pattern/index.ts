/**
 * ACL pattern matching and map lookups (configuration manual 7.1, 7.3.1):
 * pure functions of a sample and loaded patterns, with no knowledge of
 * requests. Used by the ACL engine and the map_* converters.
 */
export { anyPattern, compilePatternEntries, compilePatterns, compilePatternSets, valueEntries } from './compile.js';
export { PRESENCE, type CompileOptions, type ListHits, type PatternEntry, type PatternMatcher, type PatternSetsMatcher } from './matcher.js';
export { PatternError } from './pattern-error.js';
export { parsePatternFile, readPatternFile } from './pattern-file.js';
export { parseMapFile, readMapFile } from './map-file.js';
export { PatternMap, loadMap, type MapMethod } from './pattern-map.js';
export { PatternStore, type PatternFileOptions } from './pattern-store.js';
