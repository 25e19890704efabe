/**
 * CSS selectors: Chatra's DOM names become the Svyazio widget's, only where
 * they stand in selector position (never in values, strings, url() or comments).
 */
import { CHATRA_DOM, DOM, STATE_CLASSES } from '../runtime/surface.js';
import type { Edit, Finding } from './types.js';

/** Stylus is read like indented Sass: a line is a selector unless it is a declaration. */
export type CssLang = 'css' | 'scss' | 'sass' | 'less' | 'stylus';

export interface CssResult {
  edits: Edit[];
  findings: Finding[];
}

const RULE = 'css-selectors';
const CHATRA_PREFIX = 'chatra--';
const STATES = new Set<string>(STATE_CLASSES);
// An id or class token: `#name` / `.name`; the name runs to the end of the identifier.
const TOKEN = /([#.])(-?[A-Za-z_][\w-]*)/g;
// A Sass variable holding a selector in a string.
const SELECTOR_VARIABLE = /^[ \t]*\$[\w-]+[ \t]*:[ \t]*(['"])([#.][\w\s#.>+~:,()-]*chatra[\w\s#.>+~:,()-]*)\1/gm;
// An attribute selector on id or class: `[id="chatra"]`, `[class*='chatra--expanded' i]`.
const ATTRIBUTE = /\[\s*(id|class)\s*([~|^$*]?=)\s*(["']?)(-?[A-Za-z_][\w-]*)\3\s*(?:[is]\s*)?\]/g;

export function rewriteCss(text: string, lang: CssLang = 'css'): CssResult {
  if (!text.includes('chatra')) return { edits: [], findings: [] };
  const blank = blankOpaque(text, lang);
  const out: CssResult = { edits: [], findings: [] };
  for (const [start, end] of lang === 'sass' || lang === 'stylus' ? sassSelectorLines(blank) : selectorPreludes(blank)) {
    selectorEdits(blank, start, end, out);
    attributeEdits(text, blank, start, end, out);
  }
  if (lang === 'scss' || lang === 'sass') {
    // `$chat: '#chatra';` is interpolated into selectors (`#{$chat}.chatra--visible`): renamed with them.
    for (const match of text.matchAll(SELECTOR_VARIABLE)) {
      const start = match.index + match[0].length - match[2].length - 1;
      if (blank[match.index + match[0].indexOf('$')] === '$') selectorEdits(text, start, start + match[2].length, out);
    }
  }
  return out;
}

/** Treats the whole text as a selector list, e.g. the argument of `querySelector`. */
export function rewriteSelector(text: string): CssResult {
  const out: CssResult = { edits: [], findings: [] };
  if (!text.includes('chatra')) return out;
  const blank = blankOpaque(text, 'css');
  selectorEdits(blank, 0, text.length, out);
  attributeEdits(text, blank, 0, text.length, out);
  return out;
}

/** Attribute selectors naming the Chatra host or a state class; the quoted value is blank in `blank`. */
function attributeEdits(text: string, blank: string, start: number, end: number, out: CssResult): void {
  for (const match of text.slice(start, end).matchAll(ATTRIBUTE)) {
    const [whole, attr, op, , value] = match;
    if (!value.startsWith('chatra') || blank[start + match.index] !== '[') continue;
    // `[class*="chatra--"]` picks every state class: the prefix maps to the Svyazio one.
    const target = value === CHATRA_PREFIX && op !== '=' ? DOM.classPrefix : renamed(attr === 'id' ? '#' : '.', value);
    if (typeof target !== 'string') continue;
    const at = start + match.index + whole.lastIndexOf(value);
    out.edits.push({ start: at, end: at + value.length, text: target, rule: RULE });
  }
}

function selectorEdits(blank: string, start: number, end: number, out: CssResult): void {
  const slice = blank.slice(start, end);
  for (const match of slice.matchAll(TOKEN)) {
    const [, sigil, name] = match;
    if (!name.startsWith('chatra')) continue;
    const at = start + match.index + 1;
    const target = renamed(sigil, name);
    if (target === undefined) {
      if (name.startsWith(CHATRA_PREFIX)) {
        out.findings.push({ kind: 'warning', rule: RULE, message: `unknown Chatra class .${name} left as it is`, offset: at - 1 });
      }
      continue;
    }
    if (target === null) {
      out.findings.push({ kind: 'todo', rule: RULE, message: `${sigil}${name} has no Svyazio equivalent`, offset: at - 1 });
      continue;
    }
    out.edits.push({ start: at, end: at + name.length, text: target, rule: RULE });
  }
}

/** The Svyazio name, `null` when Chatra's has no equivalent, `undefined` when it is not Chatra's. */
function renamed(sigil: string, name: string): string | null | undefined {
  const key = Object.hasOwn(CHATRA_DOM, sigil + name) ? sigil + name : sigil === '.' && Object.hasOwn(CHATRA_DOM, name) ? name : null;
  if (key !== null) return CHATRA_DOM[key]?.replace(/^[#.]/, '') ?? null;
  if (sigil === '.' && name.startsWith(CHATRA_PREFIX) && STATES.has(name.slice(CHATRA_PREFIX.length))) {
    return DOM.classPrefix + name.slice(CHATRA_PREFIX.length);
  }
  return undefined;
}

/**
 * A copy of the text with comments, strings, url() arguments and `#{…}`/`@{…}`
 * interpolations replaced by spaces, so structure can be read without them.
 */
function blankOpaque(text: string, lang: CssLang): string {
  const chars = text.split('');
  const wipe = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
  };
  const lineComments = lang !== 'css';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      wipe(i, stop);
      i = stop;
    } else if (lineComments && ch === '/' && text[i + 1] === '/' && text[i - 1] !== ':') {
      let stop = text.indexOf('\n', i);
      if (stop < 0) stop = text.length;
      wipe(i, stop);
      i = stop;
    } else if (ch === '"' || ch === "'") {
      let k = i + 1;
      while (k < text.length && text[k] !== ch && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      wipe(i, k + 1);
      i = k + 1;
    } else if ((ch === '#' || ch === '@') && text[i + 1] === '{') {
      const stop = closing(text, i + 1);
      wipe(i, stop);
      i = stop;
    } else if ((ch === 'u' || ch === 'U') && /^url\(/i.test(text.slice(i, i + 4)) && !/[\w-]/.test(text[i - 1] ?? '')) {
      const end = text.indexOf(')', i);
      const stop = end < 0 ? text.length : end + 1;
      wipe(i, stop);
      i = stop;
    } else {
      i++;
    }
  }
  return chars.join('');
}

function closing(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return k + 1;
  }
  return text.length;
}

/** Spans of text that end at `{` and are not at-rule preludes: selectors. */
function* selectorPreludes(blank: string): Generator<[number, number]> {
  let start = 0;
  for (let i = 0; i < blank.length; i++) {
    const ch = blank[i];
    if (ch !== '{' && ch !== '}' && ch !== ';') continue;
    if (ch === '{' && !blank.slice(start, i).trimStart().startsWith('@')) yield [start, i];
    start = i + 1;
  }
}

/** Indented Sass: a line is a selector unless it is a declaration, directive, mixin or variable. */
function* sassSelectorLines(blank: string): Generator<[number, number]> {
  let start = 0;
  for (const line of blank.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && !/^([\w-]+:(\s|$)|[@+=$:%])/.test(trimmed)) yield [start, start + line.length];
    start += line.length + 1;
  }
}
