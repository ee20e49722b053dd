/**
 * The process-wide count of log messages that could not be delivered
 * (HAProxy's `DroppedLogs` in `show info`): a UDP send the kernel refused, a
 * stream writer whose buffer was full, a line that failed to build.
 */
let dropped = 0;

/** Counts `n` more dropped messages. */
export function countDroppedLog(n = 1): void {
  dropped += n;
}

/** Messages dropped since the process started. */
export function droppedLogs(): number {
  return dropped;
}
