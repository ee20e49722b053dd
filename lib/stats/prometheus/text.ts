/**
 * Pieces of the Prometheus text exposition format (version 0.0.4) as
 * HAProxy 2.6's exporter writes them: integers in decimal, durations in
 * seconds with six decimals (C's "%f": `0.000000`), and `NaN` for a value
 * that the object does not have (an empty stats field) or that is not a
 * number. https://prometheus.io/docs/instrumenting/exposition_formats/
 */
import type { StatValue } from '../row.js';

export type MetricType = 'gauge' | 'counter';

/** The `# HELP` and `# TYPE` lines that open a family. */
export function header(name: string, type: MetricType, help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

/** A value as it is: a finite number, else NaN (an empty field, or a text where a number was expected). */
export function formatNumber(value: StatValue): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : 'NaN';
}

/** A duration kept in milliseconds, written in seconds with six decimals. */
export function formatSeconds(ms: StatValue): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? (ms / 1000).toFixed(6) : 'NaN';
}

/** A label value between double quotes: backslash, quote and line feed escaped. */
export function labelValue(value: string): string {
  return /[\\"\n]/.test(value) ? `"${value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"` : `"${value}"`;
}

/** HELP text escaping: backslash and line feed. */
function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}
