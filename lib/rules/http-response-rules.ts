/**
 * `http-response` and `http-after-response` rules (configuration manual
 * 4.2), compiled once per proxy, and the order HAProxy 2.6 runs them in on
 * one exchange (verified against the binary):
 *
 *   server's final response (and a 101)
 *     ─► backend http-response ─► frontend http-response ─► cookie persistence
 *     ─► backend http-after-response ─► frontend http-after-response ─► client
 *   tslb's own answer (http-request deny/return/redirect/auth, an
 *   http-response deny/return/redirect, the 502/503/504 pages)
 *     ─► backend http-after-response ─► frontend http-after-response ─► client
 *
 * "backend" is the one switching chose, if any: an answer given by the
 * frontend's http-request rules, or with no backend, gets only the
 * frontend's rules; a `listen` section's run once. `allow` ends only its
 * own proxy's rules. A final http-response action (deny, return, redirect)
 * replaces the server's response with tslb's answer, which then goes
 * through the http-after-response rules only. Interim (1xx) responses and
 * the parser's raw 400/408 get no rule at all.
 */
import type { AclCriterion, Condition, ConditionTerm } from '../config/model/common.js';
import type { Proxy } from '../config/model/proxy.js';
import type { Action, ActionType, Rule } from '../config/model/rules.js';
import { analyzeSample, hookSteps } from '../config/keywords/sample.js';
import { PREDEFINED_ACL_DEFINITIONS } from '../config/predefined-acls.js';
import { responseHeadText, type ResponseEdit } from '../http/forward.js';
import type { ResponseHead } from '../http/parser.js';
import { haproxyReason } from '../http/replies.js';
import { AclSet } from './acl/condition.js';
import type { SampleContext } from './context.js';
import type { RuleEnv } from './env.js';
import { isHeaderAction } from './header-edit.js';
import { headerStep, redirectStep, replyVerdict, type MessageLines, type RuleVerdict, type Step } from './http-request-rules.js';
import { RuleList, sideEffect } from './rule-list.js';
import { HttpResponseState } from './http-response-state.js';
import { variableStep } from './variable-actions.js';

export type ResponseRuleSet = 'http-response' | 'http-after-response';

/** What a final http-response action answers instead of the server. */
export type ResponseVerdict = Exclude<RuleVerdict, 'allow'>;

/** The actions tslb runs in each set (HAProxy's others are refused at start-up, by name). */
const ACTIONS: Readonly<Record<ResponseRuleSet, ReadonlySet<ActionType>>> = {
  'http-response': new Set<ActionType>([
    'allow', 'deny', 'redirect', 'return', 'set-status', 'set-header', 'add-header', 'del-header', 'replace-header', 'replace-value', 'set-var', 'set-var-fmt', 'unset-var',
  ]),
  'http-after-response': new Set<ActionType>(['allow', 'set-status', 'set-header', 'add-header', 'del-header', 'replace-header', 'replace-value', 'set-var', 'set-var-fmt', 'unset-var']),
};

const responseLines: MessageLines = (ctx) => ctx.res?.editHeaders();

/** The action as the operator wrote it (`track-sc1`, not its type). */
function unimplemented(set: ResponseRuleSet, a: Action): Error {
  return new Error(`'${set} ${a.type === 'track-sc' ? `track-sc${a.slot}` : a.type}' is not implemented yet`);
}

function stepOf(set: ResponseRuleSet, rule: Rule, env: RuleEnv): Step {
  const a = rule.action;
  if (!ACTIONS[set].has(a.type)) throw unimplemented(set, a);
  if (isHeaderAction(a)) return headerStep(a, env, responseLines);
  switch (a.type) {
    case 'allow':
      return () => 'allow';
    case 'deny':
    case 'return': {
      // A bare deny is the proxy's 502 page (its deny_status page), as in HAProxy.
      return replyVerdict(a.response, a.type === 'deny', env);
    }
    case 'redirect':
      return redirectStep(a.redirect, env);
    case 'set-status': {
      // Without `reason`, HAProxy's own phrase for the code (299 "Success", 302 "Moved Temporarily").
      const { status } = a;
      const reason = a.reason ?? haproxyReason(status);
      return sideEffect((ctx) => {
        const res = ctx.res;
        if (!res) return;
        res.status = status;
        res.reason = reason;
      });
    }
    case 'set-var':
    case 'set-var-fmt':
    case 'unset-var':
      return sideEffect(variableStep(a, env));
    default:
      throw unimplemented(set, a);
  }
}

// --- conditions ----------------------------------------------------------------

/** A criterion that never holds (HAProxy: a fetch without data fails; negated, the term holds). */
const NEVER: AclCriterion = { fetch: 'always_false', ignoreCase: false, files: [], mapFiles: false, noDns: false, values: [] };

/**
 * Conditions as response rules evaluate them: a criterion on data that no
 * longer exists when the response is processed (`path`, `req.hdr`, `url_param`
 * — HAProxy warns "will never match" at start-up) never holds, whatever the
 * request said. Fetches HAProxy keeps for the response (`method`, `var`,
 * `capture.req.*`, `src`) work as usual.
 */
function responseAcls(p: Proxy, env: RuleEnv): { readonly acls: AclSet; readonly condition: (cond: Condition | undefined) => Condition | undefined } {
  const steps = hookSteps('http-response', p.kind) ?? 0;
  const usable = (fetch: string): boolean => {
    const r = analyzeSample(fetch, true);
    return !r.ok || (r.info.usable & steps) !== 0;
  };
  const own = new Set(p.acls.map((a) => a.name));
  const acls = new AclSet(
    p.acls.map((a) => (usable(a.criterion.fetch) ? a : { ...a, criterion: NEVER })),
    env,
  );
  const term = (t: ConditionTerm): ConditionTerm => {
    if (t.kind === 'anonymous') return usable(t.acl.fetch) ? t : { kind: 'anonymous', acl: NEVER, negate: t.negate };
    const def = own.has(t.name) ? undefined : PREDEFINED_ACL_DEFINITIONS.get(t.name);
    return def === undefined || usable(def.split(' ')[0] as string) ? t : { kind: 'anonymous', acl: NEVER, negate: t.negate };
  };
  return { acls, condition: (cond) => cond && { polarity: cond.polarity, anyOf: cond.anyOf.map((g) => g.map(term)) } };
}

/** The `http-response` or `http-after-response` rules of one proxy. */
export class HttpResponseRules extends RuleList<RuleVerdict> {
  /** Throws an Error naming the line of the first rule tslb cannot run. */
  constructor(set: ResponseRuleSet, p: Proxy, env: RuleEnv) {
    const scoped = env.at(p.name);
    const rules = set === 'http-response' ? p.rules.httpResponse : p.rules.httpAfterResponse;
    const { acls, condition } = responseAcls(p, scoped);
    super(rules, (r) => acls.condition(condition(r.cond)), (r) => stepOf(set, r, scoped));
  }
}

/** The proxy's rules of that set, or undefined when it has none. */
export function responseRuleSet(set: ResponseRuleSet, p: Proxy, env: RuleEnv): HttpResponseRules | undefined {
  if ((set === 'http-response' ? p.rules.httpResponse : p.rules.httpAfterResponse).length === 0) return undefined;
  return new HttpResponseRules(set, p, env);
}

// --- one exchange --------------------------------------------------------------

/** The response rules that apply to the exchanges of one frontend/backend pair, in the order they run. */
export class ResponseRules {
  readonly #response: readonly HttpResponseRules[];
  readonly #after: readonly HttpResponseRules[];

  private constructor(response: readonly HttpResponseRules[], after: readonly HttpResponseRules[]) {
    this.#response = response;
    this.#after = after;
  }

  /** Backend first, then frontend; undefined when neither has any rule. */
  static of(response: readonly (HttpResponseRules | undefined)[], after: readonly (HttpResponseRules | undefined)[]): ResponseRules | undefined {
    const r = response.filter((x) => x !== undefined);
    const a = after.filter((x) => x !== undefined);
    return r.length === 0 && a.length === 0 ? undefined : new ResponseRules(r, a);
  }

  /**
   * A server's final response: the head to send the client (with
   * `connection`, as responseHeadText()), or the answer a final
   * http-response action gives instead. `persist` gives cookie
   * persistence's changes to the head as the rules left it.
   */
  serverResponse(
    ctx: SampleContext,
    head: ResponseHead,
    connection: 'close' | 'keep-alive' | 'upgrade' | undefined,
    persist: (head: ResponseHead) => ResponseEdit | undefined,
  ): string | ResponseVerdict {
    const res = new HttpResponseState(head.status, head.reason, head.headers);
    ctx.res = res;
    ctx.vars.startResponse();
    for (const rules of this.#response) {
      const v = rules.run(ctx);
      if (v !== undefined && v !== 'allow') return v;
    }
    const edit = persist(res.changed ? { ...head, status: res.status, reason: res.reason, headers: res.headers } : head);
    if (this.#after.length === 0) {
      if (!res.changed) return responseHeadText(head, connection, edit);
      return responseHeadText(head, connection, { headers: edit?.headers ?? res.headers, extra: edit?.extra, status: res.status, reason: res.reason });
    }
    // The after-response rules see what persistence changed (HAProxy adds its Set-Cookie before them).
    if (edit) res.apply(edit);
    this.#runAfter(ctx);
    return responseHeadText(head, connection, res.changed ? { headers: res.headers, status: res.status, reason: res.reason } : undefined);
  }

  /**
   * tslb's own answer: its status line and header lines (each ended by
   * CRLF, no empty line) as http-after-response rules leave them. A new
   * response for the rules; the request-scoped variables are gone.
   */
  reply(ctx: SampleContext, head: string): string {
    if (this.#after.length === 0) return head;
    const res = HttpResponseState.fromHead(head);
    ctx.res = res;
    ctx.vars.startResponse();
    this.#runAfter(ctx);
    return res.changed ? res.headText() : head;
  }

  #runAfter(ctx: SampleContext): void {
    for (const rules of this.#after) rules.run(ctx);
  }
}
