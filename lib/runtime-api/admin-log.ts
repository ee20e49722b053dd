/**
 * The process-log lines of administrative changes made through the Runtime
 * API, as HAProxy 2.6.12 writes them (WARNING; verified with `-db`):
 *
 *   Server be/s1 is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 *   Server be/s2 was DOWN and now enters maintenance.
 *   Server be/s1 is UP/READY (leaving forced maintenance).
 *   Server be/s1 is UP/DRAIN (leaving forced maintenance).   + Server be/s1 remains in forced drain mode.
 *   Backup Server be/s4 enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
 *   Server be/s1 is UP (leaving forced drain).
 *   Paused frontend fe.   /   Resumed frontend fe.
 *
 * Health and agent changes are logged by the backend's subscriber
 * (checks/state-log.ts) like any other.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer } from '../backend/server.js';
import { processLog } from '../log/process-log.js';

function usable(be: RuntimeBackend): { active: number; backup: number } {
  const n = { active: 0, backup: 0 };
  for (const s of be.servers) if (s.usable) n[s.config.backup ? 'backup' : 'active']++;
  return n;
}

function left(be: RuntimeBackend, s: RuntimeServer): string {
  const { active, backup } = usable(be);
  return `${active} active and ${backup} backup servers left.${active === 0 && backup > 0 ? ' Running on backup.' : ''} ${s.counters.current} sessions active, 0 requeued, ${be.queuedFor(s)} remaining in queue.`;
}

function online(be: RuntimeBackend): string {
  const { active, backup } = usable(be);
  return `${active} active and ${backup} backup servers online.${active === 0 && backup > 0 ? ' Running on backup.' : ''} 0 sessions requeued, ${be.queue.length} total in queue.`;
}

/** What a server was before an administrative change. */
export interface AdminBefore {
  readonly maint: boolean;
  readonly drain: boolean;
  readonly running: boolean;
}

export function adminBefore(s: RuntimeServer): AdminBefore {
  return { maint: !s.enabled, drain: s.draining, running: s.running };
}

/** Logs what HAProxy logs for the change of `s` from `was` to its state now. */
export function logAdminChange(be: RuntimeBackend, s: RuntimeServer, was: AdminBefore): void {
  const who = `${s.config.backup ? 'Backup ' : ''}Server ${be.name}/${s.name}`;
  const maint = !s.enabled;
  if (!was.maint && maint) {
    processLog('warning', was.running ? `${who} is going DOWN for maintenance. ${left(be, s)}` : `${who} was DOWN and now enters maintenance.`);
  } else if (was.maint && !maint) {
    const state = !s.running ? 'DOWN' : s.draining ? 'UP/DRAIN' : 'UP/READY';
    processLog('warning', `${who} is ${state} (leaving forced maintenance).`);
    if (s.draining) processLog('warning', `${who} remains in forced drain mode.`);
  } else if (!maint && !was.drain && s.draining) {
    processLog('warning', `${who} enters drain state. ${online(be)}`);
  } else if (!maint && was.drain && !s.draining) {
    processLog('warning', `${who} is ${s.running ? 'UP' : 'DOWN'} (leaving forced drain).`);
  }
}

export function logFrontend(name: string, paused: boolean): void {
  processLog('warning', `${paused ? 'Paused' : 'Resumed'} frontend ${name}.`);
}
