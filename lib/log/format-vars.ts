/**
 * The log-format variables (configuration manual 8.2.6 table), each a small
 * builder: given its flags, it returns the function that writes it from a
 * LogRecord. Output rules were checked one by one against HAProxy 2.6:
 *
 *   - text ('-' when empty, `""` with +Q): %ci %fi %si %bi %f %ft %b %s %CC
 *     %CS %ID %H; +X writes addresses as hex bytes (7F000001)
 *   - ports, counters, timers, sizes: plain numbers, never quoted; a port
 *     that does not exist prints like missing text; +X on %cp %fp %sp %bp
 *     %Ts %rt %pid %lc %ms
 *   - dates never quoted
 *   - the request line and its parts (%r %HM %HP %HPO %HQ %HU %HV): never
 *     '-', '<BADREQ>' without a request, '#XX' encoding
 *   - captured headers (%hr %hrl %hs %hsl) print nothing at all when the
 *     proxy captures none, which also swallows the separator after them
 *
 * Besides its function, a variable may give its text as a JavaScript
 * expression (`inline`), or its value when it is a number (`number`), for
 * format.ts to write into the one function it generates per format: the
 * common variables then cost a property read and a concatenation, not a
 * call. `key` says which field alone decides what it prints, for format.ts
 * to remember runs of such variables from one line to the next. These
 * expressions read only `r` (the record), `lc` and the scratch variable
 * `v`, and whatever they need besides comes in through `gen.constant`
 * (never text of the configuration).
 */
import type { LogRecord } from './record.js';
import { gmtDate, localDate, localMsDate } from './format-dates.js';
import { LogFormatError } from './format-parse.js';
import { encodeValue, hexAddress, hexNumber, pad, textValue, type FormatFlags } from './format-text.js';

/** Writes one variable; `lc` is the proxy's log counter (%lc). */
export type LineFn = (rec: LogRecord, lc: number) => string;

/** What variables need from the process and the proxy, fixed when the format is compiled. */
export interface VarEnv {
  readonly mode: 'http' | 'tcp';
  readonly pid: number;
  /** %H: the host name. */
  readonly hostname: string;
  /** tune.http.logurilen: the request line is cut to this many characters. */
  readonly uriLen: number;
}

/** What a variable's inline expression may ask of the code generator. */
export interface CodeGen {
  /** The name under which the generated function sees `value`. */
  constant(value: unknown): string;
}

export interface VarSpec {
  /** Refused in a TCP-mode proxy ("format variable 'X' is reserved for HTTP mode"). */
  readonly httpOnly?: boolean;
  /** May print nothing at all (header captures), see format.ts. */
  readonly vanishing?: boolean;
  /**
   * True when, with these flags, it never prints '' and never ends with a
   * line feed or NUL: a line that ends with it needs no trimming by the
   * syslog framer.
   */
  readonly cleanEnd?: (f: FormatFlags) => boolean;
  build(f: FormatFlags, env: VarEnv): LineFn;
  /** The variable's text as one parenthesized expression (see above), or undefined to call `build`'s function. */
  inline?(f: FormatFlags, env: VarEnv, gen: CodeGen): string | undefined;
  /** A number printed in decimal: the expression of its value (undefined with flags that print it otherwise, e.g. +X). */
  number?(f: FormatFlags, env: VarEnv, gen: CodeGen): string | undefined;
  /** The expression (a field of the record) whose value alone decides what the variable prints, when there is one. */
  key?(f: FormatFlags, env: VarEnv): string | undefined;
  /** The inline expression prints about this many characters at most (format.ts groups short neighbours). */
  readonly short?: number;
  /**
   * When what it prints is the connection's (the same for every exchange
   * of a connection, as long as this expression, a field of the record,
   * does not change): the expression.
   */
  connection?(f: FormatFlags, env: VarEnv): string | undefined;
}

const BADREQ = '<BADREQ>';

const always = (): boolean => true;

/** A JavaScript literal of `s`. */
const lit = (s: string): string => JSON.stringify(s);

/** What a missing text value prints. */
const missing = (f: FormatFlags): string => (f.quote ? '""' : '-');

type TextField = 'frontend' | 'backend' | 'server' | 'capturedCookie' | 'capturedSetCookie' | 'uniqueId';
type NumberField = {
  [K in keyof LogRecord]-?: LogRecord[K] extends number ? K : never;
}[keyof LogRecord];

/** Text from the record; `name`: the value is a configuration name (never '', never a control character). */
function text(field: TextField, opts: { httpOnly?: boolean; name?: boolean } = {}): VarSpec {
  const connection = field === 'frontend' ? { connection: () => `r.${field}` } : {};
  return {
    httpOnly: opts.httpOnly ?? false,
    ...(opts.name ? { cleanEnd: always } : {}),
    build: (f) => (rec) => textValue(rec[field], f),
    inline: (f) => {
      if (f.escape) return undefined;
      const get = `r.${field}`;
      return f.quote ? `(${get} ? '"' + ${get} + '"' : '""')` : `(${get} || "-")`;
    },
    key: () => `r.${field}`,
    ...connection,
  };
}

/** A number computed from the record, printed in decimal. */
function number(get: (rec: LogRecord) => number, httpOnly = false): VarSpec {
  return { httpOnly, cleanEnd: always, build: () => (rec) => String(get(rec)), number: (_f, _env, gen) => `${gen.constant(get)}(r)` };
}

/** A number field of the record, printed in decimal. */
function numberField(field: NumberField, httpOnly = false): VarSpec {
  return { httpOnly, cleanEnd: always, build: () => (rec) => String(rec[field]), number: () => `r.${field}` };
}

function address(field: 'clientIp' | 'frontendIp' | 'backendSourceIp' | 'serverIp'): VarSpec {
  return {
    cleanEnd: always,
    build: (f) => (rec) => {
      const ip = rec[field];
      if (ip === '' || ip === '-') return textValue(undefined, f);
      if (f.hex) return hexAddress(ip) ?? textValue(ip, f);
      return textValue(ip, f);
    },
    inline: (f) => {
      if (f.hex || f.escape) return undefined;
      return `((v = r.${field}) === "" || v === "-" ? ${lit(missing(f))} : ${f.quote ? `'"' + v + '"'` : 'v'})`;
    },
    key: () => `r.${field}`,
    ...(field === 'clientIp' || field === 'frontendIp' ? { connection: () => `r.${field}` } : {}),
  };
}

function port(field: 'clientPort' | 'frontendPort' | 'backendSourcePort' | 'serverPort'): VarSpec {
  return {
    cleanEnd: always,
    build: (f) => (rec) => {
      const p = rec[field];
      if (p < 0) return textValue(undefined, f);
      return f.hex ? hexNumber(p, 4) : String(p);
    },
    inline: (f) => (f.hex ? undefined : `((v = r.${field}) < 0 ? ${lit(missing(f))} : "" + v)`),
    ...(field === 'clientPort' || field === 'frontendPort' ? { connection: () => `r.${field}` } : {}),
  };
}

function date(field: 'acceptDate' | 'requestDate', make: () => (ms: number) => string, httpOnly = false): VarSpec {
  return {
    httpOnly,
    cleanEnd: always,
    build: () => {
      const fmt = make();
      return (rec) => fmt(rec[field]);
    },
    inline: (_f, _env, gen) => `${gen.constant(make())}(r.${field})`,
    key: () => `r.${field}`,
    ...(field === 'acceptDate' ? { connection: () => `r.${field}` } : {}),
  };
}

/** A counter printed in hex (%04X) with +X; `value`: the expression of its value. */
function counter(get: (rec: LogRecord, lc: number, env: VarEnv) => number, value: (env: VarEnv) => string): VarSpec {
  return {
    cleanEnd: always,
    build: (f, env) => (f.hex ? (rec, lc) => hexNumber(get(rec, lc, env), 4) : (rec, lc) => String(get(rec, lc, env))),
    number: (f, env) => (f.hex ? undefined : value(env)),
  };
}

// --- the request line ------------------------------------------------------

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** The request line as HAProxy keeps it for logs (cut at tune.http.logurilen), undefined without a request. */
function requestLine(rec: LogRecord, max: number): string | undefined {
  const m = rec.method;
  if (m === undefined) return undefined;
  let line = rec.uri === undefined ? m : rec.version === undefined ? m + ' ' + rec.uri : m + ' ' + rec.uri + ' ' + rec.version;
  if (line.length > max) line = line.slice(0, max);
  return line;
}

/** Where the URI starts (after the method and its spaces) and ends; `spaces` = how many spaces followed the method. */
function uriBounds(line: string): { start: number; end: number; spaces: number } {
  let i = 0;
  while (i < line.length && !isSpace(line[i])) i++;
  const afterMethod = i;
  while (i < line.length && isSpace(line[i])) i++;
  const start = i;
  while (i < line.length && !isSpace(line[i])) i++;
  return { start, end: i, spaces: start - afterMethod };
}

/** The path of a request target without scheme, authority and query ('' for `*`, authority-form or no path). */
function pathOnly(uri: string): string {
  let path = '';
  if (uri.startsWith('/')) path = uri;
  else if (!uri.startsWith('*')) {
    const scheme = uri.indexOf('://');
    if (scheme > 0) {
      const slash = uri.indexOf('/', scheme + 3);
      if (slash >= 0) path = uri.slice(slash);
    }
  }
  const q = path.indexOf('?');
  return q >= 0 ? path.slice(0, q) : path;
}

type LinePart = (line: string) => string;

const wholeLine: LinePart = (line) => line;

const method: LinePart = (line) => {
  let i = 0;
  while (i < line.length && !isSpace(line[i])) i++;
  return i === line.length ? BADREQ : line.slice(0, i);
};

const uri: LinePart = (line) => {
  const b = uriBounds(line);
  return b.spaces === 0 ? BADREQ : line.slice(b.start, b.end);
};

/** %HP: the URI up to its query string. */
const uriPath: LinePart = (line) => {
  const b = uriBounds(line);
  if (b.spaces === 0) return BADREQ;
  const q = line.indexOf('?', b.start);
  return line.slice(b.start, q >= 0 && q < b.end ? q : b.end);
};

const pathOnlyPart: LinePart = (line) => {
  const b = uriBounds(line);
  return b.spaces === 0 ? BADREQ : pathOnly(line.slice(b.start, b.end));
};

/** %HQ: from the first '?' of the line to the next space, '' when there is none. */
const query: LinePart = (line) => {
  const q = line.indexOf('?');
  if (q < 0) return '';
  let i = q;
  while (i < line.length && !isSpace(line[i])) i++;
  return line.slice(q, i);
};

const version: LinePart = (line) => {
  const b = uriBounds(line);
  if (b.spaces === 0) return BADREQ;
  let i = b.end;
  while (i < line.length && isSpace(line[i])) i++;
  return i === line.length ? 'HTTP/0.9' : line.slice(i);
};

function lineVar(part: LinePart): VarSpec {
  return {
    httpOnly: true,
    build: (f, env) => (rec) => {
      const line = requestLine(rec, env.uriLen);
      const v = line === undefined ? BADREQ : part(line);
      const enc = encodeValue(v, 'url', f.escape);
      return f.quote ? '"' + enc + '"' : enc;
    },
  };
}

/** Whether `s` has a character the 'url' map encodes (or, with +E, escapes): a loop, cheaper than a regex on short texts. */
function urlSpecial(s: string, escape: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 0x22 || c === 0x23 || (escape && (c === 0x5c || c === 0x5d))) return true;
  }
  return false;
}

/**
 * %r: the whole request line. The usual one (method, URI and version, within
 * tune.http.logurilen, nothing to encode) is written from its three parts,
 * without building the line first; anything else goes the general way.
 */
const requestLineVar: VarSpec = {
  httpOnly: true,
  // Quoted, it ends with '"'.
  cleanEnd: (f) => f.quote,
  build: (f, env) => {
    const general = lineVar(wholeLine).build(f, env);
    const max = env.uriLen;
    const escape = f.escape;
    const quote = f.quote;
    return (rec, lc) => {
      const m = rec.method;
      const u = rec.uri;
      const v = rec.version;
      if (m === undefined || u === undefined || v === undefined || m.length + u.length + v.length + 2 > max || urlSpecial(m, escape) || urlSpecial(u, escape) || urlSpecial(v, escape)) return general(rec, lc);
      return quote ? '"' + m + ' ' + u + ' ' + v + '"' : m + ' ' + u + ' ' + v;
    };
  },
};

// --- captured headers --------------------------------------------------------

type Captures = 'capturedRequest' | 'capturedResponse';

/** Calls the variable's function only when something was captured. */
function capturesInline(field: Captures, build: (f: FormatFlags) => LineFn): VarSpec['inline'] {
  return (f, _env, gen) => `(r.${field} === undefined ? "" : ${gen.constant(build(f))}(r, lc))`;
}

/** `{a|b}`: every captured value encoded, missing ones empty; nothing when nothing is captured. */
function headerBlock(field: Captures): VarSpec {
  const build = (f: FormatFlags): LineFn => (rec) => {
    const caps = rec[field];
    if (!caps || caps.length === 0) return '';
    let out = f.quote ? '"{' : '{';
    for (let i = 0; i < caps.length; i++) {
      if (i > 0) out += '|';
      const v = caps[i];
      if (v !== undefined) out += encodeValue(v, 'header', f.escape);
    }
    return out + (f.quote ? '}"' : '}');
  };
  return { vanishing: true, build, inline: capturesInline(field, build) };
}

/** CLF style: the values one per field, a missing one '-' (or `""` quoted). */
function headerList(field: Captures): VarSpec {
  const build = (f: FormatFlags): LineFn => (rec) => {
    const caps = rec[field];
    if (!caps || caps.length === 0) return '';
    let out = '';
    for (let i = 0; i < caps.length; i++) {
      if (i > 0) out += ' ';
      const v = caps[i];
      const enc = v === undefined ? (f.quote ? '' : '-') : encodeValue(v, 'header', f.escape);
      out += f.quote ? '"' + enc + '"' : enc;
    }
    return out;
  };
  return { vanishing: true, build, inline: capturesInline(field, build) };
}

// --- timers ----------------------------------------------------------------------

/** %Tq: Th + Ti + TR, -1 when the request head was not complete. */
function tq(rec: LogRecord): number {
  if (rec.request < 0 || rec.idle < 0 || rec.handshake < 0) return -1;
  return rec.handshake + rec.idle + rec.request;
}

/** %Td: the data transfer time, Tt minus everything before it (HTTP: up to the response head; TCP: up to the connection). */
function td(rec: LogRecord, mode: 'http' | 'tcp'): number {
  const nonNeg = (n: number): number => (n < 0 ? 0 : n);
  if (mode === 'http') {
    if (rec.response < 0) return -1;
    return rec.total - (nonNeg(rec.handshake) + nonNeg(rec.idle) + nonNeg(rec.request) + nonNeg(rec.queue) + nonNeg(rec.connect) + rec.response);
  }
  if (rec.connect < 0) return -1;
  return rec.total - (nonNeg(rec.handshake) + nonNeg(rec.queue) + rec.connect);
}

function termination(rec: LogRecord, n: 2 | 4): string {
  const t = rec.termination;
  return t.length === n ? t : (t + '----').slice(0, n);
}

function notImplemented(name: string): VarSpec {
  return {
    build: () => {
      throw new LogFormatError(`format variable '${name}' is not implemented (tslb has no TLS listeners)`);
    },
  };
}

/** Every variable by name. */
export const VARIABLES: Readonly<Record<string, VarSpec>> = {
  ci: address('clientIp'),
  cp: port('clientPort'),
  fi: address('frontendIp'),
  fp: port('frontendPort'),
  bi: address('backendSourceIp'),
  bp: port('backendSourcePort'),
  si: address('serverIp'),
  sp: port('serverPort'),
  f: text('frontend', { name: true }),
  // '~' would follow the name for a TLS listener; tslb has none yet.
  ft: text('frontend', { name: true }),
  b: text('backend', { name: true }),
  s: text('server', { name: true }),

  t: date('acceptDate', localMsDate),
  tr: date('requestDate', localMsDate, true),
  trg: date('requestDate', gmtDate, true),
  trl: date('requestDate', localDate, true),
  T: date('acceptDate', gmtDate),
  Tl: date('acceptDate', localDate),
  Ts: {
    cleanEnd: always,
    build: (f) => (f.hex ? (r) => hexNumber(Math.floor(r.acceptDate / 1000), 8) : (r) => String(Math.floor(r.acceptDate / 1000))),
  },
  ms: {
    cleanEnd: always,
    build: (f) => (f.hex ? (r) => hexNumber(r.acceptDate % 1000, 2) : (r) => pad(r.acceptDate % 1000, 3)),
  },

  Th: numberField('handshake'),
  Ti: numberField('idle', true),
  TR: numberField('request', true),
  Tq: number(tq, true),
  // HAProxy 2.6 counts %Tw from the request date, which a TCP stream does not have (-1 ms): it prints the queue time + 1 there.
  Tw: {
    cleanEnd: always,
    build: (_f, env) => (env.mode === 'tcp' ? (r) => String(r.queue < 0 ? -1 : r.queue + 1) : (r) => String(r.queue)),
    number: (_f, env) => (env.mode === 'tcp' ? '(r.queue < 0 ? -1 : r.queue + 1)' : 'r.queue'),
  },
  Tc: numberField('connect'),
  Tr: numberField('response', true),
  Ta: numberField('active', true),
  Tt: numberField('total'),
  Tu: number((r) => r.total - (r.idle < 0 ? 0 : r.idle)),
  Td: { cleanEnd: always, build: (_f, env) => (r) => String(td(r, env.mode)), number: (_f, env, gen) => `${gen.constant(td)}(r, ${lit(env.mode)})` },

  // A TCP stream has no HTTP transaction: HAProxy prints 0 there, -1 for an HTTP exchange without status.
  ST: {
    cleanEnd: always,
    build: (_f, env) => (env.mode === 'tcp' ? (r) => String(r.status < 0 ? 0 : r.status) : (r) => String(r.status)),
    number: (_f, env) => (env.mode === 'tcp' ? '(r.status < 0 ? 0 : r.status)' : 'r.status'),
  },
  B: numberField('bytesOut'),
  U: numberField('bytesIn'),
  CC: text('capturedCookie', { httpOnly: true }),
  CS: text('capturedSetCookie', { httpOnly: true }),
  ts: { cleanEnd: always, build: () => (r) => termination(r, 2), key: () => 'r.termination' },
  tsc: {
    cleanEnd: always,
    build: () => (r) => termination(r, 4),
    inline: (_f, _env, gen) => `((v = r.termination).length === 4 ? v : ${gen.constant((r: LogRecord) => termination(r, 4))}(r))`,
    key: () => 'r.termination',
  },

  ac: numberField('actconn'),
  fc: numberField('feconn'),
  bc: numberField('beconn'),
  sc: numberField('srvconn'),
  rc: {
    cleanEnd: always,
    short: 2,
    build: () => (r) => (r.redispatched ? '+' + String(r.retries) : String(r.retries)),
    inline: () => '(r.redispatched ? "+" + r.retries : "" + r.retries)',
  },
  sq: numberField('srvQueue'),
  bq: numberField('backendQueue'),

  hr: headerBlock('capturedRequest'),
  hs: headerBlock('capturedResponse'),
  hrl: headerList('capturedRequest'),
  hsl: headerList('capturedResponse'),

  r: requestLineVar,
  HM: lineVar(method),
  HU: lineVar(uri),
  HP: lineVar(uriPath),
  HPO: lineVar(pathOnlyPart),
  HQ: lineVar(query),
  HV: lineVar(version),

  ID: text('uniqueId'),
  H: { build: (f, env) => () => textValue(env.hostname, f), inline: (f, env) => `(${lit(textValue(env.hostname, f))})`, key: () => '""' },
  pid: counter(
    (_r, _lc, env) => env.pid,
    (env) => String(env.pid),
  ),
  rt: counter(
    (r) => r.requestCounter ?? 0,
    () => '(r.requestCounter ?? 0)',
  ),
  lc: counter(
    (_r, lc) => lc,
    () => 'lc',
  ),

  sslc: notImplemented('sslc'),
  sslv: notImplemented('sslv'),
};
