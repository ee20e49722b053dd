/**
 * The process log: what HAProxy prints as `[WARNING] (pid) : ...` /
 * `[ALERT] (pid) : ...` (server state changes, a backend without servers).
 * pino, JSON on stdout by default, with HAProxy's text in `msg`:
 *
 *   {"level":40,"time":...,"pid":...,"msg":"Server be/s1 is DOWN, reason: ..."}
 *
 * Replaceable for tests (useProcessLog / captureProcessLog). Issue 6 adds
 * targets and formats.
 */
import { pino, type Logger } from 'pino';

/** HAProxy's levels for process messages, mapped on pino's. */
export type ProcessLogLevel = 'notice' | 'warning' | 'alert';

const PINO_LEVEL = { notice: 'info', warning: 'warn', alert: 'error' } as const;

let logger: Logger | undefined;

function current(): Logger {
  logger ??= pino({ base: { pid: process.pid } });
  return logger;
}

/** Writes one process message. */
export function processLog(level: ProcessLogLevel, msg: string): void {
  current()[PINO_LEVEL[level]](msg);
}

/** Sends process messages to `l` until the returned function restores the previous logger. */
export function useProcessLog(l: Logger): () => void {
  const previous = logger;
  logger = l;
  return () => {
    logger = previous;
  };
}

export interface CapturedLine {
  readonly level: ProcessLogLevel;
  readonly msg: string;
}

/** Collects process messages in memory (tests); `restore` puts the previous logger back. */
export function captureProcessLog(): { lines: CapturedLine[]; restore: () => void } {
  const lines: CapturedLine[] = [];
  const byNumber = new Map<number, ProcessLogLevel>([
    [30, 'notice'],
    [40, 'warning'],
    [50, 'alert'],
  ]);
  const l = pino(
    { base: null, timestamp: false },
    {
      write(s: string): void {
        const o = JSON.parse(s) as { level: number; msg: string };
        lines.push({ level: byNumber.get(o.level) ?? 'notice', msg: o.msg });
      },
    },
  );
  return { lines, restore: useProcessLog(l) };
}
