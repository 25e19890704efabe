// @vitest-environment jsdom
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCRIPT_URL } from '../surface';

type Module = typeof import('../chatra-module');
type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
type Globals = Record<string, unknown>;

const w = window as unknown as Globals;
const GLOBALS = ['Svyazio', 'SvyazioConfig', 'SvyazioSetup', 'SvyazioIntegration'];

// The module keeps whether `init` ran, as the original does: load a fresh copy per test.
let mod: Module;
beforeEach(async () => {
  vi.resetModules();
  mod = await import('../chatra-module');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  for (const name of GLOBALS) delete w[name];
  document.head.innerHTML = '';
});

const queued = () => ((w.Svyazio as Stub).q ?? []).map((args) => Array.from(args));
const injected = () => Array.from(document.querySelectorAll('script')).map((s) => s.src);

describe('svyazio-migrate/chatra', () => {
  it('logs an error, without throwing, for calls before init', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => mod.default('openChat', true)).not.toThrow();
    expect(error).toHaveBeenCalledOnce();
    expect(String(error.mock.calls[0][0])).toContain("Svyazio('openChat')");
    expect(w.Svyazio).toBeUndefined();
    expect(injected()).toEqual([]);
  });

  it("init with @chatra/chatra's options sets the globals, the stub and one async script", () => {
    const onNewMessage = () => {};
    mod.default('init', {
      ID: 'org-1',
      setup: { buttonPosition: 'bl', colors: { buttonBg: '#123456' }, onNewMessage },
      integration: { name: 'Ann', email: 'ann@example.com' },
    });
    expect(w.SvyazioConfig).toEqual({ buttonPosition: 'bl', colors: { buttonBg: '#123456' }, onNewMessage, orgId: 'org-1' });
    expect(w.SvyazioIntegration).toEqual({ name: 'Ann', email: 'ann@example.com' });
    expect(typeof w.Svyazio).toBe('function');
    const scripts = document.head.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0].src).toBe(SCRIPT_URL);
    expect(scripts[0].async).toBe(true);
  });

  it.each([
    ['orgId', { orgId: 'k' }],
    ['chatraID (chatra, chatra-client)', { chatraID: 'k' }],
    ['setup.orgId', { setup: { orgId: 'k' } }],
  ])('takes the key as %s', (_label, options) => {
    mod.default('init', options);
    expect((w.SvyazioConfig as Globals).orgId).toBe('k');
  });

  it('refuses init without a key, loading nothing', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    mod.default('init', { setup: { buttonPosition: 'br' } });
    expect(error).toHaveBeenCalledOnce();
    expect(injected()).toEqual([]);
    expect(w.SvyazioConfig).toBeUndefined();
  });

  it('queues calls on the stub in order until the widget loads', () => {
    mod.default('init', { orgId: 'k' });
    mod.default('setButtonSize', 50);
    mod.default('openChat', true);
    mod.default('setIntegrationData', { plan: 'pro' });
    expect(queued()).toEqual([['setButtonSize', 50], ['openChat', true], ['setIntegrationData', { plan: 'pro' }]]);
  });

  it('passes calls to a loaded widget directly', () => {
    const widget = vi.fn();
    w.Svyazio = widget;
    mod.default('init', { orgId: 'k' });
    mod.default('hide');
    mod.default('setColors', { buttonBg: 'red' });
    expect(widget.mock.calls).toEqual([['hide'], ['setColors', { buttonBg: 'red' }]]);
  });

  it('keeps a Quick Start stub that the page installed first', () => {
    const pageStub: Stub = function () {
      (pageStub.q = pageStub.q || []).push(arguments);
    };
    pageStub('show');
    w.Svyazio = pageStub;
    mod.default('init', { orgId: 'k' });
    mod.default('openChat');
    expect(w.Svyazio).toBe(pageStub);
    expect(queued()).toEqual([['show'], ['openChat']]);
  });

  it('a second init updates the same config objects, restarts, and injects nothing more', () => {
    mod.default('init', { orgId: 'a', setup: { buttonPosition: 'bl', startHidden: true }, integration: { name: 'A' } });
    const config = w.SvyazioConfig;
    const integration = w.SvyazioIntegration;
    mod.default('init', { orgId: 'b', setup: { buttonPosition: 'rt' }, integration: { name: 'B' } });
    expect(w.SvyazioConfig).toBe(config);
    expect(config).toEqual({ buttonPosition: 'rt', orgId: 'b' });
    expect(w.SvyazioIntegration).toBe(integration);
    expect(integration).toEqual({ name: 'B' });
    expect(queued()).toEqual([['restart']]);
    expect(injected()).toHaveLength(1);
  });

  it('does not inject a script the page already carries', () => {
    const existing = document.createElement('script');
    existing.src = SCRIPT_URL;
    document.head.appendChild(existing);
    mod.default('init', { orgId: 'k' });
    expect(injected()).toEqual([SCRIPT_URL]);
  });

  it('loads the script from scriptUrl when given', () => {
    mod.default('init', { orgId: 'k', scriptUrl: '/static/svyazio.js' });
    expect(injected()).toEqual([new URL('/static/svyazio.js', document.baseURI).href]);
  });

  it('exports the same function as Svyazio and as Chatra', () => {
    expect(mod.Svyazio).toBe(mod.default);
    expect(mod.Chatra).toBe(mod.default);
  });

  it('is a no-op with one warning when there is no window (SSR)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('window', undefined);
    expect(() => {
      mod.default('init', { orgId: 'k' });
      mod.default('openChat');
    }).not.toThrow();
    expect(warn).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
    expect(w.SvyazioConfig).toBeUndefined();
    expect(injected()).toEqual([]);
  });
});

describe('the CommonJS build (dist/chatra-module.cjs)', () => {
  const file = join(dirname(fileURLToPath(import.meta.url)), '../../dist/chatra-module.cjs');

  it('returns the function itself from require(), with .default and the named exports on it', () => {
    expect(existsSync(file), 'dist/chatra-module.cjs is missing: run `npm run build`').toBe(true);
    const required = createRequire(file)(file);
    expect(typeof required).toBe('function');
    expect(required.default).toBe(required);
    expect(required.Chatra).toBe(required);
    expect(required.Svyazio).toBe(required);
    required('init', { ID: 'cjs' });
    expect((w.SvyazioConfig as Globals).orgId).toBe('cjs');
  });
});
