/**
 * Template syntax masking. A template file is HTML with server-side code mixed
 * in; before its scripts can be parsed, each piece of template code is replaced
 * by a placeholder of the same length that keeps the surrounding JS valid.
 * Offsets never shift, so edits computed on the masked text apply to the
 * original; edits that would touch a masked span are refused, which restores
 * the template code byte-for-byte by construction.
 */

export type Dialect =
  | 'html'
  | 'php'
  | 'blade'
  | 'smarty'
  | 'liquid'
  | 'twig'
  | 'jsp'
  /** JSF Facelets (`.xhtml`): EL `${…}` / `#{…}` and tag libraries, no scriptlets. */
  | 'jsf'
  | 'erb'
  | 'ejs'
  | 'handlebars'
  /** ASP.NET Razor (`.cshtml`): `@expr`, `@(…)`, `@{…}`, `@if (…)`. */
  | 'razor'
  /** ASP.NET Web Forms: `<% %>`, `<%= %>`, `<%: %>`, `<%# %>`, `<asp:…>` server controls. */
  | 'aspnet'
  /** Vue, Svelte, Astro: their `{…}` syntax lives in markup, never inside scripts. */
  | 'sfc';

/** A piece of template code. `output` prints a value; `control` prints nothing by itself. */
export interface TemplateSpan {
  start: number;
  end: number;
  kind: 'output' | 'control';
  /** The fixed text it prints, when that is JS syntax: Smarty's `{ldelim}` prints `{`. */
  prints?: string;
}

export type Span = readonly [number, number];

const DIALECT_BY_SUFFIX: ReadonlyArray<[string, Dialect]> = [
  ['.blade.php', 'blade'],
  ['.php', 'php'],
  ['.phtml', 'php'],
  ['.tpl', 'smarty'],
  ['.liquid', 'liquid'],
  ['.twig', 'twig'],
  ['.njk', 'twig'],
  ['.j2', 'twig'],
  ['.jinja', 'twig'],
  ['.jinja2', 'twig'],
  ['.jsp', 'jsp'],
  ['.jspf', 'jsp'],
  ['.tag', 'jsp'],
  ['.erb', 'erb'],
  ['.ejs', 'ejs'],
  ['.hbs', 'handlebars'],
  ['.handlebars', 'handlebars'],
  ['.mustache', 'handlebars'],
  ['.cshtml', 'razor'],
  ['.razor', 'razor'],
  ['.aspx', 'aspnet'],
  ['.ascx', 'aspnet'],
  ['.master', 'aspnet'],
  ['.asp', 'aspnet'],
  // Phoenix's EEx/HEEx tags are ERB's; Go templates and Volt print with `{{ }}` and run `{{ if }}`/`{% %}`.
  ['.eex', 'erb'],
  ['.heex', 'erb'],
  ['.leex', 'erb'],
  ['.gohtml', 'handlebars'],
  ['.tmpl', 'handlebars'],
  ['.volt', 'twig'],
  ['.vue', 'sfc'],
  ['.svelte', 'sfc'],
  ['.astro', 'sfc'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.xhtml', 'jsf'],
];

export function dialectFor(path: string): Dialect | null {
  const lower = path.toLowerCase();
  return DIALECT_BY_SUFFIX.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? null;
}

/** Template code a matcher found at a position. */
interface Match {
  end: number;
  kind: TemplateSpan['kind'];
  /** It opened a raw block (`{literal}`, `{% raw %}`): text up to this pattern's next match is plain, the match is template code. */
  raw?: RegExp;
  prints?: string;
}

type Matcher = (text: string, i: number) => Match | null;

/** Every piece of template code in the text, in order, for the dialect. */
export function templateSpans(text: string, dialect: Dialect): TemplateSpan[] {
  const matchers = MATCHERS[dialect];
  const spans: TemplateSpan[] = [];
  if (matchers.length === 0) return spans;
  let i = 0;
  outer: while (i < text.length) {
    const ch = text[i];
    if (ch !== '<' && ch !== '{' && ch !== '@' && ch !== '$' && ch !== '#') {
      i++;
      continue;
    }
    for (const matcher of matchers) {
      const match = matcher(text, i);
      if (!match) continue;
      spans.push({ start: i, end: match.end, kind: match.kind, ...(match.prints ? { prints: match.prints } : {}) });
      i = match.end;
      if (match.raw) {
        match.raw.lastIndex = i;
        const close = match.raw.exec(text);
        if (!close) break outer;
        spans.push({ start: close.index, end: close.index + close[0].length, kind: 'control' });
        i = close.index + close[0].length;
      }
      continue outer;
    }
    i++;
  }
  return spans;
}

/** The text with every span blanked to spaces (newlines kept): for reading HTML structure. */
export function blankSpans(text: string, spans: readonly TemplateSpan[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(text.slice(at, span.start), text.slice(span.start, span.end).replace(/[^\r\n]/g, ' '));
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export interface MaskedScript {
  /** Same length as the input; template code replaced by JS-neutral placeholders. */
  text: string;
  /** Masked spans, relative to the script text. */
  masked: Span[];
}

type Mode = 'code' | 'single' | 'double' | 'template' | 'line' | 'block' | 'regex';

/**
 * Masks template code inside one script. What a placeholder looks like depends
 * on where it stands: inside a string, comment or regex it is filler; in code,
 * a printed value becomes an identifier (`__tpl____`) and control code becomes
 * whitespace, so `{% if %}` lines around a statement leave the statement alone.
 * `spans` are relative to `text`.
 */
export function maskScript(text: string, spans: readonly TemplateSpan[]): MaskedScript {
  if (spans.length === 0) return { text, masked: [] };
  const out: string[] = [];
  const masked: Span[] = [];
  const braces: number[] = [];
  let depth = 0;
  let mode: Mode = 'code';
  let inClass = false;
  // The last significant code character and the identifier it ends, to tell a regex from a division.
  let last = '';
  let word = '';
  let copied = 0;
  let next = 0;
  let i = 0;
  while (i < text.length) {
    if (next < spans.length && spans[next].start === i) {
      const span = spans[next++];
      const source = text.slice(span.start, span.end);
      masked.push([span.start, span.end]);
      if (mode === 'code' && span.prints !== undefined) {
        // Printed syntax stays syntax: the brace is read like any other.
        out.push(text.slice(copied, i), span.prints.padEnd(source.length, ' '));
        if (span.prints === '{') depth++;
        else if (span.prints === '}') depth--;
        last = span.prints;
        word = '';
        i = copied = span.end;
        continue;
      }
      const kind = mode === 'code' ? (span.kind === 'output' && standsAlone(text, span, last) ? 'statement' : span.kind) : 'filler';
      out.push(text.slice(copied, i), placeholder(source, kind));
      if (kind === 'output') {
        last = '_';
        word = '_';
      } else if (kind === 'statement') {
        last = ';';
        word = '';
      }
      if (mode === 'line' && source.includes('\n')) mode = 'code';
      i = copied = span.end;
      continue;
    }
    const ch = text[i];
    switch (mode) {
      case 'code':
        if (ch === "'") mode = 'single';
        else if (ch === '"') mode = 'double';
        else if (ch === '`') mode = 'template';
        else if (ch === '/' && text[i + 1] === '/') mode = 'line';
        else if (ch === '/' && text[i + 1] === '*') mode = 'block';
        else if (ch === '/' && regexAllowed(last, word)) mode = 'regex';
        else if (ch === '{') depth++;
        else if (ch === '}') {
          if (depth === 0 && braces.length > 0) {
            depth = braces.pop() as number;
            mode = 'template';
          } else depth--;
        }
        if (mode === 'code' && ch > ' ') {
          word = isWordChar(ch) ? (isWordChar(last) ? word + ch : ch) : '';
          last = ch;
        } else if (mode !== 'code' && mode !== 'line' && mode !== 'block') {
          // A string, template or regex is an operand: a `/` after it divides.
          last = 'a';
          word = '';
        }
        break;
      case 'single':
      case 'double':
        if (ch === '\\' && spans[next]?.start !== i + 1) i++;
        else if (ch === (mode === 'single' ? "'" : '"') || ch === '\n') mode = 'code';
        break;
      case 'template':
        if (ch === '\\' && spans[next]?.start !== i + 1) i++;
        else if (ch === '`') mode = 'code';
        else if (ch === '$' && text[i + 1] === '{') {
          braces.push(depth);
          depth = 0;
          mode = 'code';
          last = '{';
          i++;
        }
        break;
      case 'line':
        if (ch === '\n') mode = 'code';
        break;
      case 'block':
        if (ch === '*' && text[i + 1] === '/') {
          i++;
          mode = 'code';
        }
        break;
      case 'regex':
        if (ch === '\\' && spans[next]?.start !== i + 1) i++;
        else if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if ((ch === '/' && !inClass) || ch === '\n') mode = 'code';
        break;
    }
    i++;
  }
  out.push(text.slice(copied));
  return { text: out.join(''), masked };
}

/**
 * Whether a printed value is a statement of its own: alone on its line after a
 * finished statement, with a line starting `(`, `[` or `` ` `` next, which as an
 * expression it would be called or indexed by (`{{ custom_js }}⏎(function…)()`).
 */
function standsAlone(text: string, span: TemplateSpan, last: string): boolean {
  if (last !== '' && last !== ';' && last !== '}') return false;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (text.slice(lineStart, span.start).trim() !== '') return false;
  const after = /^[ \t]*\r?\n\s*(.)/.exec(text.slice(span.end));
  return after !== null && '([`'.includes(after[1]);
}

function placeholder(source: string, kind: TemplateSpan['kind'] | 'filler' | 'statement'): string {
  if (kind === 'control') return source.replace(/[^\r\n]/g, ' ');
  if (kind === 'filler') return source.replace(/[^\r\n]/g, '_');
  if (kind === 'statement') return placeholder(source.slice(0, -1), 'output') + ';';
  // A run of identifier characters per line; named so a reader of the masked text sees why.
  return source.replace(/[^\r\n]+/g, (run) => (run.length >= 5 ? '__tpl' + '_'.repeat(run.length - 5) : '_'.repeat(run.length)));
}

function isWordChar(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch === '_' || ch === '$';
}

const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** Whether a `/` after this code starts a regex literal rather than a division. */
function regexAllowed(last: string, word: string): boolean {
  if (last === '' || '(,=:[!&|?{};+-*%<>~^'.includes(last)) return true;
  return KEYWORDS_BEFORE_REGEX.has(word);
}

// ---- matchers -------------------------------------------------------------

/** Index just past `close`, skipping quoted strings; EOF when unclosed. */
function until(text: string, from: number, close: string, quotes = true): number {
  let k = from;
  while (k < text.length) {
    const ch = text[k];
    if (text.startsWith(close, k)) return k + close.length;
    if (quotes && (ch === '"' || ch === "'")) {
      let q = k + 1;
      while (q < text.length && text[q] !== ch && text[q] !== '\n') q += text[q] === '\\' ? 2 : 1;
      if (text[q] === ch) {
        k = q + 1;
        continue;
      }
    }
    k++;
  }
  return text.length;
}

/** Index just past the bracket matching the one at `open`, skipping quoted strings. */
function balanced(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const ch = text[k];
    if (ch === '"' || ch === "'") {
      let q = k + 1;
      while (q < text.length && text[q] !== ch && text[q] !== '\n') q += text[q] === '\\' ? 2 : 1;
      if (text[q] === ch) k = q;
    } else if (ch === left) depth++;
    else if (ch === right && --depth === 0) return k + 1;
  }
  return text.length;
}

const php: Matcher = (text, i) => {
  if (!text.startsWith('<?', i) || /^<\?xml\b/i.test(text.slice(i, i + 6))) return null;
  const end = until(text, i + 2, '?>');
  const output = text[i + 2] === '=' || /^<\?(?:php)?\s+(?:echo|print)\b/i.test(text.slice(i, i + 20));
  return { end, kind: output ? 'output' : 'control' };
};

const BLADE_DIRECTIVES = new Set(
  (
    'if elseif else endif unless endunless isset endisset empty endempty auth endauth guest endguest ' +
    'production endproduction env endenv section endsection yield show stop append overwrite parent hasSection ' +
    'sectionMissing switch case break default endswitch for endfor foreach endforeach forelse endforelse ' +
    'while endwhile continue include includeIf includeWhen includeUnless includeFirst each once endonce ' +
    'push endpush pushOnce endPushOnce prepend endprepend stack csrf method vite lang choice props aware ' +
    'class style checked selected disabled readonly required can endcan cannot endcannot canany endcanany ' +
    'component endcomponent slot endslot extends livewire livewireStyles livewireScripts error enderror ' +
    'inject nonce json js dump dd'
  ).split(' '),
);
const BLADE_OUTPUT = new Set(['json', 'js', 'yield', 'lang', 'choice', 'csrf', 'method', 'vite', 'stack', 'include', 'nonce']);

const bladeEcho: Matcher = (text, i) => {
  if (text.startsWith('{{--', i)) return { end: until(text, i + 4, '--}}', false), kind: 'control' };
  if (text.startsWith('{!!', i)) return { end: until(text, i + 3, '!!}'), kind: 'output' };
  if (text.startsWith('@{{', i)) return { end: until(text, i + 3, '}}'), kind: 'output' };
  if (text.startsWith('{{', i)) return { end: until(text, i + 2, '}}'), kind: 'output' };
  return null;
};

const bladeDirective: Matcher = (text, i) => {
  if (text[i] !== '@' || /[\w@.]/.test(text[i - 1] ?? '')) return null;
  const name = /^@(\w+)/.exec(text.slice(i, i + 40))?.[1];
  if (!name) return null;
  if (name === 'verbatim') return { end: i + 9, kind: 'control', raw: /@endverbatim\b/g };
  if (name === 'php' && !/^@php\s*\(/.test(text.slice(i, i + 20))) {
    const close = text.indexOf('@endphp', i);
    return { end: close < 0 ? text.length : close + 7, kind: 'control' };
  }
  if (!BLADE_DIRECTIVES.has(name)) return null;
  let end = i + 1 + name.length;
  // Blade's compiler allows only blanks before the argument list: a `(` on the next line is the page's.
  const args = /^[ \t]*\(/.exec(text.slice(end, end + 20));
  if (args) end = balanced(text, end + args[0].length - 1, '(', ')');
  return { end, kind: BLADE_OUTPUT.has(name) ? 'output' : 'control' };
};

// Blocks whose body the engine does not render: Jinja/Twig raw text, Shopify's section assets and schema.
const RAW_TAGS = new Set(['raw', 'verbatim', 'javascript', 'stylesheet', 'schema']);

function jinja(comments: boolean): Matcher {
  return (text, i) => {
    if (text[i] !== '{') return null;
    const next = text[i + 1];
    if (next === '{') return { end: until(text, i + 2, '}}'), kind: 'output' };
    if (comments && next === '#') return { end: until(text, i + 2, '#}', false), kind: 'control' };
    if (next !== '%') return null;
    const end = until(text, i + 2, '%}');
    const tag = /^\{%-?\s*(\w+)/.exec(text.slice(i, end))?.[1];
    if (tag !== undefined && RAW_TAGS.has(tag)) return { end, kind: 'control', raw: new RegExp(`\\{%-?\\s*end${tag}\\s*-?%\\}`, 'g') };
    if (tag === 'comment') {
      const close = /\{%-?\s*endcomment\s*-?%\}/g;
      close.lastIndex = end;
      const found = close.exec(text);
      return { end: found ? found.index + found[0].length : text.length, kind: 'control' };
    }
    return { end, kind: 'control' };
  };
}

const smarty: Matcher = (text, i) => {
  if (text[i] !== '{') return null;
  const next = text[i + 1];
  if (next === undefined || /[\s}]/.test(next)) return null;
  if (next === '*') return { end: until(text, i + 2, '*}', false), kind: 'control' };
  if (text.startsWith('{literal}', i)) return { end: i + 9, kind: 'control', raw: /\{\/literal\}/g };
  if (text.startsWith('{ldelim}', i)) return { end: i + 8, kind: 'output', prints: '{' };
  if (text.startsWith('{rdelim}', i)) return { end: i + 8, kind: 'output', prints: '}' };
  const end = until(text, i + 1, '}');
  return { end, kind: next === '$' || next === '#' ? 'output' : 'control' };
};

const JSP_OUTPUT_TAGS = new Set(['c:out', 'c:url', 'fmt:message', 'fmt:formatNumber', 'fmt:formatDate', 'spring:message', 'spring:eval', 's:property']);

const jspScriptlet: Matcher = (text, i) => {
  if (!text.startsWith('<%', i)) return null;
  if (text.startsWith('<%--', i)) return { end: until(text, i + 4, '--%>', false), kind: 'control' };
  return { end: until(text, i + 2, '%>'), kind: text[i + 2] === '=' ? 'output' : 'control' };
};

const jspExpression: Matcher = (text, i) => {
  if ((text[i] !== '$' && text[i] !== '#') || text[i + 1] !== '{' || text[i - 1] === '\\') return null;
  return { end: balanced(text, i + 1, '{', '}'), kind: 'output' };
};

const jspTag: Matcher = (text, i) => {
  const tag = /^<(\/?)([A-Za-z][\w-]*:[A-Za-z][\w-]*)/.exec(text.slice(i, i + 60));
  if (!tag) return null;
  const end = until(text, i + tag[0].length, '>');
  return { end, kind: !tag[1] && JSP_OUTPUT_TAGS.has(tag[2]) ? 'output' : 'control' };
};

function erbLike(dashIsOutput: boolean): Matcher {
  return (text, i) => {
    if (!text.startsWith('<%', i) || text[i + 2] === '%') return null;
    const sigil = text[i + 2];
    const end = until(text, i + 2, '%>');
    const output = sigil === '=' || (dashIsOutput && sigil === '-');
    return { end, kind: output ? 'output' : 'control' };
  };
}

const handlebars: Matcher = (text, i) => {
  if (!text.startsWith('{{', i) || text[i - 1] === '\\') return null;
  if (text.startsWith('{{!--', i)) return { end: until(text, i + 5, '--}}', false), kind: 'control' };
  if (text.startsWith('{{!', i)) return { end: until(text, i + 3, '}}', false), kind: 'control' };
  if (text.startsWith('{{{', i)) return { end: until(text, i + 3, '}}}'), kind: 'output' };
  const end = until(text, i + 2, '}}');
  const control = /^\{\{~?\s*(?:[#/^]|else\b)/.test(text.slice(i, i + 10));
  return { end, kind: control ? 'control' : 'output' };
};

const aspnetScriptlet: Matcher = (text, i) => {
  if (!text.startsWith('<%', i)) return null;
  if (text.startsWith('<%--', i)) return { end: until(text, i + 4, '--%>', false), kind: 'control' };
  return { end: until(text, i + 2, '%>'), kind: '=:#'.includes(text[i + 2]) ? 'output' : 'control' };
};

const RAZOR_BLOCKS = new Set(['if', 'else', 'for', 'foreach', 'while', 'do', 'switch', 'using', 'lock', 'try', 'catch', 'finally', 'section']);
const RAZOR_LINE_DIRECTIVES = new Set(['model', 'inherits', 'inject', 'page', 'layout', 'addTagHelper', 'removeTagHelper', 'namespace', 'implements', 'attribute', 'preservewhitespace', 'rendermode']);

const razor: Matcher = (text, i) => {
  if (text[i] !== '@' || /[\w@]/.test(text[i - 1] ?? '')) return null;
  const next = text[i + 1];
  if (next === '*') return { end: until(text, i + 2, '*@', false), kind: 'control' };
  if (next === '{') return { end: balanced(text, i + 1, '{', '}'), kind: 'control' };
  if (next === '(') return { end: balanced(text, i + 1, '(', ')'), kind: 'output' };
  const name = /^@([A-Za-z_]\w*)/.exec(text.slice(i, i + 60))?.[1];
  if (!name) return null;
  let end = i + 1 + name.length;
  if (RAZOR_LINE_DIRECTIVES.has(name)) {
    const eol = text.indexOf('\n', end);
    return { end: eol < 0 ? text.length : eol, kind: 'control' };
  }
  if (RAZOR_BLOCKS.has(name)) {
    const args = /^[ \t]*\(/.exec(text.slice(end, end + 20));
    return { end: args ? balanced(text, end + args[0].length - 1, '(', ')') : end, kind: 'control' };
  }
  // An implicit expression: `@Model.Chat.Id`, `@Url.Action("x")`, `@items[0]`.
  for (;;) {
    const member = /^\.[A-Za-z_]\w*/.exec(text.slice(end, end + 60));
    if (member) end += member[0].length;
    else if (text[end] === '(') end = balanced(text, end, '(', ')');
    else if (text[end] === '[') end = balanced(text, end, '[', ']');
    else break;
  }
  return { end, kind: 'output' };
};

const MATCHERS: Readonly<Record<Dialect, readonly Matcher[]>> = {
  // Plain HTML is often a build-tool template too (EJS in html-webpack-plugin, Liquid in Jekyll).
  html: [erbLike(true), jinja(false)],
  php: [php],
  blade: [php, bladeEcho, bladeDirective],
  smarty: [smarty],
  liquid: [jinja(false)],
  twig: [jinja(true)],
  jsp: [jspScriptlet, jspExpression, jspTag],
  jsf: [jspExpression, jspTag],
  erb: [erbLike(false)],
  ejs: [erbLike(true)],
  handlebars: [handlebars],
  razor: [razor],
  aspnet: [aspnetScriptlet, jspTag],
  sfc: [],
};
