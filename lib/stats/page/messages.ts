/**
 * The banner for the result of the last admin action. After a POST HAProxy
 * answers 303 with `Location: <uri>;st=<CODE>` (keeping `;up`,
 * `;norefresh` and the scope); the page shown there says what happened.
 * The codes are HAProxy 2.6's [verified on 2.6.12]; an unknown code shows
 * nothing, as there.
 */

export type MessageLevel = 'ok' | 'warn' | 'error';

export interface StatsMessage {
  readonly level: MessageLevel;
  readonly text: string;
}

export const STATS_MESSAGES: Readonly<Record<string, StatsMessage>> = {
  DONE: { level: 'ok', text: 'Action processed successfully.' },
  NONE: { level: 'warn', text: 'Nothing changed.' },
  PART: { level: 'warn', text: 'Action partially processed: some server names are unknown or ambiguous (the same name twice in the backend).' },
  ERRP: { level: 'error', text: 'Action not processed: invalid parameters.' },
  EXCD: { level: 'error', text: 'Action not processed: the request was too large. Retry with fewer servers at a time.' },
  DENY: { level: 'error', text: 'Action denied.' },
  IVAL: { level: 'error', text: 'Invalid request: unsupported method or chunked request body.' },
  UNKN: { level: 'error', text: 'Unexpected result.' },
};

/** The banner for an `st=` code, undefined for none or an unknown one. */
export function statsMessage(code: string | undefined): StatsMessage | undefined {
  return code !== undefined && Object.hasOwn(STATS_MESSAGES, code) ? STATS_MESSAGES[code] : undefined;
}
