/**
 * One booted widget: state, view, transport, hash and analytics wired
 * together, plus every method that acts on them. `destroy` undoes all of it;
 * restart and kill (in boot.ts) are built on that.
 */
import { createAnalytics } from './analytics';
import { clampButtonSize, clampChatHeight, clampChatWidth, isPosition, type Config } from './config';
import { createHashSync, type HashSync } from './hash';
import { flattenOverrides, toLanguage } from './locale';
import { errorText, warn } from './log';
import { initialState, isShown, localize } from './state';
import type { Store } from './storage';
import { COLOR_KEYS, DOM, HASHES, ANALYTIC_EVENTS as EV } from './surface';
import { createTeardown, type Teardown } from './teardown';
import type { ChatMessage, LocalMessage } from './transport';
import type { TransportFactory } from './transport-default';
import { createView } from './view';

type Dict = Record<string, unknown>;

export interface WidgetDeps {
  transport: TransportFactory;
  storage: Store;
  isMobile(win: Window): boolean;
  scriptOrigin: string;
}

/** What the visitor's own calls set, carried over a restart (config objects are re-read, these are not). */
export interface Session {
  integration?: Dict;
  groupId?: string | null;
}

export interface Widget {
  call(name: string, args: unknown[]): void;
  /** Runs many calls with one render at the end. */
  batch(run: () => void): void;
  expanded(): boolean;
  destroy(): void;
}

const idIn = (data: Dict | undefined) => (typeof data?.clientId === 'string' ? data.clientId : undefined);
const uid = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 10);

/** injectTo: an element id (with or without '#'), a selector, an element, or a collection of them. */
export function resolveMount(doc: Document, target: unknown): Element | null {
  if (typeof target === 'string') {
    const id = target.replace(/^#/, '');
    try {
      return doc.getElementById(id) ?? doc.querySelector(target);
    } catch {
      return null;
    }
  }
  const win = doc.defaultView as unknown as { Element: typeof Element };
  if (target instanceof win.Element) return target;
  const first = (target as ArrayLike<unknown> | null)?.[0];
  return first instanceof win.Element ? first : null;
}

/** The selector when the browser can use it; a bad one is reported now, and the launcher stays. */
function usableSelector(doc: Document, selector: string | undefined): string | undefined {
  if (selector === undefined) return undefined;
  try {
    doc.querySelector(selector);
    return selector;
  } catch {
    warn(`setting customWidgetButton: "${selector}" is not a valid CSS selector; showing the default launcher`);
    return undefined;
  }
}

export function bootWidget(win: Window, config: Config, deps: WidgetDeps, session: Session): Widget {
  const td = createTeardown();
  try {
    return assemble(win, config, deps, session, td);
  } catch (e) {
    // A half-built widget must not leave its host, listeners or socket behind.
    td.run();
    throw e;
  }
}

function assemble(win: Window, config: Config, deps: WidgetDeps, session: Session, td: Teardown): Widget {
  const doc = win.document;
  const s = config.settings;
  let alive = true;
  /** Transport events arrive from socket callbacks: stale ones are dropped, failures reported, never thrown. */
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (!alive) return;
      try {
        fn(...args);
      } catch (e) {
        warn(`failed to handle a backend event: ${errorText(e)}`);
      }
    };

  const mount = s.mode === 'frame' ? resolveMount(doc, s.injectTo) : null;
  if (s.mode === 'frame' && !mount) warn(`mode "frame" needs injectTo to name an element on the page; got ${String(s.injectTo)}, showing the floating widget`);
  const customButton = usableSelector(doc, s.customWidgetButton);
  const state = initialState(s, {
    mobile: deps.isMobile(win),
    frame: mount !== null,
    customButton: customButton !== undefined,
    pageLanguage: doc.documentElement.lang || win.navigator.language,
  });
  let integration: Dict = session.integration ?? { ...config.integration };

  const transport = deps.transport({ orgId: config.orgId, scriptOrigin: deps.scriptOrigin, socketUrl: s.socketUrl, storage: deps.storage });
  td.add(() => transport.close());
  const track = createAnalytics(win, config, transport);
  const seen = new Set<string>();
  /** The site's element that opened the chat, to return focus to on Escape. */
  let opener: HTMLElement | null = null;
  let wasShown = false;

  /** Inside a batch (the replay of queued calls) rendering waits for the end of it. */
  let batching = false;
  let focusPending = false;
  const update = () => {
    if (batching) return;
    localize(state, s);
    view.render(state);
    const shown = isShown(state);
    if (shown && !wasShown) track(EV.widgetShown);
    wasShown = shown;
    if (focusPending) view.focusInput();
    focusPending = false;
  };

  const open = (focus: boolean) => {
    if (!state.allowed) return;
    // The input can only take focus once the window is rendered.
    focusPending ||= focus;
    // On a phone the launcher hides behind the full-screen window: its focus moves into the window.
    const fromLauncher = state.mobile && view.hasFocus();
    if (!state.expanded) {
      state.expanded = true;
      state.unread = 0;
      hash?.opened();
      track(EV.chatOpened);
    }
    update();
    if (fromLauncher && !focus) view.focusWindow();
  };
  /** Focus inside the closing window goes back to what opened it, however it closes. */
  const close = () => {
    if (!state.expanded || state.frame) return;
    const hadFocus = view.hasFocus();
    state.expanded = false;
    update();
    hash?.closed();
    track(EV.chatClosed);
    if (!hadFocus) return;
    if (opener?.isConnected && state.customButton) opener.focus();
    else view.focusLauncher();
  };

  const notify = (m: ChatMessage) => {
    const cb = config.callback('onNewMessage');
    if (!cb) return;
    try {
      cb({ id: m.id, text: m.text, createdAt: m.createdAt, type: m.type });
    } catch (e) {
      warn(`onNewMessage threw: ${errorText(e)}`);
    }
  };
  /** Adds a message once; echoes of one already shown are dropped. */
  const add = (m: ChatMessage) => {
    if (seen.has(m.id)) return false;
    seen.add(m.id);
    state.messages.push(m);
    if (m.type !== 'client' && !state.expanded) state.unread++;
    update();
    notify(m);
    return true;
  };
  /** sendAutoMessage texts shown since the visitor last wrote: they reach agents with the next reply, or never. */
  const autos: LocalMessage[] = [];
  const send = (text: string) => {
    const msg = { id: uid(), text, createdAt: Date.now() };
    add({ ...msg, type: 'client' });
    transport.sendMessage(autos.length ? { ...msg, auto: autos.splice(0) } : msg);
    track(EV.messageSent);
  };

  const view = createView(doc, mount ?? doc.body, {
    toggle: () => (state.expanded ? close() : open(!state.mobile)),
    close,
    send,
  }, td);

  const hash: HashSync | null =
    s.disableChatOpenHash || state.frame ? null : createHashSync(win, td, { open: (byUser) => open(byUser && !state.mobile), close, isExpanded: () => state.expanded }, config.chatraPage ? HASHES.chatra : HASHES.svyazio);

  if (customButton) {
    // Delegated, so buttons the site adds later work too.
    td.on(doc, 'click', (e: MouseEvent) => {
      const hit = (e.target as Element | null)?.closest?.(customButton);
      if (!hit) return;
      // The element may be a link to "#" or a form button; its own action would undo the open.
      e.preventDefault();
      opener = hit as HTMLElement;
      open(!state.mobile);
    });
  }

  const page = () => ({ url: win.location.href, title: doc.title });
  // Per org: a visitor of two sites on one origin is two visitors.
  const visitorKey = 'svyazio.visitor.' + config.orgId;
  const visitorId = deps.storage.get(visitorKey) ?? uid();
  deps.storage.set(visitorKey, visitorId);

  transport.connect(
    {
      orgId: config.orgId,
      visitorId,
      // Sites pass the login id in visitor data too (setIntegrationData({ clientId })); the
      // visitor's latest login, carried over a restart, beats the config's.
      clientId: idIn(session.integration) ?? s.clientId ?? idIn(integration),
      groupId: session.groupId !== undefined ? session.groupId : config.groupId,
      integration,
      page: { ...page(), referrer: doc.referrer },
      locale: state.language,
    },
    {
      welcome: guard((history: ChatMessage[], online: boolean) => {
        for (const m of history) seen.add(m.id);
        const ids = new Set(history.map((m) => m.id));
        state.messages = [...history, ...state.messages.filter((m) => !ids.has(m.id))];
        state.online = online;
        update();
      }),
      message: guard((m: ChatMessage) => {
        if (add(m) && m.type !== 'client') track(EV.messageReceived);
      }),
      ack: guard((id: string, createdAt: number) => {
        const m = state.messages.find((x) => x.id === id);
        if (m) m.createdAt = createdAt;
      }),
      agentsOnline: guard((online: boolean) => {
        state.online = online;
        update();
      }),
      status() {},
    },
  );
  update();
  hash?.sync();

  const setLanguage = (code: string, method = 'setLanguage') => {
    const lang = toLanguage(code);
    if (!lang) return warn(`${method}: unknown language "${code}"; use ru, en, es or pt`);
    state.language = lang;
  };
  const methods: Record<string, (...args: any[]) => void> = {
    openChat: (focus?: boolean) => open(focus === true),
    expandWidget: (focus?: boolean) => {
      if (!state.mobile) open(focus === true);
    },
    minimizeWidget: close,
    closeChat: close,
    hide() {
      close();
      state.visible = false;
    },
    show() {
      state.visible = true;
    },
    setIntegrationData(data: Dict) {
      integration = session.integration = { ...data };
      transport.setIntegration(integration, 'set');
    },
    updateIntegrationData(data: Dict) {
      const next = { ...integration };
      for (const [k, v] of Object.entries(data)) {
        if (v === null) delete next[k];
        else next[k] = v;
      }
      integration = session.integration = next;
      transport.setIntegration({ ...data }, 'merge');
    },
    setButtonPosition(code: string) {
      if (isPosition(code)) state.position = code;
      else warn(`setButtonPosition: expected one of bl, bc, br, lt, lm, lb, rt, rm, rb, got "${code}"`);
    },
    resetButtonPosition() {
      state.position = s.buttonPosition;
    },
    setButtonSize: (n: number) => void (state.buttonSize = clampButtonSize(n)),
    setChatWidth: (n: number) => void (state.chatWidth = clampChatWidth(n)),
    setChatHeight: (n: number) => void (state.chatHeight = clampChatHeight(n)),
    setZIndex: (n: number) => void (state.zIndex = n),
    setColors(colors: Dict) {
      for (const [k, v] of Object.entries(colors)) {
        if ((COLOR_KEYS as readonly string[]).includes(k) && typeof v === 'string') state.colors = { ...state.colors, [k]: v };
        else warn(`setColors: ignored ${k}; expected string values for ${COLOR_KEYS.join(', ')}`);
      }
    },
    resetColors() {
      state.colors = { ...s.colors };
    },
    setLanguage: (code: string) => setLanguage(code),
    setLocale(locale: string | Dict) {
      if (typeof locale === 'string') setLanguage(locale, 'setLocale');
      else state.overrides = { ...state.overrides, ...flattenOverrides(locale) };
    },
    sendAutoMessage(text: string) {
      if (!text.trim()) return warn('sendAutoMessage: expected some text, got an empty string');
      const msg = { id: uid(), text, createdAt: Date.now() };
      add({ ...msg, type: 'bot' });
      autos.push(msg);
    },
    pageView: () => transport.pageView(page()),
    setGroupId(id: string | null) {
      session.groupId = id;
      transport.setGroup(id);
    },
  };

  return {
    call(name, args) {
      const method = methods[name];
      if (!method) return warn(`${name} is not available on a booted widget`);
      method(...args);
      update();
    },
    batch(run) {
      batching = true;
      try {
        run();
      } finally {
        batching = false;
        if (alive) update();
      }
    },
    expanded: () => state.expanded,
    destroy() {
      alive = false;
      td.run();
      doc.body.classList.remove(DOM.mobileBodyClass);
    },
  };
}
