// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOM, POSITIONS } from '../surface';
import { page } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('DOM contract', () => {
  it('mounts one host <div id="svyazio"> at the end of body with an open shadow root', () => {
    const p = page({ html: '<main>site</main>' });
    const host = p.host()!;
    expect(host.tagName).toBe('DIV');
    expect(host.parentElement).toBe(p.doc.body);
    expect(p.doc.body.lastElementChild).toBe(host);
    expect(host.shadowRoot!.mode).toBe('open');
    expect(host.children).toHaveLength(0);
  });

  it('exposes every documented part', () => {
    const p = page();
    for (const name of DOM.parts) expect(p.part(name), name).not.toBeNull();
  });

  it('falls back to a <style> in the shadow root where constructable stylesheets are missing', () => {
    const p = page();
    const style = p.shadow().querySelector('style')!;
    expect(style.textContent).toContain(':host(.svyazio--style-round) .b');
    expect(p.doc.head.querySelector('style')).toBeNull();
  });

  it('adopts a constructable stylesheet when the browser has them', () => {
    const adopted: unknown[] = [];
    const p = page({
      manual: true,
      before: (w) => {
        class Sheet {
          text = '';
          replaceSync(css: string) {
            this.text = css;
          }
        }
        w.CSSStyleSheet = Sheet as unknown as typeof CSSStyleSheet;
        Object.defineProperty(w.ShadowRoot.prototype, 'adoptedStyleSheets', {
          set: (v: unknown[]) => adopted.push(...v),
          get: () => adopted,
          configurable: true,
        });
      },
    });
    p.boot();
    expect(p.shadow().querySelector('style')).toBeNull();
    expect((adopted[0] as { text: string }).text).toContain(':host(.svyazio--style-round) .b');
  });

  it.each(POSITIONS.map((code) => [code]))('position %s maps to side and pos classes', (code) => {
    const p = page({ before: (w) => (w.SvyazioConfig = { buttonPosition: code }) });
    const side = { b: 'bottom', l: 'left', r: 'right' }[code[0]]!;
    const place = code[0] === 'b' ? { l: 'left', c: 'center', r: 'right' }[code[1]] : { t: 'top', m: 'middle', b: 'bottom' }[code[1]];
    expect(p.classes().filter((c) => /--(side|pos)-/.test(c))).toEqual([`svyazio--side-${side}`, `svyazio--pos-${place}`]);
  });

  it('round launcher shows an icon; tab launcher shows text', () => {
    const round = page();
    expect(round.part('button').querySelector('svg')).not.toBeNull();
    expect(round.has('style-round')).toBe(true);
    const tab = page({ before: (w) => (w.SvyazioConfig = { buttonStyle: 'tab', language: 'en' }) });
    expect(tab.has('style-tab')).toBe(true);
    expect(tab.part('button').querySelector('svg')).toBeNull();
    expect(tab.part('button').textContent).toContain('Chat with us');
  });

  it('leaves other classes a site put on the host alone', () => {
    const p = page();
    p.host()!.classList.add('my-theme');
    p.api('openChat');
    expect(p.host()!.classList.contains('my-theme')).toBe(true);
  });
});

describe('the chat window', () => {
  it('is hidden while collapsed, so nothing inside it takes focus', () => {
    const p = page();
    expect(p.part('window').hidden).toBe(true);
    p.api('openChat');
    expect(p.part('window').hidden).toBe(false);
    p.api('minimizeWidget');
    expect(p.part('window').hidden).toBe(true);
  });

  it('is a labelled dialog with a header, subtitle, welcome and offline text', () => {
    const p = page({ online: false, before: (w) => (w.SvyazioConfig = { language: 'en', headerText: 'Support Team', welcomeText: 'Hello there', offlineText: 'Back at 9' }) });
    const win = p.part('window');
    expect(win.getAttribute('role')).toBe('dialog');
    const label = p.shadow().getElementById(win.getAttribute('aria-labelledby')!)!;
    expect(label.textContent).toBe('Support Team');
    expect(p.part('header').textContent).toContain('We are offline');
    const notes = [...p.part('messages').querySelectorAll('.n')].filter((n) => !(n as HTMLElement).hidden).map((n) => n.textContent);
    expect(notes).toEqual(['Hello there', 'Back at 9']);
  });

  it('shows the online subtitle and hides the offline text when agents are online', () => {
    const p = page({ online: true, before: (w) => (w.SvyazioConfig = { onlineTitle: 'Here for you', offlineText: 'Gone' }) });
    expect(p.part('header').textContent).toContain('Here for you');
    const offline = [...p.part('messages').querySelectorAll('.n')].find((n) => n.textContent === 'Gone') as HTMLElement;
    expect(offline.hidden).toBe(true);
    p.transport().events!.agentsOnline(false);
    expect(offline.hidden).toBe(false);
  });

  it('launcher has an accessible name and reflects expanded state', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { language: 'en' }) });
    const b = p.part('button');
    expect(b.tagName).toBe('BUTTON');
    expect(b.getAttribute('aria-label')).toBe('Open chat');
    expect(b.getAttribute('aria-expanded')).toBe('false');
    b.click();
    expect(b.getAttribute('aria-expanded')).toBe('true');
    expect(b.getAttribute('aria-label')).toBe('Close chat');
    expect(p.shadow().activeElement).toBe(p.part('input'));
    b.click();
    expect(p.has('expanded')).toBe(false);
  });

  it('Escape closes the window and returns focus to the launcher', () => {
    const p = page();
    p.part('button').click();
    p.key(p.part('input'), 'Escape');
    expect(p.has('expanded')).toBe(false);
    expect(p.shadow().activeElement).toBe(p.part('button'));
  });

  it.each([
    ['closeChat', (p: ReturnType<typeof page>) => p.api('closeChat')],
    ['a hash change', (p: ReturnType<typeof page>) => p.win.dispatchEvent(new p.win.HashChangeEvent('hashchange'))],
  ])('closing by %s with focus inside the window gives it back to the launcher', (_, closeIt) => {
    const p = page();
    p.part('button').click();
    expect(p.shadow().activeElement).toBe(p.part('input'));
    p.win.history.replaceState(null, '', '/catalog');
    closeIt(p);
    expect(p.has('expanded')).toBe(false);
    expect(p.shadow().activeElement).toBe(p.part('button'));
  });

  it('closing with focus elsewhere on the page leaves it there', () => {
    const p = page({ html: '<input id="q">' });
    p.api('openChat');
    const field = p.doc.getElementById('q') as HTMLElement;
    field.focus();
    p.api('closeChat');
    expect(p.doc.activeElement).toBe(field);
  });

  it('the round launcher shows a close icon while the window is open', () => {
    const p = page();
    const icon = () => p.part('button').querySelector('path')!.getAttribute('d');
    const closed = icon();
    p.api('openChat');
    const open = icon();
    expect(open).not.toBe(closed);
    p.api('closeChat');
    expect(icon()).toBe(closed);
  });

  it('Escape on the launcher closes the open window', () => {
    const p = page();
    p.api('openChat');
    p.part('button').focus();
    p.key(p.part('button'), 'Escape');
    expect(p.has('expanded')).toBe(false);
    expect(p.shadow().activeElement).toBe(p.part('button'));
  });

  it('Escape and Enter that belong to an IME composition neither close nor send', () => {
    const p = page();
    p.part('button').click();
    const input = p.part('input') as HTMLTextAreaElement;
    p.key(input, 'Escape', { isComposing: true });
    expect(p.has('expanded')).toBe(true);
    input.value = 'にほ';
    p.key(input, 'Enter', { keyCode: 229 });
    p.key(input, 'Enter', { isComposing: true });
    expect(p.transport().calls.filter((c) => c[0] === 'sendMessage')).toEqual([]);
    expect(input.value).toBe('にほ');
  });

  it('on a phone, opening from the launcher moves focus into the window, not to <body>', () => {
    const p = page({ mobile: true });
    p.part('button').focus();
    p.part('button').click();
    expect(p.part('button').hidden).toBe(true);
    expect(p.shadow().activeElement).toBe(p.part('window'));
  });

  it('the close button collapses the window', () => {
    const p = page();
    p.api('openChat');
    (p.part('header').querySelector('button') as HTMLElement).click();
    expect(p.has('expanded')).toBe(false);
  });

  it('builds the message list when the window opens, and appends while open', () => {
    const p = page();
    p.api('sendAutoMessage', 'one');
    expect(p.part('messages').querySelectorAll('.q')).toHaveLength(0);
    p.api('openChat');
    p.api('sendAutoMessage', 'two');
    expect(p.bubbles()).toEqual([['bot', 'one'], ['bot', 'two']]);
    p.api('minimizeWidget');
    p.api('sendAutoMessage', 'three');
    p.api('openChat');
    expect(p.bubbles()).toEqual([['bot', 'one'], ['bot', 'two'], ['bot', 'three']]);
  });

  it('announces new messages through a live region', () => {
    const p = page();
    expect(p.part('messages').getAttribute('aria-live')).toBe('polite');
  });

  it('colors and zIndex become custom properties on the host', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { accentColor: '#6C63FF', zIndex: 5, colors: { buttonText: '#000', chatBg: '#fafafa', agentBubbleBg: '#eee' } }) });
    expect(p.cssVar('--ac')).toBe('#6C63FF');
    expect(p.cssVar('--bb')).toBe('#6C63FF');
    expect(p.cssVar('--bt')).toBe('#000');
    expect(p.cssVar('--cb')).toBe('#fafafa');
    expect(p.cssVar('--cl')).toBe('#6C63FF');
    expect(p.cssVar('--ag')).toBe('#eee');
    expect(p.cssVar('z-index')).toBe('5');
  });

  it('derives text colours from the background they sit on', () => {
    const colors = { buttonBg: '#ffffff', buttonText: '#6C63FF', clientBubbleBg: '#e8f0ff', agentBubbleBg: '#333333', chatBg: 'rgb(20, 20, 30)' };
    const p = page({ before: (w) => (w.SvyazioConfig = { accentColor: '#6C63FF', colors }) });
    expect(p.cssVar('--at')).toBe('#fff');
    expect(p.cssVar('--bt')).toBe('#6C63FF');
    expect(p.cssVar('--clt')).toBe('#222');
    expect(p.cssVar('--agt')).toBe('#fff');
    expect(p.cssVar('--ct')).toBe('#fff');
    const pale = page({ before: (w) => (w.SvyazioConfig = { accentColor: '#ffe066', colors: { buttonBg: '#fc0' } }) });
    expect([pale.cssVar('--at'), pale.cssVar('--bt'), pale.cssVar('--clt')]).toEqual(['#222', '#222', '#222']);
  });

  it('takes the accent from colors.buttonBg when accentColor is absent', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { colors: { buttonBg: '#6C63FF', buttonText: '#fff' } }) });
    expect([p.cssVar('--ac'), p.cssVar('--cl'), p.cssVar('--at')]).toEqual(['#6C63FF', '#6C63FF', '#fff']);
  });
});

describe('composer', () => {
  it('Enter sends, Shift+Enter does not', () => {
    const got: unknown[] = [];
    const p = page({ before: (w) => (w.SvyazioConfig = { onNewMessage: (m: unknown) => got.push(m) }) });
    p.api('openChat');
    const input = p.part('input') as HTMLTextAreaElement;
    input.value = 'line one\nline two';
    expect(p.key(input, 'Enter', { shiftKey: true })).toBe(true);
    expect(p.bubbles()).toEqual([]);
    expect(p.key(input, 'Enter')).toBe(false);
    expect(p.bubbles()).toEqual([['client', 'line one\nline two']]);
    expect(input.value).toBe('');
    const [, sent] = p.transport().calls.find((c) => c[0] === 'sendMessage')!;
    expect(sent).toEqual({ id: expect.any(String), text: 'line one\nline two', createdAt: expect.any(Number) });
    expect(got).toEqual([{ ...(sent as object), type: 'client' }]);
  });

  it('the send button sends; blank input sends nothing', () => {
    const p = page();
    p.api('openChat');
    const input = p.part('input') as HTMLTextAreaElement;
    input.value = '   ';
    p.part('send').click();
    expect(p.transport().calls.filter((c) => c[0] === 'sendMessage')).toHaveLength(0);
    input.value = 'hi';
    p.part('send').click();
    expect(p.bubbles()).toEqual([['client', 'hi']]);
  });

  it('inserts every external text as text, never HTML', () => {
    const evil = '<img src=x onerror="window.pwned=1">';
    const p = page({ before: (w) => (w.SvyazioConfig = { headerText: evil, welcomeText: evil, locale: { placeholder: evil } }) });
    p.api('sendAutoMessage', evil);
    p.transport().events!.message({ id: 'a1', text: evil, createdAt: 1, type: 'agent' });
    p.api('openChat');
    expect(p.shadow().querySelector('img')).toBeNull();
    expect(p.bubbles()).toEqual([['bot', evil], ['agent', evil]]);
    expect(p.shadow().querySelector('.t')!.textContent).toBe(evil);
    expect((p.part('input') as HTMLTextAreaElement).placeholder).toBe(evil);
  });
});
