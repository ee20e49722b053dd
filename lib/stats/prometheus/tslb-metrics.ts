/**
 * The `tslb_*` families: what HAProxy's exporter has no name for, kept in a
 * prom-client Registry and written after the `haproxy_*` families:
 *
 *   - `tslb_build_info{version}` — always 1;
 *   - `tslb_exporter_render_seconds` — a histogram of the time a scrape
 *     spends reading the statistics and writing the `haproxy_*` families
 *     (the scrape that writes it included);
 *   - optionally prom-client's Node.js collectors under the `tslb_` prefix
 *     (`tslb_process_cpu_seconds_total`, `tslb_nodejs_eventloop_lag_seconds`,
 *     `tslb_nodejs_heap_size_used_bytes`...), so that they can never clash
 *     with `haproxy_process_*` or another exporter's `process_*`.
 *
 * prom-client separates families with a blank line; they are removed so the
 * whole answer has HAProxy's shape.
 */
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { TSLB_VERSION } from '../../version.js';

export interface TslbMetricsOptions {
  /** The registry to fill (default: a new one). Anything else registered in it is written too. */
  readonly registry?: Registry;
  /** Add prom-client's Node.js process collectors under `tslb_` (default: true). */
  readonly nodeMetrics?: boolean;
}

/** Bucket bounds of the render histogram, in seconds. */
const RENDER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export class TslbMetrics {
  readonly registry: Registry;
  readonly #render: Histogram;

  constructor(options: TslbMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const build = new Gauge({ name: 'tslb_build_info', help: 'tslb build: always 1, the tslb version in the label.', labelNames: ['version'], registers: [this.registry] });
    build.set({ version: TSLB_VERSION }, 1);
    this.#render = new Histogram({
      name: 'tslb_exporter_render_seconds',
      help: 'Time a scrape spent reading the statistics and writing the haproxy_* families, in seconds.',
      buckets: RENDER_BUCKETS,
      registers: [this.registry],
    });
    if (options.nodeMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'tslb_' });
  }

  /** Records the time one scrape spent on the `haproxy_*` families. */
  observeRender(seconds: number): void {
    this.#render.observe(seconds);
  }

  /** The registry's families, one block each, no blank lines, ending with a line feed. */
  async text(): Promise<string> {
    const body = await this.registry.metrics();
    return body.replace(/\n\n+/g, '\n');
  }
}
