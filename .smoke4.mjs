import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const src = readFileSync('runtime/bench.ts', 'utf8');
const CONFIG = eval('`' + src.match(/const CONFIG = `([\s\S]*?)`;/)[1] + '`');
const QUEUE = src.match(/const QUEUE = `([\s\S]*?)`;/)[1].replace('${QUEUED_CALLS}', '10000');
const bundle = readFileSync('dist/svyazio.js', 'utf8');
const marked = `performance.mark('svz-start');\n${bundle}\n;performance.mark('svz-end');`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const out = { empty: [], full: [] };
for (const q of ['', QUEUE, '', QUEUE, '', QUEUE, '', QUEUE]) {
  const page = await browser.newPage();
  await page.route('https://b.test/**', r => r.request().url().endsWith('.js') ? r.fulfill({ contentType: 'text/javascript', body: marked }) :
    r.fulfill({ contentType: 'text/html', body: `<!doctype html><body><script>${CONFIG}${q}</script><script src="/s.js"></script></body>` }));
  await page.goto('https://b.test/', { timeout: 120000 });
  out[q ? 'full' : 'empty'].push((await page.evaluate(() => performance.measure('x', 'svz-start', 'svz-end').duration)).toFixed(1));
  await page.close();
}
console.log(out);
await browser.close();
