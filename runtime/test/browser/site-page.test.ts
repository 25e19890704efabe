/**
 * The built widget on pages that are hard on it: site CSS aimed at every
 * `div`, a `<base href>`, a frame-mode block parsed after the script.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DOM } from '../../surface';
import { fakeBackend, launchBrowser, REPO_ROOT, requireBundle, startServer, type StaticServer } from './harness';

const host = `#${DOM.hostId}`;
const launcherSel = `${host} [part=button]`;
const windowSel = `${host} [part=window]`;

const widgetPage = (config: string, head = '', body = '') => `<!doctype html>
<html><head><meta charset="utf-8">${head}
<script>window.SvyazioConfig = ${config};</script>
<script src="/svyazio.js"></script>
</head><body>${body}</body></html>`;

const TALL = '<div style="height:3000px">content</div>';
/** Ordinary site rules that reach the host because it is a div. */
const HOSTILE = `<style>
div { position: relative; bottom: auto; right: auto; z-index: 1; display: block; }
body > div { width: 100%; max-width: 1200px; margin: 0 auto; padding: 10px; border: 3px solid red; }
</style>`;

const files: Record<string, string> = {
  '/svyazio.js': readFileSync(requireBundle(), 'utf8'),
  '/hostile.html': widgetPage("{ orgId: 'o' }", HOSTILE, TALL),
  '/hostile-hidden.html': widgetPage("{ orgId: 'o', startHidden: true }", HOSTILE, TALL),
  '/brand-colors.html': widgetPage("{ orgId: 'o', accentColor: '#6C63FF', colors: { buttonBg: '#ffffff', buttonText: '#6C63FF', clientBubbleBg: '#e8f0ff' } }"),
  '/frame-late.html': `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script>window.ChatraSetup = { mode: 'frame', injectTo: 'later' };</script>
<script src="/svyazio.js"></script>
<p>text</p>
<div id="later" style="height:400px;width:300px"></div>
</body></html>`,
  '/tab-rm.html': widgetPage("{ orgId: 'o', buttonStyle: 'tab', buttonPosition: 'rm' }"),
  '/override.html': widgetPage("{ orgId: 'o' }", `${HOSTILE}<style>#svyazio { bottom: 90px !important; }</style>`, TALL),
};

let browser: Browser;
let server: StaticServer;
let context: BrowserContext | undefined;
/** The widget's console warnings on the page opened last. */
let warnings: string[] = [];

beforeAll(async () => {
  server = await startServer({ root: join(REPO_ROOT, 'fixtures/pages'), files });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

const PHONE = {
  viewport: { width: 390, height: 800 },
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
};

async function open(path: string, options: BrowserContextOptions = { viewport: { width: 1280, height: 800 } }): Promise<Page> {
  context = await browser.newContext(options);
  const page = await context.newPage();
  await fakeBackend(page);
  warnings = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  await page.goto(server.origin + path);
  return page;
}

describe('site CSS aimed at every div', () => {
  it('leaves the launcher fixed at the bottom right, on top of the page', async () => {
    const page = await open('/hostile.html');
    const launcher = page.locator(launcherSel);
    await launcher.waitFor({ state: 'visible' });
    const box = (await launcher.boundingBox())!;
    expect(1280 - (box.x + box.width)).toBe(20);
    expect(800 - (box.y + box.height)).toBe(20);
    const style = await page.locator(host).evaluate((el) => {
      const cs = getComputedStyle(el);
      return { position: cs.position, zIndex: cs.zIndex, border: cs.borderTopWidth };
    });
    expect(style).toEqual({ position: 'fixed', zIndex: '999999', border: '0px' });

    await page.click(launcherSel);
    const win = (await page.locator(windowSel).boundingBox())!;
    expect(win.y).toBeGreaterThanOrEqual(0);
    expect(win.x + win.width).toBeLessThanOrEqual(1280);
  });

  it('keeps a startHidden widget hidden', async () => {
    const page = await open('/hostile-hidden.html');
    await page.waitForFunction((id) => document.getElementById(id) !== null, DOM.hostId);
    expect(await page.locator(host).evaluate((el) => getComputedStyle(el).display)).toBe('none');
  });

  it("still lets the site's own #svyazio rule with !important move the host", async () => {
    const page = await open('/override.html');
    const launcher = page.locator(launcherSel);
    await launcher.waitFor({ state: 'visible' });
    const box = (await launcher.boundingBox())!;
    expect(800 - (box.y + box.height)).toBe(90);
  });
});

describe('colours', () => {
  it('keeps the header title and close button readable on a white launcher with brand-coloured text', async () => {
    const page = await open('/brand-colors.html');
    await page.locator(launcherSel).waitFor({ state: 'visible' });
    await page.evaluate(() => (window as unknown as { Svyazio(...a: unknown[]): void }).Svyazio('openChat'));
    const header = page.locator(`${host} [part=header]`);
    await header.waitFor({ state: 'visible' });
    const [bg, title, close] = await header.evaluate((h) => [
      getComputedStyle(h).backgroundColor,
      getComputedStyle(h.querySelector('p')!).color,
      getComputedStyle(h.querySelector('button')!).color,
    ]);
    expect(bg).toBe('rgb(108, 99, 255)');
    expect(title).toBe('rgb(255, 255, 255)');
    expect(close).toBe('rgb(255, 255, 255)');
  });
});

describe('frame mode', () => {
  it('embeds the chat in an injectTo block parsed after the script', async () => {
    const page = await open('/frame-late.html');
    await page.locator(windowSel).waitFor({ state: 'visible' });
    expect(await page.evaluate((id) => document.getElementById(id)!.parentElement!.id, DOM.hostId)).toBe('later');
    expect(await page.locator(launcherSel).isVisible()).toBe(false);
    expect(warnings).toEqual([]);
  });
});

describe('look', () => {
  it('puts the unread badge of a side tab upright, inside the viewport and clear of the tab text', async () => {
    const page = await open('/tab-rm.html');
    await page.locator(launcherSel).waitFor({ state: 'visible' });
    await page.evaluate(() => (window as unknown as { Svyazio(...a: unknown[]): void }).Svyazio('sendAutoMessage', 'Need help?'));
    const badge = page.locator(`${host} [part=badge]`);
    await badge.waitFor({ state: 'visible' });
    const b = (await badge.boundingBox())!;
    const tab = (await page.locator(launcherSel).boundingBox())!;
    expect(await badge.evaluate((el) => getComputedStyle(el).writingMode)).toBe('horizontal-tb');
    expect(b.x + b.width).toBeLessThanOrEqual(1280);
    expect(b.y + b.height).toBeLessThanOrEqual(tab.y + 6);
  });

  it('gives the composer a 16px font on a phone, so iOS does not zoom into it', async () => {
    const page = await open('/tab-rm.html', PHONE);
    await page.locator(launcherSel).waitFor({ state: 'visible' });
    await page.evaluate(() => (window as unknown as { Svyazio(...a: unknown[]): void }).Svyazio('openChat'));
    const input = page.locator(`${host} [part=input]`);
    await input.waitFor({ state: 'visible' });
    expect(await input.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
  });
});
