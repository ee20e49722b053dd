/**
 * `balance roundrobin`: HAProxy's fast weighted round robin (manual 4.2
 * "balance" roundrobin), server by server in HAProxy's own order — weights
 * 3/2/1 give `a b a c a b`, not the `a b a c b a` of nginx's smooth round
 * robin. Weights may change at run time (onServerChange).
 *
 * Each server's effective weight is its weight × 16. Picks advance a
 * position `pos` through a window as wide as the total weight; a server
 * used at position p is due again at p + total / weight (the remainder
 * carried in `rweight`). Three queues per group (active, backup):
 *
 *   init ─┐  servers not placed yet, heaviest first
 *         ├─► pick ──► curr: placed in this window, by next due position
 *   next ◄┘            next: due beyond this window, heaviest first
 *
 * A pick takes the first of `curr` if it is due, else the heaviest of
 * `init`; when both are empty the window ends, `next` becomes `init`. Equal
 * keys keep insertion order. Full servers (maxconn) are stepped over and put
 * back as if used; the server to avoid is used only if nothing else is left.
 */
import { WEIGHT_SCALE, type RuntimeServer } from '../backend/server.js';
import type { Balancer, BalancerFactory, PickContext } from './balancer.js';
import { OrderedQueue, QueueEntry } from './ordered-queue.js';

/** The effective weight of weight 256. */
const EWEIGHT_MAX = 256 * WEIGHT_SCALE;

export const roundRobin: BalancerFactory = (servers, proxy) => new RoundRobin(servers, proxy.flags.allbackups);

class Slot extends QueueEntry {
  readonly server: RuntimeServer;
  /** Declaration order. */
  readonly order: number;
  /** State as last taken into account: usable, and weight × 16. */
  usable: boolean;
  eweight: number;
  /** Next and last positions, and the weight remainder carried between picks. */
  npos = 0;
  lpos = 0;
  rweight = 0;
  /** Chains the servers stepped over during one pick. */
  skipped: Slot | undefined;

  constructor(server: RuntimeServer, order: number) {
    super();
    this.server = server;
    this.order = order;
    this.usable = server.usable;
    this.eweight = server.eweight;
  }
}

class Group {
  pos: number;
  /** Total weight of the current window, and of the next one (changes land there). */
  currWeight: number;
  nextWeight: number;
  readonly curr = new OrderedQueue<Slot>();
  init = new OrderedQueue<Slot>();
  next = new OrderedQueue<Slot>();

  constructor(weight: number) {
    this.pos = this.currWeight = this.nextWeight = weight;
  }
}

class RoundRobin implements Balancer {
  readonly dynamicWeights = true;
  readonly #slots = new Map<RuntimeServer, Slot>();
  readonly #ordered: Slot[];
  readonly #allBackups: boolean;
  readonly #active: Group;
  readonly #backup: Group;
  #activeCount = 0;
  #backupCount = 0;
  /** The one backup server in use without `option allbackups`. */
  #firstBackup: Slot | undefined;

  constructor(servers: readonly RuntimeServer[], allBackups: boolean) {
    this.#allBackups = allBackups;
    this.#ordered = servers.map((s, i) => new Slot(s, i));
    let activeWeight = 0;
    let backupWeight = 0;
    for (const slot of this.#ordered) {
      this.#slots.set(slot.server, slot);
      if (!slot.usable) continue;
      if (slot.server.config.backup) {
        if (this.#backupCount === 0 && !allBackups) this.#firstBackup = slot;
        this.#backupCount++;
        backupWeight += slot.eweight;
      } else {
        this.#activeCount++;
        activeWeight += slot.eweight;
      }
    }
    this.#active = new Group(activeWeight);
    this.#backup = new Group(backupWeight);
    for (const slot of this.#ordered) if (slot.usable) this.#queueByWeight(this.#groupOf(slot).init, slot);
  }

  pick(_ctx: PickContext, avoid?: RuntimeServer): RuntimeServer | undefined {
    let g: Group;
    if (this.#activeCount > 0) g = this.#active;
    else if (this.#firstBackup) return this.#firstBackup.server.full ? undefined : this.#firstBackup.server;
    else if (this.#backupCount > 0) g = this.#backup;
    else return undefined;

    let switched = false;
    let avoided: Slot | undefined;
    let skipped: Slot | undefined;
    let chosen: Slot | undefined;
    search: for (;;) {
      // An empty window first collects weights that changed meanwhile.
      if (g.currWeight === 0) g.pos = g.currWeight = g.nextWeight;
      for (;;) {
        chosen = this.#candidate(g);
        if (chosen) break;
        if (switched) {
          chosen = avoided;
          break search;
        }
        switched = true;
        this.#switchWindow(g);
      }
      this.#advance(g, chosen);
      chosen.queue?.remove(chosen);
      g.pos++;
      if (!chosen.server.full) {
        if (chosen.server !== avoid || avoided) break;
        avoided = chosen;
      }
      chosen.skipped = skipped;
      skipped = chosen;
    }
    if (chosen) this.#place(chosen);
    // Put back what was stepped over: by weight if the window changed (their places are gone).
    while (skipped) {
      const s = skipped;
      skipped = s.skipped;
      s.skipped = undefined;
      if (s === chosen) continue;
      if (switched) this.#queueByWeight(g.init, s);
      else this.#place(s);
    }
    return chosen?.server;
  }

  onServerChange(server: RuntimeServer): void {
    const slot = this.#slots.get(server);
    if (!slot) return;
    const usable = server.usable;
    const eweight = server.eweight;
    if (slot.usable === usable && slot.eweight === eweight) return;
    if (!slot.usable && !usable) slot.eweight = eweight;
    else if (!slot.usable) this.#up(slot, eweight);
    else if (!usable) this.#down(slot, eweight);
    else this.#reweight(slot, eweight);
  }

  #groupOf(slot: Slot): Group {
    return slot.server.config.backup ? this.#backup : this.#active;
  }

  /** The first of `curr` if due, else the heaviest unplaced server, else the first of `curr` anyway. */
  #candidate(g: Group): Slot | undefined {
    const first = g.curr.first();
    if (first && first.eweight > 0 && first.npos <= g.pos) return first;
    const fresh = g.init.first();
    if (fresh && fresh.eweight > 0) {
      fresh.npos = 0;
      fresh.rweight = 0;
      return fresh;
    }
    return first;
  }

  /** The window ends: `next` becomes the servers to place. */
  #switchWindow(g: Group): void {
    const init = g.init;
    g.init = g.next;
    g.next = init;
    g.currWeight = g.nextWeight;
    g.pos = g.currWeight;
  }

  /** Moves a server just used to its next due position. */
  #advance(g: Group, slot: Slot): void {
    const w = slot.eweight;
    if (w === 0) return;
    if (slot.npos === 0) slot.npos = g.pos;
    slot.lpos = slot.npos;
    slot.npos += Math.floor(g.nextWeight / w);
    slot.rweight += g.nextWeight % w;
    if (slot.rweight >= w) {
      slot.rweight -= w;
      slot.npos++;
    }
  }

  #queueByWeight(q: OrderedQueue<Slot>, slot: Slot): void {
    q.insert(slot, EWEIGHT_MAX - slot.eweight);
  }

  /** Queues a server by its next position: in this window, or the next one if it falls beyond. */
  #place(slot: Slot): void {
    const g = this.#groupOf(slot);
    if (!slot.server.usable) return;
    if (slot.eweight <= 0 || slot.npos >= 2 * g.currWeight || slot.npos >= g.currWeight + g.nextWeight) {
      slot.npos -= g.currWeight;
      this.#queueByWeight(g.next, slot);
      return;
    }
    // Position first, then the remainder, so that a server with more carried weight goes first.
    g.curr.insert(slot, (256 * slot.npos + Math.floor((EWEIGHT_MAX + slot.rweight - slot.eweight) / WEIGHT_SCALE)) >>> 0);
  }

  /** Readies a server taken out of its queue for a new place (HAProxy's fwrr_get_srv). */
  #takeOut(g: Group, slot: Slot): void {
    if (slot.queue === g.init) {
      slot.npos = 0;
      slot.rweight = 0;
    } else if (slot.queue === g.next) {
      slot.npos += g.currWeight;
    } else if (!slot.queue) {
      slot.npos = g.pos;
    }
  }

  /** A server becomes usable: it joins after a share of what is left of the window. */
  #up(slot: Slot, eweight: number): void {
    const g = this.#groupOf(slot);
    slot.eweight = eweight;
    g.nextWeight += eweight;
    if (slot.server.config.backup) {
      this.#backupCount++;
      if (!this.#allBackups && (!this.#firstBackup || slot.order < this.#firstBackup.order)) this.#firstBackup = slot;
    } else {
      this.#activeCount++;
    }
    this.#takeOut(g, slot);
    slot.npos = g.pos + Math.floor((g.nextWeight + g.currWeight - g.pos) / eweight);
    slot.queue?.remove(slot);
    this.#place(slot);
    slot.usable = true;
  }

  #down(slot: Slot, eweight: number): void {
    const g = this.#groupOf(slot);
    g.nextWeight -= slot.eweight;
    if (slot.server.config.backup) {
      this.#backupCount--;
      if (slot === this.#firstBackup) {
        this.#firstBackup = this.#ordered.find((s) => s.order > slot.order && s.server.config.backup && s.server.usable);
      }
    } else {
      this.#activeCount--;
    }
    slot.queue?.remove(slot);
    slot.usable = false;
    slot.eweight = eweight;
  }

  /** A usable server's weight changes: the next window sees the new total; its next position is re-derived. */
  #reweight(slot: Slot, eweight: number): void {
    const g = this.#groupOf(slot);
    g.nextWeight += eweight - slot.eweight;
    slot.eweight = eweight;
    if (slot.queue === g.init) {
      g.init.remove(slot);
      this.#queueByWeight(g.init, slot);
      return;
    }
    if (!slot.queue) {
      this.#takeOut(g, slot);
      slot.npos = g.pos + Math.floor((g.nextWeight + g.currWeight - g.pos) / eweight);
    } else {
      this.#takeOut(g, slot);
      const planned = slot.npos;
      const step = Math.floor(g.nextWeight / eweight);
      slot.npos = Math.min(slot.lpos + step, planned);
      slot.rweight = 0;
      if (slot.npos < g.pos + 2) slot.npos = g.pos + step;
      slot.queue.remove(slot);
    }
    this.#place(slot);
  }
}
