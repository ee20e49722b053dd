/** Renders docs/errors.md from the code catalogue, so the two cannot drift (a test compares them). */
import { codes } from './errors.js';

export function renderErrorsDoc(): string {
  const rows = Object.entries(codes).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.summary} | ${info.fix} |`);
  return [
    '# tslb diagnostic codes',
    '',
    'Every message tslb prints while reading a configuration ends with one of these codes.',
    'Codes are stable: a code is never reused for another meaning. `alert` fails `tslb -c`,',
    '`warning` and `notice` do not. This file is generated from `lib/errors.ts` by `npm run docs`.',
    '',
    '| Code | Severity | Meaning | How to fix |',
    '|---|---|---|---|',
    ...rows.map((r) => r.replace(/\n/g, ' ')),
    '',
  ].join('\n');
}
