/**
 * The Prometheus exporter (`http-request use-service prometheus-exporter`,
 * HAProxy 2.6 "promex"): turns the statistics rows that `show stat`,
 * `show info` and the stick tables give into the text exposition format.
 * It only reads a source; the HTTP side (status line, `cache-control:
 * no-cache`, chunked body) belongs to the service that calls it.
 *
 *   query string ──parseMetricsQuery──▶ scopes, no-maint
 *   source.rows()/info()/tables() ──once──▶ snapshot
 *   snapshot ──render.ts──▶ haproxy_* blocks ──┐   (a turn of the event loop
 *   tslb-metrics.ts (prom-client) ─▶ tslb_* ───┴─▶  every few ms of work)
 *
 * `tslb_*` families go with the `global` group, after all `haproxy_*` ones.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { InfoField, StatRow } from '../row.js';
import { parseMetricsQuery, type MetricsQuery } from './query.js';
import { haproxyFamilies, needsRows, type StatsSnapshot } from './render.js';
import type { StickTableStat } from './table-families.js';
import { TslbMetrics, type TslbMetricsOptions } from './tslb-metrics.js';

/** The Content-Type HAProxy 2.6.12 sends with the metrics (no charset). */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4';

/** Where the statistics come from; each method is called at most once per scrape. */
export interface MetricsSource {
  /** The `show stat` rows, in `show stat` order. */
  rows(): readonly StatRow[];
  /** The `show info` lines. */
  info(): readonly InfoField[];
  /** The stick tables, in declaration order. */
  tables(): readonly StickTableStat[];
}

/** What to answer: the metrics, or HAProxy's 400 for a query it refuses (unknown scope, bad %-escape). */
export type MetricsReply =
  | { readonly status: 200; readonly contentType: typeof METRICS_CONTENT_TYPE; readonly body: string }
  | { readonly status: 400; readonly reason: string };

export interface ExporterOptions extends TslbMetricsOptions {
  /** Longest stretch of rendering, in ms, before the event loop gets a turn (default 4). */
  readonly sliceMs?: number;
}

export class PrometheusExporter {
  readonly #tslb: TslbMetrics;
  readonly #sliceMs: number;

  constructor(options: ExporterOptions = {}) {
    this.#tslb = new TslbMetrics(options);
    this.#sliceMs = options.sliceMs ?? 4;
  }

  /** The prom-client registry of the `tslb_*` families (to add more). */
  get registry(): TslbMetrics['registry'] {
    return this.#tslb.registry;
  }

  /**
   * The body in pieces, for a chunked answer: the source is read once, then
   * the families are written a few milliseconds at a time, with a turn of
   * the event loop in between so that traffic is not held up.
   */
  async *chunks(source: MetricsSource, query: MetricsQuery): AsyncGenerator<string> {
    let sliceStart = performance.now();
    const snapshot: StatsSnapshot = {
      rows: needsRows(query) ? source.rows() : [],
      info: query.scopes.has('global') ? source.info() : [],
      tables: query.scopes.has('sticktable') ? source.tables() : [],
    };
    let busy = 0;
    let pending = '';
    for (const block of haproxyFamilies(snapshot, query)) {
      pending += block;
      const now = performance.now();
      if (now - sliceStart >= this.#sliceMs) {
        busy += now - sliceStart;
        yield pending;
        pending = '';
        await nextTurn();
        sliceStart = performance.now();
      }
    }
    busy += performance.now() - sliceStart;
    // Every scrape's cost (reading the source included, turns given away not), this one's too in the histogram it writes.
    this.#tslb.observeRender(busy / 1000);
    if (query.scopes.has('global')) pending += await this.#tslb.text();
    if (pending !== '') yield pending;
  }

  /** The whole answer to `/metrics?<query>`. */
  async render(source: MetricsSource, query: string | MetricsQuery): Promise<MetricsReply> {
    let parsed: MetricsQuery;
    if (typeof query === 'string') {
      const result = parseMetricsQuery(query);
      if (!result.ok) return { status: 400, reason: result.reason };
      parsed = result.query;
    } else parsed = query;
    let body = '';
    for await (const chunk of this.chunks(source, parsed)) body += chunk;
    return { status: 200, contentType: METRICS_CONTENT_TYPE, body };
  }
}

let shared: PrometheusExporter | undefined;

/** Renders with one process-wide exporter (created on first use, with the Node.js collectors). */
export function renderMetrics(source: MetricsSource, query: string | MetricsQuery): Promise<MetricsReply> {
  shared ??= new PrometheusExporter();
  return shared.render(source, query);
}
