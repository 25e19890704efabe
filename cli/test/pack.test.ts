/**
 * What a site owner gets from npm: pack the package, install the tarball into a
 * scratch project, and run `npx svyazio-migrate` there on a copy of a fixture.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { migrate } from '../../codemod/migrate.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(repo, 'fixtures/sites/static-html/before');
const scratch = mkdtempSync(path.join(tmpdir(), 'svyazio-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const npm = (cwd: string, ...args: string[]) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function files(dir: string): Map<string, string> {
  const all = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(all.map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name), 'utf8')]));
}

it('installs from the packed tarball and migrates a site with npx', async () => {
  // `npm pack` runs `prepare`, which builds dist/.
  const packed = JSON.parse(npm(repo, 'pack', '--json', '--pack-destination', scratch));
  const tarball = path.join(scratch, packed[0].filename);
  const shipped = (packed[0].files as { path: string }[]).map((f) => f.path);
  expect(shipped).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'dist/svyazio.js', 'package.json']));

  const project = path.join(scratch, 'project');
  cpSync(fixture, path.join(project, 'site'), { recursive: true });
  cpSync(fixture, path.join(scratch, 'reference'), { recursive: true });
  writeFileSync(path.join(project, 'package.json'), '{ "name": "scratch", "private": true }\n');
  npm(project, 'install', '--prefer-offline', '--no-audit', '--no-fund', tarball);

  expect(npm(project, 'exec', '--', 'svyazio-migrate', '--version').trim()).toBe(pkg.version);
  npm(project, 'exec', '--', 'svyazio-migrate', '--quiet', 'site');

  // The packaged binary does exactly what the sources do.
  await migrate([path.join(scratch, 'reference')]);
  const got = files(path.join(project, 'site'));
  expect(got).toEqual(files(path.join(scratch, 'reference')));
  expect(got.get('index.html')).not.toBe(readFileSync(path.join(fixture, 'index.html'), 'utf8'));
  expect(npm(project, 'exec', '--', 'svyazio-migrate', '--check', 'site')).toBe('no Chatra references left\n');
}, 120_000);
