/**
 * Statements → drafts of every section. The parser tracks the current
 * section, resolves defaults inheritance, and hands each statement to the
 * keyword handler registered for it:
 *
 *   statement ─► section? ─yes─► close current, open new (defaults: copy)
 *                   │no
 *                   ▼
 *   'no'/'default' prefix ─► catalogue lookup (is it an HAProxy 2.6 keyword?)
 *      unknown ─► TSLB_ERR_CFG_UNKNOWN_KEYWORD + did-you-mean
 *      wrong section / capability ─► alert or warning, as HAProxy
 *      no tslb handler ─► ignored with a warning (tuning) or not supported
 *      handler ─► parse into the draft
 *
 * Nothing stops at the first problem: every statement is looked at.
 */
import type { Diagnostics, SectionRef } from './diagnostics.js';
import type { Draft } from './draft.js';
import type { Place } from './model/common.js';
import type { Global } from './model/global.js';
import type { Proxy, ProxyKind } from './model/proxy.js';
import type { HttpErrors, Resolvers, Userlist } from './model/sections.js';
import type { Statement } from './reader.js';
import { builtinGlobal, builtinProxy, inheritProxy } from './defaults.js';
import { deepFreeze } from './freeze.js';
import { hasRules } from './rule-sets.js';
import { didYouMean } from './suggest.js';
import { SECTION_KEYWORDS, UNSUPPORTED_SECTIONS, isValidName } from './sections.js';
import { GlobalContext, ProxyContext, type Modifier } from './keywords/context.js';
import { globalKeywords, proxyKeywords, sectionParsers, type SectionParser } from './keywords/index.js';
import {
  findGlobalKeyword,
  findProxyKeyword,
  findRemovedGlobalKeyword,
  findRemovedProxyKeyword,
  globalNames,
  proxyFamilies,
  proxyFirstWords,
  removedMessage,
} from './keywords/lookup.js';
import { IGNORED_GLOBAL, IGNORED_PROXY } from './keywords/policy.js';

export interface Parsed {
  readonly global: Draft<Global>;
  /** Every defaults section, in order. */
  readonly defaults: Draft<Proxy>[];
  /** frontend / backend / listen, in order. */
  readonly proxies: Draft<Proxy>[];
  readonly userlists: Draft<Userlist>[];
  readonly resolvers: Draft<Resolvers>[];
  readonly httpErrors: Draft<HttpErrors>[];
  /** Which defaults each proxy used, and how (for the mixed-use warning). */
  /** Every use of each defaults section by a proxy, in order, explicit (`from`) or implicit. */
  readonly defaultsUse: Map<Draft<Proxy>, { explicit: boolean; place: Place }[]>;
}

export interface ParseOptions {
  readonly env: Map<string, string>;
  readonly diags: Diagnostics;
}

/** HAProxy's built-in proxy settings, for `default option x` (shared, frozen). */
const BUILTIN = deepFreeze(builtinProxy('defaults', '', { file: '', line: 0 })) as Readonly<Proxy>;

/** The keywords that accept a `no` or `default` prefix (HAProxy's list). */
const MODIFIABLE = new Set(['option', 'log', 'busy-polling', 'set-dumpable', 'strict-limits', 'insecure-fork-wanted', 'numa-cpu-mapping']);

/** Proxy keywords HAProxy refuses (ALERT) rather than ignores when the proxy lacks the side they need. */
const REFUSED_WITHOUT_CAPABILITY = new Set(['server', 'default-server', 'server-template']);

type Current =
  | { readonly kind: 'none' }
  | { readonly kind: 'global'; readonly ref: SectionRef }
  | { readonly kind: 'proxy'; readonly ref: SectionRef; readonly proxy: Draft<Proxy> }
  | { readonly kind: 'other'; readonly ref: SectionRef; readonly parser: SectionParser }
  | { readonly kind: 'skipped'; readonly ref: SectionRef };

export class ConfigParser {
  readonly #env: Map<string, string>;
  readonly #diags: Diagnostics;
  readonly #vars: (name: string) => string | undefined;
  readonly #out: Parsed;
  #current: Current = { kind: 'none' };
  #lastDefaults: Draft<Proxy> | undefined;
  /** Which sides (frontend/backend) used each defaults section that defines rules. */
  readonly #ruleDefaultsUsers = new Map<Draft<Proxy>, Set<'frontend' | 'backend'>>();

  constructor(opts: ParseOptions) {
    this.#env = opts.env;
    this.#diags = opts.diags;
    this.#vars = (name) => this.#env.get(name);
    this.#out = {
      global: builtinGlobal(),
      defaults: [],
      proxies: [],
      userlists: [],
      resolvers: [],
      httpErrors: [],
      defaultsUse: new Map(),
    };
  }

  /** The variable lookup the reader must use, so that setenv takes effect. */
  get vars(): (name: string) => string | undefined {
    return this.#vars;
  }

  statement(stmt: Statement): void {
    const place = { file: stmt.file, line: stmt.line };
    const head = stmt.words[0] as string;
    if (stmt.firstOfFile) this.#closeSection();
    if (SECTION_KEYWORDS.has(head)) {
      this.#closeSection();
      this.#openSection(head, stmt.words.slice(1), place);
      return;
    }
    const current = this.#current;
    switch (current.kind) {
      case 'none':
        this.#diags.report('TSLB_ERR_CFG_OUT_OF_SECTION', {
          message: `unknown keyword '${head}' out of section`,
          place,
          keyword: head,
          hint: stmt.firstOfFile ? 'each file must start with a section keyword' : undefined,
        });
        return;
      case 'skipped':
        return;
      case 'global':
        this.#globalStatement(current.ref, stmt.words, place);
        return;
      case 'proxy':
        this.#proxyStatement(current.ref, current.proxy, stmt.words, place);
        return;
      case 'other':
        current.parser.statement(stmt.words, place);
        return;
      default: {
        const never: never = current;
        return never;
      }
    }
  }

  finish(): Parsed {
    this.#closeSection();
    return this.#out;
  }

  #closeSection(): void {
    if (this.#current.kind === 'other') this.#current.parser.end();
    this.#current = { kind: 'none' };
  }

  #openSection(kind: string, args: readonly string[], place: Place): void {
    const name = args[0];
    if (kind === 'global') {
      this.#current = { kind: 'global', ref: { kind } };
      if (args.length > 0) {
        this.#diags.report('TSLB_ERR_CFG_ARGS', { message: `'global' takes no argument, got '${args[0]}'`, place, keyword: kind });
      }
      return;
    }
    if ((UNSUPPORTED_SECTIONS as readonly string[]).includes(kind)) {
      this.#current = { kind: 'skipped', ref: { kind, name } };
      this.#diags.report('TSLB_ERR_CFG_UNSUPPORTED', {
        message: `'${kind}' section${name !== undefined ? ` '${name}'` : ''} is not supported by tslb`,
        place,
        keyword: kind,
      });
      return;
    }
    if (kind === 'defaults' || kind === 'frontend' || kind === 'backend' || kind === 'listen') {
      this.#openProxy(kind, args, place);
      return;
    }
    const factory = sectionParsers[kind as keyof typeof sectionParsers];
    const ref: SectionRef = { kind, name };
    if (name === undefined) {
      this.#diags.report('TSLB_ERR_CFG_NAME', { message: `missing name for '${kind}' section`, place, keyword: kind });
      this.#current = { kind: 'skipped', ref };
      return;
    }
    this.#current = {
      kind: 'other',
      ref,
      parser: factory({ name, args: args.slice(1), place, section: ref, diags: this.#diags, vars: this.#vars, out: this.#out }),
    };
  }

  #openProxy(kind: ProxyKind, args: readonly string[], place: Place): void {
    let name = '';
    let rest = args;
    if (args[0] !== undefined && args[0] !== 'from') {
      name = args[0];
      rest = args.slice(1);
    } else if (kind !== 'defaults') {
      this.#diags.report('TSLB_ERR_CFG_NAME', { message: `'${kind}' needs a name`, place, keyword: kind });
      this.#current = { kind: 'skipped', ref: { kind } };
      return;
    }
    const ref: SectionRef = { kind, name };
    if (name !== '' && !isValidName(name)) {
      this.#diags.report('TSLB_ERR_CFG_NAME', {
        message: `invalid name '${name}': only letters, digits, '-', '_', '.' and ':' are allowed`,
        place,
        section: ref,
      });
    }
    // A defaults section starts from the built-in settings unless it names
    // another one with `from`; other sections take the last defaults above.
    let base: Draft<Proxy> | undefined = kind === 'defaults' ? undefined : this.#lastDefaults;
    let explicit = false;
    if (rest[0] === 'from') {
      const fromName = rest[1];
      if (fromName === undefined || rest.length > 2) {
        this.#diags.report('TSLB_ERR_CFG_ARGS', { message: `'${kind}' expects '[<name>] [from <defaults>]'`, place, section: ref });
      } else {
        const found = this.#out.defaults.filter((d) => d.name === fromName);
        if (found.length === 0) {
          this.#diags.report('TSLB_ERR_CFG_UNKNOWN_DEFAULTS', {
            message: `defaults section '${fromName}' not found for ${kind} '${name}'`,
            place,
            section: ref,
            hint: didYouMean(fromName, this.#out.defaults.map((d) => d.name).filter((n) => n !== '')),
          });
        } else if (found.length > 1) {
          this.#diags.report('TSLB_ERR_CFG_DUPLICATE', {
            message: `defaults section '${fromName}' is referenced but its name is not unique (declared at ${found.map((d) => `${d.place.file}:${d.place.line}`).join(', ')})`,
            place,
            section: ref,
          });
        } else {
          base = found[0];
          explicit = true;
        }
      }
    } else if (rest.length > 0) {
      this.#diags.report('TSLB_ERR_CFG_ARGS', {
        message: `unexpected argument '${rest[0]}' after ${kind} name, expected 'from <defaults>'`,
        place,
        section: ref,
      });
    }
    if (kind !== 'defaults') this.#checkDuplicateProxy(kind, name, place, ref);
    if (kind !== 'defaults' && base !== undefined) this.#checkRuleDefaults(base, kind, place, ref);
    const proxy =
      base === undefined
        ? builtinProxy(kind, name, place)
        : inheritProxy(base, kind, name, place);
    if (base !== undefined && kind !== 'defaults') {
      let uses = this.#out.defaultsUse.get(base);
      if (!uses) this.#out.defaultsUse.set(base, (uses = []));
      uses.push({ explicit, place });
    }
    if (kind === 'defaults') {
      this.#out.defaults.push(proxy);
      this.#lastDefaults = proxy;
    } else {
      this.#out.proxies.push(proxy);
    }
    this.#current = { kind: 'proxy', ref, proxy };
  }

  /**
   * HAProxy 2.6 evaluates the TCP/HTTP rules of a named defaults section in
   * the proxies using it, which works for frontends or for backends, but not
   * for both at once, nor for a listen section.
   */
  #checkRuleDefaults(base: Draft<Proxy>, kind: Exclude<ProxyKind, 'defaults'>, place: Place, ref: SectionRef): void {
    if (!hasRules(base.rules)) return;
    const where = `defaults section at ${base.place.file}:${base.place.line}`;
    if (kind === 'listen') {
      this.#diags.report('TSLB_ERR_CFG_NOT_ALLOWED', { message: `a listen section cannot inherit from a defaults section defining TCP/HTTP rules (${where})`, place, section: ref });
      return;
    }
    let users = this.#ruleDefaultsUsers.get(base);
    if (!users) this.#ruleDefaultsUsers.set(base, (users = new Set()));
    users.add(kind);
    if (users.size > 1) {
      this.#diags.report('TSLB_ERR_CFG_NOT_ALLOWED', {
        message: `frontends and backends cannot inherit from the same defaults section if it defines TCP/HTTP rules (${where})`,
        place,
        section: ref,
      });
    }
  }

  #checkDuplicateProxy(kind: ProxyKind, name: string, place: Place, ref: SectionRef): void {
    const fe = kind !== 'backend';
    const be = kind !== 'frontend';
    for (const other of this.#out.proxies) {
      if (other.name !== name) continue;
      const ofe = other.kind !== 'backend';
      const obe = other.kind !== 'frontend';
      if ((fe && ofe) || (be && obe)) {
        this.#diags.report('TSLB_ERR_CFG_DUPLICATE', {
          message: `${kind} '${name}' has the same name as ${other.kind} '${name}' declared at ${other.place.file}:${other.place.line}`,
          place,
          section: ref,
        });
        return;
      }
    }
  }

  /** Splits the 'no' / 'default' prefix off a statement. */
  #modifier(words: readonly string[], place: Place, section: SectionRef): { modifier: Modifier; words: readonly string[] } | undefined {
    const head = words[0];
    if ((head !== 'no' && head !== 'default') || words.length < 2) return { modifier: 'none', words };
    const rest = words.slice(1);
    if (!MODIFIABLE.has(rest[0] as string)) {
      this.#diags.report('TSLB_ERR_CFG_MODIFIER', {
        message: `'${head}' prefix is only supported for options, log, busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping`,
        place,
        section,
        keyword: rest.join(' '),
      });
      return undefined;
    }
    return { modifier: head, words: rest };
  }

  #globalStatement(ref: SectionRef, allWords: readonly string[], place: Place): void {
    const m = this.#modifier(allWords, place, ref);
    if (!m) return;
    const words = m.words;
    const found = findGlobalKeyword(words);
    const removed = found ? undefined : findRemovedGlobalKeyword(words);
    if (removed) {
      this.#diags.report('TSLB_ERR_CFG_REMOVED', { message: removedMessage(removed), place, section: ref, keyword: removed.name });
      return;
    }
    if (!found) {
      this.#diags.report('TSLB_ERR_CFG_UNKNOWN_KEYWORD', {
        message: `unknown keyword '${words[0]}' in 'global' section`,
        place,
        section: ref,
        keyword: words[0],
        hint: didYouMean(words[0] as string, globalNames()),
      });
      return;
    }
    const ctx = new GlobalContext({
      place,
      section: ref,
      keyword: found.name,
      modifier: m.modifier,
      vars: this.#vars,
      diags: this.#diags,
      global: this.#out.global,
      env: this.#env,
    });
    const handler = globalKeywords.get(found.name);
    if (handler) {
      if (m.modifier !== 'none' && handler.negatable !== true) {
        ctx.error('TSLB_ERR_CFG_MODIFIER', `'${m.modifier} ${found.name}' is not supported: '${found.name}' cannot be negated`);
        return;
      }
      handler.parse(ctx, words.slice(found.words));
      return;
    }
    this.#notImplemented(ctx, found.name, IGNORED_GLOBAL);
  }

  #proxyStatement(ref: SectionRef, proxy: Draft<Proxy>, allWords: readonly string[], place: Place): void {
    const m = this.#modifier(allWords, place, ref);
    if (!m) return;
    const words = m.words;
    const found = findProxyKeyword(words);
    const kind = proxy.kind;
    const removed = found ? undefined : findRemovedProxyKeyword(words);
    if (removed) {
      this.#diags.report('TSLB_ERR_CFG_REMOVED', { message: removedMessage(removed), place, section: ref, keyword: removed.name });
      return;
    }
    if (!found) {
      const head = words[0] as string;
      const family = proxyFamilies().get(head);
      const sub = words[1];
      const message =
        family !== undefined
          ? sub === undefined
            ? `'${head}' expects one of ${family.map((f) => `'${f}'`).join(', ')}`
            : `unknown ${head === 'option' ? 'option' : `'${head}' keyword`} '${sub}'`
          : `unknown keyword '${head}' in '${kind}' section`;
      this.#diags.report('TSLB_ERR_CFG_UNKNOWN_KEYWORD', {
        message,
        place,
        section: ref,
        keyword: family !== undefined && sub !== undefined ? `${head} ${sub}` : head,
        hint: family !== undefined ? (sub !== undefined ? didYouMean(sub, family) : undefined) : didYouMean(head, proxyFirstWords()),
      });
      return;
    }
    const entry = found.entry;
    const ctx = new ProxyContext({
      place,
      section: ref,
      keyword: entry.name,
      modifier: m.modifier,
      vars: this.#vars,
      diags: this.#diags,
      proxy,
      builtin: BUILTIN,
      global: this.#out.global,
    });
    if (m.modifier !== 'none' && !entry.negatable) {
      ctx.error(
        'TSLB_ERR_CFG_MODIFIER',
        entry.name.startsWith('option ')
          ? `negation/default is not supported for option '${entry.name.slice(7)}'`
          : `'${m.modifier} ${entry.name}' is not supported`,
      );
      return;
    }
    // Is the keyword allowed in this kind of section (manual 4.1 matrix)?
    if (kind === 'defaults') {
      if (entry.defaults === 'no') {
        ctx.error('TSLB_ERR_CFG_NOT_ALLOWED', `'${entry.name}' not allowed in 'defaults' section`);
        return;
      }
      if (entry.defaults === 'named' && proxy.name === '') {
        ctx.error('TSLB_ERR_CFG_ANON_DEFAULTS_RULE', `'${entry.name}' not allowed in anonymous 'defaults' section`, 'name the defaults section');
        return;
      }
    } else if (!entry[kind]) {
      const missing = kind === 'frontend' ? 'backend' : 'frontend';
      const message = `'${entry.name}' ${REFUSED_WITHOUT_CAPABILITY.has(entry.name) ? 'not allowed' : 'ignored'} because ${kind} '${proxy.name}' has no ${missing} capability`;
      if (REFUSED_WITHOUT_CAPABILITY.has(entry.name)) ctx.error('TSLB_ERR_CFG_NOT_ALLOWED', message);
      else ctx.warn('TSLB_WRN_CFG_CAPABILITY', message);
      return;
    }
    const handler = proxyKeywords.get(entry.name);
    if (handler) {
      handler.parse(ctx, words.slice(found.words));
      if (!ctx.failed) proxy.places[entry.name] = { ...place };
      return;
    }
    this.#notImplemented(ctx, entry.name, IGNORED_PROXY);
  }

  /** A keyword HAProxy knows and tslb has no handler for: ignored (tuning) or refused. */
  #notImplemented(ctx: GlobalContext | ProxyContext, name: string, ignored: ReadonlyMap<string, string>): void {
    const reason = ignored.get(name);
    if (reason !== undefined) {
      ctx.warn('TSLB_WRN_CFG_IGNORED', `'${name}' is accepted and ignored by tslb: ${reason}`);
      return;
    }
    ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `'${name}' is not supported by tslb`);
  }
}
