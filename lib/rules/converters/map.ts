/**
 * The map converters (configuration manual 7.3.1 "map"): look the input up
 * in a two-column map file and return the value of the entry that answers.
 *
 *   map_<match>[_<output>](<map_file>[,<default_value>])
 *
 *   match   str (also plain `map`), beg, sub, dir, dom, end, reg: input str
 *           int: input int; ip: input ip
 *   output  str (no suffix), int, ip;  map_regm: reg match, str output
 *
 *   load time:  options.map(file, method) ──▶ PatternMap (read once per runtime, shared)
 *               every value parsed as the output type, once per map and output type
 *   per call:   input ──cast──▶ find ──▶ the entry's value | the default | no sample
 *
 * Which entry answers when several keys match is the pattern library's
 * (../pattern/pattern-map.ts), as HAProxy orders them. Without a default,
 * a miss gives no sample; an input that cannot be cast to the match type
 * (an empty string for map_int, text that is not an address for map_ip)
 * gives no sample even with a default: the converter does not run.
 *
 * As in HAProxy (map.c sample_load_map), every value is checked against
 * the output type at load time and a value that does not parse refuses
 * the configuration:
 *  - int: read_int64 over the whole value, an optional sign then digits,
 *    saturating at the 64-bit limits; an empty value is 0;
 *  - ip: buf2ip, a dotted quad read leniently (leading zeros allowed, and
 *    it stops at the first byte that is neither a digit nor a dot, so
 *    `1.2.3.4/8` is 1.2.3.4), else inet_pton's IPv6.
 * The default of an `_int` converter is an integer argument (an empty one
 * is 0: `map_str_int(f,)` defaults to 0); that of an `_ip` one is read as
 * the values are (an empty one is refused); that of the others is any
 * string (`map(f,)` defaults to the empty string).
 *
 * map_regm matches as map_reg and writes into the value, in place of
 * `\0`..`\9`, the text of that group of the matching regex (nothing for a
 * group that did not take part), `\xHH` a byte and `\c` the character c.
 * A value ending inside an escape makes HAProxy's exp_replace fail at run
 * time: its key then gives no sample (not the default).
 *
 * The file is loaded through CompileOptions.map, which the rule engine
 * gives over its PatternStore: the path as written (a relative one from the
 * working directory, as ACL `-f` files), and a file is either a map or a
 * pattern list for the whole configuration. Without it, map converters are
 * refused.
 */
import { compileRegex } from '../../config/regex.js';
import { PatternError, type MapMethod, type PatternEntry, type PatternMap } from '../pattern/index.js';
import { parseIpv6 } from '../pattern/ip-address.js';
import { castSample, int, ip, str, type Sample } from '../sample/sample.js';
import { parseArgs, readInt64, type Args } from './args.js';
import { ipv6Text } from './ip.js';
import type { ConverterSpec } from './types.js';

type Output = 'str' | 'int' | 'ip';

/** The type each match method casts its input to (`haproxy -dKcnv`). */
const INPUT: { readonly [M in MapMethod]: 'str' | 'int' | 'ip' } = {
  str: 'str',
  beg: 'str',
  sub: 'str',
  dir: 'str',
  dom: 'str',
  end: 'str',
  reg: 'str',
  int: 'int',
  ip: 'ip',
};

const OUTPUT_NAMES: Readonly<Record<Output, string>> = { str: 'a string', int: 'an integer', ip: 'an IPv4 or IPv6 address' };

/**
 * HAProxy's buf2ip: a dotted quad, each part 0-255 with leading zeros
 * allowed, ending at the first byte that is not a digit or a dot. The
 * address as dotted text.
 */
function buf2ip(text: string): string | undefined {
  const parts = [0, 0, 0, 0];
  let at = 0;
  let octets = 0;
  let sawDigit = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      const v = (parts[at] as number) * 10 + (c - 0x30);
      if (v > 255) return undefined;
      parts[at] = v;
      if (!sawDigit) {
        if (++octets > 4) return undefined;
        sawDigit = true;
      }
    } else if (c === 0x2e) {
      if (!sawDigit || octets === 4) return undefined;
      at++;
      sawDigit = false;
    } else {
      break;
    }
  }
  return octets < 4 ? undefined : parts.join('.');
}

const IPV6 = new Uint8Array(16);

/** HAProxy's map_parse_ip: buf2ip, else inet_pton(AF_INET6) on at most INET6_ADDRSTRLEN (46) bytes. */
function parseAddress(text: string): Sample | undefined {
  const v4 = buf2ip(text);
  if (v4 !== undefined) return ip(v4);
  return text.length <= 46 && parseIpv6(text, IPV6) ? ip(ipv6Text(IPV6)) : undefined;
}

/** A map value as the output type (map_parse_str / map_parse_int / map_parse_ip), or undefined when it does not parse. */
function parseValue(text: string, out: Output): Sample | undefined {
  switch (out) {
    case 'str':
      return str(text);
    case 'int': {
      const n = readInt64(text);
      return n === undefined ? undefined : int(Number(n));
    }
    case 'ip':
      return parseAddress(text);
    default: {
      const never: never = out;
      return never;
    }
  }
}

type Values = ReadonlyMap<PatternEntry, Sample>;

/** The values of each map, parsed once per output type (maps are shared by the runtime's PatternStore). */
const VALUES: Readonly<Record<Output, WeakMap<PatternMap, Values>>> = { str: new WeakMap(), int: new WeakMap(), ip: new WeakMap() };

/** Throws PatternError at the first value that is not of the output type. */
function valuesOf(map: PatternMap, out: Output): Values {
  let values = VALUES[out].get(map);
  if (values === undefined) {
    const parsed = new Map<PatternEntry, Sample>();
    for (const e of map.entries) {
      const v = parseValue(e.value ?? '', out);
      if (v === undefined) throw PatternError.at(e, `unable to parse '${e.value ?? ''}' as ${OUTPUT_NAMES[out]}`);
      parsed.set(e, v);
    }
    values = parsed;
    VALUES[out].set(map, values);
  }
  return values;
}

/** One piece of a map_regm value: literal text or a group number. */
type Piece = string | number;

/** `toupper(c) - '0'`, less 7 above 9, in a byte: exp_replace's loose hex digit. */
function hexNibble(c: number): number {
  const upper = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  let v = (upper - 0x30) & 0xff;
  if (v > 9) v = (v - 7) & 0xff;
  return v;
}

/** A map_regm value as exp_replace reads it; undefined when it ends inside an escape (exp_replace fails). */
function parseReplacement(value: string): Piece[] | undefined {
  const pieces: Piece[] = [];
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c !== '\\') {
      text += c;
      continue;
    }
    const next = value[++i];
    if (next === undefined) return undefined;
    if (next >= '0' && next <= '9') {
      if (text !== '') pieces.push(text);
      text = '';
      pieces.push(next.charCodeAt(0) - 0x30);
    } else if (next === 'x') {
      if (i + 2 >= value.length) return undefined;
      text += String.fromCharCode(((hexNibble(value.charCodeAt(i + 1)) << 4) + hexNibble(value.charCodeAt(i + 2))) & 0xff);
      i += 2;
    } else {
      text += next;
    }
  }
  if (text !== '') pieces.push(text);
  return pieces;
}

interface RegmRule {
  readonly regex: RegExp;
  /** Undefined: the value cannot be expanded, the match gives no sample. */
  readonly pieces: readonly Piece[] | undefined;
}

const REGM = new WeakMap<PatternMap, readonly RegmRule[]>();

/** The regexes of a `reg` map with their values, for map_regm (which needs the groups of the match). */
function regmRules(map: PatternMap): readonly RegmRule[] {
  let rules = REGM.get(map);
  if (rules === undefined) {
    rules = map.entries.map((e) => {
      // The map compiled every key already; this compilation is the same one, kept for its groups.
      const r = compileRegex(e.key);
      if (!r.ok) throw PatternError.at(e, r.message);
      return { regex: r.regex, pieces: parseReplacement(e.value ?? '') };
    });
    REGM.set(map, rules);
  }
  return rules;
}

/** map_regm's lookup: the first regex that matches, its value expanded with the match's groups. */
function regmConverter(rules: readonly RegmRule[], dflt: Sample | undefined): (sample: Sample) => Sample | undefined {
  return (sample) => {
    const s = castSample(sample, 'str');
    if (s?.type !== 'str') return undefined;
    for (const { regex, pieces } of rules) {
      const m = regex.exec(s.value);
      if (m === null) continue;
      if (pieces === undefined) return undefined;
      let out = '';
      for (const p of pieces) out += typeof p === 'string' ? p : (m[p] ?? '');
      return str(out);
    }
    return dflt;
  };
}

/** The other map converters: the value of the entry that answers, already of the output type. */
function lookupConverter(map: PatternMap, input: 'str' | 'int' | 'ip', values: Values, dflt: Sample | undefined): (sample: Sample) => Sample | undefined {
  return (sample) => {
    const s = castSample(sample, input);
    if (s === undefined) return undefined;
    const hit = map.find(s);
    return hit === undefined ? dflt : values.get(hit);
  };
}

/** The default value, undefined when none is given. */
function defaultOf(args: Args, written: readonly string[], out: Output): Sample | undefined {
  if (out === 'int') {
    // An empty integer ends HAProxy's argument list but stays typed, with the value 0: `map_str_int(f,)` defaults to 0.
    const n = args.int(1) ?? (written.length > 1 ? 0n : undefined);
    return n === undefined ? undefined : int(Number(n));
  }
  if (!args.has(1)) return undefined;
  const v = parseValue(args.str(1), out);
  if (v === undefined) throw args.error(`cannot parse the default value '${args.str(1)}' as ${OUTPUT_NAMES[out]}`);
  return v;
}

/** One map converter; `regm` is map_regm (reg match with back-references, string output). */
function mapConverter(name: string, method: MapMethod, out: Output, regm = false): ConverterSpec {
  const input = INPUT[method];
  return {
    name,
    in: input,
    out,
    compile(written, options) {
      const args = parseArgs(name, { kinds: ['str', out === 'int' ? 'int' : 'str'], min: 1 }, written);
      const load = options?.map;
      if (load === undefined) throw args.error('map files need the rule engine (compile was given no map loader)');
      const dflt = defaultOf(args, written, out);
      try {
        const map = load(args.str(0), method);
        return regm ? regmConverter(regmRules(map), dflt) : lookupConverter(map, input, valuesOf(map, out), dflt);
      } catch (err) {
        if (err instanceof PatternError) throw args.error(err.message);
        throw err;
      }
    },
  };
}

const METHODS: readonly MapMethod[] = ['str', 'beg', 'sub', 'dir', 'dom', 'end', 'reg', 'int', 'ip'];

export const MAP_CONVERTERS: readonly ConverterSpec[] = [
  mapConverter('map', 'str', 'str'),
  mapConverter('map_regm', 'reg', 'str', true),
  ...METHODS.flatMap((m) => [mapConverter(`map_${m}`, m, 'str'), mapConverter(`map_${m}_int`, m, 'int'), mapConverter(`map_${m}_ip`, m, 'ip')]),
];
