/**
 * `show servers state [<backend>]` (management guide 9.3): format version
 * `1`, the column line, then one line per server of every backend (or of
 * the one named, `#<id>` too) — what `server-state-file` keeps across
 * reloads. Numbers are HAProxy 2.6's:
 *
 *   srv_op_state      0 stopped, 1 starting (slowstart), 2 running, 3 stopping (NOLB)
 *   srv_admin_state   0x01 forced maintenance, 0x04 `disabled` in the configuration
 *                     (kept after `ready`, as HAProxy keeps it), 0x08 forced drain
 *   srv_check_status  the check status' index (INI 1, L4OK 6, L4CON 8, L7OK 15 ...)
 *   srv_check_result  0 unknown, 2 failed, 3 passed, 4 conditionally passed
 *   srv_check_state   0x01 in progress, 0x02 configured, 0x04 enabled, 0x08 paused
 *                     (maintenance), 0x10 agent (srv_agent_state)
 */
import { ADMIN, type RuntimeServer } from '../../backend/server.js';
import { isIP } from 'node:net';
import type { CheckCode } from '../../checks/result.js';
import type { StatsProxy } from '../../stats/snapshot.js';
import { CliError, type Command } from '../command.js';
import { uncheckedHealth, uncheckedPaused } from '../forced-health.js';
import { findBackend } from '../lookup.js';

const HEADER =
  '1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n';

/** HAProxy's check status numbers (its order of statuses). */
const STATUS_INDEX: Readonly<Record<CheckCode, number>> = {
  UNK: 0,
  INI: 1,
  SOCKERR: 5,
  L4OK: 6,
  L4TOUT: 7,
  L4CON: 8,
  L6OK: 9,
  L6TOUT: 10,
  L6RSP: 11,
  L7TOUT: 12,
  L7RSP: 13,
  L7OK: 15,
  L7OKC: 16,
  L7STS: 17,
};

const PASSED: ReadonlySet<CheckCode> = new Set(['L4OK', 'L6OK', 'L7OK']);

function opState(s: RuntimeServer): number {
  if (!s.running) return 0;
  if (s.health === 'stopping') return 3;
  return s.warmingFor !== undefined ? 1 : 2;
}

function adminState(s: RuntimeServer): number {
  let n = s.config.disabled ? 0x04 : 0;
  if ((s.admin & (ADMIN.forcedMaint | ADMIN.configMaint)) !== 0 || s.agentAdmin === 'maint') n |= 0x01;
  if ((s.admin & ADMIN.forcedDrain) !== 0 || s.agentAdmin === 'drain') n |= 0x08;
  return n;
}

function checkResult(code: CheckCode | undefined): number {
  if (code === undefined || code === 'INI' || code === 'UNK') return 0;
  if (code === 'L7OKC') return 4;
  return PASSED.has(code) ? 3 : 2;
}

function line(p: StatsProxy, s: RuntimeServer, now: number): string {
  const c = s.config;
  const a = s.address;
  const maint = !s.enabled;
  const configured = s.checkHealth !== undefined;
  // 0x01: a check in progress.
  const checkState = configured ? 0x02 | (s.checkPaused ? 0 : 0x04) | (maint ? 0x08 : 0) | (s.checkRunning ? 0x01 : 0) : uncheckedPaused(s) ? 0x08 : 0;
  const agentState = c.agent.enabled ? 0x12 | (s.agentPaused ? 0 : 0x04) | (maint ? 0x08 : 0) | (s.agentRunning ? 0x01 : 0) : 0;
  const health = !configured ? uncheckedHealth(s) : maint ? 0 : (s.checkHealth ?? 0);
  const host = a.kind === 'inet' ? a.host : '-';
  const configuredHost = c.address.kind === 'inet' ? c.address.host : '';
  const fqdn = configuredHost !== '' && isIP(configuredHost) === 0 ? configuredHost : '-';
  const port = a.kind === 'inet' && a.port.kind !== 'absent' ? a.port.value : 0;
  return [
    p.id,
    p.config.name,
    s.id,
    s.name,
    host,
    opState(s),
    adminState(s),
    s.weight,
    c.weight,
    Math.max(0, Math.floor((now - s.counters.lastChange) / 1000)),
    STATUS_INDEX[s.lastCheck?.code ?? 'INI'],
    // A check in progress has no result yet.
    s.checkRunning ? 0 : checkResult(s.lastCheck?.code),
    health,
    checkState,
    agentState,
    p.config.id !== undefined ? 1 : 0,
    c.id !== undefined ? 1 : 0,
    fqdn,
    port,
    '-',
    0,
    c.checkPort ?? 0,
    c.checkAddr ?? '-',
    c.agent.addr ?? c.checkAddr ?? '-',
    c.agent.port ?? c.checkPort ?? 0,
  ].join(' ');
}

export const serversStateCommands: readonly Command[] = [
  {
    words: ['show', 'servers', 'state'],
    usage: 'show servers state [<backend>]',
    help: 'dump the servers state (all backends, or one)',
    run(args, ctx) {
      const name = args[3];
      let proxies = ctx.rt.proxies.filter((p) => p.backend !== undefined);
      if (name !== undefined && name !== '') {
        const one = findBackend(ctx.rt, name);
        if (!one) throw new CliError("Can't find backend.\n");
        proxies = [one];
      }
      const now = Date.now();
      let out = HEADER;
      for (const p of proxies) for (const s of p.backend?.servers ?? []) out += `${line(p, s, now)}\n`;
      return out;
    },
  },
];
