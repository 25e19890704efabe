/**
 * Chatra hosts and URLs outside script code: CSP values, preconnect links, the
 * chatra.js `src`, and same-site links to the chat hash. Each helper takes a
 * value and the offset where it starts in the file, and returns file edits.
 */
import { CHATRA_HOSTS, CHATRA_SCRIPT_PATH, HASHES, SCRIPT_URL, SVYAZIO_HOST } from '../runtime/surface.js';
import type { Edit, Finding, MigrateOptions } from './types.js';

export interface HostResult {
  edits: Edit[];
  findings: Finding[];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const HOSTS = CHATRA_HOSTS.map(escape).join('|');
// A CSP source naming a Chatra host (or all of them): optional scheme, the host, optional port and slash.
const CSP_SOURCE = new RegExp(`^((?:[a-z][a-z0-9+.-]*:)?(?://)?)(?:\\*\\.chatra\\.io|${HOSTS})((?::\\d+|:\\*)?/?)$`, 'i');
const SCRIPT_SRC = new RegExp(`^(?:https?:)?//(?:${HOSTS})${escape(CHATRA_SCRIPT_PATH)}(?:[?#].*)?$`, 'i');
const ORIGIN = new RegExp(`^((?:https?:)?//)(?:${HOSTS})(/?)$`, 'i');
const CHAT_PAGE = /^(?:https?:)?\/\/chat\.chatra\.io\/?\?/i;

const SCRIPT_DIRECTIVES = new Set(['script-src', 'script-src-elem', 'default-src']);

/** The host of a `--script-url` elsewhere than the Svyazio host: script directives must allow it too. */
function scriptHost(options: MigrateOptions): string | null {
  if (options.scriptUrl === undefined) return null;
  try {
    const { host } = new URL(options.scriptUrl, `https://${SVYAZIO_HOST}`);
    return host.toLowerCase() === SVYAZIO_HOST ? null : host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * A Content-Security-Policy value: Chatra sources become the Svyazio host, once
 * per directive (later Chatra sources in the same directive are removed).
 */
export function cspEdits(value: string, offset: number, options: MigrateOptions = {}): Edit[] {
  const edits: Edit[] = [];
  const extraHost = scriptHost(options);
  let directiveStart = 0;
  for (const directive of value.split(';')) {
    const tokens = [...directive.matchAll(/\S+/g)];
    const present = new Set(tokens.map((t) => t[0].toLowerCase()));
    // Added to the first Chatra source of a script directive that does not list it yet.
    let addHost =
      extraHost !== null &&
      SCRIPT_DIRECTIVES.has(tokens[0]?.[0].toLowerCase() ?? '') &&
      !tokens.some((t) => t[0].toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/$/, '') === extraHost)
        ? extraHost
        : null;
    for (const token of tokens) {
      const match = CSP_SOURCE.exec(token[0]);
      if (!match) continue;
      let replacement = match[1] + SVYAZIO_HOST + match[2];
      const start = offset + directiveStart + token.index;
      if (present.has(replacement.toLowerCase())) {
        // Already listed: drop this source together with the whitespace before it.
        const before = directive.slice(0, token.index).match(/\s*$/)?.[0].length ?? 0;
        edits.push({ start: start - before, end: start + token[0].length, text: '', rule: 'hosts' });
      } else {
        present.add(replacement.toLowerCase());
        if (addHost !== null) {
          replacement += ` ${addHost}`;
          addHost = null;
        }
        edits.push({ start, end: start + token[0].length, text: replacement, rule: 'hosts' });
      }
    }
    directiveStart += directive.length + 1;
  }
  return edits;
}

/** A `<link rel="preconnect|dns-prefetch">` href: the Chatra origin becomes the Svyazio one. */
export function originEdits(url: string, offset: number): Edit[] {
  const match = ORIGIN.exec(url);
  if (!match) return [];
  return [{ start: offset, end: offset + url.length, text: match[1] + SVYAZIO_HOST + match[2], rule: 'hosts' }];
}

export function isChatraScriptUrl(url: string): boolean {
  return SCRIPT_SRC.test(url.trim());
}

export function scriptUrl(options: MigrateOptions): string {
  return options.scriptUrl ?? SCRIPT_URL;
}

/** The `src` of `<script src="…/chatra.js">`. */
export function scriptSrcEdits(url: string, offset: number, options: MigrateOptions): Edit[] {
  if (!isChatraScriptUrl(url)) return [];
  return [{ start: offset, end: offset + url.length, text: scriptUrl(options), rule: 'loader' }];
}

const LITERAL = /(['"])((?:(?!\1)[^\\\r\n])*)\1/g;
// Code that configures a Content-Security-Policy: bare host literals there are CSP sources.
const CSP_CODE = /content.?security.?policy|\bcsp\b|Directive::|[a-z]+[-_]src\b/i;

/**
 * String literals in server or template code (PHP, Ruby, Liquid, …): the
 * chatra.js URL becomes the Svyazio script URL, and in CSP-building code a
 * Chatra host source becomes the Svyazio host. Other literals stay.
 */
export function templateLiteralEdits(code: string, offset: number, options: MigrateOptions): Edit[] {
  if (!/chatra\.io/i.test(code)) return [];
  const csp = CSP_CODE.test(code);
  const edits: Edit[] = [];
  for (const m of code.matchAll(LITERAL)) {
    const value = m[2];
    const start = offset + m.index + 1;
    if (isChatraScriptUrl(value)) {
      edits.push({ start, end: start + value.length, text: scriptUrl(options), rule: 'loader' });
      continue;
    }
    const source = csp ? CSP_SOURCE.exec(value) : null;
    if (source) edits.push({ start, end: start + value.length, text: source[1] + SVYAZIO_HOST + source[2], rule: 'hosts' });
  }
  return edits;
}

/**
 * A link: the chat hash in a same-site URL is renamed; links to other sites stay.
 * The standalone chat page has no Svyazio equivalent and is reported.
 */
export function hrefResult(url: string, offset: number): HostResult {
  const out: HostResult = { edits: [], findings: [] };
  if (CHAT_PAGE.test(url.trim())) {
    out.findings.push({ kind: 'todo', rule: 'hosts', message: 'link to the Chatra chat page has no Svyazio equivalent', offset });
    return out;
  }
  const hash = url.indexOf(`#${HASHES.chatra}`);
  if (hash < 0 || !isSameSite(url)) return out;
  const after = url[hash + 1 + HASHES.chatra.length];
  if (after !== undefined && /[\w-]/.test(after)) return out;
  out.edits.push({ start: offset + hash + 1, end: offset + hash + 1 + HASHES.chatra.length, text: HASHES.svyazio, rule: 'hash' });
  return out;
}

/** `#x`, `/path`, `page.html`, `?q` — not `https://…`, `//host`, `mailto:`. */
export function isSameSite(url: string): boolean {
  const trimmed = url.trim();
  return !trimmed.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed);
}

const CSP_DIRECTIVE = /\b[a-z-]+-src(?:-elem|-attr)?\b/;
const CSP_CALL = /\.[a-z]+_src(?:_elem|_attr)?\b/;
const QUOTED = /"([^"\n]*)"/g;
const CHATRA_HOST_MENTION = /(?:[\w*-]+\.)?chatra\.io\b/gi;

/**
 * Server and hosting configs (nginx, .htaccess, _headers, vercel.json, …): CSP
 * values are rewritten; any other mention of a Chatra host (a proxy target, a
 * redirect) is reported, since only a person knows what it should become.
 */
export function rewriteServerConfig(text: string, options: MigrateOptions = {}): HostResult {
  const out: HostResult = { edits: [], findings: [] };
  let lineStart = 0;
  for (const line of text.split('\n')) {
    if (/chatra\.io/i.test(line) && CSP_CALL.test(line)) {
      // Rails: `policy.script_src :self, 'https://call.chatra.io'`, one source per literal.
      out.edits.push(...templateLiteralEdits(line, lineStart, options));
    } else if (/chatra\.io/i.test(line) && CSP_DIRECTIVE.test(line)) {
      const quoted = [...line.matchAll(QUOTED)].filter((m) => CSP_DIRECTIVE.test(m[1]));
      if (quoted.length > 0) {
        for (const m of quoted) out.edits.push(...cspEdits(m[1], lineStart + m.index + 1, options));
      } else {
        const directive = CSP_DIRECTIVE.exec(line) as RegExpExecArray;
        out.edits.push(...cspEdits(line.slice(directive.index), lineStart + directive.index, options));
      }
    }
    lineStart += line.length + 1;
  }
  const covered = (offset: number) => out.edits.some((e) => e.start <= offset && offset < e.end);
  for (const mention of text.matchAll(CHATRA_HOST_MENTION)) {
    if (!covered(mention.index)) {
      out.findings.push({ kind: 'warning', rule: 'hosts', message: `${mention[0]} left as it is: check what it should point to`, offset: mention.index });
    }
  }
  return out;
}
