/**
 * Validates a model against the schema (compiled once), reporting each
 * violation at the place of the nearest model object that has one, so even
 * an internal error points at the configuration line concerned.
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostics } from '../diagnostics.js';
import type { Model } from '../model/index.js';
import { modelSchema } from './model.js';
import { AJV_OPTIONS } from './options.js';

let compiled: ValidateFunction | undefined;

/**
 * The validator: the module generated at build time (scripts/build-schema.ts)
 * when it is there, else compiled now from the schema.
 */
export function validator(): ValidateFunction {
  if (compiled) return compiled;
  try {
    compiled = createRequire(import.meta.url)('./model-validator.cjs') as ValidateFunction;
  } catch {
    compiled = new Ajv(AJV_OPTIONS).compile(modelSchema);
  }
  return compiled;
}

interface Located {
  readonly place?: { readonly file: string; readonly line: number };
}

/** Walks `path` (an ajv instancePath) down the model, keeping the last `place` seen. */
function placeOf(model: Model, path: string): { file: string; line: number } | undefined {
  let node: unknown = model;
  let found: { file: string; line: number } | undefined;
  for (const part of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') break;
    const p = (node as Located).place;
    if (p) found = { ...p };
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const last = node !== null && typeof node === 'object' ? (node as Located).place : undefined;
  return last ? { ...last } : found;
}

function describe(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` ('${(e.params as { additionalProperty: string }).additionalProperty}')` : '';
  return `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${extra}`;
}

export function validateModel(model: Model, diags: Diagnostics): boolean {
  const validate = validator();
  if (validate(model)) return true;
  for (const e of validate.errors ?? []) {
    // oneOf failures repeat the variant errors; report those, not the summary.
    if (e.keyword === 'oneOf' && (validate.errors?.length ?? 0) > 1) continue;
    diags.report('TSLB_ERR_CFG_SCHEMA', { message: `model ${describe(e)}`, place: placeOf(model, e.instancePath) });
  }
  return false;
}
