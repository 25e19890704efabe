/**
 * Renders the package's declaration files from runtime/surface.ts, so the
 * typings list exactly the methods, legacy names and settings the runtime
 * accepts. build.mjs writes the results to dist/types/.
 */
import {
  CHATRA_GLOBALS,
  COLOR_KEYS,
  LANGUAGES,
  LEGACY_METHODS,
  METHODS,
  POSITIONS,
  SETTINGS,
  SVYAZIO_GLOBALS,
  type ArgType,
  type MethodSpec,
  type SettingType,
} from './surface';

const ARG_TYPES: Record<ArgType, string> = {
  boolean: 'boolean',
  string: 'string',
  number: 'number',
  object: 'Record<string, unknown>',
  'string|object': 'string | SvyazioLocaleOverrides',
  'string|null': 'string | null',
};

/** Arguments whose TS type is narrower than their surface ArgType, keyed `method.arg`. */
export const ARG_REFINEMENTS: Readonly<Record<string, string>> = {
  'setButtonPosition.code': 'SvyazioPosition',
  'setColors.colors': 'SvyazioColors',
  'setIntegrationData.data': 'SvyazioIntegrationData',
  'updateIntegrationData.data': '{ [field: string]: unknown | null }',
  // Any string is accepted at runtime; the literals are there for completion.
  'setLanguage.code': 'SvyazioLanguage | (string & {})',
};

const SETTING_TYPES: Record<SettingType, string> = {
  boolean: 'boolean',
  string: 'string',
  number: 'number',
  object: 'Record<string, unknown>',
  function: '(...args: unknown[]) => void',
  position: 'SvyazioPosition',
  'string|object': 'string | SvyazioLocaleOverrides',
  'string|element': 'string | Element | ArrayLike<Element>',
  "'round'|'tab'": "'round' | 'tab'",
  "'widget'|'frame'": "'widget' | 'frame'",
};

/** Settings whose TS type is narrower than their surface SettingType. */
export const SETTING_REFINEMENTS: Readonly<Record<string, string>> = {
  colors: 'SvyazioColors',
  onNewMessage: '(msg: SvyazioMessage) => void',
  onAnalyticEvent: '(eventName: string) => void',
};

const HEADER = '// Generated from runtime/surface.ts by runtime/typings.ts. Do not edit.\n';
const literals = (values: readonly string[]) => values.map((v) => `'${v}'`).join(' | ');
const doc = (text: string, indent = '  ') => `${indent}/** ${text.replace(/\*\//g, '*\\/')} */\n`;

function signature(method: string, spec: MethodSpec): string {
  const params = spec.args.map(
    (a) => `${a.name}${a.optional ? '?' : ''}: ${ARG_REFINEMENTS[`${spec.name}.${a.name}`] ?? ARG_TYPES[a.type]}`,
  );
  return `(${['method: ' + `'${method}'`, ...params].join(', ')}): void;`;
}

function overloads(): string {
  const byName = new Map(METHODS.map((m) => [m.name, m]));
  const modern = METHODS.map((m) => doc(m.description) + '  ' + signature(m.name, m));
  const legacy = Object.entries(LEGACY_METHODS)
    .filter(([old]) => !byName.has(old))
    .map(([old, now]) => doc(`@deprecated Chatra's legacy name for \`${now}\`.`) + '  ' + signature(old, byName.get(now)!));
  return [...modern, ...legacy].join('\n');
}

function methodProperties(): string {
  return METHODS.map((m) => {
    const params = signature(m.name, m).replace(/^\(method: '[^']+'(, )?/, '(');
    return `${doc(m.description)}  ${m.name}?${params}`;
  }).join('\n');
}

function settings(): string {
  return SETTINGS.map((s) => {
    const type = SETTING_REFINEMENTS[s.name] ?? SETTING_TYPES[s.type];
    const notes = [s.description];
    if (s.default !== undefined) notes.push(`Default: \`${JSON.stringify(s.default)}\`.`);
    if (s.origin === 'chatra') notes.push('Chatra setting, still accepted.');
    return `${doc(notes.join(' '))}  ${s.name}?: ${type};`;
  }).join('\n');
}

/** Every global the widget reads or defines, Chatra aliases included, with its type. */
function globals(): [string, string][] {
  const { api, config, configAlias, integration } = SVYAZIO_GLOBALS;
  const svyazio: [string, string][] = [
    [api, 'SvyazioApi'],
    [config, 'SvyazioSettings'],
    [configAlias, 'SvyazioSettings'],
    [integration, 'SvyazioIntegrationData'],
  ];
  const typeOf = new Map(svyazio);
  const chatra = Object.entries(CHATRA_GLOBALS).flatMap(([name, target]): [string, string][] => {
    if (target.kind === 'global') return [[name, typeOf.get(target.svyazio)!]];
    if (target.kind === 'configField') return [[name, `SvyazioSettings['${target.field}']`]];
    return [];
  });
  return [...svyazio, ...chatra];
}

export function renderGlobalsDts(): string {
  const all = globals();
  return `${HEADER}
export type SvyazioPosition = ${literals(POSITIONS)};
export type SvyazioLanguage = ${literals(LANGUAGES)};

export type SvyazioColors = {
${COLOR_KEYS.map((k) => `  ${k}?: string;`).join('\n')}
  [key: string]: string | undefined;
};

/** Interface string overrides; Chatra's are nested (\`{ chat: { input: { placeholder } } }\`). */
export interface SvyazioLocaleOverrides {
  [key: string]: string | SvyazioLocaleOverrides;
}

export interface SvyazioMessage {
  id: string;
  text: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  type: 'agent' | 'client' | 'bot';
}

export interface SvyazioIntegrationData {
  name?: string;
  email?: string;
  phone?: string;
  notes?: string;
  [field: string]: unknown;
}

export interface SvyazioSettings {
${settings()}
}

/** The call signatures: one per method name, legacy names included. */
export interface SvyazioCall {
${overloads()}
}

/** \`window.Svyazio\`: the queue stub before the script loads, the API after. */
export interface SvyazioApi extends SvyazioCall {
  /** Calls made before the script loaded, waiting to be replayed. */
  q?: ArrayLike<unknown>[];
  /** Whether the chat window is open (Chatra's private flag, kept for old code). */
  readonly _chatExpanded?: boolean;
${methodProperties()}
}

declare global {
  interface Window {
${all.map(([name, type]) => `    ${name}: ${type};`).join('\n')}
  }
${all.map(([name, type]) => `  var ${name}: ${type};`).join('\n')}
}
`;
}

const MODULE_TYPES = `export interface InitOptions {
  orgId?: string;
  /** \`@chatra/chatra\`'s name for the key. */
  ID?: string;
  /** The older \`chatra\` / \`chatra-client\` packages' name for the key. */
  chatraID?: string;
  setup?: SvyazioSettings;
  integration?: SvyazioIntegrationData;
  /** Where to load the widget from (self-hosting, tests). Default: the Svyazio CDN. */
  scriptUrl?: string;
}

export interface SvyazioModule extends SvyazioCall {
  /** Set the config globals and load the widget once; a second call updates them and restarts. */
  (method: 'init', options: InitOptions): void;
}`;

const IMPORTS = "import type { SvyazioCall, SvyazioIntegrationData, SvyazioSettings } from './svyazio.js';";

/** For \`import\`: dist/chatra-module.js. */
export function renderChatraModuleDts(): string {
  return `${HEADER}
${IMPORTS}

export type {
  SvyazioApi,
  SvyazioCall,
  SvyazioColors,
  SvyazioIntegrationData,
  SvyazioLanguage,
  SvyazioLocaleOverrides,
  SvyazioMessage,
  SvyazioPosition,
  SvyazioSettings,
} from './svyazio.js';

${MODULE_TYPES}

declare const Svyazio: SvyazioModule;
export default Svyazio;
export { Svyazio, Svyazio as Chatra };
`;
}

/** For \`require\`: dist/chatra-module.cjs, whose exports object is the function itself. */
export function renderChatraModuleDcts(): string {
  return `${HEADER}
${IMPORTS}

declare namespace Svyazio {
${MODULE_TYPES.replace(/^/gm, '  ').replace(/^ +$/gm, '')}
}

declare const Svyazio: Svyazio.SvyazioModule & {
  default: Svyazio.SvyazioModule;
  Svyazio: Svyazio.SvyazioModule;
  Chatra: Svyazio.SvyazioModule;
};
export = Svyazio;
`;
}
