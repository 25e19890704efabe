import type { Edit } from './types.js';

/**
 * Applies edits to `text` in one pass. Exact duplicates (two rules, or one rule
 * reaching the same node twice) collapse to one; any other overlap is a bug in
 * a rule, so it throws rather than guessing which edit wins.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = normalizeEdits(edits);
  if (sorted.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Sorted, duplicate-free, checked edits: what `applyEdits` splices. */
export function normalizeEdits(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Edit[] = [];
  for (const edit of sorted) {
    if (edit.start < 0 || edit.end < edit.start) {
      throw new Error(`splice: invalid edit [${edit.start}, ${edit.end}) from rule "${edit.rule}"`);
    }
    const prev = out[out.length - 1];
    if (prev && prev.start === edit.start && prev.end === edit.end && prev.text === edit.text) continue;
    if (prev && overlaps(prev, edit)) {
      throw new Error(
        `splice: edit [${edit.start}, ${edit.end}) from rule "${edit.rule}" overlaps ` +
          `[${prev.start}, ${prev.end}) from rule "${prev.rule}"`,
      );
    }
    out.push(edit);
  }
  return out;
}

// Two insertions at one point are ambiguous too: their order would be arbitrary.
function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === b.start) return true;
  return b.start < a.end;
}
