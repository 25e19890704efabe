import type { ts } from 'ts-morph';
import { CHATRA_GLOBALS } from '../runtime/surface.js';
import { tsApi } from './ts-api.js';

/**
 * Just enough scope analysis to tell the Chatra globals from local bindings that
 * share their names, to see through aliases of `window`, and to know which
 * strings hold a global's name. No type checker: bindings are found by walking
 * declarations, values by following initializers and IIFE arguments.
 */

export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'import' | 'catch' | 'ambient';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The declaring identifier. */
  id: ts.Identifier;
  /** The node whose body the binding is visible in. */
  scope: ts.Node;
  /** What the binding holds, when the code says so plainly. */
  value?: ts.Expression;
}

export interface Scope {
  /** Top-level declarations are globals: inline scripts and files that are not modules. */
  classic: boolean;
  resolve(id: ts.Identifier): Binding | undefined;
  /** The binding is (or declares) a property of the global object, not a local. */
  isGlobalBinding(binding: Binding): boolean;
  /** `id` names the global, not a local binding. */
  isGlobalRef(id: ts.Identifier): boolean;
  /** `expr` evaluates to the global object: `window`, `self`, `globalThis`, an alias, an IIFE param bound to one. */
  isWindow(expr: ts.Expression): boolean;
  /** String literals whose value `expr` takes, when that value names a Chatra global. */
  nameLiterals(expr: ts.Expression): ts.StringLiteralLike[];
  /** `expr` without parentheses, `as`, `!`, `satisfies` and `<T>` wrappers. */
  unwrap(expr: ts.Expression): ts.Expression;
}

const WINDOW_NAMES = new Set(['window', 'self', 'globalThis']);
const MAX_DEPTH = 8;

export function analyzeScope(sf: ts.SourceFile, classic: boolean): Scope {
  const ts = tsApi();
  const tables = new Map<ts.Node, Map<string, Binding>>();

  const add = (scope: ts.Node, id: ts.Identifier, kind: BindingKind, value?: ts.Expression): void => {
    let table = tables.get(scope);
    if (!table) tables.set(scope, (table = new Map()));
    // The first declaration wins: `var x = window; var x;` keeps its value.
    if (!table.has(id.text)) table.set(id.text, { name: id.text, kind, id, scope, value });
  };

  const isFunctionScope = (n: ts.Node): boolean => ts.isFunctionLike(n) || ts.isSourceFile(n) || ts.isModuleBlock(n);
  const isBlockScope = (n: ts.Node): boolean =>
    isFunctionScope(n) ||
    ts.isBlock(n) ||
    ts.isForStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isCaseBlock(n) ||
    ts.isCatchClause(n);
  const nearest = (n: ts.Node, test: (n: ts.Node) => boolean): ts.Node => {
    let at = n.parent;
    while (at && !test(at)) at = at.parent;
    return at ?? sf;
  };
  const mayDeclare = /\bdeclare\b/.test(sf.text);
  const isAmbient = (n: ts.Node): boolean => {
    if (!mayDeclare) return false;
    for (let at: ts.Node | undefined = n; at; at = at.parent) {
      if (ts.canHaveModifiers(at) && ts.getModifiers(at)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
    }
    return false;
  };

  /** The argument an IIFE passes for parameter `index` of `fn`. */
  const iifeArgument = (fn: ts.SignatureDeclaration, index: number): ts.Expression | undefined => {
    let callee: ts.Node = fn;
    while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
    const call = callee.parent;
    if (ts.isCallExpression(call) && call.expression === callee) return call.arguments[index];
    // fn.call(this, a, b): the first argument is `this`.
    if (
      ts.isPropertyAccessExpression(call) &&
      call.expression === callee &&
      call.name.text === 'call' &&
      ts.isCallExpression(call.parent) &&
      call.parent.expression === call
    ) {
      return call.parent.arguments[index + 1];
    }
    return undefined;
  };

  const bindPattern = (name: ts.BindingName, scope: ts.Node, kind: BindingKind, value?: ts.Expression): void => {
    if (ts.isIdentifier(name)) return add(scope, name, kind, value);
    const source = value && unwrap(value);
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      const elementValue =
        ts.isArrayBindingPattern(name) && source && ts.isArrayLiteralExpression(source) ? source.elements[i] : undefined;
      bindPattern(el.name, scope, kind, elementValue ?? el.initializer);
    });
  };

  const visit = (n: ts.Node): void => {
    const { SyntaxKind } = ts;
    switch (n.kind) {
      case SyntaxKind.VariableDeclaration: {
        const decl = n as ts.VariableDeclaration;
        if (ts.isCatchClause(decl.parent)) {
          bindPattern(decl.name, decl.parent, 'catch');
        } else if (ts.isVariableDeclarationList(decl.parent)) {
          const flags = decl.parent.flags;
          const blockScoped = (flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
          const kind: BindingKind = isAmbient(decl)
            ? 'ambient'
            : flags & ts.NodeFlags.Const
              ? 'const'
              : flags & ts.NodeFlags.Let
                ? 'let'
                : 'var';
          bindPattern(decl.name, nearest(decl, blockScoped ? isBlockScope : isFunctionScope), kind, decl.initializer);
        }
        break;
      }
      case SyntaxKind.Parameter: {
        const param = n as ts.ParameterDeclaration;
        if (ts.isFunctionLike(param.parent)) {
          const index = param.parent.parameters.indexOf(param);
          bindPattern(param.name, param.parent, 'param', iifeArgument(param.parent, index) ?? param.initializer);
        }
        break;
      }
      case SyntaxKind.FunctionDeclaration: {
        const fn = n as ts.FunctionDeclaration;
        if (fn.name) add(nearest(fn, isFunctionScope), fn.name, isAmbient(fn) ? 'ambient' : 'function');
        break;
      }
      case SyntaxKind.FunctionExpression: {
        const fn = n as ts.FunctionExpression;
        if (fn.name) add(fn, fn.name, 'function');
        break;
      }
      case SyntaxKind.ClassDeclaration: {
        const cls = n as ts.ClassDeclaration;
        if (cls.name) add(nearest(cls, isBlockScope), cls.name, isAmbient(cls) ? 'ambient' : 'class');
        break;
      }
      case SyntaxKind.ClassExpression: {
        const cls = n as ts.ClassExpression;
        if (cls.name) add(cls, cls.name, 'class');
        break;
      }
      case SyntaxKind.ImportClause: {
        const clause = n as ts.ImportClause;
        if (clause.name) add(sf, clause.name, 'import');
        break;
      }
      case SyntaxKind.NamespaceImport:
      case SyntaxKind.ImportSpecifier:
      case SyntaxKind.ImportEqualsDeclaration:
        add(sf, (n as ts.NamespaceImport | ts.ImportSpecifier | ts.ImportEqualsDeclaration).name, 'import');
        break;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);

  function unwrap(expr: ts.Expression): ts.Expression {
    let e = expr;
    while (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e)
    ) {
      e = e.expression;
    }
    return e;
  }

  const resolve = (id: ts.Identifier): Binding | undefined => {
    for (let at: ts.Node | undefined = id.parent; at; at = at.parent) {
      const found = tables.get(at)?.get(id.text);
      if (found) return found;
    }
    return undefined;
  };

  const isGlobalBinding = (b: Binding): boolean =>
    b.kind === 'ambient' || (classic && b.scope === sf && b.kind !== 'import' && b.kind !== 'class');

  const isGlobalRef = (id: ts.Identifier): boolean => {
    const b = resolve(id);
    return !b || isGlobalBinding(b);
  };

  const isWindowAt = (expr: ts.Expression, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) {
      const b = resolve(e);
      if (!b) return WINDOW_NAMES.has(e.text);
      if (b.value && b.value !== e) return isWindowAt(b.value, depth + 1);
      return b.kind === 'ambient' && WINDOW_NAMES.has(e.text);
    }
    // `typeof window !== 'undefined' ? window : undefined`, `window || {}`
    if (ts.isConditionalExpression(e)) return isWindowAt(e.whenTrue, depth + 1) || isWindowAt(e.whenFalse, depth + 1);
    if (ts.isBinaryExpression(e) && isFallbackOperator(e.operatorToken.kind)) return isWindowAt(e.left, depth + 1);
    if (e.kind === ts.SyntaxKind.ThisKeyword) return classic && isTopLevelThis(e);
    if (ts.isPropertyAccessExpression(e)) {
      if (WINDOW_NAMES.has(e.name.text)) return isWindowAt(e.expression, depth + 1);
      // document.defaultView
      return e.name.text === 'defaultView' && ts.isIdentifier(e.expression) && e.expression.text === 'document';
    }
    return false;
  };

  const isFallbackOperator = (kind: ts.SyntaxKind): boolean =>
    kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;

  // `this` outside any function of a classic script is the global object.
  const isTopLevelThis = (node: ts.Node): boolean => {
    for (let at = node.parent; at; at = at.parent) {
      if (ts.isFunctionLike(at) && !ts.isArrowFunction(at)) return false;
      if (ts.isClassLike(at)) return false;
    }
    return true;
  };

  const nameLiteralsAt = (expr: ts.Expression, depth: number): ts.StringLiteralLike[] => {
    if (depth > MAX_DEPTH) return [];
    const e = unwrap(expr);
    if (ts.isStringLiteralLike(e)) return Object.hasOwn(CHATRA_GLOBALS, e.text) ? [e] : [];
    if (ts.isIdentifier(e)) {
      const b = resolve(e);
      if (b?.value && b.value !== e) return nameLiteralsAt(b.value, depth + 1);
    }
    if (ts.isConditionalExpression(e)) {
      return [...nameLiteralsAt(e.whenTrue, depth + 1), ...nameLiteralsAt(e.whenFalse, depth + 1)];
    }
    return [];
  };

  return {
    classic,
    resolve,
    isGlobalBinding,
    isGlobalRef,
    isWindow: (expr) => isWindowAt(expr, 0),
    nameLiterals: (expr) => nameLiteralsAt(expr, 0),
    unwrap,
  };
}
