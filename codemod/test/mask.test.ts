import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { blankSpans, dialectFor, maskScript, templateSpans, type Dialect } from '../mask.js';

function parseErrors(text: string): string[] {
  const sf = ts.createSourceFile('x.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  return (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

/** Masks a script written in a dialect and returns the masked text and the template code found. */
function mask(script: string, dialect: Dialect) {
  const spans = templateSpans(script, dialect);
  const result = maskScript(script, spans);
  expect(result.text).toHaveLength(script.length);
  return { ...result, code: spans.map((s) => script.slice(s.start, s.end)) };
}

const cases: Array<[Dialect, string, string[]]> = [
  [
    'php',
    "<?php if ($chat): ?>\nwindow.ChatraID = '<?php echo esc_js($key) ?>';\nwindow.ChatraSetup = <?= json_encode($setup) ?>;\n<?php endif; ?>\n",
    ['<?php if ($chat): ?>', '<?php echo esc_js($key) ?>', '<?= json_encode($setup) ?>', '<?php endif; ?>'],
  ],
  [
    'smarty',
    "{literal}\n(function(d, w, c) {\n  w.ChatraID = '{/literal}{$chatra_id|escape:'javascript'}{literal}';\n})(document, window, 'Chatra');\n{/literal}\n{if $x}Chatra('show');{/if}\n{* note *}\n",
    ['{literal}', '{/literal}', "{$chatra_id|escape:'javascript'}", '{literal}', '{/literal}', '{if $x}', '{/if}', '{* note *}'],
  ],
  [
    'liquid',
    "{% if settings.chat_enabled %}\nwindow.ChatraID = '{{ settings.chatra_id | escape }}';\nvar n = {{ cart.item_count }};\n{% endif %}\n{% raw %}var t = '{{ not_liquid }}';{% endraw %}\n",
    ['{% if settings.chat_enabled %}', '{{ settings.chatra_id | escape }}', '{{ cart.item_count }}', '{% endif %}', '{% raw %}', '{% endraw %}'],
  ],
  [
    'twig',
    "{# chat #}\n{%- if chat -%}\nwindow.ChatraSetup = {{ setup|json_encode|raw }};\n{%- endif -%}\n",
    ['{# chat #}', '{%- if chat -%}', '{{ setup|json_encode|raw }}', '{%- endif -%}'],
  ],
  [
    'blade',
    "@if(config('chat.enabled'))\nwindow.ChatraID = '{{ config('chat.id') }}';\nwindow.ChatraSetup = @json($setup);\nwindow.ChatraIntegration = {!! $integration !!};\n{{-- @endif --}}\n@endif\n",
    ["@if(config('chat.enabled'))", "{{ config('chat.id') }}", '@json($setup)', '{!! $integration !!}', '{{-- @endif --}}', '@endif'],
  ],
  [
    'jsp',
    "<%-- chat --%>\n<c:if test=\"${chat}\">\nwindow.ChatraID = '<c:out value=\"${chatraId}\"/>';\nwindow.ChatraGroupID = '${groupId}';\nvar user = <%= userJson %>;\nvar t = `\\${notEl}`;\n</c:if>\n",
    ['<%-- chat --%>', '<c:if test="${chat}">', '<c:out value="${chatraId}"/>', '${groupId}', '<%= userJson %>', '</c:if>'],
  ],
  [
    'jsf',
    "window.ChatraID = '#{chatBean.chatraId}';\nwindow.ChatraGroupID = ${chatBean.groupJson};\n",
    ['#{chatBean.chatraId}', '${chatBean.groupJson}'],
  ],
  [
    'erb',
    "<%# chat %>\n<% if @chat %>\nwindow.ChatraID = '<%= ENV['CHATRA_ID'] %>';\nwindow.ChatraSetup = <%== @setup.to_json %>;\n<% end -%>\n",
    ['<%# chat %>', '<% if @chat %>', "<%= ENV['CHATRA_ID'] %>", '<%== @setup.to_json %>', '<% end -%>'],
  ],
  [
    'ejs',
    "<% if (chat) { %>\nwindow.ChatraID = '<%= chatraId %>';\nwindow.ChatraSetup = <%- JSON.stringify(setup) %>;\n<%_ } _%>\n",
    ['<% if (chat) { %>', '<%= chatraId %>', '<%- JSON.stringify(setup) %>', '<%_ } _%>'],
  ],
  [
    'handlebars',
    "{{!-- chat --}}\n{{#if chat}}\nwindow.ChatraID = '{{chatraId}}';\nwindow.ChatraSetup = {{{setupJson}}};\n{{else}}\n{{/if}}\n",
    ['{{!-- chat --}}', '{{#if chat}}', '{{chatraId}}', '{{{setupJson}}}', '{{else}}', '{{/if}}'],
  ],
  [
    'razor',
    "@* chat *@\n@if (Model.Chat) {\nwindow.ChatraID = '@Model.Chat.Id';\nwindow.ChatraSetup = @Html.Raw(Json.Serialize(Model.Setup));\nwindow.ChatraGroupID = '@(Model.Group)';\n}\n@{ var x = 1; }\nvar mail = 'a@b.com', at = '@@';\n",
    ['@* chat *@', '@if (Model.Chat)', '@Model.Chat.Id', '@Html.Raw(Json.Serialize(Model.Setup))', '@(Model.Group)', '@{ var x = 1; }'],
  ],
  [
    'aspnet',
    "<%@ Page Language=\"C#\" %>\n<%-- chat --%>\n<asp:PlaceHolder runat=\"server\">\nwindow.ChatraID = '<%= ConfigurationManager.AppSettings[\"ChatraId\"] %>';\nwindow.ChatraGroupID = '<%: Group %>';\n</asp:PlaceHolder>\n",
    ['<%@ Page Language="C#" %>', '<%-- chat --%>', '<asp:PlaceHolder runat="server">', '<%= ConfigurationManager.AppSettings["ChatraId"] %>', '<%: Group %>', '</asp:PlaceHolder>'],
  ],
];

describe('template masking', () => {
  it.each(cases)('%s: finds the template code and keeps the script parseable', (dialect, script, code) => {
    const masked = mask(script, dialect);
    expect(masked.code).toEqual(code);
    expect(parseErrors(masked.text)).toEqual([]);
    // Everything outside the masked spans is untouched.
    let rebuilt = masked.text;
    for (const [start, end] of masked.masked) rebuilt = rebuilt.slice(0, start) + script.slice(start, end) + rebuilt.slice(end);
    expect(rebuilt).toBe(script);
  });

  it('fills strings, names values and blanks control code', () => {
    const script = "{% if x %}\nvar id = '{{ id }}', n = {{ n }};\n{% endif %}";
    const { text } = mask(script, 'liquid');
    expect(text).toBe("          \nvar id = '________', n = __tpl__;\n           ");
  });

  it('names longer values recognisably and keeps line breaks inside them', () => {
    const { text } = mask('x = <?= $a\r\n ?>;', 'php');
    expect(text).toBe('x = __tpl_\r\n___;');
  });

  it('tells regex literals and template literals from code', () => {
    const script = "var r = /{{ a }}/g, t = `${ {{ b }} }{{ c }}`, d = 4 / {{ e }};";
    const { text } = mask(script, 'liquid');
    expect(text).toBe('var r = /_______/g, t = `${ __tpl__ }_______`, d = 4 / __tpl__;');
    expect(parseErrors(text)).toEqual([]);
  });

  it('masks a printed value alone on its line before a `(` line as a statement, not as a callee', () => {
    const { text } = mask('{{ custom_js }}\n(function () {})();', 'liquid');
    expect(text).toBe(`__tpl${'_'.repeat(9)};\n(function () {})();`);
    expect(mask('<?php echo $js; ?>\n(function () {})();', 'php').text).toMatch(/^__tpl_+;\n/);
    // Inside an expression the value stays an operand.
    expect(mask('var a = [\n{{ x }}\n];', 'liquid').text).toBe('var a = [\n__tpl__\n];');
    expect(mask('var b = c +\n{{ x }}\n(d);', 'liquid').text).toBe('var b = c +\n__tpl__\n(d);');
  });

  it('ends a Blade directive at the line: a `(` on the next line is the script', () => {
    const code = mask('@endauth\n(function () {})();', 'blade').code;
    expect(code).toEqual(['@endauth']);
    expect(mask('@if (x)', 'blade').code).toEqual(['@if (x)']);
  });

  it('reads Smarty {ldelim} and {rdelim} as the braces they print', () => {
    const { text } = mask("(function(d, w, c) {ldelim}\n  w.ChatraID = '{$id}';\n{rdelim})(document, window, 'Chatra');", 'smarty');
    expect(text).toBe("(function(d, w, c) {       \n  w.ChatraID = '_____';\n}       )(document, window, 'Chatra');");
    expect(parseErrors(text)).toEqual([]);
  });

  it('leaves Smarty braces followed by whitespace alone (auto-literal)', () => {
    expect(templateSpans('function f() { return 1; }', 'smarty')).toEqual([]);
  });

  it('does not take @media or e-mail addresses for Blade directives', () => {
    expect(templateSpans('@media (max-width: 1px) {} a@if.com', 'blade')).toEqual([]);
  });

  it('masks nothing in SFCs', () => {
    expect(templateSpans('const a = `${b}`; {{ c }} <% d %>', 'sfc')).toEqual([]);
  });

  it('blanks spans for reading HTML structure', () => {
    const text = "<a href=\"<?php echo '</a>' ?>\">x</a>";
    expect(blankSpans(text, templateSpans(text, 'php'))).toBe(`<a href="${' '.repeat(20)}">x</a>`);
  });

  it('picks the dialect by extension', () => {
    expect(dialectFor('theme/header.blade.php')).toBe('blade');
    expect(dialectFor('header.php')).toBe('php');
    expect(dialectFor('x.TPL')).toBe('smarty');
    expect(dialectFor('layout/theme.liquid')).toBe('liquid');
    expect(dialectFor('a.njk')).toBe('twig');
    expect(dialectFor('WEB-INF/tags/chat.tag')).toBe('jsp');
    expect(dialectFor('App.vue')).toBe('sfc');
    expect(dialectFor('index.htm')).toBe('html');
    expect(dialectFor('faces/chat.xhtml')).toBe('jsf');
    expect(dialectFor('templates/chat.html.j2')).toBe('twig');
    expect(dialectFor('chat.jinja2')).toBe('twig');
    expect(dialectFor('Views/Shared/_Layout.cshtml')).toBe('razor');
    expect(dialectFor('Site.Master')).toBe('aspnet');
    expect(dialectFor('Default.aspx')).toBe('aspnet');
    expect(dialectFor('main.ts')).toBeNull();
  });
});
