import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { codes } from '../lib/errors.js';
import { renderErrorsDoc } from '../lib/errors-doc.js';

t.test('every code is well-formed and matches its severity', async (t) => {
  for (const [code, info] of Object.entries(codes)) {
    t.match(code, /^TSLB_(ERR|WRN|NOTE)_[A-Z]+_[A-Z0-9_]+$/, code);
    const expected = code.startsWith('TSLB_ERR_') ? 'alert' : code.startsWith('TSLB_WRN_') ? 'warning' : 'notice';
    t.equal(info.severity, expected, `${code} severity`);
    t.ok(info.summary.length > 10 && info.fix.length > 5, `${code} is documented`);
  }
});

t.test('docs/errors.md is generated from the catalogue', async (t) => {
  t.equal(readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8'), renderErrorsDoc(), 'run npm run docs');
});

t.test('every code is used by the code base', async (t) => {
  const sources: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('errors.ts')) sources.push(readFileSync(p, 'utf8'));
    }
  };
  walk(new URL('../lib', import.meta.url).pathname);
  walk(new URL('../bin', import.meta.url).pathname);
  const all = sources.join('\n');
  for (const code of Object.keys(codes)) t.ok(all.includes(`'${code}'`) || all.includes(code), `${code} is used`);
});

t.test('the README keyword tables are generated from the registries', async (t) => {
  const { updateReadme } = await import('../lib/config/keywords/doc.js');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  t.equal(readme, updateReadme(readme), 'run npm run docs');
});
