/**
 * Analytic events go to the page's onAnalyticEvent callback, the backend, and
 * (as Chatra did) Google Analytics and Yandex.Metrica when they are on the
 * page, unless the settings switch them off. A site with its own
 * onAnalyticEvent forwards events itself (the spec's Analytics example calls
 * gtag), so Google Analytics then gets them from the widget only when
 * gaTrackingId or gaTrackerName asks for it: one event, one count.
 */
import type { Config } from './config';
import type { Transport } from './transport';
import { errorText, warn } from './log';

const CATEGORY = 'Svyazio';
type Fn = (...args: unknown[]) => unknown;

export function createAnalytics(win: Window, config: Config, transport: Transport): (event: string) => void {
  const w = win as unknown as Record<string, unknown>;
  const s = config.settings;
  const attempt = (what: string, run: () => unknown) => {
    try {
      run();
    } catch (e) {
      warn(`${what} threw: ${errorText(e)}`);
    }
  };
  return (event) => {
    const cb = config.callback('onAnalyticEvent');
    if (cb) attempt('onAnalyticEvent', () => cb(event));
    attempt('transport', () => transport.analytic(event));
    if (!s.disableGaTracking && (!cb || s.gaTrackingId || s.gaTrackerName)) {
      const gtag = w.gtag as Fn | undefined;
      const ga = w.ga as Fn | undefined;
      if (typeof gtag === 'function') {
        const params: Record<string, unknown> = { event_category: CATEGORY };
        if (s.gaTrackingId) params.send_to = s.gaTrackingId;
        attempt('gtag', () => gtag('event', event, params));
      } else if (typeof ga === 'function') {
        attempt('ga', () => ga(s.gaTrackerName ? s.gaTrackerName + '.send' : 'send', 'event', CATEGORY, event));
      }
    }
    const ym = w.ym as Fn | undefined;
    if (!s.disableYaTracking && s.yaCounterId && typeof ym === 'function') {
      attempt('ym', () => ym(Number(s.yaCounterId) || s.yaCounterId, 'reachGoal', event));
    }
  };
}
