/**
 * The converters tslb implements, by name (configuration manual 7.3.1).
 *
 *   converter('field')?.compile(['2', '_'])   → (sample) => sample | undefined
 *
 * The map converters (map, map_<match>, map_<match>_<output>, map_regm)
 * are here too, but only compile when given a map loader (the rule engine
 * gives one: CompileOptions.map).
 *
 * So are the stick-table converters (table_*, in_table), which compile when
 * given the runtime's tables (CompileOptions.table).
 *
 * Every other HAProxy 2.6 converter (IMPLEMENTED_CONVERTERS lists the
 * implemented ones) must be refused by the configuration layer, naming it.
 * Not here: set-var/unset-var, capture-req/-res,
 * nbsrv and srv_queue (they need session, table or proxy state), and debug,
 * ungrpc, protobuf, json_query, jwt_*, mqtt_* and fix_*.
 */
import { ADDRESS_CONVERTERS } from './address.js';
import { ARITHMETIC_CONVERTERS } from './arithmetic.js';
import { BINARY_CONVERTERS } from './binary.js';
import { COMPARE_CONVERTERS } from './compare.js';
import { CONCAT_CONVERTERS } from './concat.js';
import { CRYPTO_CONVERTERS } from './crypto.js';
import { ENCODING_CONVERTERS } from './encoding.js';
import { HASHING_CONVERTERS } from './hashing.js';
import { IIF_CONVERTERS } from './iif.js';
import { LANGUAGE_CONVERTERS } from './language.js';
import { MAP_CONVERTERS } from './map.js';
import { REGSUB_CONVERTERS } from './regsub.js';
import { STRING_CONVERTERS } from './string.js';
import { TABLE_CONVERTERS } from './table.js';
import { TIME_CONVERTERS } from './time.js';
import type { ConverterSpec } from './types.js';

export type { CompileOptions, Converter, ConverterSpec, MapLoader, VariableReader } from './types.js';
export { ConverterArgumentError } from './types.js';

const SPECS: ReadonlyMap<string, ConverterSpec> = new Map(
  [
    ADDRESS_CONVERTERS,
    ARITHMETIC_CONVERTERS,
    BINARY_CONVERTERS,
    COMPARE_CONVERTERS,
    CONCAT_CONVERTERS,
    CRYPTO_CONVERTERS,
    ENCODING_CONVERTERS,
    HASHING_CONVERTERS,
    IIF_CONVERTERS,
    LANGUAGE_CONVERTERS,
    MAP_CONVERTERS,
    REGSUB_CONVERTERS,
    STRING_CONVERTERS,
    TABLE_CONVERTERS,
    TIME_CONVERTERS,
  ]
    .flat()
    .map((spec) => [spec.name, spec]),
);

/** The converter called `name`, or undefined when tslb does not implement it. */
export function converter(name: string): ConverterSpec | undefined {
  return SPECS.get(name);
}

/** The names of the converters tslb implements. */
export const IMPLEMENTED_CONVERTERS: ReadonlySet<string> = new Set(SPECS.keys());
