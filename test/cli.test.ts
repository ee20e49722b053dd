/**
 * The command line (lib/cli.ts): options, `-c` check mode and its exit
 * codes, run in process through `run(argv, io)`; then the built binary
 * (dist/bin/tslb.js, built by npm's pretest) side by side with the real
 * `haproxy -c` on the same files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { run, USAGE } from '../lib/cli.js';
import { FEATURES, HAPROXY_VERSION, TSLB_VERSION } from '../lib/version.js';
import { captureProcessLog } from '../lib/log/process-log.js';

const BIN = fileURLToPath(new URL('../dist/bin/tslb.js', import.meta.url));

interface Outcome {
  readonly status: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** Runs the command line in process, capturing each printed line. */
async function cli(argv: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await run(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env });
  return { status, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'tslb-cli-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, ...lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const TIMEOUTS = ['    timeout client 5s', '    timeout connect 5s', '    timeout server 5s'];
const VALID = file('valid.cfg', 'defaults', '    mode http', ...TIMEOUTS, 'listen l', '    bind 127.0.0.1:8080', '    server s1 127.0.0.1:9001');
/** Valid, with one warning (no timeouts). */
const WARNS = file('warns.cfg', 'listen l', '    mode http', '    bind 127.0.0.1:8080', '    server s1 127.0.0.1:9001');
/** Invalid: a misspelt keyword on line 4. */
const INVALID = file('invalid.cfg', 'defaults', ...TIMEOUTS, 'listen l', '    bind 127.0.0.1:8080', '    balnce roundrobin', '    server s1 127.0.0.1:9001');
/** Valid, but nothing listens. */
const NO_LISTENER = file('no-listener.cfg', 'defaults', ...TIMEOUTS, 'backend b', '    server s1 127.0.0.1:9001');
/** Nothing listens, and a warning (no timeouts). */
const NO_LISTENER_WARNS = file('no-listener-warns.cfg', 'backend b', '    server s1 127.0.0.1:9001');

const VALID_LINE = 'Configuration file is valid';
const WARNINGS_LINE = 'Warnings were found.';
const FATAL_LINE = '[ALERT]    config : Fatal errors found in configuration.';
// Word for word what haproxy -c 2.6.12 prints on stdout before exiting with 2.
const NO_LISTENER_LINE = 'Configuration file has no error but will not start (no listener) => exit(2).';

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

t.test('-v prints the version', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  t.equal(TSLB_VERSION, pkg.version, 'the version is the package version');
  t.equal(HAPROXY_VERSION, '2.6.12');
  const r = await cli(['-v']);
  t.same(r, { status: 0, stdout: [`tslb version ${pkg.version} - HAProxy 2.6.12 compatible`], stderr: [] });
});

t.test('-vv adds the platform, the feature list and library versions', async (t) => {
  const require = createRequire(import.meta.url);
  const version = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;
  const r = await cli(['-vv']);
  t.equal(r.status, 0);
  t.same(r.stderr, []);
  t.same(r.stdout, [
    `tslb version ${TSLB_VERSION} - HAProxy 2.6.12 compatible`,
    `Running on: Node.js ${process.version} ${process.platform} ${process.arch}`,
    `Feature list : ${[...FEATURES].map((f) => `+${f}`).join(' ')}`,
    `Libraries : undici ${version('undici')}, pino ${version('pino')}, prom-client ${version('prom-client')}, ajv ${version('ajv')}`,
  ]);
  t.match(r.stdout[2], /\+OPENSSL .*\+PCRE2/, 'features as `.if feature()` sees them');
  t.same(await cli(['-v', '-vv']), r, '-v then -vv is -vv');
  t.same((await cli(['-vv', '-v'])).stdout.length, 4, '-vv then -v stays -vv');
});

t.test('-h prints the usage', async (t) => {
  for (const flag of ['-h', '--help']) {
    const r = await cli([flag]);
    t.same(r, { status: 0, stdout: [USAGE], stderr: [] }, flag);
  }
  t.match(USAGE, /^Usage : tslb \[-f <cfgfile\|cfgdir>\]\* \[ -vdcq \] \[ -p <pidfile> \]\n/);
  for (const option of ['-v', '-f', '-c', '-d', '-q', '-p', '-h']) t.match(USAGE, new RegExp(`\\n\\s+${option} `), `documents ${option}`);
  t.match(USAGE, /; -vv shows known build options\./, 'documents -vv');
  t.same((await cli(['-h', '-c', '-f', INVALID])).status, 0, '-h wins over everything else');
});

t.test('bad usage: an alert, the usage, exit 1', async (t) => {
  const cases: [string[], string][] = [
    [['-x'], "unknown option '-x'"],
    [['-c', '--check'], "unknown option '--check'"],
    [['-c', 'lb.cfg'], "unknown option 'lb.cfg'"],
    [['-f'], "option '-f' expects an argument"],
    [['-c', '-p'], "option '-p' expects an argument"],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(argv);
    t.same(r, { status: 1, stdout: [], stderr: [`[ALERT]    config : ${message} (TSLB_ERR_CLI_USAGE)`, USAGE] }, argv.join(' '));
  }
});

t.test('no configuration file', async (t) => {
  const r = await cli(['-c']);
  t.same(r, {
    status: 1,
    stdout: [],
    stderr: ['[ALERT]    config : no configuration file specified (use -f <file|dir>) (TSLB_ERR_CFG_NO_FILE)', FATAL_LINE],
  });
});

// ---------------------------------------------------------------------------
// -c
// ---------------------------------------------------------------------------

t.test('-c on a valid file', async (t) => {
  t.same(await cli(['-c', '-f', VALID]), { status: 0, stdout: [VALID_LINE], stderr: [] });
  t.same(await cli(['-c', `-f${VALID}`]), { status: 0, stdout: [VALID_LINE], stderr: [] }, '-f<file> glued');
  t.same(await cli(['-f', VALID, '-c']), { status: 0, stdout: [VALID_LINE], stderr: [] }, 'options in any order');
});

t.test('-c on a valid file with warnings', async (t) => {
  const r = await cli(['-c', '-f', WARNS]);
  t.equal(r.status, 0);
  t.same(r.stdout, [WARNINGS_LINE, VALID_LINE]);
  t.same(r.stderr, [
    `[WARNING]  config : parsing [${WARNS}:1] : listen 'l' : missing timeouts for proxy 'l': ` +
      "set 'timeout client', 'timeout connect', 'timeout server' to non-zero values (TSLB_WRN_CFG_MISSING_TIMEOUTS)",
  ]);
});

t.test('-c on an invalid file', async (t) => {
  const r = await cli(['-c', '-f', INVALID]);
  t.equal(r.status, 1);
  t.same(r.stdout, []);
  t.same(r.stderr, [
    `[ALERT]    config : parsing [${INVALID}:7] : listen 'l' : unknown keyword 'balnce' in 'listen' section; did you mean 'balance' ? (TSLB_ERR_CFG_UNKNOWN_KEYWORD)`,
    FATAL_LINE,
  ]);
});

t.test('-c when nothing would listen: exit 2', async (t) => {
  t.same(await cli(['-c', '-f', NO_LISTENER]), { status: 2, stdout: [NO_LISTENER_LINE], stderr: [] });
  const r = await cli(['-c', '-f', NO_LISTENER_WARNS]);
  t.equal(r.status, 2);
  t.equal(r.stderr.length, 1);
  t.match(r.stderr[0], /missing timeouts for backend 'b'.*\(TSLB_WRN_CFG_MISSING_TIMEOUTS\)$/);
  // haproxy -c on the same file prints "Warnings were found." before the no-listener line.
  t.same(r.stdout, [WARNINGS_LINE, NO_LISTENER_LINE], 'warnings announced, as HAProxy');
});

t.test('-q prints nothing, the exit code says it all', async (t) => {
  const cases: [string, number][] = [
    [VALID, 0],
    [WARNS, 0],
    [INVALID, 1],
    [NO_LISTENER, 2],
  ];
  for (const [path, status] of cases) {
    t.same(await cli(['-q', '-c', '-f', path]), { status, stdout: [], stderr: [] }, path);
  }
});

t.test('several -f, and -f <dir>', async (t) => {
  const sub = join(dir, 'conf.d');
  mkdirSync(sub);
  writeFileSync(join(sub, '10-defaults.cfg'), ['defaults', '    mode http', ...TIMEOUTS, ''].join('\n'));
  writeFileSync(join(sub, '20-listen.cfg'), ['listen web', '    bind ":${PORT}"', '    server s1 127.0.0.1:9001', ''].join('\n'));
  writeFileSync(join(sub, 'notes.txt'), 'not read\n');
  const global = file('global.cfg', 'global', '    maxconn 100');

  t.same(await cli(['-c', '-f', global, '-f', sub], { PORT: '8080' }), { status: 0, stdout: [VALID_LINE], stderr: [] }, 'a file then a directory, with the environment given');
  // Problems name the file they are in; every file is checked in one run.
  const broken = file('broken.cfg', 'backend other', '    server s2 127.0.0.1:9002 wieght 3');
  const r = await cli(['-c', '-f', INVALID, '-f', broken, '-f', sub], { PORT: '8080' });
  t.equal(r.status, 1);
  t.same(
    r.stderr.map((l) => /parsing \[([^\]]+)\]/.exec(l)?.[1] ?? l),
    [`${INVALID}:7`, `${broken}:2`, FATAL_LINE],
  );
  t.match(r.stderr[1], /did you mean 'weight' \?/);
  const missing = await cli(['-c', '-f', join(dir, 'nope.cfg')]);
  t.equal(missing.status, 1);
  t.match(missing.stderr[0], /\(TSLB_ERR_CFG_FILE\)$/);
  t.equal(missing.stderr.at(-1), FATAL_LINE);
});

t.test('-d shows .diag messages', async (t) => {
  const diag = file('diag.cfg', '.diag "checking"', 'defaults', '    mode http', ...TIMEOUTS, 'listen l', '    bind :8080', '    server s1 127.0.0.1:9001');
  t.same(await cli(['-c', '-f', diag]), { status: 0, stdout: [VALID_LINE], stderr: [] }, 'hidden without -d');
  const r = await cli(['-c', '-d', '-f', diag]);
  t.equal(r.status, 0);
  t.same(r.stderr, [`[NOTICE]   config : parsing [${diag}:1] : 'checking' (TSLB_NOTE_CFG_NOTICE)`]);
  t.same(r.stdout, [VALID_LINE], 'a notice is not a warning');
});

// ---------------------------------------------------------------------------
// Run mode (no -c): the runtime is not built yet
// ---------------------------------------------------------------------------

t.test('without -c tslb runs: the pid is written, listeners announced, SIGUSR1 stops it softly', async (t) => {
  const { freePort } = await import('./helpers/net.js');
  const port = await freePort();
  const runnable = file('run.cfg', 'defaults', '    mode http', ...TIMEOUTS, 'listen l', `    bind 127.0.0.1:${port}`, '    http-request return status 200 content-type text/plain string "up"');
  const pidfile = join(dir, 'tslb.pid');
  // Run mode announces itself in the process log (JSON on stdout), captured here.
  const log = captureProcessLog();
  t.teardown(log.restore);
  const running = cli(['-f', runnable, '-p', pidfile]);
  for (let i = 0; i < 100 && !existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(readFileSync(pidfile, 'utf8'), `${process.pid}\n`, 'the pid is written once listening');
  process.emit('SIGUSR1');
  const r = await running;
  t.equal(r.status, 0, 'exits 0 after a soft stop');
  const notices = log.lines.filter((l) => l.level === 'notice').map((l) => l.msg);
  t.match(notices.join('\n'), new RegExp(`listen 'l' listening on 127\\.0\\.0\\.1:${port}`));
  t.match(notices.join('\n'), /SIGUSR1 received, soft stop/);
  t.same(r.stderr, [], 'nothing on stderr when all is well');

  const checkOnly = join(dir, 'check.pid');
  t.equal((await cli(['-c', '-f', VALID, '-p', checkOnly])).status, 0);
  t.notOk(existsSync(checkOnly), '-c never writes the pidfile');

  const invalidPid = join(dir, 'invalid.pid');
  t.same(await cli(['-f', INVALID, '-p', invalidPid]), {
    status: 1,
    stdout: [],
    stderr: [(await cli(['-c', '-f', INVALID])).stderr[0] as string, FATAL_LINE],
  });
  t.notOk(existsSync(invalidPid), 'not written for an invalid configuration');

  const idlePid = join(dir, 'idle.pid');
  t.same(await cli(['-f', NO_LISTENER, '-p', idlePid]), {
    status: 2,
    stdout: [],
    stderr: ['[ALERT]    config : no listener in the configuration, nothing to do (TSLB_ERR_CFG_NO_LISTENER)'],
  });
  t.notOk(existsSync(idlePid), 'not written when nothing would listen');
});

t.test('a valid configuration the runtime cannot run yet is refused with the reason', async (t) => {
  const later = file('later.cfg', 'defaults', '    mode http', ...TIMEOUTS, 'listen l', '    bind 127.0.0.1:8080', '    http-response set-log-level debug', '    server s1 127.0.0.1:9001');
  const r = await cli(['-f', later]);
  t.equal(r.status, 1);
  t.match(r.stderr.join('\n'), /not available yet: .*'http-response set-log-level'/);
  const checked = await cli(['-c', '-f', later]);
  t.equal(checked.status, 0, 'valid for -c');
  t.match(checked.stderr.join('\n'), /this version cannot run it yet: .*'http-response set-log-level'/, 'named by -c too');
});

// ---------------------------------------------------------------------------
// The real binary against the real HAProxy
// ---------------------------------------------------------------------------

const haproxy = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
const haveHaproxy = haproxy.status === 0 && /version 2\.6\./.test(haproxy.stdout);

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** HAProxy's "[ALERT]    (1234) : config : ..." without the pid, as tslb prints it. */
function withoutPid(line: string | undefined): string | undefined {
  return line?.replace(/^(\[[A-Z]+\] +)\(\d+\) : /, '$1');
}

t.test('dist/bin/tslb.js -c and haproxy -c agree', { skip: haveHaproxy ? false : 'HAProxy 2.6 is not installed' }, async (t) => {
  t.ok(existsSync(BIN), `${BIN} exists (npm run build)`);
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  const both = (path: string) => ({
    tslb: spawnSync(process.execPath, [BIN, '-c', '-f', path], { env, encoding: 'utf8' }),
    haproxy: spawnSync('haproxy', ['-c', '-f', path], { env, encoding: 'utf8' }),
  });

  let r = both(VALID);
  t.equal(r.tslb.status, 0, 'valid: tslb exits 0');
  t.equal(r.tslb.status, r.haproxy.status, 'valid: same exit code');
  t.same(lines(r.tslb.stdout), [VALID_LINE]);
  t.same(lines(r.tslb.stdout), lines(r.haproxy.stdout), 'valid: same stdout');
  t.same(lines(r.tslb.stderr), lines(r.haproxy.stderr), 'valid: nothing on stderr from either');

  r = both(WARNS);
  t.equal(r.tslb.status, 0, 'warnings: tslb exits 0');
  t.equal(r.tslb.status, r.haproxy.status, 'warnings: same exit code');
  t.same(lines(r.tslb.stdout), [WARNINGS_LINE, VALID_LINE]);
  t.same(lines(r.tslb.stdout), lines(r.haproxy.stdout), 'warnings: same stdout');
  t.ok(lines(r.haproxy.stderr).some((l) => l.includes("missing timeouts for proxy 'l'")), 'haproxy warns about the timeouts');
  t.ok(lines(r.tslb.stderr).some((l) => l.includes("missing timeouts for proxy 'l'")), 'tslb warns about the timeouts');

  r = both(INVALID);
  t.equal(r.tslb.status, 1, 'invalid: tslb exits 1');
  t.equal(r.tslb.status, r.haproxy.status, 'invalid: same exit code');
  t.same(lines(r.tslb.stdout), lines(r.haproxy.stdout), 'invalid: same (empty) stdout');
  t.equal(lines(r.tslb.stderr).at(-1), FATAL_LINE);
  t.equal(lines(r.tslb.stderr).at(-1), withoutPid(lines(r.haproxy.stderr).at(-1)), 'invalid: same last stderr line');
  t.ok(lines(r.haproxy.stderr).some((l) => l.includes(`parsing [${INVALID}:7] : unknown keyword 'balnce'`)), 'haproxy names the same line');

  r = both(NO_LISTENER);
  t.equal(r.tslb.status, 2, 'no listener: tslb exits 2');
  t.equal(r.tslb.status, r.haproxy.status, 'no listener: same exit code');
  t.same(lines(r.tslb.stdout), [NO_LISTENER_LINE]);
  t.same(lines(r.tslb.stdout), lines(r.haproxy.stdout), 'no listener: same stdout');
  t.same(lines(r.tslb.stderr), lines(r.haproxy.stderr), 'no listener: nothing on stderr from either');

  r = both(NO_LISTENER_WARNS);
  t.equal(r.tslb.status, r.haproxy.status, 'no listener with warnings: same exit code (2)');
  t.same(lines(r.haproxy.stdout), [WARNINGS_LINE, NO_LISTENER_LINE], 'what haproxy prints');
  t.same(lines(r.tslb.stdout), lines(r.haproxy.stdout), 'no listener with warnings: same stdout');

  const quiet = spawnSync(process.execPath, [BIN, '-q', '-c', '-f', INVALID], { env, encoding: 'utf8' });
  const haproxyQuiet = spawnSync('haproxy', ['-q', '-c', '-f', INVALID], { env, encoding: 'utf8' });
  t.same([quiet.status, quiet.stdout, quiet.stderr], [1, '', ''], '-q: exit 1, silent');
  t.same([haproxyQuiet.status, haproxyQuiet.stdout, haproxyQuiet.stderr], [quiet.status, quiet.stdout, quiet.stderr], 'haproxy -q -c is silent too');
});
