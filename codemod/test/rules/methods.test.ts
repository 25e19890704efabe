import { describe, expect, it } from 'vitest';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

describe('methods', () => {
  inlineTest('legacy names as the first argument', `Chatra('showChat'); Chatra("hideChat"); Chatra('expandChat', true);`, `Svyazio('openChat'); Svyazio("minimizeWidget"); Svyazio('expandWidget', true);`);
  inlineTest('collapseChat and closeChat', `window.Chatra('collapseChat'); window['Chatra']('closeChat');`, `window.Svyazio('minimizeWidget'); window['Svyazio']('minimizeWidget');`);
  inlineTest('property calls', `Chatra.showChat(); window.Chatra.hideChat();`, `Svyazio.openChat(); window.Svyazio.minimizeWidget();`);
  inlineTest('IIFE-bound name', `(function (w, c) { w[c]('showChat'); })(window, 'Chatra');`, `(function (w, c) { w[c]('openChat'); })(window, 'Svyazio');`);
  inlineTest('a local alias of the API', `function f() { const chat = window.Chatra; chat('showChat'); }`, `function f() { const chat = window.Svyazio; chat('openChat'); }`);
  inlineTest('Vue plugin property', `export default { methods: { open() { this.$chatra('showChat'); } } };`, `export default { methods: { open() { this.$chatra('openChat'); } } };`);
  inlineTest('template literal name', 'Chatra(`showChat`);', 'Svyazio(`openChat`);');
  untouchedTest('modern names and no API', `import x from 'y'; x('showChat'); window.chatra && 1;`);
  untouchedTest('other functions with the same strings', `track('showChat'); obj.showChat();`);
  untouchedTest('a shadowing parameter', `function f(Chatra) { Chatra('showChat'); }`);

  it('reports unknown methods with their offset and leaves them', () => {
    const input = `Chatra('openChat');\nChatra('shutdown');\nChatra.destroy();\nChatra.call(null, 'hide');`;
    const { output, result } = runScript(input);
    expect(output).toBe(input.replace(/Chatra/g, 'Svyazio'));
    const unknown = result.findings.filter((f) => f.rule === 'unknown-method');
    expect(unknown.map((f) => f.offset)).toEqual([input.indexOf(`'shutdown'`), input.indexOf('destroy')]);
    expect(unknown[0].message).toContain('shutdown');
  });

  it('accepts init only on the wrapper module', () => {
    const wrapper = runScript(`import Chatra from '@chatra/chatra';\nChatra('init', { ID: 'x' });\n`);
    expect(wrapper.result.findings.filter((f) => f.rule === 'unknown-method')).toEqual([]);
    const global = runScript(`Chatra('init');`);
    expect(global.result.findings.filter((f) => f.rule === 'unknown-method')).toHaveLength(1);
  });
});

describe('methods: names chosen at run time', () => {
  inlineTest('both branches of a conditional', `Chatra(open ? 'showChat' : 'hideChat');`, `Svyazio(open ? 'openChat' : 'minimizeWidget');`);

  it('reports the legacy names a variable may hold, and leaves the variable', () => {
    const input = `var action = open ? 'openChat' : 'hideChat';\nwindow.Chatra(action);`;
    const { output, result } = runScript(input);
    expect(output).toBe(`var action = open ? 'openChat' : 'hideChat';\nwindow.Svyazio(action);`);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'warning', rule: 'legacy-method', offset: input.indexOf('action)'), message: expect.stringContaining('minimizeWidget') }),
    ]);
  });
});
