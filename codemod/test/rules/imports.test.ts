import { describe } from 'vitest';
import { inlineTest, untouchedTest } from '../inline.js';

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
