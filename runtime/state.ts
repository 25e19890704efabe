/**
 * The widget's whole visible state as plain data. Methods change it and ask
 * the view to render; nothing else decides what the page shows.
 */
import type { Colors, Settings } from './config';
import { buildStrings, flattenOverrides, toLanguage, type Strings } from './locale';
import type { Language, Position } from './surface';
import type { ChatMessage } from './transport';

export interface State {
  expanded: boolean;
  /** Cleared by `hide` and `startHidden`; an open window is shown either way. */
  visible: boolean;
  /** False when mobileOnly / disabledOnMobile rule the widget out on this device. */
  allowed: boolean;
  mobile: boolean;
  frame: boolean;
  /** The site's own element opens the chat, so the launcher is hidden. */
  customButton: boolean;
  buttonStyle: 'round' | 'tab';
  position: Position;
  buttonSize: number;
  chatWidth: number;
  chatHeight: number;
  zIndex: number;
  accentColor?: string;
  colors: Colors;
  language: Language;
  /** setLocale overrides, kept so a later language switch keeps them. */
  overrides: Partial<Strings>;
  strings: Strings;
  online: boolean;
  messages: ChatMessage[];
  unread: number;
}

/** The settings' own text fields beat locale overrides: they are the more specific. */
function textSettings(s: Settings): Partial<Strings> {
  const out: Partial<Strings> = {};
  const pairs: Array<[keyof Strings, string | undefined]> = [
    ['headerTitle', s.headerText],
    ['welcomeText', s.welcomeText],
    ['onlineTitle', s.onlineTitle],
    ['offlineTitle', s.offlineTitle],
    ['offlineText', s.offlineText],
  ];
  for (const [k, v] of pairs) if (v !== undefined) out[k] = v;
  return out;
}

/** Shown: allowed on this device, and not hidden (an open window always counts as shown). */
export function isShown(state: State): boolean {
  return state.allowed && (state.visible || state.expanded);
}

export function localize(state: State, settings: Settings): void {
  state.strings = buildStrings(state.language, { ...state.overrides, ...textSettings(settings) });
}

export interface Environment {
  mobile: boolean;
  frame: boolean;
  /** The site's customWidgetButton selector is usable. */
  customButton: boolean;
  pageLanguage?: string;
}

export function initialState(s: Settings, env: Environment): State {
  const locale = s.locale;
  const language =
    toLanguage(typeof locale === 'string' ? locale : undefined) ?? toLanguage(s.language) ?? toLanguage(env.pageLanguage) ?? 'en';
  const state: State = {
    expanded: env.frame,
    visible: !s.startHidden,
    allowed: env.mobile ? !s.disabledOnMobile : !s.mobileOnly,
    mobile: env.mobile,
    frame: env.frame,
    customButton: env.customButton,
    buttonStyle: s.buttonStyle,
    position: s.buttonPosition,
    buttonSize: s.buttonSize,
    chatWidth: s.chatWidth,
    chatHeight: s.chatHeight,
    zIndex: s.zIndex,
    accentColor: s.accentColor,
    colors: { ...s.colors },
    language,
    overrides: typeof locale === 'object' && locale !== null ? flattenOverrides(locale as Record<string, unknown>) : {},
    strings: buildStrings(language, {}),
    online: false,
    messages: [],
    unread: 0,
  };
  localize(state, s);
  return state;
}
