/**
 * Brings the DOM in line with the state: the host `<div id="svyazio">` with its
 * state classes, and inside an open shadow root the launcher, the badge and the
 * chat window. External text only ever goes in as text nodes.
 */
import { DOM, STATE_CLASSES } from './surface';
import type { State } from './state';
import type { Teardown } from './teardown';
import { applyStyles } from './styles';

export interface ViewHandlers {
  toggle(): void;
  /** Escape or the close button; focus goes back to the launcher. */
  close(): void;
  send(text: string): void;
}

export interface View {
  host: HTMLElement;
  render(state: State): void;
  focusInput(): void;
  focusLauncher(): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
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

export function isShown(state: State): boolean {
  return state.allowed && (state.visible || state.expanded);
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
  const dialog = el('div', 'w', { part: 'window', role: 'dialog', 'aria-labelledby': 'svz-t', id: 'svz-w' });
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
  td.on(input, 'keydown', (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  td.on(dialog, 'keydown', (e: KeyboardEvent) => {
    if (e.key === 'Escape') handlers.close();
  });

  let face = '';
  let faceText = '';
  let rendered: string[] = [];
  const bubble = (m: State['messages'][number]) => {
    const b = el('div', 'q ' + m.type);
    b.textContent = m.text;
    return b;
  };

  return {
    host,
    focusInput: () => input.focus(),
    focusLauncher: () => {
      if (!button.hidden) button.focus();
    },
    render(s) {
      const on = stateClasses(s);
      for (const c of STATE_CLASSES) host.classList.toggle(DOM.classPrefix + c, on.includes(c));
      doc.body.classList.toggle(DOM.mobileBodyClass, s.mobile && s.expanded && isShown(s) && !s.frame);
      root.classList.toggle('f', s.frame);
      root.lang = s.language;
      const ac = s.accentColor ?? '#3b6cf6';
      const vars: Record<string, string> = {
        '--z': String(s.zIndex),
        '--sz': s.buttonSize + 'px',
        '--cw': s.chatWidth + 'px',
        '--ch': s.chatHeight + 'px',
        '--ac': ac,
        '--bb': s.colors.buttonBg ?? ac,
        '--bt': s.colors.buttonText ?? '#fff',
        '--cb': s.colors.chatBg ?? '#fff',
        '--cl': s.colors.clientBubbleBg ?? ac,
        '--ag': s.colors.agentBubbleBg ?? '#eef0f4',
      };
      // On the host, so the site can read them and :host rules see them; CSSOM writes pass a strict CSP.
      for (const [k, v] of Object.entries(vars)) host.style.setProperty(k, v);
      if (s.frame) {
        host.style.position = 'static';
        host.style.height = '100%';
      }

      const str = s.strings;
      button.hidden = s.frame || s.customButton || (s.mobile && s.expanded);
      button.setAttribute('aria-label', s.expanded ? str.closeChat : str.openChat);
      button.setAttribute('aria-expanded', String(s.expanded));
      const text = s.buttonStyle === 'tab' ? str.buttonText : '';
      if (face !== s.buttonStyle || faceText !== text) {
        face = s.buttonStyle;
        faceText = text;
        buttonFace.replaceChildren(s.buttonStyle === 'tab' ? doc.createTextNode(text) : icon(CHAT_ICON));
      }
      badge.hidden = s.unread === 0 || s.expanded;
      badge.textContent = s.unread > 99 ? '99+' : String(s.unread);

      dialog.hidden = !s.expanded;
      title.textContent = str.headerTitle;
      subtitle.textContent = s.online ? str.onlineTitle : str.offlineTitle;
      close.hidden = s.frame;
      close.setAttribute('aria-label', str.closeChat);
      welcome.textContent = str.welcomeText;
      offline.textContent = str.offlineText;
      offline.hidden = s.online;
      input.placeholder = str.placeholder;
      input.setAttribute('aria-label', str.placeholder);
      send.setAttribute('aria-label', str.send);

      const ids = s.messages.map((m) => m.id);
      const appendOnly = rendered.every((id, i) => ids[i] === id);
      if (!appendOnly) {
        list.replaceChildren(welcome, offline);
        rendered = [];
      }
      if (ids.length > rendered.length) {
        for (const m of s.messages.slice(rendered.length)) list.append(bubble(m));
        rendered = ids;
        list.scrollTop = list.scrollHeight;
      }
    },
  };
}
