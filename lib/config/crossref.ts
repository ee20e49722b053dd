/**
 * The cross-reference pass, run once every section is read (HAProxy's
 * check_config_validity()): names that point elsewhere must exist, ids must
 * be unique, HTTP-only settings in TCP proxies are dropped with a warning,
 * and the usual warnings (missing timeouts, unusable cookies) are given.
 *
 * It also settles what HAProxy settles at this point, so that the model is
 * the configuration in effect: `log global` becomes the global targets,
 * HTTP-only settings of TCP proxies are removed, layer-7 hashing in TCP
 * backends falls back to round robin.
 */
import type { Diagnostics, SectionRef } from './diagnostics.js';
import type { Draft } from './draft.js';
import type { Condition, ConditionTerm, Place } from './model/common.js';
import type { Proxy } from './model/proxy.js';
import { hasBackend, hasFrontend } from './model/proxy.js';
import type { Rule } from './model/rules.js';
import type { Parsed } from './parser.js';
import { didYouMean } from './suggest.js';
import { PREDEFINED_ACLS } from './predefined-acls.js';

function ref(p: Draft<Proxy>): SectionRef {
  return { kind: p.kind, name: p.name };
}

function* conditionTerms(cond: Condition | undefined): Generator<ConditionTerm> {
  if (!cond) return;
  for (const group of cond.anyOf) yield* group;
}

/** Every condition of a proxy with the place of the statement that holds it. */
function* conditions(p: Draft<Proxy>): Generator<{ cond: Condition; place: Place; what: string }> {
  const sets: [string, readonly Draft<Rule>[]][] = [
    ['http-request', p.rules.httpRequest],
    ['http-response', p.rules.httpResponse],
    ['http-after-response', p.rules.httpAfterResponse],
    ['tcp-request connection', p.rules.tcpRequestConnection],
    ['tcp-request session', p.rules.tcpRequestSession],
    ['tcp-request content', p.rules.tcpRequestContent],
    ['tcp-response content', p.rules.tcpResponseContent],
    ['redirect', p.rules.redirect],
    ['stats http-request', p.stats.httpRequest],
  ];
  for (const [what, rules] of sets) {
    for (const r of rules) if (r.cond) yield { cond: r.cond as Condition, place: r.place, what };
  }
  for (const u of p.useBackends) if (u.cond) yield { cond: u.cond as Condition, place: u.place, what: 'use_backend' };
  for (const u of p.useServers) if (u.cond) yield { cond: u.cond as Condition, place: u.place, what: 'use-server' };
  for (const s of p.stickRules) if (s.cond) yield { cond: s.cond as Condition, place: s.place, what: `stick ${s.kind}` };
  for (const c of p.stats.admin) yield { cond: c as Condition, place: p.places['stats admin'] ?? p.place, what: 'stats admin' };
  for (const c of p.monitor.fail) yield { cond: c as Condition, place: p.places['monitor fail'] ?? p.place, what: 'monitor fail' };
  for (const c of p.forcePersist) yield { cond: c as Condition, place: p.places['force-persist'] ?? p.place, what: 'force-persist' };
  for (const c of p.ignorePersist) yield { cond: c as Condition, place: p.places['ignore-persist'] ?? p.place, what: 'ignore-persist' };
}

export function crossCheck(parsed: Parsed, diags: Diagnostics): void {
  const { proxies, defaults, global } = parsed;
  const backends = proxies.filter((p) => hasBackend(p.kind));
  const findBackend = (name: string): Draft<Proxy> | undefined => backends.find((b) => b.name === name);

  // ACL names in conditions: predefined, or declared in the same proxy above
  // the statement using them (HAProxy resolves them while parsing the rule).
  // A proxy never spans files, so comparing lines is enough.
  for (const p of [...defaults, ...proxies]) {
    const firstLine = new Map<string, number>();
    for (const a of p.acls) if (!firstLine.has(a.name)) firstLine.set(a.name, a.place.line);
    for (const { cond, place, what } of conditions(p)) {
      for (const term of conditionTerms(cond)) {
        if (term.kind !== 'acl' || PREDEFINED_ACLS.has(term.name)) continue;
        const declared = firstLine.get(term.name);
        if (declared !== undefined && declared < place.line) continue;
        diags.report('TSLB_ERR_CFG_UNKNOWN_ACL', {
          message:
            declared === undefined
              ? `no such ACL : '${term.name}' in '${what}' condition`
              : `no such ACL : '${term.name}' in '${what}' condition: it is declared below, at line ${declared}, and ACLs must be declared before the rules using them`,
          place,
          section: ref(p),
          keyword: what,
          hint: declared === undefined ? didYouMean(term.name, [...firstLine.keys(), ...PREDEFINED_ACLS]) : undefined,
        });
      }
    }
  }

  // Switching rules: targets exist and have a compatible mode.
  for (const p of proxies) {
    if (!hasFrontend(p.kind)) continue;
    const targets: { name: string; place: Place; what: string }[] = p.useBackends
      .filter((u) => !u.dynamic)
      .map((u) => ({ name: u.backend, place: u.place, what: 'use_backend' }));
    if (p.defaultBackend !== undefined) targets.push({ name: p.defaultBackend, place: p.places['default_backend'] ?? p.place, what: 'default_backend' });
    for (const t of targets) {
      const be = findBackend(t.name);
      if (!be) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_BACKEND', {
          message: `unable to find required ${t.what}: '${t.name}'`,
          place: t.place,
          section: ref(p),
          keyword: t.what,
          hint: didYouMean(t.name, backends.map((b) => b.name)),
        });
      } else if (p.mode === 'http' && be.mode === 'tcp') {
        diags.report('TSLB_ERR_CFG_NOT_ALLOWED', {
          message: `http ${p.kind} '${p.name}' tries to use incompatible tcp backend '${be.name}' (${be.place.file}:${be.place.line}) in '${t.what}' (see 'mode')`,
          place: t.place,
          section: ref(p),
          keyword: t.what,
        });
      }
    }
  }

  // Servers: use-server targets, tracking, unique ids, cookies.
  for (const p of backends) {
    for (const u of p.useServers) {
      if (!p.servers.some((s) => s.name === u.server)) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_SERVER', {
          message: `use-server: unable to find server '${u.server}' in ${p.kind} '${p.name}'`,
          place: u.place,
          section: ref(p),
          keyword: 'use-server',
          hint: didYouMean(u.server, p.servers.map((s) => s.name)),
        });
      }
    }
    for (const s of p.servers) {
      if (!s.track) continue;
      const be = s.track.backend === undefined ? p : findBackend(s.track.backend);
      const target = be?.servers.find((x) => x.name === s.track?.server);
      const label = `${s.track.backend ?? p.name}/${s.track.server}`;
      if (!be) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_SERVER', {
          message: `'server ${p.name}/${s.name}' : unable to find required proxy '${s.track.backend}' for tracking`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
        });
      } else if (!target) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_SERVER', {
          message: `'server ${p.name}/${s.name}' : unable to find required server '${label}' for tracking`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
          hint: didYouMean(s.track.server, be.servers.map((x) => x.name)),
        });
      } else if (s.check) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `'server ${p.name}/${s.name}' : unable to enable checks and tracking at the same time`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
        });
      } else if (!target.check && !target.agent.enabled && !target.track) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `'server ${p.name}/${s.name}' : unable to use ${label} for tracking as it does not have any check nor agent enabled`,
          place: s.place,
          section: ref(p),
          keyword: 'track',
        });
      }
    }
    const ids = new Map<number, string>();
    for (const s of p.servers) {
      if (s.id === undefined) continue;
      const prev = ids.get(s.id);
      if (prev !== undefined) {
        diags.report('TSLB_ERR_CFG_DUPLICATE', {
          message: `'server ${p.name}/${s.name}' : custom id ${s.id} already used by server '${prev}'`,
          place: s.place,
          section: ref(p),
          keyword: 'id',
        });
      } else {
        ids.set(s.id, s.name);
      }
    }
    if (p.cookie && p.mode === 'http') {
      for (const s of p.servers) {
        if (s.cookie === undefined) {
          diags.report('TSLB_WRN_CFG_COOKIE', {
            message: `server '${s.name}' has no 'cookie' value while ${p.kind} '${p.name}' uses cookie persistence: its clients get a deletion cookie and are balanced again on every request`,
            place: s.place,
            section: ref(p),
          });
        }
      }
    }
    for (const s of p.servers) {
      if (s.resolvers !== undefined && !parsed.resolvers.some((r) => r.name === s.resolvers)) {
        diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
          message: `'server ${p.name}/${s.name}' : unable to find resolvers '${s.resolvers}'`,
          place: s.place,
          section: ref(p),
          keyword: 'resolvers',
        });
      }
    }
  }

  // Health-check and TLS settings that cannot work as written.
  for (const p of backends) {
    const check = p.check;
    const unused: [readonly { place: Place }[], string, string][] = [
      [check.httpRules, 'http-check', 'option httpchk'],
      [check.tcpRules, 'tcp-check', 'option tcp-check'],
    ];
    for (const [rules, family, option] of unused) {
      const first = rules[0];
      const active = family === 'http-check' ? check.kind.kind === 'http' : check.kind.kind === 'tcp-check';
      if (first && !active) {
        diags.report('TSLB_WRN_CFG_NO_EFFECT', {
          message: `${p.kind} '${p.name}' uses ${family} rules without '${option}', so the rules are ignored`,
          place: first.place,
          section: ref(p),
        });
      }
    }
    // HAProxy looks for a port in the first tcp-check connect rule only.
    const connectPort = check.kind.kind === 'tcp-check' && check.tcpRules.some((r) => r.type === 'connect' && (r.port !== undefined || r.portExpr !== undefined));
    for (const s of p.servers) {
      if (s.check && s.checkPort === undefined && s.address.kind === 'inet' && s.address.port.kind !== 'fixed' && !connectPort) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `server '${s.name}' has neither service port nor check port nor tcp-check rule 'connect' with port information`,
          place: s.place,
          section: ref(p),
          hint: "add a port to the address or 'port <n>' to the server",
        });
      }
      const verify = s.verify ?? global.sslServerVerify;
      if ((s.ssl || s.checkSsl) && verify === 'required' && s.caFile === undefined) {
        diags.report('TSLB_ERR_CFG_ARGS', {
          message: `'server ${p.name}/${s.name}' : verify is enabled by default but no CA file specified`,
          place: s.place,
          section: ref(p),
          hint: "set 'ca-file <file>', or 'verify none' on the server line (or 'ssl-server-verify none' in global) where the server can be trusted",
        });
      }
    }
  }

  // Proxy ids are unique across all proxies.
  const proxyIds = new Map<number, Draft<Proxy>>();
  for (const p of proxies) {
    if (p.id === undefined) continue;
    const prev = proxyIds.get(p.id);
    if (prev) {
      diags.report('TSLB_ERR_CFG_DUPLICATE', {
        message: `${p.kind} ${p.name} reuses same custom id as ${prev.kind} ${prev.name} (declared at ${prev.place.file}:${prev.place.line})`,
        place: p.place,
        section: ref(p),
        keyword: 'id',
      });
    } else {
      proxyIds.set(p.id, p);
    }
  }

  // errorfiles and http-errors sections.
  for (const p of proxies) {
    const seen = new Set<string>();
    for (const e of p.errorFiles) {
      if (e.kind !== 'http-errors' || seen.has(e.value) || parsed.httpErrors.some((h) => h.name === e.value)) continue;
      seen.add(e.value);
      diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
        message: `unable to find http-errors section '${e.value}' referenced by 'errorfiles'`,
        place: e.place,
        section: ref(p),
        keyword: 'errorfiles',
        hint: didYouMean(e.value, parsed.httpErrors.map((h) => h.name)),
      });
    }
  }

  // Userlists named by http_auth() / http_auth_group() in ACLs.
  for (const p of [...defaults, ...proxies]) {
    const criteria = [
      ...p.acls.map((a) => ({ fetch: a.criterion.fetch, place: a.place })),
      ...[...conditions(p)].flatMap(({ cond, place }) =>
        [...conditionTerms(cond)].flatMap((term) => (term.kind === 'anonymous' ? [{ fetch: term.acl.fetch, place }] : [])),
      ),
    ];
    for (const { fetch, place } of criteria) {
      for (const m of fetch.matchAll(/\bhttp_auth(?:_group)?\(([^),]*)/g)) {
        const name = m[1] as string;
        if (parsed.userlists.some((u) => u.name === name)) continue;
        diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
          message: `unable to find userlist '${name}' referenced by '${m[0]})'`,
          place,
          section: ref(p),
          hint: didYouMean(name, parsed.userlists.map((u) => u.name)),
        });
      }
    }
  }

  // Stick tables named by track-sc and stick rules, or the proxy's own table.
  const tables = new Set(proxies.filter((p) => p.stickTable).map((p) => p.name));
  for (const p of proxies) {
    const uses: { table: string | undefined; place: Place; what: string }[] = [];
    const ruleSets = [p.rules.httpRequest, p.rules.httpResponse, p.rules.tcpRequestConnection, p.rules.tcpRequestSession, p.rules.tcpRequestContent, p.rules.tcpResponseContent];
    for (const rules of ruleSets) {
      for (const r of rules) if (r.action.type === 'track-sc') uses.push({ table: r.action.table, place: r.place, what: `track-sc${r.action.slot}` });
    }
    for (const s of p.stickRules) uses.push({ table: s.table, place: s.place, what: `stick ${s.kind}` });
    for (const u of uses) {
      if (u.table === undefined ? p.stickTable !== undefined : tables.has(u.table)) continue;
      diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
        message:
          u.table === undefined
            ? `'${u.what}' uses the stick-table of ${p.kind} '${p.name}', which has none`
            : `unable to find stick-table '${u.table}' for '${u.what}'`,
        place: u.place,
        section: ref(p),
        keyword: u.what,
        hint: u.table === undefined ? undefined : didYouMean(u.table, [...tables]),
      });
    }
  }

  // HTTP-only settings of TCP proxies are ignored, as in HAProxy; each
  // warning points at the statement concerned.
  for (const p of proxies) {
    if (p.mode === 'http') continue;
    const at = (keyword: string): Place => p.places[keyword] ?? p.place;
    const warn = (message: string, place: Place, code: 'TSLB_WRN_CFG_HTTP_IN_TCP' | 'TSLB_WRN_CFG_COOKIE' = 'TSLB_WRN_CFG_HTTP_IN_TCP'): void =>
      diags.report(code, { message, place, section: ref(p) });
    const label = `${p.kind} '${p.name}'`;
    const httpSets = [
      ['http-request', 'httpRequest'],
      ['http-response', 'httpResponse'],
      ['http-after-response', 'httpAfterResponse'],
      ['redirect', 'redirect'],
    ] as const;
    for (const [name, key] of httpSets) {
      const first = p.rules[key][0];
      if (first) {
        warn(`'${name}' rules ignored for ${label} as they require HTTP mode`, first.place);
        p.rules[key] = [];
      }
    }
    if (hasBackend(p.kind) && p.cookie) {
      warn(`cookie will be ignored for ${label} (needs 'mode http')`, at('cookie'), 'TSLB_WRN_CFG_COOKIE');
      delete p.cookie;
      for (const s of p.servers) {
        if (s.cookie !== undefined) warn(`ignoring cookie for server '${s.name}' as HTTP mode is disabled`, s.place, 'TSLB_WRN_CFG_COOKIE');
      }
    }
    if (hasBackend(p.kind) && ['uri', 'url_param', 'hdr'].includes(p.balance.kind)) {
      warn(`Layer 7 hash not possible for ${label} (needs 'mode http'); falling back to round robin`, at('balance'));
      p.balance = { kind: 'roundrobin' };
    }
    if (p.stats.enabled) {
      warn(`'stats' statement ignored for ${label} as it requires HTTP mode`, p.place);
      p.stats.enabled = false;
    }
    if (p.forwardFor) {
      warn(`'option forwardfor' ignored for ${label} as it requires HTTP mode`, at('option forwardfor'));
      delete p.forwardFor;
    }
    if (hasFrontend(p.kind) && p.logFormat.kind === 'httplog') {
      warn(`'option httplog' not usable with ${label} (needs 'mode http'); falling back to 'option tcplog'`, at('option httplog'));
      p.logFormat = { kind: 'tcplog' };
    }
  }

  // A log format with nowhere to send the lines (after `log global` is resolved).
  for (const p of proxies) {
    if (!hasFrontend(p.kind) || p.logFormat.kind === 'default') continue;
    const targets = p.logs.flatMap((t) => (t.global ? global.logs : [t]));
    if (targets.length === 0) {
      diags.report('TSLB_WRN_CFG_NO_LOG_TARGET', {
        message: `log format ignored for ${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}' since it has no log address`,
        place: p.place,
        section: ref(p),
      });
    }
  }

  // A frontend side with nothing to listen on.
  for (const p of proxies) {
    if (!hasFrontend(p.kind) || p.disabled || p.binds.length > 0) continue;
    diags.report('TSLB_WRN_CFG_NO_BIND', {
      message: `${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}' has no 'bind' directive; declare it as a backend if this was intended`,
      place: p.place,
      section: ref(p),
    });
  }

  // Timeouts HAProxy warns about when missing.
  for (const p of proxies) {
    if (p.disabled) continue;
    const fe = hasFrontend(p.kind);
    const be = hasBackend(p.kind);
    const missing: string[] = [];
    if (fe && !p.timeouts.client) missing.push('client');
    if (be && !p.timeouts.connect) missing.push('connect');
    if (be && !p.timeouts.server) missing.push('server');
    if (missing.length > 0) {
      diags.report('TSLB_WRN_CFG_MISSING_TIMEOUTS', {
        message: `missing timeouts for ${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}': set ${missing.map((m) => `'timeout ${m}'`).join(', ')} to non-zero values`,
        place: p.place,
        section: ref(p),
      });
    }
  }

  // A defaults section used both explicitly and implicitly: HAProxy warns on
  // each use that mixes with an earlier use of the other kind.
  for (const [d, uses] of parsed.defaultsUse) {
    uses.forEach((use, i) => {
      if (!uses.slice(0, i).some((u) => u.explicit !== use.explicit)) return;
      diags.report('TSLB_WRN_CFG_DEFAULTS_MIXED', {
        message: `defaults section '${d.name}' (${d.place.file}:${d.place.line}) is used both explicitly with 'from' and implicitly as the last defaults section; don't mix both uses`,
        place: use.place,
      });
    });
  }

  // `log global` means the global section's targets.
  for (const p of [...defaults, ...proxies]) {
    p.logs = p.logs.flatMap((t) => (t.global ? global.logs.map((g) => ({ ...structuredClone(g), global: true })) : [t]));
  }
}
