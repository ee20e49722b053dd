/**
 * A `userlist` section at run time (configuration manual 3.4): the password
 * check behind `http_auth(<userlist>)` and the group membership behind
 * `http_auth_group(<userlist>) <group> ...` (7.3.6), built once at load.
 *
 * User names and passwords are byte strings (one character per byte, as
 * `parseBasicAuthorization` returns them); the configuration's UTF-8 text is
 * turned into bytes the same way, so a non-ASCII password matches the bytes
 * a client sends for it. Group names are compared as the configuration
 * writes them.
 *
 * Cost and cache. A crypt(3) hash is deliberately slow: one verification
 * takes about 1 ms for `$1$` and 4.5 ms for `$5$` or `$6$` with the default
 * 5000 rounds (Node 20; libxcrypt takes 0.1 and 0.9 ms), on the event loop.
 * So each user keeps the last password that verified, as an HMAC-SHA-256
 * under a key drawn at random when the list is built (a hit costs 2 µs):
 *
 * - only a password crypt(3) accepted is remembered, and a different
 *   password has a different HMAC, so a wrong password never hits the cache
 *   and always pays the full crypt(3);
 * - one entry per user bounds the cache by the configuration, and a crypt(3)
 *   hash accepts only one password anyway;
 * - the keyed HMAC, unlike a bare digest, cannot be checked against guesses
 *   without the key; a reader of the process memory gets both (and could
 *   then guess at HMAC speed), but such a reader also sees the passwords of
 *   the requests in flight;
 * - the cache lives as long as the list: a reload builds a new one.
 *
 * As in HAProxy, an unknown user is refused at once, without a crypt(3).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Place } from '../config/model/common.js';
import type { Userlist as UserlistConfig } from '../config/model/sections.js';
import { parseCryptHash, type CryptHash } from './crypt.js';

/** A `user` line whose password can never be accepted. */
export interface UserlistProblem {
  readonly place: Place;
  readonly user: string;
  /** A crypt(3) scheme tslb does not compute, rather than a malformed hash. */
  readonly unsupported: boolean;
  readonly message: string;
}

/** Every `password` hash of the list that tslb cannot verify or that no password can match, for the configuration to refuse. */
export function userlistProblems(config: UserlistConfig): UserlistProblem[] {
  const problems: UserlistProblem[] = [];
  for (const u of config.users) {
    if (u.password.kind !== 'crypt') continue;
    const r = parseCryptHash(u.password.value);
    if (!r.ok) {
      problems.push({ place: u.place, user: u.name, unsupported: r.unsupported, message: `password of user '${u.name}' in userlist '${config.name}': ${r.message}` });
    }
  }
  return problems;
}

export interface UserlistStats {
  /** crypt(3) verifications run. */
  readonly verifications: number;
  /** Checks answered by a user's last verified password. */
  readonly cacheHits: number;
}

type Secret =
  | { readonly kind: 'insecure'; readonly digest: Buffer }
  | { readonly kind: 'crypt'; readonly hash: CryptHash; verified: Buffer | undefined }
  | { readonly kind: 'never' };

/** A string of the configuration as the bytes it stands for, one character per byte. */
function bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'latin1').digest();
}

export class Userlist {
  readonly name: string;
  readonly #secrets = new Map<string, Secret>();
  readonly #groupsOf = new Map<string, Set<string>>();
  readonly #groups: ReadonlySet<string>;
  readonly #cacheKey = randomBytes(32);
  #verifications = 0;
  #cacheHits = 0;

  constructor(config: UserlistConfig) {
    this.name = config.name;
    this.#groups = new Set(config.groups.map((g) => g.name));
    for (const u of config.users) {
      const name = bytes(u.name);
      if (this.#secrets.has(name)) continue;
      this.#secrets.set(name, Userlist.#secret(u.password));
      this.#groupsOf.set(name, new Set(u.groups));
    }
    for (const g of config.groups) for (const u of g.users) this.#groupsOf.get(bytes(u))?.add(g.name);
  }

  static #secret(password: UserlistConfig['users'][number]['password']): Secret {
    if (password.kind === 'insecure') return { kind: 'insecure', digest: sha256(bytes(password.value)) };
    const r = parseCryptHash(password.value);
    return r.ok ? { kind: 'crypt', hash: r.hash, verified: undefined } : { kind: 'never' };
  }

  /** `http_auth(<userlist>)`: whether `user` exists and `password` is theirs. */
  check(user: string, password: string): boolean {
    const secret = this.#secrets.get(user);
    if (secret === undefined) return false;
    switch (secret.kind) {
      case 'insecure':
        return timingSafeEqual(sha256(password), secret.digest);
      case 'crypt': {
        const mac = createHmac('sha256', this.#cacheKey).update(password, 'latin1').digest();
        if (secret.verified !== undefined && timingSafeEqual(mac, secret.verified)) {
          this.#cacheHits++;
          return true;
        }
        this.#verifications++;
        if (!secret.hash.verify(Buffer.from(password, 'latin1'))) return false;
        secret.verified = mac;
        return true;
      }
      case 'never':
        return false;
      default: {
        const unreachable: never = secret;
        return unreachable;
      }
    }
  }

  /** Whether the list declares `group` (HAProxy refuses an `http_auth_group` ACL naming another). */
  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }

  /**
   * The group test of `http_auth_group(<userlist>) <group> ...`, for a user
   * `check` accepted: membership comes from the user's `groups` and from the
   * `users` of each `group` line.
   */
  /** The groups `user` belongs to (by its `groups` and by the `users` of each `group` line). */
  groupsOf(user: string): readonly string[] {
    return [...(this.#groupsOf.get(user) ?? [])];
  }

  inAnyGroup(user: string, groups: readonly string[]): boolean {
    const mine = this.#groupsOf.get(user);
    return mine !== undefined && groups.some((g) => mine.has(g));
  }

  stats(): UserlistStats {
    return { verifications: this.#verifications, cacheHits: this.#cacheHits };
  }
}
