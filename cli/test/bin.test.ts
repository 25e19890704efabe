/**
 * The built executable, spawned: exit codes and messages as a shell sees them,
 * and the promise that killing it at any moment leaves every file wholly old
 * or wholly new.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { transformFile } from '../../codemod/engine.js';
import { TEMP_MARKER } from '../../codemod/write.js';
import { buildCli } from './build-cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'svyazio-bin-'));
let cli: string;
beforeAll(async () => {
  cli = await buildCli();
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

function node(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

describe('the built svyazio-migrate', () => {
  it('prints its version', () => {
    const result = node(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${pkg.version}\n`);
  });

  it('exits 2 with one line on bad usage and on an unreadable path', () => {
    const bad = node(['--jobs', '-1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    const missing = node([path.join(scratch, 'missing')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`svyazio-migrate: cannot read ${path.join(scratch, 'missing')}: ENOENT\n`);
  });

  it('exits 1 when a file fails, naming it, and still migrates the rest', () => {
    const root = path.join(scratch, 'broken');
    mkdirSync(root);
    writeFileSync(path.join(root, 'broken.js'), "Chatra('openChat';\n");
    writeFileSync(path.join(root, 'good.js'), "Chatra('openChat');\n");
    const result = node([root]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^failed \(left untouched\):\n {2}.*broken\.js: parse-error$/m);
    expect(readFileSync(path.join(root, 'broken.js'), 'utf8')).toBe("Chatra('openChat';\n");
    expect(readFileSync(path.join(root, 'good.js'), 'utf8')).toBe(transformFile('good.js', "Chatra('openChat');\n", {}).output);
  });
});

describe('killed at any moment', () => {
  const FILES = 1500;
  /** Files with Chatra code in a few shapes; the rest are plain. */
  function source(i: number): string {
    if (i % 3 !== 0) return `export const value${i} = ${i};\n// unrelated module ${i}\n`;
    const shapes = [
      `window.Chatra('openChat', true); // ${i}\n`,
      `if (window.ChatraSetup) { window.ChatraSetup.colors = ['#${i}']; }\nChatra('hideChat');\n`,
      `document.querySelector('#chatra').dataset.n = '${i}';\nwindow.Chatra('setButtonSize', ${i % 90});\n`,
    ];
    return `// generated ${i}\n${shapes[i % shapes.length]}`.repeat(20);
  }

  it('leaves every file either wholly old or wholly new, and the next run finishes the job', async () => {
    const root = path.join(scratch, 'site');
    const before = new Map<string, string>();
    const after = new Map<string, string>();
    for (let i = 0; i < FILES; i++) {
      const rel = `src/d${i % 20}/m${i}.js`;
      const text = source(i);
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
      before.set(rel, text);
      after.set(rel, transformFile(rel, text, {}).output ?? text);
    }
    expect([...after].filter(([rel, text]) => text !== before.get(rel)).length).toBe(FILES / 3);

    const check = () => {
      let fresh = 0;
      for (const [rel, old] of before) {
        const now = readFileSync(path.join(root, rel), 'utf8');
        if (now === after.get(rel) && now !== old) fresh++;
        else expect(now, rel).toBe(old);
      }
      return fresh;
    };
    const temps = () => (readdirSync(root, { recursive: true }) as string[]).filter((name) => name.includes(TEMP_MARKER));

    let progressSeen = 0;
    for (const attempt of [0, 1, 2]) {
      const child = spawn(process.execPath, [cli, '--quiet', '--jobs', '4', root], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // First kill at a random moment; later ones as soon as the run has written something new.
      if (attempt === 0) await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
      else await waitForWrite(root, before, 60_000);
      child.kill('SIGKILL');
      await exited;
      const fresh = check();
      if (fresh > 0 && fresh < FILES / 3) progressSeen++;
      expect(temps().length).toBeLessThanOrEqual(4);
    }
    expect(progressSeen).toBeGreaterThan(0);

    const finish = spawnSync(process.execPath, [cli, '--quiet', root], { encoding: 'utf8' });
    expect(finish.status).toBe(0);
    expect(check()).toBe(FILES / 3);
    expect(temps()).toEqual([]);
  }, 240_000);
});

/** Resolves once a file not seen new before has been replaced (its inode changes on rename). */
async function waitForWrite(root: string, before: Map<string, string>, timeout: number): Promise<void> {
  const start = Date.now();
  // The run goes through files in path order, so the first pending ones are written first.
  const pending = [...before]
    .filter(([rel, text]) => /Chatra/.test(text) && readFileSync(path.join(root, rel), 'utf8') === text)
    .map(([rel]) => rel)
    .sort()
    .slice(0, 10);
  while (Date.now() - start < timeout) {
    for (const rel of pending) {
      const file = path.join(root, rel);
      if (existsSync(file) && readFileSync(file, 'utf8') !== before.get(rel)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the run wrote nothing in time');
}
