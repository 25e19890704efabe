/**
 * Atomic replacement of a file: the new bytes go to a temporary file beside the
 * original (same directory, so the rename cannot cross file systems), are
 * flushed to disk, get the original's mode, and are renamed over it. A reader —
 * or a crash — sees the old file or the new one, never half of either.
 */
import * as fsp from 'node:fs/promises';
import path from 'node:path';

/** Marker in temporary file names; a later run recognises leftovers by it. */
export const TEMP_MARKER = '.svyazio-tmp-';

/** The file-system steps the write uses, injectable so tests can fail any one of them. */
export interface WriteSteps {
  open(file: string, flags: string, mode: number): Promise<fsp.FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

const realSteps: WriteSteps = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: fsp.rename,
  unlink: fsp.unlink,
};

const runId = Math.random().toString(36).slice(2, 8);
let written = 0;

/**
 * `.<name>.svyazio-tmp-<pid>-<run>-<n>`: hidden, and it carries the writer's pid.
 * Uniqueness matters only within this process; the exclusive open refuses any clash.
 */
export function tempPathFor(file: string): string {
  const name = `.${path.basename(file)}${TEMP_MARKER}${process.pid}-${runId}-${++written}`;
  return path.join(path.dirname(file), name);
}

export async function writeAtomic(file: string, data: Uint8Array, mode: number, steps: WriteSteps = realSteps): Promise<void> {
  const temp = tempPathFor(file);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await steps.open(temp, 'wx', 0o600);
    await handle.writeFile(data);
    await handle.sync();
    // chmod after creation: the open mode is filtered by the umask.
    await handle.chmod(mode & 0o7777);
    await handle.close();
    handle = undefined;
    await steps.rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => {});
    await steps.unlink(temp).catch(() => {});
    throw error;
  }
}

/**
 * Temporary files left by a run that was killed mid-write. The writer's pid is
 * in the name; a file whose writer is still alive belongs to a concurrent run.
 */
export function isStaleTemp(name: string): boolean {
  const at = name.indexOf(TEMP_MARKER);
  if (at <= 0) return false;
  const pid = Number(name.slice(at + TEMP_MARKER.length).split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
