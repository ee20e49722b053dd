/**
 * `balance` algorithm → balancer (HAProxy's lb_ops table). Adding an
 * algorithm is adding its file and one line here. `rdp-cookie` and
 * `balance hash <expr>` have none yet: runtime/support.ts refuses them at
 * start, through unimplementedBalance().
 */
import type { Balance, BalanceKind } from '../config/model/balance.js';
import type { BalancerFactory } from './balancer.js';
import { first } from './first.js';
import { hdr } from './hdr.js';
import { leastConn } from './leastconn.js';
import { random } from './random.js';
import { roundRobin } from './roundrobin.js';
import { source } from './source.js';
import { staticRoundRobin } from './static-rr.js';
import { uri } from './uri.js';
import { urlParam } from './url-param.js';

const FACTORIES: Readonly<Record<BalanceKind, BalancerFactory | undefined>> = {
  roundrobin: roundRobin,
  'static-rr': staticRoundRobin,
  leastconn: leastConn,
  first,
  source,
  uri,
  url_param: urlParam,
  hdr,
  random,
  'rdp-cookie': undefined,
  hash: undefined,
};

export function balancerFor(kind: BalanceKind): BalancerFactory {
  const factory = FACTORIES[kind];
  if (!factory) throw new Error(`'balance ${kind}' is not implemented`);
  return factory;
}

/** Why a `balance` cannot run, or undefined when it can. */
export function unimplementedBalance(balance: Balance): string | undefined {
  switch (balance.kind) {
    case 'rdp-cookie':
      return "'balance rdp-cookie' is not implemented yet";
    case 'hash':
      return "'balance hash <expr>' is not implemented yet";
    case 'url_param':
      return balance.checkPost
        ? "'balance url_param ... check_post' is not implemented: tslb chooses the server before reading the request body; remove 'check_post' to hash the query string only"
        : undefined;
    default:
      return FACTORIES[balance.kind] ? undefined : `'balance ${balance.kind}' is not implemented`;
  }
}
