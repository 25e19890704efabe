/**
 * The git safety net: a migration is reviewed as a diff, so writing over
 * uncommitted changes would mix them with ours. Outside git there is no net,
 * which the run says once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEMP_MARKER } from './write.js';

const run = promisify(execFile);

export type GitState =
  | { kind: 'outside' }
  | { kind: 'clean' }
  | { kind: 'dirty'; changes: string[] };

/** Whether `dir` or an ancestor holds `.git`: without one, there is no need to start git at all. */
function mayBeInGit(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/** Inspects the work tree holding `dir`, limited to the paths under it. */
export async function gitState(dir: string): Promise<GitState> {
  // GIT_DIR can point anywhere; then only git itself can tell.
  if (!process.env.GIT_DIR && !mayBeInGit(dir)) return { kind: 'outside' };
  try {
    const { stdout } = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir });
    if (stdout.trim() !== 'true') return { kind: 'outside' };
  } catch {
    // Not a repository, or no git installed: both mean there is no net.
    return { kind: 'outside' };
  }
  const { stdout } = await run('git', ['status', '--porcelain', '--untracked-files=all', '--', '.'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  // A killed run's temporary files are ours to clean, not the user's changes.
  const changes = stdout.split('\n').filter((line) => line.trim() !== '' && !line.includes(TEMP_MARKER));
  return changes.length === 0 ? { kind: 'clean' } : { kind: 'dirty', changes };
}
