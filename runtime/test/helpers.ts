/** Boots the widget in a fresh jsdom page per test, with an in-memory transport that records every call. */
import { JSDOM } from 'jsdom';
import { vi } from 'vitest';
import { install } from '../boot';
import { memoryStore, type Store } from '../storage';
import type { ChatMessage, HelloInfo, Transport, TransportEvents } from '../transport';
import type { TransportOptions } from '../transport-default';

export interface FakeTransport extends Transport {
  calls: Array<[string, ...unknown[]]>;
  hello?: HelloInfo;
  events?: TransportEvents;
  options?: TransportOptions;
  closed: boolean;
}

export function fakeTransport(history: ChatMessage[] = [], online = true): FakeTransport {
  const t: FakeTransport = {
    calls: [],
    closed: false,
    connect(hello, events) {
      t.hello = hello;
      t.events = events;
      events.welcome(history, online);
    },
    sendMessage: (msg) => void t.calls.push(['sendMessage', msg]),
    setIntegration: (data, mode) => void t.calls.push(['setIntegration', data, mode]),
    pageView: (p) => void t.calls.push(['pageView', p]),
    setGroup: (id) => void t.calls.push(['setGroup', id]),
    analytic: (e) => void t.calls.push(['analytic', e]),
    close: () => void (t.closed = true),
  };
  return t;
}

export interface PageOptions {
  html?: string;
  url?: string;
  mobile?: boolean;
  /** Runs before the script: set config globals, stubs, queues. */
  before?: (win: TestWindow) => void;
  /** Don't install; the test calls `boot()` itself. */
  manual?: boolean;
  history?: ChatMessage[];
  online?: boolean;
  storage?: Store;
}

export type TestWindow = Window & typeof globalThis & Record<string, any>;

export function page(opts: PageOptions = {}) {
  const dom = new JSDOM(`<!doctype html><html><head></head><body>${opts.html ?? ''}</body></html>`, {
    url: opts.url ?? 'https://shop.example/catalog',
    pretendToBeVisual: true,
  });
  const win = dom.window as unknown as TestWindow;
  const doc = win.document;
  const transports: FakeTransport[] = [];
  const storage = opts.storage ?? memoryStore();
  const boot = () =>
    install(win, {
      transport: (options) => {
        const t = fakeTransport(opts.history, opts.online ?? true);
        t.options = options;
        transports.push(t);
        return t;
      },
      storage,
      isMobile: () => opts.mobile ?? false,
      scriptOrigin: 'https://app.svyazio.ru',
    });
  opts.before?.(win);
  if (!opts.manual) boot();
  const host = () => doc.getElementById('svyazio');
  const shadow = () => host()!.shadowRoot!;
  const part = (name: string) => shadow().querySelector(`[part="${name}"]`) as HTMLElement;
  return {
    win,
    doc,
    boot,
    transports,
    /** The transport of the widget booted last. */
    transport: () => transports[transports.length - 1],
    api: (...args: unknown[]) => win.Svyazio(...args),
    host,
    shadow,
    part,
    classes: () => [...host()!.classList],
    has: (cls: string) => host()!.classList.contains('svyazio--' + cls),
    bubbles: () => [...shadow().querySelectorAll('.q')].map((b) => [b.className.replace('q ', ''), b.textContent]),
    cssVar: (name: string) => host()!.style.getPropertyValue(name),
    key: (target: Element, key: string, init: KeyboardEventInit = {}) =>
      target.dispatchEvent(new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })),
    close: () => win.close(),
  };
}

export function spyWarn() {
  return vi.spyOn(console, 'warn').mockImplementation(() => {});
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits for something jsdom does asynchronously (history traversal, load); fails after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await tick(5);
  }
}
