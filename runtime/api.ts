/**
 * The public call surface: turns `Svyazio(name, ...args)` into a checked call
 * of a modern method (legacy names resolved), and builds the API function that
 * `window.Svyazio` and `window.Chatra` both point to.
 */
import { LEGACY_METHODS, METHOD_NAMES, METHODS, WRAPPER_ONLY_METHODS, type ArgType, type MethodSpec } from './surface';
import { errorText, warn } from './log';

export interface ResolvedCall {
  name: string;
  args: unknown[];
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

const CHECKS: Record<ArgType, (v: unknown) => boolean> = {
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  object: isObject,
  'string|object': (v) => typeof v === 'string' || isObject(v),
  'string|null': (v) => typeof v === 'string' || v === null,
};

const show = (v: unknown): string => {
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** Every accepted name, legacy ones included, to the spec of the method it runs. */
const SPECS = new Map<string, MethodSpec>(METHODS.map((m) => [m.name, m]));
for (const [legacy, modern] of Object.entries(LEGACY_METHODS)) if (!SPECS.has(legacy)) SPECS.set(legacy, SPECS.get(modern)!);

/** The call to run, or null after warning about what is wrong with it. */
export function resolveCall(raw: unknown[]): ResolvedCall | null {
  const [given, ...args] = raw;
  if (typeof given !== 'string') {
    warn(`expected a method name as the first argument, got ${show(given)}`);
    return null;
  }
  if (WRAPPER_ONLY_METHODS.includes(given)) {
    warn(`"${given}" exists only in the npm wrapper module, not on the widget; configure the widget with SvyazioConfig instead`);
    return null;
  }
  const spec = SPECS.get(given);
  if (!spec) {
    warn(`unknown method "${given}"; known methods: ${METHOD_NAMES.join(', ')}`);
    return null;
  }
  for (let i = 0; i < spec.args.length; i++) {
    const arg = spec.args[i];
    if (args[i] === undefined && arg.optional) continue;
    if (!CHECKS[arg.type](args[i])) {
      warn(`${given}: expected ${arg.name} as ${arg.type} (${arg.description}), got ${show(args[i])}`);
      return null;
    }
  }
  return { name: spec.name, args };
}

export interface ApiFunction {
  (...args: unknown[]): void;
  readonly _chatExpanded: boolean;
  [method: string]: unknown;
}

const MARK = '__svyazio';

export function isApiFunction(v: unknown): v is ApiFunction {
  return typeof v === 'function' && (v as unknown as Record<string, unknown>)[MARK] === true;
}

/** Never throws: the page called us, and its own code must keep running. */
export function createApiFunction(handle: (args: unknown[]) => void, expanded: () => boolean): ApiFunction {
  const api = function (...args: unknown[]) {
    try {
      handle(args);
    } catch (e) {
      warn(`${String(args[0])} failed: ${errorText(e)}`);
    }
  } as ApiFunction;
  for (const name of SPECS.keys()) {
    Object.defineProperty(api, name, { value: (...args: unknown[]) => api(name, ...args), enumerable: true });
  }
  Object.defineProperty(api, '_chatExpanded', { get: expanded, enumerable: false });
  Object.defineProperty(api, MARK, { value: true });
  return api;
}
