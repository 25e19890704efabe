/**
 * `preview` end to end in real Chromium: the fixture site's widget talks to the
 * preview backend, and the operator console answers it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, requireBundle } from '../../runtime/test/browser/harness';
import { runPreview, type Preview } from '../preview';

const SITE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/preview-site');
const ORG = 'org-fixture';

let browser: Browser;
let preview: Preview;
let storeDir: string;
let port = 0;
const contexts: BrowserContext[] = [];
/** Two shared cores: give the page, the socket and the console time to catch up. */
const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout });

async function start(): Promise<void> {
  preview = await runPreview({ dir: SITE, port, storeDir, widgetFile: requireBundle(), log: () => {} });
  port = Number(new URL(preview.url).port);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  // Nothing may leave the machine; the preview rewrote the widget URL to itself.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('internetdisconnected'));
  return page;
}

/** Opens the fixture as a visitor with this clientId and waits for the widget to connect. */
async function visit(clientId: string, path = '/'): Promise<Page> {
  const page = await newPage();
  await page.goto(`${preview.url.replace(/\/$/, '')}${path}?clientId=${clientId}`);
  await connected(clientId);
  await page.locator('[part=button]').click();
  return page;
}

async function connected(clientId: string): Promise<void> {
  await poll(() => preview.backend['store'].visitors().some((v: any) => v.clientId === clientId && connectedNow(v.orgId, v.visitorId))).toBe(true);
}

const connectedNow = (orgId: string, visitorId: string) => (preview.backend['connectedVisitors'] as Map<string, number>).has(`${encodeURIComponent(orgId)}/${visitorId}`);

async function say(page: Page, text: string): Promise<void> {
  await page.locator('[part=input]').fill(text);
  await page.locator('[part=input]').press('Enter');
}

const messagesIn = (page: Page) => page.locator('[part=messages]').innerText();
const stored = (clientId: string) => preview.backend['store'].history(`${ORG}/c:${clientId}`).map((m: any) => m.text);

async function openConsole(clientId: string): Promise<Page> {
  const page = await newPage();
  await page.goto(preview.consoleUrl);
  await page.locator(`.visitor[data-conversation="${ORG}/c:${clientId}"]`).first().click();
  return page;
}

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'svz-preview-'));
  browser = await launchBrowser();
  await start();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  rmSync(storeDir, { recursive: true, force: true });
});

describe('preview in Chromium', () => {
  it('carries a conversation between the widget and the console, auto message first, text only, onNewMessage once each', async () => {
    const visitor = await visit('alice');
    await visitor.evaluate(() => (window as any).Svyazio('sendAutoMessage', 'Can we help?'));
    await poll(() => messagesIn(visitor)).toContain('Can we help?');
    await say(visitor, 'Hello <b>there</b>');
    const console_ = await openConsole('alice');
    const consoleMessages = () => console_.locator('#messages .message').evaluateAll((nodes) => nodes.map((n) => [n.className, n.textContent]));
    await poll(consoleMessages).toEqual([
      ['message bot', 'Can we help?'],
      ['message client', 'Hello <b>there</b>'],
    ]);
    expect(await console_.locator('#messages b').count()).toBe(0);

    await console_.locator('#text').fill('Hi Alice, how can I help?');
    await console_.locator('#send').click();
    await poll(() => messagesIn(visitor)).toContain('Hi Alice, how can I help?');
    await console_.locator('#as-bot').check();
    await console_.locator('#text').fill('A bot says hi');
    await console_.locator('#send').click();
    await poll(() => messagesIn(visitor)).toContain('A bot says hi');
    await visitor.waitForTimeout(200);
    const received = await visitor.evaluate(() => (window as any).received);
    expect(received.map((m: any) => [m.type, m.text])).toEqual([
      ['bot', 'Can we help?'],
      ['client', 'Hello <b>there</b>'],
      ['agent', 'Hi Alice, how can I help?'],
      ['bot', 'A bot says hi'],
    ]);
    expect(Object.keys(received[2]).sort()).toEqual(['createdAt', 'id', 'text', 'type']);

    await visitor.reload();
    await connected('alice');
    await visitor.locator('[part=button]').click();
    await poll(() => messagesIn(visitor)).toMatch(/Can we help\?[\s\S]*Hello <b>there<\/b>[\s\S]*Hi Alice, how can I help\?/);
    expect((await messagesIn(visitor)).split('Can we help?')).toHaveLength(2);
  });

  it('shares a conversation between two browsers with the same clientId', async () => {
    const laptop = await visit('bob');
    await say(laptop, 'from the laptop');
    await poll(() => stored('bob')).toEqual(['from the laptop']);
    const phone = await visit('bob');
    await poll(() => messagesIn(phone)).toContain('from the laptop');
    await say(phone, 'from the phone');
    await poll(() => messagesIn(laptop)).toContain('from the phone');
    expect(stored('bob')).toEqual(['from the laptop', 'from the phone']);
  });

  it('loses and duplicates nothing when the server restarts while the visitor types', async () => {
    const visitor = await visit('carol');
    await say(visitor, 'before 1');
    await say(visitor, 'before 2');
    await poll(() => stored('carol')).toEqual(['before 1', 'before 2']);
    await preview.close();
    await say(visitor, 'during 1');
    await say(visitor, 'during 2');
    await start();
    await say(visitor, 'during 3');
    await poll(() => stored('carol'), 20_000).toEqual(['before 1', 'before 2', 'during 1', 'during 2', 'during 3']);
    await say(visitor, 'after');
    await poll(() => stored('carol')).toHaveLength(6);
    await visitor.reload();
    await connected('carol');
    await visitor.locator('[part=button]').click();
    const text = await messagesIn(visitor);
    for (const t of ['before 1', 'before 2', 'during 1', 'during 2', 'during 3', 'after']) expect(text.split(t).length - 1, t).toBe(1);
  });

  it('shows SPA page views and group changes in the console, and a kill as a disconnect', async () => {
    const visitor = await visit('dave');
    const console_ = await openConsole('dave');
    await visitor.evaluate(() => {
      history.pushState({}, '', '/spa/checkout');
      document.title = 'Checkout';
      (window as any).Svyazio('pageView');
      (window as any).Svyazio('setGroupId', 'vip_dept');
      (window as any).Svyazio('setIntegrationData', { name: 'Dave <img src=x>', plan: 'pro' });
    });
    await poll(() => console_.locator('#details').innerText()).toMatch(/spa\/checkout[\s\S]*Group: vip_dept|Group: vip_dept[\s\S]*spa\/checkout/);
    expect(await console_.locator('#details').innerText()).toMatch(/Page views: \S*\/\?clientId=dave → \S*\/spa\/checkout$/m);
    const item = console_.locator(`.visitor[data-conversation="${ORG}/c:dave"]`);
    await poll(() => item.locator('.who').innerText()).toBe('Dave <img src=x>');
    expect(await console_.locator('#details').innerText()).toContain('"plan": "pro"');
    expect(await console_.locator('img').count()).toBe(0);
    await poll(() => item.getAttribute('class')).toMatch(/\bonline\b/);
    await visitor.evaluate(() => (window as any).Svyazio('kill'));
    await poll(() => item.getAttribute('class')).toMatch(/\boffline\b/);
    await visitor.waitForTimeout(500);
    expect(await item.getAttribute('class')).toMatch(/\boffline\b/);
  });

  it('drives the online and offline titles from the console switch', async () => {
    const visitor = await visit('frank');
    const header = visitor.locator('[part=header]');
    await poll(() => header.innerText()).toContain('We are online');
    const console_ = await openConsole('frank');
    await console_.locator('#online').uncheck();
    await poll(() => header.innerText()).toContain('We are offline');
    await console_.locator('#online').check();
    await poll(() => header.innerText()).toContain('We are online');
  });

  it('reconnects exactly once on restart', async () => {
    const visitor = await visit('grace');
    let opened = 0;
    const count = () => opened++;
    preview.backend.visitorServer.on('connection', count);
    const before = preview.backend.visitorServer.clients.size;
    await visitor.evaluate(() => (window as any).Svyazio('restart'));
    await poll(() => opened).toBe(1);
    await visitor.waitForTimeout(1000);
    preview.backend.visitorServer.off('connection', count);
    expect(opened).toBe(1);
    expect(preview.backend.visitorServer.clients.size).toBe(before);
  });

  it('delivers what was typed while the network was down, once', async () => {
    const visitor = await visit('heidi');
    await visitor.context().setOffline(true);
    await say(visitor, 'typed offline');
    await visitor.context().setOffline(false);
    await poll(() => stored('heidi'), 15_000).toEqual(['typed offline']);
    await say(visitor, 'back online');
    await poll(() => stored('heidi')).toEqual(['typed offline', 'back online']);
  });

  it('runs a page whose CSP <meta> allows only the Svyazio host', async () => {
    const page = await newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy/.test(m.text()) && violations.push(m.text()));
    await page.goto(`${preview.url}csp.html?clientId=ivan`);
    await connected('ivan');
    await page.locator('[part=button]').click();
    await say(page, 'sent under a CSP');
    await poll(() => stored('ivan')).toEqual(['sent under a CSP']);
    expect(violations).toEqual([]);
  });

  it('runs a site that still loads Chatra’s snippet', async () => {
    const page = await newPage();
    await page.goto(`${preview.url}chatra.html?clientId=erin`);
    await connected('erin');
    await page.locator('[part=button]').click();
    await say(page, 'sent through the Chatra snippet');
    await poll(() => stored('erin')).toEqual(['sent through the Chatra snippet']);
  });
});
