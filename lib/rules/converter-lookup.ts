/** Converters by name, for the rule engine: the converters library's registry (map_* included; they load their files through the engine's ExpressionEnv.map). */
import { converter } from './converters/registry.js';
import type { ConverterSpec } from './converters/types.js';

/** The converter named so, or undefined when tslb does not implement it. */
export function converterSpec(name: string): ConverterSpec | undefined {
  return converter(name);
}
