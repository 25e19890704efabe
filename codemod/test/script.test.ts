import { describe, expect, it } from 'vitest';
import { applyEdits } from '../splice.js';
import { analyzeLoader, CHATRA_PREFILTER, parseScript, rewriteScript } from '../script.js';
import { inlineTest, runScript } from './inline.js';

const standardSnippet = `(function(d, w, c) {
    w.ChatraID = 'abc123';
    var s = d.createElement('script');
    w[c] = w[c] || function() {
        (w[c].q = w[c].q || []).push(arguments);
    };
    s.async = true;
    s.src = 'https://call.chatra.io/chatra.js';
    if (d.head) d.head.appendChild(s);
})(document, window, 'Chatra');`;

describe('rewriteScript', () => {
  it('skips text without the word, without parsing', () => {
    expect(CHATRA_PREFILTER.test('const x = 1;')).toBe(false);
    expect(rewriteScript('this is not ( valid', 'js', { options: {} })).toEqual({ edits: [], findings: [] });
  });

  it('returns offsets relative to the text it was given', () => {
    const { edits } = rewriteScript(`  Chatra('openChat')`, 'js', { options: {} });
    expect(edits).toEqual([{ start: 2, end: 8, text: 'Svyazio', rule: 'globals' }]);
  });

  it('rewrites the whole wild snippet set without overlapping edits', () => {
    const input = `${standardSnippet}
window.ChatraSetup = { buttonSize: 50, onInit: function () { Chatra('showChat'); } };
window.ChatraIntegration = { name: user.name };
var w = window; w.ChatraGroupID = 'sales';
document.querySelector('a.open-chat').onclick = function () { window.Chatra?.('expandChat'); location.hash = '#chatraChatExpanded'; };
`;
    const { output, result } = runScript(input);
    expect(result.parseError).toBeUndefined();
    expect(output).not.toMatch(/\bChatra(?:ID|Setup|Integration|GroupID)?\b|chatra\.js|#chatra/);
    expect(output).toContain(`(w.SvyazioConfig = w.SvyazioConfig || {}).groupId = 'sales'`);
    expect(output).toContain(`Svyazio('openChat')`);
    expect(output).toContain(`window.Svyazio?.('expandWidget')`);
  });

  it('falls back to exact tokens when the script does not parse', () => {
    const input = `Chatra('showChat'); window.ChatraID = 'k'; if (x { s.src = "https://call.chatra.io/chatra.js"; ChatraSetup.a = 1; foo.Chatra(); }`;
    const { output, result } = runScript(input);
    expect(result.parseError).toMatch(/^1:\d+: /);
    expect(output).toBe(
      `Svyazio('openChat'); (window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'k'; if (x { s.src = "https://app.svyazio.ru/widget/svyazio.js"; ChatraSetup.a = 1; foo.Chatra(); }`,
    );
    expect(result.findings[0]).toMatchObject({ kind: 'warning', rule: 'parse' });
    expect(result.findings.some((f) => f.message.startsWith('ChatraSetup left as is'))).toBe(true);
  });

  it('in the fallback, guards the config target against ASI only after an unterminated line', () => {
    const input = `var key = getKey()\nwindow.ChatraID = key\nfoo();\nwindow.ChatraID = key\nif (x {`;
    expect(runScript(input).output).toBe(
      `var key = getKey()\n;(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = key\nfoo();\n(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = key\nif (x {`,
    );
  });

  it('tells template literals and regexes from code in the fallback', () => {
    const input = 'const a = `x ${ {b: 1}.b } Chatra(`; const r = /Chatra(/; Chatra("hide"); oops(';
    const { output } = runScript(input);
    expect(output).toBe('const a = `x ${ {b: 1}.b } Chatra(`; const r = /Chatra(/; Svyazio("hide"); oops(');
  });

  it('in the fallback, leaves declarations, members of other objects and data strings alone', () => {
    const input = `function Chatra() {} new Chatra(); api.Chatra('x'); const n = ['Chatra']; location.hash = '#chatraChatExpanded'; if (`;
    const { output } = runScript(input);
    expect(output).toBe(`function Chatra() {} new Chatra(); api.Chatra('x'); const n = ['Chatra']; location.hash = '#svyazioChatExpanded'; if (`);
  });

  it('in the fallback, renames window members and keeps protocol-relative URLs after a protocol', () => {
    const input = `self.ChatraSetup = {}; globalThis.ChatraIntegration = {}; s.src = location.protocol + '//call.chatra.io/chatra.js'; {{`;
    expect(runScript(input).output).toBe(
      `self.SvyazioSetup = {}; globalThis.SvyazioIntegration = {}; s.src = location.protocol + '//app.svyazio.ru/widget/svyazio.js'; {{`,
    );
  });

  it('never edits masked template code, and says so', () => {
    const input = `window.ChatraID = '____________________'; ____ = 'https://call.chatra.io/chatra.js';`;
    const idStart = input.indexOf('_');
    const urlStart = input.indexOf('https');
    const masked: Array<[number, number]> = [
      [idStart, idStart + 20],
      [urlStart + 8, urlStart + 12],
    ];
    const result = rewriteScript(input, 'js', { options: {}, inline: true, masked });
    expect(applyEdits(input, result.edits)).toBe(
      `(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = '____________________'; ____ = 'https://call.chatra.io/chatra.js';`,
    );
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'loader', message: expect.stringContaining('template code') }));
  });

  it('keeps an edit that only touches a masked span at its edge', () => {
    const input = `Chatra(____);`;
    const result = rewriteScript(input, 'js', { options: {}, masked: [[7, 11]] });
    expect(applyEdits(input, result.edits)).toBe(`Svyazio(____);`);
  });

  it('parses every script kind', () => {
    for (const lang of ['js', 'jsx', 'ts', 'tsx'] as const) {
      expect('error' in parseScript(`const a = <div>Chatra</div>;`, lang, {}), lang).toBe(lang === 'ts');
      expect('error' in parseScript(`const a = <T,>(x: T) => x;`, lang, {}), lang).toBe(false);
    }
  });

  it('treats top-level names as globals only in classic scripts', () => {
    expect(runScript(`var Chatra = make(); Chatra('x');`).output).toBe(`var Svyazio = make(); Svyazio('x');`);
    expect(runScript(`export {}; var Chatra = make(); Chatra('x');`).output).toBe(`export {}; var Chatra = make(); Chatra('x');`);
    expect(runScript(`var x = require('y'); var Chatra = make();`).output).toBe(`var x = require('y'); var Chatra = make();`);
    expect(runScript(`export {}; var Chatra = make();`, { inline: true }).output).toBe(`export {}; var Svyazio = make();`);
  });
});

describe('the wild loaders', () => {
  inlineTest(
    'after consent, with script.id and a lookup',
    `onConsent(() => {\n  if (document.querySelector('script[src*="chatra.js"]')) return;\n  const s = document.createElement('script');\n  s.id = 'chatra-loader';\n  s.src = \`https://call.chatra.io/chatra.js\`;\n  window.ChatraID = cfg.chatraId;\n  document.head.append(s);\n});\n`,
    `onConsent(() => {\n  if (document.querySelector('script[src*="svyazio.js"]')) return;\n  const s = document.createElement('script');\n  s.id = 'chatra-loader';\n  s.src = \`https://app.svyazio.ru/widget/svyazio.js\`;\n  (window.SvyazioConfig = window.SvyazioConfig || {}).orgId = cfg.chatraId;\n  document.head.append(s);\n});\n`,
  );
  inlineTest(
    'after load plus a timeout',
    `window.addEventListener('load', function () { setTimeout(function () { (function (d, w, c) { w[c] = w[c] || function () {}; })(document, window, 'Chatra'); }, 3000); });`,
    `window.addEventListener('load', function () { setTimeout(function () { (function (d, w, c) { w[c] = w[c] || function () {}; })(document, window, 'Svyazio'); }, 3000); });`,
  );
});

describe('analyzeLoader', () => {
  it('finds the ID expression and that the script is only the loader', () => {
    const text = `\n    /* Chatra {literal} */\n    ${standardSnippet}\n`;
    const info = analyzeLoader(text, 'js');
    expect(info).toMatchObject({ idExpression: `'abc123'`, onlyLoader: true });
    expect(text.slice(...info!.idRange!)).toBe(`'abc123'`);
  });

  it('accepts the ID set outside the IIFE and a minified loader', () => {
    const text = `window.ChatraID = '<?php echo esc_js($k) ?>';\n!function(d,w,c){var s=d.createElement("script");w[c]=w[c]||function(){(w[c].q=w[c].q||[]).push(arguments)};s.async=!0;s.src="//call.chatra.io/chatra.js";d.head.appendChild(s)}(document,window,"Chatra");`;
    expect(analyzeLoader(text, 'js')).toMatchObject({ idExpression: `'<?php echo esc_js($k) ?>'`, onlyLoader: true });
  });

  it('says when the script holds more than the loader', () => {
    expect(analyzeLoader(`window.ChatraSetup = { buttonSize: 50 };\n${standardSnippet}`, 'js')?.onlyLoader).toBe(false);
    const lazy = `window.addEventListener('scroll', function () { ${standardSnippet} });`;
    expect(analyzeLoader(lazy, 'js')).toMatchObject({ idExpression: `'abc123'`, onlyLoader: false });
    expect(analyzeLoader(`${standardSnippet}\ntrack();`, 'js')?.onlyLoader).toBe(false);
  });

  it('accepts the loader written as plain statements', () => {
    const text = `const [d, w, c] = [document, window, 'Chatra'];\nw.ChatraID = '{{ id }}';\nconst s = d.createElement('script');\nw[c] = w[c] || function () { (w[c].q = w[c].q || []).push(arguments); };\ns.async = true;\ns.src = \`https://call.chatra.io/chatra.js\`;\nconst x = d.getElementsByTagName('script')[0];\nx.parentNode.insertBefore(s, x);\n`;
    expect(analyzeLoader(text, 'js')).toMatchObject({ idExpression: `'{{ id }}'`, onlyLoader: true });
    expect(analyzeLoader(`(function (d, w, c) { ${standardSnippet} }).call(this, document, window, 'Chatra');`, 'js')?.onlyLoader).toBe(true);
  });

  it('rejects loaders that do more than load', () => {
    const extra = standardSnippet.replace("s.async = true;", "s.async = true; dataLayer.push({ event: 'chat' }); track('chat');");
    expect(analyzeLoader(extra, 'js')?.onlyLoader).toBe(false);
    expect(analyzeLoader(`${standardSnippet}\nChatra('openChat');`, 'js')?.onlyLoader).toBe(false);
    expect(analyzeLoader(`setTimeout(function () { ${standardSnippet} }, 3000);`, 'js')?.onlyLoader).toBe(false);
    expect(analyzeLoader(`function load() { ${standardSnippet} }`, 'js')?.onlyLoader).toBe(false);
  });

  it('returns null without a loader', () => {
    expect(analyzeLoader(`Chatra('openChat');`, 'js')).toBeNull();
    expect(analyzeLoader(`const x = 1;`, 'js')).toBeNull();
  });

  it('still finds the ID when the script does not parse', () => {
    const info = analyzeLoader(`window.ChatraID = '{{ id }}';\n s.src = 'https://call.chatra.io/chatra.js'; if (`, 'js');
    expect(info).toMatchObject({ idExpression: `'{{ id }}'`, onlyLoader: false, idRange: [18, 28] });
  });
});
