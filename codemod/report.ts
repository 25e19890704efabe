/**
 * Three printers of the same Report: a human summary, JSON (schema in
 * docs/report-schema.md) and `--check` lines. Plus the dry run's diff printer.
 * They return strings; the caller decides where they go.
 */
import path from 'node:path';
import type { FileReport, Located, Report } from './types.js';

export interface TextOptions {
  /** Also list skipped files one by one, and warnings. */
  verbose?: boolean;
}

/** Where a file is, as the user can open it from where they ran the command. */
export function displayPath(file: FileReport): string {
  const root = file.root ?? '.';
  return (root === '.' ? file.path : path.join(root, file.path)).split(path.sep).join('/');
}

function where(file: FileReport, finding: Located): string {
  return `${displayPath(file)}:${finding.line}:${finding.column}`;
}

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}

export function formatText(report: Report, options: TextOptions = {}): string {
  const { summary } = report;
  const out: string[] = [];
  for (const warning of report.warnings ?? []) out.push(`warning: ${warning}`);
  const verb = report.dryRun ? 'would change' : 'changed';
  out.push(
    `${summary.scanned} files scanned: ${summary.changed} ${verb}, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed`,
  );
  if (Object.keys(summary.editsByRule).length > 0) out.push(`changes per rule: ${counts(summary.editsByRule)}`);

  const skipped = report.files.filter((f) => f.status === 'skipped');
  if (skipped.length > 0) {
    const byReason: Record<string, number> = {};
    for (const file of skipped) byReason[file.reason ?? 'other'] = (byReason[file.reason ?? 'other'] ?? 0) + 1;
    out.push(`skipped: ${counts(byReason)}`);
    if (options.verbose) for (const file of skipped) out.push(`  ${displayPath(file)} (${file.reason})`);
  }

  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length > 0) {
    out.push('failed (left untouched):');
    for (const file of failed) out.push(`  ${displayPath(file)}: ${file.reason}`);
  }

  const todos = findings(report, 'todo');
  if (todos.length > 0) {
    out.push(`to-dos (${todos.length}):`);
    for (const [file, finding] of todos) out.push(`  ${where(file, finding)} ${finding.rule} ${finding.message}`);
  }
  const references = findings(report, 'reference');
  if (references.length > 0) {
    out.push(`Chatra references left (${references.length}):`);
    for (const [file, finding] of references) out.push(`  ${where(file, finding)} ${finding.rule} ${finding.message}`);
  }
  if (options.verbose) {
    for (const [file, finding] of findings(report, 'warning')) out.push(`warning: ${where(file, finding)} ${finding.rule} ${finding.message}`);
  }
  return out.join('\n') + '\n';
}

export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** One `file:line:col rule message` line per remaining reference, then the count. */
export function formatCheck(report: Report): string {
  const lines = findings(report, 'reference').map(([file, finding]) => `${where(file, finding)} ${finding.rule} ${finding.message}`);
  const n = lines.length;
  lines.push(n === 0 ? 'no Chatra references left' : `${n} Chatra reference${n === 1 ? '' : 's'} left`);
  return lines.join('\n') + '\n';
}

const COLORS = { add: '\x1b[32m', remove: '\x1b[31m', hunk: '\x1b[36m', header: '\x1b[1m', reset: '\x1b[0m' };

/** The unified diffs of all changed files, colored for a terminal when asked. */
export function formatDiff(report: Report, color: boolean): string {
  const patches = report.files.filter((f) => f.diff).map((f) => f.diff!);
  if (!color) return patches.join('');
  return patches
    .map((patch) =>
      patch
        .split('\n')
        .map((line) => {
          if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:') || line.startsWith('===')) return COLORS.header + line + COLORS.reset;
          if (line.startsWith('+')) return COLORS.add + line + COLORS.reset;
          if (line.startsWith('-')) return COLORS.remove + line + COLORS.reset;
          if (line.startsWith('@@')) return COLORS.hunk + line + COLORS.reset;
          return line;
        })
        .join('\n'),
    )
    .join('');
}

function findings(report: Report, kind: Located['kind']): [FileReport, Located][] {
  const found: [FileReport, Located][] = [];
  for (const file of report.files) for (const finding of file.findings) if (finding.kind === kind) found.push([file, finding]);
  return found;
}
