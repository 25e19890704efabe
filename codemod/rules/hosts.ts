import type { ts } from 'ts-morph';
import { cspEdits, hrefResult, originEdits } from '../hosts.js';
import { tsApi } from '../ts-api.js';
import { containsChatraUrl } from './loader-url.js';
import { RuleOutput, stringParts, type Rule, type StringPart } from './rule.js';
import { codeSpans } from './strings.js';

const CSP_DIRECTIVE = /\b(?:default|script|frame|child|connect|img|style|worker|media|font)-src(?:-elem|-attr)?\b/i;
const HOST_MENTION = /chatra\.io/i;

/**
 * Chatra hosts in JS strings: CSP values (one string per policy or per
 * directive, or one array element per source, as in helmet or SvelteKit
 * config), preconnect origins in JSX, and links to the standalone chat page
 * (reported). Sources that would repeat within one array are dropped.
 */
export const hostsRule: Rule = (file) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'hosts');
  if (!HOST_MENTION.test(file.text)) return out;
  for (const part of stringParts(file)) {
    if (!HOST_MENTION.test(part.raw) || containsChatraUrl(part.raw) || codeSpans(file, part.node).length > 0) continue;
    if (CSP_DIRECTIVE.test(part.raw)) {
      push(out, cspEdits(part.raw, part.start));
    } else if (!/\s/.test(part.raw)) {
      const parent = part.node.parent;
      if (ts.isArrayLiteralExpression(parent)) rewriteSourceInArray(out, part, parent);
      else rewriteSingleValue(out, part);
    }
  }
  return out;
};

function push(out: RuleOutput, edits: readonly { start: number; end: number; text: string }[]): void {
  for (const e of edits) out.replaceRange(e.start, e.end, e.text);
}

function rewriteSingleValue(out: RuleOutput, part: StringPart): void {
  const origin = originEdits(part.raw, part.start);
  if (origin.length > 0) return push(out, origin);
  const csp = cspEdits(part.raw, part.start);
  if (csp.length > 0) return push(out, csp);
  const link = hrefResult(part.raw, part.start);
  for (const f of link.findings) out.report(f.kind, f.offset, f.message);
}

// `['self', 'https://call.chatra.io', 'https://chat.chatra.io']`: both become the
// Svyazio host, so the second one goes, with the comma before it.
function rewriteSourceInArray(out: RuleOutput, part: StringPart, array: ts.ArrayLiteralExpression): void {
  const ts = tsApi();
  const index = array.elements.indexOf(part.node as ts.Expression);
  const valueOf = (el: ts.Expression): string | undefined => {
    if (!ts.isStringLiteralLike(el)) return undefined;
    const [edit] = cspEdits(el.text, 0);
    return edit ? el.text.slice(0, edit.start) + edit.text + el.text.slice(edit.end) : el.text;
  };
  const value = valueOf(part.node as ts.Expression);
  const edits = cspEdits(part.raw, part.start);
  if (value === undefined || edits.length === 0) return rewriteSingleValue(out, part);
  const repeated = array.elements.slice(0, index).some((el) => valueOf(el)?.toLowerCase() === value.toLowerCase());
  if (repeated && index > 0) out.replaceRange(array.elements[index - 1].end, part.node.end, '');
  else push(out, edits);
}
