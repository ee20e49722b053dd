/**
 * The outcome of one check: HAProxy's check status code (the stats `check_status`
 * column, management guide 9.1), the protocol code and the text HAProxy puts
 * after `info:` in its logs, and how long the check took.
 */

/** Check status codes (management guide 9.1 "check_status"). */
export type CheckCode =
  | 'UNK'
  | 'INI'
  | 'SOCKERR'
  | 'L4OK'
  | 'L4TOUT'
  | 'L4CON'
  | 'L6OK'
  | 'L6TOUT'
  | 'L6RSP'
  | 'L7OK'
  | 'L7OKC'
  | 'L7TOUT'
  | 'L7RSP'
  | 'L7STS';

export interface CheckResult {
  readonly code: CheckCode;
  /** The protocol's status (HTTP status, MySQL error code, 0 for other layer-7 checks); only shown for L7 codes. */
  readonly status?: number | undefined;
  /** HAProxy's `info: "..."` text (a reason phrase, an error message). */
  readonly info?: string | undefined;
}

/** A finished check: its result and its duration in ms. */
export interface CheckReport extends CheckResult {
  readonly durationMs: number;
}

/** What HAProxy writes after `reason:` for each code. */
const REASONS: Record<CheckCode, string> = {
  UNK: 'Unknown',
  INI: 'Initializing',
  SOCKERR: 'Socket error',
  L4OK: 'Layer4 check passed',
  L4TOUT: 'Layer4 timeout',
  L4CON: 'Layer4 connection problem',
  L6OK: 'Layer6 check passed',
  L6TOUT: 'Layer6 timeout',
  L6RSP: 'Layer6 invalid response',
  L7OK: 'Layer7 check passed',
  L7OKC: 'Layer7 check conditionally passed',
  L7TOUT: 'Layer7 timeout',
  L7RSP: 'Layer7 invalid response',
  L7STS: 'Layer7 wrong status',
};

/** The description of a code (stats `check_desc`, the `reason:` of logs). */
export function checkDescription(code: CheckCode): string {
  return REASONS[code];
}

/** Codes that count as a passed check. */
export function passed(code: CheckCode): boolean {
  return code === 'L4OK' || code === 'L6OK' || code === 'L7OK' || code === 'L7OKC';
}

/** Codes that carry a protocol status in messages (`code: N`). */
function showsStatus(code: CheckCode): boolean {
  return code === 'L7OK' || code === 'L7OKC' || code === 'L7STS';
}

/**
 * `reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 2ms`
 * — the part of HAProxy's state-change lines that describes the check.
 */
export function describeCheck(r: CheckReport): string {
  let s = `reason: ${REASONS[r.code]}`;
  if (showsStatus(r.code)) s += `, code: ${r.status ?? 0}`;
  if (r.info !== undefined && r.info !== '') s += `, info: "${r.info}"`;
  return `${s}, check duration: ${r.durationMs}ms`;
}
