/**
 * The statistics page of a proxy with `stats enable` (configuration manual
 * 4.2 "stats ..."): requests whose path begins with `stats uri` are answered
 * by tslb itself — after `stats auth` (Basic, 401 with the realm) — as the
 * HTML dashboard, or with the URI modifiers `;csv`, `;json`, `;up`,
 * `;norefresh`; `?scope=<text>` keeps the proxies whose name contains it.
 * With `stats admin if <cond>` a POST of the page's form (`s=<server>` ...,
 * `action=<a>`, `b=#<proxy id>`) acts on servers and answers 303 to the page
 * with `;st=<result>`, as HAProxy 2.6 does (verified on loopback).
 */
import type { Proxy } from '../../config/model/proxy.js';
import { parseBasicAuthorization, basicChallenge } from '../../auth/basic.js';
import type { RequestHead } from '../../http/parser.js';
import type { Reply } from '../../http/replies.js';
import { builtInPage } from '../../http/error-pages.js';
import type { SampleContext } from '../../rules/context.js';
import { statsCsv } from '../csv.js';
import { statsJson } from '../typed.js';
import type { InfoField } from '../row.js';
import { statRows, type StatsSource } from '../snapshot.js';
import { renderStatsPage } from './html.js';
import { applyAdminAction, type AdminResult } from './admin.js';
import type { Runtime } from '../../runtime/runtime.js';

/** A compiled `stats admin if <cond>` (true when the condition holds for the request). */
export type AdminCondition = (ctx: SampleContext | undefined) => boolean;

/** What the page reads from the running process, and the runtime its admin form acts on. */
export interface StatsPageSource extends StatsSource {
  info(): InfoField[];
  readonly globalMaxconn: number;
  readonly runtime: Runtime;
}

/** A response as HAProxy's stats applet writes it: cache-control, the content headers, the length, then `after` (the 303's location). */
function reply(status: string, headers: string, body: string | Buffer, after = ''): Reply {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { head: `HTTP/1.1 ${status}\r\ncache-control: no-cache\r\n${headers}content-length: ${bytes.length}\r\n${after}`, body: bytes };
}

/** The form's fields, `application/x-www-form-urlencoded`. */
function formFields(body: Buffer): [string, string][] {
  return [...new URLSearchParams(body.toString('latin1'))];
}

export class StatsPage {
  readonly #proxy: Proxy;
  readonly #source: StatsPageSource;
  readonly #admin: readonly AdminCondition[];

  constructor(proxy: Proxy, source: StatsPageSource, admin: readonly AdminCondition[]) {
    this.#proxy = proxy;
    this.#source = source;
    this.#admin = admin;
  }

  get uri(): string {
    return this.#proxy.stats.uri;
  }

  /** Conditions read the request: the session must give a sample context. */
  get conditional(): boolean {
    return this.#admin.length > 0;
  }

  /** The request is for the page: its path begins with `stats uri` (HAProxy compares the start of the URI). */
  asks(head: RequestHead): boolean {
    return head.target.startsWith(this.#proxy.stats.uri);
  }

  /** A POST needs its body (the admin form) before answer(). */
  wantsBody(head: RequestHead): boolean {
    return head.method === 'POST';
  }

  /** The answer to a request for the page; `body` is the request body of a POST. */
  answer(head: RequestHead, ctx: SampleContext | undefined, body?: Buffer): Reply {
    const stats = this.#proxy.stats;
    if (stats.auth.length > 0 && !this.#authorized(head)) {
      const page = builtInPage(401);
      const bytes = page?.bytes ?? Buffer.alloc(0);
      const end = bytes.indexOf('\r\n\r\n');
      const challenge = `www-authenticate: ${basicChallenge(stats.realm, this.#proxy.name)}\r\n`;
      return { head: `${bytes.subarray(0, end + 2).toString('latin1')}${challenge}`, body: bytes.subarray(end + 4) };
    }
    const rest = head.target.slice(stats.uri.length);
    const q = rest.indexOf('?');
    const modifiers = new Set((q < 0 ? rest : rest.slice(0, q)).split(';').filter((m) => m !== ''));
    const query = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
    const admin = this.#admin.some((c) => c(ctx));
    if (head.method === 'POST') return this.#post(admin, body ?? Buffer.alloc(0));
    const upOnly = modifiers.has('up');
    const names = stats.scope.length > 0 ? new Set(stats.scope.map((s) => (s === '.' ? this.#proxy.name : s))) : undefined;
    const search = query.get('scope') ?? undefined;
    const rows = statRows(this.#source, { upOnly, names, search }, Date.now(), this.#source.globalMaxconn);
    if (modifiers.has('csv')) return reply('200 OK', 'content-type: text/plain\r\n', statsCsv(rows));
    if (modifiers.has('json')) return reply('200 OK', 'content-type: application/json\r\n', statsJson(rows));
    const refresh = stats.refresh > 0 && !modifiers.has('norefresh') ? Math.ceil(stats.refresh / 1000) : undefined;
    const st = [...modifiers].find((m) => m.startsWith('st='))?.slice(3);
    const html = renderStatsPage({
      rows,
      info: this.#source.info(),
      uri: stats.uri,
      refreshSeconds: refresh,
      admin,
      hideVersion: stats.hideVersion,
      upOnly,
      scope: search,
      message: st,
    });
    return reply('200 OK', `content-type: text/html\r\n${refresh !== undefined ? `refresh: ${refresh}\r\n` : ''}`, html);
  }

  #authorized(head: RequestHead): boolean {
    const header = head.headers.find((h) => h.lname === 'authorization');
    const creds = header ? parseBasicAuthorization(header.value) : undefined;
    return creds !== undefined && this.#proxy.stats.auth.some((a) => a.user === creds.user && a.password === creds.password);
  }

  /** The admin form: act, then send the browser back to the page with the result (303). */
  #post(admin: boolean, body: Buffer): Reply {
    let result: AdminResult = 'DENY';
    if (admin) {
      const fields = formFields(body);
      const backend = fields.find(([k]) => k === 'b')?.[1];
      const action = fields.find(([k]) => k === 'action')?.[1] ?? '';
      const servers = fields.filter(([k]) => k === 's').map(([, v]) => v);
      result = applyAdminAction(this.#source.runtime, backend, action, servers);
    }
    return reply('303 See Other', 'content-type: text/plain\r\n', '', `location: ${this.#proxy.stats.uri};st=${result}\r\n`);
  }
}
