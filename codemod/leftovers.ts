import { normalizeEdits } from './splice.js';
import type { Edit, Finding } from './types.js';

/**
 * Code-shaped Chatra references: the config globals anywhere but as object
 * keys (detection tables; `Object.assign(window, …)` keys are rewritten), the global used
 * as code (`.Chatra`, `['Chatra']`, `Chatra(`, `Chatra.x`), the script URL and
 * the hash. Prose ("we use Chatra."), detection strings ("'chatra'"), links to
 * other sites' hashes and names that merely contain the word do not match.
 */
const LEFTOVER =
  /chatra\.io\/chatra\.js|\bChatra(?:ID|Setup|Integration|GroupID)\b(?!['"]?\s*\??:)|(?<=\.)Chatra\b(?![-'"`])|\[\s*(['"`])Chatra\1\s*\]|\bChatra(?=\(|\.(?!(?:io|com|ru|net)\b)[A-Za-z_$])|(?<![\w/.])#chatraChatExpanded\b/g;

// `Chatra(` / `Chatra.x` are the site's own when the file binds the name itself.
const LOCAL_BINDING = /\bfunction\s+Chatra\b|\bfunction\s*\w*\s*\([^)]*\bChatra\b|\b(?:var|let|const|class|import)\s+(?:[^=;]*[{,]\s*)?(?:\w+\s*:\s*|default\s*:\s*)?Chatra\b|\bas\s+Chatra\b|\(\s*Chatra\s*\)\s*=>/;

// A site's own type named like a global (`interface ChatraIntegration`) is not the global.
const TYPE_NAME = /\b(?:interface|type|class|enum)\s+(Chatra\w*)/g;

// In TypeScript, a name in type position (`x: ChatraIntegration`, `as ChatraSetup`) names a type.
const TYPE_POSITION = /(?:[:<|&]\s*|\b(?:as|extends|implements|keyof|typeof)\s+)$/;

const COMMENT =
  /\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->|\{\{!--[\s\S]*?--\}\}|\{#[\s\S]*?#\}|<%--[\s\S]*?--%>|\{\*[\s\S]*?\*\}|(?<=^|[\s;{}()[\]])\/\/[^\n]*|^[ \t]*#(?!chatra)[^\n]*/gm;

/**
 * The safety net: every code-shaped Chatra reference still in a file's output
 * becomes a `reference` finding at its offset in the original text, so the
 * report and `--check` do not call a half-migrated file done. Lines a rule
 * already reported on are not listed twice.
 */
export function leftoverReferences(
  original: string,
  output: string,
  edits: readonly Edit[],
  findings: readonly Finding[],
  typed: boolean,
): Finding[] {
  if (output.search(LEFTOVER) === -1) return [];
  const comments = spans(output, COMMENT);
  const localChatra = LOCAL_BINDING.test(output);
  const typeNames = new Set([...output.matchAll(TYPE_NAME)].map((m) => m[1]));
  const toOriginal = offsetMapper(normalizeEdits(edits));
  const lineOf = lineFinder(original);
  const reported = new Set(findings.map((f) => lineOf(f.offset)));
  const found: Finding[] = [];
  for (const match of output.matchAll(LEFTOVER)) {
    const text = match[0];
    const member = output[match.index - 1] === '.';
    if (!member && ((localChatra && text === 'Chatra') || typeNames.has(text))) continue;
    if (typed && TYPE_POSITION.test(output.slice(Math.max(0, match.index - 16), match.index))) continue;
    if (comments.some(([start, end]) => start <= match.index && match.index < end)) continue;
    const offset = toOriginal(match.index);
    const line = lineOf(offset);
    if (reported.has(line)) continue;
    reported.add(line);
    found.push({ kind: 'reference', rule: 'leftover', message: `Chatra reference left as it is: ${text}`, offset });
  }
  return found;
}

function spans(text: string, pattern: RegExp): Array<[number, number]> {
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

/** Maps an offset in the spliced output back to the original: inside an edit, to the edit's start. */
function offsetMapper(edits: readonly Edit[]): (offset: number) => number {
  return (offset) => {
    let delta = 0;
    for (const edit of edits) {
      const outStart = edit.start + delta;
      if (offset < outStart) break;
      if (offset < outStart + edit.text.length) return edit.start;
      delta += edit.text.length - (edit.end - edit.start);
    }
    return offset - delta;
  };
}

function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
