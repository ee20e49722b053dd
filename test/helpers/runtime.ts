/** Starts tslb's runtime in process on an inline configuration, on a free loopback port, torn down with the test. */
import { RuntimeBackend } from '../../lib/backend/backend.js';
import { loadConfigText } from '../../lib/config/load.js';
import { Runtime } from '../../lib/runtime/runtime.js';
import { startHaproxy } from './haproxy.js';
import { freePort } from './net.js';

export interface Teardown {
  teardown(fn: () => void | Promise<void>): void;
}

/** Loads a configuration (throws with the diagnostics if it is not valid) and starts it. */
export async function startRuntime(t: Teardown, text: string): Promise<Runtime> {
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const rt = await Runtime.start(r.model);
  t.teardown(() => rt.hardStop());
  return rt;
}

export interface ListenOptions {
  readonly mode?: 'http' | 'tcp';
  /** Lines for the defaults section (timeouts, options). */
  readonly defaults?: string;
  /** Lines for the listen section, before its server. */
  readonly listen?: string;
  readonly serverPort: number;
}

/** A `listen` section in front of one server on 127.0.0.1:serverPort; returns the runtime and its port. */
export async function startListen(t: Teardown, opts: ListenOptions): Promise<{ rt: Runtime; port: number }> {
  const port = await freePort();
  const rt = await startRuntime(
    t,
    `
defaults
    mode ${opts.mode ?? 'http'}
    timeout connect 1s
    timeout client 5s
    timeout server 5s
${opts.defaults ?? ''}
listen l
    bind 127.0.0.1:${port}
${opts.listen ?? ''}
    server s1 127.0.0.1:${opts.serverPort}
`,
  );
  return { rt, port };
}

/** Runs `text` (listening on `port`) under the real HAProxy 2.6 or under tslb in process; returns how to stop it. */
export async function startUnder(who: 'haproxy' | 'tslb', text: string, port: number): Promise<() => void> {
  if (who === 'haproxy') return (await startHaproxy(text, port)).stop;
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const rt = await Runtime.start(r.model);
  return () => void rt.hardStop();
}

/** A backend of an inline configuration, built as the runtime builds it (no sockets). */
export function runtimeBackend(text: string, name: string): RuntimeBackend {
  const r = loadConfigText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const proxy = r.model.proxies.find((p) => p.name === name);
  if (!proxy) throw new Error(`no backend '${name}'`);
  return new RuntimeBackend(proxy);
}

/** The defaults section of the differential HTTP tests: HTTP mode, short timeouts. */
export const HTTP_DEFAULTS = `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
`;

/**
 * A differential run: the configuration `config(port)` under the real
 * HAProxy, then under tslb, each on a free port, and `drive(port)` against
 * each; what `drive` gave, by proxy. Both are torn down with the test.
 */
export async function underBoth<T>(t: Teardown, config: (port: number) => string, drive: (port: number) => Promise<T>): Promise<Record<'haproxy' | 'tslb', T>> {
  const out: Partial<Record<'haproxy' | 'tslb', T>> = {};
  for (const who of ['haproxy', 'tslb'] as const) {
    const port = await freePort();
    t.teardown(await startUnder(who, config(port), port));
    out[who] = await drive(port);
  }
  return out as Record<'haproxy' | 'tslb', T>;
}
