/**
 * Finding the objects a Runtime API command names, with HAProxy 2.6's
 * refusals: `<backend>/<server>` (either side may be `#<id>`), a frontend,
 * a backend. Names are compared as typed; quotes are not special.
 */
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer } from '../backend/server.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeFrontend } from '../runtime/frontend.js';
import type { StatsProxy } from '../stats/snapshot.js';
import { CliError } from './command.js';

/** HAProxy's atoi(): leading blanks, a sign, digits; 0 when there are none. */
export function atoi(text: string | undefined): number {
  const m = /^[ \t]*([+-]?\d+)/.exec(text ?? '');
  if (!m) return 0;
  const n = Number(m[1]);
  // C's int wraps; values that large never name anything.
  return Number.isSafeInteger(n) ? n : 0;
}

/** `#<id>` or a name. */
function byIdOrName<T>(items: Iterable<T>, key: string, id: (t: T) => number, name: (t: T) => string): T | undefined {
  const wanted = key.startsWith('#') ? atoi(key.slice(1)) : undefined;
  for (const t of items) if (wanted !== undefined ? id(t) === wanted : name(t) === key) return t;
  return undefined;
}

/** The proxy with a backend side named `key` (`#<id>` too). */
export function findBackend(rt: Runtime, key: string): (StatsProxy & { readonly backend: RuntimeBackend }) | undefined {
  const withBackend = rt.proxies.filter((p): p is StatsProxy & { backend: RuntimeBackend } => p.backend !== undefined);
  return byIdOrName(withBackend, key, (p) => p.id, (p) => p.config.name);
}

/** The proxy with a frontend side named `key` (`#<id>` too). */
export function findFrontend(rt: Runtime, key: string): (StatsProxy & { readonly frontend: RuntimeFrontend }) | undefined {
  const withFrontend = rt.proxies.filter((p): p is StatsProxy & { frontend: RuntimeFrontend } => p.frontend !== undefined);
  return byIdOrName(withFrontend, key, (p) => p.id, (p) => p.config.name);
}

export interface ServerRef {
  readonly proxy: StatsProxy;
  readonly backend: RuntimeBackend;
  readonly server: RuntimeServer;
}

/**
 * `<backend>/<server>`, or a CliError: `Require 'backend/server'.` when
 * either side is missing, `No such backend.`, `No such server.`. `get
 * weight` alone looks an empty backend name up (`No such backend.`), as
 * HAProxy 2.6 does (`emptyBackend`).
 */
export function findServer(rt: Runtime, arg: string | undefined, emptyBackend: 'require' | 'look-up' = 'require'): ServerRef {
  const slash = arg?.indexOf('/') ?? -1;
  if (arg === undefined || slash < 0 || slash === arg.length - 1 || (slash === 0 && emptyBackend === 'require')) throw new CliError("Require 'backend/server'.\n");
  const proxy = findBackend(rt, arg.slice(0, slash));
  if (!proxy) throw new CliError('No such backend.\n');
  const server = byIdOrName(proxy.backend.servers, arg.slice(slash + 1), (s) => s.id, (s) => s.name);
  if (!server) throw new CliError('No such server.\n');
  return { proxy, backend: proxy.backend, server };
}
