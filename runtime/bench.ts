/**
 * Runtime benchmark (`npm run bench`, built to dist/bench/runtime.js): the
 * bundle's size, and in real Chromium the time from script execution to a
 * painted launcher, the replay of 10,000 queued calls, and what 1,000 restarts
 * and a kill leave behind. Prints figures against their targets; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from './protocol';
import { fakeBackend, launchBrowser, requireBundle, startServer, type StaticServer } from './test/browser/harness';

const TARGETS = { gzipBytes: 16 * 1024, replayMs: 50 };
const QUEUED_CALLS = 10_000;
const RESTARTS = 1_000;
const RUNS = 7;

const bundle = readFileSync(requireBundle(), 'utf8');
// Marks around the bundle's evaluation; everything it does synchronously falls between them.
const marked = `performance.mark('svz-start');\n${bundle}\n;performance.mark('svz-end');`;

const CONFIG = `window.SvyazioConfig = { orgId: 'bench', buttonPosition: 'br', language: 'en' };
window.Svyazio = window.Svyazio || function () { (window.Svyazio.q = window.Svyazio.q || []).push(arguments); };`;

/** A mix of calls that change state and reach the backend, none that navigates. */
const QUEUE = `(function () {
  var calls = [
    function (i) { Svyazio('setButtonSize', 40 + (i % 60)); },
    function (i) { Svyazio('setColors', { buttonBg: i % 2 ? '#123456' : '#654321' }); },
    function (i) { Svyazio('setZIndex', 1000 + i); },
    function (i) { Svyazio('updateIntegrationData', { step: i }); },
    function () { Svyazio('hide'); },
    function () { Svyazio('show'); },
    function (i) { Svyazio('setButtonPosition', i % 2 ? 'bl' : 'br'); },
    function (i) { Svyazio('setLocale', i % 2 ? 'en' : 'ru'); },
    function (i) { Svyazio('setChatWidth', 300 + (i % 100)); },
    function (i) { Svyazio('sendAutoMessage', 'note ' + i); }
  ];
  for (var i = 0; i < ${QUEUED_CALLS}; i++) calls[i % calls.length](i);
})();`;

const page = (head: string, body = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><script>${head}</script></head><body><h1>bench</h1>${body}</body></html>`;

const FILES: Record<string, string> = {
  '/svyazio.js': marked,
  '/plain.html': page(CONFIG, '<script src="/svyazio.js"></script>'),
  '/full-queue.html': page(CONFIG + QUEUE, '<script src="/svyazio.js"></script>'),
  '/lifecycle.html': page(CONFIG),
};

/**
 * Records when the launcher is first painted: the first animation frame in
 * which it has a box is painted at the end of that frame, so the next frame's
 * start is the time it is on screen.
 */
const PAINT_PROBE = `(() => {
  const laidOut = () => {
    const host = document.getElementById('svyazio');
    const button = host && host.shadowRoot && host.shadowRoot.querySelector('[part=button]');
    if (!button) return false;
    const r = button.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(host).display !== 'none';
  };
  const frame = () => requestAnimationFrame(() => {
    if (laidOut()) requestAnimationFrame(() => performance.mark('svz-painted'));
    else frame();
  });
  frame();
})();`;

/**
 * Counts what the widget could leak: DOM nodes (shadow roots included), and the
 * listeners, pending timers and observers that code in svyazio.js registered
 * (Playwright registers some of its own in the page).
 */
const LEAK_PROBE = `(() => {
  const fromWidget = () => /\\/svyazio\\.js/.test(new Error().stack);
  const registered = new WeakMap();
  const targets = new Set();
  const key = (type, options) => type + '|' + (typeof options === 'boolean' ? options : !!(options && options.capture));
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (fn && fromWidget()) {
      let byFn = registered.get(this);
      if (!byFn) {
        registered.set(this, (byFn = new Map()));
        targets.add(new WeakRef(this));
      }
      let keys = byFn.get(fn);
      if (!keys) byFn.set(fn, (keys = new Set()));
      const k = key(type, options);
      keys.add(k);
    }
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    const keys = fn && registered.get(this) && registered.get(this).get(fn);
    if (keys) keys.delete(key(type, options));
    return remove.call(this, type, fn, options);
  };
  const timers = new Set();
  const wrapTimer = (name, clearName, once) => {
    const set = window[name];
    const clear = window[clearName];
    window[name] = function (fn, ms, ...args) {
      const id = set.call(window, function () {
        if (once) timers.delete(id);
        return typeof fn === 'function' ? fn.apply(this, args) : undefined;
      }, ms);
      if (fromWidget()) timers.add(id);
      return id;
    };
    window[clearName] = function (id) { timers.delete(id); return clear.call(window, id); };
  };
  wrapTimer('setTimeout', 'clearTimeout', true);
  wrapTimer('setInterval', 'clearInterval', false);
  const observing = new Set();
  for (const name of ['MutationObserver', 'ResizeObserver', 'IntersectionObserver']) {
    const proto = window[name] && window[name].prototype;
    if (!proto) continue;
    const observe = proto.observe;
    const disconnect = proto.disconnect;
    proto.observe = function (...args) { if (fromWidget()) observing.add(this); return observe.apply(this, args); };
    proto.disconnect = function () { observing.delete(this); return disconnect.call(this); };
  }
  const nodes = (root) => {
    let n = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) {
      if (el.tagName === 'SCRIPT') continue;
      n++;
      if (el.shadowRoot) n += nodes(el.shadowRoot);
    }
    return n;
  };
  // Listeners on a closed socket or a detached node die with it: count only targets still in use.
  const inUse = (t) => (t instanceof Node ? t.isConnected || t === document : t instanceof WebSocket ? t.readyState < 2 : true);
  const listenerCounts = () => {
    const byType = new Map();
    let total = 0;
    for (const ref of targets) {
      const t = ref.deref();
      if (!t) { targets.delete(ref); continue; }
      if (!inUse(t)) continue;
      for (const keys of registered.get(t).values()) for (const k of keys) {
        const type = k.split('|')[0];
        byType.set(type, (byType.get(type) || 0) + 1);
        total++;
      }
    }
    return { listeners: total, live: [...byType].map(([type, n]) => type + ' ' + n).join(', ') };
  };
  window.__leakProbe = () => ({ nodes: nodes(document), ...listenerCounts(), timers: timers.size, observers: observing.size });
})();`;

interface Counts {
  nodes: number;
  listeners: number;
  /** Live listeners by event type. */
  live: string;
  timers: number;
  observers: number;
  sockets: number;
  heapKB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ratio = (value: number, target: number) => `${((value / target) * 100).toFixed(0)}% of target`;

async function measure(browser: Browser, server: StaticServer, path: string, initScript: string | null, read: (p: Page) => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await fakeBackend(p);
    if (initScript) await p.addInitScript(initScript);
    await p.goto(server.origin + path);
    results.push(await read(p));
    await context.close();
  }
  return results;
}

const between = (from: string, to: string) => (p: Page) =>
  p.evaluate(
    async ([a, b]) => {
      const deadline = performance.now() + 10_000;
      while (performance.getEntriesByName(b).length === 0) {
        if (performance.now() > deadline) throw new Error(`no '${b}' mark within 10 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.getEntriesByName(b)[0].startTime - performance.getEntriesByName(a)[0].startTime;
    },
    [from, to],
  );

/**
 * A real WebSocket backend for the lifecycle run: Playwright's routed sockets
 * live in the page too, and would blur the heap figures.
 */
async function socketBackend(): Promise<{ url: string; open(): number; close(): void }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((done) => wss.once('listening', done));
  wss.on('connection', (ws) => {
    const reply = (frame: ServerFrame) => ws.send(JSON.stringify(frame));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ClientFrame;
      if (frame.t === 'hello') reply({ t: 'welcome', v: PROTOCOL_VERSION, visitorId: 'v-bench', history: [], agentsOnline: true });
      else if (frame.t === 'ping') reply({ t: 'pong' });
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/widget/ws`,
    open: () => [...wss.clients].filter((c) => c.readyState === c.OPEN).length,
    close: () => wss.close(),
  };
}

async function lifecycle(browser: Browser, server: StaticServer): Promise<{ rows: [string, Counts][]; restartMs: number }> {
  const backend = await socketBackend();
  const context = await browser.newContext();
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await p.addInitScript(LEAK_PROBE);
  await p.goto(server.origin + '/lifecycle.html');
  await p.evaluate((url) => Object.assign((window as unknown as { SvyazioConfig: object }).SvyazioConfig, { socketUrl: url }), backend.url);
  const counts = async (): Promise<Counts> => {
    await p.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const page = await p.evaluate(() => (window as unknown as { __leakProbe(): Omit<Counts, 'sockets' | 'heapKB'> }).__leakProbe());
    return { ...page, sockets: backend.open(), heapKB: Math.round(usedSize / 1024) };
  };
  const rows: [string, Counts][] = [['before boot', await counts()]];
  await p.addScriptTag({ url: '/svyazio.js' });
  // Not a locator: those install Playwright's own listeners and observer in the page.
  await p.waitForFunction(() => document.getElementById('svyazio')?.shadowRoot?.querySelector('[part=button]'));
  rows.push(['booted', await counts()]);
  const restartMs = await p.evaluate((n) => {
    const t0 = performance.now();
    const api = (window as unknown as { Svyazio(method: string): void }).Svyazio;
    for (let i = 0; i < n; i++) api('restart');
    return performance.now() - t0;
  }, RESTARTS);
  rows.push([`after ${RESTARTS} restarts`, await counts()]);
  await p.evaluate(() => (window as unknown as { Svyazio(method: string): void }).Svyazio('kill'));
  rows.push(['after kill', await counts()]);
  await context.close();
  backend.close();
  return { rows, restartMs };
}

async function main(): Promise<void> {
  const gzip = gzipSync(bundle, { level: 9 }).length;
  console.log('svyazio.js bundle');
  console.log(`  raw   ${(bundle.length / 1024).toFixed(1)} KB`);
  console.log(`  gzip  ${(gzip / 1024).toFixed(1)} KB  (target ≤ ${TARGETS.gzipBytes / 1024} KB: ${ratio(gzip, TARGETS.gzipBytes)})`);

  const server = await startServer({ root: process.cwd(), files: FILES });
  const browser = await launchBrowser();
  try {
    const paint = await measure(browser, server, '/plain.html', PAINT_PROBE, between('svz-start', 'svz-painted'));
    console.log(`\nscript execution → launcher painted (median of ${RUNS})`);
    console.log(`  ${ms(median(paint))}  (runs: ${paint.map((x) => x.toFixed(0)).join(', ')} ms; frame-granular)`);

    const empty = await measure(browser, server, '/plain.html', null, between('svz-start', 'svz-end'));
    const full = await measure(browser, server, '/full-queue.html', null, between('svz-start', 'svz-end'));
    const replay = median(full) - median(empty);
    console.log(`\nreplay of ${QUEUED_CALLS.toLocaleString('en')} queued calls (script evaluation with the queue minus without, median of ${RUNS})`);
    console.log(`  ${ms(replay)}  (target ≤ ${TARGETS.replayMs} ms: ${ratio(replay, TARGETS.replayMs)}); with queue ${ms(median(full))}, empty ${ms(median(empty))}`);

    const { rows, restartMs } = await lifecycle(browser, server);
    console.log(`\n${RESTARTS.toLocaleString('en')} restarts then kill (${ms(restartMs)} for the restarts, ${ms(restartMs / RESTARTS)} each)`);
    console.log('  ' + ['', 'nodes', 'listeners', 'timers', 'observers', 'sockets', 'heap KB'].map((h, i) => (i ? h.padStart(10) : h.padEnd(22))).join(''));
    for (const [label, c] of rows) {
      const cells = [c.nodes, c.listeners, c.timers, c.observers, c.sockets, c.heapKB].map((v) => String(v).padStart(10));
      console.log('  ' + label.padEnd(22) + cells.join(''));
    }
    const [before, , , after] = rows.map(([, c]) => c);
    const leaked = (['nodes', 'listeners', 'timers', 'observers', 'sockets'] as const).filter((k) => after[k] !== before[k]);
    console.log(leaked.length ? `  NOT back to the pre-boot counts: ${leaked.join(', ')}` : '  all counts back to their pre-boot values');
    if (leaked.includes('listeners')) console.log(`  listeners left: ${after.live}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
