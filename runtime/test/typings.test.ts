import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { LEGACY_METHODS, METHODS, SETTINGS } from '../surface';
import { ARG_REFINEMENTS, SETTING_REFINEMENTS, renderChatraModuleDcts, renderChatraModuleDts, renderGlobalsDts } from '../typings';

/**
 * Type-checks `source` against the generated declarations (as dist/types/ holds
 * them) and returns the 1-based lines that have errors.
 */
function errorLines(source: string, module: 'esm' | 'cjs' = 'esm'): number[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      noEmit: true,
      // The DOM lib is trusted; the generated declarations are still checked.
      skipDefaultLibCheck: true,
      target: ts.ScriptTarget.ES2020,
      lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
      // Node16 takes a file without a package.json "type" for CommonJS.
      module: module === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.Node16,
      moduleResolution: module === 'esm' ? ts.ModuleResolutionKind.Bundler : ts.ModuleResolutionKind.Node16,
    },
  });
  project.createSourceFile('/types/svyazio.d.ts', renderGlobalsDts());
  project.createSourceFile('/types/chatra-module.d.ts', renderChatraModuleDts());
  project.createSourceFile('/types/chatra-module.d.cts', renderChatraModuleDcts());
  const app = project.createSourceFile('/app.ts', source);
  return project
    .getPreEmitDiagnostics()
    .map((d) => {
      expect(d.getSourceFile()?.getFilePath(), ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')).toBe(app.getFilePath());
      return app.getLineAndColumnAtPos(d.getStart() ?? 0).line;
    })
    .sort((a, b) => a - b);
}

/** Lines of `source` that end in `// error`. */
const marked = (source: string) =>
  source.split('\n').flatMap((line, i) => (line.trimEnd().endsWith('// error') ? [i + 1] : []));

describe('generated typings', () => {
  const globals = renderGlobalsDts();

  it('declare one call signature per method and legacy name, and nothing else', () => {
    const declared = [...globals.matchAll(/^ {2}\(method: '(\w+)'/gm)].map((m) => m[1]);
    const expected = [...new Set([...METHODS.map((m) => m.name), ...Object.keys(LEGACY_METHODS)])];
    expect(declared.sort()).toEqual(expected.sort());
  });

  it('declare every setting in SvyazioSettings', () => {
    const body = globals.slice(globals.indexOf('export interface SvyazioSettings {'));
    const declared = [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]);
    expect(declared).toEqual(SETTINGS.map((s) => s.name));
  });

  it('refine only names that exist in the surface', () => {
    for (const key of Object.keys(ARG_REFINEMENTS)) {
      const [method, arg] = key.split('.');
      expect(METHODS.find((m) => m.name === method)?.args.some((a) => a.name === arg), key).toBe(true);
    }
    for (const name of Object.keys(SETTING_REFINEMENTS)) expect(SETTINGS.some((s) => s.name === name), name).toBe(true);
  });

  it('accept the documented usage and reject wrong calls', () => {
    const source = `
import ChatraModule, { Chatra as Named } from './types/chatra-module.js';
import type { SvyazioSettings } from './types/svyazio.js';
Svyazio('setButtonSize', 50);
Svyazio('setButtonSize', 'x'); // error
Svyazio('openChat', true);
window.Svyazio('openChat');
Chatra('showChat');
window.Chatra('expandChat', true);
Svyazio('setGroupId', null);
Svyazio('setButtonPosition', 'lm');
Svyazio('setButtonPosition', 'middle'); // error
Svyazio('setColors', { buttonBg: '#6C63FF', buttonText: '#fff' });
Svyazio('updateIntegrationData', { plan: null });
Svyazio('setLocale', { chat: { input: { placeholder: 'Ask' } } });
Svyazio('setLanguage', navigator.language.slice(0, 2));
Svyazio('shutdown'); // error
Svyazio('kill', true); // error
Svyazio.openChat?.(true);
const open: boolean | undefined = Chatra._chatExpanded;
window.SvyazioConfig = {
  orgId: 'YOUR_ORG_ID', buttonPosition: 'br', chatWidth: 380, startHidden: true, language: 'en',
  colors: { buttonBg: '#6C63FF' }, onNewMessage: (msg) => console.log(msg.text, msg.type, msg.createdAt),
};
window.SvyazioConfig.onAnalyticEvent = (eventName) => eventName.toUpperCase();
window.ChatraSetup = { mode: 'frame', injectTo: 'chat-box', disableGaTracking: true };
const bad: SvyazioSettings = { chatWidth: '400' }; // error
window.ChatraID = 'abc';
ChatraGroupID = 'dept';
window.SvyazioIntegration = { name: 'John', email: 'j@example.com', plan: 'pro' };
ChatraModule('init', { ID: 'k', setup: { buttonPosition: 'bl' }, integration: { name: 'A' } });
ChatraModule('init', { chatraID: 'k', setup: { buttonSize: 'big' } }); // error
Named('openChat', true);
Named('nope'); // error
`;
    expect(errorLines(source)).toEqual(marked(source));
  });

  it('type the CommonJS build as the function itself', () => {
    const source = `
import Chatra = require('./types/chatra-module.cjs');
const options: Chatra.InitOptions = { chatraID: 'k', setup: { language: 'en' } };
Chatra('init', options);
Chatra.default('openChat', true);
Chatra.Chatra('setButtonSize', 50);
Chatra.Svyazio('setButtonSize', '50'); // error
Chatra('init', { setup: { zIndex: 'top' } }); // error
`;
    expect(errorLines(source, 'cjs')).toEqual(marked(source));
  });
});

describe('dist/types/index.d.ts (the programmatic API)', () => {
  const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');

  it('declares every value dist/index.js exports', async () => {
    const dts = join(dist, 'types/index.d.ts');
    expect(existsSync(dts), 'dist/types/index.d.ts is missing: run `npm run build`').toBe(true);
    const project = new Project({ compilerOptions: { skipLibCheck: true, types: [] } });
    const declared = project.addSourceFileAtPath(dts).getExportedDeclarations();
    const runtime = Object.keys(await import(pathToFileURL(join(dist, 'index.js')).href));
    expect(runtime.length).toBeGreaterThan(0);
    for (const name of runtime) expect(declared.has(name), name).toBe(true);
  });
});
