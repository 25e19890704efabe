/**
 * JS and HTML held in PHP strings: WordPress themes enqueue the Chatra snippet
 * as a PHP string (`wp_add_inline_script`, `echo '<script>…'`). The strings of
 * a PHP block are found by a small lexer; one that parses as JS, or holds
 * markup, is rewritten like any other region, its escapes decoded for analysis
 * and re-applied to the replacement text.
 */
import { decodeEscapes, type Decoded } from './entities.js';
import type { Edit, Finding } from './types.js';

export interface PhpString {
  /** Content span in the PHP code (without quotes). */
  start: number;
  end: number;
  /** `'` or `"`, `<<<` for heredoc, `<<<'` for nowdoc. */
  quote: string;
}

/** String literals of a PHP code block, skipping comments. */
export function phpStrings(code: string): PhpString[] {
  const found: PhpString[] = [];
  let i = 0;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if ((ch === '/' && code[i + 1] === '/') || ch === '#') {
      const end = code.slice(i).search(/\n|\?>/);
      i = end < 0 ? code.length : i + end;
    } else if (ch === "'" || ch === '"') {
      let k = i + 1;
      while (k < code.length && code[k] !== ch) k += code[k] === '\\' ? 2 : 1;
      found.push({ start: i + 1, end: Math.min(k, code.length), quote: ch });
      i = k + 1;
    } else if (code.startsWith('<<<', i)) {
      const head = /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1\r?\n/.exec(code.slice(i, i + 80));
      if (!head) {
        i += 3;
        continue;
      }
      const start = i + head[0].length;
      const close = new RegExp(`\\r?\\n[ \\t]*${head[2]}\\b`, 'g');
      close.lastIndex = start;
      const end = close.exec(code);
      const stop = end ? end.index : code.length;
      found.push({ start, end: stop, quote: head[1] === "'" ? "<<<'" : '<<<' });
      i = end ? stop + end[0].length : code.length;
    } else {
      i++;
    }
  }
  return found;
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', e: '\x1b', '\\': '\\', $: '$', '"': '"' };

/** The string's value as PHP sees it (variables left as written), with an offset map. */
export function decodePhpString(raw: string, quote: string): Decoded {
  if (quote === "'") return decodeEscapes(raw, /\\([\\'])/g, (m) => m[1]);
  if (quote === "<<<'") return decodeEscapes(raw, /(?!)/g, () => undefined);
  return decodeEscapes(raw, /\\(.)/g, (m) => (quote === '<<<' && m[1] === '"' ? undefined : DOUBLE_ESCAPES[m[1]]));
}

/**
 * Makes replacement text mean itself inside the PHP string `raw`. A variable
 * the string interpolates (`'$key'`, `'{$key}'`) and the text carries over,
 * like the org ID expression, stays a variable.
 */
export function encodeForPhp(text: string, quote: string, raw = ''): string {
  if (quote === "'") return text.replace(/[\\']/g, '\\$&');
  if (quote === "<<<'") return text;
  const interpolated = new Set([...raw.matchAll(/(?<!\\)(?:\\\\)*\$([A-Za-z_]\w*)/g)].map((m) => m[1]));
  const escaped = text.replace(/\\|\$(?![A-Za-z_]\w*)|\$([A-Za-z_]\w*)/g, (m, name?: string) => (name !== undefined && interpolated.has(name) ? m : '\\' + m));
  return quote === '"' ? escaped.replace(/"/g, '\\"') : escaped;
}

export interface RegionRewriter {
  (text: string): { edits: Edit[]; findings: Finding[] } | null;
}

/**
 * Rewrites the strings of one PHP block at `offset` in the file with `rewrite`
 * (which returns null for a string it leaves alone), mapping edits back.
 */
export function rewritePhpStrings(code: string, offset: number, rewrite: RegionRewriter): { edits: Edit[]; findings: Finding[] } {
  const edits: Edit[] = [];
  const findings: Finding[] = [];
  for (const literal of phpStrings(code)) {
    const raw = code.slice(literal.start, literal.end);
    if (!/chatra/i.test(raw)) continue;
    const decoded = decodePhpString(raw, literal.quote);
    const result = rewrite(decoded.text);
    if (!result) continue;
    const base = offset + literal.start;
    for (const edit of result.edits) {
      edits.push({ ...edit, start: base + decoded.toRaw(edit.start), end: base + decoded.toRaw(edit.end), text: encodeForPhp(edit.text, literal.quote, raw) });
    }
    for (const finding of result.findings) findings.push({ ...finding, offset: base + decoded.toRaw(finding.offset) });
  }
  return { edits, findings };
}
