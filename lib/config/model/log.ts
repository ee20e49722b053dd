/** `log` targets (configuration manual 4.2 "log", 3.1 "log"). */

export type LogFormatName = 'rfc3164' | 'rfc5424' | 'raw' | 'short' | 'iso' | 'timed' | 'priority' | 'local';

export type LogDestination =
  | { readonly kind: 'stdout' | 'stderr' }
  | { readonly kind: 'udp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'ring'; readonly name: string };

export interface LogTarget {
  readonly destination: LogDestination;
  /** Max line length (`len`), default 1024. */
  readonly len: number;
  readonly format: LogFormatName;
  /** `format` was written: an explicit `local` stays without a host name under log-send-hostname. */
  readonly formatGiven?: boolean | undefined;
  readonly facility: string;
  readonly level?: string | undefined;
  readonly minLevel?: string | undefined;
  /** `sample <ranges>:<size>`, kept as written. */
  readonly sample?: string | undefined;
  /** This target came from `log global` (the global section's targets). */
  readonly global: boolean;
}
