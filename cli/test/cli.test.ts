import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { transformFile } from '../../codemod/engine.js';
import { progressBar } from '../../codemod/progress.js';
import { run, type Output } from '../run.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'svyazio-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function tree(files: Record<string, string>): string {
  const root = path.join(scratch, `t${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

class Capture implements Output {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
}

async function cli(argv: string[], tty = false) {
  const stdout = new Capture(tty);
  const stderr = new Capture(tty);
  const code = await run(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const CHATRA_JS = "window.Chatra('openChat', true);\nChatra('setColors', { buttonBg: '#fff' });\n";
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const migrated = (text: string, options = {}) => transformFile('app.js', text, options).output;

/** One line, no stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp) {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('svyazio-migrate flags', () => {
  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the flags, exit codes and examples', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--dry-run', '--check', '--json', '--org-id', '--script-url', '--include', '--exclude', '--jobs', '--max-size', '--force', '--quiet', '--verbose', 'preview']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/Examples:\n\s+\$ svyazio-migrate --dry-run/);
    expect(stdout).toMatch(/Exit codes: 0 .*1 .*2 /);
  });

  it('migrates in place, prints a summary and exits 0', async () => {
    const root = tree({ 'app.js': CHATRA_JS, 'README.md': 'Chatra\n' });
    const { code, stdout, stderr } = await cli([root]);
    expect(code).toBe(0);
    expect(read(root, 'app.js')).toBe(migrated(CHATRA_JS));
    expect(stdout).toMatch(/^2 files scanned: 1 changed, 1 unchanged, 0 skipped, 0 failed$/m);
    expect(stdout).toMatch(/^changes per rule: /m);
    expect(stdout).toMatch(/^warning: not inside a git work tree/m);
    expect(stderr).toBe('');
  });

  it('--quiet prints nothing on success', async () => {
    const root = tree({ 'app.js': CHATRA_JS });
    expect(await cli(['--quiet', root])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(read(root, 'app.js')).toBe(migrated(CHATRA_JS));
  });

  it('--dry-run prints a diff on stdout, the summary on stderr, and writes nothing', async () => {
    const root = tree({ 'app.js': CHATRA_JS });
    const { code, stdout, stderr } = await cli(['--dry-run', root]);
    expect(code).toBe(0);
    expect(read(root, 'app.js')).toBe(CHATRA_JS);
    expect(stdout).toContain(`--- a${root}/app.js`);
    expect(stdout).toContain("-window.Chatra('openChat', true);");
    expect(stdout).not.toContain('\x1b[');
    expect(stderr).toMatch(/1 would change/);

    const tty = await cli(['--dry-run', root], true);
    expect(tty.stdout).toContain("\x1b[31m-window.Chatra('openChat', true);\x1b[0m");
  });

  it('--check lists references as file:line:col rule message, exits 1, and 0 once migrated', async () => {
    const root = tree({ 'app.js': CHATRA_JS });
    const before = await cli(['--check', root]);
    expect(before.code).toBe(1);
    expect(before.stderr).toBe('');
    const lines = before.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${lines.length - 1} Chatra references left`);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(new RegExp(`^${root}/app\\.js:\\d+:\\d+ \\S+ \\S`));
    expect(read(root, 'app.js')).toBe(CHATRA_JS);

    expect((await cli(['--quiet', root])).code).toBe(0);
    expect(await cli(['--check', root])).toEqual({ code: 0, stdout: 'no Chatra references left\n', stderr: '' });
  });

  it('--json with --check prints the references as JSON and exits 1', async () => {
    const root = tree({ 'app.js': CHATRA_JS });
    const { code, stdout } = await cli(['--json', '--check', root]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary.references).toBeGreaterThan(0);
    expect(report.files[0].findings.filter((f: { kind: string }) => f.kind === 'reference')).toHaveLength(report.summary.references);
    expect(read(root, 'app.js')).toBe(CHATRA_JS);
  });

  it('--json prints the report', async () => {
    const root = tree({ 'app.js': CHATRA_JS });
    const { code, stdout } = await cli(['--json', '--dry-run', root]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ version: 1, roots: [root], dryRun: true, summary: { scanned: 1, changed: 1 } });
    expect(report.files[0]).toMatchObject({ path: 'app.js', root, status: 'changed' });
  });

  it('--org-id and --script-url reach the engine', async () => {
    const source = "window.ChatraID = 'old';\nvar s = 'https://call.chatra.io/chatra.js';\n";
    const root = tree({ 'app.js': source });
    const options = { orgId: 'org-42', scriptUrl: 'https://cdn.example/w.js' };
    expect((await cli(['--quiet', '--org-id', 'org-42', '--script-url', 'https://cdn.example/w.js', root])).code).toBe(0);
    expect(read(root, 'app.js')).toBe(transformFile('app.js', source, options).output);
  });

  it('--include and --exclude are repeatable globs', async () => {
    const root = tree({ 'a.js': CHATRA_JS, 'b.js': CHATRA_JS, 'old/c.js': CHATRA_JS, 'x.html': '<script>Chatra("openChat")</script>\n' });
    const { code } = await cli(['--quiet', '--include', '*.js', '--include', 'old/**', '--exclude', 'b.js', '--exclude', 'old/', root]);
    expect(code).toBe(0);
    expect(read(root, 'a.js')).toBe(migrated(CHATRA_JS));
    expect(read(root, 'b.js')).toBe(CHATRA_JS);
    expect(read(root, 'old/c.js')).toBe(CHATRA_JS);
    expect(read(root, 'x.html')).toBe('<script>Chatra("openChat")</script>\n');
  });

  it('--max-size and --jobs take units and numbers', async () => {
    const root = tree({ 'app.js': CHATRA_JS + `// ${'x'.repeat(3000)}\n` });
    const { code, stdout } = await cli(['--dry-run', '--json', '--max-size', '2k', '--jobs', '3', root]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).files[0]).toMatchObject({ status: 'skipped', reason: 'too-large' });
  });

  it('--verbose lists skipped files one by one', async () => {
    const root = tree({ 'node_modules/x/index.js': CHATRA_JS, 'app.js': 'let a;\n' });
    const { stdout } = await cli(['--verbose', root]);
    expect(stdout).toMatch(/^skipped: node_modules 1$/m);
    expect(stdout).toMatch(/^ {2}.*node_modules \(node_modules\)$/m);
  });
});

describe('svyazio-migrate output', () => {
  it('the summary lists to-dos as file:line:col and skipped files by reason', async () => {
    const root = path.join(scratch, 'static');
    cpSync(path.join(import.meta.dirname, '../../fixtures/sites/static-html/before'), root, { recursive: true });
    const { code, stdout } = await cli(['--dry-run', '--json', root]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const todos = report.files.flatMap((f: { path: string; findings: { kind: string; line: number; column: number }[] }) =>
      f.findings.filter((x) => x.kind === 'todo').map((x) => `${root}/${f.path}:${x.line}:${x.column} `),
    );
    expect(todos.length).toBe(report.summary.todos);
    expect(todos.length).toBeGreaterThan(0);

    const text = await cli([root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`to-dos (${todos.length}):\n`);
    for (const todo of todos) expect(text.stdout).toContain(`  ${todo}`);
    expect(text.stdout).toMatch(/^skipped: .*gitignored 1/m);
    expect((await cli([root])).stdout).toMatch(/: 0 changed,/);
  });

  it('draws a progress bar only on a TTY, and erases it', () => {
    const piped = new Capture(false);
    const bar = progressBar(piped);
    bar.update({ done: 1, total: 2, path: 'a.js' });
    bar.done();
    expect(piped.text).toBe('');

    const tty = new Capture(true);
    const live = progressBar(tty);
    live.update({ done: 1, total: 2, path: 'a.js' });
    live.update({ done: 2, total: 2, path: 'b.js' });
    live.done();
    expect(tty.text).toContain(`[${'#'.repeat(15)}${'.'.repeat(15)}] 1/2 a.js`);
    expect(tty.text).toContain(`[${'#'.repeat(30)}] 2/2 b.js`);
    expect(tty.text.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('svyazio-migrate errors and exit codes', () => {
  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--jobs', 'zero'], /--jobs <n>.*positive whole number/],
    [['--max-size', 'huge'], /--max-size.*size such as/],
    [['--script-url', 'javascript:alert(1)'], /--script-url.*http\(s\)/],
    [['--quiet', '--verbose', '.'], /--quiet and --verbose cannot be used together/],
    [['preview', '--port', 'x'], /--port.*port number/],
  ])('%j → exit 2 with one line', async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr, message);
  });

  it('an unreadable path exits 2', async () => {
    const missing = path.join(scratch, 'nope');
    const { code, stderr } = await cli([missing]);
    expect(code).toBe(2);
    expectOneLineError(stderr, new RegExp(`^svyazio-migrate: cannot read ${missing}: ENOENT\n$`));
  });

  it('a dirty git tree is refused with the changes listed, exit 2; --force writes', async () => {
    const root = tree({ 'app.js': CHATRA_JS, 'other.js': 'let a;\n' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    writeFileSync(path.join(root, 'other.js'), 'let b;\n');
    writeFileSync(path.join(root, 'new.js'), 'let c;\n');
    const refused = await cli([root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`svyazio-migrate: ${root} has uncommitted changes; commit or stash them, or pass --force\n   M other.js\n  ?? new.js\n`);
    expect(read(root, 'app.js')).toBe(CHATRA_JS);

    const forced = await cli(['--force', root]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toMatch(/warning/);
    expect(read(root, 'app.js')).toBe(migrated(CHATRA_JS));
  });
});

describe('svyazio-migrate preview', () => {
  it('serves the directory until told to stop', async () => {
    const root = tree({ 'index.html': '<!doctype html><title>hi</title>\n' });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stdout = new Capture();
    const stderr = new Capture();
    const done = run(['preview', root, '--port', '0'], { stdout, stderr, stop: stopped });
    await expect.poll(() => stdout.text, { timeout: 10_000 }).toMatch(/preview: http/);
    const url = /preview: (\S+)/.exec(stdout.text)![1];
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>hi</title>');
    stop();
    expect(await done).toBe(0);
  });
});
