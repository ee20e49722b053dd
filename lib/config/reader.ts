/**
 * Reads configuration files into statements: every non-empty line is split
 * into words by the lexer, conditional blocks (.if/.elif/.else/.endif) are
 * resolved, and the message directives (.diag/.notice/.warning/.alert) are
 * reported. Several -f arguments are read in order; a directory contributes
 * its files in lexical order (HAProxy reads only names ending in ".cfg").
 *
 * Lines in a skipped conditional block are still split into words (a broken
 * quote there is still an error, as in HAProxy) but not otherwise looked at.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostics, Place } from './diagnostics.js';
import { evaluateCondition, ConditionError } from './conditions.js';
import { splitLine } from './lexer.js';
import { SECTION_KEYWORDS } from './sections.js';

export interface Statement extends Place {
  /** Words after unquoting, escaping and variable expansion; never empty. */
  readonly words: readonly string[];
  /** True on the first statement of each file: a file must open a section. */
  readonly firstOfFile: boolean;
}

export interface ReadOptions {
  readonly vars: (name: string) => string | undefined;
  /** -d: show .diag messages. */
  readonly diag?: boolean;
}

/** Expands directories into their ".cfg" files, sorted, as HAProxy does. */
export function expandPaths(paths: readonly string[], diags: Diagnostics): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      diags.report('TSLB_ERR_CFG_FILE', { message: `could not open configuration file '${path}': ${(err as Error).message}` });
      continue;
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const names = readdirSync(path)
      .filter((n) => n.endsWith('.cfg') && !n.startsWith('.'))
      .sort();
    for (const name of names) {
      const full = join(path, name);
      if (statSync(full).isFile()) files.push(full);
    }
  }
  return files;
}

interface Block {
  /** The line of the .if, for the "not terminated" report. */
  readonly line: number;
  /** Is the current branch taken? */
  active: boolean;
  /** Has a branch of this block been taken already? */
  done: boolean;
  seenElse: boolean;
  /** Was the enclosing context active when the block started? */
  readonly parentActive: boolean;
}

const MESSAGE_DIRECTIVES = new Set(['.diag', '.notice', '.warning', '.alert']);

/** Reads one file's text into statements. */
export function* readText(file: string, text: string, opts: ReadOptions, diags: Diagnostics): Generator<Statement> {
  const blocks: Block[] = [];
  let section = '';
  let first = true;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const line = index + 1;
    const place = { file, line };
    if (raw.includes('\0')) {
      diags.report('TSLB_ERR_CFG_BAD_CHAR', { message: 'NUL character found in the line', place });
      continue;
    }
    const lexed = splitLine(raw, { vars: opts.vars, file, line, section });
    if (!lexed.ok) {
      diags.report(lexed.error.code, { message: lexed.error.message, place });
      continue;
    }
    let words = lexed.words;
    const head = words[0];
    if (head === undefined || head === '') continue;
    // An empty word ends the statement, as in HAProxy, whose keyword parsers
    // stop at the first empty argument. Say so when words get dropped.
    const empty = words.indexOf('');
    if (empty > 0) {
      const dropped = words.slice(empty + 1).filter((w) => w !== '');
      words = words.slice(0, empty);
      if (dropped.length > 0 && (blocks.length === 0 || (blocks[blocks.length - 1] as Block).active)) {
        diags.report('TSLB_WRN_CFG_EMPTY_WORD', {
          message: `word ${empty + 1} is empty (an unset variable in quotes, or ""), which ends the statement: ${dropped.map((w) => `'${w}'`).join(' ')} ignored`,
          place,
        });
      }
    }
    const active = blocks.length === 0 || (blocks[blocks.length - 1] as Block).active;

    if (head === '.if' || head === '.elif') {
      const expr = words.slice(1).join(' ');
      if (head === '.if') {
        const block: Block = { line, active: false, done: false, seenElse: false, parentActive: active };
        blocks.push(block);
        if (!active) continue;
        block.active = evaluate(expr, place, opts, diags);
        block.done = block.active;
        continue;
      }
      const block = blocks[blocks.length - 1];
      if (!block) {
        diags.report('TSLB_ERR_CFG_COND_NESTING', { message: "lone '.elif' with no matching '.if'", place });
        continue;
      }
      if (block.seenElse) {
        diags.report('TSLB_ERR_CFG_COND_NESTING', { message: "'.elif' after '.else' is not permitted", place });
        continue;
      }
      if (!block.parentActive || block.done) {
        block.active = false;
        continue;
      }
      block.active = evaluate(expr, place, opts, diags);
      block.done = block.active;
      continue;
    }
    if (head === '.else') {
      const block = blocks[blocks.length - 1];
      if (!block) {
        diags.report('TSLB_ERR_CFG_COND_NESTING', { message: "lone '.else' with no matching '.if'", place });
        continue;
      }
      if (block.seenElse) {
        diags.report('TSLB_ERR_CFG_COND_NESTING', { message: "'.else' after '.else' is not permitted", place });
        continue;
      }
      block.seenElse = true;
      block.active = block.parentActive && !block.done;
      block.done = true;
      continue;
    }
    if (head === '.endif') {
      if (!blocks.pop()) diags.report('TSLB_ERR_CFG_COND_NESTING', { message: "lone '.endif' with no matching '.if'", place });
      continue;
    }
    if (!active) continue;

    if (head.startsWith('.')) {
      if (!MESSAGE_DIRECTIVES.has(head)) {
        diags.report('TSLB_ERR_CFG_DIRECTIVE', { message: `unknown directive '${head}'`, place });
        continue;
      }
      if (words.length > 2) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `unexpected argument '${words[2]}' for '${head}'; use quotes if the message should contain spaces`,
          place,
        });
        continue;
      }
      const message = `'${words[1] ?? ''}'`;
      if (head === '.alert') diags.report('TSLB_ERR_CFG_ALERT', { message, place });
      else if (head === '.warning') diags.report('TSLB_WRN_CFG_WARNING', { message, place });
      else if (head === '.notice' || opts.diag === true) diags.report('TSLB_NOTE_CFG_NOTICE', { message, place });
      continue;
    }

    if (SECTION_KEYWORDS.has(head)) section = words[1] ?? head;
    yield { file, line, words, firstOfFile: first };
    first = false;
  }
  for (const block of blocks) {
    diags.report('TSLB_ERR_CFG_COND_NESTING', { message: "non-terminated '.if' block", place: { file, line: block.line } });
  }
}

function evaluate(expr: string, place: Place, opts: ReadOptions, diags: Diagnostics): boolean {
  try {
    return evaluateCondition(expr, { vars: opts.vars });
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    diags.report('TSLB_ERR_CFG_COND', { message: `${err.message} at position ${err.position + 1}`, place });
    return false;
  }
}

/**
 * Reads every file (after directory expansion) as one stream of statements.
 * Lines are split lazily, so a `setenv` in `global` changes how the lines
 * after it expand variables, as in HAProxy.
 */
export function* readFiles(files: readonly string[], opts: ReadOptions, diags: Diagnostics): Generator<Statement> {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      diags.report('TSLB_ERR_CFG_FILE', { message: `could not open configuration file '${file}': ${(err as Error).message}` });
      continue;
    }
    yield* readText(file, text, opts, diags);
  }
}
