/**
 * Installs the widget on a window: the shared API function on `Svyazio` and
 * `Chatra`, the replay of both stubs' queues, and the lifecycle around one
 * booted widget (waiting for the body or for `load`, restart, kill).
 */
import { createApiFunction, isApiFunction, resolveCall, type ApiFunction } from './api';
import { readConfig, type Config } from './config';
import { isMobileDevice } from './device';
import { errorText, warn } from './log';
import { drainQueue } from './queue';
import { localStore, type Store } from './storage';
import { CHATRA_GLOBALS, SVYAZIO_GLOBALS } from './surface';
import { createTeardown } from './teardown';
import { defaultTransport, type TransportFactory } from './transport-default';
import { bootWidget, resolveMount, type Session, type Widget } from './widget';

export interface InstallOptions {
  transport?: TransportFactory;
  storage?: Store;
  isMobile?: (win: Window) => boolean;
  /** Where the backend lives by default; taken from the running script's URL when omitted. */
  scriptOrigin?: string;
}

const CHATRA_API = Object.keys(CHATRA_GLOBALS).find((k) => CHATRA_GLOBALS[k].svyazio === SVYAZIO_GLOBALS.api) as string;

function currentScriptOrigin(win: Window): string {
  const src = (win.document.currentScript as HTMLScriptElement | null)?.src;
  try {
    return new URL(src || win.location.href).origin;
  } catch {
    return win.location.origin;
  }
}

export function install(win: Window, options: InstallOptions = {}): ApiFunction {
  const w = win as unknown as Record<string, unknown>;
  const existing = [w[SVYAZIO_GLOBALS.api], w[CHATRA_API]].find(isApiFunction);
  if (existing) {
    // The script was loaded twice: keep the widget we have, but honour a stub set up since.
    for (const name of [SVYAZIO_GLOBALS.api, CHATRA_API]) {
      if (w[name] !== existing) drainQueue(w[name], (args) => existing(...args));
      w[name] = existing;
    }
    return existing;
  }

  const doc = win.document;
  const deps = {
    transport: options.transport ?? defaultTransport,
    storage: options.storage ?? localStore(win),
    isMobile: options.isMobile ?? isMobileDevice,
    scriptOrigin: options.scriptOrigin ?? currentScriptOrigin(win),
  };
  const session: Session = {};
  /** Listeners waiting for the page to be ready; kill and restart drop them. */
  const waiting = createTeardown();
  let widget: Widget | null = null;
  /** Calls made before the boot, unchecked: the boot checks them once, as it runs them. */
  let pending: unknown[][] = [];
  let started = false;
  let killed = false;

  const bootNow = (config: Config) => {
    waiting.run();
    try {
      widget = bootWidget(win, config, deps, session);
    } catch (e) {
      warn(`failed to start: ${errorText(e)}`);
      return;
    }
    const calls = pending;
    pending = [];
    widget.batch(() => {
      for (const args of calls) {
        try {
          run(args);
        } catch (e) {
          warn(`${String(args[0])} failed: ${errorText(e)}`);
        }
      }
    });
  };
  const start = () => {
    started = true;
    const config = readConfig(win);
    const boot = () => bootNow(config);
    const s = config.settings;
    // A frame block below the script is not parsed yet: its page is still loading.
    const frameAhead = s.mode === 'frame' && doc.readyState === 'loading' && !resolveMount(doc, s.injectTo);
    if (s.deferredLoading && doc.readyState !== 'complete') waiting.on(win, 'load', boot);
    else if (!doc.body || frameAhead) waiting.on(doc, 'DOMContentLoaded', boot);
    else boot();
  };
  const stop = () => {
    waiting.run();
    widget?.destroy();
    widget = null;
  };

  const run = (args: unknown[]) => {
    const call = resolveCall(args);
    if (!call) return;
    if (killed) return warn(`${call.name}: the widget was killed; it cannot be used again until the page reloads`);
    if (call.name === 'kill') {
      // Closing first takes the open-chat hash out of the URL, so a reload does not reopen the chat.
      widget?.call('closeChat', []);
      stop();
      pending = [];
      killed = true;
    } else if (call.name === 'restart') {
      stop();
      start();
    } else if (widget) widget.call(call.name, call.args);
    else pending.push(args);
  };
  const api = createApiFunction((args) => {
    // Before the boot only kill and restart act at once; the rest waits for it.
    if (widget || killed || args[0] === 'kill' || args[0] === 'restart') run(args);
    else pending.push(args);
  }, () => widget?.expanded() ?? false);

  const stubs = [w[SVYAZIO_GLOBALS.api], w[CHATRA_API]];
  w[SVYAZIO_GLOBALS.api] = api;
  w[CHATRA_API] = api;
  for (const stub of new Set(stubs)) drainQueue(stub, (args) => api(...args));
  // A queued restart has started the widget already, a queued kill has ended it.
  if (!started && !killed) start();
  return api;
}
