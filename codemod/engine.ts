/**
 * One file's text in, its migrated text out: picks the host by file name,
 * runs its rules, splices the edits once. Pure: no I/O.
 */
import { rewriteCss, type CssLang } from './css.js';
import { rewriteServerConfig } from './hosts.js';
import { rewriteMarkup } from './html.js';
import { blankSpans, dialectFor, maskScript, templateSpans, type Dialect } from './mask.js';
import { leftoverReferences } from './leftovers.js';
import { rewriteMarkdown } from './markdown.js';
import { rewritePackageJson } from './package-json.js';
import { CHATRA_PREFILTER, isStackOverflow, rewriteScript, tooDeep, type ScriptLang } from './script.js';
import { applyEdits } from './splice.js';
import type { Edit, FileResult, Finding, MigrateOptions } from './types.js';

type Host =
  | { kind: 'script'; lang: ScriptLang }
  | { kind: 'markup' }
  | { kind: 'css'; lang: CssLang }
  | { kind: 'package-json' }
  | { kind: 'markdown' }
  | { kind: 'server-config' }
  /** Sources the engine cannot parse (Pug): nothing is rewritten, leftovers are reported. */
  | { kind: 'report-only' }
  /** A script or stylesheet run through a template engine first, e.g. Shopify's `theme.scss.liquid`. */
  | { kind: 'templated'; inner: Extract<Host, { kind: 'script' | 'css' }>; dialect: Dialect };

const SCRIPT_LANGS: Readonly<Record<string, ScriptLang>> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'tsx',
};
// Where hosting and server configs set Content-Security-Policy headers.
const SERVER_CONFIG = /^(?:\.htaccess|_headers|web\.config|caddyfile|vercel\.json|now\.json|firebase\.json|staticwebapp\.config\.json|netlify\.toml|content_security_policy\.rb|.+\.conf|.+\.ya?ml)$/;
const CSS_LANGS: Readonly<Record<string, CssLang>> = { css: 'css', scss: 'scss', sass: 'sass', less: 'less', pcss: 'css', postcss: 'css', styl: 'stylus' };

// Template languages whose markup is not HTML-shaped (Pug, Haml, Slim) or whose tags the
// masker does not know: the engine reads them only to report what is left.
const REPORT_ONLY = new Set(['pug', 'jade', 'haml', 'slim', 'ftl', 'ftlh', 'vm', 'mako', 'cfm', 'cfml', 'dust', 'latte']);

function hostFor(path: string): Host | null {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'package.json') return { kind: 'package-json' };
  if (SERVER_CONFIG.test(name)) return { kind: 'server-config' };
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  if (SCRIPT_LANGS[ext]) return { kind: 'script', lang: SCRIPT_LANGS[ext] };
  if (CSS_LANGS[ext]) return { kind: 'css', lang: CSS_LANGS[ext] };
  if (ext === 'md' || ext === 'mdx') return { kind: 'markdown' };
  if (REPORT_ONLY.has(ext)) return { kind: 'report-only' };
  const dialect = dialectFor(name);
  if (dialect === null) return null;
  const inner = name.slice(0, name.lastIndexOf('.'));
  const innerExt = inner.includes('.') ? inner.slice(inner.lastIndexOf('.') + 1) : '';
  if (dialect !== 'html' && dialect !== 'sfc') {
    if (SCRIPT_LANGS[innerExt]) return { kind: 'templated', inner: { kind: 'script', lang: SCRIPT_LANGS[innerExt] }, dialect };
    if (CSS_LANGS[innerExt]) return { kind: 'templated', inner: { kind: 'css', lang: CSS_LANGS[innerExt] }, dialect };
  }
  return { kind: 'markup' };
}

/** Whether the engine has rules for this file; discovery skips the rest. */
export function canHandle(path: string): boolean {
  return hostFor(path.replace(/\\/g, '/')) !== null;
}

export function transformFile(path: string, text: string, options: MigrateOptions): FileResult {
  const host = hostFor(path.replace(/\\/g, '/'));
  if (!host || !CHATRA_PREFILTER.test(text)) return { output: null, edits: {}, findings: [] };
  let result: HostResult;
  try {
    result = hostEdits(host, path, text, options);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    const { findings, parseError } = tooDeep();
    return { output: null, edits: {}, findings, parseError };
  }
  const { edits, findings, parseError } = result;
  if (edits === null) return { output: null, edits: {}, findings, parseError };
  const counts: Record<string, number> = {};
  for (const edit of edits) counts[edit.rule] = (counts[edit.rule] ?? 0) + 1;
  const output = applyEdits(text, edits);
  // Prose hosts hold Chatra by name on purpose; everywhere else a code-shaped leftover is reported.
  if (host.kind !== 'markdown' && host.kind !== 'package-json') findings.push(...leftoverReferences(text, output, edits, findings, isTyped(host)));
  return { output: output === text ? null : output, edits: counts, findings, ...(parseError ? { parseError } : {}) };
}

function isTyped(host: Host): boolean {
  const script = host.kind === 'templated' ? host.inner : host;
  return script.kind === 'script' && (script.lang === 'ts' || script.lang === 'tsx');
}

interface HostResult {
  /** `null` when the file must be left as it is. */
  edits: Edit[] | null;
  findings: Finding[];
  parseError?: string;
}

function hostEdits(host: Host, path: string, text: string, options: MigrateOptions): HostResult {
  switch (host.kind) {
    case 'script': {
      const result = rewriteScript(text, host.lang, { options });
      // A whole script file that does not parse is left as it is and reported.
      return result.parseError ? { edits: null, findings: result.findings, parseError: result.parseError } : result;
    }
    case 'package-json': {
      const result = rewritePackageJson(text);
      return result.parseError ? { edits: null, findings: [], parseError: result.parseError } : result;
    }
    case 'css':
      return rewriteCss(text, host.lang);
    case 'markup':
      return rewriteMarkup(text, path, options);
    case 'markdown':
      return rewriteMarkdown(text, options, /\.mdx$/i.test(path));
    case 'server-config':
      return rewriteServerConfig(text, options);
    case 'report-only':
      return { edits: [], findings: [] };
    case 'templated': {
      const spans = templateSpans(text, host.dialect);
      if (host.inner.kind === 'css') return rewriteCss(blankSpans(text, spans), host.inner.lang);
      const masked = maskScript(text, spans);
      const result = rewriteScript(masked.text, host.inner.lang, { options, masked: masked.masked });
      return result.parseError ? { edits: null, findings: result.findings, parseError: result.parseError } : result;
    }
  }
}
