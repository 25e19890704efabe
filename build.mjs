// Builds everything the package ships: the browser widget, the CLI, the
// programmatic API, the @chatra/chatra replacement module and the benchmarks.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

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
  // `require()` returns the function itself, as old CommonJS callers expect; `.default` and the named exports stay on it.
  ['runtime/chatra-module.ts', 'dist/chatra-module.cjs', { platform: 'browser', target: 'es2018', format: 'cjs', footer: { js: 'module.exports = Object.assign(module.exports.default, module.exports);' } }],
  ['runtime/bench.ts', 'dist/bench/runtime.js', {}],
  ['codemod/bench.ts', 'dist/bench/codemod.js', {}],
  ['cli/bench.ts', 'dist/bench/server.js', {}],
];
for (const [entry, outfile, extra] of entries) {
  if (existsSync(entry)) jobs.push(build({ ...node, entryPoints: [entry], outfile, ...extra }));
}
jobs.push(writeTypings());
await Promise.all(jobs);

/** dist/types/*.d.ts, rendered from runtime/surface.ts by runtime/typings.ts. */
async function writeTypings() {
  const { outputFiles } = await build({ ...node, entryPoints: ['runtime/typings.ts'], sourcemap: false, write: false });
  const typings = await import('data:text/javascript;base64,' + Buffer.from(outputFiles[0].contents).toString('base64'));
  mkdirSync('dist/types', { recursive: true });
  writeFileSync('dist/types/svyazio.d.ts', typings.renderGlobalsDts());
  writeFileSync('dist/types/chatra-module.d.ts', typings.renderChatraModuleDts());
}
