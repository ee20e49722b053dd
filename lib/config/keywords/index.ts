/**
 * The registries: every keyword handler tslb has, by the name the parser
 * looks up. Adding a keyword means adding it to its family's list.
 */
import { balanceKeywords } from './balance.js';
import { bindKeywords } from './bind.js';
import { checkKeywords } from './checks.js';
import { cookieKeywords } from './cookie.js';
import { globalKeywords as globalSettingKeywords } from './global.js';
import { httpErrorsSection } from './http-errors.js';
import { globalLogKeywords, proxyLogKeywords } from './log.js';
import { optionKeywords } from './options.js';
import { proxySettingKeywords } from './proxy-settings.js';
import { toMap, type GlobalKeyword, type ProxyKeyword } from './registry.js';
import { resolversSection } from './resolvers.js';
import { ruleKeywords } from './rules.js';
import { serverKeywords } from './server.js';
import { statsKeywords } from './stats.js';
import { timeoutKeywords } from './timeouts.js';
import { userlistSection } from './userlist.js';

export type { SectionParser } from './section-parser.js';

export const proxyKeywords: ReadonlyMap<string, ProxyKeyword> = toMap<ProxyKeyword>([
  proxySettingKeywords,
  timeoutKeywords,
  optionKeywords,
  proxyLogKeywords,
  statsKeywords,
  bindKeywords,
  serverKeywords,
  balanceKeywords,
  cookieKeywords,
  checkKeywords,
  ruleKeywords,
]);

export const globalKeywords: ReadonlyMap<string, GlobalKeyword> = toMap<GlobalKeyword>([globalSettingKeywords, globalLogKeywords]);

export const sectionParsers = {
  userlist: userlistSection,
  resolvers: resolversSection,
  'http-errors': httpErrorsSection,
} as const;
