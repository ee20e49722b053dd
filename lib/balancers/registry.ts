/** Balance algorithm → balancer. Every algorithm maps to the plain round robin until issue 4 adds theirs. */
import type { BalanceKind } from '../config/model/balance.js';
import type { BalancerFactory } from './balancer.js';
import { plainRoundRobin } from './plain-roundrobin.js';

export function balancerFor(kind: BalanceKind): BalancerFactory {
  void kind;
  return plainRoundRobin;
}
