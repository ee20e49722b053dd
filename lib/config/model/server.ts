/**
 * `server` and `default-server` lines (configuration manual 5.2). A server
 * is its `default-server` settings (inherited through defaults) overlaid
 * with the options on its own line.
 */
import type { Place } from './common.js';

export type ServerAddress =
  | {
      readonly kind: 'inet';
      /**
       * IP literal (no brackets; inet_aton forms normalised) or host name as
       * written (resolved by the runtime, see initAddr). '0.0.0.0' / '::'
       * (from `*`, an empty host or `ipv4@` alone) mean the client's
       * destination address (manual 5.2 "server").
       */
      readonly host: string;
      /**
       * Destination port. 'absent' (no port, `:0`, `+0`): use the client's
       * destination port; 'offset': client port + offset (`+N` / `-N`).
       */
      readonly port: { readonly kind: 'fixed'; readonly value: number } | { readonly kind: 'absent' } | { readonly kind: 'offset'; readonly value: number };
      readonly family: 'any' | 'ipv4' | 'ipv6';
    }
  | { readonly kind: 'unix'; readonly path: string };

export interface AgentCheck {
  readonly enabled: boolean;
  readonly port?: number | undefined;
  readonly addr?: string | undefined;
  readonly inter?: number | undefined;
  readonly send?: string | undefined;
}

/** Every server setting that `default-server` may carry. */
export interface ServerParams {
  /** 0..256; 0 takes only persistent traffic. */
  readonly weight: number;
  readonly check: boolean;
  /** Check intervals in ms: inter (default 2000), fastinter / downinter default to inter when unset. */
  readonly inter: number;
  readonly fastinter?: number | undefined;
  readonly downinter?: number | undefined;
  readonly fall: number;
  readonly rise: number;
  readonly backup: boolean;
  /** 0 = unlimited. */
  readonly maxconn: number;
  readonly minconn: number;
  /** 0 = unlimited. */
  readonly maxqueue: number;
  readonly slowstart: number;
  readonly disabled: boolean;
  /** Health-check destination overrides (`addr`, `port`). */
  readonly checkAddr?: string | undefined;
  readonly checkPort?: number | undefined;
  readonly checkSsl: boolean;
  readonly checkSendProxy: boolean;
  readonly agent: AgentCheck;
  /** PROXY protocol towards the server; with both send-proxy and send-proxy-v2, v2 wins. */
  readonly sendProxy: 'none' | 'v1' | 'v2';
  readonly ssl: boolean;
  /** undefined: the global `ssl-server-verify` decides (default 'required'). */
  readonly verify?: 'none' | 'required' | undefined;
  readonly caFile?: string | undefined;
  readonly sni?: string | undefined;
  readonly alpn?: readonly string[] | undefined;
  readonly onMarkedDown?: 'shutdown-sessions' | undefined;
  readonly onMarkedUp?: 'shutdown-backup-sessions' | undefined;
  readonly onError?: 'fastinter' | 'fail-check' | 'sudden-death' | 'mark-down' | undefined;
  readonly errorLimit: number;
  /** `observe layer4|layer7`; `observe none` leaves it undefined. */
  readonly observe?: 'layer4' | 'layer7' | undefined;
  readonly resolvers?: string | undefined;
  readonly resolvePrefer?: 'ipv4' | 'ipv6' | undefined;
  /** `init-addr` methods in order: last, libc, none, or a literal IP. Default: last, libc. */
  readonly initAddr: readonly string[];
  /** `track [<backend>/]<server>`. */
  readonly track?: { readonly backend?: string | undefined; readonly server: string } | undefined;
  readonly cookie?: string | undefined;
  /** -1 = unlimited. */
  readonly poolMaxConn?: number | undefined;
  /** ms. */
  readonly poolPurgeDelay?: number | undefined;
  /** -1 = unlimited (any negative value reads as -1). */
  readonly maxReuse?: number | undefined;
}

export interface Server extends ServerParams {
  readonly place: Place;
  readonly name: string;
  readonly address: ServerAddress;
  /** `id <n>`; otherwise undefined and numbered by the runtime (1-based order). */
  readonly id?: number | undefined;
}
