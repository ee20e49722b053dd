/**
 * Scenario (e): what 10,000 idle keep-alive client connections cost a proxy.
 *
 *   RSS of the proxy's process group (after one request and a pause)
 *     → idle-clients.js (own process) opens N connections, one GET on each,
 *       keeps them open → pause → RSS again; (after − before) / still open.
 *
 * The proxy's server-side connections at that moment are counted too: a proxy
 * that keeps one server connection per client connection pays for both.
 */
import { groupRssKiB, establishedTo, sleep, spawnGroup, type Group } from './processes.js';

export interface IdleOptions {
  readonly clientScript: string;
  readonly proxyPort: number;
  readonly nginxPort: number;
  readonly count: number;
  readonly cpu: number | undefined;
  readonly settleMs: number;
}

export interface IdleResult {
  readonly beforeKiB: number;
  readonly afterKiB: number;
  readonly ok: number;
  readonly failed: number;
  /** Client connections still open when the RSS was read. */
  readonly open: number;
  readonly serverConnections: number;
  readonly perConnectionKiB: number;
}

interface ClientMessage {
  readonly event: 'ready' | 'status';
  readonly ok?: number;
  readonly failed?: number;
  readonly open?: number;
}

function nextMessage(client: Group, event: ClientMessage['event'], timeoutMs: number): Promise<ClientMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`idle client: no "${event}" within ${timeoutMs / 1000} s`)), timeoutMs);
    void client.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`idle client ${client.describeExit()}: ${client.tail()}`));
    });
    client.onStdoutLine((line) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(line) as ClientMessage;
      } catch {
        return;
      }
      if (message.event !== event) return;
      clearTimeout(timer);
      resolve(message);
    });
  });
}

/** Measures, then stops the proxy first and the client second (TIME_WAIT then sits on the proxy's port). */
export async function measureIdle(proxy: Group, options: IdleOptions): Promise<IdleResult> {
  let client: Group | undefined;
  try {
    await sleep(options.settleMs);
    const beforeKiB = groupRssKiB(proxy.pid);
    client = spawnGroup(
      'idle-clients',
      process.execPath,
      [options.clientScript, '--port', String(options.proxyPort), '--count', String(options.count)],
      { cpu: options.cpu, stdin: true },
    );
    const ready = await nextMessage(client, 'ready', 120_000);
    await sleep(options.settleMs);
    if (proxy.exit !== undefined) throw new Error(`the proxy ${proxy.describeExit()}: ${proxy.tail()}`);
    const afterKiB = groupRssKiB(proxy.pid);
    const serverConnections = establishedTo(options.nginxPort);
    const statusReply = nextMessage(client, 'status', 10_000);
    client.proc.stdin?.write('status\n');
    const open = (await statusReply).open ?? 0;
    return {
      beforeKiB,
      afterKiB,
      ok: ready.ok ?? 0,
      failed: ready.failed ?? 0,
      open,
      serverConnections,
      perConnectionKiB: open > 0 ? (afterKiB - beforeKiB) / open : NaN,
    };
  } finally {
    await proxy.stop();
    if (client) {
      client.proc.stdin?.end();
      await client.stop();
    }
  }
}
