/** Writes docs/errors.md from lib/errors.ts. */
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../lib/errors-doc.js';

writeFileSync(new URL('../../docs/errors.md', import.meta.url), renderErrorsDoc());
