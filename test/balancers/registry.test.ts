/**
 * Every `balance` algorithm has a balancer, except `rdp-cookie`, `hash
 * <expr>` and `url_param ... check_post`, which the runtime refuses at start
 * with the reason (nothing configured runs silently as something else).
 */
import t from 'tap';
import { balancerFor } from '../../lib/balancers/registry.js';
import type { BalanceKind } from '../../lib/config/model/balance.js';
import { loadConfigText } from '../../lib/config/load.js';
import { checkRuntimeSupport } from '../../lib/runtime/support.js';

function support(balance: string, mode = 'http'): { refuse: string[]; warn: string[] } {
  const r = loadConfigText(`
defaults
    mode ${mode}
    timeout connect 1s
    timeout client 1s
    timeout server 1s
listen l
    bind 127.0.0.1:1
    balance ${balance}
    server s 127.0.0.1:2
`);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return checkRuntimeSupport(r.model);
}

t.test('implemented algorithms start without a word', async (t) => {
  for (const b of ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri whole len 3', 'url_param id', 'hdr(host) use_domain_only', 'random(3)']) {
    t.strictSame(support(b), { refuse: [], warn: [] }, b);
  }
});

t.test('the others are refused with the reason', async (t) => {
  t.match(support('rdp-cookie', 'tcp').refuse.join(), /'balance rdp-cookie' is not implemented/);
  t.match(support('hash req.hdr(x)').refuse.join(), /'balance hash <expr>' is not implemented/);
  t.match(support('url_param id check_post').refuse.join(), /'balance url_param \.\.\. check_post' is not implemented: tslb chooses the server before reading the request body/);
  for (const kind of ['rdp-cookie', 'hash'] as BalanceKind[]) t.throws(() => balancerFor(kind), { message: `'balance ${kind}' is not implemented` });
});
