/**
 * Issue 5, "Done when": every fetch, converter and action of HAProxy 2.6's
 * catalogue that tslb does not implement is an explicit error naming it.
 *
 * Each fetch and converter of the catalogue (lib/config/keywords) is put in
 * a configuration the configuration layer accepts; the start-up check
 * (checkRuntimeSupport, what `tslb -f` refuses to start on and `tslb -c`
 * names) must then refuse exactly the unimplemented ones, naming them, and
 * accept the implemented ones. Keywords the configuration layer itself
 * refuses (optional modules, Lua) are explicit errors already and are
 * counted apart. The same for the actions of every rule set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import { CONVERTER_TYPES, FETCH_INFO } from '../../lib/config/keywords/sample-types.js';
import {
  HTTP_AFTER_RESPONSE_ACTIONS,
  HTTP_REQUEST_ACTIONS,
  HTTP_RESPONSE_ACTIONS,
  TCP_REQUEST_CONNECTION_ACTIONS,
  TCP_REQUEST_CONTENT_ACTIONS,
  TCP_REQUEST_SESSION_ACTIONS,
} from '../../lib/config/keywords/haproxy-catalogue.js';
import { converter } from '../../lib/rules/converters/registry.js';
import { fetchSpec } from '../../lib/rules/fetches/registry.js';
import { checkRuntimeSupport } from '../../lib/runtime/support.js';

t.setTimeout(120_000);

const config = (mode: 'http' | 'tcp', lines: string): string => `
defaults
    mode ${mode}
    timeout connect 1s
    timeout client 1s
    timeout server 1s
userlist ul
    user u insecure-password p
frontend f
    bind 127.0.0.1:1
    stick-table type ip size 1k store http_req_rate(10s),gpc0,gpc1,gpt0,conn_cnt
${lines}
    default_backend b
backend b
    server s 127.0.0.1:2
`;

type Outcome = 'accepted' | 'refused-by-name' | 'refused-otherwise' | 'config-error';

/** What the configuration layer and the start-up check say of `lines`. */
function judge(text: string, name: string): Outcome {
  const r = loadConfigText(text);
  if (!r.model) return 'config-error';
  const refuse = checkRuntimeSupport(r.model).refuse;
  if (refuse.length === 0) return 'accepted';
  const names = [name, ...(ALIASES[name] ? [ALIASES[name]] : [])];
  return refuse.some((m) => names.some((n) => m.includes(`'${n}'`) || m.includes(` ${n}'`))) ? 'refused-by-name' : 'refused-otherwise';
}

/** Old names the configuration layer reads as the new ones, which the errors then name. */
const ALIASES: Readonly<Record<string, string>> = {
  payload: 'req.payload',
  payload_lv: 'req.payload_lv',
  req_ssl_sni: 'req.ssl_sni',
  req_ssl_ver: 'req.ssl_ver',
  resp_ver: 'res.ver',
};

const dir = mkdtempSync(join(tmpdir(), 'tslb-unimplemented-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
/** Map files of each key and value type (map_int_ip reads integer keys and address values). */
const maps = Object.entries({ str: 'a b', strint: 'a 1', strip: 'a 1.2.3.4', int: '1 1', intip: '1 1.2.3.4', ipint: '1.2.3.4 1', ip: '1.2.3.4 1.2.3.4' }).map(([name, line]) => {
  const file = join(dir, `${name}.map`);
  writeFileSync(file, `${line}\n`);
  return `(${file})`;
});

function refusals(text: string): string[] {
  const r = loadConfigText(text);
  return r.model ? checkRuntimeSupport(r.model).refuse : r.diagnostics.map((d) => d.message);
}

/** Argument lists to try, for keywords whose arguments are not known here. */
const ARGS = ['', '(0)', '(host)', '(f)', '(b)', '(1,2)', '(0,f)', '(txn.x)', '(b/s)', '(1)', '(01)', '(127.0.0.1)', '(ul)', '(::1)', '(-,txn.x)', ...maps, '(sha256)', '(sha256,a2V5)', '(128,txn.n,txn.k,txn.a)'];

/** The best outcome over every way of writing the keyword: accepted if any is, else refused by name if any is. */
function best(texts: readonly string[], name: string): { outcome: Outcome; detail: string } {
  const rank: Outcome[] = ['accepted', 'refused-by-name', 'refused-otherwise', 'config-error'];
  let top: Outcome = 'config-error';
  let detail = '';
  for (const text of texts) {
    const o = judge(text, name);
    if (rank.indexOf(o) < rank.indexOf(top)) {
      top = o;
      detail = text;
    }
    if (top === 'accepted') break;
  }
  return { outcome: top, detail };
}

t.test('fetches', async (t) => {
  const counts = { implemented: 0, refused: 0, configLayer: 0 };
  const wrong: string[] = [];
  for (const name of [...FETCH_INFO.keys()].sort()) {
    // In an ACL used by a rule, which the start-up check compiles.
    const texts = ARGS.flatMap((args) => [
      config('http', `    acl a ${name}${args} -m found\n    http-request deny if a`),
      config('tcp', `    acl a ${name}${args} -m found\n    tcp-request connection reject if a`),
    ]);
    const { outcome, detail } = best(texts, name);
    const implemented = fetchSpec(ALIASES[name] ?? name) !== undefined;
    if (outcome === 'config-error') counts.configLayer++;
    else if (implemented && outcome === 'accepted') counts.implemented++;
    else if (!implemented && outcome === 'refused-by-name') counts.refused++;
    else wrong.push(`${name}: ${implemented ? 'implemented' : 'not implemented'}, ${outcome}: ${detail.includes('http-request') ? 'http' : 'tcp'} ${refusals(detail).join('; ')}`);
  }
  t.same(wrong, [], 'every fetch is implemented, or refused naming it');
  t.ok(counts.refused > 100, `${counts.refused} unimplemented fetches refused by name`);
  t.ok(counts.implemented > 100, `${counts.implemented} implemented fetches accepted`);
  t.comment(`fetches: ${counts.implemented} implemented, ${counts.refused} refused by name at start, ${counts.configLayer} left to the configuration layer (arguments not guessed here, or refused there)`);
});

t.test('converters', async (t) => {
  const counts = { implemented: 0, refused: 0, configLayer: 0 };
  const wrong: string[] = [];
  for (const name of [...CONVERTER_TYPES.keys()].sort()) {
    const { outcome, detail } = best(
      ARGS.map((args) => config('http', `    http-request set-header x-c "%[str(1),${name}${args}]"`)),
      name,
    );
    const implemented = converter(name) !== undefined;
    if (outcome === 'config-error') counts.configLayer++;
    else if (implemented && outcome === 'accepted') counts.implemented++;
    else if (!implemented && outcome === 'refused-by-name') counts.refused++;
    else wrong.push(`${name}: ${implemented ? 'implemented' : 'not implemented'}, ${outcome}: ${refusals(detail).join('; ')}`);
  }
  t.same(wrong, [], 'every converter is implemented, or refused naming it');
  t.ok(counts.refused > 10, `${counts.refused} unimplemented converters refused by name`);
  t.ok(counts.implemented > 60, `${counts.implemented} implemented converters accepted`);
  t.comment(`converters: ${counts.implemented} implemented, ${counts.refused} refused by name at start, ${counts.configLayer} left to the configuration layer`);
});

t.test('actions', async (t) => {
  const sets = [
    ['http', 'http-request', HTTP_REQUEST_ACTIONS],
    ['http', 'http-response', HTTP_RESPONSE_ACTIONS],
    ['http', 'http-after-response', HTTP_AFTER_RESPONSE_ACTIONS],
    ['tcp', 'tcp-request connection', TCP_REQUEST_CONNECTION_ACTIONS],
    ['tcp', 'tcp-request session', TCP_REQUEST_SESSION_ACTIONS],
    ['tcp', 'tcp-request content', TCP_REQUEST_CONTENT_ACTIONS],
  ] as const;
  const ACTION_ARGS = ['', ' 1', ' hdr(x)', ' x y', ' src', ' x %[src]', ' x ^a b', ' str(1)', ' 200', ' location /', ' info', ' 0', ' req.hdr(x) len 10', ' prometheus-exporter', ' layer4', ' http'];
  let total = 0;
  const wrong: string[] = [];
  const tally = { accepted: 0, refused: 0, unsupported: 0, configLayer: 0 };
  for (const [mode, set, actions] of sets) {
    for (const a of actions) {
      const base = a.name.replace(/\(.*$/, '');
      const withParen = a.name.includes('(') || /^(set-var|set-var-fmt|unset-var|sc-|track-sc)/.test(base);
      const heads = base.startsWith('track-sc') ? [base] : withParen ? [`${base}(txn.x)`, `${base}(0)`, base] : [base];
      const { outcome, detail } = best(
        heads.flatMap((head) => ACTION_ARGS.map((args) => config(mode, `    ${set} ${head}${args}`))),
        base,
      );
      total++;
      // Refused by the configuration layer as not supported, naming the action: explicit too.
      const unsupported =
        outcome === 'config-error' &&
        loadConfigText(config(mode, `    ${set} ${heads[0]}`)).diagnostics.some((d) => d.code === 'TSLB_ERR_CFG_UNSUPPORTED' && d.message.includes(base));
      if (unsupported) tally.unsupported++;
      else if (outcome === 'config-error') tally.configLayer++;
      else if (outcome === 'accepted') tally.accepted++;
      else if (outcome === 'refused-by-name') tally.refused++;
      else wrong.push(`${set} ${base}: ${outcome}: ${refusals(detail).join('; ')}`);
    }
  }
  t.same(wrong, [], 'every action runs, or is refused naming it');
  t.ok(tally.accepted > 30, `${tally.accepted} actions accepted`);
  t.comment(
    `actions: ${total} in the catalogue; ${tally.accepted} accepted, ${tally.refused} refused by name at start, ${tally.unsupported} refused by name by the configuration layer, ${tally.configLayer} needing arguments not guessed here`,
  );
});
