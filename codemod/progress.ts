/**
 * A one-line progress bar on stderr for long runs. It draws only on a TTY (a
 * piped or redirected stderr stays clean for logs) and at most every 100 ms.
 */
import type { Progress } from './migrate.js';

export interface ProgressBar {
  update(progress: Progress): void;
  /** Erases the bar so the summary starts on a clean line. */
  done(): void;
}

const WIDTH = 30;
const INTERVAL_MS = 100;

export function progressBar(stream: { isTTY?: boolean; write(chunk: string): unknown; columns?: number }): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update({ done, total, path }) {
      const now = Date.now();
      if (now - last < INTERVAL_MS && done < total) return;
      last = now;
      const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} `;
      const room = Math.max(0, (stream.columns ?? 80) - bar.length - 1);
      stream.write(`\r\x1b[K${bar}${path.length > room ? '…' + path.slice(path.length - room + 1) : path}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
