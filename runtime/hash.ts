/**
 * The URL hash as a way in and out: `#svyazioChatExpanded` or
 * `#chatraChatExpanded` (in the URL, set later, or on a clicked link) opens the
 * chat; opening pushes the hash so the Back button closes it again (Chatra's
 * name on a page configured with Chatra's names only).
 */
import { HASHES } from './surface';
import type { Teardown } from './teardown';

export function isOpenHash(hash: string): boolean {
  const h = hash.replace(/^#/, '');
  return h === HASHES.svyazio || h === HASHES.chatra;
}

export interface HashSync {
  /** Open or close to match the URL now. */
  sync(): void;
  opened(): void;
  closed(): void;
}

export function createHashSync(
  win: Window,
  td: Teardown,
  chat: { open(byUser: boolean): void; close(): void; isExpanded(): boolean },
  /** The hash opening pushes: Chatra's on pages that only speak Chatra. */
  own: string,
): HashSync {
  const loc = win.location;
  /** The URL of the entry we pushed, so closing can go Back over it while it is still current. */
  let pushed: string | null = null;
  const sync = () => {
    if (isOpenHash(loc.hash)) chat.open(false);
    else if (chat.isExpanded()) {
      pushed = null;
      chat.close();
    }
  };
  td.on(win, 'hashchange', sync);
  td.on(win, 'popstate', sync);
  td.on(win.document, 'click', (e: MouseEvent) => {
    const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || e.defaultPrevented || !isOpenHash(link.hash)) return;
    // Links to another page's hash are that page's business. A literal "#…" is this page's,
    // even where <base href> resolves it elsewhere.
    const samePage = link.getAttribute('href')?.startsWith('#') || link.origin + link.pathname + link.search === loc.origin + loc.pathname + loc.search;
    if (!samePage) return;
    e.preventDefault();
    chat.open(true);
  });
  /** Sandboxed frames and some file:// pages refuse history changes; the chat works without them. */
  const navigate = (change: (h: History) => void) => {
    try {
      change(win.history);
      return true;
    } catch {
      return false;
    }
  };
  return {
    sync,
    opened() {
      if (isOpenHash(loc.hash)) return;
      // A path, not a bare "#…": pushState resolves against <base href>, which may be another page.
      pushed = navigate((h) => h.pushState(h.state, '', loc.pathname + loc.search + '#' + own)) ? loc.href : null;
    },
    closed() {
      if (!isOpenHash(loc.hash)) return;
      // An SPA may have pushed entries of its own since: then going Back would leave its route.
      const ours = pushed === loc.href;
      pushed = null;
      // Stripped at once, as Back is asynchronous: a reload right after must not reopen the chat.
      navigate((h) => h.replaceState(h.state, '', loc.pathname + loc.search));
      if (ours) navigate((h) => h.back());
    },
  };
}
