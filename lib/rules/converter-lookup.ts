/** Converters by name, for the rule engine (the converters library's registry, and the map_* converters). */
import type { ConverterSpec } from './converters/types.js';

/** The converter named so, or undefined when tslb does not implement it. */
export function converterSpec(_name: string): ConverterSpec | undefined {
  return undefined;
}
