/**
 * `svyazio-migrate preview`: serves a site with the local widget bundle, a
 * protocol v1 backend and an operator console, so a site can be chatted on
 * before or after migration.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from './server/backend';
import { CONSOLE_PATH, createSiteHandler } from './server/http';
import { ConversationStore } from './server/store';

export interface PreviewOptions {
  dir: string;
  port?: number;
  host?: string;
  /** Where conversations are kept; default: a per-site folder in the user's cache dir. */
  storeDir?: string;
  /** Only these orgs may connect; any org when absent. */
  orgs?: readonly string[];
  /** The widget bundle to serve; default: this package's dist/svyazio.js. */
  widgetFile?: string;
  log?: (s: string) => void;
}

export interface Preview {
  url: string;
  consoleUrl: string;
  storeDir: string;
  backend: Backend;
  close(): Promise<void>;
}

export async function runPreview(options: PreviewOptions): Promise<Preview> {
  const root = resolve(options.dir);
  const storeDir = resolve(options.storeDir ?? defaultStoreDir(root));
  const log = options.log ?? ((s: string) => console.log(s));
  const host = options.host ?? '127.0.0.1';
  const store = new ConversationStore(storeDir);
  const backend = new Backend({ store, orgs: options.orgs, log, host });

  const server = createServer();
  const address = () => {
    const a = server.address() as AddressInfo;
    return `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  };
  server.on('request', createSiteHandler({ root, widgetFile: options.widgetFile ?? packageWidgetFile(), fallbackHost: address }));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!backend.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 8787, host, () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (err) {
    await backend.close();
    store.close();
    throw err;
  }

  const url = `http://${address()}/`;
  const consoleUrl = `http://${address()}${CONSOLE_PATH}`;
  log(`Serving ${root}`);
  log(`  site:     ${url}`);
  log(`  console:  ${consoleUrl}`);
  log(`  widget:   ${url}widget/svyazio.js (Svyazio and Chatra script URLs in HTML point here)`);
  log(`  store:    ${storeDir} (delete it to forget all conversations)`);
  if (!/^(127\.|::1$|localhost$)/.test(host)) log(`Warning: listening on ${host}: anyone who can reach it can read and answer conversations in the console.`);

  let closing: Promise<void> | undefined;
  return {
    url,
    consoleUrl,
    storeDir,
    backend,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((done) => server.close(() => done()));
        await backend.close();
        server.closeAllConnections();
        await stopped;
        store.close();
      })()),
  };
}

function defaultStoreDir(root: string): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const id = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return join(cache, 'svyazio-migrate', `preview-${id}`);
}

/** The package's dist/svyazio.js, found from this module whether it runs bundled (dist/) or from source (cli/). */
function packageWidgetFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'svyazio-migrate') return join(dir, 'dist', 'svyazio.js');
    const parent = dirname(dir);
    if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), 'svyazio.js');
    dir = parent;
  }
}
