/**
 * The cross-reference pass, run once every section is read (HAProxy's
 * check_config_validity()): names that point elsewhere must exist, ids must
 * be unique, HTTP-only settings in TCP proxies are dropped with a warning,
 * and the usual warnings are given. It also settles what HAProxy settles at
 * this point, so that the model is the configuration in effect. One pass per
 * file; the order matters (ACLs are checked before TCP proxies lose their
 * HTTP rules, as HAProxy checks them while parsing).
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Parsed } from '../parser.js';
import { checkAclReferences } from './acls.js';
import { settleLogGlobal } from './logs.js';
import { checkReferences } from './references.js';
import { checkServers } from './servers.js';
import { checkSwitching } from './switching.js';
import { settleTcpMode } from './tcp-mode.js';
import { warnProxies } from './warnings.js';

export function crossCheck(parsed: Parsed, diags: Diagnostics): void {
  checkAclReferences(parsed, diags);
  checkSwitching(parsed, diags);
  checkServers(parsed, diags);
  checkReferences(parsed, diags);
  settleTcpMode(parsed, diags);
  warnProxies(parsed, diags);
  settleLogGlobal(parsed);
}
