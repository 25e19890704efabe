/**
 * The hard case of issue 4 in real Chromium: the preview server process is
 * SIGKILLed mid-conversation while the visitor keeps typing, then started
 * again; every message ends up in the conversation exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, requireBundle } from '../../runtime/test/browser/harness';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '../../dist/cli.js');
const SITE = join(HERE, 'fixtures/preview-site');

let browser: Browser;
let cache: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  requireBundle();
  cache = mkdtempSync(join(tmpdir(), 'svz-kill-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await browser?.close();
  rmSync(cache, { recursive: true, force: true });
});

/** A port free right now, so the restarted server comes back where the widget reconnects. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** `svyazio-migrate preview` as its own process, with its store under a private cache dir. */
function preview(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'preview', SITE, '--port', String(port)], {
    env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('preview: ')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}`)));
  });
}

async function say(page: Page, text: string): Promise<void> {
  await page.locator('[part=input]').fill(text);
  await page.locator('[part=input]').press('Enter');
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

it('loses and duplicates nothing when the server process is killed and restarted while the visitor types', async () => {
  const port = await freePort();
  const first = await preview(port);
  const page = await browser.newPage();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('internetdisconnected'));
  await page.goto(`http://127.0.0.1:${port}/?clientId=kill-test`);
  await page.locator('[part=button]').click();
  await say(page, 'before kill');

  const killed = new Promise((r) => first.once('exit', r));
  first.kill('SIGKILL');
  await killed;
  await say(page, 'while down 1');
  await say(page, 'while down 2');

  await preview(port);
  await say(page, 'after restart');
  // A second device of the same user has nothing local: it shows only what the server stored.
  const other = await (await browser.newContext()).newPage();
  await other.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('internetdisconnected'));
  const texts = ['before kill', 'while down 1', 'while down 2', 'after restart'];
  await expect
    .poll(
      async () => {
        await other.goto(`http://127.0.0.1:${port}/?clientId=kill-test`);
        await other.locator('[part=button]').click();
        await other.waitForTimeout(500);
        return other.locator('[part=messages]').innerText();
      },
      { timeout: 45_000, interval: 1_000 },
    )
    .toMatch(/before kill[\s\S]*while down 1[\s\S]*while down 2[\s\S]*after restart/);
  await page.reload();
  await page.locator('[part=button]').click();
  await expect.poll(() => page.locator('[part=messages]').innerText()).toMatch(/after restart/);
  for (const view of [other, page]) {
    const shown = await view.locator('[part=messages]').innerText();
    for (const text of texts) expect(count(shown, text), text).toBe(1);
  }
}, 90_000);
