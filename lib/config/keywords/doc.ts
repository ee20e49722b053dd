/**
 * The README's keyword tables, rendered from the registries and the HAProxy
 * catalogue so that the documentation says exactly what the code does: what
 * tslb implements, what it accepts and ignores (with why), and every other
 * HAProxy 2.6 keyword, which it refuses as not supported.
 */
import { KNOWN_ACTIONS, implementedActions, type RuleSetName } from './actions.js';
import { implementedBindOptions } from './bind.js';
import { BIND_OPTIONS, DYNAMIC_PREFIXES, GLOBAL_KEYWORDS, OPTIONAL_BUILD_CONVERTERS, OPTIONAL_BUILD_FETCHES, PROXY_KEYWORDS, SERVER_OPTIONS } from './haproxy-catalogue.js';
import { globalKeywords, proxyKeywords } from './index.js';
import { IGNORED_GLOBAL, IGNORED_PROXY } from './policy.js';
import { implementedServerOptions } from './server.js';
import { UNSUPPORTED_SECTIONS, USED_SECTIONS } from '../sections.js';

const code = (names: Iterable<string>): string =>
  [...names]
    .sort()
    .map((n) => `\`${n}\``)
    .join(', ') || '—';

function row(what: string, implemented: Iterable<string>, notSupported: Iterable<string>): string {
  return `| ${what} | ${code(implemented)} | ${code(notSupported)} |`;
}

export function renderKeywordDoc(): string {
  const globalAll = new Set(GLOBAL_KEYWORDS.map((k) => k.name));
  const proxyAll = new Set(PROXY_KEYWORDS.map((k) => k.name));
  const globalDone = [...globalKeywords.keys()];
  const proxyDone = [...proxyKeywords.keys()];
  const notGlobal = [...globalAll].filter((n) => !globalKeywords.has(n) && !IGNORED_GLOBAL.has(n));
  const notProxy = [...proxyAll].filter((n) => !proxyKeywords.has(n) && !IGNORED_PROXY.has(n));
  const bindDone = implementedBindOptions();
  const serverDone = implementedServerOptions();
  const out = [
    'Generated from the code by `npm run docs`; a test keeps it in step. "Not supported" keywords are',
    'known to HAProxy 2.6 and refused by tslb with `TSLB_ERR_CFG_UNSUPPORTED` naming them; a keyword',
    'HAProxy does not know is `TSLB_ERR_CFG_UNKNOWN_KEYWORD` with a did-you-mean hint.',
    '',
    '| where | implemented | not supported |',
    '|---|---|---|',
    row('sections', USED_SECTIONS, UNSUPPORTED_SECTIONS),
    row('`global`', globalDone, notGlobal),
    row('`defaults` / `frontend` / `backend` / `listen`', proxyDone, notProxy),
    row('`bind` options', bindDone, BIND_OPTIONS.map((o) => o.name).filter((n) => !bindDone.includes(n))),
    row('`server` / `default-server` options', serverDone, SERVER_OPTIONS.map((o) => o.name).filter((n) => !serverDone.includes(n))),
    ...(Object.keys(KNOWN_ACTIONS) as RuleSetName[]).map((set) => {
      const done = implementedActions(set);
      return row(`\`${set}\` actions`, done, KNOWN_ACTIONS[set].map((a) => a.name).filter((n) => !done.includes(n)));
    }),
    `| sample fetches and converters | every built-in one of HAProxy 2.6.12 is recognised, and its output type and where it may be used are checked at load time | ${code([
      ...OPTIONAL_BUILD_FETCHES.map((f) => f.name),
      ...OPTIONAL_BUILD_CONVERTERS.map((c) => c.name),
      ...DYNAMIC_PREFIXES.map((p) => `${p}*`),
    ])} |`,
    '',
    'Accepted with a `TSLB_WRN_CFG_IGNORED` warning, because they only tune HAProxy internals or the',
    'operating system and change nothing a client or server can observe:',
    '',
    '| keyword | why it has no effect in tslb |',
    '|---|---|',
    ...[...IGNORED_GLOBAL, ...IGNORED_PROXY].sort(([a], [b]) => a.localeCompare(b)).map(([name, why]) => `| \`${name}\` | ${why} |`),
  ];
  return out.join('\n');
}

const START = '<!-- keywords:start -->';
const END = '<!-- keywords:end -->';

/** Replaces the generated block of the README with the current tables. */
export function updateReadme(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md lacks the keywords:start / keywords:end markers');
  return `${readme.slice(0, a + START.length)}\n${renderKeywordDoc()}\n${readme.slice(b)}`;
}
