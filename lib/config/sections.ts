/** Section keywords (configuration manual 2.1 and 3): each starts a new section. */

/** Sections that tslb reads and uses. */
export const USED_SECTIONS = ['global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'resolvers', 'http-errors'] as const;

/** Sections HAProxy 2.6 knows that tslb reports as not supported. */
export const UNSUPPORTED_SECTIONS = ['peers', 'mailers', 'cache', 'ring', 'program', 'log-forward', 'fcgi-app'] as const;

export type SectionKind = (typeof USED_SECTIONS)[number] | (typeof UNSUPPORTED_SECTIONS)[number];

export const SECTION_KEYWORDS: ReadonlySet<string> = new Set<string>([...USED_SECTIONS, ...UNSUPPORTED_SECTIONS]);

/** Proxy and defaults names: letters, digits, '-', '_', '.' and ':'. */
export function isValidName(name: string): boolean {
  return /^[A-Za-z0-9_.:-]+$/.test(name);
}
