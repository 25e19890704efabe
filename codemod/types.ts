/**
 * The codemod's data model. Rules are pure: they read a parsed region and
 * return edits and findings against the original text; one splice step applies
 * the edits; the report is data that the CLI prints three ways.
 */

/** Replace `[start, end)` of the original text with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Rule id, e.g. `globals`, `loader`, `hash`, `css-selectors`. */
  rule: string;
}

export type FindingKind =
  /** Needs a person: carried-over org ID expression, selector with no equivalent, … */
  | 'todo'
  /** Something left as it is on purpose, or rewritten only where provably safe. */
  | 'warning'
  /** A Chatra reference still present (what `--check` lists). */
  | 'reference';

export interface Finding {
  kind: FindingKind;
  rule: string;
  message: string;
  /** Offset in the original file text. */
  offset: number;
}

export interface Located extends Finding {
  line: number;
  /** 1-based column. */
  column: number;
}

export interface MigrateOptions {
  /** Literal org ID to install everywhere; without it the Chatra ID expression is carried over. */
  orgId?: string;
  /** Svyazio script URL; defaults to surface.SCRIPT_URL. */
  scriptUrl?: string;
}

/** What the engine makes of one file's text. No I/O. */
export interface FileResult {
  /** New text, or `null` when the file does not change. */
  output: string | null;
  /** Edit count per rule id. */
  edits: Record<string, number>;
  findings: Finding[];
  /** Set when the file (or a region of it) could not be parsed; nothing unsafe was rewritten. */
  parseError?: string;
}

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

export interface FileReport {
  /** Path relative to the root it was found under, with `/` separators. */
  path: string;
  /** That root, as the caller gave it (printers join it with `path`). */
  root?: string;
  status: FileStatus;
  /** Why a file was skipped or failed: `gitignored`, `binary`, `minified`, `too-large`, `not-utf8`, `parse-error`, … */
  reason?: string;
  edits: Record<string, number>;
  findings: Located[];
  /** Unified diff, filled in when the caller asked for diffs. */
  diff?: string;
}

export interface Report {
  version: 1;
  roots: string[];
  dryRun: boolean;
  /** Run-level notices: outside git, stale temporary files removed, … */
  warnings?: string[];
  files: FileReport[];
  summary: {
    scanned: number;
    changed: number;
    unchanged: number;
    skipped: number;
    failed: number;
    editsByRule: Record<string, number>;
    todos: number;
    references: number;
  };
}
