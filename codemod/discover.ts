/**
 * Walks the roots and decides, per path, whether the run looks at it: honours
 * `.gitignore` at every level and `.git/info/exclude` (git's precedence: the
 * deepest file that has an opinion wins), the include/exclude globs, and never
 * leaves a root through a symlink. Only names are decided here; reading and
 * content checks happen in migrate.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { TEMP_MARKER } from './write.js';

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
}

export type Discovered =
  /** A regular file the run should consider. */
  | { kind: 'file'; abs: string; rel: string }
  /** Something passed over, with the reason the report gives. */
  | { kind: 'skip'; abs: string; rel: string; reason: SkipReason }
  /** A temporary file left by a killed run. */
  | { kind: 'temp'; abs: string; rel: string };

export type SkipReason = 'gitignored' | 'node_modules' | 'vendored' | 'symlink' | 'symlink-outside-root' | 'excluded';

/** Directories never entered, whatever the ignore files say. */
const ALWAYS_SKIPPED = new Map<string, SkipReason | null>([
  ['node_modules', 'node_modules'],
  // Third-party code managed by other package managers: never the site's own to rewrite.
  ['bower_components', 'vendored'],
  ['jspm_packages', 'vendored'],
  ['vendor', 'vendored'],
  ['.git', null],
  ['.hg', null],
  ['.svn', null],
]);

/** One ignore file, applying to paths below `base`. */
interface IgnoreLevel {
  base: string;
  rules: Ignore;
}

export class PathError extends Error {}

/** Matchers for `--include` / `--exclude`, with gitignore glob semantics. */
function globs(patterns: string[] | undefined): Ignore | null {
  return patterns && patterns.length > 0 ? ignore().add(patterns) : null;
}

function readIgnoreFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The work tree containing `dir` (a directory with `.git`), or null. */
function gitTopLevel(dir: string): string | null {
  for (let current = dir; ; ) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** The ignore files between the work tree's top and the root, which apply to the root's contents too. */
function inheritedLevels(rootDir: string): IgnoreLevel[] {
  const top = gitTopLevel(rootDir);
  if (!top) return [];
  const levels: IgnoreLevel[] = [];
  const exclude = readIgnoreFile(path.join(top, '.git', 'info', 'exclude'));
  if (exclude) levels.push({ base: top, rules: ignore().add(exclude) });
  const chain: string[] = [];
  for (let current = path.dirname(rootDir); current.startsWith(top); current = path.dirname(current)) {
    chain.unshift(current);
    if (current === top) break;
  }
  for (const dir of chain) {
    const text = readIgnoreFile(path.join(dir, '.gitignore'));
    if (text) levels.push({ base: dir, rules: ignore().add(text) });
  }
  return levels;
}

/** Deepest level first: git lets a nested `.gitignore` override its parents. */
function isIgnored(levels: IgnoreLevel[], abs: string, isDir: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i];
    // Every level's base is an ancestor directory of `abs`.
    let rel = abs.slice(level.base.length + 1).split(path.sep).join('/');
    if (isDir) rel += '/';
    const verdict = level.rules.test(rel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}


/**
 * Yields every path under the roots, in a stable order, each with the root as
 * given (a file root yields its directory). A root that is a file is taken as
 * asked for by name. Throws PathError for a root that cannot be read.
 */
export async function* discover(roots: string[], options: DiscoverOptions = {}): AsyncGenerator<Discovered & { root: string }> {
  const include = globs(options.include);
  const exclude = globs(options.exclude);

  for (const given of roots) {
    const root = path.resolve(given);
    let realRoot: string;
    try {
      realRoot = await fsp.realpath(root);
    } catch (error) {
      throw new PathError(`cannot read ${given}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (statSync(realRoot).isFile()) {
      yield { kind: 'file', abs: realRoot, rel: path.basename(given), root: path.dirname(given) };
      continue;
    }
    const visited = new Set<string>();
    const stack: { dir: string; rel: string; levels: IgnoreLevel[] }[] = [{ dir: realRoot, rel: '', levels: inheritedLevels(realRoot) }];
    while (stack.length > 0) {
      const { dir, rel: dirRel, levels: parentLevels } = stack.pop()!;
      if (visited.has(dir)) continue;
      visited.add(dir);
      let entries;
      try {
        // Synchronous: listing cached directories is faster than a thread-pool round trip.
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        if (dir === realRoot) throw new PathError(`cannot read ${given}: ${(error as NodeJS.ErrnoException).code}`);
        continue;
      }
      const own = entries.some((e) => e.name === '.gitignore') ? readIgnoreFile(path.join(dir, '.gitignore')) : null;
      const levels = own ? [...parentLevels, { base: dir, rules: ignore().add(own) }] : parentLevels;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: { abs: string; rel: string }[] = [];
      for (const entry of entries) {
        const abs = dir + path.sep + entry.name;
        const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
        const base = { abs, rel, root: given };
        if (entry.isDirectory() && ALWAYS_SKIPPED.has(entry.name)) {
          const reason = ALWAYS_SKIPPED.get(entry.name);
          if (reason) yield { kind: 'skip', ...base, reason };
          continue;
        }
        if (entry.name.includes(TEMP_MARKER)) {
          yield { kind: 'temp', ...base };
          continue;
        }
        if (entry.isSymbolicLink()) {
          // Never followed: a target inside the root is visited at its real path anyway.
          const target = await fsp.realpath(abs).catch(() => null);
          const inside = target !== null && (target === realRoot || target.startsWith(realRoot + path.sep));
          yield { kind: 'skip', ...base, reason: inside ? 'symlink' : 'symlink-outside-root' };
          continue;
        }
        const isDir = entry.isDirectory();
        if (!isDir && !entry.isFile()) continue;
        if (isIgnored(levels, abs, isDir)) {
          yield { kind: 'skip', ...base, reason: 'gitignored' };
          continue;
        }
        if (exclude?.ignores(isDir ? `${rel}/` : rel)) {
          yield { kind: 'skip', ...base, reason: 'excluded' };
          continue;
        }
        if (isDir) subdirs.push({ abs, rel });
        else if (!include || include.ignores(rel)) yield { kind: 'file', ...base };
      }
      // Reverse so the stack pops them in name order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i].abs, rel: subdirs[i].rel, levels });
    }
  }
}
