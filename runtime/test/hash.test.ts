// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, tick, until } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('hash', () => {
  it.each(['#svyazioChatExpanded', '#chatraChatExpanded'])('%s in the URL opens the chat on load', (hash) => {
    const p = page({ url: 'https://shop.example/' + hash });
    expect(p.has('expanded')).toBe(true);
    expect(p.win.history.length).toBe(1);
  });

  it('setting the hash later opens the chat', async () => {
    const p = page();
    p.win.location.hash = '#chatraChatExpanded';
    await until(() => p.has('expanded'));
    expect(p.has('expanded')).toBe(true);
  });

  it.each(['#svyazioChatExpanded', '#chatraChatExpanded', '/catalog#chatraChatExpanded'])('a clicked link to %s opens the chat', (href) => {
    const p = page({ html: `<a href="${href}">Contact us</a>` });
    const link = p.doc.querySelector('a')!;
    link.click();
    expect(p.has('expanded')).toBe(true);
    expect(p.win.location.hash).toBe('#svyazioChatExpanded');
    expect(p.shadow().activeElement).toBe(p.part('input'));
  });

  it('a literal #hash link is same-page even under <base href="/">', () => {
    const p = page({ url: 'https://shop.example/products/item.html', html: '<base href="/"><a href="#svyazioChatExpanded">Contact us</a>' });
    const link = p.doc.querySelector('a')!;
    expect(link.pathname).toBe('/');
    let prevented = false;
    p.doc.addEventListener('click', (e) => (prevented = e.defaultPrevented));
    link.click();
    expect(p.has('expanded')).toBe(true);
    expect(prevented).toBe(true);
    expect(p.win.location.pathname).toBe('/products/item.html');
  });

  it("ignores links to another site's hash", () => {
    const p = page({ html: '<a href="https://other.example/#chatraChatExpanded">x</a>' });
    const link = p.doc.querySelector('a')!;
    link.addEventListener('click', (e) => e.preventDefault());
    link.click();
    expect(p.has('expanded')).toBe(false);
  });

  it('a page that speaks only Chatra gets Chatra\'s hash back when the chat opens', async () => {
    const chatra = page({ before: (w) => ((w.ChatraID = 'abc'), (w.ChatraSetup = { buttonStyle: 'tab' })) });
    chatra.api('openChat');
    expect(chatra.win.location.hash).toBe('#chatraChatExpanded');
    chatra.win.history.back();
    await until(() => !chatra.has('expanded'));
    const mixed = page({ before: (w) => ((w.ChatraID = 'abc'), (w.SvyazioSetup = {})) });
    mixed.api('openChat');
    expect(mixed.win.location.hash).toBe('#svyazioChatExpanded');
  });

  it('opening pushes the hash; Back closes the chat', async () => {
    const p = page();
    p.api('openChat');
    expect(p.win.location.hash).toBe('#svyazioChatExpanded');
    expect(p.win.history.length).toBe(2);
    p.win.history.back();
    await until(() => p.win.location.hash === '');
    expect(p.win.location.hash).toBe('');
    expect(p.has('expanded')).toBe(false);
  });

  it('closing goes back over the pushed entry', async () => {
    const p = page();
    p.api('openChat');
    p.api('minimizeWidget');
    await until(() => p.win.location.hash === '');
    expect(p.win.location.hash).toBe('');
    expect(p.has('expanded')).toBe(false);
  });

  it('closing after the site pushed its own route with the hash strips it there instead of going Back', async () => {
    const p = page();
    p.api('openChat');
    p.win.history.pushState({}, '', '/route3#svyazioChatExpanded');
    p.api('closeChat');
    await tick(30);
    expect(p.win.location.href).toBe('https://shop.example/route3');
    expect(p.has('expanded')).toBe(false);
  });

  it('closing a chat opened from the URL strips the hash without leaving the page', () => {
    const p = page({ url: 'https://shop.example/p?x=1#svyazioChatExpanded' });
    p.api('minimizeWidget');
    expect(p.win.location.href).toBe('https://shop.example/p?x=1');
    expect(p.has('expanded')).toBe(false);
  });

  it('disableChatOpenHash turns hash control off', async () => {
    const p = page({ url: 'https://shop.example/#svyazioChatExpanded', html: '<a href="#chatraChatExpanded">x</a>', before: (w) => (w.ChatraSetup = { disableChatOpenHash: true }) });
    expect(p.has('expanded')).toBe(false);
    p.api('openChat');
    expect(p.win.history.length).toBe(1);
    p.api('minimizeWidget');
    expect(p.win.location.hash).toBe('#svyazioChatExpanded');
    p.win.location.hash = '';
    p.doc.querySelector('a')!.click();
    await until(() => p.win.location.hash === '#chatraChatExpanded');
    await tick(10);
    expect(p.has('expanded')).toBe(false);
  });
});

describe('history that refuses changes', () => {
  it('still opens and closes the chat', () => {
    const events: string[] = [];
    const p = page({ before: (w) => (w.SvyazioConfig = { onAnalyticEvent: (e: string) => events.push(e) }) });
    p.win.history.pushState = () => {
      throw new Error('SecurityError');
    };
    p.api('openChat');
    expect(p.has('expanded')).toBe(true);
    p.api('minimizeWidget');
    expect(p.has('expanded')).toBe(false);
    expect(events).toEqual(['widgetShown', 'chatOpened', 'chatClosed']);
  });
});
