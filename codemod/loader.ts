import type { ts } from 'ts-morph';
import { tsApi } from './ts-api.js';
import { containsChatraUrl } from './rules/loader-url.js';
import { CONFIG_FIELDS } from './rules/config-id.js';
import type { ParsedScript, ScriptLang } from './rules/rule.js';
import { parseScript } from './script.js';

export interface LoaderInfo {
  idExpression: string | null;
  /** Where `idExpression` stands in the text, so a host can take it from the unmasked original. */
  idRange: [number, number] | null;
  /** true when the text is nothing but the loader (plus comments) */
  onlyLoader: boolean;
}

// Settings, visitor data and routing that the Quick Start snippet would drop.
const EXTRA_NAMES = new Set(['ChatraSetup', 'ChatraIntegration', 'ChatraGroupID']);
// What a loader calls: anything else (timers, listeners, API calls, tracking) makes it more than a loader.
const LOADER_CALLS = new Set([
  'createElement',
  'getElementsByTagName',
  'querySelector',
  'appendChild',
  'insertBefore',
  'append',
  'prepend',
  'setAttribute',
  'push',
]);

/**
 * Finds the Chatra loader in a script: the ID expression it sets, and whether
 * the script is that loader and nothing more (then a host may swap it for the
 * Svyazio snippet). `null` when the script loads no chatra.js.
 */
export function analyzeLoader(text: string, lang: ScriptLang): LoaderInfo | null {
  if (!containsChatraUrl(text)) return null;
  const parsed = parseScript(text, lang, { inline: true });
  if ('error' in parsed) {
    const m = /\bChatraID\s*=\s*([^;\n]*[^;\s])/.exec(text);
    const start = m ? m.index + m[0].length - m[1].length : -1;
    return { idExpression: m ? m[1] : null, idRange: m ? [start, start + m[1].length] : null, onlyLoader: false };
  }
  const id = findIdExpression(parsed);
  const idRange: [number, number] | null = id ? [id.getStart(parsed.sf), id.end] : null;
  return {
    idExpression: idRange ? text.slice(...idRange) : null,
    idRange,
    onlyLoader: isOnlyLoader(parsed),
  };
}

function findIdExpression(file: ParsedScript): ts.Expression | undefined {
  const ts = tsApi();
  for (const node of file.nodes) {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isIdTarget(file, node.left)) {
      return node.right;
    }
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      CONFIG_FIELDS.get(node.name.text) === 'orgId' &&
      node.initializer &&
      file.scope.isGlobalRef(node.name)
    ) {
      return node.initializer;
    }
  }
  return undefined;
}

function isIdTarget(file: ParsedScript, expr: ts.Expression): boolean {
  const ts = tsApi();
  const { scope } = file;
  const e = scope.unwrap(expr);
  if (ts.isIdentifier(e)) return CONFIG_FIELDS.get(e.text) === 'orgId' && scope.isGlobalRef(e);
  if (ts.isPropertyAccessExpression(e)) return CONFIG_FIELDS.get(e.name.text) === 'orgId' && scope.isWindow(e.expression);
  if (ts.isElementAccessExpression(e) && scope.isWindow(e.expression)) {
    return scope.nameLiterals(e.argumentExpression).some((l) => CONFIG_FIELDS.get(l.text) === 'orgId');
  }
  return false;
}

/**
 * The script is the loader and nothing else: each statement is a loader step
 * (an ID assignment, the script element being made, the queue stub, the
 * insertion, or an IIFE made of these), it loads chatra.js, and it neither sets
 * other Chatra globals nor calls anything a loader does not.
 */
function isOnlyLoader(file: ParsedScript): boolean {
  const { sf } = file;
  return (
    containsUrl(file, sf) &&
    sf.statements.every((st) => isLoaderStep(file, st)) &&
    !mentionsExtras(sf) &&
    !callsOtherThanLoader(file, sf)
  );
}

function isLoaderStep(file: ParsedScript, statement: ts.Statement): boolean {
  const ts = tsApi();
  if (ts.isEmptyStatement(statement) || isIdStatement(file, statement)) return true;
  if (ts.isVariableStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.every((st) => isLoaderStep(file, st));
  if (ts.isIfStatement(statement)) {
    return isLoaderStep(file, statement.thenStatement) && (!statement.elseStatement || isLoaderStep(file, statement.elseStatement));
  }
  if (!ts.isExpressionStatement(statement)) return false;
  const body = iifeBody(file, statement.expression);
  if (body) return body.statements.every((st) => isLoaderStep(file, st));
  const e = file.scope.unwrap(statement.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return ts.isPropertyAccessExpression(e.left) || ts.isElementAccessExpression(e.left);
  }
  return ts.isCallExpression(e);
}

function isIdStatement(file: ParsedScript, statement: ts.Statement): boolean {
  const ts = tsApi();
  if (ts.isExpressionStatement(statement)) {
    const e = statement.expression;
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && isIdTarget(file, e.left);
  }
  if (ts.isVariableStatement(statement)) {
    const [decl, ...rest] = statement.declarationList.declarations;
    return rest.length === 0 && ts.isIdentifier(decl.name) && CONFIG_FIELDS.get(decl.name.text) === 'orgId';
  }
  return false;
}

/** The body of `(function (…) { … })(…)` and its `!function`, arrow and `.call(this, …)` forms. */
function iifeBody(file: ParsedScript, expr: ts.Expression): ts.Block | undefined {
  const ts = tsApi();
  let e = file.scope.unwrap(expr);
  while (ts.isPrefixUnaryExpression(e) || ts.isVoidExpression(e)) {
    e = file.scope.unwrap(ts.isPrefixUnaryExpression(e) ? e.operand : e.expression);
  }
  if (!ts.isCallExpression(e)) return undefined;
  let callee = file.scope.unwrap(e.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'call') callee = file.scope.unwrap(callee.expression);
  if (!ts.isFunctionExpression(callee) && !ts.isArrowFunction(callee)) return undefined;
  return ts.isBlock(callee.body) ? callee.body : undefined;
}

function callsOtherThanLoader(file: ParsedScript, root: ts.Node): boolean {
  const ts = tsApi();
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && !iifeBody(file, n)) {
      const callee = file.scope.unwrap(n.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (!LOADER_CALLS.has(name)) found = true;
    }
    if (ts.isNewExpression(n) || ts.isTaggedTemplateExpression(n)) found = true;
    ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}

function containsUrl(file: ParsedScript, node: ts.Node): boolean {
  return containsChatraUrl(file.text.slice(node.getStart(file.sf), node.end));
}

function mentionsExtras(root: ts.Node): boolean {
  const ts = tsApi();
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(n) || ts.isStringLiteralLike(n)) && EXTRA_NAMES.has(n.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}
