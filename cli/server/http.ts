/**
 * The preview's HTTP side: the site's files (no traversal, no dotfiles), the
 * widget bundle at /widget/svyazio.js, the operator console at /__svyazio/, and
 * served HTML with its Svyazio or Chatra script URL pointed at the local bundle
 * and its CSP `<meta>` letting it load — in the response only, never on disk.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { CHATRA_HOSTS, CHATRA_SCRIPT_PATH, SCRIPT_URL, SVYAZIO_HOST } from '../../runtime/surface';
import { CONSOLE_HTML, CONSOLE_JS } from './console';

export const WIDGET_PATH = '/widget/svyazio.js';
export const CONSOLE_PATH = '/__svyazio/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SCRIPT_URLS = [SCRIPT_URL.replace(/^https:/, ''), ...CHATRA_HOSTS.map((h) => `//${h}${CHATRA_SCRIPT_PATH}`)];
const SCRIPT_URL_RE = new RegExp(`(https?:)?(${SCRIPT_URLS.map(escapeRe).join('|')})`, 'g');

/**
 * Points every Svyazio and Chatra script URL at this server. A URL without a scheme
 * stays scheme-relative, because snippets prepend `location.protocol` to it.
 */
export function rewriteScriptUrls(html: string, host: string): string {
  return html
    .replace(SCRIPT_URL_RE, (_m, scheme: string | undefined) => `${scheme ? 'http:' : ''}//${host}${WIDGET_PATH}`)
    .replace(/<script\b[^>]*>/gi, (tag) => (tag.includes(WIDGET_PATH) ? tag.replace(INTEGRITY_ATTR_RE, '') : tag));
}

/** A subresource-integrity hash of the vendor's file would block the local bundle. */
const INTEGRITY_ATTR_RE = /\s+integrity\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i;

const vendorDomains = [SVYAZIO_HOST, ...CHATRA_HOSTS].map((h) => h.split('.').slice(-2).join('.'));
const VENDOR_SOURCE_RE = new RegExp(
  `(?<![\\w.*/:-])(?:[a-z][a-z0-9+.-]*://)?(?:\\*\\.)?(?:[a-z0-9-]+\\.)*(?:${[...new Set(vendorDomains)].map(escapeRe).join('|')})(?![\\w.-])(?::\\d+)?(?:/[^\\s;'"]*)?`,
  'gi',
);
const CSP_META_RE = /<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi;
const CONTENT_ATTR_RE = /(\bcontent\s*=\s*)(["'])([\s\S]*?)\2/i;

/**
 * A policy in a `<meta>` that allows the Svyazio or Chatra hosts must now allow this
 * server, which serves the widget and its socket: those sources become `'self'`.
 */
export function rewriteCspMeta(html: string): string {
  return html.replace(CSP_META_RE, (tag) =>
    tag.replace(CONTENT_ATTR_RE, (_m, prefix: string, quote: string, policy: string) => {
      const self = quote === "'" ? '&#39;self&#39;' : "'self'";
      return `${prefix}${quote}${policy.replace(VENDOR_SOURCE_RE, self)}${quote}`;
    }),
  );
}

export interface SiteHandlerOptions {
  root: string;
  widgetFile: string;
  /** Used when a request has no usable Host header. */
  fallbackHost: () => string;
}

export function createSiteHandler(options: SiteHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const root = resolve(options.root);
  const rootReal = realpath(root).catch(() => root);
  return (req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) text(res, 500, `Internal error: ${err.message}`);
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return text(res, 400, 'Bad request: malformed URL');
    }
    if (pathname.includes('\0')) return text(res, 400, 'Bad request');

    if (pathname === WIDGET_PATH || pathname === `${WIDGET_PATH}.map`) {
      const file = pathname === WIDGET_PATH ? options.widgetFile : `${options.widgetFile}.map`;
      return sendFile(req, res, file, pathname === WIDGET_PATH ? 'Widget bundle missing: run `npm run build`' : undefined);
    }
    if (pathname === CONSOLE_PATH.slice(0, -1)) return redirect(res, CONSOLE_PATH);
    if (pathname === CONSOLE_PATH) return body(req, res, 200, TYPES['.html'], CONSOLE_HTML, consoleHeaders);
    if (pathname === `${CONSOLE_PATH}console.js`) return body(req, res, 200, TYPES['.js'], CONSOLE_JS, consoleHeaders);

    // Dotfiles and dot-folders (.git, .env, the store) are never served.
    if (pathname.split('/').some((part) => part.startsWith('.'))) return text(res, 404, 'Not found');
    let file = resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + sep)) return text(res, 403, 'Forbidden');
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      // Rebuilt from the decoded path so `//host` cannot become an off-site redirect.
      if (!pathname.endsWith('/')) return redirect(res, encodeURI(`/${pathname.replace(/^\/+/, '')}/`));
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile() && !extname(pathname) && /text\/html/.test(req.headers.accept ?? '')) {
      // A client-side route (an SPA reloaded on /account/settings) gets the app's shell.
      file = join(root, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return text(res, 404, 'Not found');
    // A symlink inside the site must not lead outside it.
    const real = await realpath(file);
    const base = await rootReal;
    if (real !== base && !real.startsWith(base + sep)) return text(res, 403, 'Forbidden');

    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      const host = validHost(req.headers.host) ?? options.fallbackHost();
      return body(req, res, 200, type, rewriteCspMeta(rewriteScriptUrls(await readFile(file, 'utf8'), host)));
    }
    return sendFile(req, res, file);
  }
}

const consoleHeaders = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'",
  'X-Content-Type-Options': 'nosniff',
};

function validHost(host: string | undefined): string | undefined {
  return host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : undefined;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, missing?: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return text(res, missing ? 503 : 404, missing ?? 'Not found');
  res.writeHead(200, { 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': info.size });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((done, fail) => {
    createReadStream(file).on('error', fail).pipe(res).on('finish', done).on('error', fail);
  });
}

function body(req: IncomingMessage, res: ServerResponse, status: number, type: string, content: string, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(content);
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': buf.byteLength });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

function text(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': TYPES['.txt'] });
  res.end(`${message}\n`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { Location: location });
  res.end();
}
