/**
 * The actions of the stats page's admin form, as HAProxy 2.6 accepts them
 * in `action=` (reference §1.13; management guide, "stats admin"), with the
 * label the dashboard shows. The form posts `s=<server>` (repeated),
 * `action=<value>` and `b=#<proxy iid>` to the stats URI.
 */

export interface StatsAction {
  readonly value: string;
  readonly label: string;
}

export const STATS_ACTIONS: readonly StatsAction[] = [
  { value: 'ready', label: 'State: ready' },
  { value: 'drain', label: 'State: drain' },
  { value: 'maint', label: 'State: maintenance' },
  { value: 'dhlth', label: 'Health checks: disable' },
  { value: 'ehlth', label: 'Health checks: enable' },
  { value: 'hrunn', label: 'Health: force UP' },
  { value: 'hnolb', label: 'Health: force NOLB' },
  { value: 'hdown', label: 'Health: force DOWN' },
  { value: 'dagent', label: 'Agent checks: disable' },
  { value: 'eagent', label: 'Agent checks: enable' },
  { value: 'arunn', label: 'Agent: force UP' },
  { value: 'adown', label: 'Agent: force DOWN' },
  { value: 'shutdown', label: 'Kill sessions' },
];
