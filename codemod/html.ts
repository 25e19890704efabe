/**
 * The HTML host: HTML, server templates and single-file components. A tolerant
 * scanner (templates are not strict HTML) finds the regions that hold code —
 * script and style blocks, event-handler attributes, links, CSP meta tags,
 * Astro frontmatter, Shopify section blocks, snippets in PHP strings — and
 * hands each to its rules with offsets mapped back to the file. Template code
 * is masked first, so it is never parsed or edited.
 */
import { rewriteCss, type CssLang } from './css.js';
import { decodeEntities, decodePercent, encodeForAttribute, type Decoded } from './entities.js';
import { cspEdits, hrefResult, originEdits, scriptSrcEdits, scriptUrl, templateLiteralEdits } from './hosts.js';
import { blankSpans, dialectFor, maskScript, templateSpans, type MaskedScript, type TemplateSpan } from './mask.js';
import { rewritePhpStrings } from './php.js';
import { analyzeLoader, parseScript, rewriteScript, type ScriptLang } from './script.js';
import type { Edit, Finding, MigrateOptions } from './types.js';

export interface MarkupResult {
  edits: Edit[];
  findings: Finding[];
  /** The first region that did not parse; only exact tokens were rewritten there. */
  parseError?: string;
}

interface Attr {
  /** Lower-cased attribute name. */
  name: string;
  /** Value span in the file; `quote` is `"`, `'`, `{` (a braced expression) or `` (unquoted). */
  valueStart: number;
  valueEnd: number;
  quote: string;
}

interface Tag {
  name: string;
  start: number;
  end: number;
  attrs: Attr[];
}

type Component = 'vue' | 'svelte' | 'astro' | null;

/** A Shopify section block (`{% javascript %}`, `{% stylesheet %}`, `{% style %}`): code outside any tag. */
interface LiquidBlock {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  kind: 'javascript' | 'stylesheet' | 'style';
}

const JS_TYPES = new Set([
  '',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'text/ecmascript',
  'application/ecmascript',
  'module',
  'text/babel',
  'text/jsx',
]);
const CONSENT_ATTR = /consent|categor|cookie|cmp|^data-(?:type|service|purposes?)$/;
const CONSENT_CLASS = /optanon-category|cmplz|cookie|consent/i;
const RAW_TEXT = new Set(['textarea', 'title', 'xmp']);
const SERVER_TAG = /^<\/?[A-Za-z][\w-]*:[A-Za-z]/;
const TAG_NAME = /<([A-Za-z][\w:.-]*)/y;
const ATTR_NAME = /[^\s"'>/=]+/y;
const EQUALS = /\s*=\s*/y;
const UNQUOTED = /[^\s>]*/y;

/** A sticky match of `re` exactly at `at`. */
function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Rewrites one HTML-ish file; `path` picks the template dialect and the component kind. */
export function rewriteMarkup(text: string, path: string, options: MigrateOptions): MarkupResult {
  const scanner = new MarkupScanner(text, path, options);
  scanner.run();
  const { edits, findings, parseError } = scanner;
  return parseError === undefined ? { edits, findings } : { edits, findings, parseError };
}

/** Whether an edit reaches into template code (an insertion at a span's edge does not). */
function touches(edit: Edit, spans: readonly TemplateSpan[]): boolean {
  return spans.some((s) => (edit.start === edit.end ? s.start < edit.start && edit.start < s.end : edit.start < s.end && s.start < edit.end));
}

class MarkupScanner {
  readonly edits: Edit[] = [];
  readonly findings: Finding[] = [];
  parseError: string | undefined;
  /** Edits that replace template code and carry it over verbatim (the Quick Start snippet). */
  private readonly carried: Edit[] = [];
  private readonly spans: TemplateSpan[];
  /** The text with template code blanked: structure is read from this, values from `text`. */
  private readonly blank: string;
  /** Template code edits must keep out of: all of it but server-side tags, whose attributes are markup. */
  private readonly guarded: TemplateSpan[];
  private readonly component: Component;
  private readonly php: boolean;
  /** Smarty 3 compiles `{x` and `{}` as tags: generated code needs a blank after each `{`. */
  private readonly smarty: boolean;
  /** Facelets pages are XML: attributes need values. */
  private readonly xml: boolean;
  private readonly liquidBlocks: LiquidBlock[] = [];
  /** Bodies of Rails `javascript_tag do` blocks. */
  private readonly railsScripts: Array<[number, number]> = [];

  constructor(
    private readonly text: string,
    path: string,
    private readonly options: MigrateOptions,
  ) {
    const lower = path.toLowerCase();
    this.component = lower.endsWith('.vue') ? 'vue' : lower.endsWith('.svelte') ? 'svelte' : lower.endsWith('.astro') ? 'astro' : null;
    const dialect = dialectFor(path) ?? 'html';
    this.php = dialect === 'php' || dialect === 'blade';
    this.smarty = dialect === 'smarty';
    this.xml = dialect === 'jsf';
    this.spans = templateSpans(text, dialect);
    // Facelets and Web Forms components (`<h:commandLink onclick=…>`) render HTML: read as tags, masked only in scripts.
    // JSP custom tags stay opaque: they are often written inside attribute values.
    const components = dialect === 'jsf' || dialect === 'aspnet';
    this.guarded = this.spans.filter((s) => !components || !SERVER_TAG.test(text.slice(s.start, s.start + 60)));
    this.blank = blankSpans(text, this.guarded);
    if (dialect === 'erb') this.railsJavascriptTags();
    if (dialect === 'liquid') {
      for (const m of text.matchAll(/\{%-?\s*(javascript|stylesheet|style)\s*-?%\}([\s\S]*?)\{%-?\s*end\1\s*-?%\}/g)) {
        const contentStart = m.index + m[0].indexOf('%}') + 2;
        const kind = m[1] as LiquidBlock['kind'];
        this.liquidBlocks.push({ start: m.index, end: m.index + m[0].length, contentStart, contentEnd: contentStart + m[2].length, kind });
      }
    }
  }

  run(): void {
    this.scan();
    // A last guard for edits made on raw attribute values: template code is never edited.
    const kept: Edit[] = [];
    for (const edit of this.edits) {
      if (!touches(edit, this.guarded)) kept.push(edit);
      else this.findings.push({ kind: 'warning', rule: edit.rule, message: 'change left out: it would touch template code', offset: edit.start });
    }
    this.edits.splice(0, this.edits.length, ...kept.map((e) => ({ ...e, text: this.generated(e.text, e.start) })), ...this.carried);
    // PHP strings are template code by nature: their edits are made inside it on purpose.
    if (this.php) this.phpBlocks();
    // So is the chatra.js URL passed to a template helper (`javascript_include_tag`, `| script_tag`, `wp_enqueue_script`).
    for (const span of this.spans) {
      const literals = templateLiteralEdits(this.text.slice(span.start, span.end), span.start, this.options);
      this.edits.push(...literals.filter((l) => !this.edits.some((e) => e.start < l.end && l.start < e.end)));
    }
  }

  /** Code the engine writes at `at`, made safe for the file's template engine. */
  private generated(code: string, at: number): string {
    return this.smarty && !this.inSmartyLiteral(at) ? code.replace(/\{(?=\S)/g, '{ ') : code;
  }

  /** Whether `at` lies between `{literal}` and `{/literal}`, where Smarty reads nothing. */
  private inSmartyLiteral(at: number): boolean {
    return this.spans.some((open, k) => {
      const close = this.spans[k + 1];
      return this.text.startsWith('{literal}', open.start) && open.end <= at && close !== undefined && at <= close.start;
    });
  }

  /**
   * Rails `<%= javascript_tag do %> … <% end %>`: the body is a script without
   * a `<script>` tag in the source. Read as JS in place.
   */
  private railsJavascriptTags(): void {
    const { spans, text } = this;
    spans.forEach((open, k) => {
      if (!/^<%=?-?\s*javascript_tag\b[\s\S]*\bdo\s*-?%>$/.test(text.slice(open.start, open.end))) return;
      let depth = 1;
      for (const close of spans.slice(k + 1)) {
        const code = text.slice(close.start + 2, close.end - 2).replace(/^[=-]+|-$/g, '').trim();
        if (/\bdo\b(?:\s*\|[^|]*\|)?$/.test(code) || /^(?:if|unless|case|while|until|begin)\b/.test(code)) depth++;
        else if (/^end\b/.test(code) && --depth === 0) {
          this.railsScripts.push([open.end, close.start]);
          return;
        }
      }
    });
  }

  private scan(): void {
    const { blank } = this;
    let i = 0;
    if (this.component === 'astro') i = this.frontmatter();
    for (const block of this.liquidBlocks) {
      if (block.kind === 'javascript') this.js(block.contentStart, block.contentEnd, 'js', false);
      else this.css(block.contentStart, block.contentEnd, 'css');
    }
    for (const [start, end] of this.railsScripts) this.js(start, end, 'js', true);
    while (i < blank.length) {
      const lt = blank.indexOf('<', i);
      if (lt < 0) break;
      const block = this.liquidBlocks.find((b) => b.start <= lt && lt < b.end);
      if (block) {
        i = block.end;
        continue;
      }
      if (blank.startsWith('<!--', lt)) {
        const close = blank.indexOf('-->', lt + 4);
        i = close < 0 ? blank.length : close + 3;
        continue;
      }
      const tag = /[A-Za-z]/.test(blank[lt + 1] ?? '') ? this.readTag(lt) : null;
      if (!tag) {
        i = lt + 1;
        continue;
      }
      this.attributes(tag);
      i = tag.end;
      if (tag.name === 'script' || tag.name === 'style' || RAW_TEXT.has(tag.name)) {
        const close = new RegExp(`</${tag.name}\\s*>`, 'ig');
        close.lastIndex = tag.end;
        const found = close.exec(blank);
        const contentEnd = found ? found.index : blank.length;
        const elementEnd = found ? found.index + found[0].length : blank.length;
        if (tag.name === 'script') this.script(tag, contentEnd, elementEnd);
        else if (tag.name === 'style') this.style(tag, contentEnd);
        i = elementEnd;
      }
    }
  }

  /**
   * Snippets held in PHP strings: markup, or JS that parses on its own and
   * looks like code (a bare `'Chatra'` in PHP is data, not the global).
   */
  private phpBlocks(): void {
    const rewrite = (value: string, spans: TemplateSpan[]): MarkupResult | null => {
      const markup = /<(?:script|a|link|meta|button|style)\b/i.test(value);
      if (markup) return spans.length === 0 ? rewriteMarkup(value, 'string.html', this.options) : null;
      const masked = maskScript(value, spans);
      if (!/[(=;]/.test(masked.text) || 'error' in parseScript(masked.text, 'js', { inline: true })) return null;
      const result = rewriteScript(masked.text, 'js', { options: this.options, inline: true, masked: masked.masked });
      return { ...result, findings: result.findings.map((f) => ({ ...f, message: unmasked(f.message, masked, value) })) };
    };
    for (const span of this.spans) {
      const code = this.text.slice(span.start, span.end);
      if (!code.startsWith('<?') || code.startsWith('<?=') || !/chatra/i.test(code)) continue;
      const result = rewritePhpStrings(code, span.start, rewrite);
      this.edits.push(...result.edits);
      this.findings.push(...result.findings);
    }
  }

  /** Astro's `---` frontmatter: TypeScript, run once on the server. */
  private frontmatter(): number {
    const open = /^\s*---[ \t]*\r?\n/.exec(this.blank);
    if (!open) return 0;
    const close = /\r?\n---[ \t]*(?:\r?\n|$)/g;
    close.lastIndex = open[0].length;
    const found = close.exec(this.blank);
    if (!found) return 0;
    this.js(open[0].length, found.index, 'ts', false);
    return found.index + found[0].length;
  }

  private readTag(start: number): Tag | null {
    const { blank } = this;
    const nameMatch = matchAt(TAG_NAME, blank, start);
    if (!nameMatch) return null;
    const tag: Tag = { name: nameMatch[1].toLowerCase(), start, end: blank.length, attrs: [] };
    let k = start + nameMatch[0].length;
    while (k < blank.length) {
      const ch = blank[k];
      if (ch === '>') {
        tag.end = k + 1;
        return tag;
      }
      if (/[\s/]/.test(ch)) {
        k++;
        continue;
      }
      if (ch === '{') {
        k = skipBraces(blank, k);
        continue;
      }
      const name = matchAt(ATTR_NAME, blank, k)?.[0] ?? ch;
      k += name.length;
      const eq = matchAt(EQUALS, blank, k);
      if (!eq) {
        tag.attrs.push({ name: name.toLowerCase(), valueStart: k, valueEnd: k, quote: '' });
        continue;
      }
      k += eq[0].length;
      const quote = blank[k];
      if (quote === '"' || quote === "'") {
        const close = blank.indexOf(quote, k + 1);
        const end = close < 0 ? blank.length : close;
        tag.attrs.push({ name: name.toLowerCase(), valueStart: k + 1, valueEnd: end, quote });
        k = end + 1;
      } else if (quote === '{') {
        const end = skipBraces(blank, k);
        tag.attrs.push({ name: name.toLowerCase(), valueStart: k + 1, valueEnd: end - 1, quote: '{' });
        k = end;
      } else {
        const end = k + (matchAt(UNQUOTED, blank, k)?.[0].length ?? 0);
        tag.attrs.push({ name: name.toLowerCase(), valueStart: k, valueEnd: end, quote: '' });
        k = end;
      }
    }
    return tag;
  }

  private attr(tag: Tag, name: string): string | undefined {
    const found = tag.attrs.find((a) => a.name === name);
    return found && this.text.slice(found.valueStart, found.valueEnd);
  }

  private attributes(tag: Tag): void {
    const rel = (this.attr(tag, 'rel') ?? '').toLowerCase();
    for (const attr of tag.attrs) {
      const value = this.text.slice(attr.valueStart, attr.valueEnd);
      if (!/chatra/i.test(value)) continue;
      if (isHandler(attr.name) || (this.component === 'vue' && /^(?::|v-bind:)[\w.-]+$/.test(attr.name))) {
        this.handler(attr);
      } else if (attr.name === 'href' && /^\s*javascript:/i.test(value)) {
        const code = attr.valueStart + value.indexOf(':') + 1;
        const raw = this.text.slice(code, attr.valueEnd);
        this.attrScript(code, attr.valueEnd, attr.quote, /%[0-9a-f]{2}/i.test(raw) ? decodePercent(raw) : decodeEntities(raw));
      } else if (attr.name === 'href' && /\b(?:preconnect|dns-prefetch)\b/.test(rel)) {
        this.edits.push(...originEdits(value, attr.valueStart));
      } else if (attr.name === 'href' && tag.name === 'link') {
        this.edits.push(...scriptSrcEdits(value, attr.valueStart, this.options));
      } else if (LINK_ATTRS.has(attr.name) || (attr.name === 'to' && ROUTER_LINKS.has(tag.name)) || (attr.name === 'src' && tag.name === 'iframe')) {
        const result = hrefResult(value, attr.valueStart);
        this.edits.push(...result.edits);
        this.findings.push(...result.findings);
      } else if ((attr.name === 'src' || attr.name === 'data-src') && tag.name === 'script') {
        // Consent managers hold the gated script's URL in `data-src` until the visitor agrees.
        this.edits.push(...scriptSrcEdits(value, attr.valueStart, this.options));
      } else if (attr.name === 'content' && tag.name === 'meta' && /^content-security-policy$/i.test(this.attr(tag, 'http-equiv') ?? '')) {
        this.edits.push(...cspEdits(value, attr.valueStart, this.options));
      }
    }
  }

  /** An event-handler attribute: its value is JS, HTML-entity-encoded when quoted. */
  private handler(attr: Attr): void {
    if (attr.quote === '{') {
      this.js(attr.valueStart, attr.valueEnd, 'js', true);
      return;
    }
    const raw = this.text.slice(attr.valueStart, attr.valueEnd);
    // Svelte also accepts `on:click="{…}"`.
    const braced = /^\s*\{([\s\S]*)\}\s*$/.exec(raw);
    if (braced && this.component === 'svelte') {
      const open = attr.valueStart + raw.indexOf('{') + 1;
      this.js(open, open + braced[1].length, 'js', true);
      return;
    }
    this.attrScript(attr.valueStart, attr.valueEnd, attr.quote, decodeEntities(raw));
  }

  /** JS written in an attribute value at `[start, end)`, escaped as `decoded` undoes. */
  private attrScript(start: number, end: number, quote: string, decoded: Decoded): void {
    const local = this.localSpans(start, end).map((s) => ({
      ...s,
      start: decoded.fromRaw(s.start),
      end: decoded.fromRaw(s.end),
    }));
    const masked = maskScript(decoded.text, local);
    const result = rewriteScript(masked.text, 'js', { options: this.options, inline: true, masked: masked.masked });
    this.parseError ??= result.parseError;
    for (const edit of result.edits) {
      this.edits.push({
        ...edit,
        start: start + decoded.toRaw(edit.start),
        end: start + decoded.toRaw(edit.end),
        text: encodeForAttribute(edit.text, quote),
      });
    }
    for (const finding of result.findings) {
      this.findings.push({ ...finding, message: unmasked(finding.message, masked, decoded.text), offset: start + decoded.toRaw(finding.offset) });
    }
  }

  private script(tag: Tag, contentEnd: number, elementEnd: number): void {
    const type = (this.attr(tag, 'type') ?? '').trim().toLowerCase();
    if (!JS_TYPES.has(type) && !this.consentGated(tag, type)) return;
    const lang = scriptLang(this.attr(tag, 'lang'), type);
    // In components a bare <script> is a module (Astro compiles it, TypeScript included) unless is:inline.
    const inlineAstro = tag.attrs.some((a) => a.name === 'is:inline');
    const classic = this.component === null ? type !== 'module' : this.component === 'astro' && inlineAstro;
    const effectiveLang: ScriptLang = this.component === 'astro' && !inlineAstro && lang === 'js' ? 'ts' : lang;
    if (!/chatra/i.test(this.text.slice(tag.end, contentEnd))) return;
    if (classic && this.loaderSnippet(tag, contentEnd, elementEnd)) return;
    this.js(tag.end, contentEnd, effectiveLang, classic);
  }

  /**
   * Consent managers (Cookiebot, OneTrust, CookieConsent, Complianz, …) park
   * scripts as `type="text/plain"` with a category marker and run them once
   * the visitor agrees: the code is JS and must be migrated, gating kept.
   */
  private consentGated(tag: Tag, type: string): boolean {
    return (
      type === 'text/plain' &&
      tag.attrs.some(
        (a) => CONSENT_ATTR.test(a.name) || (a.name === 'class' && CONSENT_CLASS.test(this.text.slice(a.valueStart, a.valueEnd))),
      )
    );
  }

  /**
   * A block that is only the Chatra loader becomes the Svyazio Quick Start
   * snippet. Returns false (the JS rules take over) when the block holds more,
   * or template code outside the ID expression that the snippet would drop.
   */
  private loaderSnippet(tag: Tag, contentEnd: number, elementEnd: number): boolean {
    const { text } = this;
    const local = this.localSpans(tag.end, contentEnd);
    const masked = maskScript(text.slice(tag.end, contentEnd), local);
    const loader = analyzeLoader(masked.text, 'js');
    if (!loader?.onlyLoader) return false;
    const { orgId } = this.options;
    if (orgId === undefined && !loader.idRange) return false;
    const idEnd = loader.idRange?.[1] ?? 0;
    const idStart = withLeadingComment(masked.text, loader.idRange?.[0] ?? 0);
    if (local.some((s) => s.start < idStart || s.end > idEnd)) return false;
    // An attribute of the tag itself already changed: replacing the element would overlap it.
    if (this.edits.some((e) => e.start < elementEnd && tag.start < e.end)) return false;

    const lineStart = text.lastIndexOf('\n', tag.start - 1) + 1;
    const before = text.slice(lineStart, tag.start);
    const indent = /^[ \t]*/.exec(before)?.[0] ?? '';
    const content = text.slice(tag.end, contentEnd);
    const eol = content.includes('\r\n') || (!content.includes('\n') && text.includes('\r\n')) ? '\r\n' : '\n';
    const unit = indentUnit(content, indent);
    const id = orgId !== undefined ? JSON.stringify(orgId) : text.slice(tag.end + idStart, tag.end + idEnd);
    const inner = indent + unit;
    const open = text.slice(tag.start, tag.end);
    // The loader tag's own attributes (CSP nonce, consent-manager gating, type) must hold for the new script too.
    const asyncOpen = `${open.replace(/\s*\/?>$/, '')} ${this.xml ? 'async="async"' : 'async'} src="${scriptUrl(this.options)}">`;
    const snippet = [
      open,
      this.generated(`${inner}window.SvyazioConfig = window.SvyazioConfig || {};`, tag.start),
      `${inner}window.SvyazioConfig.orgId = ${id};`,
      `${inner}window.Svyazio = window.Svyazio || function() {`,
      `${inner}${unit}(window.Svyazio.q = window.Svyazio.q || []).push(arguments);`,
      `${inner}};`,
      `${indent}</script>`,
      `${indent}${asyncOpen}</script>`,
    ].join(eol);
    this.carried.push({ start: tag.start, end: elementEnd, text: snippet, rule: 'loader' });
    if (orgId === undefined) {
      this.findings.push({
        kind: 'todo',
        rule: 'loader',
        message: `org ID carried over from the Chatra snippet (${id}): check it is your Svyazio org ID, or pass --org-id`,
        offset: tag.end + idStart,
      });
    }
    return true;
  }

  private style(tag: Tag, contentEnd: number): void {
    this.css(tag.end, contentEnd, cssLang(this.attr(tag, 'lang')));
  }

  /** Runs the CSS rules on `[start, end)` of the file, template code blanked. */
  private css(start: number, end: number, lang: CssLang): void {
    const content = this.blank.slice(start, end);
    if (!content.includes('chatra')) return;
    const result = rewriteCss(content, lang);
    for (const edit of result.edits) this.edits.push({ ...edit, start: edit.start + start, end: edit.end + start });
    for (const finding of result.findings) this.findings.push({ ...finding, offset: finding.offset + start });
  }

  /** Runs the JS rules on `[start, end)` of the file, template code masked. */
  private js(start: number, end: number, lang: ScriptLang, inline: boolean): void {
    const region = this.text.slice(start, end);
    if (!/chatra/i.test(region)) return;
    const masked = maskScript(region, this.localSpans(start, end));
    const result = rewriteScript(masked.text, lang, { options: this.options, inline, masked: masked.masked });
    this.parseError ??= result.parseError;
    for (const edit of result.edits) this.edits.push({ ...edit, start: edit.start + start, end: edit.end + start });
    for (const finding of result.findings) this.findings.push({ ...finding, message: unmasked(finding.message, masked, region), offset: finding.offset + start });
  }

  /** Template spans inside `[start, end)`, relative to `start`. */
  private localSpans(start: number, end: number): TemplateSpan[] {
    return this.spans
      .filter((s) => s.start >= start && s.end <= end)
      .map((s) => ({ ...s, start: s.start - start, end: s.end - start }));
  }
}

/** A rule read masked text, so its message may quote placeholders: they read back as the template code. */
function unmasked(message: string, masked: MaskedScript, original: string): string {
  let out = message;
  for (const [start, end] of masked.masked) {
    const placeholder = masked.text.slice(start, end);
    if (end - start < 3 || !placeholder.includes('_')) continue;
    const quoted = new RegExp(`(?<![\\w$])${placeholder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`);
    out = out.replace(quoted, () => original.slice(start, end));
  }
  return out;
}

/**
 * Where the ID expression starts once a comment right before it is included:
 * Thymeleaf writes the real value in one (`/*[[${chatraId}]]*\/ 'default'`).
 */
function withLeadingComment(code: string, idStart: number): number {
  const comment = /\/\*(?:(?!\*\/)[\s\S])*\*\/[ \t]*$/.exec(code.slice(0, idStart));
  return comment ? comment.index : idStart;
}

// Attributes holding a URL that may point at the chat hash.
const LINK_ATTRS = new Set(['href', 'data-href', 'data-target', 'data-url']);
const ROUTER_LINKS = new Set(['router-link', 'routerlink', 'nuxt-link', 'nuxtlink']);

/** `onclick`, Vue `@click` / `v-on:click`, Alpine `x-on:click`, Svelte `on:click`. */
function isHandler(name: string): boolean {
  return /^on[a-z]+$/.test(name) || /^(?:@|v-on:|x-on:|on:)[\w.:-]+$/.test(name);
}

function scriptLang(lang: string | undefined, type: string): ScriptLang {
  const value = (lang ?? '').trim().toLowerCase();
  if (value === 'ts' || value === 'typescript') return 'ts';
  if (value === 'tsx') return 'tsx';
  if (value === 'jsx' || type === 'text/babel' || type === 'text/jsx') return 'jsx';
  return 'js';
}

function cssLang(lang: string | undefined): CssLang {
  const value = (lang ?? '').trim().toLowerCase();
  if (value === 'styl' || value === 'stylus') return 'stylus';
  return value === 'scss' || value === 'sass' || value === 'less' ? value : 'css';
}

/** The block's own indentation step beyond the tag's indentation, or two spaces. */
function indentUnit(content: string, indent: string): string {
  const lines = content.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0 || !/\r?\n/.test(content)) return '  ';
  const leading = lines.map((line) => /^[ \t]*/.exec(line)?.[0] ?? '');
  const least = leading.reduce((a, b) => (b.length < a.length ? b : a));
  return least.startsWith(indent) && least.length > indent.length ? least.slice(indent.length) : '  ';
}

/** Index just past the `}` matching the `{` at `open`, skipping JS strings. */
function skipBraces(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const ch = text[k];
    if (ch === '"' || ch === "'" || ch === '`') {
      let q = k + 1;
      while (q < text.length && text[q] !== ch) q += text[q] === '\\' ? 2 : 1;
      k = q;
    } else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return k + 1;
  }
  return text.length;
}
