/**
 * `set server <b>/<s> <what> ...` (management guide 9.3), admin level:
 *
 *   state ready|drain|maint      administrative state (server-admin.ts)
 *   weight <w>[%]                the weight balancers use (weight-arg.ts)
 *   health up|stopping|down      the health state, forced: the check counter to full or 0
 *   agent up|down                the same through the agent's counter
 *   addr <ip> [port <p>]         where connections and checks go from now on
 *
 * Refusals are HAProxy 2.6.12's, word for word. Its other subcommands
 * (agent-addr, agent-port, agent-send, check-addr, check-port, fqdn, ssl)
 * are named in the usage line as HAProxy names them, but tslb answers that
 * it does not implement them.
 */
import { isIP } from 'node:net';
import type { RuntimeServer } from '../../backend/server.js';
import { CliError, requireLevel, type Command } from '../command.js';
import { noteForcedHealth } from '../forced-health.js';
import { findServer } from '../lookup.js';
import { setAdminState } from '../server-admin.js';
import { parseWeight } from '../weight-arg.js';

const USAGE = 'usage: set server <backend>/<server> addr | agent | agent-addr | agent-port | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n';
const NOT_IMPLEMENTED: ReadonlySet<string> = new Set(['agent-addr', 'agent-port', 'agent-send', 'check-addr', 'check-port', 'fqdn', 'ssl']);
const UPDATER = " by 'stats socket command'\n";

/** The server's port as HAProxy names it in messages: a number, or `+N` / `-N` when it follows the client's port. */
function portText(s: RuntimeServer): string {
  const a = s.address;
  if (a.kind !== 'inet') return '0';
  if (a.port.kind === 'fixed') return String(a.port.value);
  const offset = a.port.kind === 'offset' ? a.port.value : 0;
  return offset < 0 ? String(offset) : `+${offset}`;
}

/** HAProxy's port reading: leading digits (an int wrapped to 16 bits), `+N` / `-N` asking to follow the client's port; undefined when there are no digits. */
function readPort(text: string): { offset: boolean; value: number } | undefined {
  const m = /^([+-]?)(\d+)/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (m[1] !== '') return { offset: true, value: m[1] === '-' ? -n : n };
  return { offset: false, value: n % 65536 };
}

/** `addr <ip> [port <p>]`: the answer HAProxy gives, the change made. */
function setAddr(s: RuntimeServer, args: readonly string[]): string {
  const ip = args[4];
  if (ip === undefined) throw new CliError('set server <b>/<s> addr requires an address and optionally a port.\n');
  const a = s.address;
  if (a.kind !== 'inet') return `Update for the current server address family is only supported through configuration file${UPDATER}`;
  if (isIP(ip) === 0) return `Invalid addr '${ip}'${UPDATER}`;
  const parts: string[] = [];
  const newHost = a.host === ip ? undefined : ip;
  parts.push(newHost === undefined ? 'no need to change the addr' : `IP changed from '${a.host}' to '${ip}'`);
  let port: number | undefined;
  if (args[5] === 'port') {
    const text = args[6] ?? '';
    const p = readPort(text);
    const checksOnServerPort = s.checkHealth !== undefined && s.config.checkPort === undefined;
    if (!p) parts.push(`problem converting port '${text}' to an int`);
    else if (p.offset && checksOnServerPort) {
      parts.push("can't change <port> to port map because it is incompatible with current health check port configuration (use 'port' statement from the 'server' directive.");
    } else if (p.offset) {
      parts.push(`port mapping is not supported by tslb's Runtime API`);
    } else if (a.port.kind === 'fixed' && a.port.value === p.value) parts.push('no need to change the port');
    else {
      parts.push(`port changed from '${portText(s)}' to '${p.value}'`);
      port = p.value;
    }
  }
  if (newHost !== undefined || port !== undefined) s.setAddress(newHost ?? a.host, port);
  return `${parts.join(', ')}${UPDATER}`;
}

export const setServerCommands: readonly Command[] = [
  {
    words: ['set', 'server'],
    usage: 'set server <bk>/<srv> [opts]',
    help: "change a server's state, weight, health, agent state or address",
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      const ref = findServer(ctx.rt, args[2]);
      const s = ref.server;
      const what = args[3] ?? '';
      const value = args[4];
      const checks = ctx.rt.checks?.controls(s);
      switch (what) {
        case 'state':
          if (value !== 'ready' && value !== 'drain' && value !== 'maint') throw new CliError("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n");
          setAdminState(ctx.rt, ref, value);
          return '';
        case 'weight':
          s.change({ weight: parseWeight(s, value) });
          return '';
        case 'health': {
          if (value !== 'up' && value !== 'stopping' && value !== 'down') throw new CliError("'set server <srv> health' expects 'up', 'stopping', or 'down'.\n");
          const full = s.config.rise + s.config.fall - 1;
          if (s.checkHealth === undefined) noteForcedHealth(s, value === 'down' ? 0 : full);
          if (checks) checks.force('health', value);
          else s.change({ health: value }, { source: 'cli' });
          return '';
        }
        case 'agent':
          if (!s.config.agent.enabled || s.agentPaused) throw new CliError('agent checks are not enabled on this server.\n');
          if (value !== 'up' && value !== 'down') throw new CliError("'set server <srv> agent' expects 'up' or 'down'.\n");
          if (checks) checks.force('agent', value);
          else s.change({ health: value }, { source: 'cli' });
          return '';
        case 'addr':
          return setAddr(s, args);
        default:
          if (NOT_IMPLEMENTED.has(what)) throw new CliError(`'set server <srv> ${what}' is not implemented by tslb.\n`);
          throw new CliError(USAGE);
      }
    },
  },
];
