/**
 * A server weight as `set server <b>/<s> weight` and `set weight` read it
 * (management guide 9.3), with HAProxy 2.6's refusals word for word — two
 * of them without a final newline, as HAProxy prints them:
 *
 *   <n>    an absolute weight, 0..256
 *   <n>%   a share of the configured weight, truncated, at most 256
 *
 * A backend whose balancer cannot change weights at run time (static-rr,
 * hashing with a map) only takes 0, its configured weight, or 0% / 100%.
 */
import type { RuntimeServer } from '../backend/server.js';
import { CliError } from './command.js';

export function parseWeight(server: RuntimeServer, text: string | undefined): number {
  if (text === undefined || text === '') throw new CliError('Require <weight> or <weight%>.\n');
  // strtol(): blanks, a sign, digits; the rest is what follows.
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)(.*)$/s.exec(text);
  if (!m) throw new CliError('Empty weight string empty or preceded by garbage');
  let w = Number(m[1]);
  const rest = m[2] as string;
  const initial = server.config.weight;
  if (rest === '%') {
    if (w < 0) throw new CliError('Relative weight must be positive.\n');
    w = Math.min(w, 25600);
    w = Math.min(Math.trunc((initial * w) / 100), 256);
  } else if (w < 0 || w > 256) throw new CliError('Absolute weight can only be between 0 and 256 inclusive.\n');
  else if (rest !== '') throw new CliError('Trailing garbage in weight string');
  if (w !== 0 && w !== initial && !server.dynamicWeights) throw new CliError("Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n");
  return w;
}
