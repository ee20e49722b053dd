/**
 * Address arguments (configuration manual 11 "Address formats", 4.2 "bind",
 * 5.2 "server"), read the way HAProxy's address parser reads them:
 *
 *   word ─► "${VAR}" expanded (even unquoted) ─► [stream+] prefix@ ─┬─ unix path
 *                                                                   └─ host [: port]
 *
 * - the host/port separator is the last ':' unless a ']' comes after it, so
 *   `::1:80` is host `::1`, port 80, and `[::1]` has no port;
 * - ports are read like atoi() after a leading digit (`80x` is 80, with a
 *   warning here), `+N` / `-N` are offsets, `A-B` a range, and which of these
 *   a keyword accepts is its PortPolicy;
 * - a host is '' or '*' (any address), an IPv4/IPv6 literal (brackets
 *   optional for IPv6), a numeric form inet_aton() accepts (`1.2.3` is
 *   1.2.0.3), or a host name. HAProxy resolves host names while parsing; tslb
 *   checks their syntax here and leaves resolution to the loader or runtime.
 *
 * Every problem is reported through the context with TSLB_ERR_CFG_ADDRESS
 * (or TSLB_ERR_CFG_UNSUPPORTED for address families tslb does not serve),
 * with HAProxy's wording, and the functions return undefined.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { KeywordContext } from './keywords/context.js';
import { expandAddressEnv } from './lexer.js';
import type { BindAddress } from './model/bind.js';
import type { ServerAddress } from './model/server.js';

/** HAProxy's limit: sun_path (108) minus the NUL and room for ".<pid>.tmp" while rebinding. */
export const MAX_UNIX_PATH = 97;

type Family = 'any' | 'ipv4' | 'ipv6';

/** What a keyword accepts after the host (HAProxy's PA_O_PORT_* options). */
interface PortPolicy {
  readonly mandatory: boolean;
  readonly range: boolean;
  readonly offset: boolean;
}

/** The port part as read: nothing, a range (a single port is low === high), or an offset. */
type PortSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly low: number; readonly high: number }
  | { readonly kind: 'offset'; readonly value: number };

/** Where a prefix sends the rest of the word. */
type Target =
  | { readonly kind: 'inet'; readonly prefix: string; readonly family: Family; readonly rest: string; readonly dgram: boolean }
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'unsupported'; readonly what: string }
  | { readonly kind: 'fd'; readonly prefix: string }
  | { readonly kind: 'dgram' };

/**
 * Address prefixes HAProxy 2.6 knows (manual 11). `tcp*@` and `uxst@` are the
 * explicit stream spellings of `ipv*@` and `unix@`.
 */
const INET_PREFIXES: Readonly<Record<string, { family: Family; dgram: boolean }>> = {
  'ipv4@': { family: 'ipv4', dgram: false },
  'ipv6@': { family: 'ipv6', dgram: false },
  'tcp@': { family: 'any', dgram: false },
  'tcp4@': { family: 'ipv4', dgram: false },
  'tcp6@': { family: 'ipv6', dgram: false },
  'udp@': { family: 'any', dgram: true },
  'udp4@': { family: 'ipv4', dgram: true },
  'udp6@': { family: 'ipv6', dgram: true },
};

function splitPrefix(word: string): Target {
  let rest = word;
  let dgram = false;
  // `stream+` / `dgram+` force the socket type of what follows (manual 11).
  if (rest.startsWith('stream+')) rest = rest.slice(7);
  else if (rest.startsWith('dgram+')) {
    rest = rest.slice(6);
    dgram = true;
  }
  const at = /^([a-z0-9]+@)/.exec(rest)?.[1];
  if (at !== undefined) {
    const body = rest.slice(at.length);
    const inet = INET_PREFIXES[at];
    if (inet) return { kind: 'inet', prefix: at, family: inet.family, rest: body, dgram: dgram || inet.dgram };
    if (at === 'unix@' || at === 'uxst@') return dgram ? { kind: 'dgram' } : { kind: 'unix', path: body };
    if (at === 'uxdg@') return { kind: 'dgram' };
    if (at === 'abns@') return { kind: 'unsupported', what: "abstract UNIX sockets ('abns@')" };
    if (at === 'quic4@' || at === 'quic6@') return { kind: 'unsupported', what: `QUIC listeners ('${at}')` };
    if (at === 'fd@' || at === 'sockpair@') return { kind: 'fd', prefix: at };
    // Any other "xxx@" is not a prefix: the whole word is then an (invalid) host.
  }
  if (rest.startsWith('/')) return dgram ? { kind: 'dgram' } : { kind: 'unix', path: rest };
  return { kind: 'inet', prefix: '', family: 'any', rest, dgram };
}

/** Splits `host[:port]` at the last ':' that is not inside brackets. */
function splitHostPort(text: string): { host: string; port: string | undefined } {
  const colon = text.lastIndexOf(':');
  const bracket = text.lastIndexOf(']');
  if (colon >= 0 && colon > bracket) return { host: text.slice(0, colon), port: text.slice(colon + 1) };
  return { host: text, port: undefined };
}

/** atoi(): the leading digits, and whether anything followed them. */
function leadingInt(text: string): { value: number; exact: boolean } {
  const digits = /^\d*/.exec(text)?.[0] ?? '';
  return { value: digits === '' ? 0 : Number(digits), exact: digits.length === text.length };
}

function portSpec(ctx: KeywordContext, word: string, port: string | undefined, policy: PortPolicy, subject: string): PortSpec | undefined {
  const fail = (message: string): undefined => ctx.error('TSLB_ERR_CFG_ADDRESS', `${subject}${message}`);
  if (port === undefined || port === '') {
    return policy.mandatory ? fail(`missing port specification in '${word}'`) : { kind: 'none' };
  }
  const first = port[0] as string;
  if (first === '+' || first === '-') {
    if (!policy.offset) return fail(`port offset not permitted here in '${word}'`);
    const n = leadingInt(port.slice(1));
    // HAProxy takes any offset; one beyond 65535 can only give invalid ports.
    if (n.value > 65535) return fail(`invalid port offset '${port}' in '${word}'`);
    if (!n.exact) warnPort(ctx, port, `${first}${n.value}`, subject);
    return { kind: 'offset', value: first === '-' ? -n.value : n.value };
  }
  if (!/\d/.test(first)) return fail(`invalid character '${first}' in port number '${port}' in '${word}'`);
  const dash = port.indexOf('-');
  if (dash >= 0 && !policy.range) return fail(`port range not permitted here in '${word}'`);
  const lowText = dash >= 0 ? port.slice(0, dash) : port;
  const highText = dash >= 0 ? port.slice(dash + 1) : port;
  const low = leadingInt(lowText);
  const high = leadingInt(highText);
  // Port 0 means "no port" where a port is optional, and is invalid elsewhere.
  const min = policy.mandatory ? 1 : 0;
  if (low.value < min || low.value > 65535) return fail(`invalid port '${lowText}'`);
  if (high.value < min || high.value > 65535) return fail(`invalid port '${highText}'`);
  if (low.value > high.value) return fail(`invalid port range '${low.value}-${high.value}'`);
  if (!low.exact || !high.exact) {
    warnPort(ctx, port, dash >= 0 ? `${low.value}-${high.value}` : String(low.value), subject);
  }
  return { kind: 'range', low: low.value, high: high.value };
}

function warnPort(ctx: KeywordContext, text: string, read: string, subject: string): void {
  ctx.warn('TSLB_WRN_CFG_NUMBER', `${subject}port '${text}' is read as ${read}, as HAProxy does`);
}

/**
 * inet_aton(): 1 to 4 dot-separated numbers in decimal, octal (leading 0) or
 * hex (0x), the last one filling the remaining bytes. The C resolver accepts
 * these wherever an address is expected, so HAProxy does too.
 */
function inetAton(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) v = Number(p);
    else return undefined;
    values.push(v);
  }
  const last = values.pop() as number;
  if (values.some((v) => v > 255)) return undefined;
  if (last >= 2 ** (8 * (4 - values.length))) return undefined;
  const bytes = [...values];
  for (let i = 4 - values.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return bytes.join('.');
}

/** A host name as the resolver would look it up: dot-separated labels of letters, digits, '-' and '_'. */
function isHostName(text: string): boolean {
  return text.length <= 253 && /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(text);
}

/** A classified host: '' is "any address". */
type Host = { readonly host: string; readonly kind: 'any' | 'ip4' | 'ip6' | 'name' };

/**
 * What HAProxy's str2ip2() accepts, in a family: literals (IPv6 possibly in
 * brackets, never with a zone), inet_aton() forms (normalised to dotted
 * quads), and host names. Undefined when nothing fits.
 */
function classifyHost(text: string, family: Family): Host | undefined {
  if (text === '' || text === '*') return { host: '', kind: 'any' };
  let bare = text;
  const bracketed = text.startsWith('[') && text.endsWith(']');
  if (bracketed) bare = text.slice(1, -1);
  if (!bare.includes('%')) {
    if (isIPv4(bare)) return family === 'ipv6' ? undefined : { host: bare, kind: 'ip4' };
    if (isIPv6(bare)) return family === 'ipv4' ? undefined : { host: bare, kind: 'ip6' };
  }
  if (bracketed) return undefined;
  if (/^[0-9]/.test(text) && /^[0-9a-fA-FxX.]+$/.test(text)) {
    const quad = inetAton(text);
    if (quad !== undefined) return family === 'ipv6' ? undefined : { host: quad, kind: 'ip4' };
    if (/^[0-9.]+$/.test(text)) return undefined;
  }
  return isHostName(text) ? { host: text, kind: 'name' } : undefined;
}

/** Expands "${VAR}" and refuses a word that ends up empty (manual 2.3). */
function expand(ctx: KeywordContext, word: string, subject: string): string | undefined {
  const expanded = expandAddressEnv(word, ctx.vars);
  if (expanded === '') {
    return ctx.error('TSLB_ERR_CFG_ADDRESS', `${subject}'${word}' resolves to an empty address (environment variable missing?)`);
  }
  return expanded;
}

function unixPath(ctx: KeywordContext, word: string, path: string, subject: string): string | undefined {
  if (path === '') return ctx.error('TSLB_ERR_CFG_ADDRESS', `${subject}empty UNIX socket path in '${word}'`);
  if (path.length > MAX_UNIX_PATH) {
    return ctx.error('TSLB_ERR_CFG_ADDRESS', `${subject}socket path '${word}' too long (max ${MAX_UNIX_PATH})`);
  }
  return path;
}

function unsupported(ctx: KeywordContext, what: string, word: string, subject: string): undefined {
  return ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `${subject}${what} are not supported by tslb (in '${word}')`);
}

function dgramRefused(ctx: KeywordContext, word: string, subject: string): undefined {
  return ctx.error('TSLB_ERR_CFG_ADDRESS', `${subject}dgram-type address not acceptable in '${word}'`);
}

function invalidHost(ctx: KeywordContext, host: string, word: string, subject: string): undefined {
  return ctx.error('TSLB_ERR_CFG_ADDRESS', `${subject}invalid address: '${host}' in '${word}'`);
}

/** `subject` prefixes messages, e.g. "'server app/s1' : "; '' by default. */
function label(subject: string | undefined): string {
  return subject === undefined || subject === '' ? '' : `${subject} : `;
}

/**
 * Parses a bind address word: comma lists, port ranges, `ipv4@`/`ipv6@`/`unix@`
 * prefixes, absolute paths, "${VAR}" expansion (done here, as HAProxy does for
 * addresses). Returns one BindAddress per socket, or undefined after reporting.
 */
export function parseBindAddresses(ctx: KeywordContext, word: string, subject?: string): BindAddress[] | undefined {
  const lbl = label(subject ?? `'${ctx.keyword}'`);
  const text = expand(ctx, word, lbl);
  if (text === undefined) return undefined;
  const pieces = text.split(',');
  // A trailing comma is harmless in HAProxy (its list walk stops there).
  if (pieces.length > 1 && pieces[pieces.length - 1] === '') pieces.pop();
  const out: BindAddress[] = [];
  let ok = true;
  for (const piece of pieces) {
    const one = bindAddress(ctx, piece, lbl);
    if (one === undefined) ok = false;
    else out.push(...one);
  }
  return ok ? out : undefined;
}

function bindAddress(ctx: KeywordContext, piece: string, lbl: string): BindAddress[] | undefined {
  if (piece === '') return ctx.error('TSLB_ERR_CFG_ADDRESS', `${lbl}'' resolves to an empty address (environment variable missing?)`);
  const target = splitPrefix(piece);
  switch (target.kind) {
    case 'unix': {
      const path = unixPath(ctx, piece, target.path, lbl);
      return path === undefined ? undefined : [{ kind: 'unix', path }];
    }
    case 'unsupported':
      return unsupported(ctx, target.what, piece, lbl);
    case 'fd':
      return unsupported(ctx, `inherited sockets ('${target.prefix}')`, piece, lbl);
    case 'dgram':
      return dgramRefused(ctx, piece, lbl);
    case 'inet': {
      if (target.dgram) return dgramRefused(ctx, piece, lbl);
      const { host, port } = splitHostPort(target.rest);
      const spec = portSpec(ctx, piece, port, { mandatory: true, range: true, offset: false }, lbl);
      if (spec === undefined) return undefined;
      const h = classifyHost(host, target.family);
      if (h === undefined) return invalidHost(ctx, host, piece, lbl);
      if (spec.kind !== 'range') return undefined; // mandatory, no offsets: always a range here
      const out: BindAddress[] = [];
      for (let p = spec.low; p <= spec.high; p++) out.push({ kind: 'inet', host: h.host, port: p, family: target.family });
      return out;
    }
    default: {
      const never: never = target;
      return never;
    }
  }
}

/**
 * Parses a server address `host[:port]`, `host:+N`, `[v6]:port`, `unix@/path`.
 * `*`, '' and `ipv4@` alone mean the client's destination address (manual
 * 5.2 "server"): the host is then '0.0.0.0' (or '::' with `ipv6@`). A port of
 * 0, `+0` or none all mean "the client's destination port" ('absent').
 */
export function parseServerAddress(ctx: KeywordContext, word: string, subject?: string): ServerAddress | undefined {
  const lbl = label(subject ?? `'${ctx.keyword}'`);
  const text = expand(ctx, word, lbl);
  if (text === undefined) return undefined;
  const target = splitPrefix(text);
  switch (target.kind) {
    case 'unix': {
      const path = unixPath(ctx, text, target.path, lbl);
      return path === undefined ? undefined : { kind: 'unix', path };
    }
    case 'unsupported':
      return unsupported(ctx, target.what, text, lbl);
    case 'fd':
      return target.prefix === 'fd@'
        ? ctx.error('TSLB_ERR_CFG_ADDRESS', `${lbl}a file descriptor is not acceptable here in '${text}'`)
        : unsupported(ctx, "socket pairs ('sockpair@')", text, lbl);
    case 'dgram':
      return dgramRefused(ctx, text, lbl);
    case 'inet': {
      if (target.dgram) return dgramRefused(ctx, text, lbl);
      const { host, port } = splitHostPort(target.rest);
      const spec = portSpec(ctx, text, port, { mandatory: false, range: false, offset: true }, lbl);
      if (spec === undefined) return undefined;
      const h = classifyHost(host, target.family);
      if (h === undefined) return invalidHost(ctx, host, text, lbl);
      const any = target.family === 'ipv6' ? '::' : '0.0.0.0';
      const value = spec.kind === 'none' ? 0 : spec.kind === 'offset' ? spec.value : spec.low;
      return {
        kind: 'inet',
        host: h.kind === 'any' ? any : h.host,
        port: value === 0 ? { kind: 'absent' } : spec.kind === 'offset' ? { kind: 'offset', value } : { kind: 'fixed', value },
        family: target.family,
      };
    }
    default: {
      const never: never = target;
      return never;
    }
  }
}

/**
 * Parses `host:port` / `ipv4@host:port` / `[v6]:port` / `udp@host:port` (log
 * targets, nameservers): one IP endpoint, no ranges nor offsets. With a
 * default port the port is optional and 0 means the default (as `log`);
 * without one it is mandatory and must be 1..65535 (as `nameserver`).
 */
export function parseHostPort(ctx: KeywordContext, word: string, defaultPort?: number, subject?: string): { host: string; port: number } | undefined {
  const lbl = label(subject ?? `'${ctx.keyword}'`);
  const text = expand(ctx, word, lbl);
  if (text === undefined) return undefined;
  const target = splitPrefix(text);
  switch (target.kind) {
    case 'unix':
      return ctx.error('TSLB_ERR_CFG_ADDRESS', `${lbl}a UNIX socket is not acceptable here in '${text}'`);
    case 'unsupported':
      return unsupported(ctx, target.what, text, lbl);
    case 'fd':
      return unsupported(ctx, `file descriptors ('${target.prefix}')`, text, lbl);
    case 'dgram':
      return ctx.error('TSLB_ERR_CFG_ADDRESS', `${lbl}a UNIX socket is not acceptable here in '${text}'`);
    case 'inet': {
      if (target.prefix.startsWith('tcp')) return unsupported(ctx, `TCP transports ('${target.prefix}')`, text, lbl);
      const { host, port } = splitHostPort(target.rest);
      const spec = portSpec(ctx, text, port, { mandatory: defaultPort === undefined, range: false, offset: false }, lbl);
      if (spec === undefined) return undefined;
      const h = classifyHost(host, target.family);
      if (h === undefined) return invalidHost(ctx, host, text, lbl);
      const value = spec.kind === 'range' ? spec.low : 0;
      // An empty host or '*' is INADDR_ANY, which Linux delivers to the local host.
      const any = target.family === 'ipv6' ? '::' : '0.0.0.0';
      return { host: h.kind === 'any' ? any : h.host, port: value === 0 ? (defaultPort as number) : value };
    }
    default: {
      const never: never = target;
      return never;
    }
  }
}

/**
 * Parses a bare host (server `addr`, `agent-addr`, check `connect addr`): an
 * IP literal or a host name. A port is refused unless `allowPort` (HAProxy
 * reads and then ignores it for `addr`).
 */
export function parseHost(ctx: KeywordContext, word: string, allowPort: boolean, subject?: string): string | undefined {
  const lbl = label(subject ?? `'${ctx.keyword}'`);
  const text = expand(ctx, word, lbl);
  if (text === undefined) return undefined;
  const target = splitPrefix(text);
  if (target.kind !== 'inet' || target.dgram) {
    return ctx.error('TSLB_ERR_CFG_ADDRESS', `${lbl}expects an IPv4 or IPv6 address or a host name, got '${text}'`);
  }
  let host = target.rest;
  if (allowPort) {
    const split = splitHostPort(target.rest);
    const spec = portSpec(ctx, text, split.port, { mandatory: false, range: false, offset: false }, lbl);
    if (spec === undefined) return undefined;
    host = split.host;
  }
  const h = classifyHost(host, target.family);
  if (h === undefined || h.kind === 'any') return invalidHost(ctx, host, text, lbl);
  return h.host;
}
