/**
 * Evaluates the expression of an `.if` / `.elif` directive (HAProxy
 * configuration manual, section 2.4):
 *
 *   expr := and ( '||' and )*          AND binds tighter than OR
 *   and  := term ( '&&' term )*
 *   term := '!' term | '(' expr ')' | <integer> | <predicate> '(' <args> ')'
 *
 * An empty expression is false; 0 is false and any other integer is true.
 * Predicates: defined(), feature(), streq(), strneq(), version_atleast(),
 * version_before(). Arguments are split on commas, with single or double
 * quotes protecting commas and parentheses.
 */
import { FEATURES, HAPROXY_VERSION, compareVersions, parseVersion } from '../version.js';

export interface ConditionEnv {
  readonly vars: (name: string) => string | undefined;
}

export class ConditionError extends Error {
  /** 0-based position in the expression text. */
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'ConditionError';
    this.position = position;
  }
}

type Predicate = (args: string[], env: ConditionEnv, at: number) => boolean;

function arity(name: string, args: string[], n: number, at: number): void {
  if (args.length !== n) {
    throw new ConditionError(`'${name}' expects ${n} argument${n > 1 ? 's' : ''}, got ${args.length}`, at);
  }
}

function versionArg(name: string, args: string[], at: number): number[] {
  arity(name, args, 1, at);
  const v = parseVersion(args[0] as string);
  if (!v) throw new ConditionError(`'${name}' has an invalid version '${args[0]}'`, at);
  return v;
}

const CURRENT = parseVersion(HAPROXY_VERSION) as number[];

const PREDICATES: Readonly<Record<string, Predicate>> = {
  defined: (args, env, at) => {
    arity('defined', args, 1, at);
    return env.vars(args[0] as string) !== undefined;
  },
  feature: (args, _env, at) => {
    arity('feature', args, 1, at);
    return FEATURES.has(args[0] as string);
  },
  streq: (args, _env, at) => {
    arity('streq', args, 2, at);
    return args[0] === args[1];
  },
  strneq: (args, _env, at) => {
    arity('strneq', args, 2, at);
    return args[0] !== args[1];
  },
  version_atleast: (args, _env, at) => compareVersions(CURRENT, versionArg('version_atleast', args, at)) >= 0,
  version_before: (args, _env, at) => compareVersions(CURRENT, versionArg('version_before', args, at)) < 0,
};

class Parser {
  readonly #text: string;
  readonly #env: ConditionEnv;
  #pos = 0;

  constructor(text: string, env: ConditionEnv) {
    this.#text = text;
    this.#env = env;
  }

  run(): boolean {
    this.#skip();
    if (this.#pos >= this.#text.length) return false;
    const value = this.#expr();
    this.#skip();
    if (this.#pos < this.#text.length) {
      throw new ConditionError(
        `unexpected character '${this.#text[this.#pos]}' at the end of conditional expression '${this.#text}'`,
        this.#pos,
      );
    }
    return value;
  }

  #skip(): void {
    while (this.#text[this.#pos] === ' ' || this.#text[this.#pos] === '\t') this.#pos++;
  }

  #eat(token: string): boolean {
    this.#skip();
    if (this.#text.startsWith(token, this.#pos)) {
      this.#pos += token.length;
      return true;
    }
    return false;
  }

  // Every operand is parsed even when the result is already known, so that
  // a syntax error anywhere in the expression is always reported.
  #expr(): boolean {
    let value = this.#and();
    while (this.#eat('||')) value = this.#and() || value;
    return value;
  }

  #and(): boolean {
    let value = this.#term();
    while (this.#eat('&&')) value = this.#term() && value;
    return value;
  }

  #term(): boolean {
    this.#skip();
    const start = this.#pos;
    if (this.#eat('!')) return !this.#term();
    if (this.#eat('(')) {
      const value = this.#expr();
      if (!this.#eat(')')) throw new ConditionError(`missing ')' in conditional expression '${this.#text}'`, this.#pos);
      return value;
    }
    const int = /^-?\d+/.exec(this.#text.slice(this.#pos));
    if (int) {
      this.#pos += int[0].length;
      return Number(int[0]) !== 0;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.#text.slice(this.#pos));
    const predicate = name ? PREDICATES[name[0]] : undefined;
    if (!name || !predicate || this.#text[this.#pos + name[0].length] !== '(') {
      throw new ConditionError(`unparsable conditional expression '${this.#text}'`, start);
    }
    this.#pos += name[0].length + 1;
    return predicate(this.#args(), this.#env, start);
  }

  /** Reads comma-separated arguments up to the closing parenthesis. */
  #args(): string[] {
    const args: string[] = [];
    let current = '';
    let quote = '';
    for (;;) {
      const c = this.#text[this.#pos];
      if (c === undefined) throw new ConditionError(`missing ')' in conditional expression '${this.#text}'`, this.#pos);
      this.#pos++;
      if (quote !== '') {
        if (c === quote) quote = '';
        else current += c;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '\\' && this.#text[this.#pos] !== undefined) {
        current += this.#text[this.#pos++];
      } else if (c === ',') {
        args.push(current);
        current = '';
      } else if (c === ')') {
        if (current !== '' || args.length > 0) args.push(current);
        return args;
      } else {
        current += c;
      }
    }
  }
}

/** Evaluates an .if/.elif expression; throws ConditionError when it is malformed. */
export function evaluateCondition(text: string, env: ConditionEnv): boolean {
  return new Parser(text, env).run();
}
