/**
 * The configurations Debian's haproxy package ships — /etc/haproxy/haproxy.cfg
 * and /usr/share/doc/haproxy/examples/*.cfg — pass `tslb -c`, or fail only
 * with the explicit not-supported error, for keywords the README lists as not
 * supported. Certificate files they name are created (from the corpus'
 * self-signed certificate) in a scratch working directory, so that a missing
 * file does not hide anything else; `haproxy -c` runs in the same directory.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { run } from '../../lib/cli.js';

const examples = '/usr/share/doc/haproxy/examples';
const files = ['/etc/haproxy/haproxy.cfg', ...(existsSync(examples) ? readdirSync(examples).filter((f) => f.endsWith('.cfg')).map((f) => join(examples, f)) : [])].filter((f) =>
  existsSync(f),
);
const cert = fileURLToPath(new URL('../fixtures/config/certs/site.pem', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const notSupported = new Set(
  readme
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .flatMap((l) => (l.split('|')[3] ?? '').match(/`[^`]+`/g) ?? [])
    .map((c) => c.slice(1, -1)),
);

t.ok(files.length >= 7, `Debian's haproxy package provides the configurations (${files.length} found)`);

for (const file of files) {
  t.test(file, async (t) => {
    const cwd = mkdtempSync(join(tmpdir(), 'tslb-examples-'));
    t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
    for (const m of readFileSync(file, 'utf8').matchAll(/\bcrt\s+(\S+)/g)) {
      const name = m[1] as string;
      if (!name.includes('/')) copyFileSync(cert, join(cwd, name));
    }
    const previous = process.cwd();
    process.chdir(cwd);
    t.teardown(() => process.chdir(previous));
    const err: string[] = [];
    const status = await run(['-c', '-f', file], { stdout: () => {}, stderr: (l) => err.push(l), env: {} });
    const alerts = err.filter((l) => l.startsWith('[ALERT]') && /\(TSLB_/.test(l));
    if (status === 0) {
      t.same(alerts, [], `${basename(file)} passes tslb -c`);
    } else {
      t.equal(status, 1);
      t.ok(alerts.length > 0, 'it fails with explicit errors');
      for (const line of alerts) {
        t.match(line, /\(TSLB_ERR_CFG_UNSUPPORTED\)$/, 'only with the not-supported error');
        const name = /'([^']+)' is not supported by tslb|sample fetch '([^']+)' is not supported|converter '([^']+)' is not supported/.exec(line);
        const keyword = name?.slice(1).find((x) => x !== undefined);
        // Actions are listed per rule set: 'http-request set-dst' is `set-dst` in the http-request row.
        const listed = keyword !== undefined && (notSupported.has(keyword) || notSupported.has(keyword.split(' ').pop() as string));
        t.ok(listed, `README lists '${keyword}' as not supported`);
      }
    }
    const haproxy = spawnSync('haproxy', ['-c', '-f', file], { cwd, encoding: 'utf8' });
    if (haproxy.status === 0) t.pass(`haproxy -c accepts ${basename(file)} too`);
    else t.comment(`haproxy -c refuses ${basename(file)}: ${haproxy.stderr.split('\n').find((l) => l.includes('ALERT')) ?? ''}`);
  });
}
