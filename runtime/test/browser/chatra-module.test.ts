/**
 * svyazio-migrate/chatra (dist/chatra-module.js) in real Chromium, driving the
 * real widget as a site bundle that imported `@chatra/chatra` would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DOM } from '../../surface';
import { fakeBackend, launchBrowser, REPO_ROOT, requireBundle, startServer, type StaticServer } from './harness';

const APP = `
import Chatra from '/chatra-module.js';
Chatra('openChat');
Chatra('init', { ID: 'ModuleKey1', setup: { buttonPosition: 'bl', language: 'en' }, integration: { name: 'Ann' }, scriptUrl: '/svyazio.js' });
Chatra('openChat', true);
window.reinit = () => Chatra('init', { ID: 'ModuleKey1', setup: { buttonPosition: 'br', language: 'en' }, scriptUrl: '/svyazio.js' });
`;

let browser: Browser;
let server: StaticServer;
let context: BrowserContext;

beforeAll(async () => {
  server = await startServer({
    root: join(REPO_ROOT, 'fixtures/pages'),
    files: {
      '/svyazio.js': readFileSync(requireBundle(), 'utf8'),
      '/chatra-module.js': readFileSync(join(REPO_ROOT, 'dist/chatra-module.js'), 'utf8'),
      '/app.js': APP,
      '/app.html': '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/app.js"></script></head><body><h1>SPA</h1></body></html>',
    },
  });
  browser = await launchBrowser();
  context = await browser.newContext();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

it('loads the widget once, replays the calls made after init, ignores the one before, and restarts on a second init', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  // The browser's own 404 for /favicon.ico is not the page's business.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  const backend = await fakeBackend(page);
  await page.goto(server.origin + '/app.html');

  const chat = page.locator(`#${DOM.hostId} [part=window]`);
  await chat.waitFor({ state: 'visible' });
  expect(errors, errors.join('\n')).toHaveLength(1);
  expect(errors[0]).toContain("Svyazio('openChat') called before");
  expect(await page.locator('script[src$="/svyazio.js"]').count()).toBe(1);
  const hello = backend.frames.find((f) => f.t === 'hello');
  expect(hello).toMatchObject({ orgId: 'ModuleKey1', integration: { name: 'Ann' } });
  const host = page.locator(`#${DOM.hostId}`);
  expect(await host.getAttribute('class')).toContain(`${DOM.classPrefix}pos-left`);

  await page.evaluate(() => (window as unknown as { reinit(): void }).reinit());
  await expect.poll(() => host.getAttribute('class')).toContain(`${DOM.classPrefix}pos-right`);
  expect(await page.locator('script[src$="/svyazio.js"]').count()).toBe(1);
});
