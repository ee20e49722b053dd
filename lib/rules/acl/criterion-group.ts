/**
 * The criteria of one proxy's ACLs evaluated together. A frontend with
 * hundreds of ACLs mostly reads a few samples — the path, the Host header,
 * the client address — each against many pattern lists (40 `path_beg`,
 * 30 `hdr(host) -i` ...), and a request that matches none of its
 * `use_backend` rules asks every one of them. So:
 *
 *   - the criteria that read the same expression share its samples
 *     (SampleSource), fetched once per request state when the expression
 *     reads the request alone (CompiledFetch.reads, HttpRequestState.stamp),
 *     else on every call;
 *   - the criteria with the same key (expression, match method, flags:
 *     CompiledCriterion.key) form a group, which matches the samples the
 *     first time one of its criteria is asked about a request and keeps
 *     every answer while the samples stay the same: same request stamp,
 *     or, for other expressions, same request (or context) and equal
 *     values, fetched again to compare;
 *   - where the method has a combined form (compilePatternSets: str, beg,
 *     end, sub, dir, dom, reg, ip), one pass answers for every criterion
 *     of the group — one trie walk, one hash lookup; otherwise each
 *     criterion matches its own patterns when it is asked, once;
 *   - with a combined form, the answers for a sample value are also kept
 *     for the next requests, as HAProxy's pattern cache does (manual 3.2
 *     "tune.pattern.cache-size": the lookups slower than its trees, by
 *     sample value, 10,000 entries, least recently used out; here every
 *     combined form, since a trie walk or the hash of a new string costs
 *     more in JavaScript than finding the answer kept for the value last
 *     seen; up to CACHE_ENTRIES per group, all out when full; not for
 *     expressions whose values seldom come back, see WINDOW).
 *
 * A criterion's answer is the one compileCriterion() gives: any value of
 * the sample matching any of its patterns. Patterns are fixed once loaded
 * (tslb has no `add-acl` / `del-acl` nor Runtime API pattern updates):
 * whatever changes them must also empty the kept answers, as HAProxy does.
 */
import type { AclCriterion } from '../../config/model/common.js';
import type { SampleContext } from '../context.js';
import { compilePatternSets, type ListHits, type PatternSetsMatcher } from '../pattern/index.js';
import type { CompiledExpression } from '../sample/expression.js';
import type { Sample } from '../sample/sample.js';
import { prepareCriterion, type AclEnv, type CompiledCriterion } from './criterion.js';

const NONE: readonly Sample[] = [];
const NO_MEMBERS: readonly number[] = Object.freeze([]);

/**
 * Answers kept per group across requests, by sample value: emptied when
 * full (a Map emptied from its oldest entry one at a time slows down: its
 * iteration skips the deleted ones).
 */
const CACHE_ENTRIES = 1024;
/** Sample values numbered per expression (SampleSource.id), for the groups' caches; emptied when full as well. */
const IDS = 4096;
/**
 * Kept answers cost more on a miss than matching alone (a Map lookup and
 * insert by a new string): an expression whose values come back fewer than
 * once in 4 over WINDOW requests (paths with ids in them) stops numbering
 * them for PAUSE requests, then tries again.
 */
const WINDOW = 1024;
const PAUSE = 65_536;
/** Longer sample values are not kept (the key is the value). */
const CACHE_KEY_LENGTH = 256;

/** The same values (a repeated fetch gives new objects; binary values compare as different). */
function sameSamples(a: readonly Sample[], b: readonly Sample[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Sample;
    const y = b[i] as Sample;
    if (x !== y && (x.type !== y.type || x.value !== y.value)) return false;
  }
  return true;
}

/** The cache key of these samples: their text values, one per line; undefined when there are none, or not text, or long. */
function cacheKey(samples: readonly Sample[]): string | undefined {
  const first = samples[0];
  if (first === undefined || typeof first.value !== 'string') return undefined;
  if (samples.length === 1) return first.value.length <= CACHE_KEY_LENGTH ? first.value : undefined;
  if (first.value.includes('\n')) return undefined;
  let key = first.value;
  for (let i = 1; i < samples.length; i++) {
    const v = (samples[i] as Sample).value;
    if (typeof v !== 'string' || v.includes('\n')) return undefined;
    key += `\n${v}`;
    if (key.length > CACHE_KEY_LENGTH) return undefined;
  }
  return key;
}

/**
 * The samples of one expression, for every group that reads it (`path`
 * matched with beg, end, sub ...): fetched once per request state when the
 * expression reads the request alone, else on every call. Their values are
 * numbered, so that the groups' caches are keyed by a number: a Map lookup
 * by a string the parser just made costs hundreds of instructions, and a
 * request's Host header would be looked up by every group that reads it.
 */
class SampleSource {
  readonly expr: CompiledExpression;
  /** The expression reads the request alone: what was fetched holds while the request's stamp does. */
  readonly readsRequest: boolean;
  #stamp = 0;
  #samples: readonly Sample[] = NONE;
  /** Value (cacheKey) → number, emptied beyond IDS; numbers are never reused. */
  readonly #ids = new Map<string, number>();
  #nextId = 1;
  /** The last samples numbered (by request stamp, when read by stamp), their key and number (0: not cacheable). */
  #idStamp = 0;
  #idKey: string | undefined;
  #id = 0;
  /** Values numbered and values seen before in this WINDOW; requests left without numbers. */
  #numbered = 0;
  #again = 0;
  #pause = 0;

  constructor(expr: CompiledExpression) {
    this.expr = expr;
    this.readsRequest = expr.reads === 'request';
  }

  /**
   * The number of these samples' values (equal values, equal numbers), or
   * 0 when they are not kept (cacheKey, PAUSE). `stamp`: the request stamp
   * they were read for (read()), or 0.
   */
  id(samples: readonly Sample[], stamp: number): number {
    if (stamp !== 0 && stamp === this.#idStamp) return this.#id;
    this.#idStamp = stamp;
    const key = this.#pause > 0 ? undefined : cacheKey(samples);
    if (key === undefined) {
      if (this.#pause > 0) this.#pause--;
      this.#idKey = undefined;
      return (this.#id = 0);
    }
    this.#numbered++;
    if (key === this.#idKey) this.#again++;
    else {
      this.#idKey = key;
      let id = this.#ids.get(key);
      if (id === undefined) {
        if (this.#ids.size >= IDS) this.#ids.clear();
        id = this.#nextId++;
        this.#ids.set(key, id);
      } else {
        this.#again++;
      }
      this.#id = id;
    }
    if (this.#numbered === WINDOW) {
      if (this.#again * 4 < WINDOW) {
        this.#pause = PAUSE;
        this.#ids.clear();
      }
      this.#numbered = 0;
      this.#again = 0;
    }
    return this.#id;
  }

  read(ctx: SampleContext): readonly Sample[] {
    const req = ctx.req;
    if (!this.readsRequest || req === undefined) return this.expr.each(ctx);
    if (req.stamp !== this.#stamp) {
      this.#samples = this.expr.each(ctx);
      this.#stamp = req.stamp;
    }
    return this.#samples;
  }
}

/** The criteria of one key. */
export class CriterionGroup implements ListHits {
  readonly #members: CompiledCriterion[] = [];
  /** The first member: every member's expression reads the same sample, matched the same way. */
  readonly #first: CompiledCriterion;
  readonly #source: SampleSource;
  /**
   * Fetching the sample has no effect and its value cannot change while
   * conditions are evaluated without actions in between (CompiledFetch.reads):
   * the group may be evaluated before its turn (matched(), router.ts).
   */
  readonly eager: boolean;
  /** Every member's patterns in one matcher; undefined until built after the last add, null when the method has no combined form. */
  #sets: PatternSetsMatcher | null | undefined;
  /** With a combined matcher, the members each sample value (by SampleSource.id) matched, emptied beyond CACHE_ENTRIES. */
  #cache: Map<number, readonly number[]> | undefined;
  /** The last value looked up in the cache, and its answer. */
  #cachedId = 0;
  #cachedFound: readonly number[] = NO_MEMBERS;
  /** Per member: the epoch at which it was found to match. */
  #marks = new Uint32Array(4);
  /** Without a combined matcher, per member: the epoch at which it was matched against the samples. */
  #asked = new Uint32Array(4);
  /** Counts the samples matched: the marks of the current epoch are about the current samples. */
  #epoch = 0;
  /**
   * What the current samples were fetched for: a request stamp (numbers:
   * storing one costs no write barrier), or else the request or context
   * and the samples themselves, to compare.
   */
  #stamp = 0;
  #owner: object | undefined;
  #samples: readonly Sample[] = NONE;
  /** The members found to match the current samples: all of them once #complete (at once, with a combined matcher). */
  #found: readonly number[] = NO_MEMBERS;
  #complete = false;

  constructor(first: CompiledCriterion, source: SampleSource) {
    this.#first = first;
    this.#source = source;
    this.eager = source.expr.reads !== undefined;
  }

  /** Adds a member; its index. */
  add(c: CompiledCriterion): number {
    const i = this.#members.push(c) - 1;
    if (i >= this.#marks.length) {
      const marks = new Uint32Array(this.#marks.length * 2);
      marks.set(this.#marks);
      this.#marks = marks;
      const asked = new Uint32Array(this.#asked.length * 2);
      asked.set(this.#asked);
      this.#asked = asked;
    }
    this.#sets = undefined;
    this.#cache = undefined;
    this.#cachedId = 0;
    this.#stamp = 0;
    this.#owner = undefined;
    return i;
  }

  /** Whether member `i` matches the sample of `ctx`. */
  test(ctx: SampleContext, i: number): boolean {
    this.#refresh(ctx);
    if (this.#sets === null && this.#asked[i] !== this.#epoch) this.#match(i);
    return this.#marks[i] === this.#epoch;
  }

  /** The members that match the sample of `ctx`, every member matched (for eager groups: see `eager`). */
  matched(ctx: SampleContext): readonly number[] {
    this.#refresh(ctx);
    if (!this.#complete) {
      for (let i = 0; i < this.#members.length; i++) if (this.#asked[i] !== this.#epoch) this.#match(i);
      this.#complete = true;
    }
    return this.#found;
  }

  /** ListHits: member `i` matches the current samples. */
  hit(i: number): void {
    if (this.#marks[i] === this.#epoch) return;
    this.#marks[i] = this.#epoch;
    if (this.#found === NO_MEMBERS) this.#found = [i];
    else (this.#found as number[]).push(i);
  }

  /** ListHits: whether member `i` was found to match the current samples. */
  has(i: number): boolean {
    return this.#marks[i] === this.#epoch;
  }

  /** Matches the samples again when the request (or their values) may have changed since. */
  #refresh(ctx: SampleContext): void {
    const req = ctx.req;
    if (req !== undefined && this.#source.readsRequest) {
      if (req.stamp !== this.#stamp) {
        this.#stamp = req.stamp;
        this.#renew(this.#source.read(ctx));
      }
      return;
    }
    const samples = this.#source.read(ctx);
    const owner = req ?? ctx;
    if (this.#stamp === 0 && owner === this.#owner && sameSamples(samples, this.#samples)) return;
    this.#stamp = 0;
    this.#owner = owner;
    this.#renew(samples);
  }

  /** Matches member `i` alone against the current samples. */
  #match(i: number): void {
    const m = (this.#members[i] as CompiledCriterion).matcher;
    this.#asked[i] = this.#epoch;
    for (const s of this.#samples) {
      if (m.match(s)) {
        this.hit(i);
        return;
      }
    }
  }

  /** New samples: with a combined matcher, finds every member they match (or what the cache kept). */
  #renew(samples: readonly Sample[]): void {
    if (this.#sets === undefined) {
      this.#sets = compilePatternSets(this.#first.method, this.#members.map((m) => m.entries), this.#first.opts) ?? null;
      this.#cache = this.#sets !== null ? new Map() : undefined;
    }
    // Kept a small integer (0x3fffffff is V8's largest on 64-bit), restarting from 1 with the marks cleared.
    if (++this.#epoch === 0x3fffffff) {
      this.#marks.fill(0);
      this.#asked.fill(0);
      this.#epoch = 1;
    }
    this.#found = NO_MEMBERS;
    const sets = this.#sets;
    // Kept for matching members one by one, or for comparing (not otherwise: a store costs a write barrier).
    if (sets === null || this.#stamp === 0) this.#samples = samples;
    this.#complete = sets !== null;
    if (sets === null) return;
    const cache = this.#cache;
    const id = cache === undefined ? 0 : this.#source.id(samples, this.#stamp);
    if (id !== 0) {
      const known = id === this.#cachedId ? this.#cachedFound : (cache as Map<number, readonly number[]>).get(id);
      if (known !== undefined) {
        for (let k = 0; k < known.length; k++) this.#marks[known[k] as number] = this.#epoch;
        this.#found = known;
        this.#cachedId = id;
        this.#cachedFound = known;
        return;
      }
    }
    for (let k = 0; k < samples.length; k++) sets.mark(samples[k] as Sample, this);
    if (id !== 0) {
      const c = cache as Map<number, readonly number[]>;
      if (c.size >= CACHE_ENTRIES) c.clear();
      const found = Object.freeze(this.#found);
      c.set(id, found);
      this.#cachedId = id;
      this.#cachedFound = found;
    }
  }
}

/** One criterion: `group.test(ctx, index)`. */
export interface CriterionRef {
  readonly group: CriterionGroup;
  readonly index: number;
}

/** The groups of one proxy (one AclSet). */
export class CriterionGroups {
  readonly #env: AclEnv;
  readonly #groups = new Map<string, CriterionGroup>();
  readonly #sources = new Map<string, SampleSource>();

  constructor(env: AclEnv) {
    this.#env = env;
  }

  /** A criterion, added to its group; throws ExpressionError or PatternError as prepareCriterion. */
  add(c: AclCriterion): CriterionRef {
    const compiled = prepareCriterion(c, this.#env);
    let group = this.#groups.get(compiled.key);
    if (!group) {
      let source = this.#sources.get(compiled.sampleKey);
      if (!source) this.#sources.set(compiled.sampleKey, (source = new SampleSource(compiled.expr)));
      this.#groups.set(compiled.key, (group = new CriterionGroup(compiled, source)));
    }
    return { group, index: group.add(compiled) };
  }
}
