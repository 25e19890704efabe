/**
 * Drop-in replacement for the npm module `@chatra/chatra` (and the older
 * `chatra` / `chatra-client` packages), published as `svyazio-migrate/chatra`.
 *
 * `Svyazio('init', { orgId | ID | chatraID, setup, integration })` writes the
 * config globals, installs the Quick Start queue stub and injects the widget
 * script once; every other call goes to `window.Svyazio`, which queues it
 * until the script has loaded. This module never imports the widget itself.
 */
import { SCRIPT_URL, SVYAZIO_GLOBALS } from './surface';

export interface InitOptions {
  orgId?: string;
  /** `@chatra/chatra`'s name for the key. */
  ID?: string;
  /** The older `chatra` / `chatra-client` packages' name for the key. */
  chatraID?: string;
  setup?: Record<string, unknown>;
  integration?: Record<string, unknown>;
  /** Where to load the widget from (self-hosting, tests). */
  scriptUrl?: string;
}

type Api = ((...args: unknown[]) => void) & { q?: IArguments[] };
type Globals = Record<string, unknown>;

const TAG = 'svyazio-migrate/chatra';
const { api, config, integration } = SVYAZIO_GLOBALS;

let initialized = false;
let warnedNoWindow = false;

export default function Svyazio(method: string, ...args: unknown[]): void {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    // Server-side rendering calls this on every render: one warning is enough.
    if (!warnedNoWindow) console.warn(`${TAG}: no window (server-side rendering?), Svyazio('${method}') ignored`);
    warnedNoWindow = true;
    return;
  }
  const w = window as unknown as Globals;
  if (method === 'init') {
    init(w, (args[0] ?? {}) as InitOptions);
    return;
  }
  if (!initialized) {
    console.error(`${TAG}: Svyazio('${method}') called before Svyazio('init', { orgId })`);
    return;
  }
  (w[api] as Api)(method, ...args);
}

/** The same function under the name the Chatra packages exported. */
export { Svyazio, Svyazio as Chatra };

function init(w: Globals, options: InitOptions): void {
  const setup = options.setup ?? {};
  const orgId = options.orgId ?? options.ID ?? options.chatraID ?? (setup.orgId as string | undefined);
  if (!orgId) {
    console.error(`${TAG}: Svyazio('init') needs an orgId (or ID / chatraID)`);
    return;
  }
  w[config] = replaceContents(w[config], { ...setup, orgId });
  if (options.integration) w[integration] = replaceContents(w[integration], options.integration);
  installStub(w);
  if (initialized) {
    // The widget re-reads its config objects on restart.
    (w[api] as Api)('restart');
    return;
  }
  initialized = true;
  injectScript(options.scriptUrl ?? SCRIPT_URL);
}

/**
 * Keeps the existing object when there is one: the widget (or an alias such as
 * SvyazioSetup) may hold a reference to it.
 */
function replaceContents(current: unknown, next: Record<string, unknown>): Record<string, unknown> {
  if (!current || typeof current !== 'object') return { ...next };
  const target = current as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  return Object.assign(target, next);
}

/** The Quick Start stub: calls made before the script loads wait in `.q`. */
function installStub(w: Globals): void {
  if (typeof w[api] === 'function') return;
  const stub: Api = function () {
    (stub.q = stub.q || []).push(arguments);
  };
  w[api] = stub;
}

function injectScript(src: string): void {
  const present = Array.from(document.scripts).some((s) => s.src === new URL(src, document.baseURI).href);
  if (present) return;
  const script = document.createElement('script');
  script.async = true;
  script.src = src;
  (document.head || document.documentElement).appendChild(script);
}
