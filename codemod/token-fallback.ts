import type { ts } from 'ts-morph';
import { LEGACY_METHODS, SVYAZIO_GLOBALS } from '../runtime/surface.js';
import type { Edit, Finding } from './types.js';
import { tsApi } from './ts-api.js';
import { GLOBAL_RENAMES } from './rules/globals.js';
import { configAssignmentTarget, CONFIG_FIELDS } from './rules/config-id.js';
import { rewriteHashInRaw } from './rules/hash.js';
import { scriptUrl } from './hosts.js';
import { rewriteUrlsInRaw } from './rules/loader-url.js';
import type { RuleContext, ScriptLang } from './rules/rule.js';

interface Token {
  kind: ts.SyntaxKind;
  start: number;
  end: number;
  text: string;
}

const WINDOW_NAMES = new Set(['window', 'self', 'globalThis']);

/**
 * The rewrite for code that does not parse: only token sequences that mean the
 * Chatra API whatever surrounds them — `Chatra(` calls, `window.Chatra…`,
 * `window.ChatraID =`, the chatra.js URL and the hash inside strings. Every other
 * Chatra name is reported, not guessed at.
 */
export function rewriteTokens(text: string, lang: ScriptLang, ctx: RuleContext): { edits: Edit[]; findings: Finding[] } {
  const ts = tsApi();
  const tokens = scan(text, lang);
  const edits: Edit[] = [];
  const findings: Finding[] = [];
  const url = scriptUrl(ctx.options);
  const edit = (start: number, end: number, replacement: string, rule: string): void => {
    edits.push({ start, end, text: replacement, rule });
  };

  tokens.forEach((tok, i) => {
    const prev = tokens[i - 1];
    const prev2 = tokens[i - 2];
    const next = tokens[i + 1];
    if (tok.kind === ts.SyntaxKind.Identifier) {
      const onWindow = prev?.kind === ts.SyntaxKind.DotToken && prev2 !== undefined && WINDOW_NAMES.has(prev2.text);
      const target = GLOBAL_RENAMES.get(tok.text);
      const field = CONFIG_FIELDS.get(tok.text);
      if (target && onWindow) {
        edit(tok.start, tok.end, target, 'globals');
      } else if (tok.text === 'Chatra' && next?.kind === ts.SyntaxKind.OpenParenToken && isCallPosition(prev)) {
        edit(tok.start, tok.end, SVYAZIO_GLOBALS.api, 'globals');
        // The method name, its quotes possibly escaped when the code sits in a string.
        const method = /^\s*(\\?)(['"`])(\w+)\1\2/.exec(text.slice(next.end));
        if (method && Object.hasOwn(LEGACY_METHODS, method[3])) {
          const start = next.end + method[0].length - method[1].length - 1 - method[3].length;
          edit(start, start + method[3].length, LEGACY_METHODS[method[3]], 'methods');
        }
      } else if (field && onWindow && next?.kind === ts.SyntaxKind.EqualsToken) {
        // Starting with `(`, the target would be called by an unterminated previous line.
        const before = tokens[i - 3];
        const glued = before !== undefined && before.kind !== ts.SyntaxKind.CloseBraceToken && endsOperand(before) && /\n/.test(text.slice(before.end, prev2.start));
        edit(prev2.start, tok.end, `${glued ? ';' : ''}${configAssignmentTarget(prev2.text, field)}`, 'config-id');
      } else if (target || field) {
        findings.push({ kind: 'warning', rule: 'globals', message: `${tok.text} left as is: the code around it did not parse`, offset: tok.start });
      }
    } else if (isStringToken(tok.kind) && /chatra/i.test(tok.text)) {
      const start = tok.start + 1;
      const raw = text.slice(start, tok.end - (tok.kind === ts.SyntaxKind.TemplateHead || tok.kind === ts.SyntaxKind.TemplateMiddle ? 2 : 1));
      const afterSubstitution = tok.kind === ts.SyntaxKind.TemplateMiddle || tok.kind === ts.SyntaxKind.TemplateTail;
      const concatenated = prev?.kind === ts.SyntaxKind.PlusToken;
      for (const e of rewriteUrlsInRaw(raw, url, afterSubstitution || concatenated)) edit(start + e.start, start + e.end, e.text, 'loader');
      for (const e of rewriteHashInRaw(raw)) edit(start + e.start, start + e.end, e.text, 'hash');
    }
  });
  return { edits, findings };
}

function isCallPosition(prev: Token | undefined): boolean {
  const ts = tsApi();
  if (!prev) return true;
  if (prev.kind === ts.SyntaxKind.DotToken || prev.kind === ts.SyntaxKind.QuestionDotToken) return false;
  // `function Chatra(` declares; `new Chatra(` is no API call either.
  return !['function', 'new', 'var', 'let', 'const', 'class'].includes(prev.text);
}

function isStringToken(kind: ts.SyntaxKind): boolean {
  const { SyntaxKind } = tsApi();
  return (
    kind === SyntaxKind.StringLiteral ||
    kind === SyntaxKind.NoSubstitutionTemplateLiteral ||
    kind === SyntaxKind.TemplateHead ||
    kind === SyntaxKind.TemplateMiddle ||
    kind === SyntaxKind.TemplateTail
  );
}

/** Tokens of possibly broken code, with template literals and regexes told apart from punctuation. */
function scan(text: string, lang: ScriptLang): Token[] {
  const ts = tsApi();
  const variant = lang === 'ts' ? ts.LanguageVariant.Standard : ts.LanguageVariant.JSX;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, text);
  const tokens: Token[] = [];
  // Brace depth inside each open `${`: a `}` at depth 0 resumes the template.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const last = tokens[tokens.length - 1];
    if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0) {
      templates[templates.length - 1]++;
    } else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates[templates.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else {
        templates[templates.length - 1]--;
      }
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !endsOperand(last)) {
      kind = scanner.reScanSlashToken();
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    tokens.push({ kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd(), text: scanner.getTokenText() });
  }
  return tokens;
}

function endsOperand(tok: Token | undefined): boolean {
  const { SyntaxKind } = tsApi();
  if (!tok) return false;
  return (
    (tok.kind === SyntaxKind.Identifier && !['return', 'typeof', 'case', 'in', 'of'].includes(tok.text)) ||
    tok.kind === SyntaxKind.NumericLiteral ||
    tok.kind === SyntaxKind.StringLiteral ||
    tok.kind === SyntaxKind.CloseParenToken ||
    tok.kind === SyntaxKind.CloseBracketToken ||
    tok.kind === SyntaxKind.CloseBraceToken ||
    tok.kind === SyntaxKind.ThisKeyword
  );
}
