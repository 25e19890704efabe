import { describe, expect, it } from 'vitest';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

describe('globals: renamed', () => {
  inlineTest('bare call', `Chatra('openChat', true);\n`, `Svyazio('openChat', true);\n`);
  inlineTest('window / self / globalThis', `window.Chatra('hide'); self.Chatra('show'); globalThis.Chatra('pageView');`, `window.Svyazio('hide'); self.Svyazio('show'); globalThis.Svyazio('pageView');`);
  inlineTest('bracket access with a string', `window['Chatra']('restart'); window["ChatraSetup"] = {};`, `window['Svyazio']('restart'); window["SvyazioSetup"] = {};`);
  inlineTest('ChatraSetup and ChatraIntegration', `window.ChatraSetup = { buttonSize: 50 };\nwindow.ChatraIntegration = { name: 'A' };\nChatraSetup.onInit = f;`, `window.SvyazioSetup = { buttonSize: 50 };\nwindow.SvyazioIntegration = { name: 'A' };\nSvyazioSetup.onInit = f;`);
  inlineTest('alias of window', `var win = window;\nwin.Chatra('openChat');\nwin.ChatraSetup = {};`, `var win = window;\nwin.Svyazio('openChat');\nwin.SvyazioSetup = {};`);
  inlineTest('chained alias', `const a = window; const b = a; b.Chatra('hide');`, `const a = window; const b = a; b.Svyazio('hide');`);
  inlineTest('document.defaultView', `document.defaultView.Chatra('hide');`, `document.defaultView.Svyazio('hide');`);
  inlineTest('(window as any).Chatra', `(window as any).Chatra('openChat');\n(<any>window).ChatraSetup = {};`, `(window as any).Svyazio('openChat');\n(<any>window).SvyazioSetup = {};`, { lang: 'ts' });
  inlineTest('optional call', `window.Chatra?.('openChat');\nChatra?.('hide');`, `window.Svyazio?.('openChat');\nSvyazio?.('hide');`);
  inlineTest('typeof check', `if (typeof Chatra !== 'undefined') Chatra('show');`, `if (typeof Svyazio !== 'undefined') Svyazio('show');`);
  inlineTest('private state', `if (Chatra._chatExpanded) x();`, `if (Svyazio._chatExpanded) x();`);
  inlineTest(
    'standard IIFE snippet',
    `(function(d, w, c) {\n  w.ChatraID = 'abc';\n  var s = d.createElement('script');\n  w[c] = w[c] || function() {\n    (w[c].q = w[c].q || []).push(arguments);\n  };\n  s.async = true;\n  s.src = 'https://call.chatra.io/chatra.js';\n  if (d.head) d.head.appendChild(s);\n})(document, window, 'Chatra');\n`,
    `(function(d, w, c) {\n  (w.SvyazioConfig = w.SvyazioConfig || {}).orgId = 'abc';\n  var s = d.createElement('script');\n  w[c] = w[c] || function() {\n    (w[c].q = w[c].q || []).push(arguments);\n  };\n  s.async = true;\n  s.src = 'https://app.svyazio.ru/widget/svyazio.js';\n  if (d.head) d.head.appendChild(s);\n})(document, window, 'Svyazio');\n`,
  );
  inlineTest(
    'minified one-liner with insertBefore',
    `!function(d,w,c){w.ChatraID="k";var s=d.createElement("script");w[c]=w[c]||function(){(w[c].q=w[c].q||[]).push(arguments)};s.async=!0;s.src=d.location.protocol+"//call.chatra.io/chatra.js";var x=d.getElementsByTagName("script")[0];x.parentNode.insertBefore(s,x)}(document,window,"Chatra");`,
    `!function(d,w,c){(w.SvyazioConfig = w.SvyazioConfig || {}).orgId="k";var s=d.createElement("script");w[c]=w[c]||function(){(w[c].q=w[c].q||[]).push(arguments)};s.async=!0;s.src=d.location.protocol+"//app.svyazio.ru/widget/svyazio.js";var x=d.getElementsByTagName("script")[0];x.parentNode.insertBefore(s,x)}(document,window,"Svyazio");`,
  );
  inlineTest(
    'destructured parameters',
    `const [d, w, c] = [document, window, 'Chatra'];\nw[c] = w[c] || function () { (w[c].q = w[c].q || []).push(arguments); };\n`,
    `const [d, w, c] = [document, window, 'Svyazio'];\nw[c] = w[c] || function () { (w[c].q = w[c].q || []).push(arguments); };\n`,
  );
  inlineTest('name held in a variable', `let n = 'Chatra';\nwindow[n] = window[n] || stub;`, `let n = 'Svyazio';\nwindow[n] = window[n] || stub;`);
  inlineTest('arrow IIFE', `((d, w, c) => { w[c]('hide'); })(document, window, 'Chatra');`, `((d, w, c) => { w[c]('hide'); })(document, window, 'Svyazio');`);
  inlineTest('IIFE via .call(this, …)', `(function (w, c) { w[c]('hide'); }).call(this, window, 'Chatra');`, `(function (w, c) { w[c]('hide'); }).call(this, window, 'Svyazio');`);
  inlineTest('"in" check', `if ('Chatra' in window) Chatra('show');`, `if ('Svyazio' in window) Svyazio('show');`);
  inlineTest('Vue plugin keeps $chatra', `Vue.prototype.$chatra = Chatra;`, `Vue.prototype.$chatra = Svyazio;`);
  inlineTest('shorthand property keeps its key', `export default { Chatra };`, `export default { Chatra: Svyazio };`);
  inlineTest('top-level var of a classic script is the global', `var ChatraSetup = { startHidden: true };\n`, `var SvyazioSetup = { startHidden: true };\n`);
  inlineTest('global inside a function that does not shadow it', `function open() { Chatra('openChat'); }`, `function open() { Svyazio('openChat'); }`);
  inlineTest('JSX handler', `export const B = () => <button onClick={() => Chatra('openChat')}>Chat</button>;`, `export const B = () => <button onClick={() => Svyazio('openChat')}>Chat</button>;`, { lang: 'tsx' });
  inlineTest('CRLF and comments survive', `// open the Chatra chat\r\nChatra('openChat'); /* Chatra */\r\n`, `// open the Chatra chat\r\nSvyazio('openChat'); /* Chatra */\r\n`);
});

describe('globals: left alone', () => {
  untouchedTest('a parameter named Chatra', `function f(Chatra) { Chatra('x'); }`);
  untouchedTest('a local that shadows the global', `function f() { const Chatra = make(); Chatra.go(); }`);
  untouchedTest('a module-level binding', `import x from 'y';\nconst Chatra = x();\nChatra.go();\n`);
  untouchedTest('object keys and unrelated names', `const o = { chatra: true, Chatra: 1, chatraEnabled: false, chatra_id: 2 };\no.Chatra = 3;`);
  untouchedTest('detection-list data strings', `const tools = ['Intercom', 'Chatra', 'Drift'];\nif (tools.includes('Chatra')) log('Chatra');`);
  untouchedTest('bracket access on another object', `const c = 'Chatra'; registry[c] = 1;`);
  untouchedTest('a property of another object', `function f() { api.Chatra('openChat'); this.Chatra = 1; }`);
  untouchedTest('local window shadow', `function f(window) { window.Chatra = 1; }`);
  untouchedTest('prose in comments and JSX text', `// Chatra is our chat\nexport const P = () => <p>Chatra helps</p>;`, { lang: 'jsx' });
  untouchedTest('type names and interface members elsewhere', `interface Tools { Chatra: boolean }\ntype T = Tools['Chatra'];`, { lang: 'ts' });
});

describe('globals: more shapes of the global object', () => {
  inlineTest('destructured from window', `const { Chatra, ChatraSetup: setup } = window;\nChatra('openChat');`, `const { Svyazio: Chatra, SvyazioSetup: setup } = window;\nChatra('openChat');`);
  inlineTest('guarded window alias', `const w = typeof window !== 'undefined' ? window : undefined;\nw.Chatra('hide');\nconst g = window || {};\ng.Chatra('show');`, `const w = typeof window !== 'undefined' ? window : undefined;\nw.Svyazio('hide');\nconst g = window || {};\ng.Svyazio('show');`);
  inlineTest('top-level this of a classic script', `(function (w) { w.Chatra('hide'); })(this);`, `(function (w) { w.Svyazio('hide'); })(this);`);
  untouchedTest('this inside a function', `function f() { this.Chatra('hide'); }\nconst o = { m() { (function (w) { w.Chatra = 1; })(this); } };`);
  untouchedTest('this in a module', `export {};\n(function (w) { w.Chatra('hide'); })(this);`);
});

describe('globals: the name passed with the global object', () => {
  inlineTest(
    'hasOwnProperty, defineProperty, Reflect',
    `window.hasOwnProperty('Chatra');\nObject.defineProperty(window, 'ChatraSetup', { value: {} });\nReflect.has(self, "Chatra");\nObject.prototype.hasOwnProperty.call(window, 'ChatraIntegration');`,
    `window.hasOwnProperty('Svyazio');\nObject.defineProperty(window, 'SvyazioSetup', { value: {} });\nReflect.has(self, "Svyazio");\nObject.prototype.hasOwnProperty.call(window, 'SvyazioIntegration');`,
  );
  untouchedTest('the same calls on other objects', `tools.hasOwnProperty('Chatra');\nObject.defineProperty(exports, 'Chatra', { value: 1 });\nReflect.get(registry, 'Chatra');`);
});

describe('globals: a function the site declares', () => {
  it('leaves a top-level function Chatra and its uses, and says so', () => {
    const input = `function Chatra(opts) { this.opts = opts; }\nChatra.prototype.open = function () {};\nnew Chatra({}).open();\nChatra('x');\n`;
    const { output, result } = runScript(input);
    expect(output).toBe(input);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'warning', rule: 'globals', offset: input.indexOf('Chatra') })]);
  });
});
