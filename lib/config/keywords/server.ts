/**
 * `server <name> <address> [param*]` and `default-server [param*]`
 * (configuration manual 4.2 "server", "default-server", 5.2 "Server and
 * default-server options").
 *
 *   default-server ─► proxy.defaultServer (inherited from defaults sections)
 *   server ─► copy of proxy.defaultServer ─► overlaid with its own options
 *
 * Values are read as HAProxy reads them: most numbers with atol() (a warning
 * here when something is ignored), intervals as times. Options HAProxy knows
 * but tslb does not implement are refused as not supported, skipping their
 * argument words; unknown words get a did-you-mean hint. Checks that need
 * the whole configuration (track targets, resolvers sections, a port for
 * health checks, TLS verification against global ssl-server-verify) are
 * the loader's.
 */
import { isIP } from 'node:net';
import { parseHost, parseServerAddress } from '../address.js';
import type { Draft } from '../draft.js';
import type { Server, ServerParams } from '../model/server.js';
import { isValidName } from '../sections.js';
import { didYouMean } from '../suggest.js';
import { checkCaFile, parseAlpn } from '../tls-files.js';
import type { ProxyContext } from './context.js';
import { SERVER_OPTIONS, findServerOption } from './haproxy-catalogue.js';
import { atolValue, endsAtEmptyWord, oneOf, requiredWord, timeValue, valueAt } from './option-values.js';
import { checkSample } from './sample.js';
import { stepMask } from './sample-types.js';
import type { ProxyKeyword } from './registry.js';

interface Line {
  readonly ctx: ProxyContext;
  /** "'server app/s1'" or "'default-server'" */
  readonly who: string;
  /** `who` followed by " : ", the prefix of every message. */
  readonly subject: string;
  readonly params: Draft<ServerParams>;
  /** The server's name; undefined on a default-server line. */
  readonly server: string | undefined;
  /** `id <n>` of a server line. */
  id?: number;
}

interface ServerOptionHandler {
  readonly args: 0 | 1;
  apply(line: Line, value: string): void;
}

type BoolKey = 'check' | 'backup' | 'checkSsl' | 'checkSendProxy' | 'ssl' | 'disabled';

const setFlag = (key: BoolKey, value: boolean): ServerOptionHandler => ({
  args: 0,
  apply: (l) => {
    l.params[key] = value;
  },
});

/** atol() numbers HAProxy takes without a range check; tslb refuses negatives, which make no sense there. */
function count(key: 'maxconn' | 'minconn' | 'maxqueue', option: string): ServerOptionHandler {
  return {
    args: 1,
    apply: (l, v) => {
      const n = atolValue(l.ctx, l.subject, option, v, 0, 2 ** 31 - 1);
      if (n !== undefined) l.params[key] = n;
    },
  };
}

/** fall / rise / error-limit: atol() and "has to be > 0". */
function positive(key: 'fall' | 'rise' | 'errorLimit', option: string): ServerOptionHandler {
  return {
    args: 1,
    apply: (l, v) => {
      const n = atolValue(l.ctx, l.subject, option, v, 1, 2 ** 31 - 1, () => `'${option}' has to be > 0`);
      if (n !== undefined) l.params[key] = n;
    },
  };
}

/** Check intervals: times that may not be 0. */
function interval(key: 'inter' | 'fastinter' | 'downinter', option: string): ServerOptionHandler {
  return {
    args: 1,
    apply: (l, v) => {
      const ms = timeValue(l.ctx, l.subject, option, v, true);
      if (ms !== undefined) l.params[key] = ms;
    },
  };
}

/** port / agent-port: atol(); 0 means "not set". */
function portValue(l: Line, option: string, v: string): number | undefined | null {
  const n = atolValue(l.ctx, l.subject, option, v, 0, 65535);
  if (n === undefined) return null;
  return n === 0 ? undefined : n;
}

/** `init-addr` methods: last, libc, none, and at most one IP literal, comma-separated. */
function initAddr(l: Line, v: string): string[] | undefined {
  const methods: string[] = [];
  let literal: string | undefined;
  for (const m of v.split(',')) {
    if (m === '') continue;
    if (m === 'last' || m === 'libc' || m === 'none') {
      methods.push(m);
      continue;
    }
    if (isIP(m) === 0) {
      return l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'init-addr' : unknown init-addr method '${m}', supported methods are 'libc', 'last', 'none' and an IP address`);
    }
    if (literal !== undefined) {
      return l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'init-addr' : initial address already specified, cannot add '${m}'`);
    }
    literal = m;
    methods.push(m);
  }
  // An empty list means HAProxy's default order.
  return methods.length > 0 ? methods : ['last', 'libc'];
}

/** The options tslb implements (manual 5.2), by name. */
const HANDLERS: Readonly<Record<string, ServerOptionHandler>> = {
  weight: {
    args: 1,
    apply: (l, v) => {
      const who = l.server ?? 'default-server';
      const n = atolValue(l.ctx, l.subject, 'weight', v, 0, 256, (x) => `weight of server ${who} is not within 0 and 256 (${x})`);
      if (n !== undefined) l.params.weight = n;
    },
  },
  check: setFlag('check', true),
  'no-check': setFlag('check', false),
  backup: setFlag('backup', true),
  'no-backup': setFlag('backup', false),
  ssl: setFlag('ssl', true),
  'no-ssl': setFlag('ssl', false),
  'check-ssl': setFlag('checkSsl', true),
  'no-check-ssl': setFlag('checkSsl', false),
  'check-send-proxy': setFlag('checkSendProxy', true),
  'no-check-send-proxy': setFlag('checkSendProxy', false),
  disabled: setFlag('disabled', true),
  enabled: setFlag('disabled', false),
  inter: interval('inter', 'inter'),
  fastinter: interval('fastinter', 'fastinter'),
  downinter: interval('downinter', 'downinter'),
  fall: positive('fall', 'fall'),
  rise: positive('rise', 'rise'),
  'error-limit': positive('errorLimit', 'error-limit'),
  maxconn: count('maxconn', 'maxconn'),
  minconn: count('minconn', 'minconn'),
  maxqueue: count('maxqueue', 'maxqueue'),
  slowstart: {
    args: 1,
    apply: (l, v) => {
      const ms = timeValue(l.ctx, l.subject, 'slowstart', v, false);
      if (ms !== undefined) l.params.slowstart = ms;
    },
  },
  cookie: {
    args: 1,
    apply: (l, v) => {
      const value = requiredWord(l.ctx, l.subject, 'cookie', v, '<value>');
      if (value !== undefined) l.params.cookie = value;
    },
  },
  id: {
    args: 1,
    apply: (l, v) => {
      if (l.server === undefined) {
        // HAProxy prints an alert but does not fail: the id is ignored.
        l.ctx.warn('TSLB_WRN_CFG_NOT_ALLOWED', "'id' option is not accepted in default-server sections; it is ignored");
        return;
      }
      const id = atolValue(l.ctx, l.subject, 'id', v, 1, 2 ** 31 - 1, () => "'id' : custom id has to be > 0");
      if (id === undefined) return;
      const other = l.ctx.proxy.servers.find((s) => s.id === id);
      if (other !== undefined) {
        l.ctx.error('TSLB_ERR_CFG_DUPLICATE', `${l.subject}'id' : custom id ${id} already used at ${other.place.file}:${other.place.line} ('server ${other.name}')`);
        return;
      }
      l.id = id;
    },
  },
  addr: {
    args: 1,
    apply: (l, v) => {
      if (requiredWord(l.ctx, l.subject, 'addr', v, '<ipv4|ipv6>') === undefined) return;
      // HAProxy reads a port here and ignores it; `port` sets the check port.
      const host = parseHost(l.ctx, v, true, `${l.who} : 'addr'`);
      if (host !== undefined) l.params.checkAddr = host;
    },
  },
  port: {
    args: 1,
    apply: (l, v) => {
      const p = portValue(l, 'port', v);
      if (p === null) return;
      if (p === undefined) delete l.params.checkPort;
      else l.params.checkPort = p;
    },
  },
  'agent-check': { args: 0, apply: (l) => void (l.params.agent.enabled = true) },
  'no-agent-check': { args: 0, apply: (l) => void (l.params.agent.enabled = false) },
  'agent-port': {
    args: 1,
    apply: (l, v) => {
      const p = portValue(l, 'agent-port', v);
      if (p === null) return;
      if (p === undefined) delete l.params.agent.port;
      else l.params.agent.port = p;
    },
  },
  'agent-addr': {
    args: 1,
    apply: (l, v) => {
      if (requiredWord(l.ctx, l.subject, 'agent-addr', v, 'an address') === undefined) return;
      const host = parseHost(l.ctx, v, false, `${l.who} : 'agent-addr'`);
      if (host !== undefined) l.params.agent.addr = host;
    },
  },
  'agent-inter': {
    args: 1,
    apply: (l, v) => {
      const ms = timeValue(l.ctx, l.subject, 'agent-inter', v, true);
      if (ms !== undefined) l.params.agent.inter = ms;
    },
  },
  'agent-send': {
    args: 1,
    apply: (l, v) => {
      const text = requiredWord(l.ctx, l.subject, 'agent-send', v, 'a string');
      if (text !== undefined) l.params.agent.send = text;
    },
  },
  // With both versions set, HAProxy sends v2; no-send-proxy* clears what it names.
  'send-proxy': { args: 0, apply: (l) => void (l.params.sendProxy = l.params.sendProxy === 'v2' ? 'v2' : 'v1') },
  'send-proxy-v2': { args: 0, apply: (l) => void (l.params.sendProxy = 'v2') },
  'no-send-proxy': { args: 0, apply: (l) => void (l.params.sendProxy = l.params.sendProxy === 'v1' ? 'none' : l.params.sendProxy) },
  'no-send-proxy-v2': { args: 0, apply: (l) => void (l.params.sendProxy = l.params.sendProxy === 'v2' ? 'none' : l.params.sendProxy) },
  verify: {
    args: 1,
    apply: (l, v) => {
      if (v === '') l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'verify' : missing verify method`);
      else if (v === 'none' || v === 'required') l.params.verify = v;
      else l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'verify' : unknown verify method '${v}', only 'none' and 'required' are supported`);
    },
  },
  'ca-file': {
    args: 1,
    apply: (l, v) => {
      if (requiredWord(l.ctx, l.subject, 'ca-file', v, 'a CA file') === undefined) return;
      const path = l.ctx.tlsPath('ca', v);
      const error = checkCaFile(path);
      if (error !== undefined) l.ctx.error('TSLB_ERR_CFG_FILE', `${l.subject}'ca-file' : ${error}`);
      else l.params.caFile = path;
    },
  },
  sni: {
    args: 1,
    apply: (l, v) => {
      if (v === '') l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'sni' : missing sni expression`);
      // Evaluated when the connection to the server is set up (manual 5.2 "sni").
      else if (checkSample(l.ctx, v, { steps: stepMask('server source selection') }) !== undefined) l.params.sni = v;
    },
  },
  alpn: {
    args: 1,
    apply: (l, v) => {
      const alpn = parseAlpn(v);
      if (typeof alpn === 'string') l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'alpn' : ${alpn}`);
      else l.params.alpn = alpn;
    },
  },
  'on-marked-down': {
    args: 1,
    apply: (l, v) => {
      const action = oneOf(l.ctx, l.subject, 'on-marked-down', v, ['shutdown-sessions'] as const);
      if (action !== undefined) l.params.onMarkedDown = action;
    },
  },
  'on-marked-up': {
    args: 1,
    apply: (l, v) => {
      const action = oneOf(l.ctx, l.subject, 'on-marked-up', v, ['shutdown-backup-sessions'] as const);
      if (action !== undefined) l.params.onMarkedUp = action;
    },
  },
  'on-error': {
    args: 1,
    apply: (l, v) => {
      const action = oneOf(l.ctx, l.subject, 'on-error', v, ['fastinter', 'fail-check', 'sudden-death', 'mark-down'] as const);
      if (action !== undefined) l.params.onError = action;
    },
  },
  observe: {
    args: 1,
    apply: (l, v) => {
      if (requiredWord(l.ctx, l.subject, 'observe', v, '<mode>') === undefined) return;
      const mode = oneOf(l.ctx, l.subject, 'observe', v, ['none', 'layer4', 'layer7'] as const);
      if (mode === 'none') delete l.params.observe;
      else if (mode !== undefined) l.params.observe = mode;
    },
  },
  resolvers: {
    args: 1,
    apply: (l, v) => {
      const name = requiredWord(l.ctx, l.subject, 'resolvers', v, '<name>');
      if (name !== undefined) l.params.resolvers = name;
    },
  },
  'resolve-prefer': {
    args: 1,
    apply: (l, v) => {
      if (v === 'ipv4' || v === 'ipv6') l.params.resolvePrefer = v;
      else l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'resolve-prefer' expects either ipv4 or ipv6 as argument, got '${v}'`);
    },
  },
  'init-addr': {
    args: 1,
    apply: (l, v) => {
      const methods = initAddr(l, v);
      if (methods !== undefined) l.params.initAddr = methods;
    },
  },
  track: {
    args: 1,
    apply: (l, v) => {
      const slash = v.indexOf('/');
      const backend = slash >= 0 ? v.slice(0, slash) : undefined;
      const server = slash >= 0 ? v.slice(slash + 1) : v;
      if (server === '' || backend === '') {
        l.ctx.error('TSLB_ERR_CFG_ARGS', `${l.subject}'track' expects [<proxy>/]<server> as argument, got '${v}'`);
        return;
      }
      l.params.track = backend === undefined ? { server } : { backend, server };
    },
  },
  'pool-max-conn': {
    args: 1,
    apply: (l, v) => {
      const n = atolValue(l.ctx, l.subject, 'pool-max-conn', v, -1, 2 ** 31 - 1, () => "'pool-max-conn' must be >= -1");
      if (n !== undefined) l.params.poolMaxConn = n;
    },
  },
  'pool-purge-delay': {
    args: 1,
    apply: (l, v) => {
      const ms = timeValue(l.ctx, l.subject, 'pool-purge-delay', v, false);
      if (ms !== undefined) l.params.poolPurgeDelay = ms;
    },
  },
  'max-reuse': {
    args: 1,
    apply: (l, v) => {
      // Any negative value means "no limit" to HAProxy; -1 is its spelling.
      const n = atolValue(l.ctx, l.subject, 'max-reuse', v, -(2 ** 31), 2 ** 31 - 1);
      if (n !== undefined) l.params.maxReuse = n < 0 ? -1 : n;
    },
  },
};

/**
 * Negations of options tslb does not implement whose positive form is off
 * by default: "off" is all tslb does, so they are accepted as no-ops.
 */
const NOOP_NEGATIONS = new Set(['no-tfo', 'no-send-proxy-v2-ssl', 'no-send-proxy-v2-ssl-cn']);

/** Every option name HAProxy knows plus tslb's, for did-you-mean. */
const KNOWN_NAMES: readonly string[] = [...new Set([...SERVER_OPTIONS.map((o) => o.name), ...Object.keys(HANDLERS)])];

/** Parses `param*` into line.params, reporting every problem it can. */
function parseOptions(line: Line, args: readonly string[]): void {
  const ctx = line.ctx;
  for (let i = 0; i < args.length; i++) {
    if (endsAtEmptyWord(ctx, args, i)) return;
    const word = args[i] as string;
    const handler = HANDLERS[word];
    if (handler !== undefined) {
      handler.apply(line, handler.args === 1 ? valueAt(args, i + 1) : '');
      i += handler.args;
      continue;
    }
    if (NOOP_NEGATIONS.has(word)) continue;
    const known = findServerOption(word);
    if (known !== undefined) {
      ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `${line.subject}'${word}' is not supported by tslb`);
      i += known.args;
      // `source <addr> [usesrc <addr>] [interface <name>]`
      for (let f = known.followers?.find((x) => x.name === args[i + 1]); f !== undefined; f = known.followers?.find((x) => x.name === args[i + 1])) {
        i += 1 + f.args;
      }
      continue;
    }
    const looksLikeAddress = line.server === undefined && i === 0 && /[:/@]|^\d/.test(word);
    const hint = looksLikeAddress ? 'no address was expected for default-server' : didYouMean(word, KNOWN_NAMES);
    ctx.error('TSLB_ERR_CFG_UNKNOWN_KEYWORD', `${line.subject}unknown keyword '${word}'`, hint);
    // The arity of an unknown word is unknown: stop rather than misread the rest.
    return;
  }
}

/** `default-server [param*]`: changes the defaults later server lines of this proxy start from. */
const defaultServer: ProxyKeyword = {
  name: 'default-server',
  parse(ctx, args) {
    const params = structuredClone(ctx.proxy.defaultServer);
    const line: Line = { ctx, who: "'default-server'", subject: "'default-server' : ", params, server: undefined };
    parseOptions(line, args);
    if (!ctx.failed) ctx.proxy.defaultServer = params;
  },
};

/** Builds a server from its line; undefined when its name or address is unusable. */
export function parseServer(ctx: ProxyContext, args: readonly string[]): Draft<Server> | undefined {
  const name = args[0];
  const addressWord = args[1];
  if (name === undefined || name === '' || addressWord === undefined || addressWord === '') {
    return ctx.error('TSLB_ERR_CFG_ARGS', "'server' expects <name> and <addr>[:<port>] as arguments");
  }
  if (!isValidName(name)) {
    const bad = [...name].find((c) => !isValidName(c)) as string;
    return ctx.error('TSLB_ERR_CFG_NAME', `character '${bad}' is not permitted in server name '${name}'`);
  }
  const subject = `'server ${ctx.proxy.name}/${name}'`;
  const first = ctx.proxy.servers.find((s) => s.name === name);
  if (first !== undefined) {
    ctx.error(
      'TSLB_ERR_CFG_DUPLICATE',
      `${ctx.proxy.kind} '${ctx.proxy.name}', another server named '${name}' was already defined at ${first.place.file}:${first.place.line}, please use distinct names`,
    );
  }
  const address = parseServerAddress(ctx, addressWord, subject);
  const line: Line = { ctx, who: subject, subject: `${subject} : `, params: structuredClone(ctx.proxy.defaultServer), server: name };
  parseOptions(line, args.slice(2));
  const p = line.params;
  // Checked on the finished server, as HAProxy does after merging default-server.
  if (p.agent.enabled && p.agent.port === undefined) {
    ctx.error('TSLB_ERR_CFG_ARGS', `${subject} : server ${name} does not have agent port. Agent check has been disabled`, "add 'agent-port <port>'");
  }
  if (address === undefined) return undefined;
  const server: Draft<Server> = { ...p, place: { ...ctx.place }, name, address };
  if (line.id !== undefined) server.id = line.id;
  return server;
}

const server: ProxyKeyword = {
  name: 'server',
  parse(ctx, args) {
    const s = parseServer(ctx, args);
    // A server whose options failed is kept (with what could be read), so
    // that later references to it do not add misleading errors.
    if (s && !ctx.proxy.servers.some((other) => other.name === s.name)) ctx.proxy.servers.push(s);
  },
};

export const serverKeywords: readonly ProxyKeyword[] = [server, defaultServer];

/** The server / default-server options tslb implements (for the documentation). */
export function implementedServerOptions(): string[] {
  return Object.keys(HANDLERS);
}
