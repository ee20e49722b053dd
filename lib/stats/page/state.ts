/**
 * What a stats `status` string means on the dashboard: the state class that
 * colours a row and its status cell. The strings are HAProxy 2.6's (see the
 * reference, §2.9): servers `UP`, `DOWN`, `UP n/m` (going down), `DOWN n/m`
 * (going up), `NOLB[ n/m]`, `DRAIN[ n/m| (agent)]`, `MAINT[ (via b/s)|
 * (resolution)]`, `DOWN (agent)`, `no check`; frontends `OPEN`/`STOP`/
 * `FULL`; backends `UP`/`DOWN`, with `;up` `UP (3/3)`.
 *
 * The client script (client-script.ts) classifies the same way when it
 * updates a page in place; test/stats/page-html.test.ts keeps both in step.
 */

export const DISPLAY_STATES = ['up', 'going-down', 'going-up', 'down', 'maint', 'drain', 'nolb', 'nocheck', 'open', 'stop', 'full', 'unknown'] as const;

export type DisplayState = (typeof DISPLAY_STATES)[number];

/** `n/m` after a space: a check transition in progress (`UP 1/3`, `DOWN 1/2`), not the `;up` backend count `UP (3/3)`. */
const TRANSITION = /^(UP|DOWN) \d+\/\d+/;

/** The state of a status string; `unknown` for anything HAProxy does not print. */
export function displayState(status: string): DisplayState {
  const t = TRANSITION.exec(status);
  if (t) return t[1] === 'UP' ? 'going-down' : 'going-up';
  if (status.startsWith('MAINT')) return 'maint';
  if (status.startsWith('DRAIN')) return 'drain';
  if (status.startsWith('NOLB')) return 'nolb';
  if (status === 'no check') return 'nocheck';
  if (status.startsWith('UP')) return 'up';
  if (status.startsWith('DOWN')) return 'down';
  if (status === 'OPEN') return 'open';
  if (status === 'STOP') return 'stop';
  if (status === 'FULL') return 'full';
  return 'unknown';
}

/**
 * Whether a server row stays on a `;up` page. HAProxy hides servers that
 * are stopped or in maintenance (so `DOWN 1/2`, going up, is hidden) and
 * keeps every running one, DRAIN, NOLB and `no check` included [verified
 * on 2.6.12].
 */
export function shownWhenUpOnly(state: DisplayState): boolean {
  return state !== 'down' && state !== 'going-up' && state !== 'maint';
}
