/**
 * The layer-4 rules of one frontend (configuration manual 4.2): its
 * `tcp-request connection` rules on each accepted socket, then — the
 * session counted on what they track — its `tcp-request session` rules; in
 * TCP mode also the `tcp-request content` rules, the frontend's at once and
 * the chosen backend's after switching. HTTP mode runs content rules per
 * request (HttpEngine).
 *
 *   accept ─► connection rules ─► sess_cnt+1 ─► session rules
 *          ─► [TCP: content rules, inspecting the first bytes up to inspect-delay]
 *      any reject / silent-drop ─► the socket is closed, nothing is sent
 */
import type { Socket } from 'node:net';
import type { RuntimeBackend } from '../backend/backend.js';
import type { Proxy } from '../config/model/proxy.js';
import { AclSet } from './acl/condition.js';
import type { SampleContext } from './context.js';
import type { RuleEnv } from './env.js';
import { inspect } from './payload/inspection.js';
import { TcpRules, type TcpVerdict } from './tcp-rules.js';

/** TCP-mode content rules of every proxy that has some, by name. */
function contentRules(proxies: Iterable<Proxy>, env: RuleEnv): Map<string, TcpRules> {
  const out = new Map<string, TcpRules>();
  for (const p of proxies) {
    if (p.rules.tcpRequestContent.length === 0) continue;
    const at = env.at(p.name);
    out.set(p.name, new TcpRules(p.rules.tcpRequestContent, new AclSet(p.acls, at), at, 'content'));
  }
  return out;
}

export class ConnectionRules {
  readonly #connection: TcpRules;
  readonly #session: TcpRules;
  /** TCP mode: content rules of the frontend and of the backends it may choose. */
  readonly #content: ReadonlyMap<string, TcpRules>;
  readonly #frontend: string;
  readonly #inspectDelay: number;

  /** Throws an Error naming the first rule tslb cannot run. */
  constructor(fe: Proxy, backends: Iterable<Proxy>, env: RuleEnv) {
    const at = env.at(fe.name);
    const acls = new AclSet(fe.acls, at);
    this.#frontend = fe.name;
    this.#inspectDelay = fe.inspectDelay ?? 0;
    this.#connection = new TcpRules(fe.rules.tcpRequestConnection, acls, at, 'connection');
    this.#session = new TcpRules(fe.rules.tcpRequestSession, acls, at, 'session');
    this.#content = fe.mode === 'tcp' ? contentRules([fe, ...backends], env) : new Map();
  }

  /** Whether a frontend has layer-4 rules to run. */
  static needed(fe: Proxy, backends: Iterable<Proxy>): boolean {
    if (fe.rules.tcpRequestConnection.length > 0 || fe.rules.tcpRequestSession.length > 0) return true;
    if (fe.mode !== 'tcp') return false;
    if (fe.rules.tcpRequestContent.length > 0) return true;
    for (const b of backends) if (b.rules.tcpRequestContent.length > 0) return true;
    return false;
  }

  /** An accepted connection: connection rules, the session counted, session rules. */
  accept(ctx: SampleContext): TcpVerdict | undefined {
    const v = this.#connection.run(ctx);
    if (v === 'reject' || v === 'silent-drop') return v;
    ctx.stick?.session();
    return this.#session.run(ctx);
  }

  /**
   * TCP mode: the frontend's content rules on the client's first bytes,
   * waiting up to `tcp-request inspect-delay` for them; `done` at once
   * without content rules.
   */
  content(socket: Socket, ctx: SampleContext, done: (verdict: TcpVerdict | undefined) => void): void {
    const rules = this.#content.get(this.#frontend);
    if (rules) inspect(socket, ctx, rules, this.#inspectDelay, done);
    else done(undefined);
  }

  /** TCP mode, once switching chose `backend`: its content rules on the bytes read so far (a listen section's ran already). */
  backend(ctx: SampleContext, backend: RuntimeBackend): TcpVerdict | undefined {
    if (backend.name === this.#frontend) return undefined;
    if (ctx.payload) ctx.payload.final = true;
    return this.#content.get(backend.name)?.run(ctx);
  }
}
