/**
 * `bind` lines: one entry per address after comma lists and port ranges are
 * expanded, so the data plane opens exactly one listening socket per entry.
 */
import type { Place } from './common.js';

/** `ssl-min-ver` / `ssl-max-ver` names, oldest first (configuration manual 5.1). */
export type TlsVersion = 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Where a listener listens. */
export type BindAddress =
  | {
      readonly kind: 'inet';
      /**
       * '' for all addresses (":80", "*:80"), else a literal IPv4/IPv6 address
       * (without brackets; inet_aton forms such as "1.2.3" normalised to a
       * dotted quad) or a host name, which HAProxy resolves at startup.
       */
      readonly host: string;
      readonly port: number;
      /** ipv4@ / ipv6@ prefixes force a family; 'any' otherwise. */
      readonly family: 'any' | 'ipv4' | 'ipv6';
    }
  | { readonly kind: 'unix'; readonly path: string };

export interface BindSsl {
  /** `crt <pem|dir>` (may repeat). */
  readonly certificates: readonly string[];
  readonly crtList?: string | undefined;
  readonly alpn?: readonly string[] | undefined;
  readonly ciphers?: string | undefined;
  readonly ciphersuites?: string | undefined;
  readonly minVersion?: TlsVersion | undefined;
  readonly maxVersion?: TlsVersion | undefined;
  readonly caFile?: string | undefined;
  readonly verify?: 'none' | 'optional' | 'required' | undefined;
  readonly strictSni: boolean;
}

export interface Bind {
  readonly place: Place;
  /** The address word as written (after variable expansion), e.g. ":80,:8080". */
  readonly spec: string;
  readonly address: BindAddress;
  readonly name?: string | undefined;
  readonly id?: number | undefined;
  readonly acceptProxy: boolean;
  readonly ssl?: BindSsl | undefined;
  readonly maxconn?: number | undefined;
  readonly backlog?: number | undefined;
  /** `v4v6` / `v6only` on IPv6 wildcard binds. */
  readonly v4v6: boolean;
  readonly v6only: boolean;
  /** Unix socket permissions (`mode 600`, octal), owner and group, by name (`user`, `group`) or number (`uid`, `gid`). */
  readonly unixMode?: number | undefined;
  readonly unixUser?: string | undefined;
  readonly unixGroup?: string | undefined;
  readonly unixUid?: number | undefined;
  readonly unixGid?: number | undefined;
  readonly interface?: string | undefined;
  readonly transparent: boolean;
  readonly deferAccept: boolean;
  /** `proto h1|h2`: force the HTTP multiplexer instead of detecting it. */
  readonly proto?: 'h1' | 'h2' | undefined;
  /** stats sockets only: `level user|operator|admin`. */
  readonly level?: 'user' | 'operator' | 'admin' | undefined;
  readonly exposeFdListeners: boolean;
}
