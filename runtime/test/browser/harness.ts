/**
 * What every real-Chromium test needs: Debian's chromium driven by
 * playwright-core, a static server on 127.0.0.1, and routing of the widget's
 * public URLs (Chatra's and Svyazio's) to the local bundle. The codemod's e2e
 * test reuses it.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROTOCOL_VERSION, WIDGET_WS_PATH, type ClientFrame, type ServerFrame } from '../../protocol';
import { CHATRA_HOSTS, CHATRA_SCRIPT_PATH, SCRIPT_URL } from '../../surface';

export const CHROMIUM = '/usr/bin/chromium';
/** The package root, found from wherever this module runs (source or a bundled bench). */
export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const WIDGET_BUNDLE = join(REPO_ROOT, 'dist/svyazio.js');

function findRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'runtime/surface.ts'))) return d;
    if (dirname(d) === d) throw new Error(`no package root above ${dir}`);
  }
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's chromium when it is missing and we may; otherwise says how, in one line. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing: run \`sudo apt-get update && sudo apt-get install -y chromium\``);
  }
  execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

export function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export function requireBundle(): string {
  if (!existsSync(WIDGET_BUNDLE)) throw new Error(`${WIDGET_BUNDLE} is missing: run \`npm run build\``);
  return WIDGET_BUNDLE;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface ServerOptions {
  /** Directory served at `/`. */
  root: string;
  /** Extra response headers for exact request paths (e.g. a CSP for one page). */
  headers?: Record<string, Record<string, string>>;
  /** Paths answered from memory instead of the disk. */
  files?: Record<string, string>;
  /** Called for every request, e.g. to assert what a page fetched. */
  onRequest?: (path: string, headers: IncomingHttpHeaders) => void;
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  origin: string;
  close(): Promise<void>;
}

/** A static file server on 127.0.0.1 and a random port; never serves outside `root`. */
export async function startServer(options: ServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    options.onRequest?.(path, req.headers);
    const headers = options.headers?.[path] ?? {};
    const memory = options.files?.[path];
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (memory !== undefined) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'text/plain', ...headers });
      res.end(memory);
    } else if ((file === root || file.startsWith(root + sep)) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Chatra's script URLs (every host, http and https) and Svyazio's. */
export const WIDGET_URLS: (string | RegExp)[] = [
  SCRIPT_URL,
  new RegExp(`^https?://(${CHATRA_HOSTS.map((h) => h.replace(/\./g, '\\.')).join('|')})${CHATRA_SCRIPT_PATH.replace(/\./g, '\\.')}$`),
];

/**
 * Serves the local bundle wherever a page asks for Chatra's or Svyazio's
 * script, and makes every other off-machine request fail at once (there is no
 * network here, and a hanging request would slow the tests down).
 */
export async function routeWidget(page: Page): Promise<void> {
  const body = readFileSync(requireBundle());
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('internetdisconnected'));
  for (const url of WIDGET_URLS) {
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body }));
  }
}

export interface FakeBackend {
  /** Every frame the widget sent, in order. */
  frames: ClientFrame[];
  /** Sockets the widget has open right now. */
  openSockets(): number;
}

/**
 * Answers the widget's WebSocket inside Playwright, so nothing leaves the
 * machine: a welcome to the hello, a pong to each ping, an ack to each message.
 */
export async function fakeBackend(page: Page, options: { agentsOnline?: boolean } = {}): Promise<FakeBackend> {
  const frames: ClientFrame[] = [];
  let open = 0;
  await page.routeWebSocket(new RegExp(`${WIDGET_WS_PATH}(\\?|$)`), (ws) => {
    open++;
    ws.onClose(() => open--);
    const reply = (frame: ServerFrame) => ws.send(JSON.stringify(frame));
    ws.onMessage((data) => {
      const frame = JSON.parse(String(data)) as ClientFrame;
      frames.push(frame);
      if (frame.t === 'hello') {
        reply({ t: 'welcome', v: PROTOCOL_VERSION, visitorId: 'v-test', history: [], agentsOnline: options.agentsOnline ?? true });
      } else if (frame.t === 'ping') reply({ t: 'pong' });
      else if (frame.t === 'msg') reply({ t: 'ack', id: frame.id, createdAt: frame.createdAt });
    });
  });
  return { frames, openSockets: () => open };
}
