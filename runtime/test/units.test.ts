// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isMobileDevice } from '../device';
import { buildStrings, flattenOverrides, toLanguage } from '../locale';
import { localStore } from '../storage';
import { createTeardown } from '../teardown';

const fakeWin = (ua: string, mq?: boolean) => ({ navigator: { userAgent: ua }, matchMedia: mq === undefined ? undefined : () => ({ matches: mq }) }) as unknown as Window;

describe('device', () => {
  it('detects phones by user agent and small touch screens by media query', () => {
    expect(isMobileDevice(fakeWin('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148'))).toBe(true);
    expect(isMobileDevice(fakeWin('Mozilla/5.0 (Linux; Android 14; Pixel 8)'))).toBe(true);
    expect(isMobileDevice(fakeWin('Mozilla/5.0 (X11; Linux x86_64) Chrome/130'))).toBe(false);
    expect(isMobileDevice(fakeWin('Mozilla/5.0 (X11; Linux x86_64) Chrome/130', true))).toBe(true);
    expect(isMobileDevice(fakeWin('Mozilla/5.0 (X11; Linux x86_64) Chrome/130', false))).toBe(false);
  });
});

describe('storage', () => {
  it('survives a localStorage that throws on access', () => {
    const win = {} as Window;
    Object.defineProperty(win, 'localStorage', {
      get() {
        throw new Error('SecurityError');
      },
    });
    const store = localStore(win);
    expect(() => store.set('a', '1')).not.toThrow();
    expect(store.get('a')).toBeNull();
  });

  it('survives a full quota and reads what it can', () => {
    const data = new Map([['a', '1']]);
    const win = {
      localStorage: {
        getItem: (k: string) => data.get(k) ?? null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      },
    } as unknown as Window;
    const store = localStore(win);
    expect(() => store.set('b', '2')).not.toThrow();
    expect(store.get('a')).toBe('1');
  });
});

describe('locale', () => {
  it('cuts region codes and rejects unknown languages', () => {
    expect(toLanguage('pt-BR')).toBe('pt');
    expect(toLanguage('EN')).toBe('en');
    expect(toLanguage('de')).toBeUndefined();
    expect(toLanguage(undefined)).toBeUndefined();
  });

  it('maps Chatra nested overrides with an equivalent and drops the rest', () => {
    expect(flattenOverrides({ chat: { input: { placeholder: 'Ask' }, header: { title: 'Help' } }, button: { text: 'Talk' }, name: 'Name', messageTypes: { joined: 'x' }, send: 'Go' })).toEqual({
      placeholder: 'Ask',
      headerTitle: 'Help',
      buttonText: 'Talk',
      send: 'Go',
    });
  });

  it('every language table has every string', () => {
    const keys = Object.keys(buildStrings('en', {})).sort();
    for (const lang of ['ru', 'es', 'pt'] as const) {
      const table = buildStrings(lang, {});
      expect(Object.keys(table).sort()).toEqual(keys);
      expect(Object.values(table).every((v) => v.length > 0)).toBe(true);
    }
  });
});

describe('teardown', () => {
  it('undoes everything in reverse order, once, even when an undo throws', () => {
    const log: string[] = [];
    const td = createTeardown();
    td.add(() => log.push('first'));
    td.add(() => {
      throw new Error('broken');
    });
    td.add(() => log.push('last'));
    td.run();
    td.run();
    expect(log).toEqual(['last', 'first']);
  });

  it('removes listeners', () => {
    const td = createTeardown();
    let clicks = 0;
    td.on(document, 'click', () => clicks++, true);
    document.body.click();
    td.run();
    document.body.click();
    expect(clicks).toBe(1);
  });
});
