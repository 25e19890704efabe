/**
 * The git safety net: a migration is reviewed as a diff, so writing over
 * uncommitted changes would mix them with ours. Outside git there is no net,
 * which the run says once.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TEMP_MARKER } from './write.js';

const run = promisify(execFile);

export type GitState =
  | { kind: 'outside' }
  | { kind: 'clean' }
  | { kind: 'dirty'; changes: string[] };

/** Inspects the work tree holding `dir`, limited to the paths under it. */
export async function gitState(dir: string): Promise<GitState> {
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
