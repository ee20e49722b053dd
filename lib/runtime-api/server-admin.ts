/**
 * A server's administrative state as the Runtime API sets it (`set server
 * <b>/<s> state ready|drain|maint`, `enable|disable server`), with HAProxy
 * 2.6's semantics:
 *
 *   maint  forced maintenance: no traffic, checks stop (a drain ends);
 *   drain  forced drain: weight 0 for new traffic, persistent traffic still
 *          served (a maintenance ends);
 *   ready  both cleared — a server `disabled` in the configuration too.
 *
 * A server leaving maintenance is UP again at once, its checks starting
 * from `rise` (one failure takes it DOWN), as HAProxy does. Every change
 * goes through RuntimeServer.change() and is logged as HAProxy logs it.
 */
import { ADMIN } from '../backend/server.js';
import type { Runtime } from '../runtime/runtime.js';
import { adminBefore, logAdminChange } from './admin-log.js';
import { noteMaintenance } from './forced-health.js';
import type { ServerRef } from './lookup.js';

export type AdminState = 'ready' | 'drain' | 'maint';

const MAINT = ADMIN.forcedMaint | ADMIN.configMaint;

export function setAdminState(rt: Runtime, ref: ServerRef, state: AdminState): void {
  const s = ref.server;
  const was = adminBefore(s);
  let admin = s.admin;
  // The states exclude each other: drain takes a server out of maintenance, maint out of drain.
  if (state === 'ready') admin &= ~(MAINT | ADMIN.forcedDrain);
  else if (state === 'drain') admin = (admin & ~MAINT) | ADMIN.forcedDrain;
  else admin = (admin & ~ADMIN.forcedDrain) | ADMIN.forcedMaint;
  const maint = (admin & MAINT) !== 0;
  if (maint === was.maint && admin === s.admin) return;
  const controls = rt.checks?.controls(s);
  if (maint && !was.maint) {
    controls?.maintenance(true);
    noteMaintenance(s);
  }
  if (!maint && was.maint) controls?.maintenance(false);
  s.change(!maint && was.maint ? { admin, health: 'up' } : { admin });
  logAdminChange(ref.backend, s, was);
}
