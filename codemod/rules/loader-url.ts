import type { ts } from 'ts-morph';
import { CHATRA_GLOBALS, CHATRA_HOSTS, CHATRA_SCRIPT_PATH, SVYAZIO_HOST } from '../../runtime/surface.js';
import { scriptUrl } from '../hosts.js';
import { tsApi } from '../ts-api.js';
import { RuleOutput, stringParts, type Rule, type StringPart } from './rule.js';
import { codeSpans } from './strings.js';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Slashes may be written `\/` inside strings that hold HTML (`<\/script>` habits).
const slash = '\\\\?\\/';
const HOSTS = CHATRA_HOSTS.map(escapeRe).join('|');
const PATH = CHATRA_SCRIPT_PATH.slice(1).split('/').map(escapeRe).join(slash);
const URL_RE = new RegExp(`(https?:)?${slash}${slash}(?:${HOSTS})${slash}${PATH}`, 'gi');
// The same URL split after its `//`: `('https:' == p ? 'https://' : 'http://') + 'call.chatra.io/chatra.js'`.
const HOST_PATH_RE = new RegExp(`^(?:${HOSTS})${slash}${PATH}`, 'i');
// In a selector such as `script[src*="chatra.js"]` the host or the file may stand alone.
const FILE = escapeRe(CHATRA_SCRIPT_PATH.slice(1));
const SELECTOR_RE = new RegExp(`(\\[src[~|^$*]?=\\s*\\\\?["']?[^\\]"'\\\\]*?)(?:(${HOSTS})(${slash}${FILE})?|${FILE})`, 'gi');

/** The text holds a chatra.js URL (in any of its spellings). */
export function containsChatraUrl(text: string): boolean {
  return text.search(URL_RE) !== -1;
}

/**
 * Edits (relative to `raw`) that point every chatra.js URL in a string's source
 * text at the Svyazio script. `protocolBefore`: the string is concatenated after
 * a protocol (`location.protocol + '//call.chatra.io/chatra.js'`), so a URL at its
 * very start stays protocol-relative.
 */
export function rewriteUrlsInRaw(raw: string, url: string, protocolBefore: boolean): TextEdit[] {
  const edits: TextEdit[] = [];
  const relative = url.replace(/^[a-z][a-z0-9+.-]*:/i, '');
  const hostAndPath = relative.replace(/^\/\//, '');
  for (const m of raw.matchAll(URL_RE)) {
    // After a protocol built in pieces (`'http' + s + '://…'`) the `:` is already written.
    const keepRelative = !m[1] && ((m.index === 0 && protocolBefore) || raw[m.index - 1] === ':');
    edits.push({ start: m.index, end: m.index + m[0].length, text: keepRelative ? relative : url });
  }
  const split = protocolBefore ? HOST_PATH_RE.exec(raw) : null;
  if (split) edits.push({ start: 0, end: split[0].length, text: hostAndPath });
  if (edits.length === 0) {
    const file = url.slice(url.lastIndexOf('/') + 1);
    const host = /^[^/?#]+/.exec(hostAndPath)?.[0] ?? SVYAZIO_HOST;
    for (const m of raw.matchAll(SELECTOR_RE)) {
      const start = m.index + m[1].length;
      edits.push({ start, end: m.index + m[0].length, text: m[2] ? (m[3] ? hostAndPath : host) : file });
    }
  }
  return edits;
}

const HOST_IN_STRING = new RegExp(`["'\`](?:https?:)?(?:${slash}${slash})?(?:${HOSTS})["'\`/]`, 'i');

/**
 * `'https://' + host + '/chatra.js'` with `host = 'call.chatra.io'`: the hosts
 * rule points the host at Svyazio, so the path must follow, or the page asks
 * Svyazio for chatra.js. A script URL on another host cannot be split that way.
 */
function rewriteBarePath(out: RuleOutput, part: StringPart, url: string): void {
  const target = URL.canParse(url) ? new URL(url) : null;
  if (target?.host === SVYAZIO_HOST) out.replaceRange(part.start, part.end, target.pathname);
  else out.report('todo', part.node, `chatra.js path joined to a host held elsewhere: point it at ${url} by hand`);
}

/**
 * A value in a table keyed by vendor global (`{ Chatra: 'window.Chatra', ChatraID:
 * 'script[src*="chatra.js"]' }`): technology-detection data, which must keep
 * finding Chatra.
 */
function isDetectionEntry(node: ts.Node): boolean {
  const ts = tsApi();
  const property = node.parent;
  if (!ts.isPropertyAssignment(property) || property.initializer !== node) return false;
  return property.parent.properties.some(
    (p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && Object.hasOwn(CHATRA_GLOBALS, p.name.text),
  );
}

/**
 * The chatra.js URL in every string and template literal, and in selectors that
 * look for it. Code embedded in strings is the strings rule's.
 */
export const loaderUrlRule: Rule = (file, ctx) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'loader');
  if (!/chatra\.(?:js|io)/i.test(file.text)) return out;
  const url = scriptUrl(ctx.options);
  for (const part of stringParts(file)) {
    if (!/chatra/i.test(part.raw)) continue;
    const parent = part.node.parent;
    const concatenated =
      ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken && parent.right === part.node;
    if (concatenated && part.raw === CHATRA_SCRIPT_PATH && HOST_IN_STRING.test(file.text)) {
      rewriteBarePath(out, part, url);
      continue;
    }
    if (isDetectionEntry(part.node) && !containsChatraUrl(part.raw)) continue;
    const embedded = codeSpans(file, part.node);
    for (const e of rewriteUrlsInRaw(part.raw, url, part.afterSubstitution || concatenated)) {
      const start = part.start + e.start;
      if (!embedded.some(([s, end]) => s <= start && start < end)) out.replaceRange(start, part.start + e.end, e.text);
    }
  }
  return out;
};
