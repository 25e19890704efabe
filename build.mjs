// Builds everything the package ships: the browser widget, the CLI, the
// programmatic API, the @chatra/chatra replacement module and the benchmarks.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  // The engine pool's worker thread, found next to the bundle that starts it (so the bench gets one too).
  ['codemod/engine-worker.ts', 'dist/engine-worker.js', {}],
  ['codemod/engine-worker.ts', 'dist/bench/engine-worker.js', {}],
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
jobs.push(writeTypings(), writeApiTypes());
await Promise.all(jobs);

/** dist/types/*.d.ts, rendered from runtime/surface.ts by runtime/typings.ts. */
async function writeTypings() {
  const { outputFiles } = await build({ ...node, entryPoints: ['runtime/typings.ts'], sourcemap: false, write: false });
  const typings = await import('data:text/javascript;base64,' + Buffer.from(outputFiles[0].contents).toString('base64'));
  mkdirSync('dist/types', { recursive: true });
  writeFileSync('dist/types/svyazio.d.ts', typings.renderGlobalsDts());
  writeFileSync('dist/types/chatra-module.d.ts', typings.renderChatraModuleDts());
  writeFileSync('dist/types/chatra-module.d.cts', typings.renderChatraModuleDcts());
}

/**
 * dist/types/index.d.ts for the programmatic API: TypeScript's declarations of
 * codemod/index.ts and what it imports, under dist/types/codemod/ and dist/types/runtime/.
 */
async function writeApiTypes() {
  const out = 'dist/types/index.d.ts';
  if (!existsSync('codemod/index.ts')) return;
  // The checker needs seconds (ts-morph's own typings): skip it while no source is newer than the output.
  const built = existsSync(out) ? statSync(out).mtimeMs : 0;
  const sources = ['codemod', 'runtime'].flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, f)));
  const isSource = (f) => f.endsWith('.ts') && !/(^|\/)test\/|\.test\.ts$/.test(f);
  if (!sources.some((f) => isSource(f) && statSync(f).mtimeMs > built)) return;
  const { ts } = await import('ts-morph');
  const { config } = ts.readConfigFile('tsconfig.json', ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, '.');
  const program = ts.createProgram(['codemod/index.ts'], {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    outDir: 'dist/types',
    rootDir: '.',
  });
  const { diagnostics } = program.emit();
  if (diagnostics.length) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
    throw new Error('declarations of codemod/index.ts:\n' + ts.formatDiagnostics(diagnostics, host));
  }
  writeFileSync(out, "export * from './codemod/index.js';\n");
}
