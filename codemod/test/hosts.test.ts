import { describe, expect, it } from 'vitest';
import { cspEdits, hrefResult, isChatraScriptUrl, isSameSite, originEdits, scriptSrcEdits, templateLiteralEdits } from '../hosts.js';
import { applyEdits } from '../splice.js';

const csp = (value: string) => applyEdits(value, cspEdits(value, 0));

describe('hosts', () => {
  it('rewrites CSP sources once per directive, keeping schemes and ports', () => {
    expect(csp("script-src 'self' *.chatra.io; frame-src https://chat.chatra.io:443 https://x.example")).toBe(
      "script-src 'self' app.svyazio.ru; frame-src https://app.svyazio.ru:443 https://x.example",
    );
    expect(csp('connect-src wss://*.chatra.io https://*.chatra.io wss://call.chatra.io')).toBe('connect-src wss://app.svyazio.ru https://app.svyazio.ru');
    expect(csp('script-src app.svyazio.ru call.chatra.io')).toBe('script-src app.svyazio.ru');
  });

  it('lets script directives load a --script-url on another host too', () => {
    const options = { scriptUrl: 'https://cdn.example.com/svy/svyazio.js' };
    const value = "default-src 'self' *.chatra.io; script-src 'self' https://call.chatra.io https://chat.chatra.io; frame-src chat.chatra.io";
    expect(applyEdits(value, cspEdits(value, 0, options))).toBe(
      "default-src 'self' app.svyazio.ru cdn.example.com; script-src 'self' https://app.svyazio.ru cdn.example.com; frame-src app.svyazio.ru",
    );
    const listed = 'script-src https://cdn.example.com call.chatra.io';
    expect(applyEdits(listed, cspEdits(listed, 0, options))).toBe('script-src https://cdn.example.com app.svyazio.ru');
    expect(csp('script-src call.chatra.io')).toBe('script-src app.svyazio.ru');
  });

  it('leaves look-alike hosts in CSP values', () => {
    expect(cspEdits('script-src evilchatra.io chatra.io.example *.chatra.io.evil', 0)).toEqual([]);
  });

  it('rewrites preconnect origins only', () => {
    expect(applyEdits('https://call.chatra.io/', originEdits('https://call.chatra.io/', 0))).toBe('https://app.svyazio.ru/');
    expect(originEdits('https://call.chatra.io/chatra.js', 0)).toEqual([]);
  });

  it('recognises every form of the chatra.js URL', () => {
    for (const url of ['https://call.chatra.io/chatra.js', '//call.chatra.io/chatra.js', 'http://chat.chatra.io/chatra.js?v=2']) {
      expect(isChatraScriptUrl(url)).toBe(true);
    }
    expect(isChatraScriptUrl('https://cdn.example/chatra.js')).toBe(false);
    expect(scriptSrcEdits('//call.chatra.io/chatra.js', 10, { scriptUrl: 'https://s.example/w.js' })).toEqual([
      { start: 10, end: 36, text: 'https://s.example/w.js', rule: 'loader' },
    ]);
  });

  it('renames the hash in same-site links only', () => {
    expect(isSameSite('#a')).toBe(true);
    expect(isSameSite('/help')).toBe(true);
    expect(isSameSite('help.html')).toBe(true);
    expect(isSameSite('//other.example/')).toBe(false);
    expect(isSameSite('mailto:a@b.c')).toBe(false);
    const link = '/contact?x=1#chatraChatExpanded';
    expect(applyEdits(link, hrefResult(link, 0).edits)).toBe('/contact?x=1#svyazioChatExpanded');
    expect(hrefResult('https://other.example/#chatraChatExpanded', 0).edits).toEqual([]);
  });

  it('rewrites the script URL literal in template code, and host literals only in CSP code', () => {
    const code = "wp_enqueue_script('chatra', \"https://call.chatra.io/chatra.js\"); $host = 'call.chatra.io';";
    expect(applyEdits(code, templateLiteralEdits(code, 0, {}))).toBe("wp_enqueue_script('chatra', \"https://app.svyazio.ru/widget/svyazio.js\"); $host = 'call.chatra.io';");
    const csp = "$this->addDirective(Directive::CONNECT, ['wss://*.chatra.io', 'chatra.io.example']);";
    expect(applyEdits(csp, templateLiteralEdits(csp, 0, {}))).toBe("$this->addDirective(Directive::CONNECT, ['wss://app.svyazio.ru', 'chatra.io.example']);");
  });

  it('reports the standalone chat page', () => {
    const result = hrefResult('https://chat.chatra.io/?hostId=abc', 5);
    expect(result.edits).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'todo', offset: 5 })]);
  });
});
