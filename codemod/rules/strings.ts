import type { ts } from 'ts-morph';
import { CHATRA_DOM, DOM, STATE_CLASSES } from '../../runtime/surface.js';
import { rewriteCss, rewriteSelector } from '../css.js';
import { parseScript, rewriteScript } from '../script.js';
import { tsApi } from '../ts-api.js';
import type { Edit, Finding } from '../types.js';
import { RuleOutput, type ParsedScript, type Rule, type RuleContext } from './rule.js';

type Span = [number, number];

/** A string or template literal as one piece of text, substitutions blanked out. */
interface LiteralText {
  /** File offset of the first character after the opening quote. */
  start: number;
  /** The source text between the quotes, each `${…}` replaced by underscores of the same length. */
  text: string;
  /** The blanked substitutions, relative to `text`. */
  substitutions: Span[];
  /** The delimiter: `'`, `"` or a backtick. */
  quote: string;
}

const CSS_HINT = /#chatra|\.chatra--|chatra-mobile-widget-expanded/;
// Code that drives the widget, as opposed to prose or data that names it.
const CODE_HINT =
  /\bChatra(?:ID|Setup|Integration|GroupID)?\s*(?:\(|=[^=]|\.\w)|\bw\s*\[\s*c\s*\]|\(\s*document\s*,\s*window\s*,\s*\\?['"]Chatra\\?['"]\s*\)/;
const SCRIPT_ELEMENT = /<script\b[^>]*>([\s\S]*?)<\\?\/script\s*>/gi;
// An event handler attribute in an HTML string; its quotes may be escaped.
const HANDLER_ATTRIBUTE = /\son[a-z]+\s*=\s*(\\?["'])([\s\S]*?)\1/gi;
const SELECTOR_METHODS = new Set(['querySelector', 'querySelectorAll', 'closest', 'matches']);
const CLASS_LIST_METHODS = new Set(['add', 'remove', 'contains', 'toggle', 'replace']);
const STATES = new Set<string>(STATE_CLASSES);
// A string that is only class or id names, one of them the widget's.
const CLASS_NAMES = /^\s*(?:[\w-]+\s+)*chatra(?:--[\w-]+)?(?:\s+[\w-]+)*\s*$/;
// Calls taking class names rather than selectors: jQuery's and the DOM's.
const CLASS_NAME_METHODS = new Set(['hasClass', 'addClass', 'removeClass', 'toggleClass', 'getElementsByClassName']);

const codeSpanCache = new WeakMap<ts.Node, Span[]>();

/**
 * Code and CSS that live inside JS strings: a loader snippet in a template
 * literal (`dangerouslySetInnerHTML`), `<script>` elements in HTML strings
 * (rewritten as inline scripts), selectors passed to `querySelector`, class
 * names passed to `classList`, and stylesheets (styled-components, `innerHTML`).
 */
export const stringsRule: Rule = (file, ctx) => {
  const out = new RuleOutput(file, 'strings');
  for (const node of file.nodes) {
    const literal = literalText(file, node);
    if (!literal || !/chatra/i.test(literal.text)) continue;
    const spans = codeSpans(file, node);
    for (const [start, end] of spans) rewriteEmbedded(literal, start, end, ctx, out);
    // HTML holding both a handler and a `<style>`: the CSS outside the handlers is still CSS.
    if (CSS_HINT.test(literal.text) || (spans.length === 0 && CLASS_NAMES.test(literal.text))) {
      rewriteStyle(file, node, literal, out, spans);
    }
  }
  return out;
};

/**
 * Spans (file offsets) of code embedded in the string or template literal that
 * holds `node`: the loader and URL rules leave them to the embedded rewrite.
 */
export function codeSpans(file: ParsedScript, node: ts.Node): Span[] {
  const ts = tsApi();
  let literalNode = node;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
    literalNode = ts.isTemplateSpan(node.parent) ? node.parent.parent : node.parent;
  }
  let spans = codeSpanCache.get(literalNode);
  if (!spans) {
    const literal = literalText(file, literalNode);
    spans = literal ? findCode(literal).map(([s, e]) => [literal.start + s, literal.start + e] as Span) : [];
    codeSpanCache.set(literalNode, spans);
  }
  return spans;
}

function literalText(file: ParsedScript, node: ts.Node): LiteralText | undefined {
  const ts = tsApi();
  if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTemplateExpression(node)) return undefined;
  const start = node.getStart(file.sf) + 1;
  let text = file.text.slice(start, node.end - 1);
  const substitutions: Span[] = [];
  if (ts.isTemplateExpression(node)) {
    let previous: ts.Node = node.head;
    for (const span of node.templateSpans) {
      const s = previous.end - 2 - start;
      const e = span.literal.getStart(file.sf) + 1 - start;
      substitutions.push([s, e]);
      text = text.slice(0, s) + '_'.repeat(e - s) + text.slice(e);
      previous = span.literal;
    }
  }
  return { start, text, substitutions, quote: file.text[start - 1] };
}

/** Code spans relative to the literal's text: `<script>` bodies and `on…` handlers, or the whole text when it is a script. */
function findCode(literal: LiteralText): Span[] {
  if (!/chatra/i.test(literal.text)) return [];
  const spans: Span[] = [];
  for (const m of literal.text.matchAll(SCRIPT_ELEMENT)) {
    const start = m.index + m[0].indexOf('>') + 1;
    if (/chatra/i.test(m[1])) spans.push([start, start + m[1].length]);
  }
  if (literal.text.includes('<')) {
    for (const m of literal.text.matchAll(HANDLER_ATTRIBUTE)) {
      const start = m.index + m[0].length - m[1].length - m[2].length;
      if (/chatra/i.test(m[2]) && !spans.some(([s, e]) => s <= start && start < e)) spans.push([start, start + m[2].length]);
    }
  }
  if (spans.length > 0) return spans;
  if (!CODE_HINT.test(literal.text) || 'error' in parseScript(literal.text, 'js', { inline: true })) return [];
  return [[0, literal.text.length]];
}

function rewriteEmbedded(literal: LiteralText, start: number, end: number, ctx: RuleContext, out: RuleOutput): void {
  const from = start - literal.start;
  const to = end - literal.start;
  const text = literal.text.slice(from, to);
  const masked = literal.substitutions.filter(([s, e]) => s < to && e > from).map(([s, e]) => [s - from, e - from] as const);
  // In a quoted string, `onclick="Chatra(\'openChat\')"` is code once the string's own escapes are read.
  const { code, toRaw } = literal.quote === '`' ? { code: text, toRaw: null } : unescapeString(text);
  const result = rewriteScript(code, 'js', { options: ctx.options, inline: true, masked });
  const at = (i: number): number => start + (toRaw ? toRaw[i] : i);
  const escape = (t: string): string => (toRaw ? t.replace(new RegExp(`[\\\\${literal.quote}]`, 'g'), '\\$&') : t);
  out.edits.push(...result.edits.map((e) => ({ ...e, start: at(e.start), end: at(e.end), text: escape(e.text) })));
  out.findings.push(...result.findings.map((f) => ({ ...f, offset: at(f.offset) })));
}

/** The value of a string's source text, and where each of its characters starts in that source. */
function unescapeString(raw: string): { code: string; toRaw: number[] | null } {
  if (!/\\['"\\]/.test(raw)) return { code: raw, toRaw: null };
  const toRaw: number[] = [];
  let code = '';
  for (let i = 0; i < raw.length; i++) {
    toRaw.push(i);
    if (raw[i] === '\\' && /['"\\]/.test(raw[i + 1] ?? '')) i++;
    code += raw[i];
  }
  toRaw.push(raw.length);
  return { code, toRaw };
}

/** `code`: spans (file offsets) the embedded script rewrite owns; CSS edits stay out of them. */
function rewriteStyle(file: ParsedScript, node: ts.Node, literal: LiteralText, out: RuleOutput, code: readonly Span[]): void {
  const ts = tsApi();
  const call = ts.isCallExpression(node.parent) && node.parent.arguments[0] === node ? node.parent : undefined;
  const method = call && calleeName(call.expression);
  const outside = (at: number): boolean => !code.some(([s, e]) => s <= at && at < e);
  const add = (result: { edits: Edit[]; findings: Finding[] }): void => {
    const edits = result.edits.map((e) => ({ ...e, start: e.start + literal.start, end: e.end + literal.start }));
    out.edits.push(...edits.filter((e) => outside(e.start)));
    out.findings.push(...result.findings.map((f) => ({ ...f, offset: f.offset + literal.start })).filter((f) => outside(f.offset)));
  };
  if (method === 'getElementById' && literal.text === 'chatra') {
    out.replaceRange(literal.start, literal.start + literal.text.length, DOM.hostId);
  } else if (method && (SELECTOR_METHODS.has(method) || method === '$' || method === 'jQuery')) {
    add(rewriteSelector(literal.text));
  } else if (method && CLASS_LIST_METHODS.has(method) && call && isClassList(call.expression)) {
    const renamed = renameClass(literal.text);
    if (renamed) out.replaceRange(literal.start, literal.start + literal.text.length, renamed);
  } else if (method && CLASS_NAME_METHODS.has(method)) {
    // Space-separated class names: `$(el).toggleClass('chatra--expanded chatra--visible')`.
    for (const m of literal.text.matchAll(/\S+/g)) {
      const renamed = renameClass(m[0]);
      if (renamed) out.replaceRange(literal.start + m.index, literal.start + m.index + m[0].length, renamed);
    }
  } else if (literal.text.includes('{') && CSS_HINT.test(literal.text)) {
    add(rewriteCss(literal.text, 'css'));
  } else if (/^\s*[#.]chatra\b/.test(literal.text)) {
    add(rewriteSelector(literal.text));
  }
}

function calleeName(callee: ts.Expression): string | undefined {
  const ts = tsApi();
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function isClassList(callee: ts.Expression): boolean {
  const ts = tsApi();
  return ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'classList';
}

function renameClass(name: string): string | undefined {
  const mapped = CHATRA_DOM[name];
  if (mapped) return mapped;
  const state = name.startsWith('chatra--') ? name.slice('chatra--'.length) : undefined;
  return state !== undefined && STATES.has(state) ? DOM.classPrefix + state : undefined;
}
