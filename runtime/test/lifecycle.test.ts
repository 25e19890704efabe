// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, spyWarn, type TestWindow } from './helpers';

afterEach(() => vi.restoreAllMocks());

/** Counts live listeners on window, document and body, and pending timers. */
function instrument(w: TestWindow) {
  const live = { listeners: 0, timers: new Set<number>() };
  for (const target of [w, w.document, w.document.body] as EventTarget[]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    const seen = new Set<unknown>();
    target.addEventListener = (type: string, fn: any, o?: any) => {
      const key = type + '|' + String(typeof o === 'object' ? o.capture : o);
      if (!seen.has(fn + key)) live.listeners++;
      seen.add(fn + key);
      add(type, fn, o);
    };
    target.removeEventListener = (type: string, fn: any, o?: any) => {
      const key = type + '|' + String(typeof o === 'object' ? o.capture : o);
      if (seen.delete(fn + key)) live.listeners--;
      remove(type, fn, o);
    };
  }
  const set = w.setTimeout.bind(w);
  const clear = w.clearTimeout.bind(w);
  w.setTimeout = ((fn: () => void, ms?: number) => {
    const id = set(() => {
      live.timers.delete(id);
      fn();
    }, ms);
    live.timers.add(id);
    return id;
  }) as typeof w.setTimeout;
  w.clearTimeout = ((id: number) => {
    live.timers.delete(id);
    clear(id);
  }) as typeof w.clearTimeout;
  return live;
}

describe('restart', () => {
  it('tears down and boots again from the current config objects', () => {
    const p = page({ before: (w) => (w.ChatraSetup = { buttonPosition: 'bl', headerText: 'First' }) });
    p.api('setButtonSize', 90);
    p.win.ChatraSetup.headerText = 'Second';
    p.win.SvyazioConfig = { buttonPosition: 'rt' };
    p.api('restart');
    expect(p.doc.querySelectorAll('#svyazio')).toHaveLength(1);
    expect(p.transports).toHaveLength(2);
    expect(p.transports[0].closed).toBe(true);
    expect(p.transports[1].closed).toBe(false);
    expect(p.shadow().querySelector('.t')!.textContent).toBe('Second');
    expect(p.has('side-right') && p.has('pos-top')).toBe(true);
    expect(p.cssVar('--sz')).toBe('60px');
  });

  it('keeps the chat open across restart when the hash says so', () => {
    const p = page();
    p.api('openChat');
    p.api('restart');
    expect(p.has('expanded')).toBe(true);
  });

  it('events from the old transport are ignored after restart', () => {
    const p = page();
    const old = p.transport();
    p.api('restart');
    p.api('openChat');
    old.events!.message({ id: 'z', text: 'stale', createdAt: 1, type: 'agent' });
    p.transport().events!.message({ id: 'y', text: 'fresh', createdAt: 2, type: 'agent' });
    expect(p.bubbles()).toEqual([['agent', 'fresh']]);
  });

  it('fifty restarts leave exactly the listeners and timers of one widget', () => {
    let live!: ReturnType<typeof instrument>;
    const p = page({ manual: true, before: (w) => (live = instrument(w)) });
    const before = { listeners: live.listeners, timers: live.timers.size, nodes: p.doc.getElementsByTagName('*').length };
    p.boot();
    const one = { listeners: live.listeners, timers: live.timers.size, nodes: p.doc.getElementsByTagName('*').length };
    for (let i = 0; i < 50; i++) p.api('restart');
    expect({ listeners: live.listeners, timers: live.timers.size, nodes: p.doc.getElementsByTagName('*').length }).toEqual(one);
    p.api('kill');
    expect({ listeners: live.listeners, timers: live.timers.size, nodes: p.doc.getElementsByTagName('*').length }).toEqual(before);
  });
});

describe('kill', () => {
  it('removes all DOM, body classes and closes the transport', () => {
    const p = page({ mobile: true, html: '<button id="b">?</button>', before: (w) => (w.ChatraSetup = { customWidgetButton: '#b' }) });
    p.api('openChat');
    p.api('kill');
    expect(p.host()).toBeNull();
    expect(p.doc.body.className).toBe('');
    expect(p.transport().closed).toBe(true);
    p.doc.getElementById('b')!.click();
    p.win.dispatchEvent(new p.win.HashChangeEvent('hashchange'));
    expect(p.host()).toBeNull();
  });

  it('kill with the chat open takes the open-chat hash it added out of the URL at once', () => {
    const p = page();
    p.api('openChat');
    expect(p.win.location.hash).toBe('#svyazioChatExpanded');
    p.api('kill');
    // At once: a reload right after the kill must not find it.
    expect(p.win.location.href).toBe('https://shop.example/catalog');
  });

  it('after kill every call warns and does nothing, restart included', () => {
    const warn = spyWarn();
    const p = page();
    p.api('kill');
    p.api('openChat');
    p.api('restart');
    p.win.Chatra.show();
    expect(p.host()).toBeNull();
    expect(p.transports).toHaveLength(1);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('openChat: the widget was killed'),
      expect.stringContaining('restart: the widget was killed'),
      expect.stringContaining('show: the widget was killed'),
    ]);
    expect(p.win.Svyazio._chatExpanded).toBe(false);
  });

  it('kill before a deferred boot cancels it', async () => {
    const p = page({ before: (w) => (w.ChatraSetup = { deferredLoading: true }) });
    p.api('kill');
    await new Promise((r) => p.win.addEventListener('load', r));
    expect(p.host()).toBeNull();
    expect(p.transports).toHaveLength(0);
  });
});

describe('loading before <body> exists', () => {
  it('waits for DOMContentLoaded', async () => {
    const { JSDOM } = await import('jsdom');
    const { install } = await import('../boot');
    const { memoryStore } = await import('../storage');
    const { fakeTransport } = await import('./helpers');
    const dom = new JSDOM('', { url: 'https://shop.example/', runScripts: 'outside-only' });
    const w = dom.window as unknown as TestWindow;
    w.document.documentElement.replaceChildren(w.document.createElement('head'));
    Object.defineProperty(w.document, 'readyState', { value: 'loading', configurable: true });
    const api = install(w, { transport: () => fakeTransport(), storage: memoryStore(), isMobile: () => false });
    api('openChat');
    expect(w.document.getElementById('svyazio')).toBeNull();
    w.document.documentElement.append(w.document.createElement('body'));
    w.document.dispatchEvent(new w.Event('DOMContentLoaded'));
    expect(w.document.getElementById('svyazio')!.classList.contains('svyazio--expanded')).toBe(true);
  });
});

describe('failures inside the widget', () => {
  it('a boot that fails part-way warns and leaves nothing behind', async () => {
    const warn = spyWarn();
    const { JSDOM } = await import('jsdom');
    const { install } = await import('../boot');
    const { memoryStore } = await import('../storage');
    const w = new JSDOM('<body></body>', { url: 'https://shop.example/' }).window as unknown as TestWindow;
    const closed: boolean[] = [];
    const api = install(w, {
      storage: memoryStore(),
      isMobile: () => false,
      transport: () => ({
        ...fakeTransportThatFailsOnConnect(),
        close: () => void closed.push(true),
      }),
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('failed to start: backend exploded'));
    expect(w.document.getElementById('svyazio')).toBeNull();
    expect(closed).toEqual([true]);
    expect(() => api('openChat')).not.toThrow();
  });

  it('a malformed backend event is reported, not thrown', () => {
    const warn = spyWarn();
    const p = page();
    expect(() => p.transport().events!.welcome(null as never, true)).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('failed to handle a backend event'));
    p.api('openChat');
    p.transport().events!.message({ id: 'ok', text: 'still works', createdAt: 1, type: 'agent' });
    expect(p.bubbles()).toEqual([['agent', 'still works']]);
  });
});

function fakeTransportThatFailsOnConnect() {
  const noop = () => {};
  return {
    connect: () => {
      throw new Error('backend exploded');
    },
    sendMessage: noop,
    setIntegration: noop,
    pageView: noop,
    setGroup: noop,
    analytic: noop,
  };
}

describe('visitor id', () => {
  it('persists per org: the same org keeps it, another org on the same origin gets its own', async () => {
    const { memoryStore } = await import('../storage');
    const storage = memoryStore();
    const first = page({ storage, before: (w) => (w.ChatraID = 'org-a') });
    const again = page({ storage, before: (w) => (w.SvyazioConfig = { orgId: 'org-a' }) });
    const other = page({ storage, before: (w) => (w.SvyazioConfig = { orgId: 'org-b' }) });
    const id = first.transport().hello!.visitorId;
    expect(id).toMatch(/\w{8,}/);
    expect(again.transport().hello!.visitorId).toBe(id);
    expect(other.transport().hello!.visitorId).not.toBe(id);
  });
});
