import { createRequire } from 'node:module';
import type { ts } from 'ts-morph';

let loaded: typeof ts | undefined;

/**
 * The TypeScript API bundled with ts-morph, loaded on first use: loading it
 * costs most of a second, and files the prefilter rejects never need it.
 */
export function tsApi(): typeof ts {
  if (!loaded) loaded = (createRequire(import.meta.url)('ts-morph') as { ts: typeof ts }).ts;
  return loaded;
}
