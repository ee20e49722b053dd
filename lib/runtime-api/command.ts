/**
 * What a Runtime API command is (management guide 9.3): the words that name
 * it, its line in `help`, and what it does with the words of a request.
 * Each family of commands lives in its own file under commands/ and exports
 * its list; registry.ts puts them together.
 *
 * A command answers text: lines each ended by a newline, or nothing. The
 * session adds the empty line that ends every answer. Refusals are the same
 * kind of text (HAProxy's messages, e.g. `No such server.\n`), returned or
 * thrown as a CliError.
 */
import type { Runtime } from '../runtime/runtime.js';

/** Access levels of a `stats socket`, lowest first (manual 5.1 "level"). */
export type Level = 'user' | 'operator' | 'admin';

const RANK: Readonly<Record<Level, number>> = { user: 0, operator: 1, admin: 2 };

/** What a command reads and changes. */
export interface CommandContext {
  readonly rt: Runtime;
  /** The session's level now (`operator` / `user` lower it). */
  readonly level: Level;
  setLevel(level: Level): void;
  /** Sockets the Runtime API listens on (`show info` counts them with the listeners). */
  readonly listeners: number;
}

export interface Command {
  /** The words naming the command: `['set', 'server']`. */
  readonly words: readonly string[];
  /** Its line in `help`: the syntax, then what it does. */
  readonly usage: string;
  readonly help: string;
  /** `args`: every word of the request, the command's own included. */
  run(args: readonly string[], ctx: CommandContext): string | Promise<string>;
}

/** A refusal: its text is the whole answer (the session adds the empty line). */
export class CliError extends Error {
  readonly text: string;

  constructor(text: string) {
    super(text.trimEnd());
    this.text = text;
  }
}

/** HAProxy's answer to a command above the session's level. */
export const PERMISSION_DENIED = 'Permission denied\n';

/** The session is at `level` or above. */
export function hasLevel(ctx: Pick<CommandContext, 'level'>, level: Level): boolean {
  return RANK[ctx.level] >= RANK[level];
}

/** Refuses (CliError) unless the session is at `level` or above. */
export function requireLevel(ctx: Pick<CommandContext, 'level'>, level: Level): void {
  if (!hasLevel(ctx, level)) throw new CliError(PERMISSION_DENIED);
}
