/**
 * What the runtime cannot do yet, so that nothing configured is silently
 * ignored: features that would change what clients or servers see make the
 * runtime refuse to start; observability and health checking, which arrive
 * with later issues, are announced with a warning at start.
 */
import type { Model } from '../config/model/index.js';
import { hasBackend, hasFrontend } from '../config/model/proxy.js';
import { ruleSets } from '../config/rule-sets.js';
import { withDefaultsRules } from './defaults-rules.js';
import { unimplementedBalance } from '../balancers/registry.js';
import { unimplementedChecks } from '../checks/registry.js';
import { userlistProblems } from '../auth/userlist.js';
import { AclSet } from '../rules/acl/condition.js';
import { converterSpec } from '../rules/converter-lookup.js';
import { RuleEnv } from '../rules/env.js';
import { HttpRequestRules } from '../rules/http-request-rules.js';
import { HttpResponseRules } from '../rules/http-response-rules.js';
import { Router } from '../rules/router.js';
import { StickTables } from '../stick/tables.js';
import { ConnectionRules } from '../rules/connection-rules.js';
import { TcpRules } from '../rules/tcp-rules.js';
import { StickPersistence } from '../persistence/stick-persistence.js';
import { ServerRules } from '../backend/server-rules.js';
import { PersistRules } from '../persistence/persist-rules.js';
import { RuntimeBackend } from '../backend/backend.js';
import { compileAccessLogFormat, formatFor } from '../log/format.js';

/** Rule sets the layer-4 rules (ConnectionRules) compile and check. */
const LAYER4: ReadonlySet<string> = new Set(['tcp-request connection', 'tcp-request session', 'tcp-request content']);

export interface SupportReport {
  /** Reasons to refuse to start. */
  readonly refuse: string[];
  /** Configured but not active yet. */
  readonly warn: string[];
}

/** `env`: the rule environment the runtime will use, so that pattern files are read once. */
export function checkRuntimeSupport(model: Model, env = new RuleEnv(converterSpec, model.userlists, new StickTables(model.proxies))): SupportReport {
  const refuse: string[] = [];
  const warn: string[] = [];
  const at = (p: { place: { file: string; line: number } }): string => `${p.place.file}:${p.place.line}`;

  // Hashes HAProxy accepts but that no password can match stay (they never match, as in HAProxy); unknown schemes are refused.
  for (const u of model.userlists) for (const why of userlistProblems(u).filter((w) => w.unsupported)) refuse.push(`userlist '${u.name}', user '${why.user}' (${why.place.file}:${why.place.line}): ${why.message}`);
  // Rules are compiled as the runtime compiles them (with their defaults' rules): what tslb cannot run is named here.
  for (const p of withDefaultsRules(model).proxies) {
    const name = `${p.kind} '${p.name}' (${at(p)})`;
    const scoped = env.at(p.name);
    const acls = new AclSet(p.acls, scoped);
    // Every ACL is compiled, used or not: none is left unchecked.
    for (const acl of new Set(p.acls.map((a) => a.name))) {
      try {
        acls.named(acl);
      } catch (err) {
        refuse.push(`${name}: ACL '${acl}': ${(err as Error).message}`);
      }
    }
    try {
      new HttpRequestRules(p.rules.httpRequest, p.rules.redirect, acls, scoped, p);
    } catch (err) {
      refuse.push(`${name}: 'http-request' rule at ${(err as Error).message}`);
    }
    if (p.rules.httpRequest.some((r) => r.action.type === 'auth') && p.errorFiles.some((e) => e.status === 401)) {
      refuse.push(`${name}: 'http-request auth' answers HAProxy's built-in 401 page; an 'errorfile 401' for it is not implemented yet`);
    }
    for (const [what, rules] of ruleSets(p.rules)) {
      if (rules.length === 0) continue;
      if (what === 'http-response' || what === 'http-after-response') {
        try {
          new HttpResponseRules(what, p, env);
        } catch (err) {
          refuse.push(`${name}: '${what}' rule at ${(err as Error).message}`);
        }
      } else if (what !== 'http-request' && what !== 'redirect' && !LAYER4.has(what)) refuse.push(`${name}: '${what}' rules are not implemented yet`);
    }
    if (p.mode === 'http' && p.rules.tcpRequestContent.length > 0) {
      try {
        new TcpRules(p.rules.tcpRequestContent, acls, scoped, 'content');
      } catch (err) {
        refuse.push(`${name}: 'tcp-request content' rule at ${(err as Error).message}`);
      }
    }
    try {
      new ConnectionRules(p, hasFrontend(p.kind) ? [] : [p], env);
    } catch (err) {
      refuse.push(`${name}: 'tcp-request' rule at ${(err as Error).message}`);
    }
    try {
      new Router(p, acls, new Map(), scoped);
    } catch (err) {
      refuse.push(`${name}: ${(err as Error).message}`);
    }
    if (p.useServers.length > 0) {
      try {
        new ServerRules(p, new RuntimeBackend(p).servers, acls);
      } catch (err) {
        refuse.push(`${name}: 'use-server' rule at ${(err as Error).message}`);
      }
    }
    if (p.stickRules.length > 0) {
      try {
        new StickPersistence(p, [], acls, scoped);
      } catch (err) {
        refuse.push(`${name}: 'stick' rule at ${(err as Error).message}`);
      }
    }
    if (p.stickTable?.srvkey === 'addr') refuse.push(`${name}: 'stick-table ... srvkey addr' is not implemented yet`);
    try {
      new PersistRules(p, acls);
    } catch (err) {
      refuse.push(`${name}: 'force-persist' / 'ignore-persist': ${(err as Error).message}`);
    }
    for (const [set, what] of [
      [p.stats.showLegends, 'show-legends'],
      [p.stats.showDesc !== undefined, 'show-desc'],
      [p.stats.showNode !== undefined, 'show-node'],
    ] as const) {
      if (set) warn.push(`${name}: 'stats ${what}' is not shown on tslb's stats page yet`);
    }
    if (p.flags.socketStats) warn.push(`${name}: 'option socket-stats' (a stats row per listener) is not implemented yet: the listeners have no rows`);
    if (p.stats.httpRequest.length > 0) refuse.push(`${name}: 'stats http-request' rules are not implemented yet`);
    for (const c of p.stats.admin) {
      try {
        acls.condition(c);
      } catch (err) {
        refuse.push(`${name}: 'stats admin': ${(err as Error).message}`);
      }
    }
    for (const c of p.monitor.fail) {
      try {
        acls.condition(c);
      } catch (err) {
        refuse.push(`${name}: 'monitor fail': ${(err as Error).message}`);
      }
    }
    if (p.binds.some((b) => b.ssl)) refuse.push(`${name}: TLS listeners ('bind ... ssl') are not implemented yet`);
    if (p.binds.some((b) => b.acceptProxy)) refuse.push(`${name}: 'accept-proxy' is not implemented yet`);
    if (p.servers.some((s) => s.ssl || s.sendProxy !== 'none')) refuse.push(`${name}: servers with 'ssl' or 'send-proxy' are not implemented yet`);
    if (p.servers.some((s) => s.minconn > 0)) refuse.push(`${name}: 'minconn' (a dynamic maxconn following 'fullconn') is not implemented yet`);
    const balance = hasBackend(p.kind) ? unimplementedBalance(p.balance) : undefined;
    if (balance) refuse.push(`${name}: ${balance}`);
    if (hasBackend(p.kind)) for (const why of unimplementedChecks(p)) refuse.push(`${name}: ${why}`);
    if (hasFrontend(p.kind) && p.logs.length > 0) {
      try {
        compileAccessLogFormat(formatFor(p.logFormat, p.mode).text, { mode: p.mode, env: scoped });
      } catch (err) {
        refuse.push(`${name}: ${(err as Error).message}`);
      }
      if (p.errorLogFormat !== undefined) warn.push(`${name}: 'error-log-format' formats TLS handshake errors, and tslb has no TLS listeners yet: it is not used`);
      for (const t of p.logs) if (t.destination.kind === 'unix' || t.destination.kind === 'ring') refuse.push(`${name}: 'log' to a ${t.destination.kind === 'unix' ? 'unix socket' : 'ring buffer'} is not implemented yet`);
    }
  }
  for (const sock of model.global.statsSockets) {
    if (sock.exposeFdListeners) warn.push(`'stats socket' (${sock.place.file}:${sock.place.line}): 'expose-fd listeners' is ignored: seamless reload is not implemented`);
  }
  if (model.global.nbthread > 1) warn.push(`nbthread ${model.global.nbthread}: tslb runs one process until multi-core support lands`);
  return { refuse, warn };
}
