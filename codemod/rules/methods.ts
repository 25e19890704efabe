import type { ts } from 'ts-morph';
import { LEGACY_METHODS, METHOD_NAMES, WRAPPER_ONLY_METHODS } from '../../runtime/surface.js';
import { tsApi } from '../ts-api.js';
import { isWidgetBinding } from './globals.js';
import { isWrapperCallee } from './imports.js';
import { RuleOutput, type ParsedScript, type Rule } from './rule.js';

const KNOWN = new Set(METHOD_NAMES);
// Function.prototype members are no widget methods, but calling them is no mistake either.
const FUNCTION_MEMBERS = new Set(['call', 'apply', 'bind', 'toString', 'hasOwnProperty']);

/**
 * Legacy method names become their modern names, in both call shapes:
 * `Chatra('showChat')` and `Chatra.showChat()`. A name the widget does not have
 * is reported with its place and left as it is.
 */
export const methodsRule: Rule = (file) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'methods');
  for (const node of file.nodes) {
    if (!ts.isCallExpression(node)) continue;
    const callee = file.scope.unwrap(node.expression);
    const wrapper = isWrapperCallee(file, callee);
    if (wrapper || isApi(file, callee)) {
      const [first] = node.arguments;
      if (first) checkMethodArgument(file, out, first, wrapper);
    } else if (ts.isPropertyAccessExpression(callee) && !FUNCTION_MEMBERS.has(callee.name.text)) {
      const target = file.scope.unwrap(callee.expression);
      const targetIsWrapper = isWrapperCallee(file, target);
      if (targetIsWrapper || isApi(file, target)) {
        checkMethod(out, callee.name, callee.name.text, targetIsWrapper, (name) => out.replace(callee.name, name));
      }
    }
  }
  return out;
};

/**
 * The method argument: a literal, each literal branch of `open ? 'showChat' : 'hideChat'`,
 * or, for a name held in a variable, a report of the legacy names it may hold
 * (the variable may serve other code, so it is not rewritten).
 */
function checkMethodArgument(file: ParsedScript, out: RuleOutput, arg: ts.Expression, wrapper: boolean): void {
  const ts = tsApi();
  const e = file.scope.unwrap(arg);
  if (ts.isStringLiteralLike(e)) {
    checkMethod(out, e, e.text, wrapper, (name) => out.replaceString(e, name));
  } else if (ts.isConditionalExpression(e)) {
    checkMethodArgument(file, out, e.whenTrue, wrapper);
    checkMethodArgument(file, out, e.whenFalse, wrapper);
  } else if (ts.isIdentifier(e)) {
    const value = file.scope.resolve(e)?.value;
    const legacy = value ? literalsOf(file, value).filter((l) => LEGACY_METHODS[l.text]) : [];
    for (const l of legacy) {
      out.report('warning', arg, `method name in ${e.text} may be the legacy "${l.text}": use "${LEGACY_METHODS[l.text]}"`, 'legacy-method');
    }
  }
}

function literalsOf(file: ParsedScript, expr: ts.Expression): ts.StringLiteralLike[] {
  const ts = tsApi();
  const e = file.scope.unwrap(expr);
  if (ts.isStringLiteralLike(e)) return [e];
  if (ts.isConditionalExpression(e)) return [...literalsOf(file, e.whenTrue), ...literalsOf(file, e.whenFalse)];
  return [];
}

function checkMethod(out: RuleOutput, at: ts.Node, name: string, wrapper: boolean, rename: (name: string) => void): void {
  const modern = LEGACY_METHODS[name];
  if (modern) rename(modern);
  else if (!KNOWN.has(name) && !(wrapper && WRAPPER_ONLY_METHODS.includes(name))) {
    out.report('warning', at, `the widget has no method "${name}"; left as it is`, 'unknown-method');
  }
}

/** `expr` is the widget API: the `Chatra` global in any of its shapes, or a local alias of it. */
export function isApi(file: ParsedScript, expr: ts.Expression, depth = 0): boolean {
  const ts = tsApi();
  const { scope } = file;
  const e = scope.unwrap(expr);
  if (depth > 8) return false;
  if (ts.isIdentifier(e)) {
    const binding = scope.resolve(e);
    if (!binding || isWidgetBinding(file, binding)) {
      if (e.text === 'Chatra') return true;
    }
    return binding?.value !== undefined && binding.value !== e && isApi(file, binding.value, depth + 1);
  }
  if (ts.isPropertyAccessExpression(e)) return e.name.text === 'Chatra' && scope.isWindow(e.expression);
  if (ts.isElementAccessExpression(e)) {
    return scope.isWindow(e.expression) && scope.nameLiterals(e.argumentExpression).some((l) => l.text === 'Chatra');
  }
  return false;
}
