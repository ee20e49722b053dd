/**
 * `log ... sample <ranges>:<size>` (configuration manual 3.1 "log"): of
 * every <size> messages a target would receive, only those whose position
 * (numbered from 1) falls in one of the ranges are sent. `sample 2:2` sends
 * every second message, `sample 1-3,7:10` the 1st, 2nd, 3rd and 7th of each
 * ten (the same counting as HAProxy's, verified with `sample 2:2`).
 */
import { LogTargetError } from './syslog.js';

/** The selection of one target: true for a message to send. undefined spec: every message. */
export function logSampler(spec: string | undefined): (() => boolean) | undefined {
  if (spec === undefined) return undefined;
  const colon = spec.lastIndexOf(':');
  const size = Number(spec.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(size) || size < 1) throw new LogTargetError(`log sample '${spec}': expected '<ranges>:<size>'`);
  const send = new Array<boolean>(size).fill(false);
  for (const range of spec.slice(0, colon).split(',')) {
    const [lowText, highText = lowText] = range.split('-');
    const low = Number(lowText);
    const high = Number(highText);
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < 1 || high < low) throw new LogTargetError(`log sample '${spec}': bad range '${range}'`);
    if (high > size) throw new LogTargetError(`log sample '${spec}': range '${range}' goes beyond the sample size ${size}`);
    for (let i = low; i <= high; i++) send[i - 1] = true;
  }
  let index = 0;
  return () => {
    const yes = send[index] === true;
    index = index + 1 === size ? 0 : index + 1;
    return yes;
  };
}
