/**
 * Stick-table keys per table type (configuration manual 4.2 "stick-table",
 * `type ip | ipv6 | integer | string [len <n>] | binary [len <n>]`).
 *
 * A key is what the table's Map is indexed by, chosen so that the common case
 * costs nothing: an `ip` table keys on the dotted text a socket address or an
 * `ip` sample already is. HAProxy 2.6 semantics:
 *
 *   type     key (JS)                 from a sample (HAProxy's cast to the table type)
 *   ip       dotted IPv4 text         ip as is, IPv6 only if IPv4-mapped (::ffff:a.b.c.d);
 *                                     int as a 32-bit address; str read as a dotted quad
 *   ipv6     inet_ntop IPv6 text      ip (IPv4 becomes ::ffff:a.b.c.d); int likewise;
 *                                     str through inet_pton (plain IPv4 text fails)
 *   integer  32-bit unsigned number   int and str (leading digits) truncated to 32 bits;
 *                                     bool 0/1; IPv4 as its 32-bit value
 *   string   latin1 text ≤ len bytes  str/meth; int and bool as decimal; ip as text;
 *                                     bin up to its first NUL; cut at len (default 32)
 *   binary   latin1 text of len bytes bin, str/meth bytes; int as 8 bytes big-endian;
 *                                     ip as 4 or 16 bytes; zero-padded or cut to len
 *
 * Strings also end at their first NUL byte, as HAProxy's C strings do.
 *
 * `text()` prints a key as `show table` does (strings escaped, binary keys in
 * upper-case hex) and `bytes()` gives the bytes HAProxy's tree orders entries
 * by — integers in the host's byte order, so `show table` lists 256 before 1
 * on little-endian machines (x86, arm64), which is what this module assumes.
 */
import type { StickTable as StickTableConfig } from '../config/model/stick.js';
import { formatIPv6, ipv4Bytes, ipv6Bytes, parseIPv6, readIPv4 } from './address.js';

export type StickKey = string | number;

/** A sample as the key conversion takes it; tslb's Sample (lib/rules/sample/sample.ts) is one. */
export type StickKeySample =
  | { readonly type: 'str' | 'meth'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  /** Dotted IPv4 or IPv6 text. */
  | { readonly type: 'ip'; readonly value: string }
  | { readonly type: 'bin'; readonly value: Buffer };

export interface StickKeyType {
  readonly name: StickTableConfig['type'];
  /** HAProxy's smp_to_stkey(): the key a sample gives, or undefined when it does not convert to the table type. */
  fromSample(sample: StickKeySample): StickKey | undefined;
  /**
   * A Runtime API `key <k>` argument (management guide 9.3 "show table"),
   * or undefined where HAProxy answers "Invalid key" (binary tables take no
   * key there at all). An `ip` table reads any text: what is not a dotted
   * quad looks up 0.0.0.0.
   */
  fromText(text: string): StickKey | undefined;
  /** The key as `show table` prints it after `key=`. */
  text(key: StickKey): string;
  /** The bytes HAProxy's key tree orders entries by. */
  bytes(key: StickKey): Buffer;
}

const TWO32 = 4294967296;
const MEMO_SIZE = 4096;

function dotted(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as dotted IPv4, the only IPv6 form HAProxy casts to IPv4. */
function v6ToV4(text: string): string | undefined {
  const w = parseIPv6(text);
  if (!w || w[0] !== 0 || w[1] !== 0 || w[2] !== 0 || w[3] !== 0 || w[4] !== 0 || w[5] !== 0xffff) return undefined;
  return dotted((((w[6] as number) << 16) | (w[7] as number)) >>> 0);
}

/** HAProxy's read_int64 (the str → int cast) reduced to its low 32 bits: a sign, then digits up to the first other byte. */
function readInt32(text: string): number | undefined {
  if (text.length === 0) return undefined;
  const sign = text.charCodeAt(0);
  let i = sign === 45 || sign === 43 ? 1 : 0;
  let v = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = (v * 10 + d) % TWO32;
  }
  return sign === 45 ? (TWO32 - v) % TWO32 : v;
}

/** Up to the first NUL byte, as a C string. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

class IpKeys implements StickKeyType {
  readonly name = 'ip';

  fromSample(s: StickKeySample): StickKey | undefined {
    switch (s.type) {
      case 'ip':
        return s.value.includes(':') ? v6ToV4(s.value) : s.value;
      case 'int':
        return dotted(s.value >>> 0);
      case 'str':
        return readIPv4(s.value);
      default:
        return undefined;
    }
  }

  fromText(text: string): StickKey {
    return readIPv4(text) ?? '0.0.0.0';
  }

  text(key: StickKey): string {
    return String(key);
  }

  bytes(key: StickKey): Buffer {
    return ipv4Bytes(String(key));
  }
}

class Ipv6Keys implements StickKeyType {
  readonly name = 'ipv6';
  /** Canonical text of the addresses seen lately, since clients come back; emptied when full. */
  readonly #memo = new Map<string, string>();

  #canonical(text: string): string | undefined {
    const known = this.#memo.get(text);
    if (known !== undefined) return known;
    const words = parseIPv6(text);
    if (!words) return undefined;
    const key = formatIPv6(words);
    if (this.#memo.size >= MEMO_SIZE) this.#memo.clear();
    this.#memo.set(text, key);
    return key;
  }

  fromSample(s: StickKeySample): StickKey | undefined {
    switch (s.type) {
      case 'ip':
        return s.value.includes(':') ? this.#canonical(s.value) : `::ffff:${s.value}`;
      case 'int':
        return `::ffff:${dotted(s.value >>> 0)}`;
      case 'str':
        return this.#canonical(s.value);
      default:
        return undefined;
    }
  }

  fromText(text: string): StickKey | undefined {
    return this.#canonical(text);
  }

  text(key: StickKey): string {
    return String(key);
  }

  bytes(key: StickKey): Buffer {
    // Keys are inet_ntop text, which always parses.
    return ipv6Bytes(parseIPv6(String(key)) as number[]);
  }
}

class IntegerKeys implements StickKeyType {
  readonly name = 'integer';

  fromSample(s: StickKeySample): StickKey | undefined {
    switch (s.type) {
      case 'int':
        return s.value >>> 0;
      case 'bool':
        return s.value ? 1 : 0;
      case 'str':
        return readInt32(s.value);
      case 'ip': {
        if (s.value.includes(':')) return undefined;
        return ipv4Bytes(s.value).readUInt32BE(0);
      }
      default:
        return undefined;
    }
  }

  /** strtoul(): blanks, a sign, decimal digits (what follows is ignored); more than 32 bits is invalid. */
  fromText(text: string): StickKey | undefined {
    const m = /^[\t\n\v\f\r ]*([+-]?)(\d+)/.exec(text);
    if (!m) return undefined;
    const v = BigInt(m[2] as string);
    if (v > 0xffffffffn || (m[1] === '-' && v !== 0n)) return undefined;
    return Number(v);
  }

  text(key: StickKey): string {
    return String(key);
  }

  bytes(key: StickKey): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(Number(key));
    return b;
  }
}

class StringKeys implements StickKeyType {
  readonly name = 'string';
  readonly #len: number;
  readonly #v6 = new Ipv6Keys();

  constructor(len: number) {
    this.#len = len;
  }

  #cut(s: string): string {
    const c = cString(s);
    return c.length > this.#len ? c.slice(0, this.#len) : c;
  }

  fromSample(s: StickKeySample): StickKey | undefined {
    switch (s.type) {
      case 'str':
      case 'meth':
        return this.#cut(s.value);
      case 'int':
        return this.#cut(String(s.value));
      case 'bool':
        return s.value ? '1' : '0';
      case 'ip': {
        const text = s.value.includes(':') ? this.#v6.fromSample(s) : s.value;
        return text === undefined ? undefined : this.#cut(String(text));
      }
      case 'bin':
        return this.#cut(s.value.toString('latin1'));
    }
  }

  fromText(text: string): StickKey {
    return this.#cut(text);
  }

  /** HAProxy's dump_text(): printable ASCII as is, blanks, `=` and `\` escaped, other bytes as \xHH. */
  text(key: StickKey): string {
    const s = String(key);
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x20 && c < 0x7f && c !== 0x5c && c !== 0x3d) out += s[i];
      else if (c === 0x20 || c === 0x3d || c === 0x5c) out += `\\${s[i]}`;
      else if (c === 0x09) out += '\\t';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x1b) out += '\\e';
      else out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  }

  bytes(key: StickKey): Buffer {
    return Buffer.from(String(key), 'latin1');
  }
}

class BinaryKeys implements StickKeyType {
  readonly name = 'binary';
  readonly #len: number;

  constructor(len: number) {
    this.#len = len;
  }

  /** Zero-padded or cut to the key length. */
  #fit(s: string): string {
    return s.length >= this.#len ? s.slice(0, this.#len) : s + '\0'.repeat(this.#len - s.length);
  }

  fromSample(s: StickKeySample): StickKey | undefined {
    switch (s.type) {
      case 'bin':
        return this.#fit(s.value.toString('latin1', 0, Math.min(s.value.length, this.#len)));
      case 'str':
      case 'meth':
        return this.#fit(s.value);
      case 'int': {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(BigInt.asIntN(64, BigInt(s.value)));
        return this.#fit(b.toString('latin1'));
      }
      case 'ip': {
        if (!s.value.includes(':')) return this.#fit(ipv4Bytes(s.value).toString('latin1'));
        const words = parseIPv6(s.value);
        return words && this.#fit(ipv6Bytes(words).toString('latin1'));
      }
      case 'bool':
        return undefined;
    }
  }

  fromText(): undefined {
    return undefined;
  }

  /** HAProxy's dump_binary(): every byte of the key in upper-case hex. */
  text(key: StickKey): string {
    return Buffer.from(String(key), 'latin1').toString('hex').toUpperCase();
  }

  bytes(key: StickKey): Buffer {
    return Buffer.from(String(key), 'latin1');
  }
}

/** The key handling of a table of `type` (`len` for string and binary, 32 when not given). */
export function stickKeyType(type: StickTableConfig['type'], len = 32): StickKeyType {
  switch (type) {
    case 'ip':
      return new IpKeys();
    case 'ipv6':
      return new Ipv6Keys();
    case 'integer':
      return new IntegerKeys();
    case 'string':
      return new StringKeys(len);
    case 'binary':
      return new BinaryKeys(len);
  }
}
