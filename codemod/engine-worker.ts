/**
 * A worker thread of the engine pool (built to dist/engine-worker.js). It loads
 * the TypeScript compiler at once, while the main thread is still walking and
 * reading, then transforms the texts it is sent, one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { transformFile } from './engine.js';
import type { EngineReply, EngineRequest } from './engine-pool.js';
import { tsApi } from './ts-api.js';
import type { MigrateOptions } from './types.js';

const port = parentPort!;
const options = workerData as MigrateOptions;
tsApi();
port.postMessage({ ready: true } satisfies EngineReply);
port.on('message', ({ path, text }: EngineRequest) => {
  let reply: EngineReply;
  try {
    reply = { result: transformFile(path, text, options) };
  } catch (error) {
    reply = { error: (error as Error).message ?? String(error) };
  }
  port.postMessage(reply);
});
