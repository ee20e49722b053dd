/** A backend at run time: its servers, its balancer and its counters. */
import type { Proxy } from '../config/model/proxy.js';
import type { Balancer } from '../balancers/balancer.js';
import { balancerFor } from '../balancers/registry.js';
import { RuntimeServer } from './server.js';

export interface BackendCounters {
  total: number;
  current: number;
  bytesIn: number;
  bytesOut: number;
  connectErrors: number;
  /** Requests that found no usable server (503). */
  noServer: number;
}

export class RuntimeBackend {
  readonly config: Proxy;
  readonly servers: readonly RuntimeServer[];
  readonly balancer: Balancer;
  readonly counters: BackendCounters = { total: 0, current: 0, bytesIn: 0, bytesOut: 0, connectErrors: 0, noServer: 0 };

  constructor(config: Proxy) {
    this.config = config;
    this.servers = config.servers.map((s) => new RuntimeServer(s, config.name));
    this.balancer = balancerFor(config.balance.kind)(this.servers);
  }

  get name(): string {
    return this.config.name;
  }
}
