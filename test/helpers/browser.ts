/**
 * A real browser for page tests: Debian's Chromium driven by playwright-core
 * (which never downloads a browser of its own), headless, closed with the
 * test. Tests skip when /usr/bin/chromium is not installed.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface Teardown {
  teardown(fn: () => void | Promise<void>): void;
}

/** Why browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is not installed (apt-get install chromium): browser tests skipped`;
}

/** Launches headless Chromium; it is closed in the test's teardown. */
export async function launchBrowser(t: Teardown): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  t.teardown(() => browser.close());
  return browser;
}

export interface PageOptions {
  readonly width?: number;
  readonly height?: number;
  /** Basic credentials the browser sends when asked. */
  readonly httpCredentials?: { readonly username: string; readonly password: string };
}

/** A fresh page (its own context: no shared cookies or storage); what the page logs to its console and its errors are collected. */
export async function openPage(browser: Browser, opts: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    ...(opts.httpCredentials ? { httpCredentials: { ...opts.httpCredentials } } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { page, errors };
}
