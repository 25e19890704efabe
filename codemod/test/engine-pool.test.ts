/**
 * The engine pool: transforms on a worker thread give exactly what they give
 * in process, a worker that throws, dies or never starts costs at most the one
 * file it was on, and the built CLI (whose worker is a bundle of its own)
 * writes byte for byte what the in-process run writes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnginePool } from '../engine-pool.js';
import { transformFile } from '../engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'svyazio-pool-'));
// Under node_modules, so the bundles' external imports resolve; a concurrent `npm run build` cannot race with it.
const bundles = path.join(repo, 'node_modules', '.cache', 'svyazio-test', `pool-${process.pid}`);

beforeAll(async () => {
  const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' } as const;
  await Promise.all([
    build({ ...node, entryPoints: [path.join(repo, 'cli/main.ts')], outfile: path.join(bundles, 'cli.js') }),
    build({ ...node, entryPoints: [path.join(repo, 'codemod/engine-worker.ts')], outfile: path.join(bundles, 'engine-worker.js') }),
  ]);
}, 60_000);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(bundles, { recursive: true, force: true });
});

/** Every file under `dir`, by relative path. */
function files(dir: string): Map<string, Buffer> {
  const all = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(all.map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name))]));
}

/** The fixture sites' sources: Chatra code in every form the engine knows. */
function fixtureSources(): [rel: string, text: string][] {
  const sites = path.join(repo, 'fixtures/sites');
  const found: [string, string][] = [];
  for (const site of readdirSync(sites, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const [rel, bytes] of files(path.join(sites, site.name, 'before'))) found.push([`${site.name}/${rel}`, bytes.toString('utf8')]);
  }
  return found;
}

/** A stand-in worker speaking the pool's protocol: throws on THROW, dies on CRASH, else echoes. */
const FAKE_WORKER = `
import { parentPort } from 'node:worker_threads';
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ path, text }) => {
  if (text.includes('CRASH')) process.exit(3);
  if (text.includes('THROW')) return parentPort.postMessage({ error: 'thrown in ' + path });
  parentPort.postMessage({ result: { output: 'worker:' + text, edits: {}, findings: [] } });
});
`;

function script(name: string, text: string): URL {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return pathToFileURL(file);
}

describe('startEnginePool', () => {
  it('gives, on a worker thread, what transformFile gives in process', async () => {
    const options = { orgId: 'org-42', scriptUrl: 'https://cdn.example.test/svyazio.js' };
    const pool = startEnginePool(options, 1, pathToFileURL(path.join(bundles, 'engine-worker.js')));
    try {
      expect(pool.threads).toBe(1);
      const sources = [...fixtureSources(), ['broken.js', "Chatra('openChat'"] as [string, string]];
      const results = await Promise.all(sources.map(([rel, text]) => pool.transform(rel, text)));
      expect(results.filter((r) => r.output !== null).length).toBeGreaterThan(50);
      expect(results).toEqual(sources.map(([rel, text]) => transformFile(rel, text, options)));
    } finally {
      await pool.close();
    }
  });

  it('runs in process when there is no worker file, as when running from source', async () => {
    const pool = startEnginePool({}, 1, new URL('./no-such-worker.js', import.meta.url));
    expect(pool.threads).toBe(0);
    expect(await pool.transform('a.js', "Chatra('openChat');")).toEqual(transformFile('a.js', "Chatra('openChat');", {}));
    await pool.close();
  });

  it('turns an exception in the worker into a rejection with its message', async () => {
    const pool = startEnginePool({}, 1, script('fake-throw.mjs', FAKE_WORKER));
    try {
      await expect(pool.transform('a.js', 'THROW')).rejects.toThrow('thrown in a.js');
      expect(await pool.transform('b.js', 'fine')).toMatchObject({ output: 'worker:fine' });
    } finally {
      await pool.close();
    }
  });

  it('fails only the file a dying worker was on; the ones queued behind it still run', async () => {
    const pool = startEnginePool({}, 1, script('fake-crash.mjs', FAKE_WORKER));
    try {
      const before = pool.transform('before.js', 'one');
      const crash = pool.transform('crash.js', 'CRASH');
      const after = ['x.js', 'y.js'].map((rel) => pool.transform(rel, `${rel} Chatra('openChat');`));
      expect(await before).toMatchObject({ output: 'worker:one' });
      await expect(crash).rejects.toThrow('engine worker stopped: exit code 3');
      // No worker left: the rest ran on the real engine, in process.
      expect(await Promise.all(after)).toEqual(['x.js', 'y.js'].map((rel) => transformFile(rel, `${rel} Chatra('openChat');`, {})));
    } finally {
      await pool.close();
    }
  });

  it('runs in process when the worker cannot start', async () => {
    const pool = startEnginePool({}, 1, script('fake-broken.mjs', "throw new Error('cannot start');\n"));
    try {
      expect(await pool.transform('a.js', "Chatra('openChat');")).toEqual(transformFile('a.js', "Chatra('openChat');", {}));
    } finally {
      await pool.close();
    }
  });
});

describe('the built CLI with its worker', () => {
  /** Fixture sources, plus enough plain files that the run takes the threaded path. */
  function site(name: string): string {
    const root = path.join(scratch, name);
    for (const [rel, text] of fixtureSources()) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    mkdirSync(path.join(root, 'plain'));
    for (let i = 0; i < 600; i++) writeFileSync(path.join(root, 'plain', `p${i}.js`), `export const v${i} = ${i};\n`);
    writeFileSync(path.join(root, 'broken.js'), "window.Chatra('openChat'\n");
    return root;
  }

  const cli = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(bundles, 'cli.js'), '--json', '--force', ...args, '.'], { cwd, encoding: 'utf8' });

  it('writes and reports byte for byte what the in-process run does; a dying worker fails one file', () => {
    // One worker per spare core: the threaded path needs a second one.
    expect(availableParallelism()).toBeGreaterThan(1);
    const original = site('original');
    const threaded = path.join(scratch, 'threaded');
    const inProcess = path.join(scratch, 'in-process');
    const crashing = path.join(scratch, 'crashing');
    for (const copy of [threaded, inProcess, crashing]) cpSync(original, copy, { recursive: true });

    const a = cli(threaded);
    const b = cli(inProcess, '--jobs', '1');
    expect(b.stderr).toBe('');
    expect(a.status).toBe(b.status);
    expect(a.stdout).toBe(b.stdout);
    expect(files(threaded)).toEqual(files(inProcess));
    expect(JSON.parse(b.stdout).summary.changed).toBeGreaterThan(50);
    expect(files(threaded)).not.toEqual(files(original));

    // A worker that dies on its first file: that file fails, every other one is as before.
    const dying = "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ready: true });\nparentPort.on('message', () => process.exit(3));\n";
    writeFileSync(path.join(bundles, 'engine-worker.js'), dying);
    const c = cli(crashing);
    expect(c.status).toBe(1);
    const report = JSON.parse(c.stdout) as { files: { path: string; status: string; reason?: string }[] };
    const failed = report.files.filter((f) => f.status === 'failed' && f.reason?.startsWith('error: engine worker stopped'));
    expect(failed).toHaveLength(1);
    const expected = files(inProcess);
    expected.set(failed[0].path, readFileSync(path.join(original, failed[0].path)));
    expect(files(crashing)).toEqual(expected);
  }, 120_000);
});
