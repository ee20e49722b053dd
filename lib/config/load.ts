/**
 * The one entry point of configuration loading:
 *
 *   files ─► reader (lex, .if) ─► parser (sections, keywords) ─► cross-checks
 *         ─► model ─► schema validation ─► deep freeze
 *
 * Every problem is collected; a model is returned only when there is no
 * alert. `tslb -c` and the runtime both call this.
 */
import { Diagnostics, type Diagnostic } from './diagnostics.js';
import { crossCheck } from './crossref/index.js';
import { deepFreeze } from './freeze.js';
import type { Model } from './model/index.js';
import { hasFrontend } from './model/proxy.js';
import { ConfigParser } from './parser.js';
import { expandPaths, readFiles, readText } from './reader.js';
import { validateModel } from './schema/validate.js';

export interface LoadOptions {
  /** Files or directories, as given with -f, in order. */
  readonly paths: readonly string[];
  /** Environment variables visible to the configuration (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** -d: also report .diag messages. */
  readonly diag?: boolean;
}

export interface LoadResult {
  /** The frozen model, when no alert was found. */
  readonly model: Model | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Valid, but nothing would listen (HAProxy exits with 2). */
  readonly noListener: boolean;
}

function envMap(env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) if (v !== undefined) map.set(k, v);
  return map;
}

function build(parser: ConfigParser, diags: Diagnostics, files: readonly string[]): LoadResult {
  const parsed = parser.finish();
  crossCheck(parsed, diags);
  const model: Model = {
    files: [...files],
    global: parsed.global,
    defaults: parsed.defaults.filter((d) => d.name !== ''),
    proxies: parsed.proxies,
    userlists: parsed.userlists,
    resolvers: parsed.resolvers,
    httpErrors: parsed.httpErrors,
  } as Model;
  if (diags.hasAlerts()) return { model: undefined, diagnostics: diags.list, noListener: false };
  validateModel(model, diags);
  if (diags.hasAlerts()) return { model: undefined, diagnostics: diags.list, noListener: false };
  // As in HAProxy, the Runtime API socket counts as a listener too.
  const noListener =
    model.global.statsSockets.length === 0 && !model.proxies.some((p) => hasFrontend(p.kind) && !p.disabled && p.binds.length > 0);
  return { model: deepFreeze(model), diagnostics: diags.list, noListener };
}

/** Loads configuration files and directories. */
export function loadConfig(opts: LoadOptions): LoadResult {
  const diags = new Diagnostics();
  if (opts.paths.length === 0) {
    diags.report('TSLB_ERR_CFG_NO_FILE', { message: 'no configuration file specified (use -f <file|dir>)' });
    return { model: undefined, diagnostics: diags.list, noListener: false };
  }
  const parser = new ConfigParser({ env: envMap(opts.env ?? process.env), diags });
  const files = expandPaths(opts.paths, diags);
  for (const stmt of readFiles(files, { vars: parser.vars, diag: opts.diag === true }, diags)) parser.statement(stmt);
  return build(parser, diags, files);
}

/** Loads configuration text held in memory (tests, benchmarks, the reload API). */
export function loadConfigText(text: string, opts: { file?: string; env?: Readonly<Record<string, string | undefined>>; diag?: boolean } = {}): LoadResult {
  const diags = new Diagnostics();
  const parser = new ConfigParser({ env: envMap(opts.env ?? {}), diags });
  const file = opts.file ?? 'inline.cfg';
  for (const stmt of readText(file, text, { vars: parser.vars, diag: opts.diag === true }, diags)) parser.statement(stmt);
  return build(parser, diags, [file]);
}
