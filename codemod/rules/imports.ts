import type { ts } from 'ts-morph';
import { LEGACY_NPM_MODULES, NPM_MODULES, UNPORTED_NPM_WRAPPERS } from '../../runtime/surface.js';
import type { Binding } from '../scope.js';
import { tsApi } from '../ts-api.js';
import { identifierRole, RuleOutput, type ParsedScript, type Rule } from './rule.js';

/** Binding names that follow the module: `import Chatra from '@chatra/chatra'` → `Svyazio`. */
const BINDING_RENAMES: ReadonlyMap<string, string> = new Map([
  ['Chatra', 'Svyazio'],
  ['chatra', 'svyazio'],
]);

const CHATRA_MODULES = new Set([NPM_MODULES.chatra, ...LEGACY_NPM_MODULES]);
const UNPORTED = new Set(UNPORTED_NPM_WRAPPERS);
const MENTIONS_MODULE = new RegExp(
  `['"\`](?:${[...CHATRA_MODULES, ...UNPORTED].map((m) => m.replace(/[/.-]/g, '\\$&')).join('|')})['"\`]`,
);

/** `init` option keys of the Chatra wrappers that mean the org ID. */
const INIT_ID_KEYS = new Set(['ID', 'chatraID']);

/**
 * `@chatra/chatra` imports (ESM, `require`, dynamic `import()`, `declare module`,
 * test mocks) load this package's replacement module; the imported binding is
 * renamed with its uses; `init` options `ID`/`chatraID` become `orgId`.
 */
export const importsRule: Rule = (file) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'imports');
  if (!MENTIONS_MODULE.test(file.text) && !/\$chatra/i.test(file.text)) return out;
  const renames = new Map<Binding, string>();
  for (const node of file.nodes) {
    if (ts.isStringLiteralLike(node) && CHATRA_MODULES.has(node.text) && isModuleSpecifier(node)) {
      out.replaceString(node, NPM_MODULES.replacement);
      if (node.text !== NPM_MODULES.chatra) {
        out.report('todo', node, `${node.text} replaced by ${NPM_MODULES.replacement}: swap the dependency for ${NPM_MODULES.package} in package.json`);
      }
    } else if (ts.isStringLiteralLike(node) && UNPORTED.has(node.text)) {
      out.report('todo', node, `${node.text} loads chatra.js itself and has no Svyazio port: remove it and load svyazio.js instead`);
    } else if (ts.isStringLiteral(node) && node.text === NPM_MODULES.chatra && ts.isPropertyAssignment(node.parent) && node.parent.name === node) {
      out.report('todo', node, `${node.text} mapped to a global (bundler externals?): map ${NPM_MODULES.replacement} instead, by hand`);
    }
    if (ts.isIdentifier(node) && BINDING_RENAMES.has(node.text) && identifierRole(node) === 'declaration') {
      const binding = file.scope.resolve(node);
      if (binding?.id === node && isChatraModuleBinding(file, binding)) renames.set(binding, BINDING_RENAMES.get(node.text)!);
    }
  }
  for (const [binding, target] of renames) {
    if (new RegExp(`\\b${target}\\b`).test(file.text)) {
      out.report('warning', binding.id, `${binding.name} not renamed: the name ${target} is already used in this file`);
      renames.delete(binding);
    }
  }
  const renamedNames = new Set([...renames.keys()].map((b) => b.name));
  for (const node of file.nodes) {
    if (ts.isIdentifier(node) && renamedNames.has(node.text)) renameUse(file, out, node, renames);
    if (ts.isCallExpression(node)) renameInitOptions(file, out, node);
  }
  return out;
};

function renameUse(file: ParsedScript, out: RuleOutput, id: ts.Identifier, renames: Map<Binding, string>): void {
  const role = identifierRole(id);
  if (role === null || role === 'member') return;
  const binding = file.scope.resolve(id);
  const target = binding && renames.get(binding);
  if (!target) return;
  out.replace(id, role === 'shorthand' ? `${id.text}: ${target}` : target);
}

function isModuleSpecifier(literal: ts.StringLiteralLike): boolean {
  const ts = tsApi();
  const p = literal.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return p.moduleSpecifier === literal;
  if (ts.isExternalModuleReference(p) || ts.isModuleDeclaration(p)) return true;
  if (ts.isLiteralTypeNode(p)) return ts.isImportTypeNode(p.parent);
  if (ts.isCallExpression(p) && p.arguments[0] === literal) {
    const callee = p.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
    if (ts.isIdentifier(callee)) return callee.text === 'require';
    // jest.mock('@chatra/chatra'), vi.mock(…), require.resolve(…)
    return ts.isPropertyAccessExpression(callee) && ['mock', 'doMock', 'unmock', 'resolve', 'requireActual'].includes(callee.name.text);
  }
  return false;
}

/** The binding holds what `@chatra/chatra` exports: an import of it, or `require(…)` (`.default`). */
export function isChatraModuleBinding(file: ParsedScript, binding: Binding): boolean {
  const ts = tsApi();
  if (binding.kind === 'import') {
    let at: ts.Node = binding.id;
    while (!ts.isSourceFile(at) && !ts.isImportDeclaration(at) && !ts.isImportEqualsDeclaration(at)) at = at.parent;
    if (ts.isImportDeclaration(at)) return ts.isStringLiteral(at.moduleSpecifier) && CHATRA_MODULES.has(at.moduleSpecifier.text);
    if (ts.isImportEqualsDeclaration(at)) return requiresChatra(file, at.moduleReference);
    return false;
  }
  if (binding.value !== undefined) return requiresChatra(file, binding.value);
  return isDestructuredDefault(file, binding.id) || isThenModule(file, binding);
}

/** `const { default: Chatra } = await import('@chatra/chatra')`. */
function isDestructuredDefault(file: ParsedScript, id: ts.Identifier): boolean {
  const ts = tsApi();
  const element = id.parent;
  if (!ts.isBindingElement(element) || (element.propertyName ?? element.name).getText(file.sf) !== 'default') return false;
  const decl = element.parent.parent;
  return ts.isVariableDeclaration(decl) && decl.initializer !== undefined && requiresChatra(file, decl.initializer);
}

/** `m` in `import('@chatra/chatra').then((m) => …)`: the module namespace, not its function. */
function isThenModule(file: ParsedScript, binding: Binding): boolean {
  const ts = tsApi();
  const param = binding.id.parent;
  if (binding.kind !== 'param' || !ts.isParameter(param) || param.parent.parameters[0] !== param) return false;
  const call = param.parent.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'then') return false;
  return requiresChatra(file, call.expression.expression);
}

/** Only namespaces (`import * as`, the `.then` module) call the wrapper through `.default`. */
function isNamespace(file: ParsedScript, binding: Binding): boolean {
  const ts = tsApi();
  return ts.isNamespaceImport(binding.id.parent) || isThenModule(file, binding);
}

function requiresChatra(file: ParsedScript, node: ts.Node): boolean {
  const ts = tsApi();
  let e: ts.Node = ts.isExpression(node) ? file.scope.unwrap(node) : node;
  if (ts.isAwaitExpression(e)) e = file.scope.unwrap(e.expression);
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'default') e = file.scope.unwrap(e.expression);
  if (ts.isExternalModuleReference(e)) return ts.isStringLiteral(e.expression) && CHATRA_MODULES.has(e.expression.text);
  if (!ts.isCallExpression(e)) return false;
  const arg = e.arguments[0];
  const isLoad = e.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(e.expression) && e.expression.text === 'require');
  return isLoad && arg !== undefined && ts.isStringLiteralLike(arg) && CHATRA_MODULES.has(arg.text);
}

function renameInitOptions(file: ParsedScript, out: RuleOutput, call: ts.CallExpression): void {
  const ts = tsApi();
  const [method, options] = call.arguments;
  if (!method || !ts.isStringLiteralLike(method) || method.text !== 'init' || !options) return;
  if (!isWrapperCallee(file, call.expression)) return;
  // `Chatra('init', opts)` with `const opts = { ID: … }` in reach: the keys are the init options.
  const held = ts.isIdentifier(options) ? file.scope.resolve(options)?.value : undefined;
  const literal = held && file.scope.unwrap(held);
  const object = ts.isObjectLiteralExpression(options) ? options : literal && ts.isObjectLiteralExpression(literal) ? literal : undefined;
  if (!object) {
    out.report('todo', options, `init options not found here: rename their ID key to orgId by hand`);
    return;
  }
  const idKeys = object.properties.filter((p) => p.name !== undefined && INIT_ID_KEYS.has(propertyNameText(p.name) ?? ''));
  if (object !== options && idKeys.length > 0) {
    out.report('warning', object, `init options renamed where ${options.getText(file.sf)} is declared: check no other code reads their ID key`);
  }
  for (const prop of idKeys) {
    if (ts.isShorthandPropertyAssignment(prop)) out.replace(prop.name, `orgId: ${prop.name.text}`);
    else if (ts.isPropertyAssignment(prop)) out.replace(prop.name, 'orgId');
  }
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  const ts = tsApi();
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The callee is the wrapper module's function: its import binding, or a `$chatra` plugin property. */
export function isWrapperCallee(file: ParsedScript, callee: ts.Expression): boolean {
  const ts = tsApi();
  const e = file.scope.unwrap(callee);
  if (ts.isIdentifier(e)) {
    const binding = file.scope.resolve(e);
    return binding !== undefined && !isThenModule(file, binding) && isChatraModuleBinding(file, binding);
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'default') {
    const object = file.scope.unwrap(e.expression);
    const binding = ts.isIdentifier(object) ? file.scope.resolve(object) : undefined;
    return binding !== undefined && isNamespace(file, binding) && isChatraModuleBinding(file, binding);
  }
  return ts.isPropertyAccessExpression(e) && /^\$chatra$/i.test(e.name.text);
}
