/**
 * `balance`, `hash-type` and `hash-balance-factor` (configuration manual 4.2).
 *
 *   balance <algorithm> [<arguments>]
 *   hash-type <map-based|consistent> [sdbm|djb2|wt6|crc32] [avalanche]
 *   hash-balance-factor <factor>
 *
 * Quirks kept from HAProxy 2.6 [verified]: `balance` alone selects
 * roundrobin; words after an algorithm that takes no argument are ignored
 * (`balance source x`, `rdp-cookie foo`); `url_param ... check_post` accepts
 * and ignores an old <max_wait> value and anything after it.
 */
import type { Draft } from '../draft.js';
import type { Balance, HashFunction, HashType } from '../model/balance.js';
import type { ProxyContext } from './context.js';
import type { ProxyKeyword } from './registry.js';
import { didYouMean } from '../suggest.js';
import { atolValue, endsAtEmptyWord } from './option-values.js';
import { checkSample } from './sample.js';
import { stepMask } from './sample-types.js';

const ALGORITHMS = ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr(<name>)', 'random', 'rdp-cookie', 'hash'];

/** An unknown word where a keyword is expected: reported with the closest known one. */
function unknown(ctx: ProxyContext, message: string, word: string, known: readonly string[]): undefined {
  return ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', message, didYouMean(word, known));
}

/** Algorithms without arguments: the name is the whole model. */
const PLAIN = new Set(['roundrobin', 'static-rr', 'leastconn', 'first', 'source']);

/** `uri [whole] [len <n>] [depth <n>] [path-only]`, in any order. */
function parseUri(ctx: ProxyContext, args: readonly string[]): Balance | undefined {
  const out = { kind: 'uri' as const, whole: false, pathOnly: false, len: 0, depth: 0 };
  for (let i = 0; i < args.length; i++) {
    if (endsAtEmptyWord(ctx, args, i)) break;
    const word = args[i] as string;
    if (word === 'whole') out.whole = true;
    else if (word === 'path-only') out.pathOnly = true;
    else if (word === 'len' || word === 'depth') {
      const text = args[i + 1] ?? '';
      if (!/^\d+$/.test(text) || Number(text) === 0) {
        return ctx.error('TSLB_ERR_CFG_NUMBER', `balance uri : '${word}' expects a positive integer (got '${text}')`);
      }
      out[word] = Number(text);
      i++;
    } else {
      return unknown(ctx, `balance uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got '${word}')`, word, ['len', 'depth', 'path-only', 'whole']);
    }
  }
  return out;
}

function parseUrlParam(ctx: ProxyContext, args: readonly string[]): Balance | undefined {
  const param = args[0];
  if (param === undefined || param === '') return ctx.error('TSLB_ERR_CFG_ARGS', 'balance url_param requires an URL parameter name');
  const modifier = args[1];
  if (modifier !== undefined && modifier !== 'check_post') {
    return unknown(ctx, `balance url_param only accepts 'check_post' modifier (got '${modifier}')`, modifier, ['check_post']);
  }
  return { kind: 'url_param', param, checkPost: modifier === 'check_post' };
}

/** `name(arg)` → arg, '' for `name()`, undefined when the parenthesis is not closed. */
function parenArg(word: string, name: string): string | undefined {
  if (word === name) return '';
  if (!word.startsWith(`${name}(`) || !word.endsWith(')')) return undefined;
  return word.slice(name.length + 1, -1);
}

function parseHdr(ctx: ProxyContext, word: string, args: readonly string[]): Balance | undefined {
  const header = parenArg(word, 'hdr');
  if (header === undefined || header === '') return ctx.error('TSLB_ERR_CFG_ARGS', 'balance hdr requires an http header field name');
  const modifier = args[0];
  if (modifier !== undefined && modifier !== 'use_domain_only') {
    return unknown(ctx, `balance ${word} only accepts 'use_domain_only' modifier (got '${modifier}')`, modifier, ['use_domain_only']);
  }
  return { kind: 'hdr', header, useDomainOnly: modifier === 'use_domain_only' };
}

function parseRandom(ctx: ProxyContext, word: string): Balance | undefined {
  if (word === 'random' || word === 'random()') return { kind: 'random', draws: 2 };
  if (!word.endsWith(')')) return ctx.error('TSLB_ERR_CFG_ARGS', 'balance random : missing closing parenthesis');
  const text = word.slice('random('.length, -1);
  const m = /^-?\d+/.exec(text);
  const rest = text.slice(m?.[0].length ?? 0);
  if (rest !== '') return ctx.error('TSLB_ERR_CFG_ARGS', `balance random : unexpected character '${rest[0]}' after argument`);
  const draws = Number(m?.[0] ?? '0');
  if (draws < 1) return ctx.error('TSLB_ERR_CFG_NUMBER', 'balance random : number of draws must be at least 1');
  return { kind: 'random', draws };
}

function parseRdpCookie(ctx: ProxyContext, word: string): Balance | undefined {
  if (word === 'rdp-cookie') return { kind: 'rdp-cookie', cookie: 'mstshash' };
  const name = parenArg(word, 'rdp-cookie');
  if (name === undefined || name === '') return ctx.error('TSLB_ERR_CFG_ARGS', 'balance rdp-cookie : missing cookie name');
  return { kind: 'rdp-cookie', cookie: name };
}

function parseHash(ctx: ProxyContext, args: readonly string[]): Balance | undefined {
  const expr = args[0];
  if (expr === undefined || expr === '') return ctx.error('TSLB_ERR_CFG_ARGS', 'balance hash requires a sample expression');
  if (args.length > 1) return ctx.error('TSLB_ERR_CFG_ARGS', `balance hash takes no other argument (got '${args[1]}')`);
  // Evaluated when the server is chosen, like use-server and stick match.
  if (checkSample(ctx, expr, { steps: stepMask('backend use-server, balance or stick-match rule') }) === undefined) return undefined;
  return { kind: 'hash', expr };
}

/** The algorithm named by the first word, with its arguments. */
export function parseBalance(ctx: ProxyContext, args: readonly string[]): Balance | undefined {
  const word = args[0];
  if (word === undefined) return { kind: 'roundrobin' };
  const rest = args.slice(1);
  if (PLAIN.has(word)) return { kind: word as 'roundrobin' | 'static-rr' | 'leastconn' | 'first' | 'source' };
  if (word === 'uri') return parseUri(ctx, rest);
  if (word === 'url_param') return parseUrlParam(ctx, rest);
  if (word === 'hash') return parseHash(ctx, rest);
  if (word.startsWith('hdr(')) return parseHdr(ctx, word, rest);
  if (word === 'random' || word.startsWith('random(')) return parseRandom(ctx, word);
  if (word === 'rdp-cookie' || word.startsWith('rdp-cookie(')) return parseRdpCookie(ctx, word);
  return unknown(ctx, `unknown balance algorithm '${word}'; balance supports ${ALGORITHMS.map((a) => `'${a}'`).join(', ')}`, word, ALGORITHMS);
}

const balance: ProxyKeyword = {
  name: 'balance',
  parse(ctx, args) {
    const algo = parseBalance(ctx, args);
    if (algo) ctx.proxy.balance = algo as Draft<Balance>;
  },
};

const HASH_FUNCTIONS: readonly HashFunction[] = ['sdbm', 'djb2', 'wt6', 'crc32'];

/** `hash-type`: a consistent method without a function means sdbm + avalanche (manual 4.2). */
const hashType: ProxyKeyword = {
  name: 'hash-type',
  parse(ctx, args) {
    const method = args[0];
    if (method !== 'map-based' && method !== 'consistent') {
      if (method === undefined) ctx.usage("'<map-based|consistent> [<function>] [avalanche]'");
      else unknown(ctx, `'hash-type' only supports 'consistent' and 'map-based' (got '${method}')`, method, ['consistent', 'map-based']);
      return;
    }
    const fn = args[1];
    if (fn === undefined) {
      ctx.proxy.hashType = { method, function: 'sdbm', avalanche: method === 'consistent' };
      return;
    }
    if (!(HASH_FUNCTIONS as readonly string[]).includes(fn)) {
      unknown(ctx, `'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions (got '${fn}')`, fn, HASH_FUNCTIONS);
      return;
    }
    const modifier = args[2];
    if (modifier !== undefined && modifier !== 'avalanche') {
      unknown(ctx, `'hash-type' only supports 'avalanche' as a modifier for hash functions (got '${modifier}')`, modifier, ['avalanche']);
      return;
    }
    const value: Draft<HashType> = { method, function: fn as HashFunction, avalanche: modifier === 'avalanche' };
    ctx.proxy.hashType = value;
  },
};

/** `hash-balance-factor <pct>`: 0 (off) or above 100, read with atol (manual 4.2). */
const hashBalanceFactor: ProxyKeyword = {
  name: 'hash-balance-factor',
  parse(ctx, args) {
    const text = args[0];
    if (text === undefined || text === '') {
      ctx.error('TSLB_ERR_CFG_ARGS', "'hash-balance-factor' expects an integer argument");
      return;
    }
    const value = atolValue(ctx, '', 'hash-balance-factor', text, 0, Number.MAX_SAFE_INTEGER, () => "'hash-balance-factor' must be 0 or greater than 100");
    if (value === undefined) return;
    if (value !== 0 && value <= 100) {
      ctx.error('TSLB_ERR_CFG_NUMBER', `'hash-balance-factor' must be 0 or greater than 100, got ${value}`);
      return;
    }
    ctx.proxy.hashBalanceFactor = value;
  },
};

export const balanceKeywords: readonly ProxyKeyword[] = [balance, hashType, hashBalanceFactor];
