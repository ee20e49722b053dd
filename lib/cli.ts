/**
 * The command line: argument parsing and the `-c` check mode. Output goes
 * through the given writers so the tests can run it in process.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatDiagnostic, type Diagnostic } from './config/diagnostics.js';
import { Diagnostics } from './config/diagnostics.js';
import { loadConfig } from './config/load.js';
import { checkAddresses } from './config/resolve.js';
import { Runtime } from './runtime/runtime.js';
import { stopOnSignals } from './runtime/signals.js';
import { processLog } from './log/process-log.js';
import { checkRuntimeSupport } from './runtime/support.js';
import { converterSpec } from './rules/converter-lookup.js';
import { RuleEnv } from './rules/env.js';
import { StickTables } from './stick/tables.js';
import { FEATURES, HAPROXY_VERSION, TSLB_VERSION } from './version.js';

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliOptions {
  readonly files: string[];
  readonly check: boolean;
  readonly debug: boolean;
  readonly quiet: boolean;
  readonly pidfile?: string | undefined;
  readonly version: 0 | 1 | 2;
  readonly help: boolean;
}

export const USAGE = `Usage : tslb [-f <cfgfile|cfgdir>]* [ -vdcq ] [ -p <pidfile> ]
        -v displays version ; -vv shows known build options.
        -f <cfgfile|cfgdir> adds <cfgfile> to the list of configuration files;
           a directory adds its *.cfg files in lexical order.
        -c check mode : only check the configuration files and exit
           (0: valid, 1: errors, 2: valid but no listener).
        -d enters debug mode : also shows .diag messages.
        -q quiet mode : don't display messages
        -p writes the process id to <pidfile>
        -h shows this help`;

/** Parses argv; returns an error message for bad usage. */
export function parseArgs(argv: readonly string[]): CliOptions | string {
  const files: string[] = [];
  let check = false;
  let debug = false;
  let quiet = false;
  let pidfile: string | undefined;
  let version: 0 | 1 | 2 = 0;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    switch (arg) {
      case '-f':
      case '-p': {
        const value = argv[i + 1];
        if (value === undefined) return `option '${arg}' expects an argument`;
        i++;
        if (arg === '-f') files.push(value);
        else pidfile = value;
        break;
      }
      case '-c':
        check = true;
        break;
      case '-d':
      case '-db':
        debug = true;
        break;
      case '-q':
        quiet = true;
        break;
      case '-v':
        version = Math.max(version, 1) as 1 | 2;
        break;
      case '-vv':
        version = 2;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        if (arg.startsWith('-f') && arg.length > 2) {
          files.push(arg.slice(2));
          break;
        }
        return `unknown option '${arg}'`;
    }
  }
  return { files, check, debug, quiet, pidfile, version, help };
}

function dependencyVersions(): string[] {
  const require = createRequire(import.meta.url);
  const out: string[] = [];
  for (const name of ['undici', 'pino', 'prom-client', 'ajv']) {
    try {
      out.push(`${name} ${(require(`${name}/package.json`) as { version: string }).version}`);
    } catch {
      out.push(`${name} (not found)`);
    }
  }
  return out;
}

/**
 * Diagnostics as HAProxy prints them, on stderr; when tslb is about to run
 * (`toLog`), warnings go to the process log instead (JSON on stdout), with
 * the start and the state changes.
 */
function printDiagnostics(list: readonly Diagnostic[], io: CliIo, quiet: boolean, toLog = false): void {
  if (quiet) return;
  for (const d of list) {
    if (toLog && d.severity === 'warning') processLog('warning', formatDiagnostic(d));
    else io.stderr(formatDiagnostic(d));
  }
}

/** Runs the command line and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const opts = parseArgs(argv);
  if (typeof opts === 'string') {
    io.stderr(`[ALERT]    config : ${opts} (TSLB_ERR_CLI_USAGE)`);
    io.stderr(USAGE);
    return 1;
  }
  if (opts.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (opts.version > 0) {
    io.stdout(`tslb version ${TSLB_VERSION} - HAProxy ${HAPROXY_VERSION} compatible`);
    if (opts.version > 1) {
      io.stdout(`Running on: Node.js ${process.version} ${process.platform} ${process.arch}`);
      io.stdout(`Feature list : ${[...FEATURES].map((f) => `+${f}`).join(' ')}`);
      io.stdout(`Libraries : ${dependencyVersions().join(', ')}`);
    }
    return 0;
  }
  const result = loadConfig({ paths: opts.files, env: io.env, diag: opts.debug });
  // Run mode with a valid configuration: its warnings belong to the process log.
  const logWarnings = !opts.check && result.model !== undefined && !result.diagnostics.some((d) => d.severity === 'alert');
  printDiagnostics(result.diagnostics, io, opts.quiet, logWarnings);
  let failed = !result.model;
  const resolution = new Diagnostics();
  if (result.model) {
    await checkAddresses(result.model, resolution);
    printDiagnostics(resolution.list, io, opts.quiet, logWarnings && !resolution.hasAlerts());
    failed = resolution.hasAlerts();
  }
  if (failed || !result.model) {
    if (!opts.quiet) io.stderr('[ALERT]    config : Fatal errors found in configuration.');
    return 1;
  }
  if (opts.check) {
    // Valid for HAProxy is valid here; what this version cannot run yet is named, as starting would refuse it.
    const support = checkRuntimeSupport(result.model);
    if (!opts.quiet) for (const r of support.refuse) io.stderr(`[WARNING]  tslb : valid, but this version cannot run it yet: ${r}`);
    if (!opts.quiet) {
      if ([...result.diagnostics, ...resolution.list].some((d) => d.severity === 'warning') || support.refuse.length > 0) io.stdout('Warnings were found.');
      io.stdout(result.noListener ? 'Configuration file has no error but will not start (no listener) => exit(2).' : 'Configuration file is valid');
    }
    return result.noListener ? 2 : 0;
  }
  if (result.noListener) {
    io.stderr('[ALERT]    config : no listener in the configuration, nothing to do (TSLB_ERR_CFG_NO_LISTENER)');
    return 2;
  }
  // One rule environment for the check and the runtime: pattern files and userlists are read once.
  const env = new RuleEnv(converterSpec, result.model.userlists, new StickTables(result.model.proxies));
  const support = checkRuntimeSupport(result.model, env);
  for (const w of support.warn) processLog('warning', w);
  if (support.refuse.length > 0) {
    for (const r of support.refuse) io.stderr(`[ALERT]    tslb : not available yet: ${r}`);
    io.stderr('[ALERT]    tslb : the configuration is valid, but this version of tslb cannot run it yet.');
    return 1;
  }
  let rt: Runtime;
  try {
    rt = await Runtime.start(result.model, env);
  } catch (err) {
    io.stderr(`[ALERT]    tslb : cannot start: ${(err as Error).message}`);
    return 1;
  }
  if (opts.pidfile !== undefined) writeFileSync(opts.pidfile, `${process.pid}\n`);
  if (!opts.quiet) {
    for (const fe of rt.frontends) {
      const where = fe.addresses().map((a) => (typeof a === 'string' ? a : `${a.address}:${a.port}`));
      processLog('notice', `${fe.config.kind} '${fe.name}' listening on ${where.join(', ')}`);
    }
    processLog('notice', `started (pid ${process.pid}); SIGUSR1 or SIGTERM for a soft stop, SIGINT for a hard stop`);
  }
  await stopOnSignals(rt, opts.quiet ? () => {} : (line) => processLog('notice', line));
  return 0;
}
