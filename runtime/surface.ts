/**
 * The one source of truth for the widget's public surface: global names, the
 * Chatra → Svyazio name map, every method with its arguments, every setting with
 * its type and default, hashes, hosts and the DOM contract.
 *
 * The runtime, the codemod and the docs generator all import this module, so it
 * must stay free of DOM and Node APIs.
 */

export const SVYAZIO_GLOBALS = {
  api: 'Svyazio',
  config: 'SvyazioConfig',
  configAlias: 'SvyazioSetup',
  integration: 'SvyazioIntegration',
} as const;

/** What a Chatra global becomes. `field` means "a property of SvyazioConfig". */
export type GlobalTarget =
  | { kind: 'global'; svyazio: string }
  | { kind: 'configField'; svyazio: string; field: string }
  | { kind: 'ignored'; svyazio: null };

export const CHATRA_GLOBALS: Readonly<Record<string, GlobalTarget>> = {
  Chatra: { kind: 'global', svyazio: SVYAZIO_GLOBALS.api },
  ChatraSetup: { kind: 'global', svyazio: SVYAZIO_GLOBALS.configAlias },
  ChatraIntegration: { kind: 'global', svyazio: SVYAZIO_GLOBALS.integration },
  ChatraID: { kind: 'configField', svyazio: `${SVYAZIO_GLOBALS.config}.orgId`, field: 'orgId' },
  ChatraGroupID: { kind: 'configField', svyazio: `${SVYAZIO_GLOBALS.config}.groupId`, field: 'groupId' },
  // Set by a hosting platform's app to force 'https:'; the Svyazio script is https-only.
  ChatraProtocol: { kind: 'ignored', svyazio: null },
};

export type ArgType = 'boolean' | 'string' | 'number' | 'object' | 'string|object' | 'string|null';

export interface ArgSpec {
  name: string;
  type: ArgType;
  optional?: boolean;
  description: string;
}

export interface MethodSpec {
  name: string;
  args: ArgSpec[];
  description: string;
  /** Where the method is documented: both products, or Svyazio only. */
  origin: 'both' | 'svyazio';
}

const NO_ARGS: ArgSpec[] = [];
const focusArg: ArgSpec = { name: 'focus', type: 'boolean', optional: true, description: '`true` focuses the input' };
const positionArg: ArgSpec = { name: 'code', type: 'string', description: 'one of the position codes' };

export const METHODS: readonly MethodSpec[] = [
  { name: 'openChat', args: [focusArg], origin: 'both', description: 'Open the chat window; `true` focuses the input.' },
  { name: 'expandWidget', args: [focusArg], origin: 'both', description: 'Like openChat, but ignored on mobile.' },
  { name: 'minimizeWidget', args: NO_ARGS, origin: 'both', description: 'Collapse the chat window.' },
  { name: 'closeChat', args: NO_ARGS, origin: 'svyazio', description: 'Alias for minimizeWidget.' },
  { name: 'hide', args: NO_ARGS, origin: 'both', description: 'Hide the whole widget (button and window).' },
  { name: 'show', args: NO_ARGS, origin: 'both', description: 'Show the widget after hide or `startHidden: true`.' },
  { name: 'setIntegrationData', args: [{ name: 'data', type: 'object', description: 'visitor data' }], origin: 'both', description: 'Overwrite visitor data.' },
  { name: 'updateIntegrationData', args: [{ name: 'data', type: 'object', description: 'fields to merge; `null` deletes' }], origin: 'both', description: 'Merge into visitor data; a `null` value deletes that field.' },
  { name: 'setButtonPosition', args: [positionArg], origin: 'both', description: 'Move the button.' },
  { name: 'resetButtonPosition', args: NO_ARGS, origin: 'both', description: 'Back to the configured position.' },
  { name: 'setButtonSize', args: [{ name: 'size', type: 'number', description: 'px, 40–100' }], origin: 'both', description: 'Round button diameter in px, min 40, max 100.' },
  { name: 'setChatWidth', args: [{ name: 'width', type: 'number', description: 'px, min 280' }], origin: 'both', description: 'Window width in px, min 280.' },
  { name: 'setChatHeight', args: [{ name: 'height', type: 'number', description: 'px, min 300' }], origin: 'both', description: 'Window height in px, min 300.' },
  { name: 'setZIndex', args: [{ name: 'value', type: 'number', description: 'z-index' }], origin: 'both', description: "Override the widget's z-index." },
  { name: 'setColors', args: [{ name: 'colors', type: 'object', description: 'palette overrides' }], origin: 'both', description: 'Override the palette on the fly.' },
  { name: 'resetColors', args: NO_ARGS, origin: 'both', description: 'Back to the configured colors.' },
  { name: 'setLanguage', args: [{ name: 'code', type: 'string', description: "'ru', 'en', 'es' or 'pt'" }], origin: 'svyazio', description: 'Switch interface language.' },
  { name: 'setLocale', args: [{ name: 'locale', type: 'string|object', description: 'a language code or string overrides' }], origin: 'both', description: 'A language code, or an object of string overrides.' },
  { name: 'sendAutoMessage', args: [{ name: 'text', type: 'string', description: 'message text' }], origin: 'both', description: 'Show a bot message; agents see it once the visitor replies.' },
  { name: 'pageView', args: NO_ARGS, origin: 'both', description: 'Track a page view by hand (SPA route changes).' },
  { name: 'setGroupId', args: [{ name: 'id', type: 'string|null', description: 'department id, `null` resets' }], origin: 'both', description: 'Route new conversations to a department.' },
  { name: 'restart', args: NO_ARGS, origin: 'both', description: 'Restart the widget, keeping its configuration.' },
  { name: 'kill', args: NO_ARGS, origin: 'both', description: 'Destroy the widget: remove its DOM and close its connection.' },
];

// Pure: lets bundles that need only a few names (dist/chatra-module.js) drop the tables.
export const METHOD_NAMES: readonly string[] = /* @__PURE__ */ METHODS.map((m) => m.name);

/**
 * Legacy Chatra method names and the modern method each stands for. "Chat" in
 * these names is the chat window, so they map onto the window methods, not on
 * show/hide (which affect the whole widget).
 */
export const LEGACY_METHODS: Readonly<Record<string, string>> = {
  showChat: 'openChat',
  expandChat: 'expandWidget',
  hideChat: 'minimizeWidget',
  collapseChat: 'minimizeWidget',
  closeChat: 'minimizeWidget',
};

/** Method names that exist only in the `@chatra/chatra` npm wrapper, never on the widget. */
export const WRAPPER_ONLY_METHODS: readonly string[] = ['init'];

export const POSITIONS = ['bl', 'bc', 'br', 'lt', 'lm', 'lb', 'rt', 'rm', 'rb'] as const;
export type Position = (typeof POSITIONS)[number];

export const LANGUAGES = ['ru', 'en', 'es', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LIMITS = {
  buttonSize: { min: 40, max: 100 },
  chatWidth: { min: 280 },
  chatHeight: { min: 300 },
} as const;

export const COLOR_KEYS = ['buttonBg', 'buttonText', 'chatBg', 'clientBubbleBg', 'agentBubbleBg'] as const;
export type ColorKey = (typeof COLOR_KEYS)[number];

export type SettingType =
  | 'boolean'
  | 'string'
  | 'number'
  | 'object'
  | 'function'
  | 'position'
  | 'string|object'
  | 'string|element'
  | "'round'|'tab'"
  | "'widget'|'frame'";

export interface SettingSpec {
  name: string;
  type: SettingType;
  default?: unknown;
  description: string;
  /** Documented by both products, by Svyazio only, or by Chatra only (still accepted). */
  origin: 'both' | 'svyazio' | 'chatra';
  /** Another setting name this one stands for. */
  aliasOf?: string;
}

export const SETTINGS: readonly SettingSpec[] = [
  { name: 'orgId', type: 'string', origin: 'svyazio', description: 'Organization ID (Chatra: `ChatraID`).' },
  { name: 'buttonStyle', type: "'round'|'tab'", default: 'round', origin: 'both', description: 'Chat button style.' },
  { name: 'buttonPosition', type: 'position', default: 'br', origin: 'both', description: 'Button position: bl, bc, br, lt, lm, lb, rt, rm, rb.' },
  { name: 'buttonSize', type: 'number', default: 60, origin: 'both', description: 'Round button size (px), 40–100.' },
  { name: 'chatWidth', type: 'number', default: 400, origin: 'both', description: 'Chat window width (min. 280px).' },
  { name: 'chatHeight', type: 'number', default: 600, origin: 'both', description: 'Chat window height (min. 300px).' },
  { name: 'zIndex', type: 'number', default: 999999, origin: 'both', description: 'Widget z-index.' },
  { name: 'accentColor', type: 'string', origin: 'svyazio', description: "Accent color, e.g. '#6C63FF'." },
  { name: 'colors', type: 'object', origin: 'both', description: 'Color scheme: buttonBg, buttonText, chatBg, clientBubbleBg, agentBubbleBg.' },
  { name: 'startHidden', type: 'boolean', default: false, origin: 'both', description: 'Hide widget on load.' },
  { name: 'disabledOnMobile', type: 'boolean', default: false, origin: 'both', description: 'Do not show on mobile devices.' },
  { name: 'mobileOnly', type: 'boolean', default: false, origin: 'both', description: 'Show only on mobile devices.' },
  { name: 'disableChatOpenHash', type: 'boolean', default: false, origin: 'both', description: 'Disable URL hash control.' },
  { name: 'deferredLoading', type: 'boolean', default: false, origin: 'both', description: 'Load widget after full page load.' },
  { name: 'customWidgetButton', type: 'string', origin: 'both', description: 'CSS selector for a custom button; the default button is hidden.' },
  { name: 'headerText', type: 'string', origin: 'svyazio', description: 'Chat window header title.' },
  { name: 'welcomeText', type: 'string', origin: 'svyazio', description: 'Welcome text on first open.' },
  { name: 'onlineTitle', type: 'string', origin: 'svyazio', description: 'Subtitle when agents are online.' },
  { name: 'offlineTitle', type: 'string', origin: 'svyazio', description: 'Subtitle when agents are offline.' },
  { name: 'offlineText', type: 'string', origin: 'svyazio', description: 'Text when no one is online.' },
  { name: 'locale', type: 'string|object', origin: 'both', description: 'Language code or string overrides.' },
  { name: 'language', type: 'string', origin: 'both', aliasOf: 'locale', description: 'Alias for locale.' },
  { name: 'clientId', type: 'string', origin: 'both', description: 'Permanent user ID; merges history across devices.' },
  { name: 'groupId', type: 'string', origin: 'both', description: 'Department ID for routing conversations.' },
  { name: 'onNewMessage', type: 'function', origin: 'both', description: 'Called on each new message `{ id, text, createdAt, type }`.' },
  { name: 'onAnalyticEvent', type: 'function', origin: 'both', description: 'Called with each analytic event name.' },
  { name: 'mode', type: "'widget'|'frame'", default: 'widget', origin: 'chatra', description: "'frame' embeds the chat inline in `injectTo`, with no launcher." },
  { name: 'injectTo', type: 'string|element', origin: 'chatra', description: 'Element id, element or collection for frame mode.' },
  { name: 'gaTrackingId', type: 'string', origin: 'chatra', description: 'Google Analytics tracking id for analytic events.' },
  { name: 'gaTrackerName', type: 'string', origin: 'chatra', description: 'Named analytics.js tracker to send events through.' },
  { name: 'disableGaTracking', type: 'boolean', default: false, origin: 'chatra', description: 'Do not send analytic events to Google Analytics.' },
  { name: 'yaCounterId', type: 'string', origin: 'chatra', description: 'Yandex.Metrica counter id for analytic events.' },
  { name: 'disableYaTracking', type: 'boolean', default: false, origin: 'chatra', description: 'Do not send analytic events to Yandex.Metrica.' },
  { name: 'socketUrl', type: 'string', origin: 'svyazio', description: 'WebSocket URL of the backend, for self-hosting (default: `/widget/ws` on the script origin).' },
];

export const SETTING_NAMES: readonly string[] = /* @__PURE__ */ SETTINGS.map((s) => s.name);

/** Analytic event names passed to `onAnalyticEvent` (and gtag/ga/Metrica). */
export const ANALYTIC_EVENTS = {
  widgetShown: 'widgetShown',
  chatOpened: 'chatOpened',
  chatClosed: 'chatClosed',
  messageSent: 'messageSent',
  messageReceived: 'messageReceived',
} as const;

export const HASHES = {
  svyazio: 'svyazioChatExpanded',
  chatra: 'chatraChatExpanded',
} as const;

export const SCRIPT_URL = 'https://app.svyazio.ru/widget/svyazio.js';
export const SVYAZIO_HOST = 'app.svyazio.ru';
export const CHATRA_HOSTS = ['call.chatra.io', 'chat.chatra.io'] as const;
export const CHATRA_SCRIPT_PATH = '/chatra.js';

/** The npm module this package replaces, and what imports of it become. */
export const NPM_MODULES = {
  chatra: '@chatra/chatra',
  replacement: 'svyazio-migrate/chatra',
  package: 'svyazio-migrate',
} as const;

/** Older Chatra npm wrappers with the same call API (`chatra('init', { chatraID })`): imports become NPM_MODULES.replacement too. */
export const LEGACY_NPM_MODULES: readonly string[] = ['chatra', 'chatra-client'];
/** Chatra wrappers that inject chatra.js themselves and have no Svyazio port: reported, never rewritten. */
export const UNPORTED_NPM_WRAPPERS: readonly string[] = ['nuxt-chatra-module', 'docusaurus-plugin-chatra', 'react-chatra'];

/** The widget's host element id and the prefix of its state classes. */
export const DOM = {
  hostId: 'svyazio',
  classPrefix: 'svyazio--',
  mobileBodyClass: 'svyazio-mobile-widget-expanded',
  parts: ['button', 'badge', 'window', 'header', 'messages', 'input', 'send'] as const,
} as const;

/**
 * Chatra's DOM names and their Svyazio equivalents; `null` means there is none
 * (the codemod reports those selectors instead of rewriting them).
 */
export const CHATRA_DOM: Readonly<Record<string, string | null>> = {
  '#chatra': '#svyazio',
  '#chatra__iframe': null,
  '#chatra__iframe-wrapper': null,
  'chatra-mobile-widget-expanded': DOM.mobileBodyClass,
};

/**
 * State classes on the host element, without the prefix; Chatra uses the same
 * suffixes. A position code maps to a side (its first letter) and a place on
 * that side: `br` → side-bottom + pos-right, `lm` → side-left + pos-middle.
 */
export const STATE_CLASSES = [
  'expanded',
  'visible',
  'style-round',
  'style-tab',
  'side-bottom',
  'side-left',
  'side-right',
  'pos-left',
  'pos-right',
  'pos-center',
  'pos-top',
  'pos-middle',
  'pos-bottom',
  'mobile-widget',
] as const;
