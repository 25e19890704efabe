/**
 * Reads the page's configuration globals into one normalized Config:
 * SvyazioConfig wins over SvyazioSetup, which wins over ChatraSetup. Bad values
 * are reported and replaced by their defaults, so the widget always boots.
 */
import { LANGUAGES, LIMITS, POSITIONS, SETTINGS, type ColorKey, type Position } from './surface';
import { toLanguage } from './locale';
import { warn } from './log';

export type Colors = Partial<Record<ColorKey, string>>;
type Dict = Record<string, unknown>;

export interface Settings {
  buttonStyle: 'round' | 'tab';
  buttonPosition: Position;
  buttonSize: number;
  chatWidth: number;
  chatHeight: number;
  zIndex: number;
  accentColor?: string;
  colors: Colors;
  startHidden: boolean;
  disabledOnMobile: boolean;
  mobileOnly: boolean;
  disableChatOpenHash: boolean;
  deferredLoading: boolean;
  customWidgetButton?: string;
  headerText?: string;
  welcomeText?: string;
  onlineTitle?: string;
  offlineTitle?: string;
  offlineText?: string;
  locale?: unknown;
  language?: string;
  clientId?: string;
  mode: 'widget' | 'frame';
  injectTo?: unknown;
  gaTrackingId?: string;
  gaTrackerName?: string;
  disableGaTracking: boolean;
  yaCounterId?: string;
  disableYaTracking: boolean;
  socketUrl?: string;
}

export type CallbackName = 'onNewMessage' | 'onAnalyticEvent';

export interface Config {
  orgId: string;
  groupId: string | null;
  integration: Dict;
  settings: Settings;
  /** The page is configured with Chatra's names only: it gets Chatra's hash back (its code may read it). */
  chatraPage: boolean;
  /** Looked up on every call, so handlers assigned after load are found. */
  callback(name: CallbackName): ((...args: unknown[]) => unknown) | undefined;
}

const isObject = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Dict => (isObject(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

export function clampButtonSize(n: number): number {
  return Math.min(LIMITS.buttonSize.max, Math.max(LIMITS.buttonSize.min, n));
}
export const clampChatWidth = (n: number): number => Math.max(LIMITS.chatWidth.min, n);
export const clampChatHeight = (n: number): number => Math.max(LIMITS.chatHeight.min, n);

export function isPosition(v: unknown): v is Position {
  return (POSITIONS as readonly unknown[]).includes(v);
}

/** Keeps the colours given as strings; anything else is reported. */
export function pickColors(v: unknown): Colors {
  if (v !== undefined && v !== null && !isObject(v)) warn(`setting colors: expected an object, got ${JSON.stringify(v)}; using the default colours`);
  const out: Dict = {};
  for (const [k, c] of Object.entries(obj(v))) {
    if (typeof c === 'string') out[k] = c;
    else warn(`setting colors.${k}: expected a CSS colour string, got ${JSON.stringify(c)}`);
  }
  return out as Colors;
}

function defaultOf<T>(name: string): T {
  return SETTINGS.find((s) => s.name === name)?.default as T;
}

function num(raw: Dict, name: string, clamp: (n: number) => number = (n) => n): number {
  const v = raw[name];
  const def = defaultOf<number>(name);
  if (v === undefined || v === null) return def;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    warn(`setting ${name}: expected a number, got ${JSON.stringify(v)}; using ${def}`);
    return def;
  }
  return clamp(n);
}

function oneOf<T extends string>(raw: Dict, name: string, allowed: readonly T[]): T {
  const v = raw[name];
  const def = defaultOf<T>(name);
  if (v === undefined || v === null) return def;
  if ((allowed as readonly unknown[]).includes(v)) return v as T;
  warn(`setting ${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}; using ${def}`);
  return def;
}

/** A language code, or strings to override (locale only); what can't be used is reported and dropped. */
function language(raw: Dict, name: 'locale' | 'language'): unknown {
  const v = raw[name];
  if (v === undefined || v === null || toLanguage(v) || (name === 'locale' && isObject(v))) return v;
  const expected = name === 'locale' ? `a language code (${LANGUAGES.join(', ')}) or an object of strings` : `one of ${LANGUAGES.join(', ')}`;
  warn(`setting ${name}: expected ${expected}, got ${JSON.stringify(v)}; using the page's language`);
  return undefined;
}

export function normalizeSettings(raw: Dict): Settings {
  const flag = (name: string) => {
    const v = raw[name];
    if (v !== undefined && v !== null && typeof v !== 'boolean') warn(`setting ${name}: expected true or false, got ${JSON.stringify(v)}; using false`);
    return v === true;
  };
  return {
    buttonStyle: oneOf(raw, 'buttonStyle', ['round', 'tab'] as const),
    buttonPosition: oneOf(raw, 'buttonPosition', POSITIONS),
    buttonSize: num(raw, 'buttonSize', clampButtonSize),
    chatWidth: num(raw, 'chatWidth', clampChatWidth),
    chatHeight: num(raw, 'chatHeight', clampChatHeight),
    zIndex: num(raw, 'zIndex'),
    accentColor: str(raw.accentColor),
    colors: pickColors(raw.colors),
    startHidden: flag('startHidden'),
    disabledOnMobile: flag('disabledOnMobile'),
    mobileOnly: flag('mobileOnly'),
    disableChatOpenHash: flag('disableChatOpenHash'),
    deferredLoading: flag('deferredLoading'),
    customWidgetButton: str(raw.customWidgetButton),
    headerText: str(raw.headerText),
    welcomeText: str(raw.welcomeText),
    onlineTitle: str(raw.onlineTitle),
    offlineTitle: str(raw.offlineTitle),
    offlineText: str(raw.offlineText),
    locale: language(raw, 'locale'),
    language: language(raw, 'language') as string | undefined,
    clientId: str(raw.clientId),
    mode: oneOf(raw, 'mode', ['widget', 'frame'] as const),
    injectTo: raw.injectTo,
    gaTrackingId: str(raw.gaTrackingId),
    gaTrackerName: str(raw.gaTrackerName),
    disableGaTracking: flag('disableGaTracking'),
    yaCounterId: str(raw.yaCounterId),
    disableYaTracking: flag('disableYaTracking'),
    socketUrl: str(raw.socketUrl),
  };
}

/** The config objects in order of precedence, highest first, read from the window now. */
function sources(win: Window): Dict[] {
  const w = win as unknown as Dict;
  return [obj(w.SvyazioConfig), obj(w.SvyazioSetup), obj(w.ChatraSetup)];
}

export function readConfig(win: Window): Config {
  const w = win as unknown as Dict;
  const [svyazioConfig, svyazioSetup, chatraSetup] = sources(win);
  const raw: Dict = { ...chatraSetup, ...svyazioSetup, ...svyazioConfig };
  const settings = normalizeSettings(raw);
  return {
    orgId: str(raw.orgId) ?? str(w.ChatraID) ?? '',
    groupId: str(raw.groupId) ?? str(w.ChatraGroupID) ?? null,
    integration: { ...obj(w.ChatraIntegration), ...obj(w.SvyazioIntegration) },
    settings,
    chatraPage: !isObject(w.SvyazioConfig) && !isObject(w.SvyazioSetup) && (isObject(w.ChatraSetup) || str(w.ChatraID) !== undefined),
    callback(name) {
      for (const src of sources(win)) if (typeof src[name] === 'function') return src[name] as (...args: unknown[]) => unknown;
      return undefined;
    },
  };
}
