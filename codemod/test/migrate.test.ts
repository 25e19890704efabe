import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transformFile } from '../engine.js';
import { migrate, MigrateError, PathError, type RunOptions } from '../migrate.js';
import { decode, encode } from '../textfile.js';
import type { FileReport, Report } from '../types.js';
import { TEMP_MARKER, writeAtomic, type WriteSteps } from '../write.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'svyazio-migrate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** A fresh directory holding `files` (string contents are UTF-8). */
function tree(files: Record<string, string | Uint8Array>): string {
  const root = path.join(scratch, `t${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

const CHATRA_JS = "window.Chatra('openChat', true);\nChatra('setColors', { buttonBg: '#fff' });\n";
const CHATRA_HTML = '<!doctype html>\n<button onclick="Chatra(\'openChat\', true)">Chat</button>\n';

/** What the engine makes of `text`; tests compare files against it instead of hard-coding output. */
function expected(rel: string, text: string, options: RunOptions = {}): string {
  const result = transformFile(rel, text, options);
  expect(result.output, `engine should rewrite ${rel}`).not.toBeNull();
  expect(result.output).not.toBe(text);
  return result.output!;
}

function file(report: Report, rel: string): FileReport | undefined {
  return report.files.find((f) => f.path === rel);
}

const read = (root: string, rel: string) => readFileSync(path.join(root, rel));
const text = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** Every leftover temporary file under `root`. */
function temps(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((name) => name.includes(TEMP_MARKER));
}

describe('migrate: rewriting files', () => {
  it('writes the engine output, counts it, and a second run changes nothing', async () => {
    const root = tree({ 'js/app.js': CHATRA_JS, 'index.html': CHATRA_HTML, 'notes.txt': 'Chatra was here\n', 'plain.js': 'let a = 1;\n' });
    const report = await migrate([root]);
    expect(text(root, 'js/app.js')).toBe(expected('js/app.js', CHATRA_JS));
    expect(text(root, 'index.html')).toBe(expected('index.html', CHATRA_HTML));
    expect(text(root, 'notes.txt')).toBe('Chatra was here\n');
    expect(report.summary).toMatchObject({ scanned: 4, changed: 2, unchanged: 2, skipped: 0, failed: 0 });
    expect(file(report, 'js/app.js')?.status).toBe('changed');
    expect(Object.values(report.summary.editsByRule).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const again = await migrate([root]);
    expect(again.summary.changed).toBe(0);
    expect(again.files.filter((f) => f.status === 'changed')).toEqual([]);
  });

  it('a dry run writes nothing and attaches a unified diff', async () => {
    const root = tree({ 'app.js': CHATRA_JS });
    const report = await migrate([root], { dryRun: true, diff: true });
    expect(text(root, 'app.js')).toBe(CHATRA_JS);
    expect(report.dryRun).toBe(true);
    expect(report.summary.changed).toBe(1);
    expect(file(report, 'app.js')?.diff).toMatch(/^-window\.Chatra\('openChat', true\);$/m);
    expect(file(report, 'app.js')?.diff).toContain(`+${expected('app.js', CHATRA_JS).split('\n')[0]}`);
  });

  it('keeps CRLF line endings and the file mode', async () => {
    const crlf = CHATRA_JS.replace(/\n/g, '\r\n');
    const root = tree({ 'run.js': crlf });
    chmodSync(path.join(root, 'run.js'), 0o755);
    await migrate([root]);
    const out = text(root, 'run.js');
    expect(out).toBe(expected('run.js', crlf));
    expect(out.split('\r\n').length).toBe(crlf.split('\r\n').length);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(statSync(path.join(root, 'run.js')).mode & 0o777).toBe(0o755);
  });

  it('keeps a UTF-8 BOM and UTF-16 LE/BE encodings with their BOM', async () => {
    const le = encode(CHATRA_JS, 'utf16le');
    const be = encode(CHATRA_JS, 'utf16be');
    const root = tree({ 'bom.js': encode(CHATRA_JS, 'utf8-bom'), 'le.js': le, 'be.js': be });
    const report = await migrate([root]);
    expect(report.summary.changed).toBe(3);
    const want = expected('x.js', CHATRA_JS);
    expect([...read(root, 'bom.js').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(read(root, 'bom.js').subarray(3).toString('utf8')).toBe(want);
    expect(read(root, 'le.js').equals(encode(want, 'utf16le'))).toBe(true);
    expect(read(root, 'be.js').equals(encode(want, 'utf16be'))).toBe(true);
    expect(decode(read(root, 'be.js'))).toEqual({ ok: true, text: want, encoding: 'utf16be' });
  });

  it('leaves non-UTF-8 and binary files untouched and says why', async () => {
    const latin1 = Buffer.from("// caf\xe9\nChatra('openChat');\n", 'latin1');
    const binary = Buffer.concat([Buffer.from('Chatra'), Buffer.from([0, 1, 2, 0]), Buffer.from('Chatra')]);
    const root = tree({ 'legacy.js': latin1, 'blob.js': binary, 'ok.js': CHATRA_JS });
    const report = await migrate([root]);
    expect(read(root, 'legacy.js').equals(latin1)).toBe(true);
    expect(read(root, 'blob.js').equals(binary)).toBe(true);
    expect(file(report, 'legacy.js')).toMatchObject({ status: 'skipped', reason: 'not-utf8' });
    expect(file(report, 'blob.js')).toMatchObject({ status: 'skipped', reason: 'binary' });
    expect(report.summary).toMatchObject({ scanned: 3, changed: 1, skipped: 2, unchanged: 0 });
  });

  it('skips minified bundles and files over the size limit', async () => {
    const longLine = `!function(){${'var a=1;'.repeat(1000)}window.Chatra("openChat")}();\n`;
    const root = tree({ 'js/widgets.min.js': CHATRA_JS, 'bundle.js': longLine, 'big.js': CHATRA_JS + `// ${'x'.repeat(20_000)}\n`, 'small.js': CHATRA_JS });
    const report = await migrate([root], { maxSize: 20_000 });
    expect(file(report, 'js/widgets.min.js')).toMatchObject({ status: 'skipped', reason: 'minified' });
    expect(file(report, 'bundle.js')).toMatchObject({ status: 'skipped', reason: 'minified' });
    expect(file(report, 'big.js')).toMatchObject({ status: 'skipped', reason: 'too-large' });
    expect(text(root, 'js/widgets.min.js')).toBe(CHATRA_JS);
    expect(text(root, 'bundle.js')).toBe(longLine);
    expect(file(report, 'small.js')?.status).toBe('changed');
  });

  it('reports a file that does not parse without corrupting it, and carries on', async () => {
    const broken = "Chatra('openChat';\nfunction ( {\n";
    const root = tree({ 'broken.js': broken, 'good.js': CHATRA_JS });
    const engine = transformFile('broken.js', broken, {});
    expect(engine.parseError).toBeTruthy();
    const report = await migrate([root]);
    expect(text(root, 'broken.js')).toBe(engine.output ?? broken);
    const entry = file(report, 'broken.js')!;
    if (engine.output === null) expect(entry).toMatchObject({ status: 'failed', reason: 'parse-error' });
    else expect(entry.status).toBe('changed');
    expect(entry.findings.some((f) => f.kind === 'warning' && /pars/.test(f.rule))).toBe(true);
    expect(text(root, 'good.js')).toBe(expected('good.js', CHATRA_JS));
  });

  it('locates findings by line and column', async () => {
    const source = "// header\nconst id = window.ChatraID;\n";
    const root = tree({ 'id.js': source });
    const report = await migrate([root], { dryRun: true });
    const engine = transformFile('id.js', source, {});
    const entry = file(report, 'id.js');
    expect(entry?.findings.length ?? 0).toBe(engine.findings.length);
    for (const [i, finding] of (entry?.findings ?? []).entries()) {
      const before = source.slice(0, finding.offset);
      expect(finding.line).toBe(before.split('\n').length);
      expect(finding.column).toBe(finding.offset - before.lastIndexOf('\n'));
      expect(finding.message).toBe([...engine.findings].sort((a, b) => a.offset - b.offset)[i].message);
    }
  });
});

describe('migrate: fixture sites through the whole pipeline', () => {
  const sites = path.join(import.meta.dirname, '../../fixtures/sites');
  /** Every file under `dir` as bytes, by relative path. */
  const snapshot = (dir: string) =>
    new Map(
      (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((e) => e.isFile())
        .map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name)).toString('base64')]),
    );

  const names = readdirSync(sites).filter((name) => existsSync(path.join(sites, name, 'before')));
  it.each(names)('%s: before becomes exactly after, and a second run changes nothing', async (site) => {
    const root = path.join(scratch, `fixture-${site}`);
    cpSync(path.join(sites, site, 'before'), root, { recursive: true });
    const first = await migrate([root]);
    expect(first.summary.failed).toBe(0);
    expect(first.summary.changed).toBeGreaterThan(0);
    expect(snapshot(root)).toEqual(snapshot(path.join(sites, site, 'after')));
    const second = await migrate([root]);
    expect(second.summary.changed).toBe(0);
  });
});

describe('migrate: what is looked at', () => {
  it('honors .gitignore at every level, .git/info/exclude, and skips node_modules', async () => {
    const root = tree({
      '.gitignore': 'build/\n*.log.js\n',
      '.git/info/exclude': 'private.js\n',
      'build/out.js': CHATRA_JS,
      'trace.log.js': CHATRA_JS,
      'private.js': CHATRA_JS,
      'node_modules/@chatra/chatra/index.js': CHATRA_JS,
      'src/.gitignore': 'gen/\n!keep.log.js\n',
      'src/gen/a.js': CHATRA_JS,
      'src/keep.log.js': CHATRA_JS,
      'src/app.js': CHATRA_JS,
    });
    const report = await migrate([root], { dryRun: true });
    const changed = report.files.filter((f) => f.status === 'changed').map((f) => f.path);
    expect(changed).toEqual(['src/app.js', 'src/keep.log.js']);
    expect(file(report, 'build')).toMatchObject({ status: 'skipped', reason: 'gitignored' });
    expect(file(report, 'trace.log.js')).toMatchObject({ status: 'skipped', reason: 'gitignored' });
    expect(file(report, 'private.js')).toMatchObject({ status: 'skipped', reason: 'gitignored' });
    expect(file(report, 'src/gen')).toMatchObject({ status: 'skipped', reason: 'gitignored' });
    expect(file(report, 'node_modules')).toMatchObject({ status: 'skipped', reason: 'node_modules' });
    expect(report.files.some((f) => f.path.startsWith('.git/'))).toBe(false);
  });

  it('never enters vendored third-party folders', async () => {
    const root = tree({
      'vendor/chatra/chatra-sdk.js': CHATRA_JS,
      'public/bower_components/chatra/index.js': CHATRA_JS,
      'jspm_packages/npm/chatra.js': CHATRA_JS,
      'src/app.js': CHATRA_JS,
    });
    const report = await migrate([root], { dryRun: true });
    expect(report.files.filter((f) => f.status === 'changed').map((f) => f.path)).toEqual(['src/app.js']);
    for (const dir of ['vendor', 'public/bower_components', 'jspm_packages']) {
      expect(file(report, dir)).toMatchObject({ status: 'skipped', reason: 'vendored' });
    }
  });

  it('applies include and exclude globs', async () => {
    const root = tree({ 'a.js': CHATRA_JS, 'b.html': CHATRA_HTML, 'legacy/c.js': CHATRA_JS, 'lib/d.js': CHATRA_JS });
    const report = await migrate([root], { dryRun: true, include: ['*.js'], exclude: ['legacy/'] });
    expect(report.files.filter((f) => f.status === 'changed').map((f) => f.path)).toEqual(['a.js', 'lib/d.js']);
    expect(file(report, 'legacy')).toMatchObject({ status: 'skipped', reason: 'excluded' });
  });

  it('does not hang on symlink loops and never follows a link out of the root', async () => {
    const outside = tree({ 'secret.js': CHATRA_JS });
    const root = tree({ 'site/app.js': CHATRA_JS });
    symlinkSync('..', path.join(root, 'site/loop'));
    symlinkSync(path.join(root, 'site'), path.join(root, 'site/self'));
    symlinkSync(outside, path.join(root, 'site/outside'));
    symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'site/secret.js'));
    const report = await migrate([root]);
    expect(text(outside, 'secret.js')).toBe(CHATRA_JS);
    expect(text(root, 'site/app.js')).toBe(expected('app.js', CHATRA_JS));
    expect(file(report, 'site/outside')).toMatchObject({ status: 'skipped', reason: 'symlink-outside-root' });
    expect(file(report, 'site/secret.js')).toMatchObject({ status: 'skipped', reason: 'symlink-outside-root' });
    expect(file(report, 'site/loop')).toMatchObject({ status: 'skipped', reason: 'symlink' });
    expect(report.summary.changed).toBe(1);
    expect(statSync(path.join(root, 'site/secret.js')).isFile()).toBe(true);
    expect((await fsp.lstat(path.join(root, 'site/secret.js'))).isSymbolicLink()).toBe(true);
  });

  it('processes a file once when roots overlap', async () => {
    const root = tree({ 'js/app.js': CHATRA_JS });
    const report = await migrate([root, path.join(root, 'js'), path.join(root, 'js/app.js')]);
    expect(report.summary).toMatchObject({ scanned: 1, changed: 1, failed: 0 });
    expect(text(root, 'js/app.js')).toBe(expected('app.js', CHATRA_JS));
  });

  it('takes a file given by name, and fails with PathError on a missing path', async () => {
    const root = tree({ 'one.js': CHATRA_JS, 'two.js': CHATRA_JS });
    const report = await migrate([path.join(root, 'one.js')]);
    expect(report.summary).toMatchObject({ scanned: 1, changed: 1 });
    expect(text(root, 'two.js')).toBe(CHATRA_JS);
    await expect(migrate([path.join(root, 'missing')])).rejects.toBeInstanceOf(PathError);
  });
});

describe('migrate: check mode', () => {
  it('lists what would change as references, and nothing once migrated', async () => {
    const root = tree({ 'app.js': CHATRA_JS, 'plain.js': 'let a = 1;\n' });
    const check = await migrate([root], { check: true });
    expect(text(root, 'app.js')).toBe(CHATRA_JS);
    const refs = file(check, 'app.js')!.findings.filter((f) => f.kind === 'reference');
    expect(refs.map((f) => f.line)).toEqual([1, 2]);
    expect(refs[0].column).toBe(CHATRA_JS.indexOf('Chatra') + 1);
    expect(check.summary.references).toBe(2);

    await migrate([root]);
    expect((await migrate([root], { check: true })).summary.references).toBe(0);
  });
});

describe('atomic writes', () => {
  /** Steps whose `fail` step throws, optionally after writing half of the data. */
  function failing(fail: 'open' | 'write' | 'sync' | 'rename'): WriteSteps {
    return {
      async open(file, flags, mode) {
        if (fail === 'open') throw Object.assign(new Error('EIO'), { code: 'EIO' });
        const handle = await fsp.open(file, flags, mode);
        if (fail === 'write') {
          return Object.assign(Object.create(handle) as FileHandle, {
            writeFile: async (data: Uint8Array) => {
              await handle.write(data.subarray(0, data.length >> 1));
              throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
            },
            close: () => handle.close(),
          });
        }
        if (fail === 'sync') {
          return Object.assign(Object.create(handle) as FileHandle, {
            writeFile: (data: Uint8Array) => handle.writeFile(data),
            sync: async () => {
              throw Object.assign(new Error('EIO'), { code: 'EIO' });
            },
            close: () => handle.close(),
          });
        }
        return handle;
      },
      rename: async (from, to) => {
        if (fail === 'rename') throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
        await fsp.rename(from, to);
      },
      unlink: fsp.unlink,
    };
  }

  for (const step of ['open', 'write', 'sync', 'rename'] as const) {
    it(`a failure at ${step} leaves the original intact and no temporary file`, async () => {
      const root = tree({ 'a.js': CHATRA_JS, 'b.js': CHATRA_JS });
      const report = await migrate([root], { writeSteps: failing(step), jobs: 1 });
      expect(text(root, 'a.js')).toBe(CHATRA_JS);
      expect(text(root, 'b.js')).toBe(CHATRA_JS);
      expect(temps(root)).toEqual([]);
      expect(report.summary.failed).toBe(2);
      expect(file(report, 'a.js')?.reason).toMatch(/^io-error: E/);
    });
  }

  it('writeAtomic replaces the file with the given mode', async () => {
    const root = tree({ 'x.sh': 'old' });
    await writeAtomic(path.join(root, 'x.sh'), Buffer.from('new'), 0o100750);
    expect(text(root, 'x.sh')).toBe('new');
    expect(statSync(path.join(root, 'x.sh')).mode & 0o777).toBe(0o750);
    expect(temps(root)).toEqual([]);
  });

  it('a later run removes temporary files left by a killed run, and a dry run ignores them', async () => {
    const stale = `.app.js${TEMP_MARKER}2147483646-deadbeef`;
    const root = tree({ 'app.js': CHATRA_JS, [stale]: 'half' });
    const dry = await migrate([root], { dryRun: true });
    expect(temps(root)).toEqual([stale]);
    expect(dry.files.some((f) => f.path.includes(TEMP_MARKER))).toBe(false);
    const report = await migrate([root]);
    expect(temps(root)).toEqual([]);
    expect(report.warnings?.some((w) => w.includes('interrupted run'))).toBe(true);
  });
});

describe('git safety', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'pipe' });

  it('refuses to write over uncommitted changes unless forced, listing them', async () => {
    const root = tree({ 'app.js': CHATRA_JS, 'other.js': 'let a;\n' });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'init');
    const clean = await migrate([root], { include: ['other.js'] });
    expect(clean.warnings).toEqual([]);

    writeFileSync(path.join(root, 'other.js'), 'let b;\n');
    const refusal = await migrate([root]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrateError);
    expect((refusal as MigrateError).details).toEqual([' M other.js']);
    expect(text(root, 'app.js')).toBe(CHATRA_JS);

    expect((await migrate([root], { dryRun: true })).summary.changed).toBe(1);
    await migrate([root], { force: true });
    expect(text(root, 'app.js')).toBe(expected('app.js', CHATRA_JS));
  });

  it('warns once outside a git work tree', async () => {
    const a = tree({ 'a.js': CHATRA_JS });
    const b = tree({ 'b.js': CHATRA_JS });
    const report = await migrate([a, b]);
    expect(report.warnings).toEqual([expect.stringMatching(/not inside a git work tree/)]);
  });
});
