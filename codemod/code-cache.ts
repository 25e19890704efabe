/**
 * Loads a large CommonJS file with V8's code cache: compiling TypeScript's 9 MB
 * is most of the time it takes to load, and a cache from an earlier run cuts
 * it to a fraction (Node 22's `module.enableCompileCache` does the same; Node
 * 20 has no such switch). The cache sits in a directory owned by whoever
 * installed the file, is keyed by the file's path, size, mtime and the V8
 * version, and V8 itself rejects data that does not fit the source. Any error
 * along the way means a plain load; the cache is only ever an optimisation.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/**
 * `warm` runs once before a new cache is written: V8 compiles functions on
 * first call, and only functions compiled by then go into the cache.
 */
export function requireWithCodeCache(file: string, cacheDir: string, warm: (exports: unknown) => void = () => {}): unknown {
  const source = readFileSync(file, 'utf8');
  const stat = statSync(file);
  const key = createHash('sha256').update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 24);
  const cacheFile = path.join(cacheDir, `${path.basename(file)}-${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script((Module as unknown as { wrap(code: string): string }).wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!cachedData || script.cachedDataRejected) {
    warm(module.exports);
    save(cacheFile, script.createCachedData());
  }
  return module.exports;
}

/** Written aside and renamed, so a concurrent run never reads half a cache. */
function save(cacheFile: string, data: Buffer): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temp, data);
    renameSync(temp, cacheFile);
  } catch {
    // A read-only install: every run compiles, as it would without the cache.
  }
}
