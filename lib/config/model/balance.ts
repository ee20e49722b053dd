/** `balance` and `hash-type` (configuration manual 4.2 "balance", "hash-type"). */

/** The hash functions of HAProxy 2.6 ('none' only arrived in 2.7). */
export type HashFunction = 'sdbm' | 'djb2' | 'wt6' | 'crc32';

/**
 * Built-in: map-based + sdbm without avalanche; `hash-type consistent` with
 * no function is sdbm + avalanche (manual 4.2 "hash-type").
 */
export interface HashType {
  readonly method: 'map-based' | 'consistent';
  readonly function: HashFunction;
  readonly avalanche: boolean;
}

export type Balance =
  | { readonly kind: 'roundrobin' }
  | { readonly kind: 'static-rr' }
  | { readonly kind: 'leastconn' }
  | { readonly kind: 'first' }
  | { readonly kind: 'source' }
  | {
      readonly kind: 'uri';
      readonly whole: boolean;
      readonly pathOnly: boolean;
      /** 0 = whole length / unlimited depth. */
      readonly len: number;
      readonly depth: number;
    }
  /** `check_post [<max_wait>]`: <max_wait> is read and ignored, as in HAProxy 2.6. */
  | { readonly kind: 'url_param'; readonly param: string; readonly checkPost: boolean }
  | { readonly kind: 'hdr'; readonly header: string; readonly useDomainOnly: boolean }
  /** `random` / `random()` draw 2 (power of two choices). */
  | { readonly kind: 'random'; readonly draws: number }
  /** `rdp-cookie` alone looks up 'mstshash'. */
  | { readonly kind: 'rdp-cookie'; readonly cookie: string }
  | { readonly kind: 'hash'; readonly expr: string };

export type BalanceKind = Balance['kind'];
