/**
 * Every Runtime API command, found by its leading words, and the texts of
 * `help` and of an unknown command. The layout is HAProxy 2.6's — a title
 * line, then `  <syntax padded to 40>: <what it does>` per command, sorted,
 * `help`, `prompt` and `quit` last — but the list is tslb's own: only the
 * commands it implements, described in its own words. For an unknown
 * command, the commands whose leading words were typed are suggested (the
 * closest ones by the next word when more was typed), else the five
 * closest by letter pairs, as HAProxy does in spirit.
 */
import type { Command } from './command.js';
import { clearCountersCommands } from './commands/clear-counters.js';
import { enableDisableCommands } from './commands/enable-disable.js';
import { levelCommands } from './commands/level.js';
import { maxconnCommands } from './commands/maxconn.js';
import { serversStateCommands } from './commands/servers-state.js';
import { setServerCommands } from './commands/set-server.js';
import { showBackendCommands } from './commands/show-backend.js';
import { showInfoCommands } from './commands/show-info.js';
import { showStatCommands } from './commands/show-stat.js';
import { shutdownCommands } from './commands/shutdown.js';
import { tableCommands } from './commands/table.js';
import { weightCommands } from './commands/weight.js';

/** The session's own commands: listed last in `help`, run by the session itself. */
export const SESSION_USAGE: readonly (readonly [string, string])[] = [
  ['help [<command>]', 'list the commands, or those matching <command>'],
  ['prompt', 'toggle the interactive mode and its prompt'],
  ['quit', 'close this connection'],
];

const HEADER_ALL = 'The following commands are valid at this level:\n';
const HEADER_UNKNOWN = 'Unknown command. Please enter one of the following commands only:\n';
const HEADER_CLOSE = 'Unknown command, but maybe one of the following ones is a better match:\n';

function line(usage: string, help: string): string {
  return `  ${usage.padEnd(40)}: ${help}\n`;
}

/** Letter-pair counts of a text, word boundaries included: a cheap fingerprint for "looks like". */
function pairs(text: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = ` ${text.toLowerCase()} `;
  for (let i = 0; i + 1 < t.length; i++) {
    const p = t.slice(i, i + 2);
    m.set(p, (m.get(p) ?? 0) + 1);
  }
  return m;
}

function distance(a: string, b: string): number {
  const pa = pairs(a);
  const pb = pairs(b);
  let d = 0;
  for (const [k, n] of pa) d += Math.abs(n - (pb.get(k) ?? 0));
  for (const [k, n] of pb) if (!pa.has(k)) d += n;
  return d;
}

export class CommandRegistry {
  readonly #commands: readonly Command[];

  constructor(commands: readonly Command[]) {
    this.#commands = [...commands].sort((a, b) => (a.usage < b.usage ? -1 : a.usage > b.usage ? 1 : 0));
  }

  /** The command whose words begin `args`, the longest such. */
  find(args: readonly string[]): Command | undefined {
    let best: Command | undefined;
    for (const c of this.#commands) {
      if (c.words.length > args.length || (best && best.words.length >= c.words.length)) continue;
      if (c.words.every((w, i) => args[i] === w)) best = c;
    }
    return best;
  }

  #list(commands: readonly Command[]): string {
    let out = '';
    for (const c of commands) out += line(c.usage, c.help);
    for (const [usage, help] of SESSION_USAGE) out += line(usage, help);
    return out;
  }

  /** `help`: every command; `help <words>`: those that look like them. */
  help(words: readonly string[]): string {
    return HEADER_ALL + this.#list(words.length === 0 ? this.#commands : this.#closest(words));
  }

  /** The answer to a request that names no command. */
  unknown(args: readonly string[]): string {
    if (args.length === 0) return HEADER_UNKNOWN + this.#list(this.#commands);
    return HEADER_CLOSE + this.#list(this.#closest(args));
  }

  /** Commands sharing the most leading words with `args`, narrowed by the next word; else the five closest. */
  #closest(args: readonly string[]): Command[] {
    let shared = 0;
    for (const c of this.#commands) {
      let n = 0;
      while (n < c.words.length && n < args.length && c.words[n] === args[n]) n++;
      shared = Math.max(shared, n);
    }
    if (shared > 0) {
      const same = this.#commands.filter((c) => c.words.slice(0, shared).every((w, i) => args[i] === w));
      const next = args[shared];
      if (next === undefined) return same;
      const scored = same.map((c) => ({ c, d: distance(next, c.words[shared] ?? '') }));
      const min = Math.min(...scored.map((s) => s.d));
      return scored.filter((s) => s.d === min).map((s) => s.c);
    }
    const text = args.join(' ');
    return this.#commands
      .map((c) => ({ c, d: distance(text, c.words.join(' ')) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 5)
      .map((s) => s.c)
      .sort((a, b) => (a.usage < b.usage ? -1 : 1));
  }
}

/** Every command tslb implements. */
export function defaultRegistry(): CommandRegistry {
  return new CommandRegistry([
    ...showInfoCommands,
    ...showStatCommands,
    ...serversStateCommands,
    ...showBackendCommands,
    ...weightCommands,
    ...setServerCommands,
    ...enableDisableCommands,
    ...shutdownCommands,
    ...maxconnCommands,
    ...clearCountersCommands,
    ...tableCommands,
    ...levelCommands,
  ]);
}
