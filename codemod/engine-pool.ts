/**
 * Runs the engine on worker threads so that loading the TypeScript compiler
 * (most of a second) overlaps the main thread's walk and reads instead of
 * following them. The main thread keeps all I/O; workers only get texts and
 * give back `FileResult`s.
 *
 * The worker is a file of its own, `engine-worker.js` next to the bundle that
 * holds this module (build.mjs emits it). Running from source there is none,
 * and everything runs in process, as it also does when no thread is wanted.
 * A worker that dies fails the one file it was on (none, if it never finished
 * loading); the files queued behind it go to the remaining workers, or run in
 * process once none is left.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { transformFile } from './engine.js';
import type { FileResult, MigrateOptions } from './types.js';

export interface EnginePool {
  /** Worker threads started; 0 when every transform runs in process. */
  readonly threads: number;
  /** Rejects as `transformFile` would throw, or when the worker on it dies. */
  transform(path: string, text: string): Promise<FileResult>;
  /** Stops the workers; transforms still pending after it fail. */
  close(): Promise<void>;
}

/** Main thread → worker. */
export interface EngineRequest {
  path: string;
  text: string;
}

/** Worker → main thread: `ready` once loaded, then one reply per request, in request order. */
export type EngineReply = { ready: true } | { result: FileResult } | { error: string };

export const WORKER_URL = new URL('./engine-worker.js', import.meta.url);

interface Task extends EngineRequest {
  resolve(result: FileResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Loaded: from now on, the worker is on the first of `sent`. */
  ready: boolean;
  /** Sent and not answered yet, oldest first. */
  sent: Task[];
}

/** Only what the engine reads: `RunOptions` also holds callbacks, which cannot cross threads. */
function engineOptions(options: MigrateOptions): MigrateOptions {
  return { orgId: options.orgId, scriptUrl: options.scriptUrl };
}

export function inProcessPool(options: MigrateOptions): EnginePool {
  const picked = engineOptions(options);
  return {
    threads: 0,
    transform: (path, text) => new Promise((resolve) => resolve(transformFile(path, text, picked))),
    close: async () => {},
  };
}

/** Starts `threads` workers now (they begin loading TypeScript at once); in process when 0 or no worker file. */
export function startEnginePool(options: MigrateOptions, threads: number, workerUrl: URL = WORKER_URL): EnginePool {
  const fallback = inProcessPool(options);
  if (threads < 1 || !existsSync(fileURLToPath(workerUrl))) return fallback;

  const slots = new Set<Slot>();
  let closed = false;

  const send = (task: Task): void => {
    let target: Slot | undefined;
    for (const slot of slots) if (!target || slot.sent.length < target.sent.length) target = slot;
    if (!target) {
      fallback.transform(task.path, task.text).then(task.resolve, task.reject);
      return;
    }
    target.sent.push(task);
    target.worker.postMessage({ path: task.path, text: task.text } satisfies EngineRequest);
  };

  const lose = (slot: Slot, why: string): void => {
    if (!slots.delete(slot)) return;
    // Dying before it was ready, a worker cannot have been on any file.
    const current = slot.ready ? slot.sent.shift() : undefined;
    const queued = slot.sent;
    slot.sent = [];
    current?.reject(new Error(`engine worker stopped: ${why}`));
    if (closed) for (const task of queued) task.reject(new Error('engine pool closed'));
    else for (const task of queued) send(task);
  };

  for (let i = 0; i < threads; i++) {
    const worker = new Worker(workerUrl, { workerData: engineOptions(options) });
    const slot: Slot = { worker, ready: false, sent: [] };
    slots.add(slot);
    worker.on('message', (reply: EngineReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        return;
      }
      const task = slot.sent.shift();
      if (!task) return;
      if ('error' in reply) task.reject(new Error(reply.error));
      else task.resolve(reply.result);
    });
    worker.on('error', (error) => lose(slot, error.message));
    worker.on('exit', (code) => lose(slot, `exit code ${code}`));
  }

  return {
    threads,
    transform: (path, text) => new Promise((resolve, reject) => send({ path, text, resolve, reject })),
    close: async () => {
      closed = true;
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
  };
}
