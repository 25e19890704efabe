import { describe, expect, it } from 'vitest';
import { rewriteMarkup } from '../html.js';
import { fileTest, migrateText, untouchedFileTest } from './file-case.js';

const LOADER = (id: string, indent = '    ') =>
  [
    `${indent}(function(d, w, c) {`,
    `${indent}    w.ChatraID = ${id};`,
    `${indent}    var s = d.createElement('script');`,
    `${indent}    w[c] = w[c] || function() {`,
    `${indent}        (w[c].q = w[c].q || []).push(arguments);`,
    `${indent}    };`,
    `${indent}    s.async = true;`,
    `${indent}    s.src = 'https://call.chatra.io/chatra.js';`,
    `${indent}    if (d.head) d.head.appendChild(s);`,
    `${indent}})(document, window, 'Chatra');`,
  ].join('\n');

const SNIPPET = (id: string, indent = '  ', unit = '  ', url = 'https://app.svyazio.ru/widget/svyazio.js', open = '<script>') =>
  [
    `${indent}${open}`,
    `${indent}${unit}window.SvyazioConfig = window.SvyazioConfig || {};`,
    `${indent}${unit}window.SvyazioConfig.orgId = ${id};`,
    `${indent}${unit}window.Svyazio = window.Svyazio || function() {`,
    `${indent}${unit}${unit}(window.Svyazio.q = window.Svyazio.q || []).push(arguments);`,
    `${indent}${unit}};`,
    `${indent}</script>`,
    `${indent}${open.slice(0, -1)} async src="${url}"></script>`,
  ].join('\n');

describe('loader block → Quick Start snippet', () => {
  fileTest(
    'keeps indentation and the ID expression',
    'index.html',
    `<head>\n  <script>\n${LOADER("'abc123'")}\n  </script>\n</head>\n`,
    `<head>\n${SNIPPET("'abc123'")}\n</head>\n`,
  );

  fileTest(
    'keeps the tag attributes and the block own indentation unit',
    'index.html',
    `<head>\n\t<script type="text/javascript" data-cfasync="false">\n${LOADER("'abc'", '\t\t')}\n\t</script>\n</head>\n`,
    `<head>\n${SNIPPET("'abc'", '\t', '\t', undefined, '<script type="text/javascript" data-cfasync="false">')}\n</head>\n`,
  );

  fileTest(
    'the new script tag keeps a CSP nonce written in template code',
    'app/views/layouts/application.html.erb',
    `<script nonce="<%= content_security_policy_nonce %>">\n${LOADER("'abc'", '  ')}\n</script>\n`,
    `${SNIPPET("'abc'", '', '  ', undefined, '<script nonce="<%= content_security_policy_nonce %>">')}\n`,
  );

  fileTest(
    'a loader gated by a consent manager stays gated',
    'index.html',
    `<script type="text/plain" data-cookieconsent="marketing">\n${LOADER("'abc'", '  ')}\n</script>\n`,
    `${SNIPPET("'abc'", '', '  ', undefined, '<script type="text/plain" data-cookieconsent="marketing">')}\n`,
  );

  it('a OneTrust-gated loader is migrated; a plain text/plain block is not code', () => {
    const gated = `<script type="text/plain" class="optanon-category-C0004">\n${LOADER("'abc'", '  ')}\n</script>\n`;
    expect(migrateText('index.html', gated).output).toContain('class="optanon-category-C0004" async src=');
    const sample = `<script type="text/plain">\n${LOADER("'abc'", '  ')}\n</script>\n`;
    expect(migrateText('index.html', sample).result.output).toBeNull();
  });

  fileTest(
    '--org-id replaces the expression and --script-url the URL',
    'index.html',
    `<script>\n${LOADER("'old'", '  ')}\n</script>\n`,
    `${SNIPPET('"ORG-1"', '', '  ', 'https://cdn.example/s.js')}\n`,
    { orgId: 'ORG-1', scriptUrl: 'https://cdn.example/s.js' },
  );

  fileTest(
    'Astro is:inline scripts are classic: the loader becomes the snippet',
    'src/layouts/Base.astro',
    `---\nconst id = 'abc';\n---\n<head>\n  <script is:inline>\n${LOADER("'abc'")}\n  </script>\n</head>\n`,
    `---\nconst id = 'abc';\n---\n<head>\n${SNIPPET("'abc'", '  ', '  ', undefined, '<script is:inline>')}\n</head>\n`,
  );

  it('module scripts of components keep the loader, rewritten in place', () => {
    const before = `<script>\n${LOADER("'abc'", '')}\n</script>\n<template><div /></template>\n`;
    const { output } = migrateText('App.vue', before);
    expect(output).toContain("(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = 'abc';");
    expect(output).not.toContain('<script async src');
  });

  it('keeps template code the snippet would drop: the block is rewritten in place', () => {
    const before = `<script>\n{% if chat %}\n${LOADER("'{{ id }}'", '')}\n{% endif %}\n</script>\n`;
    const { output } = migrateText('theme.liquid', before);
    expect(output).toContain('{% if chat %}');
    expect(output).toContain("(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = '{{ id }}';");
  });

  it('reports the carried-over ID as a to-do, at the expression', () => {
    const text = `<script>\n${LOADER("'abc'")}\n</script>`;
    const { result } = migrateText('a.html', text);
    const todo = result.findings.find((f) => f.kind === 'todo' && f.rule === 'loader');
    expect(todo && text.slice(todo.offset, todo.offset + 5)).toBe("'abc'");
    expect(result.edits).toEqual({ loader: 1 });
    expect(migrateText('a.html', text, { orgId: 'x' }).result.findings.filter((f) => f.rule === 'loader')).toEqual([]);
  });

  it('quotes template code, not its masking placeholder, in findings', () => {
    const text = "<script>\n  window.ChatraSetup = { language: 'en' };\n  window.ChatraID = '<?php echo esc_js( $key ); ?>';\n</script>\n<a onclick=\"window.ChatraID = '<?= $k ?>'\">x</a>";
    const todos = migrateText('footer.php', text).result.findings.filter((f) => f.kind === 'todo');
    expect(todos.map((f) => f.message)).toEqual([
      expect.stringContaining("('<?php echo esc_js( $key ); ?>')"),
      expect.stringContaining("('<?= $k ?>')"),
    ]);
  });

  fileTest(
    'a block with settings too is rewritten in place, not replaced',
    'index.html',
    `<script>\nwindow.ChatraSetup = { buttonPosition: 'bl' };\n${LOADER("'abc'", '')}\n</script>\n`,
    `<script>\nwindow.SvyazioSetup = { buttonPosition: 'bl' };\n${LOADER("'abc'", '')
      .replace("w.ChatraID = 'abc'", "(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = 'abc'")
      .replace('https://call.chatra.io/chatra.js', 'https://app.svyazio.ru/widget/svyazio.js')
      .replace("'Chatra'", "'Svyazio'")}\n</script>\n`,
  );
});

describe('template code inside scripts, per dialect', () => {
  const cases: Array<[string, string, string]> = [
    ['theme/header.php', "'<?php echo esc_js(get_option('chatra_id')) ?>'", '<?php if ($chat): ?>'],
    ['templates/header.tpl', "'{$chatra_id|escape:'javascript'}'", '{if $chat}'],
    ['layout/theme.liquid', "'{{ settings.chatra_id | escape }}'", '{% if settings.chat %}'],
    ['templates/base.html.twig', "'{{ chatra_id|e('js') }}'", '{% if chat %}'],
    ['views/layout.njk', "'{{ chatraId }}'", '{% if chat %}'],
    ['resources/views/layout.blade.php', "'{{ config('services.chatra.id') }}'", "@if(config('chat'))"],
    ['WEB-INF/jsp/footer.jsp', '\'<c:out value="${chatraId}"/>\'', '<c:if test="${chat}">'],
    ['WEB-INF/tags/chat.tag', "'${chatraId}'", '<% if (chat) { %>'],
    ['app/views/layouts/application.html.erb', "'<%= ENV['CHATRA_ID'] %>'", '<% if @chat %>'],
    ['views/layout.ejs', "'<%= chatraId %>'", '<% if (chat) { %>'],
    ['views/layout.hbs', "'{{chatraId}}'", '{{#if chat}}'],
    ['templates/chat.mustache', "'{{chatra_id}}'", '{{#chat}}'],
  ];

  it.each(cases)('%s: migrates around the template code and restores it byte for byte', (path, id, control) => {
    const close = control.startsWith('<c:') ? '</c:if>' : control.startsWith('<%') ? '<% } %>' : control.startsWith('<?php') ? '<?php endif; ?>' : control.startsWith('@') ? '@endif' : control.startsWith('{{#') ? `{{/${/\{\{#(\w+)/.exec(control)?.[1]}}}` : control.startsWith('{%') ? '{% endif %}' : '{/if}';
    // The loader inside a conditional keeps the conditional: rewritten in place, not replaced.
    const before = `<body>\n<script>\n${control}\n${LOADER(id, '  ')}\nChatra('openChat');\n${close}\n</script>\n<a href="#chatraChatExpanded" onclick="Chatra('openChat'); track(${id})">Chat</a>\n</body>\n`;
    const { output, result } = migrateText(path, before);
    expect(result.parseError).toBeUndefined();
    expect(output).toContain(`\n${control}\n`);
    // Smarty 3 compiles `{}` as a tag: generated code spells it `{ }` there.
    const empty = path.endsWith('.tpl') ? '{ }' : '{}';
    expect(output).toContain(`(w.SvyazioConfig = w.SvyazioConfig || ${empty}).orgId = ${id};`);
    expect(output).toContain(`\nSvyazio('openChat');\n${close}\n`);
    expect(output).toContain("s.src = 'https://app.svyazio.ru/widget/svyazio.js'");
    expect(output).toContain(`<a href="#svyazioChatExpanded" onclick="Svyazio('openChat'); track(${id})">`);
    expect(output).not.toMatch(/Chatra\b/);
    expect(migrateText(path, output).result.output).toBeNull();
    const crlf = migrateText(path, before.replace(/\n/g, '\r\n')).output;
    expect(crlf).toBe(output.replace(/\n/g, '\r\n'));
  });

  it.each(cases)('%s: a loader-only block becomes the snippet with the template ID verbatim', (path, id) => {
    const before = `<head>\n  <script>\n${LOADER(id)}\n  </script>\n</head>\n`;
    const snippet = SNIPPET(id);
    expect(migrateText(path, before).output).toBe(`<head>\n${path.endsWith('.tpl') ? snippet.replace('|| {};', '|| { };') : snippet}\n</head>\n`);
  });

  fileTest(
    'Shopify section blocks: {% javascript %}, {% stylesheet %} and {% style %}',
    'sections/chat-button.liquid',
    [
      '<button class="chat-cta" data-label="{{ section.settings.label }}">{{ section.settings.label }}</button>',
      '{% javascript %}',
      "  document.querySelector('.chat-cta').addEventListener('click', function () { window.Chatra('openChat', true); });",
      `  var tpl = '<a onclick="x()">{{ not liquid }}</a>';`,
      '{% endjavascript %}',
      '{% stylesheet %}',
      '  #chatra.chatra--expanded { z-index: 10; }',
      '{% endstylesheet %}',
      '{% style %}',
      '  #chatra { bottom: {{ section.settings.offset }}px; }',
      '{% endstyle %}',
      '{% schema %}',
      '{ "name": "Chat button", "settings": [{ "id": "chatra_id", "type": "text" }] }',
      '{% endschema %}',
      '',
    ].join('\n'),
    [
      '<button class="chat-cta" data-label="{{ section.settings.label }}">{{ section.settings.label }}</button>',
      '{% javascript %}',
      "  document.querySelector('.chat-cta').addEventListener('click', function () { window.Svyazio('openChat', true); });",
      `  var tpl = '<a onclick="x()">{{ not liquid }}</a>';`,
      '{% endjavascript %}',
      '{% stylesheet %}',
      '  #svyazio.svyazio--expanded { z-index: 10; }',
      '{% endstylesheet %}',
      '{% style %}',
      '  #svyazio { bottom: {{ section.settings.offset }}px; }',
      '{% endstyle %}',
      '{% schema %}',
      '{ "name": "Chat button", "settings": [{ "id": "chatra_id", "type": "text" }] }',
      '{% endschema %}',
      '',
    ].join('\n'),
  );

  fileTest(
    'Smarty 3 without {literal}: generated code never holds `{}` or `{x`, which Smarty compiles as tags',
    'footer.tpl',
    `<script>\n${LOADER("'{$chatra_id}'", '')}\n</script>\n<script>\n  window.ChatraSetup = { language: '{$lang}' };\n  window.ChatraID = '{$chatra_id}';\n</script>\n`,
    `${SNIPPET("'{$chatra_id}'", '', '  ').replace('|| {};', '|| { };')}\n<script>\n  window.SvyazioSetup = { language: '{$lang}' };\n  (window.SvyazioConfig = window.SvyazioConfig || { }).orgId = '{$chatra_id}';\n</script>\n`,
  );

  fileTest(
    'a template value printed alone on its line before the loader IIFE does not hide it',
    'theme.liquid',
    "<script>\n  {{ settings.custom_js }}\n  (function(d,w,c){w.ChatraID='{{ settings.chatra_id }}';w[c]=w[c]||function(){(w[c].q=w[c].q||[]).push(arguments)}})(document,window,'Chatra');\n</script>\n",
    "<script>\n  {{ settings.custom_js }}\n  (function(d,w,c){(w.SvyazioConfig = w.SvyazioConfig || {}).orgId='{{ settings.chatra_id }}';w[c]=w[c]||function(){(w[c].q=w[c].q||[]).push(arguments)}})(document,window,'Svyazio');\n</script>\n",
  );

  fileTest(
    'Blade: a directive ending its line does not swallow the IIFE on the next',
    'chat.blade.php',
    "<script>\n@endauth\n(function(d,w,c){w[c]=w[c]||function(){}})(document,window,'Chatra');\n</script>\n",
    "<script>\n@endauth\n(function(d,w,c){w[c]=w[c]||function(){}})(document,window,'Svyazio');\n</script>\n",
  );

  fileTest(
    'Rails javascript_tag do … end blocks are scripts',
    'app/views/layouts/_chat.html.erb',
    "<%= javascript_tag nonce: true do %>\n<% if @chat %>\nwindow.ChatraID = '<%= ENV.fetch(\"CHATRA_ID\") %>';\n<% end %>\nChatra('show');\n<% end %>\n<p>Chatra('prose')</p>\n",
    "<%= javascript_tag nonce: true do %>\n<% if @chat %>\n(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = '<%= ENV.fetch(\"CHATRA_ID\") %>';\n<% end %>\nSvyazio('show');\n<% end %>\n<p>Chatra('prose')</p>\n",
  );

  it.each([
    ['theme.liquid', "{{ 'https://call.chatra.io/chatra.js' | script_tag }}"],
    ['application.html.erb', "<%= javascript_include_tag 'https://call.chatra.io/chatra.js', async: true %>"],
    ['chat.html.twig', "{% set chatra_src = 'https://call.chatra.io/chatra.js' %}"],
    ['chat.blade.php', `<script src="{{ config('chat.url', 'https://call.chatra.io/chatra.js') }}" async></script>`],
    ['footer.php', "<?php wp_enqueue_script( 'chatra', 'https://call.chatra.io/chatra.js', array(), null, true ); ?>"],
  ])('%s: the chatra.js URL literal in template code becomes the Svyazio URL', (path, text) => {
    expect(migrateText(path, text).output).toBe(text.replace('https://call.chatra.io/chatra.js', 'https://app.svyazio.ru/widget/svyazio.js'));
  });

  fileTest(
    'CSP sources in PHP policy code',
    'app/Policies/ChatPolicy.php',
    "<?php\n$this->addDirective(Directive::SCRIPT, ['call.chatra.io']);\n$this->addDirective(Directive::FRAME, 'chat.chatra.io');\n",
    "<?php\n$this->addDirective(Directive::SCRIPT, ['app.svyazio.ru']);\n$this->addDirective(Directive::FRAME, 'app.svyazio.ru');\n",
  );

  fileTest(
    'Thymeleaf keeps the ID held in a natural-template comment',
    'chat.html',
    `<script th:inline="javascript">\n${LOADER("/*[[${chatraId}]]*/ 'default'", '  ')}\n</script>\n`,
    `${SNIPPET("/*[[${chatraId}]]*/ 'default'", '', '  ', undefined, '<script th:inline="javascript">')}\n`,
  );

  fileTest(
    'Facelets (XML): the new tag says async="async"',
    'page.xhtml',
    `<script>\n${LOADER('"#{chatBean.id}"', '  ')}\n</script>\n`,
    `${SNIPPET('"#{chatBean.id}"', '', '  ').replace(' async ', ' async="async" ')}\n`,
  );

  fileTest(
    'ASP.NET Razor, Web Forms and Jinja pages',
    'Views/Shared/_Layout.cshtml',
    `<script>\n${LOADER("'@Model.ChatraId'", '  ')}\n</script>\n<a href="#chatraChatExpanded">Chat</a> <a href="mailto:a@b.com">@Html.Raw("x")</a>\n`,
    `${SNIPPET("'@Model.ChatraId'", '', '  ')}\n<a href="#svyazioChatExpanded">Chat</a> <a href="mailto:a@b.com">@Html.Raw("x")</a>\n`,
  );

  it.each([
    ['Site.Master', `'<%= ConfigurationManager.AppSettings["ChatraId"] %>'`],
    ['Default.aspx', "'<%: ChatId %>'"],
    ['templates/chat.html.j2', "'{{ chatra_id }}'"],
  ])('%s: a loader-only block becomes the snippet', (path, id) => {
    expect(migrateText(path, `<script>\n${LOADER(id, '  ')}\n</script>\n`).output).toBe(`${SNIPPET(id, '', '  ')}\n`);
  });

  fileTest(
    'Smarty literal blocks: braces inside are plain JS',
    'header.tpl',
    "{literal}\n<script>\nwindow.ChatraSetup = { startHidden: true };\nwindow.ChatraID = 'k';\nChatra('show');\n</script>\n{/literal}\n",
    "{literal}\n<script>\nwindow.SvyazioSetup = { startHidden: true };\n(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'k';\nSvyazio('show');\n</script>\n{/literal}\n",
  );
});

describe('attributes', () => {
  fileTest(
    'event handlers, entity-encoded, edited in place',
    'index.html',
    '<button onclick="Chatra(&quot;openChat&quot;, true); return false;">A</button>\n<a onClick=\'window.Chatra("hide")\'>B</a>\n',
    '<button onclick="Svyazio(&quot;openChat&quot;, true); return false;">A</button>\n<a onClick=\'window.Svyazio("hide")\'>B</a>\n',
  );

  fileTest(
    'same-site hash links change, other sites stay',
    'index.html',
    '<a href="#chatraChatExpanded">1</a> <a href="/help#chatraChatExpanded">2</a> <a href="https://other.example/#chatraChatExpanded">3</a> <a href="#chatraChatExpandedX">4</a>\n',
    '<a href="#svyazioChatExpanded">1</a> <a href="/help#svyazioChatExpanded">2</a> <a href="https://other.example/#chatraChatExpanded">3</a> <a href="#chatraChatExpandedX">4</a>\n',
  );

  fileTest(
    'javascript: links, plain, entity- and percent-encoded',
    'index.html',
    `<a href="javascript:Chatra('openChat')">1</a> <a href="javascript:void(Chatra(&quot;openChat&quot;, true))">2</a> <a href="javascript:Chatra(%27openChat%27)">3</a>\n`,
    `<a href="javascript:Svyazio('openChat')">1</a> <a href="javascript:void(Svyazio(&quot;openChat&quot;, true))">2</a> <a href="javascript:Svyazio(%27openChat%27)">3</a>\n`,
  );

  fileTest(
    'the chat hash in data-href, data-target and Vue router links',
    'Nav.vue',
    `<template>\n  <li data-href="#chatraChatExpanded" data-target="#chatraChatExpanded">a</li>\n  <router-link to="/#chatraChatExpanded">b</router-link>\n  <router-link :to="{ hash: '#chatraChatExpanded' }">c</router-link>\n</template>\n`,
    `<template>\n  <li data-href="#svyazioChatExpanded" data-target="#svyazioChatExpanded">a</li>\n  <router-link to="/#svyazioChatExpanded">b</router-link>\n  <router-link :to="{ hash: '#svyazioChatExpanded' }">c</router-link>\n</template>\n`,
  );

  fileTest(
    'a consent-gated external tag keeps its gating, with the URL in data-src or src',
    'index.html',
    '<script type="text/plain" data-category="functional" data-src="https://call.chatra.io/chatra.js"></script>\n<script type="text/plain" data-cookieconsent="marketing" src="//call.chatra.io/chatra.js"></script>\n',
    '<script type="text/plain" data-category="functional" data-src="https://app.svyazio.ru/widget/svyazio.js"></script>\n<script type="text/plain" data-cookieconsent="marketing" src="https://app.svyazio.ru/widget/svyazio.js"></script>\n',
  );

  fileTest(
    'handlers on Facelets and Web Forms components',
    'page.xhtml',
    '<h:form>\n<h:commandLink onclick="Chatra(\'openChat\'); return #{bean.ok};" value="Chat"/>\n</h:form>\n<script>\n<ui:fragment rendered="#{chat}">Chatra(\'show\');</ui:fragment>\n</script>\n',
    '<h:form>\n<h:commandLink onclick="Svyazio(\'openChat\'); return #{bean.ok};" value="Chat"/>\n</h:form>\n<script>\n<ui:fragment rendered="#{chat}">Svyazio(\'show\');</ui:fragment>\n</script>\n',
  );

    it('reports an iframe of the standalone chat page', () => {
    const text = '<iframe src="https://chat.chatra.io/?hostId=abc"></iframe>';
    const { output, result } = migrateText('a.html', text);
    expect(output).toBe(text);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'todo', offset: text.indexOf('https') })]);
  });

  it('reports links to the standalone chat page', () => {
    const text = '<a href="https://chat.chatra.io/?hostId=abc">chat</a>';
    const { output, result } = migrateText('a.html', text);
    expect(output).toBe(text);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'todo', offset: text.indexOf('https') })]);
  });

  fileTest(
    'preconnect, dns-prefetch, script src and CSP meta',
    'index.html',
    [
      '<link rel="preconnect" href="https://call.chatra.io" crossorigin>',
      "<link rel='dns-prefetch' href='//chat.chatra.io'>",
      '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' *.chatra.io https://call.chatra.io; frame-src chat.chatra.io; connect-src wss://*.chatra.io">',
      '<script async src="https://call.chatra.io/chatra.js"></script>',
      '',
    ].join('\n'),
    [
      '<link rel="preconnect" href="https://app.svyazio.ru" crossorigin>',
      "<link rel='dns-prefetch' href='//app.svyazio.ru'>",
      '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' app.svyazio.ru https://app.svyazio.ru; frame-src app.svyazio.ru; connect-src wss://app.svyazio.ru">',
      '<script async src="https://app.svyazio.ru/widget/svyazio.js"></script>',
      '',
    ].join('\n'),
  );

  fileTest(
    'CSP: one Svyazio source per directive',
    'index.html',
    '<meta http-equiv="content-security-policy" content="script-src *.chatra.io call.chatra.io chat.chatra.io">\n',
    '<meta http-equiv="content-security-policy" content="script-src app.svyazio.ru">\n',
  );

  fileTest(
    'Vue @click, v-on and Alpine x-on handlers',
    'App.vue',
    '<template>\n  <button @click="Chatra(\'openChat\')">a</button>\n  <button v-on:click.prevent="window.Chatra(\'hide\')">b</button>\n</template>\n',
    '<template>\n  <button @click="Svyazio(\'openChat\')">a</button>\n  <button v-on:click.prevent="window.Svyazio(\'hide\')">b</button>\n</template>\n',
  );

  fileTest(
    'Svelte on: directives and onclick={…}',
    'Chat.svelte',
    '<button on:click={() => Chatra(\'openChat\')}>a</button>\n<button onclick={() => { if (x > 1) Chatra("hide"); }}>b</button>\n<button on:click="{() => Chatra(\'show\')}">c</button>\n',
    '<button on:click={() => Svyazio(\'openChat\')}>a</button>\n<button onclick={() => { if (x > 1) Svyazio("hide"); }}>b</button>\n<button on:click="{() => Svyazio(\'show\')}">c</button>\n',
  );
});

describe('script and style blocks', () => {
  fileTest(
    'style blocks, with lang',
    'App.vue',
    '<style scoped lang="scss">\n#chatra { &.chatra--expanded { opacity: 1 } }\n</style>\n<style>\n.chatra-note { color: red }\n</style>\n',
    '<style scoped lang="scss">\n#svyazio { &.svyazio--expanded { opacity: 1 } }\n</style>\n<style>\n.chatra-note { color: red }\n</style>\n',
  );

  fileTest(
    'Vue <script setup lang="ts"> is a TypeScript module',
    'Chat.vue',
    '<script setup lang="ts">\nconst open = (): void => (window as any).Chatra(\'openChat\');\n</script>\n<template><button @click="open">Chat</button></template>\n',
    '<script setup lang="ts">\nconst open = (): void => (window as any).Svyazio(\'openChat\');\n</script>\n<template><button @click="open">Chat</button></template>\n',
  );

  fileTest(
    'Svelte context="module" and instance scripts',
    'Chat.svelte',
    '<script context="module">\nexport const open = () => window.Chatra(\'openChat\');\n</script>\n<script lang="ts">\nlet n: number = 1; Chatra(\'setButtonSize\', n);\n</script>\n',
    '<script context="module">\nexport const open = () => window.Svyazio(\'openChat\');\n</script>\n<script lang="ts">\nlet n: number = 1; Svyazio(\'setButtonSize\', n);\n</script>\n',
  );

  fileTest(
    'Astro frontmatter and script tags are TypeScript',
    'src/components/Chat.astro',
    "---\nconst id: string = import.meta.env.CHATRA_ID;\n---\n<script>\nconst w = window as any;\nw.Chatra('openChat');\n</script>\n<button onclick=\"Chatra('openChat')\">x</button>\n",
    "---\nconst id: string = import.meta.env.CHATRA_ID;\n---\n<script>\nconst w = window as any;\nw.Svyazio('openChat');\n</script>\n<button onclick=\"Svyazio('openChat')\">x</button>\n",
  );

  fileTest(
    'text/babel scripts are JSX',
    'index.html',
    '<script type="text/babel">\nconst B = () => <button onClick={() => Chatra(\'openChat\')}>Chat</button>;\n</script>\n',
    '<script type="text/babel">\nconst B = () => <button onClick={() => Svyazio(\'openChat\')}>Chat</button>;\n</script>\n',
  );

  it('warns about a script that does not parse, rewriting only exact tokens', () => {
    const text = "<script>\nChatra('openChat'); if ( {\n</script>";
    const { output, result } = migrateText('a.html', text);
    expect(output).toBe("<script>\nSvyazio('openChat'); if ( {\n</script>");
    expect(result.parseError).toBeDefined();
    expect(result.findings.some((f) => f.kind === 'warning')).toBe(true);
  });

  it('never edits template code in attribute values', () => {
    const text = '<a href="{{ \'#chatraChatExpanded\' }}">x</a> <a href="{{ base }}/help#chatraChatExpanded">y</a>';
    const { output, result } = migrateText('a.liquid', text);
    expect(output).toBe('<a href="{{ \'#chatraChatExpanded\' }}">x</a> <a href="{{ base }}/help#svyazioChatExpanded">y</a>');
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'warning', offset: text.indexOf('#chatra') + 1 })]);
  });

  it('maps offsets of findings back to the file', () => {
    const text = '<p>x</p>\n<style>#chatra__iframe { top: 0 }</style>';
    const { findings } = rewriteMarkup(text, 'a.html', {});
    expect(findings.map((f) => text.slice(f.offset, f.offset + 15))).toEqual(['#chatra__iframe']);
  });
});

describe('not to be touched', () => {
  untouchedFileTest(
    'data scripts, templates, comments, prose and look-alike names',
    'index.html',
    [
      '<!-- Chatra(\'openChat\') was our old chat -->',
      '<script type="application/ld+json">{"name": "Chatra", "x": "https://call.chatra.io/chatra.js"}</script>',
      '<script type="text/template"><a onclick="Chatra(1)"></a></script>',
      '<p>We moved from Chatra. See #chatraChatExpanded in Chatra docs.</p>',
      '<div class="chatra-note" id="chatra-faq" data-chatra_id="1">Chatra</div>',
      '<textarea><a onclick="Chatra(1)"></a></textarea>',
      '<script>var techs = ["Chatra", "Intercom"]; var chatraEnabled = true;</script>',
      '',
    ].join('\n'),
  );
});
