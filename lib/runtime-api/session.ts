/**
 * One connection to a `stats socket`, speaking the Runtime API protocol as
 * HAProxy 2.6.12 does (management guide 9.3; every rule below checked on
 * loopback against the binary):
 *
 *   - A request is a line ended by LF (one CR before it is dropped);
 *     `\` makes the next character plain — an escaped LF continues the
 *     line, an escaped `;` or blank stays in its word.
 *   - A line holds commands separated by `;`, words separated by blanks
 *     (spaces, tabs); quotes are not special. An empty command answers
 *     the list of commands.
 *   - Each command's answer is followed by an empty line; in interactive
 *     mode by the prompt `> ` too.
 *   - Without `prompt`, the connection closes once the lines received are
 *     answered (lines that arrived together are all answered); `prompt`
 *     toggles the interactive mode, where it stays open; `quit` closes at
 *     once, skipping the rest of the line.
 *   - A line not ended when the client closes is dropped; `stats timeout`
 *     closes a connection idle that long; a line longer than a buffer
 *     (`tune.bufsize`) resets the connection, unanswered.
 *
 *   bytes ─▶ pending ─line─▶ commands ─▶ registry.find ─▶ run ─▶ answer + "\n" [+ "> "]
 */
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { Runtime } from '../runtime/runtime.js';
import { CliError, type CommandContext, type Level } from './command.js';
import type { CommandRegistry } from './registry.js';

export interface SessionOptions {
  readonly rt: Runtime;
  readonly registry: CommandRegistry;
  /** The socket's `level`. */
  readonly level: Level;
  /** `stats timeout`, ms. */
  readonly timeoutMs: number;
  /** Sockets the Runtime API listens on. */
  readonly listeners: () => number;
}

/** Where the first line of `text` from `from` ends (its LF), or -1; an escaped LF does not end it. */
export function lineEnd(text: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c) i++;
    else if (ch === 0x0a) return i;
  }
  return -1;
}

/** The commands of a line, each as its words, escapes resolved. */
export function splitCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t') endWord();
    else if (ch === ';') {
      endWord();
      commands.push(words);
      words = [];
    } else {
      word += ch;
      inWord = true;
    }
  }
  endWord();
  commands.push(words);
  return commands;
}

export class CliSession {
  readonly #socket: Socket;
  readonly #opts: SessionOptions;
  readonly #decoder = new StringDecoder('utf8');
  #pending = '';
  #level: Level;
  #prompt = false;
  #busy = false;
  /** The client sent its FIN. */
  #ended = false;
  #closed = false;

  constructor(socket: Socket, opts: SessionOptions) {
    this.#socket = socket;
    this.#opts = opts;
    this.#level = opts.level;
    socket.setNoDelay(true);
    socket.setTimeout(opts.timeoutMs);
    socket.on('timeout', () => this.#close());
    socket.on('error', () => this.#close());
    socket.on('close', () => (this.#closed = true));
    socket.on('data', (chunk: Buffer) => {
      this.#pending += this.#decoder.write(chunk);
      void this.#pump();
    });
    socket.on('end', () => {
      this.#ended = true;
      void this.#pump();
    });
  }

  /** Answers every complete line, one at a time, then closes when the protocol says so. */
  async #pump(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      while (!this.#closed) {
        const end = lineEnd(this.#pending);
        if ((end < 0 ? this.#pending.length : end) >= this.#opts.rt.model.global.tune.bufsize) {
          this.#reset();
          return;
        }
        if (end < 0) {
          if (this.#ended) this.#close();
          return;
        }
        let line = this.#pending.slice(0, end);
        this.#pending = this.#pending.slice(end + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        await this.#runLine(line);
        // Without the prompt the connection ends with what was received.
        if (!this.#prompt && this.#pending === '') this.#close();
      }
    } finally {
      this.#busy = false;
    }
  }

  async #runLine(line: string): Promise<void> {
    for (const args of splitCommands(line)) {
      if (this.#closed) return;
      const first = args[0];
      let answer: string;
      if (first === 'quit') {
        this.#close();
        return;
      } else if (first === 'prompt') {
        this.#prompt = !this.#prompt;
        answer = '';
      } else if (first === 'help') answer = this.#opts.registry.help(args.slice(1));
      else answer = await this.#run(args);
      this.#write(`${answer}\n${this.#prompt ? '> ' : ''}`);
    }
  }

  async #run(args: readonly string[]): Promise<string> {
    const command = this.#opts.registry.find(args);
    if (!command) return this.#opts.registry.unknown(args);
    const ctx: CommandContext = {
      rt: this.#opts.rt,
      level: this.#level,
      setLevel: (level) => (this.#level = level),
      listeners: this.#opts.listeners(),
    };
    try {
      return await command.run(args, ctx);
    } catch (err) {
      if (err instanceof CliError) return err.text;
      return `Internal error: ${(err as Error).message}\n`;
    }
  }

  #write(text: string): void {
    if (!this.#closed && this.#socket.writable) this.#socket.write(text);
  }

  /** Ends the connection once what was written is sent. */
  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.end();
    this.#socket.destroySoon();
  }

  /** Resets the connection (an RST on TCP; a UNIX socket is just closed). */
  #reset(): void {
    this.#closed = true;
    try {
      this.#socket.resetAndDestroy();
    } catch {
      this.#socket.destroy();
    }
  }

  /** Ends the connection now (the runtime stops). */
  destroy(): void {
    this.#closed = true;
    this.#socket.destroy();
  }
}
