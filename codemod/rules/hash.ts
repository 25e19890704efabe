import { HASHES } from '../../runtime/surface.js';
import { tsApi } from '../ts-api.js';
import { RuleOutput, stringParts, type Rule } from './rule.js';
import type { TextEdit } from './loader-url.js';
import { codeSpans } from './strings.js';

const HASH_RE = new RegExp(`(^|[#/])${HASHES.chatra}(?![\\w-])`, 'g');
// In a regex literal only the hash itself: `/#chatraChatExpanded/.test(location.hash)`.
const REGEX_HASH_RE = new RegExp(`#${HASHES.chatra}(?![\\w-])`, 'g');
// An absolute URL names another site: its hash is none of this site's business.
const ABSOLUTE_RE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/**
 * Edits (relative to `raw`) renaming the chat-open hash in a string's source:
 * `#chatraChatExpanded`, a router path `/chatraChatExpanded`, or the bare name as
 * the whole string (`hash.slice(1) === 'chatraChatExpanded'`). Absolute URLs stay.
 */
export function rewriteHashInRaw(raw: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const m of raw.matchAll(HASH_RE)) {
    if (m[1] === '' && raw !== HASHES.chatra) continue;
    const start = m.index + m[1].length;
    if (ABSOLUTE_RE.test(raw.slice(urlStart(raw, start), start))) continue;
    edits.push({ start, end: start + HASHES.chatra.length, text: HASHES.svyazio });
  }
  return edits;
}

// Where the URL holding offset `at` begins, in a string that may hold HTML or prose.
function urlStart(raw: string, at: number): number {
  let i = at;
  while (i > 0 && !/[\s"'`()=<>,;]/.test(raw[i - 1])) i--;
  return i;
}

/** `#chatraChatExpanded` in `location.hash` strings and regex literals, same-site links and router paths. */
export const hashRule: Rule = (file) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'hash');
  if (!file.text.includes(HASHES.chatra)) return out;
  for (const node of file.nodes) {
    if (!ts.isRegularExpressionLiteral(node)) continue;
    const start = node.getStart(file.sf);
    for (const m of node.text.matchAll(REGEX_HASH_RE)) out.replaceRange(start + m.index, start + m.index + m[0].length, `#${HASHES.svyazio}`);
  }
  for (const part of stringParts(file)) {
    if (!part.raw.includes(HASHES.chatra)) continue;
    const embedded = codeSpans(file, part.node);
    for (const e of rewriteHashInRaw(part.raw)) {
      const start = part.start + e.start;
      if (!embedded.some(([s, end]) => s <= start && start < end)) out.replaceRange(start, part.start + e.end, e.text);
    }
  }
  return out;
};
