import type { ts } from 'ts-morph';
import type { Edit, Finding } from './types.js';
import { guardAsi } from './asi.js';
import { analyzeScope } from './scope.js';
import { tsApi } from './ts-api.js';
import { rewriteTokens } from './token-fallback.js';
import type { ParsedScript, Rule, RuleContext, ScriptLang } from './rules/rule.js';
import { configIdRule } from './rules/config-id.js';
import { globalsRule } from './rules/globals.js';
import { hashRule } from './rules/hash.js';
import { hostsRule } from './rules/hosts.js';
import { importsRule } from './rules/imports.js';
import { loaderUrlRule } from './rules/loader-url.js';
import { methodsRule } from './rules/methods.js';
import { stringsRule } from './rules/strings.js';
import { typingsRule } from './rules/typings.js';

export type { RuleContext, ScriptLang } from './rules/rule.js';
export { analyzeLoader, type LoaderInfo } from './loader.js';

export interface ScriptResult {
  edits: Edit[];
  findings: Finding[];
  parseError?: string;
}

/** Files without this byte sequence cannot reference Chatra: they are never parsed. */
export const CHATRA_PREFILTER = /chatra/i;

const RULES: readonly Rule[] = [
  globalsRule,
  configIdRule,
  methodsRule,
  importsRule,
  typingsRule,
  loaderUrlRule,
  hashRule,
  hostsRule,
  stringsRule,
];

/**
 * Rewrites one JS/TS region. Offsets in the result are relative to `text`. A
 * region that does not parse is rewritten only at tokens that are safe on their
 * own, and `parseError` says why.
 */
export function rewriteScript(text: string, lang: ScriptLang, ctx: RuleContext): ScriptResult {
  if (!CHATRA_PREFILTER.test(text)) return { edits: [], findings: [] };
  try {
    return rewriteParsed(text, lang, ctx);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return tooDeep();
  }
}

/** A region nested deeper than the parser's recursion can follow is left as it is. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** What a region nested too deeply for the parser comes to: a parse error and no edits. */
export function tooDeep(): ScriptResult & { parseError: string } {
  const parseError = 'nested too deeply to parse';
  return { edits: [], findings: [{ kind: 'warning', rule: 'parse', message: `could not parse (${parseError}): left as it is`, offset: 0 }], parseError };
}

function rewriteParsed(text: string, lang: ScriptLang, ctx: RuleContext): ScriptResult {
  const parsed = parseScript(text, lang, ctx);
  let result: ScriptResult;
  if ('error' in parsed) {
    const tokens = rewriteTokens(text, lang, ctx);
    result = {
      edits: tokens.edits,
      findings: [
        { kind: 'warning', rule: 'parse', message: `could not parse (${parsed.error}): rewrote only exact tokens`, offset: parsed.offset },
        ...tokens.findings,
      ],
      parseError: parsed.error,
    };
  } else {
    result = { edits: [], findings: [] };
    for (const rule of RULES) {
      const { edits, findings } = rule(parsed, ctx);
      result.edits.push(...edits);
      result.findings.push(...findings);
    }
    result.edits = guardAsi(parsed, result.edits);
  }
  return dropMaskedEdits(result, ctx);
}

export function scriptKind(lang: ScriptLang): ts.ScriptKind {
  const { ScriptKind } = tsApi();
  return { js: ScriptKind.JS, jsx: ScriptKind.JSX, ts: ScriptKind.TS, tsx: ScriptKind.TSX }[lang];
}

/** Parses a region, or says where its first syntax error is. */
export function parseScript(
  text: string,
  lang: ScriptLang,
  ctx: Pick<RuleContext, 'inline'>,
): ParsedScript | { error: string; offset: number } {
  const ts = tsApi();
  const sf = ts.createSourceFile(`region.${lang}`, text, ts.ScriptTarget.Latest, true, scriptKind(lang));
  const diagnostics = (sf as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    const { line, character } = sf.getLineAndCharacterOfPosition(first.start);
    const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    return { error: `${line + 1}:${character + 1}: ${message}`, offset: first.start };
  }
  const nodes: ts.Node[] = [];
  const collect = (n: ts.Node): void => {
    nodes.push(n);
    ts.forEachChild(n, collect);
  };
  ts.forEachChild(sf, collect);
  const classic = ctx.inline === true || !isModule(sf, text);
  return { sf, text, lang, scope: analyzeScope(sf, classic), nodes };
}

// A file with import/export, or one using CommonJS, keeps its top-level names to itself.
function isModule(sf: ts.SourceFile, text: string): boolean {
  if ((sf as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator) return true;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/.test(text);
}

function dropMaskedEdits(result: ScriptResult, ctx: RuleContext): ScriptResult {
  const masked = ctx.masked;
  if (!masked || masked.length === 0) return result;
  const hits = (edit: Edit): boolean =>
    masked.some(([start, end]) => (edit.start === edit.end ? start < edit.start && edit.start < end : edit.start < end && start < edit.end));
  const kept: Edit[] = [];
  const findings = [...result.findings];
  for (const edit of result.edits) {
    if (!hits(edit)) kept.push(edit);
    else findings.push({ kind: 'warning', rule: edit.rule, message: 'change left out: it would touch template code', offset: edit.start });
  }
  return { ...result, edits: kept, findings };
}
