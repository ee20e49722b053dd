/** The `global` section (configuration manual 3). */
import type { Place } from './common.js';
import type { BindAddress } from './bind.js';
import type { LogTarget } from './log.js';

/** `stats socket <address> [params]`: the Runtime API listener. */
export interface StatsSocket {
  readonly place: Place;
  readonly address: BindAddress;
  /** Default 'operator', as in HAProxy 2.6. */
  readonly level: 'user' | 'operator' | 'admin';
  /** Unix socket permissions (octal `mode`), owner and group. */
  readonly mode?: number | undefined;
  readonly user?: string | undefined;
  readonly group?: string | undefined;
  readonly exposeFdListeners: boolean;
}

export interface Tune {
  /** tune.bufsize, default 16384: the largest request or response head is bufsize - maxrewrite. */
  readonly bufsize: number;
  /** tune.maxrewrite, default 1024. */
  readonly maxrewrite: number;
  /** tune.http.maxhdr, default 101 header lines. */
  readonly httpMaxhdr: number;
  readonly httpCookielen: number;
  readonly httpLogurilen: number;
}

export interface Global {
  /** Process connection limit; undefined or 0 = derived from the file-descriptor limit, as HAProxy. */
  readonly maxconn?: number | undefined;
  readonly maxconnrate?: number | undefined;
  readonly maxsessrate?: number | undefined;
  readonly logs: readonly LogTarget[];
  readonly logTag?: string | undefined;
  readonly logSendHostname?: string | undefined;
  readonly statsSockets: readonly StatsSocket[];
  /** Runtime API idle timeout, ms (default 10 s). */
  readonly statsTimeout: number;
  readonly statsMaxconn: number;
  /** Worker processes (HAProxy threads); default 1. */
  readonly nbthread: number;
  readonly hardStopAfter?: number | undefined;
  readonly grace?: number | undefined;
  readonly pidfile?: string | undefined;
  readonly node?: string | undefined;
  readonly description?: string | undefined;
  readonly tune: Tune;
  /** spread-checks percentage (0..50). */
  readonly spreadChecks: number;
  readonly maxSpreadChecks?: number | undefined;
  readonly serverStateFile?: string | undefined;
  readonly serverStateBase?: string | undefined;
  readonly caBase?: string | undefined;
  readonly crtBase?: string | undefined;
  readonly sslDefaultBindCiphers?: string | undefined;
  readonly sslDefaultBindCiphersuites?: string | undefined;
  readonly sslDefaultBindOptions: readonly string[];
  readonly sslDefaultServerCiphers?: string | undefined;
  readonly sslDefaultServerCiphersuites?: string | undefined;
  readonly sslDefaultServerOptions: readonly string[];
  readonly sslServerVerify: 'none' | 'required';
  readonly h1CaseAdjust: readonly { readonly from: string; readonly to: string }[];
  readonly strictLimits: boolean;
}
