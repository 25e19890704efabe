/**
 * The programmatic API: discover → prefilter → engine → atomic write → report.
 * The CLI is a thin shell over `migrate`. One bad file never stops the run; it
 * becomes a `failed` or `skipped` entry with a reason.
 */
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createTwoFilesPatch, structuredPatch } from 'diff';
import { discover, PathError, type DiscoverOptions } from './discover.js';
import { canHandle } from './engine.js';
import { inProcessPool, startEnginePool, type EnginePool } from './engine-pool.js';
import { gitState } from './git.js';
import { CHATRA, decode, encode, isBinary, isMinifiedBundle, mayMentionChatra } from './textfile.js';
import type { FileReport, Finding, Located, MigrateOptions, Report } from './types.js';
import { isStaleTemp, writeAtomic, type WriteSteps } from './write.js';

export interface Progress {
  done: number;
  total: number;
  path: string;
}

export interface RunOptions extends MigrateOptions, DiscoverOptions {
  /** Compute everything, write nothing. */
  dryRun?: boolean;
  /**
   * Also list, as `reference` findings, every place that would still change and
   * every file that still mentions Chatra but could not be migrated. Implies no writes.
   */
  check?: boolean;
  /**
   * Files in flight at once (reads and writes overlap). On large trees,
   * transforms run on up to `jobs - 1` worker threads (one per spare core, at
   * most 2); `1` keeps them in process.
   */
  jobs?: number;
  /** Write even when the git work tree has uncommitted changes. */
  force?: boolean;
  /** Attach a unified diff to every changed file. */
  diff?: boolean;
  /** Files larger than this many bytes are skipped (`too-large`). */
  maxSize?: number;
  onProgress?: (progress: Progress) => void;
  /** Test seam: the file-system steps of the atomic write. */
  writeSteps?: WriteSteps;
}

export const DEFAULT_MAX_SIZE = 1024 * 1024;
export const DEFAULT_JOBS = 8;

/**
 * Below this many files the engine can handle, transforms stay in process: a
 * worker's start-up then costs more than the walk it would overlap.
 */
const MIN_FILES_FOR_THREADS = 500;
/**
 * Each worker loads its own compiler (~50 MB at the bench's 50,000 files): past two,
 * more of them mostly add memory, as Chatra files are a small share of any site.
 */
const MAX_THREADS = 2;

/** The run refused to start: bad path, or a dirty git tree without `force`. */
export class MigrateError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export { PathError };

interface Candidate {
  abs: string;
  rel: string;
  root: string;
}

export async function migrate(paths: string[], options: RunOptions = {}): Promise<Report> {
  const roots = paths.length > 0 ? paths : ['.'];
  const write = !options.dryRun && !options.check;
  const jobs = Math.max(1, options.jobs ?? DEFAULT_JOBS);
  // Started before the walk, so that the workers load TypeScript during it.
  const threaded = startEnginePool(options, Math.min(jobs - 1, availableParallelism() - 1, MAX_THREADS));
  try {
    const warnings: string[] = [];
    const files: FileReport[] = [];
    const candidates: Candidate[] = [];
    // Overlapping roots (`site site/js`) must not process a file twice.
    const seen = new Set<string>();
    let scanned = 0;

    for (const root of roots) {
      await fsp.stat(root).catch((error: NodeJS.ErrnoException) => {
        throw new PathError(`cannot read ${root}: ${error.code ?? error.message}`);
      });
    }
    // git runs in a child process while the walk runs here; nothing is written before it answers.
    const gitChecked = write ? guardGit(roots, options.force ?? false, warnings) : Promise.resolve();
    gitChecked.catch(() => {});
    const staleTemps: { abs: string; shown: string }[] = [];

    for await (const found of discover(roots, options)) {
      if (found.kind === 'temp') {
        if (write && isStaleTemp(path.basename(found.abs))) staleTemps.push({ abs: found.abs, shown: join(found.root, found.rel) });
      } else if (found.kind === 'skip') {
        files.push(entry(found.root, found.rel, 'skipped', found.reason));
      } else if (!seen.has(found.abs)) {
        seen.add(found.abs);
        scanned++;
        if (canHandle(found.rel)) candidates.push(found);
      }
    }

    await gitChecked;
    for (const temp of staleTemps) {
      await fsp.unlink(temp.abs).catch(() => {});
      warnings.push(`removed a temporary file left by an interrupted run: ${temp.shown}`);
    }

    let engine = threaded;
    if (candidates.length < MIN_FILES_FOR_THREADS) {
      // Stopped now, so that its compiler load does not compete with ours.
      void threaded.close();
      engine = inProcessPool(options);
    }
    // With workers, every file is read at once and the Chatra ones queue for a
    // worker; in process, transforms block, so `jobs` files are taken at a time.
    const lanes = engine.threads > 0 ? candidates.length : jobs;
    const writing = limiter(jobs);
    let done = 0;
    await pool(candidates, lanes, async (candidate) => {
      const report = await processFile(candidate, options, write, engine, writing);
      if (report) files.push(report);
      options.onProgress?.({ done: ++done, total: candidates.length, path: join(candidate.root, candidate.rel) });
    });

    files.sort((a, b) => compare(a.root ?? '', b.root ?? '') || compare(a.path, b.path));
    return { version: 1, roots, dryRun: !write, warnings, files, summary: summarize(files, scanned) };
  } finally {
    await threaded.close();
  }
}

async function guardGit(roots: string[], force: boolean, warnings: string[]): Promise<void> {
  let outside = false;
  for (const root of roots) {
    const dir = (await fsp.stat(root)).isDirectory() ? root : path.dirname(root);
    const state = await gitState(dir);
    if (state.kind === 'outside') outside = true;
    if (state.kind === 'dirty' && !force) {
      throw new MigrateError(`${root} has uncommitted changes; commit or stash them, or pass --force`, state.changes);
    }
  }
  if (outside) warnings.push('not inside a git work tree: review and back up the changes yourself');
}

/** Reads, checks, transforms and writes one file; null means unchanged with nothing to say. */
async function processFile(
  file: Candidate,
  options: RunOptions,
  write: boolean,
  engine: EnginePool,
  writing: Limiter,
): Promise<FileReport | null> {
  const { abs, rel, root } = file;
  try {
    const read = readSmallFile(abs, options.maxSize ?? DEFAULT_MAX_SIZE);
    if (!read) return entry(root, rel, 'skipped', 'too-large');
    const { bytes, stat } = read;
    if (!mayMentionChatra(bytes)) return null;
    if (isBinary(bytes)) return entry(root, rel, 'skipped', 'binary');
    const decoded = decode(bytes);
    if (!decoded.ok) {
      const report = entry(root, rel, 'skipped', decoded.reason);
      if (options.check) report.findings.push(stillMentions(bytes.toString('latin1'), 'not valid UTF-8; not migrated'));
      return report;
    }
    const { text, encoding } = decoded;
    if (isMinifiedBundle(rel, text)) return entry(root, rel, 'skipped', 'minified');

    const result = await engine.transform(rel, text);
    const output = result.output !== null && result.output !== text ? result.output : null;
    const report = entry(root, rel, output ? 'changed' : 'unchanged');
    report.edits = output ? result.edits : {};
    const findings: Finding[] = [...result.findings];
    if (result.parseError && !output) {
      report.status = 'failed';
      report.reason = 'parse-error';
    }
    if (result.parseError && !findings.some((f) => f.kind !== 'todo' && f.rule.startsWith('parse'))) {
      findings.push({ kind: 'warning', rule: 'parse-error', message: `could not parse: ${result.parseError}`, offset: 0 });
    }
    report.findings = locate(text, findings);
    if (options.check) report.findings.push(...pendingReferences(text, output, report));
    if (output && options.diff) {
      const shown = join(root, rel).split(path.sep).join('/').replace(/^\/+/, '');
      report.diff = createTwoFilesPatch(`a/${shown}`, `b/${shown}`, text, output);
    }
    if (output && write) {
      const modified = await writing(async () => {
        const now = await fsp.stat(abs);
        if (now.mtimeMs !== stat.mtimeMs || now.size !== stat.size) return true;
        await writeAtomic(abs, encode(output, encoding), stat.mode, options.writeSteps);
        return false;
      });
      if (modified) return { ...report, status: 'failed', reason: 'modified-during-run', edits: {} };
    }
    return report.status === 'unchanged' && report.findings.length === 0 ? null : report;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return entry(root, rel, 'failed', code ? `io-error: ${code}` : `error: ${(error as Error).message}`);
  }
}

/**
 * One open, fstat and read, synchronously: for the small, cached files a site
 * is made of this is several times faster than the promise API's round trips
 * through the thread pool. Null when the file is over `limit` bytes.
 */
function readSmallFile(file: string, limit: number): { bytes: Buffer; stat: Stats } | null {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.size > limit) return null;
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const n = readSync(fd, bytes, filled, stat.size - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: filled === stat.size ? bytes : bytes.subarray(0, filled), stat };
  } finally {
    closeSync(fd);
  }
}

/**
 * `--check` lists what is still to do: each line the migration would change
 * (the engine reports edits per rule, not per place, so lines are found from
 * the diff), plus, for a file the engine could not parse, the first mention left.
 */
function pendingReferences(text: string, output: string | null, report: FileReport): Located[] {
  const already = new Set(report.findings.filter((f) => f.kind === 'reference').map((f) => f.line));
  const found: Located[] = [];
  if (output) {
    const rules = Object.keys(report.edits);
    const rule = rules.length === 1 ? rules[0] : 'migrate';
    const lines = text.split('\n');
    for (const hunk of structuredPatch('a', 'b', text, output, '', '', { context: 0 }).hunks) {
      for (let line = hunk.oldStart; line < hunk.oldStart + hunk.oldLines; line++) {
        if (already.has(line)) continue;
        const column = Math.max(0, (lines[line - 1] ?? '').search(CHATRA)) + 1;
        const offset = offsetOf(lines, line, column);
        found.push({ kind: 'reference', rule, message: 'would be rewritten by svyazio-migrate', offset, line, column });
      }
    }
  } else if (report.status === 'failed' && CHATRA.test(text) && already.size === 0) {
    found.push(stillMentions(text, 'could not be parsed; still mentions Chatra'));
  }
  return found;
}

function stillMentions(text: string, message: string): Located {
  const offset = Math.max(0, text.search(CHATRA));
  const [located] = locate(text, [{ kind: 'reference', rule: 'unmigrated', message, offset }]);
  return located;
}

function offsetOf(lines: string[], line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  return offset + column - 1;
}

/** Adds 1-based line and column to each finding, from its offset. */
export function locate(text: string, findings: readonly Finding[]): Located[] {
  if (findings.length === 0) return [];
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return findings
    .map((finding) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= finding.offset) lo = mid;
        else hi = mid - 1;
      }
      return { ...finding, line: lo + 1, column: finding.offset - starts[lo] + 1 };
    })
    .sort((a, b) => a.offset - b.offset);
}

function entry(root: string, rel: string, status: FileReport['status'], reason?: string): FileReport {
  return { path: rel, root, status, ...(reason ? { reason } : {}), edits: {}, findings: [] };
}

function summarize(files: FileReport[], scanned: number): Report['summary'] {
  const summary: Report['summary'] = { scanned, changed: 0, unchanged: 0, skipped: 0, failed: 0, editsByRule: {}, todos: 0, references: 0 };
  for (const file of files) {
    if (file.status !== 'unchanged') summary[file.status]++;
    for (const [rule, count] of Object.entries(file.edits)) summary.editsByRule[rule] = (summary.editsByRule[rule] ?? 0) + count;
    for (const finding of file.findings) {
      if (finding.kind === 'todo') summary.todos++;
      if (finding.kind === 'reference') summary.references++;
    }
  }
  // Unchanged files are mostly not listed; they are what is left of the scanned ones.
  const contentSkipped = files.filter((f) => f.status === 'skipped' && !isWalkSkip(f.reason)).length;
  summary.unchanged = scanned - summary.changed - summary.failed - contentSkipped;
  return summary;
}

/** Skips decided from the name alone: those paths were never counted as scanned. */
function isWalkSkip(reason: string | undefined): boolean {
  return reason === 'gitignored' || reason === 'node_modules' || reason === 'vendored' || reason === 'symlink' || reason === 'symlink-outside-root' || reason === 'excluded';
}

type Limiter = <T>(step: () => Promise<T>) => Promise<T>;

/** Runs the steps given to it with at most `limit` at a time. */
function limiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (step) => {
    while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await step();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function join(root: string, rel: string): string {
  return root === '.' ? rel : path.join(root, rel);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
