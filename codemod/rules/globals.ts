import type { ts } from 'ts-morph';
import { CHATRA_GLOBALS } from '../../runtime/surface.js';
import type { Binding } from '../scope.js';
import { tsApi } from '../ts-api.js';
import { identifierRole, RuleOutput, type ParsedScript, type Rule } from './rule.js';

/** Chatra globals that become another global of the same shape (`Chatra` → `Svyazio`, …). */
export const GLOBAL_RENAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(CHATRA_GLOBALS).flatMap(([name, t]) => (t.kind === 'global' ? [[name, t.svyazio] as const] : [])),
);

/**
 * Renames references to the Chatra globals: bare, as a property of the global
 * object or an alias of it, by bracket access, and strings that provably hold
 * the name (`w[c]` with `'Chatra'` passed in). Local bindings that merely share
 * a name, object keys and type names stay.
 */
export const globalsRule: Rule = (file) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'globals');
  const { scope } = file;
  for (const node of file.nodes) {
    if (ts.isIdentifier(node)) {
      const target = GLOBAL_RENAMES.get(node.text);
      if (target) renameIdentifier(file, out, node, target);
    } else if (ts.isElementAccessExpression(node) && scope.isWindow(node.expression)) {
      renameNameStrings(file, out, node.argumentExpression);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.InKeyword &&
      scope.isWindow(node.right)
    ) {
      renameNameStrings(file, out, node.left);
    } else if (ts.isCallExpression(node)) {
      const name = propertyNameArgument(file, node);
      if (name) renameNameStrings(file, out, name);
      for (const property of windowAssignedProperties(file, node)) {
        const target = GLOBAL_RENAMES.get(property.name.text);
        if (!target) continue;
        if (ts.isStringLiteral(property.name)) out.replaceString(property.name, target);
        else out.replace(property.name, target);
      }
    }
  }
  return out;
};

/**
 * `Object.assign(window, { ChatraSetup: …, ChatraID: … })`: the keys are
 * globals. Only `key: value` properties with a plain name; shorthands are
 * references, which the reference rules handle.
 */
export function windowAssignedProperties(
  file: ParsedScript,
  call: ts.CallExpression,
): Array<ts.PropertyAssignment & { name: ts.Identifier | ts.StringLiteral }> {
  const ts = tsApi();
  const callee = file.scope.unwrap(call.expression);
  const [target, ...sources] = call.arguments;
  if (
    !ts.isPropertyAccessExpression(callee) ||
    callee.name.text !== 'assign' ||
    !ts.isIdentifier(callee.expression) ||
    callee.expression.text !== 'Object' ||
    target === undefined ||
    !file.scope.isWindow(target)
  ) {
    return [];
  }
  return sources.flatMap((source) => {
    const literal = file.scope.unwrap(source);
    if (!ts.isObjectLiteralExpression(literal)) return [];
    return literal.properties.filter(
      (p): p is ts.PropertyAssignment & { name: ts.Identifier | ts.StringLiteral } =>
        ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)),
    );
  });
}

// Calls that take the global object and a property name of it.
const OBJECT_AND_KEY = new Set(['defineProperty', 'getOwnPropertyDescriptor', 'has', 'get', 'set', 'deleteProperty']);

/**
 * The argument naming a property of the global object: `window.hasOwnProperty('Chatra')`,
 * `Object.defineProperty(window, 'Chatra', …)`, `Reflect.has(window, 'Chatra')`,
 * `Object.prototype.hasOwnProperty.call(window, 'Chatra')`.
 */
function propertyNameArgument(file: ParsedScript, call: ts.CallExpression): ts.Expression | undefined {
  const ts = tsApi();
  const callee = file.scope.unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const [first, second] = call.arguments;
  if (method === 'hasOwnProperty' && file.scope.isWindow(callee.expression)) return first;
  const onWindow = first !== undefined && file.scope.isWindow(first);
  if (method === 'call' && onWindow && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'hasOwnProperty') {
    return second;
  }
  const owner = file.scope.unwrap(callee.expression);
  const isStatic = ts.isIdentifier(owner) && (owner.text === 'Object' || owner.text === 'Reflect');
  return isStatic && onWindow && OBJECT_AND_KEY.has(method) ? second : undefined;
}

function renameIdentifier(file: ParsedScript, out: RuleOutput, id: ts.Identifier, target: string): void {
  const { scope } = file;
  switch (identifierRole(id)) {
    case 'member':
      if (scope.isWindow((id.parent as ts.PropertyAccessExpression).expression)) out.replace(id, target);
      return;
    case 'declaration': {
      const binding = scope.resolve(id);
      if (isDestructuredFromWindow(file, id.parent)) {
        if (!id.parent.propertyName) out.replace(id, `${target}: ${id.text}`);
      } else if (binding?.id === id && binding.kind === 'function') {
        out.report('warning', id, `function ${id.text} is the site's own, not the widget: left as it is`);
      } else if (binding?.id === id && scope.isGlobalBinding(binding)) out.replace(id, target);
      return;
    }
    case 'shorthand':
      if (isGlobalUse(file, id)) out.replace(id, `${id.text}: ${target}`);
      return;
    case 'reference':
      if (isGlobalUse(file, id)) out.replace(id, target);
      return;
    case null:
      // `const { ChatraSetup: setup } = window`
      if (isDestructuredFromWindow(file, id.parent) && (id.parent as ts.BindingElement).propertyName === id) out.replace(id, target);
      return;
  }
}

// A top-level `const { Chatra } = window` keeps its name, so its uses do too.
function isGlobalUse(file: ParsedScript, id: ts.Identifier): boolean {
  const binding = file.scope.resolve(id);
  if (!binding) return true;
  return isWidgetBinding(file, binding) && !isDestructuredFromWindow(file, binding.id.parent);
}

/**
 * A global binding that can be the widget: the snippet assigns the stub, so a
 * `function Chatra () {}` a site declares is its own constructor or helper.
 */
export function isWidgetBinding(file: ParsedScript, binding: Binding): boolean {
  return file.scope.isGlobalBinding(binding) && binding.kind !== 'function';
}

// `const { Chatra } = window`: the local keeps its name, the property is renamed.
function isDestructuredFromWindow(file: ParsedScript, element: ts.Node): element is ts.BindingElement {
  const ts = tsApi();
  if (!ts.isBindingElement(element) || element.dotDotDotToken) return false;
  const pattern = element.parent;
  const decl = pattern.parent;
  return ts.isObjectBindingPattern(pattern) && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && file.scope.isWindow(decl.initializer);
}

function renameNameStrings(file: ParsedScript, out: RuleOutput, expr: ts.Expression): void {
  for (const literal of file.scope.nameLiterals(expr)) {
    const target = GLOBAL_RENAMES.get(literal.text);
    if (target) out.replaceString(literal, target);
  }
}
