/**
 * Brings the DOM in line with the state: the host `<div id="svyazio">` with its
 * state classes, and inside an open shadow root the launcher, the badge and the
 * chat window. External text only ever goes in as text nodes.
 */
import { DOM, STATE_CLASSES } from './surface';
import { isShown, type State } from './state';
import { hostStyle } from './host-style';
import { textOn } from './contrast';
import type { Teardown } from './teardown';
import { applyStyles } from './styles';

export interface ViewHandlers {
  toggle(): void;
  /** Escape or the close button. */
  close(): void;
  send(text: string): void;
}

export interface View {
  host: HTMLElement;
  render(state: State): void;
  focusInput(): void;
  focusLauncher(): void;
  /** The window itself, for when neither the input nor the launcher should have focus. */
  focusWindow(): void;
  /** Focus is somewhere inside the widget. */
  hasFocus(): boolean;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
const CLOSE_ICON = 'M21 4.8 19.2 3 12 10.2 4.8 3 3 4.8 10.2 12 3 19.2 4.8 21 12 13.8 19.2 21 21 19.2 13.8 12z';
const SEND_ICON = 'M2 21l21-9L2 3v7l15 2-15 2z';

/** The host's state classes, without the prefix. */
export function stateClasses(state: State): string[] {
  const [side, place] = state.position;
  const sides: Record<string, string> = { b: 'bottom', l: 'left', r: 'right' };
  const places: Record<string, string> =
    side === 'b' ? { l: 'left', c: 'center', r: 'right' } : { t: 'top', m: 'middle', b: 'bottom' };
  const on = ['style-' + state.buttonStyle, 'side-' + sides[side], 'pos-' + places[place]];
  if (state.expanded) on.push('expanded');
  if (isShown(state)) on.push('visible');
  if (state.mobile) on.push('mobile-widget');
  return on;
}

export function createView(doc: Document, mount: Element, handlers: ViewHandlers, td: Teardown): View {
  const win = doc.defaultView as Window;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, attrs: Record<string, string> = {}) => {
    const node = doc.createElement(tag);
    node.className = cls;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const icon = (d: string) => {
    const svg = doc.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
    return svg;
  };

  const host = el('div', '', { id: DOM.hostId });
  const shadow = host.attachShadow({ mode: 'open' });
  applyStyles(shadow, win);
  const root = el('div', 'r');
  const button = el('button', 'b', { part: 'button', type: 'button', 'aria-haspopup': 'dialog' });
  const buttonFace = el('span', '');
  const badge = el('span', 'g', { part: 'badge', 'aria-hidden': 'true' });
  button.append(buttonFace, badge);
  const dialog = el('div', 'w', { part: 'window', role: 'dialog', 'aria-labelledby': 'svz-t', id: 'svz-w', tabindex: '-1' });
  button.setAttribute('aria-controls', 'svz-w');
  const header = el('div', 'h', { part: 'header' });
  const titles = el('div', '');
  const title = el('p', 't', { id: 'svz-t' });
  const subtitle = el('p', 'u');
  const close = el('button', 'x', { type: 'button' });
  close.textContent = '×';
  titles.append(title, subtitle);
  header.append(titles, close);
  const list = el('div', 'm', { part: 'messages', role: 'log', 'aria-live': 'polite' });
  const welcome = el('p', 'n');
  const offline = el('p', 'n');
  list.append(welcome, offline);
  const composer = el('div', 'c');
  const input = el('textarea', 'i', { part: 'input', rows: '1' });
  const send = el('button', 's', { part: 'send', type: 'button' });
  send.append(icon(SEND_ICON));
  composer.append(input, send);
  dialog.append(header, list, composer);
  root.append(button, dialog);
  shadow.append(root);
  mount.append(host);
  td.add(() => host.remove());

  const submit = () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    handlers.send(text);
  };
  td.on(button, 'click', () => handlers.toggle());
  td.on(close, 'click', () => handlers.close());
  td.on(send, 'click', submit);
  // An IME uses Enter and Escape to commit or cancel its composition; Safari
  // reports the committing Enter with isComposing false but keyCode 229.
  const composing = (e: KeyboardEvent) => e.isComposing || e.keyCode === 229;
  td.on(input, 'keydown', (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !composing(e)) {
      e.preventDefault();
      submit();
    }
  });
  // On the launcher too: it is the toggle of the open window.
  td.on(root, 'keydown', (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !composing(e)) handlers.close();
  });

  let rendered: string[] = [];
  const bubble = (m: State['messages'][number]) => {
    const b = el('div', 'q ' + m.type);
    if (m.author && m.type === 'agent') {
      const name = el('span', 'a');
      name.textContent = m.author;
      b.append(name);
    }
    b.append(m.text);
    return b;
  };
  /** Writes a value to the DOM only when it changed since the last render: renders run once per API call. */
  const last = new Map<string, unknown>();
  const put = <T,>(key: string, value: T, apply: (v: T) => void) => {
    if (last.get(key) === value) return;
    last.set(key, value);
    apply(value);
  };
  const text = (node: Node, key: string, value: string) => put(key, value, (v) => (node.textContent = v));
  const attr = (node: Element, name: string, key: string, value: string) => put(key, value, (v) => node.setAttribute(name, v));
  const hide = (node: HTMLElement, key: string, value: boolean) => put(key, value, (v) => (node.hidden = v));

  return {
    host,
    focusInput: () => input.focus(),
    focusLauncher: () => {
      if (!button.hidden) button.focus();
    },
    focusWindow: () => dialog.focus(),
    hasFocus: () => shadow.activeElement !== null,
    render(s) {
      const on = stateClasses(s);
      put('classes', on.join(' '), () => {
        for (const c of STATE_CLASSES) host.classList.toggle(DOM.classPrefix + c, on.includes(c));
      });
      put('body', s.mobile && s.expanded && isShown(s) && !s.frame, (v) => doc.body.classList.toggle(DOM.mobileBodyClass, v));
      put('frame', s.frame, (v) => root.classList.toggle('f', v));
      for (const [k, v] of Object.entries(hostStyle(s))) put('host:' + k, v, () => host.style.setProperty(k, v));
      attr(root, 'lang', 'lang', s.language);
      // Without an accent colour the launcher's colour is the brand colour: one colour for the whole widget.
      const ac = s.accentColor ?? s.colors.buttonBg ?? '#3b6cf6';
      const bb = s.colors.buttonBg ?? ac;
      const cb = s.colors.chatBg ?? '#fff';
      const cl = s.colors.clientBubbleBg ?? ac;
      const ag = s.colors.agentBubbleBg ?? '#eef0f4';
      const vars: Array<[string, string]> = [
        ['--sz', s.buttonSize + 'px'],
        ['--cw', s.chatWidth + 'px'],
        ['--ch', s.chatHeight + 'px'],
        ['--ac', ac],
        // Text on the accent: the site's buttonText when the accent is the launcher's colour, else derived.
        ['--at', ac === bb && s.colors.buttonText ? s.colors.buttonText : textOn(ac, '#fff')],
        ['--bb', bb],
        ['--bt', s.colors.buttonText ?? textOn(bb, '#fff')],
        ['--cb', cb],
        ['--ct', textOn(cb, '#222')],
        ['--cl', cl],
        ['--clt', textOn(cl, '#fff')],
        ['--ag', ag],
        ['--agt', textOn(ag, '#222')],
      ];
      // On the host, so :host rules see them; CSSOM writes pass a strict CSP.
      for (const [k, v] of vars) put(k, v, () => host.style.setProperty(k, v));

      const str = s.strings;
      hide(button, 'button', s.frame || s.customButton || (s.mobile && s.expanded));
      // The badge is decoration; the unread count reaches screen readers through the name.
      attr(button, 'aria-label', 'label', s.expanded ? str.closeChat : s.unread ? `${str.openChat} (${s.unread})` : str.openChat);
      attr(button, 'aria-expanded', 'expanded', String(s.expanded));
      // The round launcher shows what a click does: open the chat, or close it.
      const roundIcon = s.expanded ? CLOSE_ICON : CHAT_ICON;
      put('face', s.buttonStyle === 'tab' ? 'tab:' + str.buttonText : roundIcon, () =>
        buttonFace.replaceChildren(s.buttonStyle === 'tab' ? doc.createTextNode(str.buttonText) : icon(roundIcon)),
      );
      hide(badge, 'badge', s.unread === 0 || s.expanded);
      text(badge, 'unread', s.unread > 99 ? '99+' : String(s.unread));

      hide(dialog, 'dialog', !s.expanded);
      text(title, 'title', str.headerTitle);
      text(subtitle, 'subtitle', s.online ? str.onlineTitle : str.offlineTitle);
      hide(close, 'close', s.frame);
      attr(close, 'aria-label', 'closeLabel', str.closeChat);
      text(welcome, 'welcome', str.welcomeText);
      text(offline, 'offline', str.offlineText);
      hide(offline, 'online', s.online);
      put('placeholder', str.placeholder, (v) => {
        input.placeholder = v;
        input.setAttribute('aria-label', v);
      });
      attr(send, 'aria-label', 'send', str.send);

      // The list is built when someone can see it: a long queue of messages costs nothing at boot.
      if (!s.expanded) return;
      // Messages are only ever appended, except when the backend's history arrives: then rebuild.
      const n = rendered.length;
      const appendOnly = n === 0 || (s.messages[0]?.id === rendered[0] && s.messages[n - 1]?.id === rendered[n - 1]);
      if (!appendOnly) {
        list.replaceChildren(welcome, offline);
        rendered = [];
      }
      if (s.messages.length > rendered.length) {
        const fresh = s.messages.slice(rendered.length);
        list.append(...fresh.map(bubble));
        rendered.push(...fresh.map((m) => m.id));
        list.scrollTop = list.scrollHeight;
      }
    },
  };
}
