/**
 * Builds the CLI for spawning tests the way build.mjs does, into a file of its
 * own: a concurrent `npm run build` rewriting dist/cli.js cannot race with it.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildCli(): Promise<string> {
  // Under node_modules: its imports resolve from there, and npm never packs it.
  const outfile = path.join(root, 'node_modules', '.cache', 'svyazio-test', `cli-${process.pid}.js`);
  await build({
    entryPoints: [path.join(root, 'cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
