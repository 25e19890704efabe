/**
 * JS and HTML held in PHP strings: WordPress themes enqueue the Chatra snippet
 * as a PHP string (`wp_add_inline_script`, `echo '<script>…'`). The strings of
 * a PHP block are found by a small lexer; one that parses as JS, or holds
 * markup, is rewritten like any other region, its escapes decoded for analysis
 * and re-applied to the replacement text.
 */
import { decodeEscapes, type Decoded } from './entities.js';
import type { TemplateSpan } from './mask.js';
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

/**
 * Rewrites one region of JS or markup; `spans` are the PHP expressions spliced
 * into it by concatenation, to be masked. Null for a region it leaves alone.
 */
export interface RegionRewriter {
  (text: string, spans: TemplateSpan[]): { edits: Edit[]; findings: Finding[] } | null;
}

// What may join two quoted strings: `.`, or `. expression .` with no string or statement end in it.
const JOIN = /^\s*\.\s*(?:[^'";]*?\.\s*)?$/;

/** Runs of quoted strings concatenated into one value: `'w.ChatraID = "' . $key . '";'`. */
function concatenations(code: string, literals: PhpString[]): PhpString[][] {
  const runs: PhpString[][] = [];
  for (const literal of literals) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    const quoted = (l: PhpString) => l.quote === "'" || l.quote === '"';
    if (run && last && quoted(last) && quoted(literal) && JOIN.test(code.slice(last.end + 1, literal.start - 1))) run.push(literal);
    else runs.push([literal]);
  }
  return runs;
}

interface Piece {
  literal: PhpString;
  raw: string;
  decoded: Decoded;
  /** Where its decoded text starts in the joined text. */
  at: number;
}

/**
 * Rewrites the strings of one PHP block at `offset` in the file with `rewrite`,
 * mapping edits back. A concatenation is read as one value, the expressions in
 * it masked like template code; edits stay inside single strings.
 */
export function rewritePhpStrings(code: string, offset: number, rewrite: RegionRewriter): { edits: Edit[]; findings: Finding[] } {
  const edits: Edit[] = [];
  const findings: Finding[] = [];
  for (const run of concatenations(code, phpStrings(code))) {
    if (!run.some((l) => /chatra/i.test(code.slice(l.start, l.end)))) continue;
    // A statement may be split across the strings: read them joined, or each alone when that does not parse.
    const joined = run.length > 1 ? rewriteJoined(code, run, rewrite) : null;
    for (const result of joined ? [joined] : run.map((literal) => rewriteJoined(code, [literal], rewrite))) {
      if (!result) continue;
      edits.push(...result.edits.map((e) => ({ ...e, start: e.start + offset, end: e.end + offset })));
      findings.push(...result.findings.map((f) => ({ ...f, offset: f.offset + offset })));
    }
  }
  return { edits, findings };
}

/** Rewrites strings joined into one text; edits and findings come back as offsets in `code`. */
function rewriteJoined(code: string, run: PhpString[], rewrite: RegionRewriter): { edits: Edit[]; findings: Finding[] } | null {
  const pieces: Piece[] = [];
  const spans: TemplateSpan[] = [];
  let text = '';
  run.forEach((literal, k) => {
    if (k > 0) {
      // The expression between two strings, quotes and dots included, stands in for its value.
      const gap = code.slice(run[k - 1].end, literal.start);
      if (/[\w$]/.test(gap)) {
        spans.push({ start: text.length, end: text.length + gap.length, kind: 'output' });
        text += gap;
      }
    }
    const raw = code.slice(literal.start, literal.end);
    const decoded = decodePhpString(raw, literal.quote);
    pieces.push({ literal, raw, decoded, at: text.length });
    text += decoded.text;
  });
  if (!/chatra/i.test(text)) return null;
  const result = rewrite(text, spans);
  if (!result) return null;
  const within = (from: number, to: number) => pieces.find((p) => p.at <= from && to <= p.at + p.decoded.text.length);
  const edits: Edit[] = [];
  const findings: Finding[] = [];
  for (const edit of result.edits) {
    const piece = within(edit.start, edit.end);
    if (!piece) {
      const at = pieces.find((p) => edit.start < p.at + p.decoded.text.length) ?? pieces[0];
      findings.push({ kind: 'warning', rule: edit.rule, message: 'change left out: it would span two PHP strings', offset: at.literal.start });
      continue;
    }
    const base = piece.literal.start;
    edits.push({
      ...edit,
      start: base + piece.decoded.toRaw(edit.start - piece.at),
      end: base + piece.decoded.toRaw(edit.end - piece.at),
      text: encodeForPhp(edit.text, piece.literal.quote, piece.raw),
    });
  }
  for (const finding of result.findings) {
    const piece = within(finding.offset, finding.offset) ?? pieces[0];
    findings.push({ ...finding, offset: piece.literal.start + piece.decoded.toRaw(Math.max(0, finding.offset - piece.at)) });
  }
  return { edits, findings };
}
