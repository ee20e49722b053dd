/** Regenerates docs/errors.md and the README's keyword tables from the code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../lib/errors-doc.js';
import { updateReadme } from '../lib/config/keywords/doc.js';

const root = new URL('../../', import.meta.url);
writeFileSync(new URL('docs/errors.md', root), renderErrorsDoc());
const readme = new URL('README.md', root);
writeFileSync(readme, updateReadme(readFileSync(readme, 'utf8')));
