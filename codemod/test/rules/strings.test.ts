import { describe, expect, it } from 'vitest';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

const snippet = (id: string, name: string, url: string) =>
  `(function(d, w, c) {\n  ${id};\n  var s = d.createElement('script');\n  w[c] = w[c] || function() { (w[c].q = w[c].q || []).push(arguments); };\n  s.async = true;\n  s.src = ${url};\n  if (d.head) d.head.appendChild(s);\n})(document, window, '${name}');`;

describe('strings: code inside strings', () => {
  inlineTest(
    'Next.js dangerouslySetInnerHTML template literal',
    'export const Chat = () => <script dangerouslySetInnerHTML={{ __html: `' +
      snippet("w.ChatraID = '${process.env.NEXT_PUBLIC_CHATRA_ID}'", 'Chatra', "d.location.protocol + '//call.chatra.io/chatra.js'") +
      '` }} />;\n',
    'export const Chat = () => <script dangerouslySetInnerHTML={{ __html: `' +
      snippet(
        "(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = '${process.env.NEXT_PUBLIC_CHATRA_ID}'",
        'Svyazio',
        "d.location.protocol + '//app.svyazio.ru/widget/svyazio.js'",
      ) +
      '` }} />;\n',
    { lang: 'tsx' },
  );
  inlineTest(
    'HTML string with a script element',
    `el.innerHTML = "<script>window.ChatraSetup = { buttonSize: 50 };<\\/script><script async src='https://call.chatra.io/chatra.js'><\\/script>";`,
    `el.innerHTML = "<script>window.SvyazioSetup = { buttonSize: 50 };<\\/script><script async src='https://app.svyazio.ru/widget/svyazio.js'><\\/script>";`,
  );
  inlineTest(
    'escaped quotes inside: exact tokens only',
    `const html = '<script>Chatra(\\'showChat\\'); ChatraX = 1;<\\/script>';`,
    `const html = '<script>Svyazio(\\'openChat\\'); ChatraX = 1;<\\/script>';`,
  );
  untouchedTest('prose that names the brand', `const msg = "Chatra (our old chat) is gone. Use the new button.";`);
  untouchedTest('a data string that is a lone name', `const n = 'Chatra';`);
});

describe('strings: CSS and DOM names', () => {
  inlineTest('querySelector', `document.querySelector('#chatra .chatra--expanded');`, `document.querySelector('#svyazio .svyazio--expanded');`);
  inlineTest('getElementById', `document.getElementById('chatra').remove();`, `document.getElementById('svyazio').remove();`);
  inlineTest('classList', `document.body.classList.contains('chatra-mobile-widget-expanded'); host.classList.add('chatra--visible');`, `document.body.classList.contains('svyazio-mobile-widget-expanded'); host.classList.add('svyazio--visible');`);
  inlineTest('styled-components template', 'const G = createGlobalStyle`\n  #chatra:not(.chatra--expanded) { visibility: hidden; }\n  body { color: ${c}; }\n`;', 'const G = createGlobalStyle`\n  #svyazio:not(.svyazio--expanded) { visibility: hidden; }\n  body { color: ${c}; }\n`;');
  inlineTest('style.innerHTML string', `style.innerHTML = '#chatra { bottom: 80px !important; }';`, `style.innerHTML = '#svyazio { bottom: 80px !important; }';`);
  untouchedTest('names that merely contain the word', `document.querySelector('.chatra-note'); el.classList.add('chatra-faq'); const id = 'chatra';`);

  it('reports selectors with no equivalent', () => {
    const input = `document.querySelector('#chatra__iframe');`;
    const { output, result } = runScript(input);
    expect(output).toBe(input);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', offset: input.indexOf('#chatra__iframe') }));
  });
});

describe('strings: class names', () => {
  inlineTest(
    'jQuery class methods and getElementsByClassName',
    `$('#chatra').hasClass('chatra--visible');\nconst el = document.getElementsByClassName('chatra--style-tab')[0];\n$('#chatra').toggleClass('chatra--expanded chatra--visible', open);`,
    `$('#svyazio').hasClass('svyazio--visible');\nconst el = document.getElementsByClassName('svyazio--style-tab')[0];\n$('#svyazio').toggleClass('svyazio--expanded svyazio--visible', open);`,
  );
  untouchedTest('class names that are not the widget\'s', `$(el).addClass('chatra-note'); el.hasClass('chatra--unknown-state');`);
});

describe('strings: event handlers in HTML strings', () => {
  inlineTest(
    'onclick with escaped quotes',
    `box.innerHTML = '<button onclick="Chatra(\\'showChat\\')">Chat</button><a href="#chatraChatExpanded">x</a>';`,
    `box.innerHTML = '<button onclick="Svyazio(\\'openChat\\')">Chat</button><a href="#svyazioChatExpanded">x</a>';`,
  );
  inlineTest(
    'template literal with a handler',
    'const html = `<a onclick="window.Chatra(\'openChat\'); return false" title="${t}">Chat</a>`;',
    'const html = `<a onclick="window.Svyazio(\'openChat\'); return false" title="${t}">Chat</a>`;',
  );
  it('reads a handler after the string\'s own escapes, so it parses', () => {
    const input = `$('body').append('<a href="#chatraChatExpanded" onclick="Chatra(\\'showChat\\'); window.ChatraID = \\'k\\'; return false;">Chat</a>');`;
    const { output, result } = runScript(input);
    expect(output).toBe(
      `$('body').append('<a href="#svyazioChatExpanded" onclick="Svyazio(\\'openChat\\'); (window.SvyazioConfig = window.SvyazioConfig || {}).orgId = \\'k\\'; return false;">Chat</a>');`,
    );
    expect(result.findings.filter((f) => f.rule === 'parse')).toEqual([]);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', rule: 'config-id', offset: input.indexOf(`\\'k`) }));
  });
  inlineTest(
    'a handler and a <style> in one string, both in one run',
    `el.innerHTML = '<a onclick="Chatra(1)">x</a><style>#chatra{top:0}</style>';`,
    `el.innerHTML = '<a onclick="Svyazio(1)">x</a><style>#svyazio{top:0}</style>';`,
  );
  inlineTest(
    'a handler querying the host next to a <style>',
    'el.innerHTML = `<a onclick="document.querySelector(\'#chatra\').remove()">x</a><style>.chatra--expanded{top:0}</style>`;',
    'el.innerHTML = `<a onclick="document.querySelector(\'#svyazio\').remove()">x</a><style>.svyazio--expanded{top:0}</style>`;',
  );
});

describe('strings: next/script', () => {
  inlineTest(
    'inline child template and src attribute',
    'export const Chat = () => (\n  <>\n    <Script id="chatra" strategy="afterInteractive">{`window.ChatraSetup = { startHidden: true }; window.ChatraID = "${id}";`}</Script>\n    <Script src="https://call.chatra.io/chatra.js" strategy="lazyOnload" />\n  </>\n);\n',
    'export const Chat = () => (\n  <>\n    <Script id="chatra" strategy="afterInteractive">{`window.SvyazioSetup = { startHidden: true }; (window.SvyazioConfig = window.SvyazioConfig || {}).orgId = "${id}";`}</Script>\n    <Script src="https://app.svyazio.ru/widget/svyazio.js" strategy="lazyOnload" />\n  </>\n);\n',
    { lang: 'tsx' },
  );
});
