/**
 * The stats page's admin actions (configuration manual 4.2 "stats admin"):
 * the form names a backend (`b=#<proxy id>` or its name), an action and the
 * servers it applies to. Each action does what the Runtime API's command of
 * the same meaning does (lib/runtime-api/: the same state changes, checks
 * and logs). The result goes back to the page as `;st=<code>`: DONE (every
 * server changed), PART (some), NONE (no server selected), ERRP (unknown
 * backend, server or action), as HAProxy 2.6 answers.
 */
import type { RuntimeServer } from '../../backend/server.js';
import type { Runtime } from '../../runtime/runtime.js';
import { setAdminState } from '../../runtime-api/server-admin.js';
import type { ServerRef } from '../../runtime-api/lookup.js';

export type AdminResult = 'DONE' | 'PART' | 'NONE' | 'ERRP' | 'DENY';

/** One action on one server; false when it does not apply (no health check to disable …). */
type Action = (rt: Runtime, ref: ServerRef) => boolean;

function checked(s: RuntimeServer): boolean {
  return s.checkHealth !== undefined;
}

function pause(kind: 'health' | 'agent', on: boolean): Action {
  return (rt, { server }) => {
    if (kind === 'health' ? !checked(server) : !server.config.agent.enabled) return false;
    const controls = rt.checks?.controls(server);
    if (on) controls?.pause(kind);
    else controls?.resume(kind);
    return true;
  };
}

function force(kind: 'health' | 'agent', state: 'up' | 'stopping' | 'down'): Action {
  return (rt, { server }) => {
    if (kind === 'agent' && !server.config.agent.enabled) return false;
    rt.checks?.controls(server).force(kind, state);
    return true;
  };
}

const ACTIONS: Readonly<Record<string, Action>> = {
  ready: (rt, ref) => (setAdminState(rt, ref, 'ready'), true),
  drain: (rt, ref) => (setAdminState(rt, ref, 'drain'), true),
  maint: (rt, ref) => (setAdminState(rt, ref, 'maint'), true),
  dhlth: pause('health', true),
  ehlth: pause('health', false),
  hrunn: force('health', 'up'),
  hnolb: force('health', 'stopping'),
  hdown: force('health', 'down'),
  dagent: pause('agent', true),
  eagent: pause('agent', false),
  arunn: force('agent', 'up'),
  adown: force('agent', 'down'),
  shutdown: (_rt, { server }) => {
    for (const stream of [...server.streams]) stream.shutdown();
    return true;
  },
};

export function applyAdminAction(rt: Runtime, backendRef: string | undefined, action: string, servers: readonly string[]): AdminResult {
  if (servers.length === 0) return 'NONE';
  const proxy = rt.proxies.find((p) => (backendRef?.startsWith('#') ? String(p.id) === backendRef.slice(1) : p.config.name === backendRef));
  const backend = proxy?.backend;
  const act = ACTIONS[action];
  if (!proxy || !backend || !act) return 'ERRP';
  let done = 0;
  for (const name of servers) {
    const server = backend.servers.find((x) => x.name === name);
    if (server && act(rt, { proxy, backend, server })) done++;
  }
  if (done === 0) return 'ERRP';
  return done === servers.length ? 'DONE' : 'PART';
}
