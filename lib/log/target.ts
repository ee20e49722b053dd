/**
 * Log destinations (configuration manual 3.1 "log" <address>), opened once
 * and shared by every proxy that names the same one:
 *
 *   stdout / stderr / file   StreamSink (target-stream.ts), async writer
 *   udp host:port            UdpSink (target-udp.ts), one datagram socket
 *   unix datagram socket     not implemented: Node.js has no AF_UNIX datagram sockets
 *   ring@<name>              not implemented
 *
 * A sink never blocks and never throws on write: what cannot be delivered
 * is counted (dropped-logs.ts).
 */
import type { LogDestination } from '../config/model/log.js';
import { LogTargetError } from './syslog.js';
import { StreamSink } from './target-stream.js';
import { UdpSink } from './target-udp.js';

export interface LogSink {
  /** Queues one framed message (its bytes as latin1 text, line feed included). */
  write(frame: string): void;
  /** Messages this sink could not deliver. */
  readonly dropped: number;
  close(): Promise<void>;
}

/** A destination as text, for messages and as the key of shared sinks. */
export function describeDestination(d: LogDestination): string {
  switch (d.kind) {
    case 'stdout':
    case 'stderr':
      return d.kind;
    case 'file':
      return `file ${d.path}`;
    case 'udp':
      return `udp ${d.host.includes(':') ? `[${d.host}]` : d.host}:${d.port}`;
    case 'unix':
      return `unix ${d.path}`;
    case 'ring':
      return `ring@${d.name}`;
    default: {
      const never: never = d;
      return JSON.stringify(never);
    }
  }
}

/** Opens a new sink for `d`; throws LogTargetError for destinations tslb cannot write to. */
export function createLogSink(d: LogDestination): LogSink {
  switch (d.kind) {
    case 'stdout':
      return new StreamSink(1);
    case 'stderr':
      return new StreamSink(2);
    case 'file':
      return new StreamSink(d.path);
    case 'udp':
      return new UdpSink(d.host, d.port);
    case 'unix':
      throw new LogTargetError(`log target '${d.path}': unix datagram sockets are not implemented (Node.js cannot send on them); use a UDP address or stdout`);
    case 'ring':
      throw new LogTargetError(`log target 'ring@${d.name}': ring buffers are not implemented`);
    default: {
      const never: never = d;
      throw new LogTargetError(`unknown log target ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Sinks shared by destination: `acquire` opens one on first use, `release`
 * closes it when its last user lets go.
 */
export class LogSinks {
  readonly #open = new Map<string, { sink: LogSink; users: number }>();
  readonly #create: (d: LogDestination) => LogSink;

  constructor(create: (d: LogDestination) => LogSink = createLogSink) {
    this.#create = create;
  }

  acquire(d: LogDestination): LogSink {
    const key = describeDestination(d);
    let entry = this.#open.get(key);
    if (!entry) {
      entry = { sink: this.#create(d), users: 0 };
      this.#open.set(key, entry);
    }
    entry.users++;
    return entry.sink;
  }

  async release(d: LogDestination): Promise<void> {
    const key = describeDestination(d);
    const entry = this.#open.get(key);
    if (!entry) return;
    if (--entry.users > 0) return;
    this.#open.delete(key);
    await entry.sink.close();
  }
}

/** The process's shared sinks. */
export const logSinks = new LogSinks();
