/**
 * `cookie <name> [rewrite|insert|prefix] [indirect] [nocache] [postonly]
 * [preserve] [httponly] [secure] [domain <d>]* [maxidle <t>] [maxlife <t>]
 * [dynamic] [attr <v>]*` (configuration manual 4.2 "cookie").
 *
 * Rules checked as HAProxy 2.6 does [verified]: the three modes exclude each
 * other (repeating one is fine); `rewrite` excludes `indirect`; `preserve`
 * needs `insert` or `indirect`; maxidle / maxlife are times whose default
 * unit is the second; `attr` refuses control characters and ';'; a domain
 * with no dot at all gets a warning (RFC 6265 5.2.3). With no mode the
 * cookie is only read ('passive'). `dynamic` cookies are not supported.
 */
import type { Draft } from '../draft.js';
import type { Cookie } from '../model/cookie.js';
import { didYouMean } from '../suggest.js';
import type { ProxyContext } from './context.js';
import { endsAtEmptyWord } from './option-values.js';
import type { ProxyKeyword } from './registry.js';

type Mode = 'insert' | 'rewrite' | 'prefix';

const OPTIONS = ['rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly', 'preserve', 'httponly', 'secure', 'domain', 'maxidle', 'maxlife', 'dynamic', 'attr'];

/** HAProxy's limit for these timers: 2^31-1 seconds (~68 years). */
const MAX_SECONDS = 2147483647;

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time whose default unit is the second, in ms. */
function seconds(ctx: ProxyContext, option: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') {
    return ctx.error('TSLB_ERR_CFG_ARGS', `'${option}' expects <${option === 'maxidle' ? 'idletime' : 'lifetime'}> in seconds as argument`);
  }
  const m = /^(\d+)(.*)$/.exec(text);
  const unit = m === null ? undefined : m[2] === '' ? 1000 : UNIT_MS[m[2] as string];
  if (m === null || unit === undefined) {
    const bad = m === null ? text[0] : (m[2] as string).replace(/^(us|ms|s|m|h|d)/, '')[0] ?? (m[2] as string)[0];
    return ctx.error('TSLB_ERR_CFG_TIME', `unexpected character '${bad}' in argument to <${option}> (units: us, ms, s, m, h, d; default s)`);
  }
  const ms = Math.floor(Number(m[1]) * unit);
  if (ms / 1000 > MAX_SECONDS) {
    return ctx.error('TSLB_ERR_CFG_TIME', `timer overflow in argument <${text}> to <${option}>, maximum value is ${MAX_SECONDS} s (~68 years)`);
  }
  return ms;
}

/** Cookie attribute values: no control characters and no ';' (RFC 6265 4.1.1). */
function badAttrChar(value: string): string | undefined {
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || ch === ';') return `%x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return undefined;
}

export function parseCookie(ctx: ProxyContext, args: readonly string[]): Draft<Cookie> | undefined {
  const name = args[0];
  if (name === undefined || name === '') return ctx.error('TSLB_ERR_CFG_ARGS', "'cookie' expects <cookie_name> as argument");
  const cookie: Draft<Cookie> = {
    name,
    mode: 'passive',
    indirect: false,
    nocache: false,
    postonly: false,
    preserve: false,
    httponly: false,
    secure: false,
    domains: [],
    maxidle: 0,
    maxlife: 0,
    attrs: [],
  };
  const modes = new Set<Mode>();
  for (let i = 1; i < args.length; i++) {
    if (endsAtEmptyWord(ctx, args, i)) break;
    const word = args[i] as string;
    const value = args[i + 1];
    switch (word) {
      case 'insert':
      case 'rewrite':
      case 'prefix':
        modes.add(word);
        cookie.mode = word;
        break;
      case 'indirect':
      case 'nocache':
      case 'postonly':
      case 'preserve':
      case 'httponly':
      case 'secure':
        cookie[word] = true;
        break;
      case 'dynamic':
        // Cookies derived from the server address and dynamic-cookie-key.
        ctx.error('TSLB_ERR_CFG_UNSUPPORTED', "'dynamic' cookies are not supported by tslb");
        break;
      case 'domain': {
        if (value === undefined || value === '') return ctx.error('TSLB_ERR_CFG_ARGS', "'domain' expects <domain> as argument");
        if (!value.startsWith('.') && !value.slice(1).includes('.')) {
          ctx.warn('TSLB_WRN_CFG_COOKIE', `domain '${value}' contains no embedded dot, this configuration may not work properly (see RFC 6265 5.2.3)`);
        }
        cookie.domains.push(value);
        i++;
        break;
      }
      case 'maxidle':
      case 'maxlife': {
        const ms = seconds(ctx, word, value);
        if (ms === undefined) return undefined;
        cookie[word] = ms;
        i++;
        break;
      }
      case 'attr': {
        if (value === undefined || value === '') return ctx.error('TSLB_ERR_CFG_ARGS', "'attr' expects <value> as argument");
        const bad = badAttrChar(value);
        if (bad !== undefined) return ctx.error('TSLB_ERR_CFG_ARGS', `character '${bad}' is not permitted in attribute value`);
        cookie.attrs.push(value);
        i++;
        break;
      }
      default:
        return ctx.error(
          'TSLB_ERR_CFG_UNKNOWN_KEYWORD',
          `unknown cookie option '${word}'; 'cookie' supports ${OPTIONS.map((o) => `'${o}'`).join(', ')}`,
          didYouMean(word, OPTIONS),
        );
    }
  }
  if (ctx.failed) return undefined;
  if (modes.size > 1) return ctx.error('TSLB_ERR_CFG_ARGS', "cookie 'rewrite', 'insert' and 'prefix' modes are incompatible");
  if (cookie.mode === 'rewrite' && cookie.indirect) return ctx.error('TSLB_ERR_CFG_ARGS', "cookie 'rewrite' and 'indirect' modes are incompatible");
  if (cookie.preserve && cookie.mode !== 'insert' && !cookie.indirect) {
    return ctx.error('TSLB_ERR_CFG_ARGS', "cookie 'preserve' requires at least 'insert' or 'indirect'");
  }
  return cookie;
}

/** One persistence cookie per backend: a later `cookie` line replaces the inherited or earlier one. */
const cookie: ProxyKeyword = {
  name: 'cookie',
  parse(ctx, args) {
    const parsed = parseCookie(ctx, args);
    if (parsed) ctx.proxy.cookie = parsed;
  },
};

export const cookieKeywords: readonly ProxyKeyword[] = [cookie];
