// Builds everything the package ships: the browser widget, the CLI, the
// programmatic API, the @chatra/chatra replacement module and the benchmarks.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', sourcemap: true, logLevel: 'warning' };

const widget = build({
  entryPoints: ['runtime/index.ts'],
  outfile: 'dist/svyazio.js',
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2018',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const jobs = [widget];
const entries = [
  ['cli/main.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } }],
  ['codemod/index.ts', 'dist/index.js', {}],
  ['runtime/chatra-module.ts', 'dist/chatra-module.js', { platform: 'browser', target: 'es2018' }],
  ['runtime/chatra-module.ts', 'dist/chatra-module.cjs', { platform: 'browser', target: 'es2018', format: 'cjs' }],
  ['runtime/bench.ts', 'dist/bench/runtime.js', {}],
  ['codemod/bench.ts', 'dist/bench/codemod.js', {}],
  ['cli/bench.ts', 'dist/bench/server.js', {}],
];
for (const [entry, outfile, extra] of entries) {
  if (existsSync(entry)) jobs.push(build({ ...node, entryPoints: [entry], outfile, ...extra }));
}
await Promise.all(jobs);
