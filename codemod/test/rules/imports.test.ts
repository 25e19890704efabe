import { describe, expect, it } from 'vitest';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

describe('imports', () => {
  inlineTest(
    'ESM default import, uses and init options',
    `import Chatra from '@chatra/chatra';\n\nChatra('init', { ID: 'key', setup: { buttonSize: 50 } });\nexport const open = () => Chatra('openChat');\n`,
    `import Svyazio from 'svyazio-migrate/chatra';\n\nSvyazio('init', { orgId: 'key', setup: { buttonSize: 50 } });\nexport const open = () => Svyazio('openChat');\n`,
  );
  inlineTest(
    'CommonJS require',
    `const Chatra = require("@chatra/chatra");\nChatra('init', { chatraID: process.env.KEY });\nmodule.exports = { Chatra };\n`,
    `const Svyazio = require("svyazio-migrate/chatra");\nSvyazio('init', { orgId: process.env.KEY });\nmodule.exports = { Chatra: Svyazio };\n`,
  );
  inlineTest('require(…).default', `const chatra = require('@chatra/chatra').default;\nchatra('hideChat');`, `const svyazio = require('svyazio-migrate/chatra').default;\nsvyazio('minimizeWidget');`);
  inlineTest('shorthand ID key', `import Chatra from '@chatra/chatra';\nconst ID = 'k';\nChatra('init', { ID });`, `import Svyazio from 'svyazio-migrate/chatra';\nconst ID = 'k';\nSvyazio('init', { orgId: ID });`);
  inlineTest('other binding names keep their name', `import openChatra from '@chatra/chatra';\nopenChatra('openChat');`, `import openChatra from 'svyazio-migrate/chatra';\nopenChatra('openChat');`);
  inlineTest('dynamic import', `const mod = await import('@chatra/chatra');`, `const mod = await import('svyazio-migrate/chatra');`);
  inlineTest('declare module and mocks', `declare module '@chatra/chatra';\njest.mock('@chatra/chatra');`, `declare module 'svyazio-migrate/chatra';\njest.mock('svyazio-migrate/chatra');`, { lang: 'ts' });
  inlineTest(
    'Vue plugin',
    `import Chatra from '@chatra/chatra';\nexport default { install(Vue) { Vue.prototype.$chatra = Chatra; } };\n`,
    `import Svyazio from 'svyazio-migrate/chatra';\nexport default { install(Vue) { Vue.prototype.$chatra = Svyazio; } };\n`,
  );
  inlineTest(
    'a local that shadows the import keeps its name',
    `import Chatra from '@chatra/chatra';\nfunction f(Chatra) { return Chatra; }\nChatra('show');`,
    `import Svyazio from 'svyazio-migrate/chatra';\nfunction f(Chatra) { return Chatra; }\nSvyazio('show');`,
  );
  untouchedTest('other modules and strings', `import x from 'chatra-like';\nconst name = '@chatra/chatra';\n`);
});

describe('imports: older wrappers and other import shapes', () => {
  inlineTest('the older chatra package', `import chatra from 'chatra';\nchatra('init', { chatraID: 'K1' });\n`, `import svyazio from 'svyazio-migrate/chatra';\nsvyazio('init', { orgId: 'K1' });\n`);
  inlineTest('chatra-client through require', `const chatra = require('chatra-client');\nchatra('init', { chatraID: 'K1' });\n`, `const svyazio = require('svyazio-migrate/chatra');\nsvyazio('init', { orgId: 'K1' });\n`);
  inlineTest('a namespace import calling .default', `import * as Chatra from '@chatra/chatra';\nChatra.default('init', { ID: 'K1' });\n`, `import * as Svyazio from 'svyazio-migrate/chatra';\nSvyazio.default('init', { orgId: 'K1' });\n`);
  inlineTest(
    'default destructured from a dynamic import',
    `export async function boot() {\n  const { default: Chatra } = await import('@chatra/chatra');\n  Chatra('init', { ID: 'K1' });\n}\n`,
    `export async function boot() {\n  const { default: Svyazio } = await import('svyazio-migrate/chatra');\n  Svyazio('init', { orgId: 'K1' });\n}\n`,
  );
  inlineTest('the module of import().then', `import('@chatra/chatra').then((m) => m.default('init', { ID: 'K1' }));`, `import('svyazio-migrate/chatra').then((m) => m.default('init', { orgId: 'K1' }));`);
  inlineTest('init options held in a const', `import Chatra from '@chatra/chatra';\nconst opts = { ID: 'K1', setup: {} };\nChatra('init', opts);\n`, `import Svyazio from 'svyazio-migrate/chatra';\nconst opts = { orgId: 'K1', setup: {} };\nSvyazio('init', opts);\n`);
  untouchedTest('a chatra string that is no module specifier', `const vendor = 'chatra'; detect('chatra-client');\n`);

  it('says what is left to do for an older package and for options renamed where declared', () => {
    const older = runScript(`const chatra = require('chatra-client');\n`);
    expect(older.result.findings).toEqual([expect.objectContaining({ kind: 'todo', rule: 'imports', message: expect.stringContaining('package.json') })]);
    const input = `import Chatra from '@chatra/chatra';\nconst opts = { ID: 'K1' };\nChatra('init', opts);\n`;
    expect(runScript(input).result.findings).toEqual([expect.objectContaining({ kind: 'warning', rule: 'imports', offset: input.indexOf('{ ID') })]);
  });

  it('reports init options it cannot see', () => {
    const input = `import Chatra from '@chatra/chatra';\nChatra('init', loadOptions());\n`;
    const { result } = runScript(input);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', rule: 'imports', offset: input.indexOf('loadOptions') }));
    expect(result.findings.filter((f) => f.rule === 'unknown-method')).toEqual([]);
  });
});

describe('imports: wrappers with no port', () => {
  it.each([
    ['a Nuxt module', `export default { modules: [['nuxt-chatra-module', { id: 'K1' }]] };\n`, 'nuxt-chatra-module'],
    ['a Docusaurus plugin', `module.exports = { plugins: [['docusaurus-plugin-chatra', { chatraId: 'K1' }]] };\n`, 'docusaurus-plugin-chatra'],
    ['a React wrapper', `import Chatra from 'react-chatra';\nexport const App = () => <Chatra chatraId="K1" />;\n`, 'react-chatra'],
    ['bundler externals', `module.exports = { externals: { '@chatra/chatra': 'Chatra' } };\n`, '@chatra/chatra'],
  ])('reports %s and leaves it', (_name, input, name) => {
    const { output, result } = runScript(input, { lang: 'jsx' });
    expect(output).toBe(input);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', rule: 'imports', offset: input.indexOf(`'${name}'`) }));
  });
});
