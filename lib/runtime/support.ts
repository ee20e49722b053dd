/**
 * What the runtime cannot do yet, so that nothing configured is silently
 * ignored: features that would change what clients or servers see make the
 * runtime refuse to start; observability and health checking, which arrive
 * with later issues, are announced with a warning at start.
 */
import type { Model } from '../config/model/index.js';
import { hasBackend, hasFrontend } from '../config/model/proxy.js';
import { hasRules, ruleSets } from '../config/rule-sets.js';
import { unimplementedBalance } from '../balancers/registry.js';
import { unimplementedChecks } from '../checks/registry.js';

export interface SupportReport {
  /** Reasons to refuse to start. */
  readonly refuse: string[];
  /** Configured but not active yet. */
  readonly warn: string[];
}

export function checkRuntimeSupport(model: Model): SupportReport {
  const refuse: string[] = [];
  const warn: string[] = [];
  const at = (p: { place: { file: string; line: number } }): string => `${p.place.file}:${p.place.line}`;
  for (const d of model.defaults) {
    if (hasRules(d.rules)) {
      refuse.push(`rules in defaults section '${d.name}' (${at(d)}): the rule engine arrives with issue 5`);
    }
  }
  for (const p of model.proxies) {
    const name = `${p.kind} '${p.name}' (${at(p)})`;
    for (const rule of p.rules.httpRequest) {
      if (rule.action.type !== 'return' || rule.cond) {
        refuse.push(`${name}: 'http-request ${rule.action.type}'${rule.cond ? ' with a condition' : ''} at line ${rule.place.line}: only unconditional 'http-request return' runs before the rule engine (issue 5)`);
      }
    }
    for (const [what, rules] of ruleSets(p.rules)) {
      if (what !== 'http-request' && rules.length > 0) refuse.push(`${name}: '${what}' rules arrive with issue 5`);
    }
    for (const u of p.useBackends) {
      if (u.cond || u.dynamic) refuse.push(`${name}: 'use_backend ${u.backend}' with a condition or a dynamic name arrives with issue 5`);
    }
    if (p.useServers.length > 0) refuse.push(`${name}: 'use-server' arrives with issue 5`);
    if (p.stickRules.length > 0 || p.stickTable) refuse.push(`${name}: stick tables arrive with issue 5`);
    if (p.forcePersist.length > 0 || p.ignorePersist.length > 0) refuse.push(`${name}: 'force-persist' and 'ignore-persist' (conditions) arrive with issue 5`);
    if (hasFrontend(p.kind) && p.stats.enabled) refuse.push(`${name}: the stats page arrives with issue 6`);
    if (hasFrontend(p.kind) && p.monitor.uri !== undefined) refuse.push(`${name}: 'monitor-uri' arrives with issue 5`);
    if (p.binds.some((b) => b.ssl)) refuse.push(`${name}: TLS listeners ('bind ... ssl') are not implemented yet`);
    if (p.binds.some((b) => b.acceptProxy)) refuse.push(`${name}: 'accept-proxy' is not implemented yet`);
    if (p.servers.some((s) => s.ssl || s.sendProxy !== 'none')) refuse.push(`${name}: servers with 'ssl' or 'send-proxy' are not implemented yet`);
    if (p.servers.some((s) => s.minconn > 0)) refuse.push(`${name}: 'minconn' (a dynamic maxconn following 'fullconn') is not implemented yet`);
    const balance = hasBackend(p.kind) ? unimplementedBalance(p.balance) : undefined;
    if (balance) refuse.push(`${name}: ${balance}`);
    if (hasBackend(p.kind)) for (const why of unimplementedChecks(p)) refuse.push(`${name}: ${why}`);
    if (hasFrontend(p.kind) && p.logs.length > 0) warn.push(`${name}: access logs arrive with issue 6`);
  }
  if (model.global.statsSockets.length > 0) warn.push('the Runtime API (stats socket) arrives with issue 6; the socket is not opened');
  if (model.global.nbthread > 1) warn.push(`nbthread ${model.global.nbthread}: tslb runs one process until multi-core support lands`);
  return { refuse, warn };
}
