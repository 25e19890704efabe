/**
 * The whole migration as a user runs it, on the static-html fixture: the built
 * CLI rewrites a copy of the site, then the migrated pages run the real widget
 * bundle in Chromium with the settings, buttons, links and CSS overrides the
 * site had under Chatra. The untouched site runs on the same bundle through
 * Chatra's script URLs, which is what a site gets on day one.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devices, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeBackend, launchBrowser, type FakeBackend, routeWidget, startServer, type StaticServer } from '../../runtime/test/browser/harness';
import { DOM, HASHES, SCRIPT_URL } from '../../runtime/surface';
import { buildCli } from './build-cli';

const SITE = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/static-html');
const HOST = '#' + DOM.hostId;
/** The org ID in every loader of the fixture, carried over by the migration. */
const ORG_ID = 'nW7pLk2XqR9vBt4Ey';
const cls = (state: string) => DOM.classPrefix + state;
/** Two cores shared by many test runs: give the browser time before calling a wait failed. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

let scratch: string;
let cli: string;
let migration: SpawnSyncReturns<string>;
let browser: Browser;
let migrated: StaticServer;
let original: StaticServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'svyazio-e2e-'));
  cpSync(join(SITE, 'before'), scratch, { recursive: true });
  cli = await buildCli();
  // A temp dir is no git tree: the CLI warns and goes ahead, no --force needed.
  migration = spawnSync(process.execPath, [cli, scratch], { encoding: 'utf8' });
  [browser, migrated, original] = await Promise.all([
    launchBrowser(),
    startServer({ root: scratch }),
    startServer({ root: join(SITE, 'before') }),
  ]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([migrated?.close(), original?.close()]);
  rmSync(scratch, { recursive: true, force: true });
  if (cli) rmSync(cli, { force: true });
});

interface Visit {
  page: Page;
  backend: FakeBackend;
  /** Page errors, console errors and widget warnings, minus the fallout of blocking the internet. */
  problems: string[];
}

/**
 * jQuery comes from code.jquery.com with an SRI hash, so no local copy can
 * stand in for it; with it aborted, js/site.js stops at its first `$(`.
 */
const isJqueryFallout = (e: Error) => e.message === '$ is not defined' && /\/js\/site\.js\b/.test(e.stack ?? '');

const isAbortedExternal = (m: ConsoleMessage) =>
  /net::ERR_INTERNET_DISCONNECTED/.test(m.text()) && !m.location().url.startsWith('http://127.0.0.1');

/** The fixture ships markup, scripts and styles, not its pictures (nor a favicon). */
const isMissingPicture = (m: ConsoleMessage) => /status of 404\b/.test(m.text()) && /\.(svg|jpg|ico)$/.test(m.location().url);

async function visit(server: StaticServer, path: string, device: BrowserContextOptions = {}): Promise<Visit> {
  const context = await browser.newContext(device);
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => {
    if (!isJqueryFallout(e)) problems.push(`pageerror: ${e.message}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !isAbortedExternal(m) && !isMissingPicture(m)) problems.push(`console.error: ${m.text()} (${m.location().url})`);
    if (m.type() === 'warning' && m.text().startsWith('[Svyazio]')) problems.push(`console.warn: ${m.text()}`);
  });
  await routeWidget(page);
  const backend = await fakeBackend(page);
  await page.goto(server.origin + path);
  await poll(() => classes(page)).toContain(cls('visible'));
  return { page, backend, problems };
}

const classes = (page: Page): Promise<string[]> =>
  page.evaluate((sel) => [...(document.querySelector(sel)?.classList ?? [])], HOST);

const hostStyle = (page: Page, prop: string) =>
  page.locator(HOST).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);

const partStyle = (page: Page, part: string, prop: string) =>
  page.locator(`${HOST} [part=${part}]`).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);

/** The org the widget introduced itself with to the backend. */
const helloOrg = (backend: FakeBackend) => backend.frames.find((f) => f.t === 'hello')?.orgId;

const expanded = async (page: Page) => (await classes(page)).includes(cls('expanded'));

/** Whether the focused element is the widget's message input (inside its shadow root). */
const inputFocused = (page: Page) =>
  page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.activeElement?.getAttribute('part') === 'input', HOST);

/** Back must undo the open: the hash goes and the window collapses. */
async function backCloses(page: Page): Promise<void> {
  await page.goBack();
  await poll(() => expanded(page)).toBe(false);
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.locator(`${HOST} [part=window]`).isHidden()).toBe(true);
}

describe('svyazio-migrate on the static-html site, then the site in Chromium', () => {
  it('the CLI migrates the site and reports success', () => {
    expect(migration.status, migration.stderr).toBe(0);
    expect(migration.stdout).toMatch(/^7 files scanned: 5 changed, 2 unchanged, 2 skipped, 0 failed$/m);
    const index = readFileSync(join(scratch, 'index.html'), 'utf8');
    expect(index).toContain(`<script async src="${SCRIPT_URL}"></script>`);
    expect(index).not.toMatch(/chatra\.io\/chatra\.js|Chatra\(/);
  });

  it('index.html: the site hides the launcher, its own button opens the chat focused, Back closes it', async () => {
    const { page, backend, problems } = await visit(migrated, '/index.html');
    // The socket reaches the backend past the page's migrated CSP (`connect-src wss://app.svyazio.ru`).
    await poll(() => helloOrg(backend)).toBe(ORG_ID);
    // Migrated overrides: `#svyazio:not(.svyazio--expanded)` hides the stock launcher…
    expect(await hostStyle(page, 'visibility')).toBe('hidden');
    expect(await hostStyle(page, 'pointer-events')).toBe('none');
    // …and `#svyazio.svyazio--side-bottom.svyazio--pos-right` moves it, over the widget's own 20px.
    expect(await classes(page)).toEqual(expect.arrayContaining([cls('style-round'), cls('side-bottom'), cls('pos-right')]));
    expect(await hostStyle(page, 'right')).toBe('24px');

    await page.getByRole('button', { name: 'Chat with a dispatcher' }).click();
    await poll(() => expanded(page)).toBe(true);
    expect(await page.evaluate(() => (window as any).Svyazio._chatExpanded)).toBe(true);
    expect(new URL(page.url()).hash).toBe('#' + HASHES.svyazio);
    expect(await hostStyle(page, 'visibility')).toBe('visible');
    expect(await hostStyle(page, 'box-shadow')).toBe('rgba(0, 0, 0, 0.25) 0px 8px 32px 0px');
    expect(await page.locator(`${HOST} [part=window]`).isVisible()).toBe(true);
    await poll(() => inputFocused(page)).toBe(true);

    await backCloses(page);
    expect(await hostStyle(page, 'visibility')).toBe('hidden');
    expect(problems).toEqual([]);
  });

  it('index.html: the migrated #svyazioChatExpanded nav link opens the chat', async () => {
    const { page, problems } = await visit(migrated, '/index.html');
    await page.getByRole('link', { name: 'Live chat' }).click();
    await poll(() => expanded(page)).toBe(true);
    expect(new URL(page.url()).hash).toBe('#' + HASHES.svyazio);
    await backCloses(page);
    expect(problems).toEqual([]);
  });

  it('about.html: the carried-over SvyazioSetup (tab, rm, colors) and the page’s own overrides apply', async () => {
    const { page, problems } = await visit(migrated, '/about.html');
    expect(await classes(page)).toEqual(expect.arrayContaining([cls('style-tab'), cls('side-right'), cls('pos-middle')]));
    expect(await classes(page)).not.toContain(cls('style-round'));
    // The page's `#svyazio.svyazio--style-tab { bottom: 64px !important }` and the file's `.svyazio--style-tab` font.
    expect(await hostStyle(page, 'bottom')).toBe('64px');
    expect(await hostStyle(page, 'font-family')).toBe('"Source Sans 3", sans-serif');
    expect(await partStyle(page, 'button', 'background-color')).toBe('rgb(10, 110, 189)');
    expect(await partStyle(page, 'button', 'color')).toBe('rgb(255, 255, 255)');
    expect(await partStyle(page, 'button', 'writing-mode')).toBe('vertical-rl');
    // No language in the setup: the page's <html lang="en"> decides.
    expect(await page.locator(`${HOST} [part=button] > span:not([part])`).textContent()).toBe('Chat with us');
    expect(await page.locator(`${HOST} [part=button]`).getAttribute('aria-label')).toBe('Open chat');
    expect(await hostStyle(page, 'visibility')).toBe('hidden');

    await page.getByRole('link', { name: 'Ask us in the chat' }).click();
    await poll(() => expanded(page)).toBe(true);
    expect(await hostStyle(page, 'visibility')).toBe('visible');
    expect(await partStyle(page, 'header', 'color')).toBe('rgb(255, 255, 255)');
    expect(await page.locator(`${HOST} [part=header]`).textContent()).toContain('Support chat');
    await backCloses(page);
    expect(problems).toEqual([]);
  });

  it('about.html on a phone: the migrated body-class rules hide the sticky footer while the chat is open', async () => {
    const { page, problems } = await visit(migrated, '/about.html', devices['Pixel 7']);
    const body = (prop: string) => page.evaluate((p) => getComputedStyle(document.body).getPropertyValue(p), prop);
    const footer = () => page.locator('.sticky-footer').evaluate((el) => getComputedStyle(el).display);
    expect(await classes(page)).toContain(cls('mobile-widget'));
    expect(await footer()).toBe('block');

    await page.getByRole('link', { name: 'Ask us in the chat' }).tap();
    await poll(() => expanded(page)).toBe(true);
    expect(await page.evaluate((c) => document.body.classList.contains(c), DOM.mobileBodyClass)).toBe(true);
    expect(await footer()).toBe('none');
    expect(await body('overflow')).toBe('hidden');
    expect(await page.locator(`${HOST} [part=window]`).isVisible()).toBe(true);
    // Full screen: no launcher to close it with; Back is the way out.
    expect(await page.locator(`${HOST} [part=button]`).isHidden()).toBe(true);

    await backCloses(page);
    expect(await page.evaluate((c) => document.body.classList.contains(c), DOM.mobileBodyClass)).toBe(false);
    expect(await footer()).toBe('block');
    expect(problems).toEqual([]);
  });

  it('contact.html: the launcher shows (no overrides here), the same-page link opens, the home-page link opens there', async () => {
    const { page, problems } = await visit(migrated, '/contact.html');
    expect(await hostStyle(page, 'visibility')).toBe('visible');
    await page.getByRole('link', { name: 'Open the chat on this page' }).click();
    await poll(() => expanded(page)).toBe(true);
    await backCloses(page);

    await page.locator(`${HOST} [part=button]`).click();
    await poll(() => expanded(page)).toBe(true);
    await page.locator(`${HOST} [part=button]`).click();
    await poll(() => expanded(page)).toBe(false);

    await page.getByRole('link', { name: 'Chat from the home page' }).click();
    await page.waitForURL(`${migrated.origin}/index.html#${HASHES.svyazio}`);
    await poll(() => expanded(page)).toBe(true);
    expect(await hostStyle(page, 'visibility')).toBe('visible');
    expect(problems).toEqual([]);
  });
});

describe('the untouched site on the Svyazio bundle served from Chatra’s URLs', () => {
  it('index.html: onclick="Chatra(\'openChat\', true)" opens the chat, Back closes it', async () => {
    const { page, backend, problems } = await visit(original, '/index.html');
    await poll(() => helloOrg(backend)).toBe(ORG_ID);
    expect(await page.evaluate(() => (window as any).Chatra === (window as any).Svyazio)).toBe(true);
    await page.getByRole('button', { name: 'Chat with a dispatcher' }).click();
    await poll(() => expanded(page)).toBe(true);
    expect(await page.evaluate(() => (window as any).Chatra._chatExpanded)).toBe(true);
    await poll(() => inputFocused(page)).toBe(true);
    await backCloses(page);
    expect(problems).toEqual([]);
  });

  it('about.html: ChatraSetup is honoured and the #chatraChatExpanded link opens the chat', async () => {
    const { page, problems } = await visit(original, '/about.html');
    expect(await classes(page)).toEqual(expect.arrayContaining([cls('style-tab'), cls('side-right'), cls('pos-middle')]));
    expect(await partStyle(page, 'button', 'background-color')).toBe('rgb(10, 110, 189)');
    await page.getByRole('link', { name: 'Ask us in the chat' }).click();
    await poll(() => expanded(page)).toBe(true);
    await backCloses(page);
    expect(problems).toEqual([]);
  });

  it('contact.html: the insertBefore loader on call.chatra.io boots the widget; both #chatraChatExpanded links open it', async () => {
    const { page, problems } = await visit(original, '/contact.html');
    await page.getByRole('link', { name: 'Open the chat on this page' }).click();
    await poll(() => expanded(page)).toBe(true);
    await backCloses(page);

    await page.getByRole('link', { name: 'Chat from the home page' }).click();
    await page.waitForURL(`${original.origin}/index.html#${HASHES.chatra}`);
    await poll(() => expanded(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
