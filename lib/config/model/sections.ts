/** The smaller sections tslb uses: userlist, resolvers and http-errors (configuration manual 3.4, 5.3.2, 3.8). */
import type { Place } from './common.js';

export interface UserlistUser {
  readonly place: Place;
  readonly name: string;
  /** `insecure-password` (plain text) or `password` (a crypt(3) hash). */
  readonly password: { readonly kind: 'insecure' | 'crypt'; readonly value: string };
  readonly groups: readonly string[];
}

export interface Userlist {
  readonly place: Place;
  readonly name: string;
  readonly groups: readonly { readonly place: Place; readonly name: string; readonly users: readonly string[] }[];
  readonly users: readonly UserlistUser[];
}

export interface Nameserver {
  readonly place: Place;
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface Resolvers {
  readonly place: Place;
  readonly name: string;
  readonly nameservers: readonly Nameserver[];
  readonly parseResolvConf: boolean;
  readonly resolveRetries: number;
  /** ms */
  readonly timeoutResolve: number;
  readonly timeoutRetry: number;
  /** `hold <status> <period>` in ms, by status: nx, other, refused, timeout, valid, obsolete. */
  readonly hold: Readonly<Record<string, number>>;
  readonly acceptedPayloadSize: number;
}

export interface HttpErrors {
  readonly place: Place;
  readonly name: string;
  readonly errorFiles: readonly { readonly status: number; readonly file: string }[];
}
