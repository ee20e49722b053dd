/**
 * HAProxy's process-log lines for server state changes, written by a
 * subscriber to a backend's server changes (verified against HAProxy 2.6.12
 * `-db` output):
 *
 *   Server be/s1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms.
 *     0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 *   Server be/s1 is UP, reason: Layer7 check passed, code: 200, check duration: 0ms.
 *     1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
 *   backend 'be' has no server available!                       (ALERT)
 *
 * (one line each; wrapped here). With `option log-health-checks` the reason
 * goes on a "Health check for server ..." line per result change instead.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer, ServerChange } from '../backend/server.js';
import { processLog } from '../log/process-log.js';
import { describeCheck, passed, type CheckReport } from './result.js';

/** Usable active and backup servers after the change. */
function usableCounts(be: RuntimeBackend): { active: number; backup: number } {
  const n = { active: 0, backup: 0 };
  for (const s of be.servers) if (s.usable) n[s.config.backup ? 'backup' : 'active']++;
  return n;
}

function leftLine(be: RuntimeBackend, s: RuntimeServer, requeued: number): string {
  const { active, backup } = usableCounts(be);
  const onBackup = active === 0 && backup > 0 ? ' Running on backup.' : '';
  return `${active} active and ${backup} backup servers left.${onBackup} ${s.counters.current} sessions active, ${requeued} requeued, ${be.queuedFor(s)} remaining in queue.`;
}

function onlineLine(be: RuntimeBackend, requeued: number): string {
  const { active, backup } = usableCounts(be);
  return `${active} active and ${backup} backup servers online. ${requeued} sessions requeued, ${be.queue.length} total in queue.`;
}

/** The message for one change, or undefined when HAProxy logs nothing (a weight change). */
export function stateChangeMessage(be: RuntimeBackend, c: ServerChange, requeued: number, logHealthChecks = false): string | undefined {
  const s = c.server;
  const who = `Server ${be.name}/${s.name}`;
  const by = c.by;
  const reason = by?.source === 'cli' ? ', changed from CLI' : by && !(logHealthChecks && by.source === 'check') ? `, ${describeCheck(by.report)}` : '';
  if (c.was.agentAdmin !== s.agentAdmin) {
    if (s.agentAdmin === 'maint') return `${who} is going DOWN for maintenance. ${leftLine(be, s, requeued)}`;
    if (s.agentAdmin === 'drain') return `${who} enters drain state. ${onlineLine(be, requeued)}`;
    return c.was.agentAdmin === 'maint' ? `${who} is UP/READY (leaving forced maintenance).` : `${who} is UP (leaving forced drain).`;
  }
  if (c.was.health === s.health) return undefined;
  if (s.health === 'down') return `${who} is DOWN${reason}. ${leftLine(be, s, requeued)}`;
  if (s.health === 'stopping') return `${who} is stopping${reason}. ${onlineLine(be, requeued)}`;
  return `${who} is UP${reason}. ${onlineLine(be, requeued)}`;
}

/** Logs every state change of `be`'s servers, and HAProxy's alert when none is left. */
export function logServerChanges(be: RuntimeBackend): void {
  be.onServerChange((c, requeued) => {
    const msg = stateChangeMessage(be, c, requeued, be.config.flags.logHealthChecks);
    if (msg === undefined) return;
    processLog('warning', msg);
    if (c.was.usable && !be.servers.some((s) => s.usable)) processLog('alert', `backend '${be.name}' has no server available!`);
  });
}

/**
 * `option log-health-checks`: a line each time a check result goes from
 * passed to failed or back, or changes the state text (HAProxy logs
 * "Health check for server be/s1 failed, reason: ..., status: 0/2 DOWN.").
 */
export function logCheckResult(be: RuntimeBackend, s: RuntimeServer, report: CheckReport, status: string): void {
  const verb = passed(report.code) ? 'succeeded' : 'failed';
  processLog('warning', `Health check for server ${be.name}/${s.name} ${verb}, ${describeCheck(report)}, status: ${status}.`);
}
