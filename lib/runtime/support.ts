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
import { userlistProblems } from '../auth/userlist.js';
import { AclSet } from '../rules/acl/condition.js';
import { converterSpec } from '../rules/converter-lookup.js';
import { RuleEnv } from '../rules/env.js';
import { HttpRequestRules } from '../rules/http-request-rules.js';
import { Router } from '../rules/router.js';

export interface SupportReport {
  /** Reasons to refuse to start. */
  readonly refuse: string[];
  /** Configured but not active yet. */
  readonly warn: string[];
}

/** `env`: the rule environment the runtime will use, so that pattern files are read once. */
export function checkRuntimeSupport(model: Model, env = new RuleEnv(converterSpec, model.userlists)): SupportReport {
  const refuse: string[] = [];
  const warn: string[] = [];
  const at = (p: { place: { file: string; line: number } }): string => `${p.place.file}:${p.place.line}`;
  for (const d of model.defaults) {
    if (hasRules(d.rules)) {
      refuse.push(`rules in defaults section '${d.name}' (${at(d)}): the rule engine arrives with issue 5`);
    }
  }
  // Hashes HAProxy accepts but that no password can match stay (they never match, as in HAProxy); unknown schemes are refused.
  for (const u of model.userlists) for (const why of userlistProblems(u).filter((w) => w.unsupported)) refuse.push(`userlist '${u.name}', user '${why.user}' (${why.place.file}:${why.place.line}): ${why.message}`);
  // Rules are compiled as the runtime compiles them: what tslb cannot run is named here.
  for (const p of model.proxies) {
    const name = `${p.kind} '${p.name}' (${at(p)})`;
    const acls = new AclSet(p.acls, env);
    try {
      new HttpRequestRules(p.rules.httpRequest, p.rules.redirect, acls, env, p.name);
    } catch (err) {
      refuse.push(`${name}: 'http-request' rule at ${(err as Error).message}`);
    }
    if (p.rules.httpRequest.some((r) => r.action.type === 'auth') && p.errorFiles.some((e) => e.status === 401)) {
      refuse.push(`${name}: 'http-request auth' answers HAProxy's built-in 401 page; an 'errorfile 401' for it is not implemented yet`);
    }
    for (const [what, rules] of ruleSets(p.rules)) {
      if (what !== 'http-request' && what !== 'redirect' && rules.length > 0) refuse.push(`${name}: '${what}' rules arrive with issue 5`);
    }
    try {
      new Router(p, acls, new Map());
    } catch (err) {
      refuse.push(`${name}: ${(err as Error).message}`);
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
