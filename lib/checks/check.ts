/**
 * The health-check interface (HAProxy's check kinds, manual 4.2 "option
 * httpchk", "option tcp-check", "option redis-check" ...): one
 * implementation per kind, one file each, chosen through the registry. A
 * check only talks to the server and reports a result; the scheduler turns
 * results into server state.
 */
import type { CheckResult } from './result.js';

/** Where a check connects: `addr` / `port` of the server line, or the server's own address. */
export type CheckTarget = { readonly host: string; readonly port: number } | { readonly path: string };

export interface CheckContext {
  readonly target: CheckTarget;
  /**
   * Connect timeout: min(`timeout connect`, `inter`) when `timeout check` is
   * set, else `inter` (manual 4.2 "timeout check").
   */
  readonly connectTimeoutMs: number;
  /** Once connected: `timeout check` when set, else what `inter` leaves of the whole check. */
  readonly readTimeoutMs: number | undefined;
  /** The whole check's bound when `timeout check` is unset (`inter`). */
  readonly totalTimeoutMs: number;
  /** Aborted when the scheduler stops: the check ends at once (its result is dropped). */
  readonly signal: AbortSignal;
}

/** What an agent asked for (manual 5.2 "agent-check"); only agent checks fill it. */
export interface AgentReply {
  /** up → true; down, fail, stopped → false; no state word → undefined. */
  readonly up?: boolean | undefined;
  readonly admin?: 'ready' | 'drain' | 'maint' | undefined;
  /** `N%` of the configured weight. */
  readonly weightPercent?: number | undefined;
  /** `maxconn:N`. */
  readonly maxconn?: number | undefined;
}

export interface CheckOutcome extends CheckResult {
  readonly agent?: AgentReply | undefined;
}

export interface HealthCheck {
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** The time left before `ms` have passed since `start`, at least 0. */
export function remaining(start: number, ms: number): number {
  return Math.max(0, start + ms - Date.now());
}

/** The message HAProxy prints for a failed connect (strerror of the socket error). */
export function connectErrorInfo(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ECONNRESET':
      return 'Connection reset by peer';
    case 'EHOSTUNREACH':
      return 'No route to host';
    case 'ENETUNREACH':
      return 'Network is unreachable';
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    default:
      return err.message;
  }
}
