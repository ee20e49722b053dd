/**
 * The configuration corpus (test/fixtures/config, see its README): every
 * file is checked by the real `haproxy -c` and by `tslb -c`, which must
 *   - agree on valid / invalid (valid-*: both accept; invalid-*: both refuse;
 *     unsupported-*: HAProxy accepts, tslb refuses with only the explicit
 *     not-supported error), and
 *   - report exactly the annotated (line, code) pairs, all in one run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { run } from '../../lib/cli.js';

const dir = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

/** `tslb -c -f <file>` through the command line's own entry point, in this process. */
async function tslbCheck(file: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stderr: string }> {
  const err: string[] = [];
  const status = await run(['-c', '-f', file], { stdout: () => {}, stderr: (l) => err.push(l), env });
  return { status, stderr: err.join('\n') };
}

/** Parses the `# env:` header: shell-like words NAME=value, with double quotes grouping spaces. */
export function parseEnvHeader(text: string): Record<string, string> {
  const m = /^# env:(.*)$/m.exec(text);
  if (!m) return {};
  const env: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g;
  for (const w of (m[1] as string).matchAll(re)) env[w[1] as string] = w[2] ?? w[3] ?? '';
  return env;
}

/** The exact expected set of "line:CODE" entries from `# expect:` annotations. */
export function expectations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*(TSLB_[A-Z0-9_]+(?:\s*,\s*TSLB_[A-Z0-9_]+)*)\s*$/.exec(line);
    if (m) for (const code of (m[1] as string).split(',')) out.push(`${i + 1}:${code.trim()}`);
  });
  return out.sort();
}

/** "line:CODE" for every diagnostic tslb printed about `file`. */
function reported(stderr: string, file: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const code = /\((TSLB_[A-Z0-9_]+)\)$/.exec(line)?.[1];
    if (!code) continue;
    const at = /parsing \[([^\]]*?):(\d+)\]/.exec(line);
    if (at && at[1] !== file) continue;
    out.push(`${at ? at[2] : 0}:${code}`);
  }
  return out.sort();
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...extra };
}

const haproxyVersion = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
const haveHaproxy = haproxyVersion.status === 0 && haproxyVersion.stdout.includes('2.6');

// Fixture paths (certs/, errors/ ...) are relative to the fixtures directory, as for haproxy -c.
process.chdir(dir);

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.cfg'))
  .sort();

t.ok(files.length >= 45, `the corpus has ${files.length} files`);
t.ok(haveHaproxy, 'HAProxy 2.6 is installed (Debian package haproxy; .ci/run installs it)');

for (const file of files) {
  t.test(file, async (t) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const env = cleanEnv(parseEnvHeader(text));
    const group = file.split('-')[0];
    const ours = await tslbCheck(file, env);
    const expected = expectations(text);
    t.same(reported(ours.stderr, file), expected, 'tslb reports exactly the annotated diagnostics');

    if (group === 'valid') t.equal(ours.status, 0, 'tslb accepts it');
    else t.equal(ours.status, 1, 'tslb refuses it');
    if (group === 'unsupported') {
      const alerts = expected.filter((e) => e.includes('TSLB_ERR_'));
      t.ok(alerts.length > 0 && alerts.every((e) => e.endsWith(':TSLB_ERR_CFG_UNSUPPORTED')), 'refused only as not supported');
    }
    if (haveHaproxy) {
      const theirs = spawnSync('haproxy', ['-c', '-f', file], { cwd: dir, env, encoding: 'utf8' });
      t.equal(theirs.status, group === 'invalid' ? 1 : 0, `haproxy -c exits ${group === 'invalid' ? 1 : 0}`);
      if (group !== 'unsupported') t.equal(ours.status, theirs.status, 'tslb -c and haproxy -c agree');
    }
  });
}
