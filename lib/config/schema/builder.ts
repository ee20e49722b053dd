/**
 * A few builders for JSON Schema fragments, so the model schema reads like
 * the model types it mirrors. Objects are closed (no unknown properties);
 * optional properties may be absent or undefined.
 */
export type Schema = Record<string, unknown>;

export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const nonEmpty: Schema = { type: 'string', minLength: 1 };
export const bool: Schema = { type: 'boolean' };
export const int = (minimum?: number, maximum?: number): Schema => ({
  type: 'integer',
  ...(minimum !== undefined ? { minimum } : {}),
  ...(maximum !== undefined ? { maximum } : {}),
});
/** Milliseconds, within HAProxy's timer range. */
export const ms: Schema = int(0, 2147483647);
export const port: Schema = int(0, 65535);
export const oneOf = (...values: readonly (string | number | boolean)[]): Schema => ({ enum: [...values] });
export const constant = (value: string): Schema => ({ const: value });
export const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });

export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    properties: { ...required, ...optional },
    required: Object.keys(required),
    additionalProperties: false,
  };
}

/** A discriminated union on `tag`: one closed object per variant. */
export function union(tag: string, variants: Record<string, [required: Record<string, Schema>, optional?: Record<string, Schema>]>): Schema {
  return {
    type: 'object',
    discriminator: { propertyName: tag },
    required: [tag],
    oneOf: Object.entries(variants).map(([value, [required, optional]]) => obj({ [tag]: constant(value), ...required }, optional)),
  };
}

/** A union whose variants share a tag value set: one variant per group of tag values. */
export function unionGroups(tag: string, groups: readonly [values: readonly string[], required: Record<string, Schema>, optional?: Record<string, Schema>][]): Schema {
  return {
    type: 'object',
    discriminator: { propertyName: tag },
    required: [tag],
    oneOf: groups.map(([values, required, optional]) => obj({ [tag]: oneOf(...values), ...required }, optional)),
  };
}
