/**
 * Markdown: only fenced code blocks tagged as code the engine knows are
 * rewritten; prose and other blocks stay as they are. In MDX, the JSX between
 * the prose is code too.
 */
import { rewriteCss, type CssLang } from './css.js';
import { rewriteMarkup } from './html.js';
import { rewriteScript, type ScriptLang } from './script.js';
import type { Edit, Finding, MigrateOptions } from './types.js';

const SCRIPT_FENCES: Readonly<Record<string, ScriptLang>> = {
  js: 'js',
  javascript: 'js',
  jsx: 'jsx',
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
};
const STYLE_FENCES: Readonly<Record<string, CssLang>> = { css: 'css', scss: 'scss', sass: 'sass', less: 'less', stylus: 'stylus', styl: 'stylus' };
// The fence's language as a file name, so the HTML host picks the template dialect.
const MARKUP_FENCES: Readonly<Record<string, string>> = {
  html: 'fence.html',
  vue: 'fence.vue',
  svelte: 'fence.svelte',
  php: 'fence.php',
  blade: 'fence.blade.php',
  liquid: 'fence.liquid',
  twig: 'fence.twig',
  erb: 'fence.erb',
  jinja: 'fence.jinja',
  handlebars: 'fence.hbs',
};

// An opening fence, its info string's first word, the body, and the matching closing fence.
const FENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)^\1?[ \t]*\2[`~]*[ \t]*$/gm;

export function rewriteMarkdown(text: string, options: MigrateOptions, mdx = false): { edits: Edit[]; findings: Finding[] } {
  const edits: Edit[] = [];
  const findings: Finding[] = [];
  if (mdx) {
    // Tags and their `{…}` expressions outside code; prose is never read by the markup host.
    const jsx = rewriteMarkup(blankCode(text), 'content.html', options);
    edits.push(...jsx.edits);
    findings.push(...jsx.findings);
  }
  for (const match of text.matchAll(FENCE)) {
    const info = match[3].toLowerCase();
    const body = match[4];
    if (!/chatra/i.test(body)) continue;
    const start = match.index + match[0].indexOf('\n') + 1;
    const lang = SCRIPT_FENCES[info];
    const markup = MARKUP_FENCES[info];
    const style = STYLE_FENCES[info];
    if (!lang && !markup && !style) continue;
    // A snippet in docs is pasted into a page: a classic script.
    const result = lang ? rewriteScript(body, lang, { options, inline: true }) : markup ? rewriteMarkup(body, markup, options) : rewriteCss(body, style);
    if (lang && 'parseError' in result && result.parseError) continue;
    edits.push(...result.edits.map((e) => ({ ...e, start: e.start + start, end: e.end + start })));
    findings.push(...result.findings.map((f) => ({ ...f, offset: f.offset + start })));
  }
  return { edits, findings };
}

/** The text with fenced blocks and inline code spans blanked (line breaks kept): what is left is prose and JSX. */
function blankCode(text: string): string {
  const blank = (m: string) => m.replace(/[^\r\n]/g, ' ');
  return text.replace(FENCE, blank).replace(/(`+)[^`]*?\1/g, blank);
}
