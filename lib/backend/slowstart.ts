/**
 * `slowstart` (manual 5.2): a server that comes back — DOWN or in
 * maintenance before, running now — does not take its full share at once.
 * For `slowstart` seconds (rounded up, as HAProxy keeps it) its effective
 * weight and its maxconn grow with the time elapsed (RuntimeServer.eweight,
 * .effectiveMaxconn); then it runs at full speed. HAProxy steps the ramp
 * once a second (its warmup task, every max(1 s, slowstart / 20) with
 * slowstart in seconds); so does this. Servers are never slowed at start.
 *
 * Each step is reported through `onStep` so that the balancer takes the new
 * weight and queued requests can use the larger maxconn.
 */
import { slowstartSeconds, type RuntimeServer } from './server.js';

const STEP_MS = 1000;

export class SlowStart {
  readonly #timers = new Map<RuntimeServer, NodeJS.Timeout>();
  readonly #onStep: (server: RuntimeServer) => void;

  constructor(onStep: (server: RuntimeServer) => void) {
    this.#onStep = onStep;
  }

  /** The server just came back: it starts at the lowest step (the caller then tells the balancer). */
  begin(server: RuntimeServer): void {
    const span = slowstartSeconds(server.config.slowstart);
    if (span === 0) return;
    this.end(server);
    server.warmingFor = 0;
    const timer = setInterval(() => {
      const elapsed = (server.warmingFor ?? 0) + 1;
      if (elapsed >= span) this.end(server);
      else server.warmingFor = elapsed;
      this.#onStep(server);
    }, STEP_MS);
    // The ramp alone never keeps the process alive.
    timer.unref();
    this.#timers.set(server, timer);
  }

  /** Full speed now (the ramp ended, or the server stopped again). */
  end(server: RuntimeServer): void {
    const timer = this.#timers.get(server);
    if (timer) clearInterval(timer);
    this.#timers.delete(server);
    server.warmingFor = undefined;
  }
}
