/**
 * The `state` label values of the status families, in HAProxy 2.6's order,
 * and how a row's CSV `status` / `check_status` text maps onto them. A
 * status family writes one series per state, 1 for the object's state and
 * 0 for the others (the backend's aggregate families write counts).
 */

/** Frontend and backend states. */
export const PROXY_STATES = ['DOWN', 'UP'] as const;

/** Listener states (the CSV `status` of a listener row is one of them). */
export const LISTENER_STATES = ['WAITING', 'OPEN', 'FULL'] as const;

/** Server states. */
export const SERVER_STATES = ['DOWN', 'UP', 'MAINT', 'DRAIN', 'NOLB'] as const;

/**
 * Health-check results that the exporter names: those of a check that
 * completed (HAProxy leaves out UNK, INI, START and the internal states).
 * A server whose check is still at INI writes 0 for all of them.
 */
export const CHECK_STATES = ['HANA', 'SOCKERR', 'L4OK', 'L4TOUT', 'L4CON', 'L6OK', 'L6TOUT', 'L6RSP', 'L7TOUT', 'L7RSP', 'L7OK', 'L7OKC', 'L7STS', 'PROCERR', 'PROCTOUT', 'PROCOK'] as const;

/** A frontend is DOWN only when stopped (CSV `STOP`); `OPEN` and `PAUSED` are UP. */
export function frontendState(status: unknown): string {
  return status === 'STOP' ? 'DOWN' : 'UP';
}

/** A backend is UP when the CSV says so: it has usable weight, or no server at all. */
export function backendState(status: unknown): string {
  return typeof status === 'string' && status.startsWith('UP') ? 'UP' : 'DOWN';
}

/**
 * A server's state from its CSV status: `MAINT`, `MAINT (via b/s)`,
 * `MAINT (resolution)` → MAINT; `DRAIN`, `DRAIN 1/2`, `DRAIN (agent)` →
 * DRAIN; `NOLB`, `NOLB 1/2` → NOLB; `UP`, `UP 1/3`, `no check` → UP;
 * `DOWN`, `DOWN 1/2` (going up), `DOWN (agent)` → DOWN.
 */
export function serverState(status: unknown): string {
  if (typeof status !== 'string') return 'DOWN';
  if (status.startsWith('MAINT')) return 'MAINT';
  if (status.startsWith('DRAIN')) return 'DRAIN';
  if (status.startsWith('NOLB')) return 'NOLB';
  if (status.startsWith('UP') || status === 'no check') return 'UP';
  return 'DOWN';
}

/** Whether `no-maint` leaves the server out. */
export function inMaintenance(status: unknown): boolean {
  return typeof status === 'string' && status.startsWith('MAINT');
}

/** The last check result from the CSV `check_status` (`* L7OK` while the next check runs), or undefined without a running check. */
export function checkState(checkStatus: unknown): string | undefined {
  if (typeof checkStatus !== 'string' || checkStatus === '') return undefined;
  return checkStatus.startsWith('* ') ? checkStatus.slice(2) : checkStatus;
}
