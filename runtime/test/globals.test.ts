// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEGACY_METHODS, METHOD_NAMES } from '../surface';
import { page, spyWarn } from './helpers';

afterEach(() => vi.restoreAllMocks());

const svyazioStub = (w: any) => {
  w.Svyazio = function () {
    (w.Svyazio.q = w.Svyazio.q || []).push(arguments);
  };
};
const chatraStub = (w: any) => {
  w.Chatra = function () {
    (w.Chatra.q = w.Chatra.q || []).push(arguments);
  };
};

describe('globals', () => {
  it('registers Svyazio and Chatra as the same function, with methods as properties', () => {
    const p = page();
    expect(typeof p.win.Svyazio).toBe('function');
    expect(p.win.Chatra).toBe(p.win.Svyazio);
    for (const name of [...METHOD_NAMES, ...Object.keys(LEGACY_METHODS)]) expect(typeof p.win.Svyazio[name]).toBe('function');
    p.win.Svyazio.openChat();
    expect(p.has('expanded')).toBe(true);
    p.win.Chatra.collapseChat();
    expect(p.has('expanded')).toBe(false);
  });

  it('exposes a read-only _chatExpanded', () => {
    const p = page();
    expect(p.win.Chatra._chatExpanded).toBe(false);
    p.api('openChat');
    expect(p.win.Chatra._chatExpanded).toBe(true);
    expect(() => {
      'use strict';
      p.win.Chatra._chatExpanded = false;
    }).toThrow();
    expect(p.win.Svyazio._chatExpanded).toBe(true);
  });

  it('does not create a second widget when the script runs twice', () => {
    const p = page();
    const first = p.win.Svyazio;
    p.boot();
    expect(p.win.Svyazio).toBe(first);
    expect(p.doc.querySelectorAll('#svyazio')).toHaveLength(1);
    expect(p.transports).toHaveLength(1);
  });

  it('a second load still drains a Chatra stub set up after the first', () => {
    const p = page();
    chatraStub(p.win);
    p.win.Chatra('openChat');
    p.boot();
    expect(p.win.Chatra).toBe(p.win.Svyazio);
    expect(p.has('expanded')).toBe(true);
  });
});

describe('queue replay', () => {
  it('replays arguments objects from both stubs once, in order', () => {
    const order: string[] = [];
    const p = page({
      before: (w) => {
        svyazioStub(w);
        chatraStub(w);
        w.Svyazio('setButtonPosition', 'bl');
        w.Svyazio('openChat');
        w.Chatra('setButtonPosition', 'rm');
        w.Chatra('sendAutoMessage', 'queued hello');
        w.SvyazioConfig = { onAnalyticEvent: (e: string) => order.push(e) };
      },
    });
    expect(p.has('side-right')).toBe(true);
    expect(p.has('pos-middle')).toBe(true);
    expect(p.has('expanded')).toBe(true);
    expect(p.bubbles()).toEqual([['bot', 'queued hello']]);
    expect(order.filter((e) => e === 'chatOpened')).toHaveLength(1);
  });

  it('accepts plain arrays and bare method names in the queue', () => {
    const p = page({
      before: (w) => {
        w.Chatra = { q: [['setButtonSize', 80], 'openChat'] };
      },
    });
    expect(p.cssVar('--sz')).toBe('80px');
    expect(p.has('expanded')).toBe(true);
  });

  it('empties the old queue and runs later pushes onto a kept reference', () => {
    let kept: unknown[] = [];
    const p = page({
      before: (w) => {
        svyazioStub(w);
        w.Svyazio('hide');
        kept = w.Svyazio.q;
      },
    });
    expect(kept).toHaveLength(0);
    expect(p.has('visible')).toBe(false);
    kept.push(['show']);
    expect(p.has('visible')).toBe(true);
    expect(kept).toHaveLength(0);
  });

  it('replays a stub shared by both names only once', () => {
    const seen: string[] = [];
    page({
      before: (w) => {
        svyazioStub(w);
        w.Chatra = w.Svyazio;
        w.Svyazio('sendAutoMessage', 'once');
        w.SvyazioConfig = { onNewMessage: (m: { text: string }) => seen.push(m.text) };
      },
    });
    expect(seen).toEqual(['once']);
  });
});

describe('lifecycle calls in the queue', () => {
  it('a queued restart leaves one widget, with the calls before and after it applied', () => {
    const p = page({
      before: (w) => {
        w.Chatra = { q: [['setButtonSize', 90], ['restart'], ['setButtonPosition', 'lt']] };
      },
    });
    expect(p.doc.querySelectorAll('#svyazio')).toHaveLength(1);
    expect(p.transports.filter((t) => !t.closed)).toHaveLength(1);
    expect(p.has('side-left') && p.has('pos-top')).toBe(true);
    expect(p.cssVar('--sz')).toBe('90px');
  });

  it('a queued kill means no widget at all', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.Chatra = { q: [['openChat'], ['kill'], ['show']] }) });
    expect(p.host()).toBeNull();
    expect(p.transports).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('show: the widget was killed'));
  });

  it('bad queued calls are reported when the widget boots, and the rest still run', () => {
    const warn = spyWarn();
    const p = page({ before: (w) => (w.Svyazio = { q: [['shutdown'], ['setButtonSize', 'x'], ['openChat']] }) });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('"shutdown"'), expect.stringContaining('setButtonSize: expected size')]);
    expect(p.has('expanded')).toBe(true);
  });
});

describe('errors never reach the page', () => {
  it('warns on an unknown method, naming it', () => {
    const warn = spyWarn();
    const p = page();
    expect(() => p.api('shutdown')).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('unknown method "shutdown"'));
  });

  it('warns on a missing method name', () => {
    const warn = spyWarn();
    const p = page();
    p.api();
    p.api(42);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toContain('method name');
  });

  it('warns that init belongs to the npm wrapper', () => {
    const warn = spyWarn();
    page().api('init', { ID: 'x' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"init" exists only in the npm wrapper'));
  });

  it('warns on bad arguments, naming the method and what was expected, and does nothing', () => {
    const warn = spyWarn();
    const p = page();
    p.api('setButtonSize', 'big');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/setButtonSize: expected size as number .*"big"/));
    expect(p.cssVar('--sz')).toBe('60px');
    p.api('setIntegrationData', 'john');
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('setIntegrationData: expected data as object'));
    p.api('openChat', 'yes');
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('openChat: expected focus as boolean'));
    expect(p.has('expanded')).toBe(false);
    p.api('setGroupId');
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('setGroupId: expected id as string|null'));
    p.api('setLocale', 5);
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('setLocale: expected locale as string|object'));
  });

  it('a throwing callback is reported, not thrown', () => {
    const warn = spyWarn();
    const p = page({
      before: (w) => {
        w.SvyazioConfig = {
          onNewMessage: () => {
            throw new Error('site bug');
          },
          onAnalyticEvent: () => {
            throw new Error('tracker bug');
          },
        };
      },
    });
    expect(() => p.api('sendAutoMessage', 'hi')).not.toThrow();
    expect(() => p.api('openChat')).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('site bug'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('tracker bug'));
    expect(p.bubbles()).toEqual([['bot', 'hi']]);
  });

  it('a transport that throws is reported, not thrown', () => {
    const warn = spyWarn();
    const p = page();
    p.transport().pageView = () => {
      throw new Error('socket gone');
    };
    expect(() => p.api('pageView')).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('socket gone'));
  });
});
