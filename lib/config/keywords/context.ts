/**
 * What a keyword handler receives: where the statement is, how to report
 * problems, and argument parsers that report their own errors (returning
 * undefined, so the handler just stops).
 */
import type { Code } from '../../errors.js';
import type { Diagnostics, Place, SectionRef } from '../diagnostics.js';
import type { Draft } from '../draft.js';
import type { Global } from '../model/global.js';
import type { Proxy } from '../model/proxy.js';
import { isAbsolute, join } from 'node:path';
import { atol, parseInteger, parseSize, parseTime } from '../units.js';

/** `no` / `default` prefixes (configuration manual 4.1). */
export type Modifier = 'none' | 'no' | 'default';

export class KeywordContext {
  readonly place: Place;
  readonly section: SectionRef;
  /** The keyword as matched, e.g. 'timeout client' or 'server'. */
  readonly keyword: string;
  readonly modifier: Modifier;
  readonly vars: (name: string) => string | undefined;
  readonly #diags: Diagnostics;
  #failed = false;

  constructor(init: {
    place: Place;
    section: SectionRef;
    keyword: string;
    modifier: Modifier;
    vars: (name: string) => string | undefined;
    diags: Diagnostics;
  }) {
    this.place = init.place;
    this.section = init.section;
    this.keyword = init.keyword;
    this.modifier = init.modifier;
    this.vars = init.vars;
    this.#diags = init.diags;
  }

  /** True once an error was reported for this statement. */
  get failed(): boolean {
    return this.#failed;
  }

  error(code: Code, message: string, hint?: string): undefined {
    this.#failed = true;
    this.#diags.report(code, { message, place: this.place, section: this.section, keyword: this.keyword, hint });
    return undefined;
  }

  warn(code: Code, message: string, hint?: string): void {
    this.#diags.report(code, { message, place: this.place, section: this.section, keyword: this.keyword, hint });
  }

  /** Reports a missing or malformed argument list. */
  usage(syntax: string, detail?: string): undefined {
    return this.error('TSLB_ERR_CFG_ARGS', `${detail ? `${detail}; ` : ''}'${this.keyword}' expects ${syntax}`);
  }

  /** Requires `args` to have between min and max entries. */
  arity(args: readonly string[], min: number, max: number, syntax: string): boolean {
    if (args.length < min) {
      this.usage(syntax, 'missing argument');
      return false;
    }
    if (args.length > max) {
      this.usage(syntax, `unexpected argument '${args[max]}'`);
      return false;
    }
    return true;
  }

  time(text: string | undefined, name = this.keyword): number | undefined {
    if (text === undefined) return this.usage('a time value (e.g. 5s)');
    const r = parseTime(text, name);
    return r.ok ? r.value : this.error('TSLB_ERR_CFG_TIME', r.message);
  }

  size(text: string | undefined, name = this.keyword): number | undefined {
    if (text === undefined) return this.usage('a size value (e.g. 16k)');
    const r = parseSize(text, name);
    return r.ok ? r.value : this.error('TSLB_ERR_CFG_SIZE', r.message);
  }

  /** A strict integer in [min, max]. */
  int(text: string | undefined, min: number, max: number, name = this.keyword): number | undefined {
    if (text === undefined) return this.usage(`an integer between ${min} and ${max}`);
    const r = parseInteger(text, name, min, max);
    return r.ok ? r.value : this.error('TSLB_ERR_CFG_NUMBER', r.message);
  }

  /**
   * An integer read like HAProxy's atol() ('3x' is 3, 'abc' is 0), with a
   * warning when something was ignored, then checked against [min, max].
   */
  lenientInt(text: string | undefined, min: number, max: number, name = this.keyword): number | undefined {
    if (text === undefined) return this.usage(`an integer between ${min} and ${max}`);
    const { value, exact } = atol(text);
    if (value < min || value > max) {
      return this.error('TSLB_ERR_CFG_NUMBER', `'${name}' expects a value between ${min} and ${max}, got '${text}'`);
    }
    if (!exact) this.warn('TSLB_WRN_CFG_NUMBER', `'${name}' reads '${text}' as ${value}, as HAProxy does`);
    return value;
  }
}

/** Context of a keyword inside defaults / frontend / backend / listen. */
export class ProxyContext extends KeywordContext {
  readonly proxy: Draft<Proxy>;
  /** The built-in settings, for `default option x`. */
  readonly builtin: Readonly<Proxy>;
  /** The global section as read so far (HAProxy reads crt-base / ca-base at parse time too). */
  readonly global: Readonly<Draft<Global>> | undefined;
  constructor(
    init: ConstructorParameters<typeof KeywordContext>[0] & { proxy: Draft<Proxy>; builtin: Readonly<Proxy>; global?: Readonly<Draft<Global>> | undefined },
  ) {
    super(init);
    this.proxy = init.proxy;
    this.builtin = init.builtin;
    this.global = init.global;
  }

  /** A relative certificate (`crt`) or CA (`ca`) path, under global crt-base / ca-base when set (manual 3.1). */
  tlsPath(kind: 'crt' | 'ca', path: string): string {
    const base = kind === 'crt' ? this.global?.crtBase : this.global?.caBase;
    return base === undefined || path === '' || isAbsolute(path) ? path : join(base, path);
  }
}

/** Context of a keyword inside `global`. */
export class GlobalContext extends KeywordContext {
  readonly global: Draft<Global>;
  /** setenv / presetenv / unsetenv / resetenv change the variables later lines see. */
  readonly env: Map<string, string>;
  constructor(init: ConstructorParameters<typeof KeywordContext>[0] & { global: Draft<Global>; env: Map<string, string> }) {
    super(init);
    this.global = init.global;
    this.env = init.env;
  }
}
