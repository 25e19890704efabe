// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, spyWarn, tick, until } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('mode frame + injectTo', () => {
  it.each([
    ['an element id', 'chat-box'],
    ['an id with #', '#chat-box'],
  ])('embeds the chat inline in the element named by %s, with no launcher', (_, injectTo) => {
    const p = page({ html: '<section id="chat-box"></section>', before: (w) => (w.ChatraSetup = { mode: 'frame', injectTo }) });
    const box = p.doc.getElementById('chat-box')!;
    expect(p.host()!.parentElement).toBe(box);
    expect(p.part('button').hidden).toBe(true);
    expect(p.part('window').hidden).toBe(false);
    expect(p.shadow().querySelector('.r')!.classList.contains('f')).toBe(true);
    expect(p.host()!.style.position).toBe('static');
    expect((p.part('header').querySelector('button') as HTMLElement).hidden).toBe(true);
    p.api('minimizeWidget');
    expect(p.part('window').hidden).toBe(false);
  });

  it('accepts an element or a collection', () => {
    const el = page({ html: '<div class="c"></div>', before: (w) => (w.ChatraSetup = { mode: 'frame', injectTo: w.document.querySelector('.c') }) });
    expect(el.host()!.parentElement!.className).toBe('c');
    const coll = page({ html: '<div class="c"></div>', before: (w) => (w.ChatraSetup = { mode: 'frame', injectTo: w.document.getElementsByClassName('c') }) });
    expect(coll.host()!.parentElement!.className).toBe('c');
  });

  it('waits for the page to be parsed when the element is not there yet', async () => {
    const p = page({ before: (w) => (w.ChatraSetup = { mode: 'frame', injectTo: 'later' }) });
    expect(p.doc.readyState).toBe('loading');
    expect(p.host()).toBeNull();
    p.doc.body.append(Object.assign(p.doc.createElement('div'), { id: 'later' }));
    await until(() => p.host() !== null);
    expect(p.host()!.parentElement!.id).toBe('later');
  });

  it('warns and falls back to the floating widget when the element is missing from the parsed page', async () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.ChatraSetup = { mode: 'frame', injectTo: 'nope' }) });
    await until(() => p.host() !== null);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('mode "frame" needs injectTo'));
    expect(p.host()!.parentElement).toBe(p.doc.body);
    expect(p.part('button').hidden).toBe(false);
  });
});

describe('customWidgetButton', () => {
  it('hides the default button; the site element opens the chat, even when added later', () => {
    const p = page({ html: '<button id="my-chat-btn">Contact</button>', before: (w) => (w.SvyazioConfig = { customWidgetButton: '#my-chat-btn' }) });
    expect(p.part('button').hidden).toBe(true);
    p.doc.getElementById('my-chat-btn')!.click();
    expect(p.has('expanded')).toBe(true);
    p.api('minimizeWidget');
    const late = p.doc.createElement('button');
    late.className = 'later';
    late.innerHTML = '<span>inner</span>';
    late.id = 'my-chat-btn';
    p.doc.getElementById('my-chat-btn')!.remove();
    p.doc.body.append(late);
    (late.firstChild as HTMLElement).click();
    expect(p.has('expanded')).toBe(true);
  });

  it('a custom button that is a link to "#" opens the chat and stays open', async () => {
    const p = page({ html: '<a href="#" class="open-chat">Chat</a>', before: (w) => (w.ChatraSetup = { customWidgetButton: '.open-chat' }) });
    p.doc.querySelector('a')!.click();
    await tick(10);
    expect(p.has('expanded')).toBe(true);
    expect(p.win.location.hash).toBe('#chatraChatExpanded');
  });

  it('an invalid selector is reported at boot, naming the setting, and the default launcher stays', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.SvyazioConfig = { customWidgetButton: '###' }) });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('customWidgetButton: "###" is not a valid CSS selector'));
    expect(p.part('button').hidden).toBe(false);
    p.doc.body.click();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('Escape returns focus to the site element that opened the chat', () => {
    const p = page({ html: '<button class="help">?</button>', before: (w) => (w.ChatraSetup = { customWidgetButton: '.help' }) });
    const btn = p.doc.querySelector('.help') as HTMLElement;
    btn.click();
    p.key(p.part('input'), 'Escape');
    expect(p.doc.activeElement).toBe(btn);
  });

  it('warns once about an invalid selector', () => {
    const warn = spyWarn();
    const p = page({ html: '<p>x</p>', before: (w) => (w.ChatraSetup = { customWidgetButton: '##' }) });
    p.doc.querySelector('p')!.click();
    p.doc.querySelector('p')!.click();
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('customWidgetButton'))).toHaveLength(1);
  });
});

describe('visibility settings', () => {
  it('startHidden hides the widget until show', () => {
    const events: string[] = [];
    const p = page({ before: (w) => (w.SvyazioConfig = { startHidden: true, onAnalyticEvent: (e: string) => events.push(e) }) });
    expect(p.has('visible')).toBe(false);
    expect(events).toEqual([]);
    p.api('show');
    expect(p.has('visible')).toBe(true);
    expect(events).toEqual(['widgetShown']);
  });

  it('mobileOnly shows the widget on mobile only', () => {
    expect(page({ mobile: false, before: (w) => (w.ChatraSetup = { mobileOnly: true }) }).has('visible')).toBe(false);
    expect(page({ mobile: true, before: (w) => (w.ChatraSetup = { mobileOnly: true }) }).has('visible')).toBe(true);
  });

  it('disabledOnMobile keeps the widget off on mobile, even for openChat and show', () => {
    const p = page({ mobile: true, before: (w) => (w.ChatraSetup = { disabledOnMobile: true }) });
    p.api('show');
    p.api('openChat');
    expect(p.has('visible') || p.has('expanded')).toBe(false);
    expect(page({ mobile: false, before: (w) => (w.ChatraSetup = { disabledOnMobile: true }) }).has('visible')).toBe(true);
  });

  it('mobile: full-screen class on the host, body class while open, launcher hidden while open', () => {
    const p = page({ mobile: true });
    expect(p.has('mobile-widget')).toBe(true);
    expect(p.doc.body.classList.contains('svyazio-mobile-widget-expanded')).toBe(false);
    p.api('openChat');
    expect(p.doc.body.classList.contains('svyazio-mobile-widget-expanded')).toBe(true);
    expect(p.part('button').hidden).toBe(true);
    p.api('minimizeWidget');
    expect(p.doc.body.classList.contains('svyazio-mobile-widget-expanded')).toBe(false);
    expect(page().has('mobile-widget')).toBe(false);
  });
});

describe('deferredLoading', () => {
  it('boots after the load event, replaying calls made before it', async () => {
    const p = page({ before: (w) => (w.ChatraSetup = { deferredLoading: true }) });
    expect(p.doc.readyState).not.toBe('complete');
    expect(p.host()).toBeNull();
    p.api('openChat');
    expect(p.win.Svyazio._chatExpanded).toBe(false);
    await new Promise((r) => p.win.addEventListener('load', r));
    await tick();
    expect(p.host()).not.toBeNull();
    expect(p.has('expanded')).toBe(true);
  });

  it('boots at once when the page has already loaded', async () => {
    const p = page({ manual: true, before: (w) => (w.ChatraSetup = { deferredLoading: true }) });
    await new Promise((r) => p.win.addEventListener('load', r));
    p.boot();
    expect(p.host()).not.toBeNull();
  });
});

describe('analytics integrations', () => {
  it('sends events to gtag, with gaTrackingId as send_to', () => {
    const gtag = vi.fn();
    const p = page({ before: (w) => ((w.gtag = gtag), (w.ChatraSetup = { gaTrackingId: 'G-1' })) });
    p.api('openChat');
    expect(gtag).toHaveBeenCalledWith('event', 'chatOpened', { event_category: 'Svyazio', send_to: 'G-1' });
  });

  it('falls back to analytics.js ga, through a named tracker', () => {
    const ga = vi.fn();
    const p = page({ before: (w) => ((w.ga = ga), (w.ChatraSetup = { gaTrackerName: 'shop' })) });
    p.api('openChat');
    expect(ga).toHaveBeenCalledWith('shop.send', 'event', 'Svyazio', 'chatOpened');
  });

  it('sends reachGoal to Yandex.Metrica with yaCounterId', () => {
    const ym = vi.fn();
    const p = page({ before: (w) => ((w.ym = ym), (w.ChatraSetup = { yaCounterId: '123' })) });
    p.api('openChat');
    expect(ym).toHaveBeenCalledWith(123, 'reachGoal', 'chatOpened');
  });

  it('disableGaTracking and disableYaTracking switch them off', () => {
    const gtag = vi.fn();
    const ym = vi.fn();
    const p = page({ before: (w) => ((w.gtag = gtag), (w.ym = ym), (w.ChatraSetup = { yaCounterId: '1', disableGaTracking: true, disableYaTracking: true })) });
    p.api('openChat');
    expect(gtag).not.toHaveBeenCalled();
    expect(ym).not.toHaveBeenCalled();
  });

  it("leaves Google Analytics to a site's own onAnalyticEvent unless gaTrackingId asks for it", () => {
    const sent: unknown[][] = [];
    const gtag = (...args: unknown[]) => sent.push(args);
    const onAnalyticEvent = (name: string) => gtag('event', name, { event_category: 'Live Chat' });
    const p = page({ before: (w) => ((w.gtag = gtag), (w.SvyazioConfig = { onAnalyticEvent })) });
    p.api('openChat');
    expect(sent.filter((a) => a[1] === 'chatOpened')).toEqual([['event', 'chatOpened', { event_category: 'Live Chat' }]]);

    sent.length = 0;
    page({ before: (w) => ((w.gtag = gtag), (w.SvyazioConfig = { onAnalyticEvent, gaTrackingId: 'G-1' })) }).api('openChat');
    expect(sent.filter((a) => a[1] === 'chatOpened')).toHaveLength(2);
  });

  it('forwards to gtag on its own when the page has no onAnalyticEvent', () => {
    const gtag = vi.fn();
    page({ before: (w) => (w.gtag = gtag) }).api('openChat');
    expect(gtag).toHaveBeenCalledWith('event', 'chatOpened', { event_category: 'Svyazio' });
  });

  it('every event also goes to the transport', () => {
    const p = page();
    p.api('openChat');
    p.api('minimizeWidget');
    expect(p.transport().calls.filter((c) => c[0] === 'analytic').map((c) => c[1])).toEqual(['widgetShown', 'chatOpened', 'chatClosed']);
  });
});
