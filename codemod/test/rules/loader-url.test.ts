import { describe, expect, it } from 'vitest';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

describe('loader-url', () => {
  inlineTest('https URL', `s.src = 'https://call.chatra.io/chatra.js';`, `s.src = 'https://app.svyazio.ru/widget/svyazio.js';`);
  inlineTest('protocol-relative URL on its own', `s.src = "//call.chatra.io/chatra.js";`, `s.src = "https://app.svyazio.ru/widget/svyazio.js";`);
  inlineTest('old host over http', `s.src = 'http://chat.chatra.io/chatra.js';`, `s.src = 'https://app.svyazio.ru/widget/svyazio.js';`);
  inlineTest('protocol concatenated in front', `s.src = d.location.protocol + '//call.chatra.io/chatra.js';`, `s.src = d.location.protocol + '//app.svyazio.ru/widget/svyazio.js';`);
  inlineTest('template literal with the protocol', 's.src = `${proto}//call.chatra.io/chatra.js`;', 's.src = `${proto}//app.svyazio.ru/widget/svyazio.js`;');
  inlineTest('template literal with a full URL', 'load(`https://call.chatra.io/chatra.js?v=${v}`);', 'load(`https://app.svyazio.ru/widget/svyazio.js?v=${v}`);');
  inlineTest('jQuery getScript', `$.getScript('https://call.chatra.io/chatra.js');`, `$.getScript('https://app.svyazio.ru/widget/svyazio.js');`);
  inlineTest(
    'lazy loader after scroll',
    `window.addEventListener('scroll', function () {\n  var s = document.createElement('script');\n  s.src = 'https://call.chatra.io/chatra.js';\n  document.body.appendChild(s);\n}, { once: true });\n`,
    `window.addEventListener('scroll', function () {\n  var s = document.createElement('script');\n  s.src = 'https://app.svyazio.ru/widget/svyazio.js';\n  document.body.appendChild(s);\n}, { once: true });\n`,
  );
  inlineTest('selector with the full URL', `document.querySelector('script[src="https://call.chatra.io/chatra.js"]');`, `document.querySelector('script[src="https://app.svyazio.ru/widget/svyazio.js"]');`);
  inlineTest('selector with the file name only', `document.querySelector('script[src*="chatra.js"]');`, `document.querySelector('script[src*="svyazio.js"]');`);
  inlineTest(
    'selectors with host and path, or the host alone',
    `$('script[src*="call.chatra.io/chatra.js"]'); $('script[src^="https://chat.chatra.io"]');`,
    `$('script[src*="app.svyazio.ru/widget/svyazio.js"]'); $('script[src^="https://app.svyazio.ru"]');`,
  );
  inlineTest('--script-url', `s.src = d.location.protocol + '//call.chatra.io/chatra.js'; t.src = 'https://call.chatra.io/chatra.js';`, `s.src = d.location.protocol + '//cdn.example.test/w.js'; t.src = 'https://cdn.example.test/w.js';`, { options: { scriptUrl: 'https://cdn.example.test/w.js' } });
  untouchedTest('other chatra.io pages and prose', `const help = 'https://chatra.io/help/api/'; // loads call.chatra.io/chatra.js\n`);

  it('marks every edit with the loader rule', () => {
    const { result } = runScript(`s.src = 'https://call.chatra.io/chatra.js';`);
    expect(result.edits.map((e) => e.rule)).toEqual(['loader']);
  });
});

describe('loader-url: URLs built in pieces', () => {
  inlineTest('host and path after a protocol ternary', `s.src = ('https:' == d.location.protocol ? 'https://' : 'http://') + 'call.chatra.io/chatra.js';`, `s.src = ('https:' == d.location.protocol ? 'https://' : 'http://') + 'app.svyazio.ru/widget/svyazio.js';`);
  inlineTest('a protocol spelled in pieces keeps its colon', `s.src = 'http' + (secure ? 's' : '') + '://call.chatra.io/chatra.js';`, `s.src = 'http' + (secure ? 's' : '') + '://app.svyazio.ru/widget/svyazio.js';`);
  untouchedTest('host and path not concatenated to anything are prose', `const note = 'call.chatra.io/chatra.js';`);
});

describe('loader-url: host held in a variable', () => {
  inlineTest('the path follows the host the hosts rule moved', `var host = 'call.chatra.io';\ns.src = 'https://' + host + '/chatra.js';`, `var host = 'app.svyazio.ru';\ns.src = 'https://' + host + '/widget/svyazio.js';`);
  untouchedTest('a bare path with no Chatra host in the file', `s.src = base + '/chatra.js';`);

  it('reports the path when the script URL is on another host', () => {
    const input = `var host = 'call.chatra.io';\ns.src = 'https://' + host + '/chatra.js';`;
    const { output, result } = runScript(input, { options: { scriptUrl: 'https://cdn.example.test/w.js' } });
    expect(output).toContain(`'/chatra.js'`);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', rule: 'loader', offset: input.indexOf(`'/chatra.js'`) }));
  });
});

describe('loader-url: detection data', () => {
  untouchedTest('a selector in a table keyed by vendor global', `export const VENDORS = { Intercom: 'intercom', Chatra: 'chatra' };\nexport const KEYS = { Chatra: 'window.Chatra', ChatraID: 'script[src*="chatra.js"]' };\n`);
  inlineTest('a selector in an ordinary options object', `watch({ selector: 'script[src*="chatra.js"]' });`, `watch({ selector: 'script[src*="svyazio.js"]' });`);
});
