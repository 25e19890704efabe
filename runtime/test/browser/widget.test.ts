/**
 * The built widget (dist/svyazio.js) in real Chromium, on the pages of
 * fixtures/pages: an untouched Chatra snippet, the Svyazio Quick Start, and a
 * page under a strict Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DOM, HASHES } from '../../surface';
import { fakeBackend, launchBrowser, REPO_ROOT, requireBundle, routeWidget, startServer, type FakeBackend, type StaticServer } from './harness';

const CSP = "default-src 'self'";
const host = `#${DOM.hostId}`;
const launcherSel = `${host} [part=button]`;
const windowSel = `${host} [part=window]`;
const inputSel = `${host} [part=input]`;

let browser: Browser;
let server: StaticServer;
let context: BrowserContext | undefined;

beforeAll(async () => {
  server = await startServer({
    root: join(REPO_ROOT, 'fixtures/pages'),
    files: { '/svyazio.js': readFileSync(requireBundle(), 'utf8') },
    headers: { '/csp.html': { 'Content-Security-Policy': CSP } },
  });
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

interface Opened {
  page: Page;
  backend: FakeBackend;
  errors: string[];
}

async function openPage(path: string, options: BrowserContextOptions = {}): Promise<Opened> {
  context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const backend = await fakeBackend(page);
  await routeWidget(page);
  await page.goto(server.origin + path);
  await page.locator(launcherSel).waitFor();
  return { page, backend, errors };
}

/** The element focused inside the widget's shadow root, by its `part`. */
const focusedPart = (page: Page) =>
  page.evaluate((id) => document.getElementById(id)?.shadowRoot?.activeElement?.getAttribute('part') ?? null, DOM.hostId);

const isOpenHash = (url: string) => Object.values(HASHES).some((h) => new URL(url).hash === '#' + h);

const pages = [
  {
    name: 'an untouched Chatra snippet',
    path: '/chatra-snippet.html',
    api: 'Chatra',
    orgId: 'FakeChatraKey123',
    integration: { name: 'Jane Doe', email: 'jane@example.com', plan: 'pro' },
    /** The viewport edge the launcher keeps 20px from, besides the bottom. */
    edge: 'left',
    classes: ['side-bottom', 'pos-left'],
    size: 70,
    colors: { background: 'rgb(86, 90, 221)', text: 'rgb(245, 245, 245)' },
    title: null,
  },
  {
    name: 'the Svyazio Quick Start',
    path: '/svyazio-quickstart.html',
    api: 'Svyazio',
    orgId: 'FakeOrgId123',
    integration: {},
    edge: 'right',
    classes: ['side-right', 'pos-bottom'],
    size: 60,
    colors: { background: 'rgb(10, 125, 79)', text: 'rgb(255, 255, 255)' },
    title: 'Garden help',
  },
] as const;

describe.each(pages)('on $name', (fixture) => {
  const expanded = (page: Page) =>
    page.evaluate((api) => (window as unknown as Record<string, { _chatExpanded?: boolean }>)[api]._chatExpanded, fixture.api);

  it('shows the launcher where and as configured, and connects with the page key and visitor data', async () => {
    const { page, backend, errors } = await openPage(fixture.path);
    const launcher = page.locator(launcherSel);
    await expect.poll(() => launcher.isVisible()).toBe(true);
    const box = (await launcher.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.width).toBe(fixture.size);
    expect(box.height).toBe(fixture.size);
    expect(viewport.height - (box.y + box.height)).toBe(20);
    const gap = fixture.edge === 'left' ? box.x : viewport.width - (box.x + box.width);
    expect(gap).toBe(20);
    const style = await launcher.evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, text: getComputedStyle(el).color }));
    expect(style).toEqual(fixture.colors);
    const classes = (await page.locator(host).getAttribute('class'))!.split(' ');
    for (const c of fixture.classes) expect(classes).toContain(DOM.classPrefix + c);

    await expect.poll(() => backend.frames.find((f) => f.t === 'hello')).toBeTruthy();
    const hello = backend.frames.find((f) => f.t === 'hello') as Extract<(typeof backend.frames)[number], { t: 'hello' }>;
    expect(hello.orgId).toBe(fixture.orgId);
    expect(hello.integration).toEqual(fixture.integration);
    expect(hello.locale).toBe('en');
    expect(errors).toEqual([]);
  });

  it("opens from the page's onclick button with the input focused, and Back closes it", async () => {
    const { page } = await openPage(fixture.path);
    await page.click('#ask');
    await page.locator(windowSel).waitFor({ state: 'visible' });
    await expect.poll(() => focusedPart(page)).toBe('input');
    expect(await expanded(page)).toBe(true);
    expect(isOpenHash(page.url())).toBe(true);
    const placeholder = await page.locator(inputSel).getAttribute('placeholder');
    expect(placeholder).toMatch(/^[\x20-\x7e…]+$/); // language: 'en'
    if (fixture.title) await expect.poll(() => page.locator(windowSel).innerText()).toContain(fixture.title);

    await page.goBack();
    await page.locator(windowSel).waitFor({ state: 'hidden' });
    expect(await expanded(page)).toBe(false);
    expect(isOpenHash(page.url())).toBe(false);
  });

  it('opens from a link to the open-chat hash, and Back closes it', async () => {
    const { page } = await openPage(fixture.path);
    await page.click('#contact');
    await page.locator(windowSel).waitFor({ state: 'visible' });
    expect(isOpenHash(page.url())).toBe(true);
    await page.goBack();
    await page.locator(windowSel).waitFor({ state: 'hidden' });
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { page } = await openPage(fixture.path);
    await page.click(launcherSel);
    await page.locator(windowSel).waitFor({ state: 'visible' });
    await page.click(inputSel);
    await page.keyboard.press('Escape');
    await page.locator(windowSel).waitFor({ state: 'hidden' });
    expect(await focusedPart(page)).toBe('button');
    expect(await expanded(page)).toBe(false);
  });
});

describe(`under Content-Security-Policy: ${CSP}`, () => {
  it('loads from self with its config in a same-origin file, shows, styles and opens, with no violation', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await fakeBackend(page);
    const response = await page.goto(server.origin + '/csp.html');
    expect(response?.headers()['content-security-policy']).toBe(CSP);

    const launcher = page.locator(launcherSel);
    await launcher.waitFor({ state: 'visible' });
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(181, 64, 15)');
    await page.click('#ask');
    await page.locator(windowSel).waitFor({ state: 'visible' });
    await expect.poll(() => focusedPart(page)).toBe('input');
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  });
});

describe('on a phone (375×667, touch)', () => {
  const phone: BrowserContextOptions = {
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  };

  it('opens the chat full-screen with the body class, and closes back to the launcher', async () => {
    const { page } = await openPage('/svyazio-quickstart.html', phone);
    await page.tap(launcherSel);
    const chat = page.locator(windowSel);
    await chat.waitFor({ state: 'visible' });
    expect(await chat.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    expect(await page.evaluate((c) => document.body.classList.contains(c), DOM.mobileBodyClass)).toBe(true);
    expect(await page.locator(host).getAttribute('class')).toContain(`${DOM.classPrefix}mobile-widget`);

    await page.evaluate(() => (window as unknown as { Svyazio(m: string): void }).Svyazio('closeChat'));
    await chat.waitFor({ state: 'hidden' });
    expect(await page.evaluate((c) => document.body.classList.contains(c), DOM.mobileBodyClass)).toBe(false);
    await page.locator(launcherSel).waitFor({ state: 'visible' });
  });
});
