/**
 * The model schema: the validator generated at build time (dist/, used by the
 * tslb binary) and the one compiled from lib/config/schema at run time give
 * the same verdicts, and errors point at the configuration line.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Ajv, type ValidateFunction } from 'ajv';
import { Diagnostics } from '../../lib/config/diagnostics.js';
import { loadConfigText } from '../../lib/config/load.js';
import type { Model } from '../../lib/config/model/index.js';
import { modelSchema } from '../../lib/config/schema/model.js';
import { AJV_OPTIONS } from '../../lib/config/schema/options.js';
import { validateModel } from '../../lib/config/schema/validate.js';

const generated = createRequire(import.meta.url)('../../dist/lib/config/schema/model-validator.cjs') as ValidateFunction;
const compiled = new Ajv(AJV_OPTIONS).compile(modelSchema);

const text = readFileSync(new URL('../fixtures/config/valid-server-options.cfg', import.meta.url), 'utf8');
const loaded = loadConfigText(text, { file: 'valid-server-options.cfg' });
const model = loaded.model as Model;
t.ok(model, 'the fixture loads');

function mutate(change: (m: { proxies: Record<string, unknown>[] }) => void): Model {
  const copy = structuredClone(model) as unknown as { proxies: Record<string, unknown>[] };
  change(copy);
  return copy as unknown as Model;
}

const cases: [string, Model, boolean][] = [
  ['the loaded model', model, true],
  ['a weight above 256', mutate((m) => ((m.proxies.find((p) => (p['servers'] as unknown[]).length > 0)?.['servers'] as Record<string, unknown>[])[0]!['weight'] = 999)), false],
  ['an unknown property', mutate((m) => (m.proxies[0]!['surprise'] = true)), false],
  ['an unknown balance algorithm', mutate((m) => (m.proxies[0]!['balance'] = { kind: 'fastest' })), false],
];

for (const [name, candidate, valid] of cases) {
  t.equal(generated(candidate), valid, `generated validator: ${name}`);
  t.equal(compiled(candidate), valid, `compiled validator: ${name}`);
  t.equal(generated.errors?.length ?? 0, compiled.errors?.length ?? 0, `same number of errors: ${name}`);
}

t.test('schema errors carry the place of the nearest model object', async (t) => {
  const diags = new Diagnostics();
  const broken = cases[1]![1];
  t.equal(validateModel(broken, diags), false);
  const d = diags.list[0];
  t.equal(d?.code, 'TSLB_ERR_CFG_SCHEMA');
  t.equal(d?.file, 'valid-server-options.cfg');
  t.match(d?.message ?? '', /weight must be <= 256/);
  const server = (broken.proxies.find((p) => p.servers.length > 0)?.servers ?? [])[0];
  t.equal(d?.line, server?.place.line, "reported on the server's line");
});
