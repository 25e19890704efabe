/**
 * `npm run bench` (codemod part): synthetic sites of 10,000 and 50,000 files,
 * 2% with Chatra code in varied forms, plus a node_modules and a gitignored
 * build folder to skip. Prints, per site: the scan floor (plain Node reading
 * every non-ignored file and testing it for `chatra`), a real migrate run on
 * a copy, both as child processes, their peak memory and the ratio; then the
 * engine's throughput on Chatra files against a naive ts-morph run.
 * Figures and targets only — no asserts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../cli/run.js';
import { transformFile } from './engine.js';

const SELF = fileURLToPath(import.meta.url);
const CHATRA_SHARE = 0.02;

/** Chatra code as sites have it: loader snippets, globals, settings, typings, CSS, JSX. */
const CHATRA_SOURCES: [ext: string, make: (i: number) => string][] = [
  [
    'html',
    (i) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Page ${i}</title><link rel="stylesheet" href="/css/site.css"></head>
<body>
  <main><h1>Product ${i}</h1><p>Questions? <a href="#chatraChatExpanded">Chat with us</a>.</p></main>
  <script>
    (function(d, w, c) {
        w.ChatraID = 'id${i}';
        var s = d.createElement('script');
        w[c] = w[c] || function() {
            (w[c].q = w[c].q || []).push(arguments);
        };
        s.async = true;
        s.src = 'https://call.chatra.io/chatra.js';
        if (d.head) d.head.appendChild(s);
    })(document, window, 'Chatra');
  </script>
</body>
</html>
`,
  ],
  [
    'js',
    (i) => `import { track } from './analytics.js';

window.ChatraSetup = {
  colors: { buttonText: '#fff', buttonBg: '#${(i % 0xfff).toString(16).padStart(3, '0')}' },
  buttonPosition: 'br',
};

export function openSupport(topic) {
  track('support', topic);
  window.Chatra('setCustomAttributes', { topic });
  Chatra('showChat');
  Chatra('expandWidget');
}
`,
  ],
  [
    'ts',
    (i) => `declare global {
  interface Window {
    Chatra?: (method: string, ...args: unknown[]) => void;
    ChatraID?: string;
  }
}

export class SupportService${i} {
  open(): void {
    window.Chatra?.('openChat', true);
  }
  hide(): void {
    window.Chatra?.('hideChat');
  }
}
`,
  ],
  [
    'css',
    (i) => `/* overrides ${i} */
#chatra { z-index: 1000 !important; }
#chatra.chatra--expanded { box-shadow: 0 0 12px rgba(0, 0, 0, .2); }
body.chatra-mobile-widget-expanded { overflow: hidden; }
.chatra-note { color: #555; }
`,
  ],
  [
    'jsx',
    (i) => `export function ChatButton${i}() {
  return <button className="chat" onClick={() => window.Chatra('openChat', true)}>Chat</button>;
}
`,
  ],
];

/** Ordinary files, a few KB each, some of them mentioning nothing chat-related at all. */
const PLAIN_SOURCES: [ext: string, make: (i: number) => string][] = [
  ['js', (i) => `// module ${i}\n` + Array.from({ length: 60 }, (_, k) => `export const value${k} = compute(${i}, ${k}); // keep ${k}`).join('\n') + '\n'],
  ['html', (i) => `<!doctype html>\n<title>Page ${i}</title>\n` + '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n'.repeat(40)],
  ['css', (i) => Array.from({ length: 50 }, (_, k) => `.c${i}-${k} { margin: ${k}px; color: #333; }`).join('\n') + '\n'],
  ['md', (i) => `# Notes ${i}\n\n` + 'Some prose about the product, nothing else.\n'.repeat(40)],
  ['json', (i) => JSON.stringify({ id: i, items: Array.from({ length: 40 }, (_, k) => ({ k, name: `item ${k}` })) }, null, 2)],
];

function generateSite(root: string, files: number): { chatraFiles: string[] } {
  const chatraEvery = Math.round(1 / CHATRA_SHARE);
  const chatraFiles: string[] = [];
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  for (let i = 0; i < files; i++) {
    const chatra = i % chatraEvery === 0;
    const [ext, make] = chatra ? CHATRA_SOURCES[(i / chatraEvery) % CHATRA_SOURCES.length] : PLAIN_SOURCES[i % PLAIN_SOURCES.length];
    const dir = path.join(root, 'src', `area${i % 25}`, `part${Math.floor(i / 25) % 20}`);
    const rel = path.join(dir, `f${i}.${ext}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(rel, make(i));
    if (chatra) chatraFiles.push(rel);
  }
  // Skipped wholesale: dependencies (with Chatra inside) and a gitignored build output.
  for (let i = 0; i < files / 20; i++) {
    const dir = path.join(root, 'node_modules', `pkg${i % 50}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `m${i}.js`), CHATRA_SOURCES[1][1](i));
  }
  mkdirSync(path.join(root, 'build'), { recursive: true });
  for (let i = 0; i < 50; i++) writeFileSync(path.join(root, 'build', `chunk${i}.js`), CHATRA_SOURCES[1][1](i));
  return { chatraFiles };
}

/** The floor: list the tree (minus node_modules and the ignored build), read every file, test it. */
function scanFloor(root: string): number {
  let hits = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'build' || entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/chatra/i.test(readFileSync(full, 'latin1'))) hits++;
    }
  };
  walk(root);
  return hits;
}

interface ChildResult {
  ms: number;
  maxRssMb: number;
}

function child(mode: string, dir: string): ChildResult {
  const start = performance.now();
  const result = spawnSync(process.execPath, [SELF, mode, dir], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${mode} failed: ${result.stderr}`);
  const lastLine = result.stdout.trim().split('\n').at(-1)!;
  return { ms, maxRssMb: JSON.parse(lastLine).maxRSS / 1024 };
}

/** The naive way: every Chatra file in one Project, `replaceWithText` per match. */
async function naiveTsMorph(files: { rel: string; text: string }[]): Promise<number> {
  const { Node, Project } = await import('ts-morph');
  const renames: Record<string, string> = { Chatra: 'Svyazio', ChatraSetup: 'SvyazioSetup', ChatraIntegration: 'SvyazioIntegration' };
  const start = performance.now();
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true, jsx: 1 } });
  for (const file of files) project.createSourceFile(file.rel, file.text, { overwrite: true });
  for (const sourceFile of project.getSourceFiles()) {
    for (;;) {
      const match = sourceFile.getFirstDescendant(
        (node) => (Node.isIdentifier(node) && node.getText() in renames) || (Node.isStringLiteral(node) && node.getLiteralText() === 'Chatra'),
      );
      if (!match) break;
      match.replaceWithText(Node.isIdentifier(match) ? renames[match.getText()] : "'Svyazio'");
    }
    sourceFile.getFullText();
  }
  return performance.now() - start;
}

function engineRun(files: { rel: string; text: string }[]): number {
  transformFile('warm.js', "window.Chatra('openChat');", {});
  const start = performance.now();
  for (const file of files) transformFile(file.rel, file.text, {});
  return performance.now() - start;
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function siteBench(files: number, work: string, naive: boolean): Promise<void> {
  const site = path.join(work, `site-${files}`);
  mkdirSync(site);
  const { chatraFiles } = generateSite(site, files);
  const copy = path.join(work, `copy-${files}`);
  cpSync(site, copy, { recursive: true });

  scanFloor(site); // warm the page cache for both contenders
  const floor = child('--child-floor', site);
  const migrated = child('--child-migrate', copy);
  const ratio = migrated.ms / floor.ms;
  console.log(`\n${files.toLocaleString('en')} files (${chatraFiles.length} with Chatra, + ${files / 20} in node_modules, 50 gitignored):`);
  console.log(`  scan floor (child node: walk, read, test /chatra/i)   ${fmt(floor.ms)} ms   peak ${fmt(floor.maxRssMb)} MB`);
  console.log(`  svyazio-migrate (child, real run on a copy)           ${fmt(migrated.ms)} ms   peak ${fmt(migrated.maxRssMb)} MB`);
  console.log(`  ratio migrate / floor                                 ${fmt(ratio, 2)}×   (target ≤ 2× at 10,000 files)`);
  if (files >= 50_000) console.log(`  peak memory                                           ${fmt(migrated.maxRssMb)} MB   (target < 300 MB at 50,000 files)`);

  if (naive) {
    const scripts = chatraFiles.filter((f) => /\.(js|ts|jsx)$/.test(f)).map((f) => ({ rel: path.relative(site, f), text: readFileSync(f, 'utf8') }));
    const engineMs = engineRun(scripts);
    const naiveMs = await naiveTsMorph(scripts);
    const engineRate = scripts.length / (engineMs / 1000);
    const naiveRate = scripts.length / (naiveMs / 1000);
    console.log(`  Chatra JS/TS files (${scripts.length}): engine ${fmt(engineRate)} files/s, naive ts-morph ${fmt(naiveRate)} files/s,`);
    console.log(`    speed-up ${fmt(engineRate / naiveRate, 1)}×   (target ≥ 5×)`);
  }
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === '--child-floor') {
    scanFloor(dir);
    console.log(JSON.stringify({ maxRSS: process.resourceUsage().maxRSS }));
    return;
  }
  if (mode === '--generate') {
    // For profiling by hand: `node dist/bench/codemod.js --generate DIR 50000`.
    mkdirSync(dir, { recursive: true });
    generateSite(dir, Number(process.argv[4] ?? 10_000));
    return;
  }
  if (mode === '--child-migrate') {
    const quiet = { write: () => true };
    process.exitCode = await run(['--quiet', '--force', dir], { stdout: quiet, stderr: process.stderr });
    console.log(JSON.stringify({ maxRSS: process.resourceUsage().maxRSS }));
    return;
  }
  const work = mkdtempSync(path.join(tmpdir(), 'svyazio-bench-'));
  try {
    console.log('codemod benchmark (svyazio-migrate)');
    await siteBench(10_000, work, true);
    await siteBench(50_000, work, false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
