/** `svyazio-migrate preview` as a process: Ctrl-C stops it cleanly, and a hard kill loses no acked message. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hello, openSocket } from './ws-client';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

let site: string;
let cache: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\``);
  site = mkdtempSync(join(tmpdir(), 'svz-site-'));
  cache = mkdtempSync(join(tmpdir(), 'svz-cache-'));
  writeFileSync(join(site, 'index.html'), '<p>site</p>');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(site, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

/** Starts the CLI with its default store location under a private cache dir; resolves with the URL it prints. */
async function preview(): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'preview', site, '--port', '0'], { env: { ...process.env, XDG_CACHE_HOME: cache } });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /preview: (http:\/\/\S+?)\/? /.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));

it('says where it keeps conversations and stops cleanly on SIGINT', async () => {
  const { child, url, stderr } = await preview();
  expect(stderr()).toContain(join(cache, 'svyazio-migrate'));
  const s = await openSocket(`${url.replace('http', 'ws')}/widget/ws`);
  s.send(hello());
  await s.next((f) => f.t === 'welcome');
  const done = exited(child);
  child.kill('SIGINT');
  expect(await done).toEqual({ code: 0, signal: null });
  await s.closed;
});

it('keeps every acked message through a SIGKILL', async () => {
  const first = await preview();
  const s = await openSocket(`${first.url.replace('http', 'ws')}/widget/ws`);
  s.send(hello({ clientId: 'u1' }));
  await s.next((f) => f.t === 'welcome');
  for (let i = 0; i < 20; i++) s.send({ t: 'msg', id: `m${i}`, text: `text ${i}`, createdAt: i });
  for (let i = 0; i < 20; i++) await s.next((f) => f.t === 'ack');
  const killed = exited(first.child);
  first.child.kill('SIGKILL');
  await killed;

  const second = await preview();
  const again = await openSocket(`${second.url.replace('http', 'ws')}/widget/ws`);
  again.send(hello({ visitorId: 'v2', clientId: 'u1' }));
  const welcome = await again.next((f) => f.t === 'welcome');
  expect(welcome.history.map((m: any) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  await again.close();
});
