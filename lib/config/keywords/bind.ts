/**
 * `bind <address>[,<address>...] [param*]` in frontends and listens
 * (configuration manual 4.2 "bind", 5.1 "Bind options", 11 "Address
 * formats"). A line gives one Bind per socket (comma lists and port ranges
 * expanded), all sharing the line's options.
 *
 * Options HAProxy 2.6 knows but tslb does not implement are refused as not
 * supported (their argument words skipped, so the next option is read
 * correctly); unknown words get a did-you-mean hint. As with `haproxy -c`,
 * TLS material is loaded now: `crt`, `crt-list` and `ca-file` must name
 * readable certificates, and an `ssl` line needs one (checks listed in
 * finishSsl()).
 */
import { parseBindAddresses } from '../address.js';
import { expandAddressEnv } from '../lexer.js';
import type { Draft } from '../draft.js';
import type { Bind, BindAddress, BindSsl, TlsVersion } from '../model/bind.js';
import { didYouMean } from '../suggest.js';
import { TLS_VERSIONS, checkCaFile, checkCertificate, checkCipherList, checkCipherSuites, checkCrtList, parseAlpn } from '../tls-files.js';
import type { ProxyContext } from './context.js';
import { BIND_OPTIONS, findBindOption } from './haproxy-catalogue.js';
import { atolValue, endsAtEmptyWord, oneOf, requiredWord, strictInt, valueAt } from './option-values.js';
import type { ProxyKeyword } from './registry.js';

/** Everything on the line except the address; copied into each Bind. */
type Options = Omit<Draft<Bind>, 'place' | 'spec' | 'address' | 'ssl'>;

/** SSL settings gathered from the line; they only take effect with `ssl`. */
interface SslDraft {
  enabled: boolean;
  certificates: string[];
  /** Certificates found in crt files, directories and crt-lists. */
  loaded: number;
  /** A crt / crt-list failed to load (already reported). */
  failed: boolean;
  crtList?: string;
  alpn?: string[];
  ciphers?: string;
  ciphersuites?: string;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  caFile?: string;
  verify?: 'none' | 'optional' | 'required';
  strictSni: boolean;
}

interface LineState {
  readonly ctx: ProxyContext;
  /** "'bind :80' : " */
  readonly subject: string;
  readonly options: Options;
  readonly ssl: SslDraft;
  readonly sockets: number;
}

/** An implemented option: how many words it takes and what it does with them. */
interface BindOptionHandler {
  readonly args: 0 | 1;
  apply(state: LineState, value: string): void;
}

const flag = (key: 'acceptProxy' | 'v4v6' | 'v6only' | 'transparent' | 'deferAccept'): BindOptionHandler => ({
  args: 0,
  apply: (s) => {
    s.options[key] = true;
  },
});

const sslFlag = (apply: (ssl: SslDraft) => void): BindOptionHandler => ({ args: 0, apply: (s) => apply(s.ssl) });

function fileError(state: LineState, option: string, message: string): void {
  state.ctx.error('TSLB_ERR_CFG_FILE', `${state.subject}'${option}' : ${message}`);
}

function tlsVersion(state: LineState, option: string, value: string): TlsVersion | undefined {
  if ((TLS_VERSIONS as readonly string[]).includes(value)) return value as TlsVersion;
  return state.ctx.error('TSLB_ERR_CFG_ARGS', `${state.subject}'${option}' : '${value}' : unknown ssl/tls version (expected ${TLS_VERSIONS.join(', ')})`);
}

/** Unix socket ownership by id: atol() as HAProxy, never negative here. */
function unixId(key: 'unixUid' | 'unixGid', option: string): BindOptionHandler {
  return {
    args: 1,
    apply: (s, v) => {
      const n = atolValue(s.ctx, s.subject, option, v, 0, 2 ** 32 - 1);
      if (n !== undefined) s.options[key] = n;
    },
  };
}

/** The options tslb implements (manual 5.1), by name. */
const HANDLERS: Readonly<Record<string, BindOptionHandler>> = {
  name: {
    args: 1,
    apply: (s, v) => {
      const name = requiredWord(s.ctx, s.subject, 'name', v, '<name>');
      if (name !== undefined) s.options.name = name;
    },
  },
  id: {
    args: 1,
    apply: (s, v) => {
      const id = strictInt(s.ctx, s.subject, 'id', v);
      if (id === undefined) return;
      if (id <= 0) {
        s.ctx.error('TSLB_ERR_CFG_NUMBER', `${s.subject}'id' : custom id has to be > 0`);
        return;
      }
      if (s.sockets > 1) {
        s.ctx.error('TSLB_ERR_CFG_ARGS', `${s.subject}'id' can only be used with a single socket`);
        return;
      }
      const other = s.ctx.proxy.binds.find((b) => b.id === id);
      if (other !== undefined) {
        s.ctx.error('TSLB_ERR_CFG_DUPLICATE', `${s.subject}'id' : custom id ${id} already used at ${other.place.file}:${other.place.line} ('bind ${other.spec}')`);
        return;
      }
      s.options.id = id;
    },
  },
  'accept-proxy': flag('acceptProxy'),
  v4v6: flag('v4v6'),
  v6only: flag('v6only'),
  transparent: flag('transparent'),
  'defer-accept': flag('deferAccept'),
  maxconn: {
    args: 1,
    apply: (s, v) => {
      const n = atolValue(s.ctx, s.subject, 'maxconn', v, 0, 2 ** 31 - 1, (x) => `'maxconn' : invalid value ${x}, must be >= 0`);
      if (n !== undefined) s.options.maxconn = n;
    },
  },
  backlog: {
    args: 1,
    // 0 (or no digits) keeps the default backlog, as in HAProxy.
    apply: (s, v) => {
      const n = atolValue(s.ctx, s.subject, 'backlog', v, 0, 2 ** 31 - 1, (x) => `'backlog' : invalid value ${x}, must be >= 0`);
      if (n === 0) delete s.options.backlog;
      else if (n !== undefined) s.options.backlog = n;
    },
  },
  mode: {
    args: 1,
    apply: (s, v) => {
      if (!/^[0-7]+$/.test(v)) {
        s.ctx.error('TSLB_ERR_CFG_ARGS', `${s.subject}'mode' : missing or invalid mode '${v}' (octal integer expected)`);
        return;
      }
      // chmod() ignores bits above the permission bits; so does tslb.
      s.options.unixMode = parseInt(v, 8) & 0o7777;
    },
  },
  user: {
    args: 1,
    apply: (s, v) => {
      const user = requiredWord(s.ctx, s.subject, 'user', v, '<user>');
      if (user !== undefined) s.options.unixUser = user;
    },
  },
  group: {
    args: 1,
    apply: (s, v) => {
      const group = requiredWord(s.ctx, s.subject, 'group', v, '<group>');
      if (group !== undefined) s.options.unixGroup = group;
    },
  },
  uid: unixId('unixUid', 'uid'),
  gid: unixId('unixGid', 'gid'),
  interface: {
    args: 1,
    apply: (s, v) => {
      const name = requiredWord(s.ctx, s.subject, 'interface', v, 'an interface name');
      if (name !== undefined) s.options.interface = name;
    },
  },
  proto: {
    args: 1,
    apply: (s, v) => {
      // Only the HTTP multiplexers can be forced on a listener (fcgi is backend-only).
      const proto = oneOf(s.ctx, s.subject, 'proto', v, ['h1', 'h2'] as const);
      if (proto !== undefined) s.options.proto = proto;
    },
  },
  level: {
    args: 1,
    apply: (s, v) => {
      const level = oneOf(s.ctx, s.subject, 'level', v, ['user', 'operator', 'admin'] as const);
      if (level !== undefined) s.options.level = level;
    },
  },
  'expose-fd': {
    args: 1,
    apply: (s, v) => {
      if (oneOf(s.ctx, s.subject, 'expose-fd', v, ['listeners'] as const) !== undefined) s.options.exposeFdListeners = true;
    },
  },
  ssl: sslFlag((ssl) => {
    ssl.enabled = true;
  }),
  'strict-sni': sslFlag((ssl) => {
    ssl.strictSni = true;
  }),
  crt: {
    args: 1,
    apply: (s, v) => {
      if (requiredWord(s.ctx, s.subject, 'crt', v, 'a certificate file or directory') === undefined) {
        s.ssl.failed = true;
        return;
      }
      const path = s.ctx.tlsPath('crt', v);
      s.ssl.certificates.push(path);
      const r = checkCertificate(path);
      if ('error' in r) {
        s.ssl.failed = true;
        fileError(s, 'crt', r.error);
      } else s.ssl.loaded += r.count;
    },
  },
  'crt-list': {
    args: 1,
    apply: (s, v) => {
      if (requiredWord(s.ctx, s.subject, 'crt-list', v, 'a certificate list file') === undefined) {
        s.ssl.failed = true;
        return;
      }
      const path = s.ctx.tlsPath('crt', v);
      s.ssl.crtList = path;
      const r = checkCrtList(path);
      if ('error' in r) {
        s.ssl.failed = true;
        s.ctx.error('TSLB_ERR_CFG_FILE', `${s.subject}${r.error}`);
      } else s.ssl.loaded += r.count;
    },
  },
  'ca-file': {
    args: 1,
    apply: (s, v) => {
      if (requiredWord(s.ctx, s.subject, 'ca-file', v, 'a CA file') === undefined) return;
      const path = s.ctx.tlsPath('ca', v);
      s.ssl.caFile = path;
      const error = checkCaFile(path);
      if (error !== undefined) fileError(s, 'ca-file', error);
    },
  },
  alpn: {
    args: 1,
    apply: (s, v) => {
      const alpn = parseAlpn(v);
      if (typeof alpn === 'string') s.ctx.error('TSLB_ERR_CFG_ARGS', `${s.subject}'alpn' : ${alpn}`);
      else s.ssl.alpn = alpn;
    },
  },
  ciphers: {
    args: 1,
    apply: (s, v) => {
      if (requiredWord(s.ctx, s.subject, 'ciphers', v, 'a cipher list') !== undefined) s.ssl.ciphers = v;
    },
  },
  ciphersuites: {
    args: 1,
    apply: (s, v) => {
      if (requiredWord(s.ctx, s.subject, 'ciphersuites', v, 'a TLSv1.3 cipher suite list') !== undefined) s.ssl.ciphersuites = v;
    },
  },
  'ssl-min-ver': {
    args: 1,
    apply: (s, v) => {
      const version = tlsVersion(s, 'ssl-min-ver', v);
      if (version !== undefined) s.ssl.minVersion = version;
    },
  },
  'ssl-max-ver': {
    args: 1,
    apply: (s, v) => {
      const version = tlsVersion(s, 'ssl-max-ver', v);
      if (version !== undefined) s.ssl.maxVersion = version;
    },
  },
  verify: {
    args: 1,
    apply: (s, v) => {
      if (v === 'none' || v === 'optional' || v === 'required') s.ssl.verify = v;
      else s.ctx.error('TSLB_ERR_CFG_ARGS', `${s.subject}'verify' : unknown verify method '${v}', only 'none', 'optional', and 'required' are supported`);
    },
  },
};

/** Every option name HAProxy knows plus tslb's, for did-you-mean. */
const KNOWN_NAMES: readonly string[] = [...new Set([...BIND_OPTIONS.map((o) => o.name), ...Object.keys(HANDLERS)])];

/**
 * What HAProxy checks when it builds the TLS context of an `ssl` listener:
 * a certificate, a CA file when clients are verified, a non-empty version
 * range and usable cipher lists.
 */
function finishSsl(state: LineState, spec: string): Draft<BindSsl> | undefined {
  const ssl = state.ssl;
  if (!ssl.enabled) return undefined;
  const ctx = state.ctx;
  // An empty directory or crt-list counts as no certificate, as in HAProxy.
  if (ssl.loaded === 0 && !ssl.failed) {
    ctx.error('TSLB_ERR_CFG_ARGS', `no SSL certificate specified for bind '${spec}' (use 'crt')`);
  }
  if (ssl.verify !== undefined && ssl.verify !== 'none' && ssl.caFile === undefined) {
    ctx.error('TSLB_ERR_CFG_ARGS', `verify is enabled but no CA file specified for bind '${spec}'`);
  }
  const min = ssl.minVersion === undefined ? 0 : TLS_VERSIONS.indexOf(ssl.minVersion);
  const max = ssl.maxVersion === undefined ? TLS_VERSIONS.length - 1 : TLS_VERSIONS.indexOf(ssl.maxVersion);
  if (min > max) ctx.error('TSLB_ERR_CFG_ARGS', `all SSL/TLS versions are disabled for bind '${spec}'`);
  if (ssl.ciphers !== undefined) {
    const error = checkCipherList(ssl.ciphers);
    if (error !== undefined) ctx.error('TSLB_ERR_CFG_ARGS', `${error} for bind '${spec}'`);
  }
  if (ssl.ciphersuites !== undefined) {
    const error = checkCipherSuites(ssl.ciphersuites);
    if (error !== undefined) ctx.error('TSLB_ERR_CFG_ARGS', `${error} for bind '${spec}'`);
  }
  const out: Draft<BindSsl> = { certificates: ssl.certificates, strictSni: ssl.strictSni };
  if (ssl.crtList !== undefined) out.crtList = ssl.crtList;
  if (ssl.alpn !== undefined) out.alpn = ssl.alpn;
  if (ssl.ciphers !== undefined) out.ciphers = ssl.ciphers;
  if (ssl.ciphersuites !== undefined) out.ciphersuites = ssl.ciphersuites;
  if (ssl.minVersion !== undefined) out.minVersion = ssl.minVersion;
  if (ssl.maxVersion !== undefined) out.maxVersion = ssl.maxVersion;
  if (ssl.caFile !== undefined) out.caFile = ssl.caFile;
  if (ssl.verify !== undefined) out.verify = ssl.verify;
  return out;
}

/** Parses the options after the address, reporting every problem. */
function parseOptions(state: LineState, args: readonly string[]): void {
  const ctx = state.ctx;
  for (let i = 0; i < args.length; i++) {
    if (endsAtEmptyWord(ctx, args, i)) return;
    const word = args[i] as string;
    const handler = HANDLERS[word];
    if (handler !== undefined) {
      handler.apply(state, handler.args === 1 ? valueAt(args, i + 1) : '');
      i += handler.args;
      continue;
    }
    const known = findBindOption(word);
    if (known !== undefined) {
      ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `${state.subject}'${word}' is not supported by tslb`);
      i += known.args;
      continue;
    }
    ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `${state.subject}unknown keyword '${word}'`, didYouMean(word, KNOWN_NAMES));
    // The arity of an unknown word is unknown: stop rather than misread the rest.
    return;
  }
}

export function parseBind(ctx: ProxyContext, args: readonly string[]): Draft<Bind>[] | undefined {
  const word = args[0];
  if (word === undefined || word === '') {
    return ctx.usage("'{<path>|[<addr>]:<port>[-<end>]}[,...] [param*]'");
  }
  const addresses = parseBindAddresses(ctx, word);
  const spec = expandAddressEnv(word, ctx.vars);
  const state: LineState = {
    ctx,
    subject: `'bind ${spec}' : `,
    options: { acceptProxy: false, v4v6: false, v6only: false, transparent: false, deferAccept: false, exposeFdListeners: false },
    ssl: { enabled: false, certificates: [], loaded: 0, failed: false, strictSni: false },
    sockets: addresses?.length ?? 1,
  };
  parseOptions(state, args.slice(1));
  const ssl = finishSsl(state, spec);
  if (addresses === undefined || ctx.failed) return undefined;
  return addresses.map((address: BindAddress) => {
    const b: Draft<Bind> = { place: { ...ctx.place }, spec, address: { ...address }, ...structuredClone(state.options) };
    if (ssl !== undefined) b.ssl = structuredClone(ssl);
    return b;
  });
}

const bind: ProxyKeyword = {
  name: 'bind',
  parse(ctx, args) {
    const binds = parseBind(ctx, args);
    if (binds) ctx.proxy.binds.push(...binds);
  },
};

export const bindKeywords: readonly ProxyKeyword[] = [bind];

/** The bind options tslb implements (for the documentation). */
export function implementedBindOptions(): string[] {
  return Object.keys(HANDLERS);
}
