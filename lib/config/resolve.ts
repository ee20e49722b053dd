/**
 * Start-up name resolution, as HAProxy does it while loading: every server
 * and bind address written as a host name is resolved through the system
 * resolver. For a server, `init-addr` says what to try in order (`last`:
 * the server-state file, not used at check time; `libc`: the resolver;
 * `none`: start the server in maintenance; an IP literal: use it); when every
 * method fails, loading fails. A bind host name that does not resolve is an
 * error.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Diagnostics } from './diagnostics.js';
import type { Model } from './model/index.js';

async function resolves(host: string): Promise<boolean> {
  try {
    await lookup(host);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the host names of the model; reports failures. Returns the number of names looked up. */
export async function checkAddresses(model: Model, diags: Diagnostics): Promise<number> {
  const jobs: Promise<void>[] = [];
  for (const p of model.proxies) {
    const section = { kind: p.kind, name: p.name };
    for (const b of p.binds) {
      const a = b.address;
      if (a.kind !== 'inet' || a.host === '' || isIP(a.host) !== 0) continue;
      jobs.push(
        resolves(a.host).then((ok) => {
          if (!ok) diags.report('TSLB_ERR_CFG_ADDRESS', { message: `'bind' : could not resolve address '${a.host}'`, place: b.place, section });
        }),
      );
    }
    for (const s of p.servers) {
      const a = s.address;
      if (a.kind !== 'inet' || isIP(a.host) !== 0) continue;
      jobs.push(
        (async () => {
          for (const method of s.initAddr) {
            if (method === 'libc' && (await resolves(a.host))) return;
            if (method === 'none') {
              diags.report('TSLB_WRN_CFG_UNRESOLVED', {
                message: `'server ${p.name}/${s.name}' : could not resolve address '${a.host}', disabling server`,
                place: s.place,
                section,
              });
              return;
            }
            if (isIP(method) !== 0) return;
          }
          diags.report('TSLB_ERR_CFG_ADDRESS', { message: `'server ${p.name}/${s.name}' : could not resolve address '${a.host}'`, place: s.place, section });
        })(),
      );
    }
  }
  await Promise.all(jobs);
  return jobs.length;
}
