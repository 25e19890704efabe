import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { launchBrowser, requireBundle, startServer } from '../harness';
it('x', async () => {
  const server = await startServer({ root: '/tmp', files: { '/s.js': readFileSync(requireBundle(), 'utf8'), '/p.html': `<!doctype html><html><head><script>window.SvyazioConfig={orgId:'b', socketUrl:'ws://127.0.0.1:1/x'}</script></head><body><script src="/s.js"></script></body></html>` } });
  const b = await launchBrowser();
  const ctx = await b.newContext();
  const p = await ctx.newPage();
  let logs = 0; p.on('console', () => logs++);
  const cdp = await ctx.newCDPSession(p);
  await p.goto(server.origin + '/p.html');
  await p.waitForTimeout(300);
  const count = async (proto: string) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { result } = await cdp.send('Runtime.evaluate', { expression: proto });
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId! });
    const { result: len } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId!, functionDeclaration: 'function(){return this.length}', returnByValue: true });
    return len.value;
  };
  const snap = async (label: string) => {
    const r: Record<string, number> = {};
    for (const k of ['WebSocket', 'ShadowRoot', 'HTMLDivElement', 'HTMLButtonElement', 'CSSStyleSheet', 'Object', 'Array', 'Function', 'Map', 'Set', 'HTMLTextAreaElement']) r[k] = await count(k + '.prototype');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    console.log(label, JSON.stringify(r), Math.round(usedSize / 1024), 'console msgs', logs);
  };
  await snap('booted');
  await p.evaluate(() => { for (let i = 0; i < 300; i++) (window as any).Svyazio('restart'); });
  await p.waitForTimeout(100);
  await snap('after 300');
  await p.evaluate(() => (window as any).Svyazio('kill'));
  await p.waitForTimeout(100);
  await snap('killed');
  await b.close(); await server.close();
});
