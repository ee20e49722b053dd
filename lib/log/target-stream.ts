/**
 * A stream target (stdout, stderr, a file): pino's SonicBoom writer, async.
 * Lines are written as their bytes (latin1), as the request they describe
 * was read.
 *
 * Lines are batched: write() only appends the frame to a pending string,
 * which is copied into the batch Buffer every CONVERT_BYTES (one
 * conversion for a dozen lines, while the pieces of their strings are
 * still fresh in the CPU caches and in the young generation); the batch
 * becomes one SonicBoom write FLUSH_MS after its first line, or as soon as
 * it reaches BATCH_BYTES. A busy proxy thus makes one fs.write (one round
 * trip to libuv's worker threads) per batch of hundreds of lines instead of
 * one per line (or per event-loop turn, a few lines), and a line reaches
 * the file at most FLUSH_MS after it was logged.
 *
 * The bytes waiting are bounded: once `maxBuffered` bytes wait for the
 * destination (pending here or queued in SonicBoom: a terminal or pipe that
 * does not read), further lines are dropped and counted, as HAProxy drops
 * what a full pipe refuses. Whatever is still waiting when the process exits
 * is written synchronously (this module's exit hook, and pino's).
 *
 * A file is opened when the sink is made (at load, like HAProxy opens its
 * targets), so a path that cannot be opened is an error of the
 * configuration, not lines lost later.
 */
import type { EventEmitter } from 'node:events';
import { openSync, writeSync } from 'node:fs';
import { destination } from 'pino';
import { countDroppedLog } from './dropped-logs.js';
import { LogTargetError } from './syslog.js';
import type { LogSink } from './target.js';

/** What this sink uses of SonicBoom, in its 'buffer' content mode (its typings only know strings). */
interface BufferWriter extends EventEmitter {
  write(data: Buffer): boolean;
  flushSync(): void;
  end(): void;
  destroy(): void;
}

/** Default bound of the bytes waiting to be written. */
export const DEFAULT_MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * A batch this large is handed to the writer at once, without waiting for
 * FLUSH_MS. Measured with benchmark (h) (~50k lines/s): 64 KiB cost fewer
 * instructions per line than 8, 16 or 256 KiB.
 */
export const BATCH_BYTES = 64 * 1024;

/** Frames are converted to bytes (into the batch) in pieces of about this size. */
export const CONVERT_BYTES = 4 * 1024;

/** The longest a line waits in a batch before it is handed to the writer. */
export const FLUSH_MS = 10;

/** SonicBoom's largest single write: a whole batch goes in one fs.write. */
const MAX_WRITE = 1024 * 1024;

function openForAppend(path: string): number {
  try {
    return openSync(path, 'a');
  } catch (err) {
    throw new LogTargetError(`cannot open log file '${path}': ${(err as Error).message}`);
  }
}

/** Open sinks, for the exit hook: what they hold is written before the process ends. */
const live = new Set<StreamSink>();
let exitHooked = false;

function flushAllOnExit(): void {
  for (const sink of live) sink.flushSync();
}

export class StreamSink implements LogSink {
  readonly #out: BufferWriter;
  readonly #fd: number;
  readonly #maxBuffered: number;
  #dropped = 0;
  #closed = false;
  /** A write failed: the destination is given up, every later line is a dropped one. */
  #failed = false;
  readonly #done: Promise<void>;
  /** Frames not yet converted to bytes, and how many. */
  #pending = '';
  #pendingLines = 0;
  /** The batch: frames converted (`#used` bytes) and not yet handed to the writer, and how many. */
  #batch: Buffer | undefined;
  #used = 0;
  #batchLines = 0;
  /** Bytes handed to the writer and not yet written. */
  #inFlight = 0;
  /** Hands the batch over FLUSH_MS after its first line. */
  #timer: NodeJS.Timeout | undefined;
  readonly #flush = (): void => {
    this.#timer = undefined;
    this.#handOver();
  };

  /** `dest`: a file descriptor (1 = stdout, 2 = stderr; closed with the sink otherwise) or a file path (appended to, created if missing). Throws LogTargetError. */
  constructor(dest: number | string, maxBuffered = DEFAULT_MAX_BUFFERED) {
    const fd = typeof dest === 'number' ? dest : openForAppend(dest);
    this.#fd = fd;
    this.#maxBuffered = maxBuffered;
    // The bound is kept here (pending + in flight), so SonicBoom's own (maxLength) is not used.
    this.#out = destination({ dest: fd, sync: false, minLength: 0, maxWrite: MAX_WRITE, contentMode: 'buffer' }) as unknown as BufferWriter;
    this.#out.on('write', (n: number) => {
      this.#inFlight -= n;
    });
    // A write that failed (EBADF, EIO, ENOSPC; EAGAIN is retried, EPIPE silenced by pino): the
    // destination is given up and closed, its lines are lost, the proxy goes on. SonicBoom would
    // otherwise retry the same bytes on every write and never close.
    this.#out.on('error', () => {
      if (this.#failed) return;
      this.#failed = true;
      // What was being written counts as one line lost; what waits here, each line.
      this.#drop(1 + this.#batchLines + this.#pendingLines);
      this.#pending = '';
      this.#pendingLines = 0;
      this.#batch = undefined;
      this.#used = 0;
      this.#batchLines = 0;
      this.#out.destroy();
    });
    this.#done = new Promise((resolve) => this.#out.once('close', () => resolve()));
    live.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', flushAllOnExit);
    }
  }

  get dropped(): number {
    return this.#dropped;
  }

  #drop(n = 1): void {
    this.#dropped += n;
    countDroppedLog(n);
  }

  write(frame: string): void {
    if (this.#closed) return;
    if (this.#failed) return this.#drop();
    const pending = this.#pending.length + frame.length;
    if (this.#inFlight + this.#used + pending > this.#maxBuffered) return this.#drop();
    this.#pending += frame;
    this.#pendingLines++;
    if (pending >= CONVERT_BYTES) {
      this.#convert();
      if (this.#used >= BATCH_BYTES) return this.#handOver();
    }
    if (this.#timer === undefined) {
      // A log writer never keeps the process alive: what is pending at exit is written by the exit hook.
      this.#timer = setTimeout(this.#flush, FLUSH_MS);
      this.#timer.unref();
    }
  }

  /** The pending frames into the batch, as bytes (while the strings they are made of are fresh). */
  #convert(): void {
    const text = this.#pending;
    let batch = this.#batch;
    if (batch === undefined || this.#used + text.length > batch.length) {
      if (batch !== undefined) this.#handOver(false);
      batch = this.#batch = Buffer.allocUnsafeSlow(Math.max(BATCH_BYTES + CONVERT_BYTES, text.length));
    }
    this.#used += batch.write(text, this.#used, 'latin1');
    this.#batchLines += this.#pendingLines;
    this.#pending = '';
    this.#pendingLines = 0;
  }

  /** Hands the batch (and, unless `convert` is false, the frames not yet converted) to the writer. */
  #handOver(convert = true): void {
    if (this.#failed) return;
    if (convert && this.#pending !== '') this.#convert();
    const batch = this.#batch;
    if (batch === undefined || this.#used === 0) return;
    const bytes = batch.subarray(0, this.#used);
    const lines = this.#batchLines;
    this.#batch = undefined;
    this.#used = 0;
    this.#batchLines = 0;
    try {
      this.#inFlight += bytes.length;
      this.#out.write(bytes);
    } catch {
      this.#inFlight -= bytes.length;
      this.#drop(lines);
    }
  }

  /**
   * The process is exiting: what the writer holds, then the batch, written
   * synchronously (an asynchronous write would never complete).
   */
  flushSync(): void {
    if (this.#failed || this.#closed) return;
    try {
      this.#out.flushSync();
    } catch {
      // Destroyed or not writable: nothing more can be done at exit.
    }
    if (this.#pending !== '') this.#convert();
    const batch = this.#batch;
    if (batch === undefined || this.#used === 0) return;
    const bytes = batch.subarray(0, this.#used);
    const lines = this.#batchLines;
    this.#batch = undefined;
    this.#used = 0;
    this.#batchLines = 0;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.#fd, bytes, done);
    } catch {
      this.#drop(lines);
    }
  }

  /** Flushes what is buffered, then closes (a file descriptor 1 or 2 stays open). */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      live.delete(this);
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (!this.#failed) {
        this.#handOver();
        this.#out.end();
      }
    }
    return this.#done;
  }
}
