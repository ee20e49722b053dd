/**
 * Finds which HAProxy 2.6 keyword a statement starts with, using the
 * catalogue of everything HAProxy knows (haproxy-catalogue.ts). Multi-word
 * keywords ('option httplog', 'capture request header') win over their
 * first word, so the longest known prefix is taken.
 */
import { GLOBAL_KEYWORDS, PROXY_KEYWORDS, REMOVED_GLOBAL_KEYWORDS, REMOVED_PROXY_KEYWORDS, type RemovedKeyword } from './haproxy-catalogue.js';

export type ProxyKeywordEntry = (typeof PROXY_KEYWORDS)[number];

/** The longest prefix of `words` that names an entry, up to 3 words. */
function longest<T>(index: ReadonlyMap<string, T>, words: readonly string[]): { entry: T; name: string; words: number } | undefined {
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const name = words.slice(0, n).join(' ');
    const entry = index.get(name);
    if (entry !== undefined) return { entry, name, words: n };
  }
  return undefined;
}

let proxyIndex: ReadonlyMap<string, ProxyKeywordEntry> | undefined;
let globalIndex: ReadonlyMap<string, (typeof GLOBAL_KEYWORDS)[number]> | undefined;

function proxies(): ReadonlyMap<string, ProxyKeywordEntry> {
  return (proxyIndex ??= new Map(PROXY_KEYWORDS.map((k) => [k.name, k])));
}

function globals(): ReadonlyMap<string, (typeof GLOBAL_KEYWORDS)[number]> {
  return (globalIndex ??= new Map(GLOBAL_KEYWORDS.map((k) => [k.name, k])));
}

export function findProxyKeyword(words: readonly string[]): { entry: ProxyKeywordEntry; words: number } | undefined {
  const found = longest(proxies(), words);
  if (found) return found;
  // `http-check set-var(check.x) ...`: the sub-keyword carries its argument in
  // parentheses; the whole word stays the handler's first argument.
  const sub = words[1];
  const paren = sub?.indexOf('(') ?? -1;
  if (sub === undefined || paren <= 0) return undefined;
  const entry = proxies().get(`${words[0]} ${sub.slice(0, paren)}`);
  return entry && { entry, words: 1 };
}

export function findGlobalKeyword(words: readonly string[]): { name: string; words: number } | undefined {
  const found = longest(globals(), words);
  return found && { name: found.name, words: found.words };
}

let families: ReadonlyMap<string, readonly string[]> | undefined;

/** First words that only make sense followed by a sub-keyword ('option', 'timeout', 'stats' ...), with their sub-keywords. */
export function proxyFamilies(): ReadonlyMap<string, readonly string[]> {
  if (families) return families;
  const map = new Map<string, string[]>();
  const single = new Set<string>(PROXY_KEYWORDS.filter((k) => !k.name.includes(' ')).map((k) => k.name));
  for (const k of PROXY_KEYWORDS) {
    const [head, ...rest] = k.name.split(' ');
    if (rest.length === 0 || single.has(head as string)) continue;
    let subs = map.get(head as string);
    if (!subs) map.set(head as string, (subs = []));
    if (!subs.includes(rest[0] as string)) subs.push(rest[0] as string);
  }
  return (families = map);
}

/** Every first word a proxy statement may start with (for did-you-mean). */
export function proxyFirstWords(): readonly string[] {
  return [...new Set(PROXY_KEYWORDS.map((k) => k.name.split(' ')[0] as string))];
}

export function globalNames(): readonly string[] {
  return [...new Set(GLOBAL_KEYWORDS.map((k) => k.name.split(' ')[0] as string))];
}

let removedProxy: ReadonlyMap<string, RemovedKeyword> | undefined;
let removedGlobal: ReadonlyMap<string, RemovedKeyword> | undefined;

/** A keyword HAProxy 2.6 only recognises to refuse it (removed in an earlier release). */
export function findRemovedProxyKeyword(words: readonly string[]): RemovedKeyword | undefined {
  return longest((removedProxy ??= new Map(REMOVED_PROXY_KEYWORDS.map((k) => [k.name, k]))), words)?.entry;
}

export function findRemovedGlobalKeyword(words: readonly string[]): RemovedKeyword | undefined {
  return longest((removedGlobal ??= new Map(REMOVED_GLOBAL_KEYWORDS.map((k) => [k.name, k]))), words)?.entry;
}

/** The message for a removed keyword. */
export function removedMessage(k: RemovedKeyword): string {
  const since = k.since !== undefined ? ` since HAProxy ${k.since}` : '';
  const instead = k.replacement !== undefined ? `; use '${k.replacement}' instead` : '';
  return `'${k.name}' is not supported anymore${since}${instead}`;
}
