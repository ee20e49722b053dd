/**
 * Reading a socket into one reused buffer, with net's documented `onread`
 * option (Node ≥ 12): no ArrayBuffer allocated and freed per read, and no
 * Readable-stream bookkeeping — on the proxy's hot path these cost more
 * than the parsing (profiled with perf; see benchmarks/RESULTS.md).
 *
 * The catch is that the buffer is overwritten by the next read. Whoever
 * receives a chunk says whether it may still hold a reference to it after
 * returning (a write that did not complete at once keeps the chunk queued,
 * a partial head is kept until the rest arrives); the next read then gets a
 * fresh buffer and the old one is left to whoever holds it. A receiver
 * whose output is already backed up gets an exact-size copy instead, so
 * that a slow client pins small copies, not 64 KiB buffers.
 */
import type { OnReadOpts } from 'node:net';

/** Size of each read buffer: what Node reads at once by default. */
export const READ_BUFFER_SIZE = 64 * 1024;

/**
 * Buffers of closed connections, for the next ones: with a connection per
 * request, allocating 64 KiB each time kept the garbage collector busy
 * (13 % of the time in a profile of benchmark (b)).
 */
const FREE: Buffer[] = [];
const FREE_MAX = 256;

export interface ChunkSink {
  /** True when a chunk given now would be queued (by reference) behind earlier output. */
  readonly backlogged: boolean;
  /** Handles bytes read; returns true when it may keep a reference to `chunk` after returning. */
  onChunk(chunk: Buffer): boolean;
}

export class ReadBuffer {
  #buf: Buffer = FREE.pop() ?? Buffer.allocUnsafe(READ_BUFFER_SIZE);
  #retained = false;
  /** Where chunks go. Set it before the socket can read (in its 'connect' callback at the latest). */
  sink: ChunkSink | undefined;
  /** The `onread` option for net.connect() / new net.Socket(). */
  readonly options: OnReadOpts = {
    // Called once before the first read and again after each read.
    buffer: () => {
      if (this.#retained) {
        this.#buf = Buffer.allocUnsafe(READ_BUFFER_SIZE);
        this.#retained = false;
      }
      return this.#buf;
    },
    callback: (n: number, buf: Uint8Array): boolean => {
      const sink = this.sink;
      // No sink yet: pause the socket (returning false) until one is set.
      if (!sink) return false;
      const view = buf as Buffer;
      if (sink.backlogged) {
        // Exact-size copy: it would wait behind earlier output anyway.
        sink.onChunk(Buffer.from(view.subarray(0, n)));
        return true;
      }
      if (sink.onChunk(view.subarray(0, n))) this.#retained = true;
      return true;
    },
  };

  /** The socket closed: its buffer serves another connection unless something still holds it. */
  release(): void {
    if (!this.#retained && FREE.length < FREE_MAX) FREE.push(this.#buf);
    this.#retained = true;
  }
}
