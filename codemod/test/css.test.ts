import { describe, expect, it } from 'vitest';
import { rewriteCss, rewriteSelector, type CssLang } from '../css.js';
import { applyEdits } from '../splice.js';

function migrate(text: string, lang: CssLang = 'css'): string {
  return applyEdits(text, rewriteCss(text, lang).edits);
}

describe('CSS selectors', () => {
  it('renames the host id, state classes and the mobile body class', () => {
    const before = [
      '#chatra:not(.chatra--expanded) { visibility: hidden }',
      '#chatra.chatra--style-tab.chatra--side-left, #chatra.chatra--pos-middle {left:0}',
      'body.chatra-mobile-widget-expanded { overflow: hidden; }',
      '',
    ].join('\n');
    expect(migrate(before)).toBe(
      [
        '#svyazio:not(.svyazio--expanded) { visibility: hidden }',
        '#svyazio.svyazio--style-tab.svyazio--side-left, #svyazio.svyazio--pos-middle {left:0}',
        'body.svyazio-mobile-widget-expanded { overflow: hidden; }',
        '',
      ].join('\n'),
    );
  });

  it('leaves names that merely contain the word, values, strings, url() and comments', () => {
    const before = [
      '/* hide #chatra on print */',
      '.chatra-note, #chatra-faq, .my-chatra { color: red }',
      '.badge::after { content: "#chatra .chatra--expanded"; background: url(/img/#chatra.png) }',
      'a[href="#chatra"] { grid-area: chatra }',
      '',
    ].join('\n');
    const result = rewriteCss(before);
    expect(result.edits).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('renames id and class attribute selectors, not other attributes', () => {
    const before = '[id="chatra"] { z-index: 1 }\ndiv[class*="chatra--expanded"], [class~=\'chatra--side-left\' i], [class^="chatra--"] { opacity: 1 }\na[href="#chatra"], [id="chatra-faq"] {}\n/* [id="chatra"] */\n';
    expect(migrate(before)).toBe(
      '[id="svyazio"] { z-index: 1 }\ndiv[class*="svyazio--expanded"], [class~=\'svyazio--side-left\' i], [class^="svyazio--"] { opacity: 1 }\na[href="#chatra"], [id="chatra-faq"] {}\n/* [id="chatra"] */\n',
    );
  });

  it('renames a selector held in a Sass variable together with the selectors it is interpolated into', () => {
    const before = "$chat: '#chatra';\n$note: 'chatra is great';\n#{$chat}.chatra--visible { opacity: 1; }\n// $x: '#chatra';\n";
    expect(migrate(before, 'scss')).toBe("$chat: '#svyazio';\n$note: 'chatra is great';\n#{$chat}.svyazio--visible { opacity: 1; }\n// $x: '#chatra';\n");
  });

    it('reports the iframe selectors as to-dos and leaves them', () => {
    const before = '#chatra__iframe-wrapper, #chatra__iframe { border-radius: 8px }\n#chatra { z-index: 5 }';
    const result = rewriteCss(before);
    expect(migrate(before)).toBe('#chatra__iframe-wrapper, #chatra__iframe { border-radius: 8px }\n#svyazio { z-index: 5 }');
    expect(result.findings.map((f) => [f.kind, before.slice(f.offset, f.offset + 16)])).toEqual([
      ['todo', '#chatra__iframe-'],
      ['todo', '#chatra__iframe '],
    ]);
  });

  it('warns about unknown chatra-- classes without touching them', () => {
    const result = rewriteCss('.chatra--dancing { color: red }');
    expect(result.edits).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'warning', offset: 0 })]);
  });

  it('follows SCSS nesting, interpolation and line comments', () => {
    const before = [
      '// #chatra is the widget',
      '#chatra {',
      '  $pad: 4px;',
      '  margin: #{$pad};',
      '  &.chatra--expanded { opacity: 1; }',
      '  &:not(.chatra--visible) { display: none }',
      '  .x-#{$name} { a: b }',
      '}',
      '',
    ].join('\n');
    expect(migrate(before, 'scss')).toBe(
      [
        '// #chatra is the widget',
        '#svyazio {',
        '  $pad: 4px;',
        '  margin: #{$pad};',
        '  &.svyazio--expanded { opacity: 1; }',
        '  &:not(.svyazio--visible) { display: none }',
        '  .x-#{$name} { a: b }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('handles Less mixins and guards', () => {
    const before = '.hide-launcher() {\n  #chatra:not(.chatra--expanded) { display: none; }\n}\n@media (max-width: 600px) { .hide-launcher(); }\n';
    expect(migrate(before, 'less')).toBe(
      '.hide-launcher() {\n  #svyazio:not(.svyazio--expanded) { display: none; }\n}\n@media (max-width: 600px) { .hide-launcher(); }\n',
    );
  });

  it('handles indented Sass', () => {
    const before = '#chatra\n  z-index: 10\n  &.chatra--expanded\n    opacity: 1\n';
    expect(migrate(before, 'sass')).toBe('#svyazio\n  z-index: 10\n  &.svyazio--expanded\n    opacity: 1\n');
  });

  it('keeps CRLF and is idempotent', () => {
    const once = migrate('#chatra {\r\n  top: 0;\r\n}\r\n');
    expect(once).toBe('#svyazio {\r\n  top: 0;\r\n}\r\n');
    expect(rewriteCss(once).edits).toEqual([]);
  });

  it('rewrites a bare selector list', () => {
    const text = '#chatra.chatra--expanded, .chatra-note';
    expect(applyEdits(text, rewriteSelector(text).edits)).toBe('#svyazio.svyazio--expanded, .chatra-note');
  });
});
