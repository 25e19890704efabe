import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { canHandle, transformFile } from '../engine.js';
import { fileTest, migrateText, untouchedFileTest } from './file-case.js';

describe('canHandle', () => {
  it.each([
    'a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.cts', 'a.jsx', 'a.tsx', 'types/x.d.ts',
    'a.html', 'a.htm', 'a.xhtml', 'a.php', 'a.phtml', 'a.tpl', 'a.liquid', 'a.twig', 'v/a.blade.php', 'a.jsp',
    'a.jspf', 'a.tag', 'a.erb', 'a.ejs', 'a.hbs', 'a.handlebars', 'a.mustache', 'a.njk', 'A.vue', 'a.svelte', 'a.astro',
    'a.css', 'a.scss', 'a.sass', 'a.less', 'sub/package.json', 'README.md', 'docs/a.mdx', 'assets/theme.scss.liquid',
    'nginx.conf', '.htaccess', 'public/_headers', 'vercel.json', 'netlify.toml', 'k8s/ingress.yaml', 'C:\\site\\index.HTML',
    'Views/_Layout.cshtml', 'Default.aspx', 'Nav.ascx', 'Site.Master', 'chat.html.j2', 'a.jinja', 'a.jinja2', 'a.pcss', 'a.postcss',
    'a.styl', 'config/initializers/content_security_policy.rb', 'views/layout.pug', 'views/a.html.haml', 'a.slim',
    'a.ftl', 'a.vm', 'default.asp', 'lib/app_web/layouts/root.html.heex', 'a.html.eex', 'layout.gohtml', 'base.tmpl', 'a.volt',
  ])('%s', (path) => expect(canHandle(path)).toBe(true));

  it.each(['a.py', 'a.json', 'package-lock.json', 'a.png', 'Makefile', 'a.txt', 'a.map'])('not %s', (path) =>
    expect(canHandle(path)).toBe(false),
  );
});

describe('transformFile', () => {
  it('returns no output and no work for files without the word', () => {
    expect(transformFile('a.html', '<a onclick="x()">x</a>', {})).toEqual({ output: null, edits: {}, findings: [] });
  });

  it('counts edits per rule', () => {
    const { result } = migrateText('a.css', '#chatra, #chatra.chatra--expanded {}');
    expect(result.edits).toEqual({ 'css-selectors': 3 });
  });

  fileTest('JS files go to the JS engine directly', 'src/chat.ts', "window.Chatra('openChat');\n", "window.Svyazio('openChat');\n");

  it('leaves a JS file with a syntax error untouched and reports it', () => {
    const result = transformFile('src/broken.js', "Chatra('openChat');\nfunction (\n", {});
    expect(result.output).toBeNull();
    expect(result.parseError).toBeDefined();
  });

  fileTest(
    'package.json goes to the npm rule',
    'package.json',
    '{\n  "dependencies": {\n    "@chatra/chatra": "^1.0.0"\n  }\n}\n',
    `{\n  "dependencies": {\n    "svyazio-migrate": "^${pkg.version}"\n  }\n}\n`,
  );

  it('reports a malformed package.json without output', () => {
    const result = transformFile('package.json', '{ "dependencies": { "@chatra/chatra": } }', {});
    expect(result.output).toBeNull();
    expect(result.parseError).toMatch(/package\.json/);
  });

  fileTest(
    'stylesheets run through a template engine keep their template code',
    'assets/theme.scss.liquid',
    '#chatra {\n  bottom: {{ settings.offset }}px;\n  &.chatra--expanded { color: {{ settings.color }}; }\n}\n',
    '#svyazio {\n  bottom: {{ settings.offset }}px;\n  &.svyazio--expanded { color: {{ settings.color }}; }\n}\n',
  );

  fileTest(
    'scripts run through a template engine are masked',
    'assets/chat.js.liquid',
    "window.ChatraSetup = { buttonPosition: '{{ settings.position }}' };\n{% if settings.open %}Chatra('openChat');{% endif %}\n",
    "window.SvyazioSetup = { buttonPosition: '{{ settings.position }}' };\n{% if settings.open %}Svyazio('openChat');{% endif %}\n",
  );

  fileTest(
    'Markdown: only code fences of known languages',
    'docs/chat.md',
    [
      '# Chat',
      '',
      'We use Chatra: call `Chatra(\'openChat\')`.',
      '',
      '```js',
      "Chatra('openChat');",
      '```',
      '',
      '```html',
      '<button onclick="Chatra(\'openChat\')">Chat</button>',
      '```',
      '',
      '```python',
      "chatra = 'Chatra'",
      '```',
      '',
      '~~~ts',
      "window.Chatra('hide');",
      '~~~',
      '',
    ].join('\n'),
    [
      '# Chat',
      '',
      'We use Chatra: call `Chatra(\'openChat\')`.',
      '',
      '```js',
      "Svyazio('openChat');",
      '```',
      '',
      '```html',
      '<button onclick="Svyazio(\'openChat\')">Chat</button>',
      '```',
      '',
      '```python',
      "chatra = 'Chatra'",
      '```',
      '',
      '~~~ts',
      "window.Svyazio('hide');",
      '~~~',
      '',
    ].join('\n'),
  );

  untouchedFileTest(
    'PHP data strings and strings that are not code on their own',
    'inc/detect.php',
    "<?php\n$known = array('Intercom', 'Chatra', \"Drift\");\n$js = 'w.ChatraID = \"' . $key . '\";';\necho get_option('Chatra');\n",
  );

  fileTest(
    'CSP headers in server and hosting configs',
    'deploy/nginx.conf',
    'add_header Content-Security-Policy "default-src \'self\'; script-src \'self\' *.chatra.io; frame-src chat.chatra.io" always;\n',
    'add_header Content-Security-Policy "default-src \'self\'; script-src \'self\' app.svyazio.ru; frame-src app.svyazio.ru" always;\n',
  );

  fileTest(
    'unquoted CSP header lines',
    'public/_headers',
    "/*\n  Content-Security-Policy: script-src 'self' https://call.chatra.io; connect-src wss://*.chatra.io\n",
    "/*\n  Content-Security-Policy: script-src 'self' https://app.svyazio.ru; connect-src wss://app.svyazio.ru\n",
  );

  it('reports other Chatra hosts in configs instead of guessing', () => {
    const text = '{ "rewrites": [{ "source": "/chat", "destination": "https://call.chatra.io/chat" }] }';
    const { output, result } = migrateText('vercel.json', text);
    expect(output).toBe(text);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'warning', rule: 'hosts', offset: text.indexOf('call.chatra.io') })]);
  });

  fileTest(
    'Markdown: style and PHP fences',
    'docs/chat.md',
    "```css\n#chatra { bottom: 0 }\n```\n\n```php\n<script>window.ChatraSetup = { language: '<?= $lang ?>' };</script>\n```\n",
    "```css\n#svyazio { bottom: 0 }\n```\n\n```php\n<script>window.SvyazioSetup = { language: '<?= $lang ?>' };</script>\n```\n",
  );

  it('reports Chatra code in Pug templates without rewriting them', () => {
    const text = "script.\n  Chatra('openChat');\na(href='#chatraChatExpanded') Chat\n";
    const result = transformFile('views/layout.pug', text, {});
    expect(result.output).toBeNull();
    expect(result.findings.map((f) => f.offset)).toEqual(expect.arrayContaining([text.indexOf('Chatra'), text.indexOf('chatraChatExpanded') - 1]));
  });

  fileTest(
    'MDX: JSX between the prose is code; prose and inline code stay',
    'docs/help.mdx',
    "# Help\n\n<button onClick={() => window.Chatra('openChat')}>Open chat</button>\n\nChatra is our provider: `<a onclick=\"Chatra()\">`.\n\n```js\nChatra('hide');\n```\n",
    "# Help\n\n<button onClick={() => window.Svyazio('openChat')}>Open chat</button>\n\nChatra is our provider: `<a onclick=\"Chatra()\">`.\n\n```js\nSvyazio('hide');\n```\n",
  );

  it.each([
    ['views/layouts/application.html.haml', '%a{onclick: "Chatra(\'openChat\')"} Chat\n:javascript\n  Chatra(\'openChat\');\n'],
    ['app/views/home.slim', 'doctype html\nscript.\n  Chatra("openChat")\n'],
    ['templates/footer.ftl', '<#if chat><script>Chatra("openChat")</script></#if>\n'],
  ])('reports Chatra code in %s without rewriting it', (path, text) => {
    const result = transformFile(path, text, {});
    expect(result.output).toBeNull();
    expect(result.findings.some((f) => f.kind === 'reference' && f.offset === text.indexOf('Chatra'))).toBe(true);
  });

  fileTest(
    'classic ASP masks its <% %> tags like Web Forms',
    'default.asp',
    '<script>\nwindow.ChatraSetup = { language: "<%= lang %>" };\n</script>\n',
    '<script>\nwindow.SvyazioSetup = { language: "<%= lang %>" };\n</script>\n',
  );

  fileTest(
    'Phoenix HEEx templates mask <%= %> like ERB',
    'lib/app_web/components/layouts/root.html.heex',
    '<script>\nwindow.ChatraID = "<%= @chatra_id %>";\nChatra("openChat");\n</script>\n',
    '<script>\n(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = "<%= @chatra_id %>";\nSvyazio("openChat");\n</script>\n',
  );

  fileTest('PostCSS files are CSS', 'src/chat.pcss', '#chatra { bottom: 0 }\n', '#svyazio { bottom: 0 }\n');

  fileTest(
    'Stylus files, indented',
    'src/chat.styl',
    '// #chatra note\n#chatra\n  bottom 0\n  &.chatra--expanded\n    z-index 10\n',
    '// #chatra note\n#svyazio\n  bottom 0\n  &.svyazio--expanded\n    z-index 10\n',
  );

  fileTest(
    'the Rails CSP initializer',
    'config/initializers/content_security_policy.rb',
    "Rails.application.config.content_security_policy do |policy|\n  policy.script_src :self, 'https://call.chatra.io'\n  policy.frame_src 'https://chat.chatra.io'\n  policy.connect_src :self, \"wss://*.chatra.io\"\nend\n",
    "Rails.application.config.content_security_policy do |policy|\n  policy.script_src :self, 'https://app.svyazio.ru'\n  policy.frame_src 'https://app.svyazio.ru'\n  policy.connect_src :self, \"wss://app.svyazio.ru\"\nend\n",
  );

  untouchedFileTest('Markdown fences that do not parse stay', 'README.md', "```js\nChatra('openChat', ...)\n```\n");

  it('PHP interpolation carried into generated code stays interpolation; escaped dollars stay escaped', () => {
    const { output } = migrateText('chatra.php', `<?php\necho "<script>(function(d,w,c){w.ChatraID='$key';var s=d.createElement('script');w[c]=w[c]||function(){(w[c].q=w[c].q||[]).push(arguments)};s.async=true;s.src='https://call.chatra.io/chatra.js';d.head.appendChild(s)})(document,window,'Chatra');</script>";\necho <<<HTML\n<script>window.ChatraID = '{$key}'; window.Chatra('x', "\\$5");</script>\nHTML;\n`);
    expect(output).toBe(`<?php\necho "<script>\n  window.SvyazioConfig = window.SvyazioConfig || {};\n  window.SvyazioConfig.orgId = '$key';\n  window.Svyazio = window.Svyazio || function() {\n    (window.Svyazio.q = window.Svyazio.q || []).push(arguments);\n  };\n</script>\n<script async src=\\"https://app.svyazio.ru/widget/svyazio.js\\"></script>";\necho <<<HTML\n<script>(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = '{$key}'; window.Svyazio('x', "\\$5");</script>\nHTML;\n`);
    expect(transformFile('chatra.php', output, {}).output).toBeNull();
  });

  fileTest(
    'PHP: a statement split across concatenated strings is read whole, the PHP expressions in it kept',
    'functions.php',
    "<?php\nwp_enqueue_script( 'chatra', 'https://call.chatra.io/chatra.js', array(), null, true );\nwp_add_inline_script( 'chatra', 'window.ChatraID = ' . wp_json_encode( $key ) . ';' . \"\\nwindow.Chatra('show');\", 'before' );\n",
    "<?php\nwp_enqueue_script( 'chatra', 'https://app.svyazio.ru/widget/svyazio.js', array(), null, true );\nwp_add_inline_script( 'chatra', '(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = ' . wp_json_encode( $key ) . ';' . \"\\nwindow.Svyazio('show');\", 'before' );\n",
  );

  fileTest(
    'PHP strings holding the snippet or markup',
    'functions.php',
    "<?php\n$js = '(function(d, w, c) { w.ChatraID = \"%s\"; w[c] = w[c] || function() {}; })(document, window, \\'Chatra\\');';\necho \"<a href=\\\"#chatraChatExpanded\\\" onclick=\\\"Chatra('openChat')\\\">Chat</a>\";\n// Chatra('x') in a comment\n$label = __('Harbor supports Chatra.', 'harbor');\n",
    "<?php\n$js = '(function(d, w, c) { (w.SvyazioConfig = w.SvyazioConfig || {}).orgId = \"%s\"; w[c] = w[c] || function() {}; })(document, window, \\'Svyazio\\');';\necho \"<a href=\\\"#svyazioChatExpanded\\\" onclick=\\\"Svyazio('openChat')\\\">Chat</a>\";\n// Chatra('x') in a comment\n$label = __('Harbor supports Chatra.', 'harbor');\n",
  );
});
