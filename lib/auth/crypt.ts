/**
 * crypt(3) for `userlist` passwords (configuration manual 3.4, "user ...
 * password <hash>"): MD5-crypt (`$1$`), SHA-256-crypt (`$5$`) and
 * SHA-512-crypt (`$6$`, the scheme of the manual's example), computed in
 * TypeScript over node:crypto digests.
 *
 * HAProxy accepts a password when `crypt(password, stored) == stored`: the
 * stored hash is its own setting, and only a hash written exactly as crypt(3)
 * writes it can ever match. tslb keeps that rule, with the crypt(3) of the
 * Linux distributions HAProxy 2.6 ships on (libxcrypt):
 *
 * - a setting holding a space, a control or non-ASCII byte, or one of
 *   `! * : ; \` fails, and so does a password of 512 bytes or more;
 * - the salt is cut at 8 (MD5) or 16 (SHA) characters, up to the next `$`;
 * - `rounds=<N>$` (SHA only, 5000 when absent) must be a decimal without a
 *   leading zero. An N outside 1000..999999999 is clamped into that range, as
 *   the SHA-crypt specification says (glibc) — libxcrypt refuses it instead,
 *   and either way the output names another N, so such a stored hash never
 *   matches.
 *
 * The SHA schemes follow Ulrich Drepper's "Unix crypt using SHA-256 and
 * SHA-512" (https://www.akkadia.org/drepper/SHA-crypt.txt); MD5-crypt is the
 * FreeBSD scheme that document derives from.
 */
import { hash, timingSafeEqual } from 'node:crypto';

export type CryptScheme = 'md5' | 'sha256' | 'sha512';

/** One `$id$` scheme: its digest, salt limit, output byte order and the shape of its hash part. */
interface SchemeSpec {
  readonly scheme: CryptScheme;
  readonly id: string;
  readonly saltMax: number;
  /** Whether `rounds=<N>$` may follow the id. */
  readonly tunable: boolean;
  /**
   * The digest bytes in output order, three per 24-bit group (most
   * significant first, -1 for a missing byte), and the number of characters
   * the last group yields.
   */
  readonly order: readonly (readonly [number, number, number])[];
  readonly lastChars: number;
  /** The hash part crypt(3) can produce: its length, and the few bits its last character carries. */
  readonly hashPart: RegExp;
}

const SCHEMES: readonly SchemeSpec[] = [
  {
    scheme: 'md5',
    id: '$1$',
    saltMax: 8,
    tunable: false,
    order: [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [-1, -1, 11]],
    lastChars: 2,
    hashPart: /^[./0-9A-Za-z]{21}[./01]$/,
  },
  {
    scheme: 'sha256',
    id: '$5$',
    saltMax: 16,
    tunable: true,
    order: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29], [-1, 31, 30]],
    lastChars: 3,
    hashPart: /^[./0-9A-Za-z]{42}[./0-9A-D]$/,
  },
  {
    scheme: 'sha512',
    id: '$6$',
    saltMax: 16,
    tunable: true,
    order: [
      [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
      [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41], [-1, -1, 63],
    ],
    lastChars: 2,
    hashPart: /^[./0-9A-Za-z]{85}[./01]$/,
  },
];

/** Other crypt(3) prefixes, named in the message refusing them. */
const OTHER_SCHEMES: readonly (readonly [string, string])[] = [
  ['$y$', 'yescrypt'],
  ['$gy$', 'gost-yescrypt'],
  ['$7$', 'scrypt'],
  ['$2', 'bcrypt'],
  ['$sha1$', 'sha1crypt'],
  ['$md5', 'SunMD5'],
  ['$3$', 'NT-hash'],
  ['_', 'BSDi extended DES'],
];

const MD5_ROUNDS = 1000;
const SHA_ROUNDS_DEFAULT = 5000;
const SHA_ROUNDS_MIN = 1000;
const SHA_ROUNDS_MAX = 999_999_999;
/** libxcrypt's limit: longer passwords never match. */
const MAX_PASSWORD_BYTES = 511;

const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Characters libxcrypt refuses anywhere in a setting. */
const BAD_SETTING_CHAR = /[^\x21-\x7e]|[!*:;\\]/;
const ROUNDS = /^rounds=([1-9][0-9]*)\$/;
const ZERO_BYTE = Buffer.alloc(1);

/** A parsed setting: everything crypt(3) reads before the hash part. */
interface Setting {
  readonly spec: SchemeSpec;
  readonly rounds: number;
  /** The salt as written, before truncation. */
  readonly rawSalt: string;
  readonly salt: string;
  /** `$id$[rounds=N$]salt`, as crypt(3) writes it. */
  readonly prefix: string;
  /** N as written in `rounds=N$`, when present. */
  readonly roundsText: string | undefined;
  /** What follows the salt: '' or `$...`. */
  readonly rest: string;
}

type SettingResult = { readonly ok: true; readonly setting: Setting } | { readonly ok: false; readonly unsupported: boolean; readonly message: string };

function parseSetting(stored: string): SettingResult {
  const spec = SCHEMES.find((s) => stored.startsWith(s.id));
  if (spec === undefined) {
    const other = OTHER_SCHEMES.find(([prefix]) => stored.startsWith(prefix))?.[1] ?? (/^[./0-9A-Za-z]{2}/.test(stored) ? 'traditional DES' : 'unknown');
    return { ok: false, unsupported: true, message: `unsupported crypt(3) scheme (${other}); tslb verifies $1$ (MD5), $5$ (SHA-256) and $6$ (SHA-512) hashes` };
  }
  if (BAD_SETTING_CHAR.test(stored)) {
    return { ok: false, unsupported: false, message: 'the hash holds a character crypt(3) refuses (space, control or non-ASCII character, or one of ! * : ; \\)' };
  }
  let after = stored.slice(spec.id.length);
  let rounds = spec.tunable ? SHA_ROUNDS_DEFAULT : MD5_ROUNDS;
  let roundsText: string | undefined;
  if (spec.tunable && after.startsWith('rounds=')) {
    const m = ROUNDS.exec(after);
    if (m === null) return { ok: false, unsupported: false, message: "'rounds=' must be followed by a decimal number without a leading zero, then '$'" };
    roundsText = m[1] as string;
    rounds = Math.min(SHA_ROUNDS_MAX, Math.max(SHA_ROUNDS_MIN, Number(roundsText)));
    after = after.slice(m[0].length);
  }
  const end = after.indexOf('$');
  const rawSalt = end < 0 ? after : after.slice(0, end);
  const salt = rawSalt.slice(0, spec.saltMax);
  const prefix = spec.id + (roundsText === undefined ? '' : `rounds=${rounds}$`) + salt;
  return { ok: true, setting: { spec, rounds, rawSalt, salt, prefix, roundsText, rest: end < 0 ? '' : after.slice(end) } };
}

/**
 * The rounds shared by MD5-crypt and SHA-crypt: each digest hashes the
 * previous one with the password material `p` and the salt material `s` in
 * an order set by the round number.
 */
function stretch(alg: string, first: Buffer, p: Buffer, s: Buffer, rounds: number): Buffer {
  const input = Buffer.allocUnsafe(2 * p.length + s.length + first.length);
  let digest = first;
  for (let i = 0; i < rounds; i++) {
    let o = (i & 1 ? p : digest).copy(input, 0);
    if (i % 3 !== 0) o += s.copy(input, o);
    if (i % 7 !== 0) o += p.copy(input, o);
    o += (i & 1 ? digest : p).copy(input, o);
    digest = hash(alg, input.subarray(0, o), 'buffer');
  }
  return digest;
}

/** `source` repeated over `length` bytes (an empty buffer for length 0). */
function repeat(source: Buffer, length: number): Buffer {
  return length === 0 ? Buffer.alloc(0) : Buffer.alloc(length, source);
}

/** The start of the first digest for both schemes: B repeated over the password's length. */
function initial(alg: string, p: Buffer, s: Buffer): Buffer {
  return repeat(hash(alg, Buffer.concat([p, s, p]), 'buffer'), p.length);
}

function md5Crypt(p: Buffer, s: Buffer): Buffer {
  const parts = [p, Buffer.from('$1$', 'latin1'), s, initial('md5', p, s)];
  // Per bit of the length: a zero byte for a 1, the first password byte for a 0.
  for (let n = p.length; n > 0; n >>= 1) parts.push(n & 1 ? ZERO_BYTE : p.subarray(0, 1));
  return stretch('md5', hash('md5', Buffer.concat(parts), 'buffer'), p, s, MD5_ROUNDS);
}

function shaCrypt(alg: 'sha256' | 'sha512', p: Buffer, s: Buffer, rounds: number): Buffer {
  const b = hash(alg, Buffer.concat([p, s, p]), 'buffer');
  const parts = [p, s, repeat(b, p.length)];
  // Per bit of the length: B for a 1, the password for a 0.
  for (let n = p.length; n > 0; n >>= 1) parts.push(n & 1 ? b : p);
  const a = hash(alg, Buffer.concat(parts), 'buffer');
  const pSeq = repeat(hash(alg, repeat(p, p.length * p.length), 'buffer'), p.length);
  const sSeq = hash(alg, repeat(s, s.length * (16 + (a[0] as number))), 'buffer').subarray(0, s.length);
  return stretch(alg, a, pSeq, sSeq, rounds);
}

/** crypt(3)'s own base64: 6 bits at a time, least significant first, over the scheme's byte order. */
function encode(digest: Buffer, spec: SchemeSpec): string {
  let out = '';
  spec.order.forEach((group, i) => {
    let w = 0;
    for (const index of group) w = (w << 8) | (index < 0 ? 0 : (digest[index] as number));
    for (let c = i === spec.order.length - 1 ? spec.lastChars : 4; c > 0; c--, w >>= 6) out += ALPHABET[w & 63];
  });
  return out;
}

function digestOf(password: Buffer, setting: Setting): Buffer {
  const salt = Buffer.from(setting.salt, 'latin1');
  const scheme = setting.spec.scheme;
  return scheme === 'md5' ? md5Crypt(password, salt) : shaCrypt(scheme, password, salt, setting.rounds);
}

/**
 * crypt(3): the hash of `password` under `setting` (a stored hash or just
 * its `$id$[rounds=N$]salt` part), or undefined where crypt(3) fails.
 */
export function crypt(password: Buffer, setting: string): string | undefined {
  const r = parseSetting(setting);
  if (!r.ok || password.length > MAX_PASSWORD_BYTES) return undefined;
  return `${r.setting.prefix}$${encode(digestOf(password, r.setting), r.setting.spec)}`;
}

/** A stored hash that can match, parsed once at load. */
export interface CryptHash {
  readonly scheme: CryptScheme;
  /** Digest rounds one verification costs. */
  readonly rounds: number;
  /** Whether crypt(password, stored) == stored, compared in constant time. */
  verify(password: Buffer): boolean;
}

export type CryptHashResult =
  | { readonly ok: true; readonly hash: CryptHash }
  /** `unsupported`: a scheme tslb does not compute; otherwise a hash of a supported scheme that no password can match. */
  | { readonly ok: false; readonly unsupported: boolean; readonly message: string };

/** Parses a `password` value of a `user` line: a hash that can match, or why it cannot. */
export function parseCryptHash(stored: string): CryptHashResult {
  const r = parseSetting(stored);
  if (!r.ok) return r;
  const { spec, rounds, rawSalt, salt, roundsText, rest } = r.setting;
  const never = (why: string): CryptHashResult => ({ ok: false, unsupported: false, message: `${why}, so no password can match this hash` });
  if (roundsText !== undefined && String(rounds) !== roundsText) {
    return never(`rounds=${roundsText} is outside ${SHA_ROUNDS_MIN}..${SHA_ROUNDS_MAX} (crypt(3) clamps or refuses it)`);
  }
  if (rawSalt.length > spec.saltMax) return never(`the salt '${rawSalt}' is longer than ${spec.saltMax} characters (crypt(3) cuts it to '${salt}')`);
  const hashPart = rest.slice(1);
  if (!spec.hashPart.test(hashPart)) return never(`the part after the salt is not a ${spec.scheme} digest as crypt(3) writes it`);
  const expected = Buffer.from(hashPart, 'latin1');
  const setting = r.setting;
  return {
    ok: true,
    hash: {
      scheme: spec.scheme,
      rounds,
      verify(password: Buffer): boolean {
        if (password.length > MAX_PASSWORD_BYTES) return false;
        return timingSafeEqual(Buffer.from(encode(digestOf(password, setting), spec), 'latin1'), expected);
      },
    },
  };
}
