// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEGACY_METHODS } from '../surface';
import type { OutgoingMessage } from '../transport';
import { page, spyWarn } from './helpers';

afterEach(() => vi.restoreAllMocks());

const withEvents = (extra: Record<string, unknown> = {}) => {
  const events: string[] = [];
  const p = page({ before: (w) => (w.SvyazioConfig = { onAnalyticEvent: (e: string) => events.push(e), ...extra }) });
  return { p, events };
};

describe('opening and closing', () => {
  it('openChat opens; openChat(true) focuses the input', () => {
    const p = page();
    p.api('openChat');
    expect(p.has('expanded')).toBe(true);
    expect(p.shadow().activeElement).toBeNull();
    p.api('minimizeWidget');
    p.api('openChat', true);
    expect(p.shadow().activeElement).toBe(p.part('input'));
  });

  it('expandWidget opens on desktop and is ignored on mobile', () => {
    const desk = page();
    desk.api('expandWidget', true);
    expect(desk.has('expanded')).toBe(true);
    expect(desk.shadow().activeElement).toBe(desk.part('input'));
    const mobile = page({ mobile: true });
    mobile.api('expandWidget');
    expect(mobile.has('expanded')).toBe(false);
    mobile.api('openChat');
    expect(mobile.has('expanded')).toBe(true);
  });

  it('minimizeWidget and closeChat collapse', () => {
    const p = page();
    for (const m of ['minimizeWidget', 'closeChat']) {
      p.api('openChat');
      p.api(m);
      expect(p.has('expanded'), m).toBe(false);
    }
  });

  it.each(Object.entries(LEGACY_METHODS))('legacy %s acts as %s', (legacy, modern) => {
    const p = page();
    if (modern === 'minimizeWidget') p.api('openChat');
    p.api(legacy);
    expect(p.has('expanded')).toBe(modern !== 'minimizeWidget');
  });

  it('reports chatOpened and chatClosed once per change', () => {
    const { p, events } = withEvents();
    p.api('openChat');
    p.api('openChat');
    p.api('closeChat');
    p.api('closeChat');
    expect(events).toEqual(['widgetShown', 'chatOpened', 'chatClosed']);
  });
});

describe('hide and show', () => {
  it('hide removes the visible class and collapses; show brings the launcher back', () => {
    const { p, events } = withEvents();
    p.api('openChat');
    p.api('hide');
    expect(p.has('visible')).toBe(false);
    expect(p.has('expanded')).toBe(false);
    p.api('show');
    expect(p.has('visible')).toBe(true);
    expect(events).toEqual(['widgetShown', 'chatOpened', 'chatClosed', 'widgetShown']);
  });

  it('openChat on a hidden widget shows the window, and closing hides it again', () => {
    const p = page();
    p.api('hide');
    p.api('openChat');
    expect(p.has('visible') && p.has('expanded')).toBe(true);
    p.api('minimizeWidget');
    expect(p.has('visible')).toBe(false);
  });
});

describe('visitor data and routing', () => {
  it('setIntegrationData overwrites and goes to the transport', () => {
    const p = page({ before: (w) => (w.SvyazioIntegration = { name: 'Old', plan: 'free' }) });
    p.api('setIntegrationData', { name: 'John', email: 'j@x.io' });
    expect(p.transport().calls).toContainEqual(['setIntegration', { name: 'John', email: 'j@x.io' }, 'set']);
  });

  it('updateIntegrationData merges and null deletes', () => {
    const p = page({ before: (w) => (w.SvyazioIntegration = { name: 'John', plan: 'free', phone: '1' }) });
    p.api('updateIntegrationData', { plan: 'pro', phone: null });
    expect(p.transport().calls).toContainEqual(['setIntegration', { plan: 'pro', phone: null }, 'merge']);
    p.api('restart');
    expect(p.transport().hello!.integration).toEqual({ name: 'John', plan: 'pro' });
  });

  it('setGroupId routes and null resets; the choice survives restart', () => {
    const p = page({ before: (w) => (w.ChatraGroupID = 'sales') });
    p.api('setGroupId', 'vip');
    expect(p.transport().calls).toContainEqual(['setGroup', 'vip']);
    p.api('restart');
    expect(p.transport().hello!.groupId).toBe('vip');
    p.api('setGroupId', null);
    expect(p.transport().calls).toContainEqual(['setGroup', null]);
  });

  it('pageView sends the current page', () => {
    const p = page();
    p.doc.title = 'Cart';
    p.win.history.pushState(null, '', '/cart');
    p.api('pageView');
    expect(p.transport().calls).toContainEqual(['pageView', { url: 'https://shop.example/cart', title: 'Cart' }]);
  });
});

describe('layout methods', () => {
  it('setButtonPosition moves; resetButtonPosition goes back; bad codes warn', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.ChatraSetup = { buttonPosition: 'lt' }) });
    p.api('setButtonPosition', 'bc');
    expect(p.has('side-bottom') && p.has('pos-center')).toBe(true);
    p.api('setButtonPosition', 'top');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setButtonPosition: expected one of'));
    expect(p.has('pos-center')).toBe(true);
    p.api('resetButtonPosition');
    expect(p.has('side-left') && p.has('pos-top')).toBe(true);
  });

  it('setButtonSize clamps to 40–100', () => {
    const p = page();
    p.api('setButtonSize', 20);
    expect(p.cssVar('--sz')).toBe('40px');
    p.api('setButtonSize', 150);
    expect(p.cssVar('--sz')).toBe('100px');
    p.api('setButtonSize', 72);
    expect(p.cssVar('--sz')).toBe('72px');
  });

  it('setChatWidth ≥ 280 and setChatHeight ≥ 300', () => {
    const p = page();
    p.api('setChatWidth', 100);
    p.api('setChatHeight', 100);
    expect([p.cssVar('--cw'), p.cssVar('--ch')]).toEqual(['280px', '300px']);
    p.api('setChatWidth', 420);
    p.api('setChatHeight', 700);
    expect([p.cssVar('--cw'), p.cssVar('--ch')]).toEqual(['420px', '700px']);
  });

  it('setZIndex', () => {
    const p = page();
    p.api('setZIndex', 42);
    expect(p.cssVar('z-index')).toBe('42');
  });

  it('setColors overrides on the fly, warns on unknown keys; resetColors restores the config', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.SvyazioConfig = { colors: { buttonBg: '#111' } }) });
    p.api('setColors', { buttonBg: '#f00', clientBubbleBg: '#0f0', sparkle: '#fff' });
    expect([p.cssVar('--bb'), p.cssVar('--cl')]).toEqual(['#f00', '#0f0']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setColors: ignored sparkle'));
    p.api('resetColors');
    expect(p.cssVar('--bb')).toBe('#111');
    expect(p.cssVar('--cl')).not.toBe('#0f0');
  });
});

describe('language', () => {
  it.each([
    ['ru', 'Открыть чат'],
    ['en', 'Open chat'],
    ['es', 'Abrir chat'],
    ['pt', 'Abrir chat'],
  ])('setLanguage(%s)', (code, label) => {
    const p = page();
    p.api('setLanguage', code);
    expect(p.part('button').getAttribute('aria-label')).toBe(label);
    expect(p.shadow().querySelector('.r')!.getAttribute('lang')).toBe(code);
  });

  it('setLocale takes a code, flat overrides or Chatra nested overrides', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { language: 'en' }) });
    p.api('setLocale', 'es');
    expect((p.part('input') as HTMLTextAreaElement).placeholder).toBe('Escribe un mensaje…');
    p.api('setLocale', { headerTitle: 'Ayuda' });
    expect(p.shadow().querySelector('.t')!.textContent).toBe('Ayuda');
    p.api('setLocale', { chat: { input: { placeholder: 'Pregunta' } }, yourName: 'Tu nombre', messageTypes: { joined: '{{#username}}' } });
    expect((p.part('input') as HTMLTextAreaElement).placeholder).toBe('Pregunta');
    p.api('setLanguage', 'pt');
    expect((p.part('input') as HTMLTextAreaElement).placeholder).toBe('Pregunta');
    expect(p.part('send').getAttribute('aria-label')).toBe('Enviar');
  });

  it('warns on an unknown language and keeps the current one', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.SvyazioConfig = { language: 'ru' }) });
    p.api('setLanguage', 'de');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('unknown language "de"'));
    expect(p.part('button').getAttribute('aria-label')).toBe('Открыть чат');
  });
});

describe('messages', () => {
  it('sendAutoMessage shows a bot message, unread while collapsed; with no visitor reply nothing is sent', () => {
    const got: Array<{ type: string }> = [];
    const p = page({ before: (w) => (w.SvyazioConfig = { onNewMessage: (m: { type: string }) => got.push(m) }) });
    p.api('sendAutoMessage', 'Need help?');
    expect(p.transport().calls.filter((c) => c[0] === 'sendMessage')).toHaveLength(0);
    expect(p.part('badge').hidden).toBe(false);
    expect(p.part('badge').textContent).toBe('1');
    expect(got.map((m) => m.type)).toEqual(['bot']);
    p.api('openChat');
    expect(p.bubbles()).toEqual([['bot', 'Need help?']]);
    expect(p.part('badge').hidden).toBe(true);
  });

  it('auto messages reach the transport with the visitor\'s next message, in order, once', () => {
    const p = page();
    p.api('sendAutoMessage', 'Need help?');
    p.api('sendAutoMessage', 'We reply in minutes');
    p.api('openChat');
    const input = p.part('input') as HTMLTextAreaElement;
    input.value = 'Yes';
    p.part('send').click();
    input.value = 'And another thing';
    p.part('send').click();
    expect(p.bubbles()).toEqual([
      ['bot', 'Need help?'],
      ['bot', 'We reply in minutes'],
      ['client', 'Yes'],
      ['client', 'And another thing'],
    ]);
    const sent = p.transport().calls.filter((c) => c[0] === 'sendMessage').map((c) => c[1] as OutgoingMessage);
    expect(sent.map((m) => [m.text, m.auto?.map((a) => a.text)])).toEqual([
      ['Yes', ['Need help?', 'We reply in minutes']],
      ['And another thing', undefined],
    ]);
    expect(sent[0].auto!.every((a) => a.createdAt <= sent[0].createdAt)).toBe(true);
  });

  it('auto messages echoed back in history on reconnect are shown and reported once', () => {
    const got: Array<{ id: string; type: string }> = [];
    const p = page({ before: (w) => (w.SvyazioConfig = { onNewMessage: (m: { id: string; type: string }) => got.push(m) }) });
    p.api('sendAutoMessage', 'Need help?');
    p.api('openChat');
    (p.part('input') as HTMLTextAreaElement).value = 'Yes';
    p.part('send').click();
    const [, sent] = p.transport().calls.find((c) => c[0] === 'sendMessage') as [string, OutgoingMessage];
    const auto = sent.auto!.map((a) => ({ ...a, type: 'bot' as const }));
    p.transport().events!.welcome([...auto, { id: sent.id, text: sent.text, createdAt: sent.createdAt, type: 'client' }], true);
    p.transport().events!.message(auto[0]);
    expect(p.bubbles()).toEqual([
      ['bot', 'Need help?'],
      ['client', 'Yes'],
    ]);
    expect(got.map((m) => [m.id, m.type])).toEqual([
      [auto[0].id, 'bot'],
      [sent.id, 'client'],
    ]);
  });

  it.each(['', '   '])('sendAutoMessage(%j) warns and shows nothing', (text) => {
    const warn = spyWarn();
    const got: unknown[] = [];
    const p = page({ before: (w) => (w.SvyazioConfig = { onNewMessage: (m: unknown) => got.push(m) }) });
    p.api('sendAutoMessage', text);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('sendAutoMessage: expected some text'));
    expect(p.part('badge').hidden).toBe(true);
    expect(got).toEqual([]);
    p.api('openChat');
    expect(p.bubbles()).toEqual([]);
  });

  it('onNewMessage fires once per message, with id, text, createdAt and type', () => {
    const got: unknown[] = [];
    const { p, events } = withEvents({ onNewMessage: (m: unknown) => got.push(m) });
    const msg = { id: 'm1', text: 'Hello from Anna', createdAt: 1700000000000, type: 'agent' as const, author: 'Anna' };
    p.transport().events!.message(msg);
    p.transport().events!.message(msg);
    expect(got).toEqual([{ id: 'm1', text: 'Hello from Anna', createdAt: 1700000000000, type: 'agent' }]);
    expect(events.filter((e) => e === 'messageReceived')).toHaveLength(1);
    expect(p.part('badge').textContent).toBe('1');
  });

  it('a sent message echoed back by the backend is not shown or reported twice', () => {
    const got: unknown[] = [];
    const { p, events } = withEvents({ onNewMessage: (m: unknown) => got.push(m) });
    p.api('openChat');
    (p.part('input') as HTMLTextAreaElement).value = 'Hi';
    p.part('send').click();
    const [, sent] = p.transport().calls.find((c) => c[0] === 'sendMessage') as [string, { id: string; createdAt: number }];
    p.transport().events!.message({ ...sent, text: 'Hi', type: 'client' });
    expect(p.bubbles()).toEqual([['client', 'Hi']]);
    expect(got).toHaveLength(1);
    expect(events).toContain('messageSent');
    expect(events).not.toContain('messageReceived');
  });

  it('history from the welcome is shown without firing onNewMessage', () => {
    const got: unknown[] = [];
    const p = page({
      history: [
        { id: 'h1', text: 'earlier question', createdAt: 1, type: 'client' },
        { id: 'h2', text: 'earlier answer', createdAt: 2, type: 'agent' },
      ],
      before: (w) => (w.SvyazioConfig = { onNewMessage: (m: unknown) => got.push(m) }),
    });
    expect(got).toEqual([]);
    expect(p.part('badge').hidden).toBe(true);
    p.api('openChat');
    expect(p.bubbles()).toEqual([['client', 'earlier question'], ['agent', 'earlier answer']]);
  });

  it('shows the agent name above an agent message, as text', () => {
    const p = page();
    p.api('openChat');
    p.transport().events!.message({ id: 'a1', text: 'How can I help?', createdAt: 1, type: 'agent', author: '<i>Anna</i>' });
    const bubble = p.part('messages').querySelector('.q.agent')!;
    expect(bubble.querySelector('.a')!.textContent).toBe('<i>Anna</i>');
    expect(bubble.querySelector('i')).toBeNull();
    expect(bubble.lastChild!.textContent).toBe('How can I help?');
  });

  it('the launcher name carries the unread count', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { language: 'en' }) });
    p.transport().events!.message({ id: 'a1', text: 'hi', createdAt: 1, type: 'agent' });
    p.transport().events!.message({ id: 'a2', text: 'there', createdAt: 2, type: 'bot' });
    expect(p.part('button').getAttribute('aria-label')).toBe('Open chat (2)');
    p.api('openChat');
    p.api('minimizeWidget');
    expect(p.part('button').getAttribute('aria-label')).toBe('Open chat');
  });

  it('the badge counts unread agent messages and caps at 99+', () => {
    const p = page();
    for (let i = 0; i < 120; i++) p.transport().events!.message({ id: 'x' + i, text: 't', createdAt: i, type: 'agent' });
    expect(p.part('badge').textContent).toBe('99+');
  });
});
