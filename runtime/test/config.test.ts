// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, spyWarn } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('configuration globals', () => {
  it('merges ChatraSetup < SvyazioSetup < SvyazioConfig', () => {
    const p = page({
      before: (w) => {
        w.ChatraSetup = { buttonPosition: 'bl', buttonSize: 50, chatWidth: 500, headerText: 'Chatra' };
        w.SvyazioSetup = { buttonSize: 70, headerText: 'Setup' };
        w.SvyazioConfig = { headerText: 'Config' };
      },
    });
    expect(p.has('pos-left')).toBe(true);
    expect(p.cssVar('--sz')).toBe('70px');
    expect(p.cssVar('--cw')).toBe('500px');
    expect(p.shadow().querySelector('.t')!.textContent).toBe('Config');
  });

  it('takes orgId from SvyazioConfig.orgId, else ChatraID', () => {
    expect(page({ before: (w) => (w.ChatraID = 'chatra-key') }).transport().hello!.orgId).toBe('chatra-key');
    const p = page({ before: (w) => ((w.ChatraID = 'chatra-key'), (w.SvyazioConfig = { orgId: 'org-1' })) });
    expect(p.transport().hello!.orgId).toBe('org-1');
    expect(p.transport().options!.orgId).toBe('org-1');
  });

  it('takes groupId from the settings, else ChatraGroupID', () => {
    expect(page({ before: (w) => (w.ChatraGroupID = 'sales') }).transport().hello!.groupId).toBe('sales');
    expect(page({ before: (w) => ((w.ChatraGroupID = 'sales'), (w.ChatraSetup = { groupId: 'vip' })) }).transport().hello!.groupId).toBe('vip');
    expect(page().transport().hello!.groupId).toBeNull();
  });

  it('takes visitor data from SvyazioIntegration or ChatraIntegration, Svyazio winning', () => {
    const p = page({
      before: (w) => {
        w.ChatraIntegration = { name: 'Old', email: 'a@b.c' };
        w.SvyazioIntegration = { name: 'John', plan: 'pro' };
      },
    });
    expect(p.transport().hello!.integration).toEqual({ name: 'John', email: 'a@b.c', plan: 'pro' });
  });

  it('passes clientId, page, locale and a stable visitor id in the hello', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { clientId: 'user_42', language: 'es' }) });
    const hello = p.transport().hello!;
    expect(hello).toMatchObject({ clientId: 'user_42', locale: 'es', page: { url: 'https://shop.example/catalog' } });
    expect(hello.visitorId).toMatch(/\w{8,}/);
    p.api('restart');
    expect(p.transport().hello!.visitorId).toBe(hello.visitorId);
  });

  it('takes clientId from visitor data when the settings have none', () => {
    expect(page({ before: (w) => (w.SvyazioIntegration = { clientId: 'user_7' }) }).transport().hello!.clientId).toBe('user_7');
    const both = page({ before: (w) => ((w.SvyazioIntegration = { clientId: 'user_7' }), (w.SvyazioConfig = { clientId: 'user_8' })) });
    expect(both.transport().hello!.clientId).toBe('user_8');
  });

  it("after restart the clientId the visitor logged in with last beats the config's", () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { clientId: 'user_42' }) });
    p.api('setIntegrationData', { name: 'A', clientId: 'user_7' });
    p.api('restart');
    expect(p.transport().hello!.clientId).toBe('user_7');
  });

  it('passes the script origin and socketUrl to the transport factory', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { socketUrl: 'wss://chat.example/ws' }) });
    expect(p.transport().options).toMatchObject({ scriptOrigin: 'https://app.svyazio.ru', socketUrl: 'wss://chat.example/ws' });
  });

  it('looks callbacks up when they fire, so handlers assigned after load work', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { orgId: 'x' }) });
    const got: unknown[] = [];
    p.win.SvyazioConfig.onNewMessage = (m: unknown) => got.push(m);
    p.api('sendAutoMessage', 'late');
    expect(got).toEqual([{ id: expect.any(String), text: 'late', createdAt: expect.any(Number), type: 'bot' }]);
    const events: string[] = [];
    p.win.ChatraSetup = { onAnalyticEvent: (e: string) => events.push(e) };
    p.api('openChat');
    expect(events).toEqual(['chatOpened']);
  });

  it('locale takes a code, or overrides on top of language; without either the page language decides', () => {
    const code = page({ before: (w) => (w.ChatraSetup = { locale: 'pt' }) });
    expect(code.part('button').getAttribute('aria-label')).toBe('Abrir chat');
    expect(code.transport().hello!.locale).toBe('pt');
    const both = page({ before: (w) => (w.ChatraSetup = { language: 'ru', locale: { chat: { input: { placeholder: 'Ваш вопрос' } } } }) });
    expect((both.part('input') as HTMLTextAreaElement).placeholder).toBe('Ваш вопрос');
    expect(both.part('send').getAttribute('aria-label')).toBe('Отправить');
    const html = page({ before: (w) => (w.document.documentElement.lang = 'es-MX') });
    expect(html.part('send').getAttribute('aria-label')).toBe('Enviar');
  });

  it('clamps sizes from the config', () => {
    const p = page({ before: (w) => (w.SvyazioConfig = { buttonSize: 10, chatWidth: 100, chatHeight: 50 }) });
    expect(p.cssVar('--sz')).toBe('40px');
    expect(p.cssVar('--cw')).toBe('280px');
    expect(p.cssVar('--ch')).toBe('300px');
    const big = page({ before: (w) => (w.SvyazioConfig = { buttonSize: 500, chatWidth: '350' }) });
    expect(big.cssVar('--sz')).toBe('100px');
    expect(big.cssVar('--cw')).toBe('350px');
  });

  it('warns about bad values and falls back to the defaults', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.SvyazioConfig = { buttonPosition: 'xx', buttonStyle: 'square', zIndex: 'top', mode: 'popup' }) });
    expect(p.has('side-bottom') && p.has('pos-right') && p.has('style-round')).toBe(true);
    expect(p.cssVar('z-index')).toBe('999999');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setting buttonPosition'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setting buttonStyle'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setting zIndex'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setting mode'));
    expect(warn).toHaveBeenCalledTimes(4);
  });

  it('warns about bad colours, flags and language codes too, and boots with the defaults', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.SvyazioConfig = { colors: 'red', startHidden: 'yes', language: 'de' }) });
    expect(p.has('visible')).toBe(true);
    expect(p.cssVar('--bb')).toBe('#3b6cf6');
    const said = warn.mock.calls.map((c) => String(c[0]));
    expect(said).toEqual([
      expect.stringContaining('setting colors: expected an object, got "red"'),
      expect.stringContaining('setting startHidden: expected true or false, got "yes"'),
      expect.stringContaining('setting language: expected one of ru, en, es, pt, got "de"'),
    ]);
    warn.mockClear();
    page({ before: (w) => (w.SvyazioConfig = { locale: 'fr', colors: { buttonBg: 5 } }) });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('setting colors.buttonBg: expected a CSS colour string, got 5'),
      expect.stringContaining('setting locale: expected a language code (ru, en, es, pt) or an object of strings, got "fr"'),
    ]);
    warn.mockClear();
    page({ before: (w) => (w.SvyazioConfig = { locale: { 'en.chat.inputPlaceholder': 'Ask' }, language: 'pt-BR', startHidden: false }) });
    expect(warn).not.toHaveBeenCalled();
  });

  it('uses the documented defaults', () => {
    const p = page();
    expect(p.classes().sort()).toEqual(['svyazio--pos-right', 'svyazio--side-bottom', 'svyazio--style-round', 'svyazio--visible']);
    expect([p.cssVar('--sz'), p.cssVar('--cw'), p.cssVar('--ch'), p.cssVar('z-index')]).toEqual(['60px', '400px', '600px', '999999']);
  });
});
