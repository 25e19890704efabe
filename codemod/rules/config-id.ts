import type { ts } from 'ts-morph';
import { CHATRA_GLOBALS, SVYAZIO_GLOBALS } from '../../runtime/surface.js';
import { tsApi } from '../ts-api.js';
import { windowAssignedProperties } from './globals.js';
import { identifierRole, RuleOutput, type ParsedScript, type Rule } from './rule.js';

/** Chatra globals that become a field of SvyazioConfig: `ChatraID` → `orgId`, … */
export const CONFIG_FIELDS: ReadonlyMap<string, string> = new Map(
  Object.entries(CHATRA_GLOBALS).flatMap(([name, t]) => (t.kind === 'configField' ? [[name, t.field] as const] : [])),
);

const IGNORED = new Set(Object.entries(CHATRA_GLOBALS).flatMap(([name, t]) => (t.kind === 'ignored' ? [name] : [])));

const CONFIG = SVYAZIO_GLOBALS.config;

/**
 * `(w.SvyazioConfig = w.SvyazioConfig || {}).orgId`: assignable, and creates the
 * config on first use. `typed`: the object is cast to a type that does not know
 * SvyazioConfig (`window as unknown as Record<string, unknown>`), so the config
 * gets a type of its own, or strict TypeScript sees `{}` with no `orgId`.
 */
export function configAssignmentTarget(object: string, field: string, typed = false): string {
  return `(${object}.${CONFIG} = ${withType(`${object}.${CONFIG} || {}`, field, typed)}).${field}`;
}

function configRead(object: string, field: string, typed = false): string {
  return `${typed ? '' : '('}${withType(`${object}.${CONFIG} || {}`, field, typed)}${typed ? '' : ')'}.${field}`;
}

function withType(expression: string, field: string, typed: boolean): string {
  return typed ? `((${expression}) as { ${field}?: string })` : expression;
}

/**
 * `ChatraID` and `ChatraGroupID` (bare, on the global object or an alias, by
 * bracket access) become `orgId` and `groupId` of SvyazioConfig: assignments
 * create the config object, reads tolerate its absence, and a top-level
 * `var ChatraID = …` of a classic script merges into it.
 */
export const configIdRule: Rule = (file, ctx) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'config-id');
  const { scope } = file;
  const { orgId } = ctx.options;
  for (const node of file.nodes) {
    if (ts.isIdentifier(node)) {
      const field = CONFIG_FIELDS.get(node.text);
      if (!field && !IGNORED.has(node.text)) continue;
      const role = identifierRole(node);
      if (!field) {
        const onWindow = role === 'member' && scope.isWindow((node.parent as ts.PropertyAccessExpression).expression);
        if (onWindow || (role === 'reference' && scope.isGlobalRef(node))) {
          out.report('warning', node, `${node.text} has no Svyazio equivalent: left as is`);
        }
      } else if (role === 'member') {
        const access = node.parent as ts.PropertyAccessExpression;
        if (scope.isWindow(access.expression)) rewriteAccess(file, out, access, access.expression, field, orgId);
      } else if (role === 'reference' && scope.isGlobalRef(node)) {
        rewriteAccess(file, out, node, 'window', field, orgId);
      } else if (role === 'shorthand' && scope.isGlobalRef(node)) {
        out.replace(node, `${node.text}: ${configRead('window', field)}`);
      } else if (role === 'declaration') {
        rewriteDeclaration(file, out, node, field, orgId);
      }
    } else if (ts.isCallExpression(node)) {
      rewriteAssignedFields(file, out, node, orgId);
    } else if (ts.isElementAccessExpression(node) && scope.isWindow(node.expression)) {
      const literal = scope.nameLiterals(node.argumentExpression).find((l) => CONFIG_FIELDS.has(l.text));
      if (literal) rewriteAccess(file, out, node, node.expression, CONFIG_FIELDS.get(literal.text)!, orgId);
    }
  }
  return out;
};

/**
 * `Object.assign(window, { ChatraID: X })` → `{ SvyazioConfig: { orgId: X } }`.
 * Two config fields in one object would make two SvyazioConfig keys: reported.
 */
function rewriteAssignedFields(file: ParsedScript, out: RuleOutput, call: ts.CallExpression, orgId: string | undefined): void {
  const fields = windowAssignedProperties(file, call).filter((p) => CONFIG_FIELDS.has(p.name.text));
  if (fields.length > 1) {
    for (const p of fields) out.report('todo', p, `${p.name.text} assigned with other config fields: merge them into one ${CONFIG} object by hand`);
    return;
  }
  for (const property of fields) {
    const field = CONFIG_FIELDS.get(property.name.text)!;
    // Two splices around the value, so edits inside the value still apply.
    out.replaceRange(property.name.getStart(file.sf), property.initializer.getStart(file.sf), `${CONFIG}: { ${field}: `);
    out.replaceRange(property.initializer.end, property.initializer.end, ' }');
    carryValue(file, out, property.initializer, field, orgId);
  }
}

function textOf(file: ParsedScript, node: ts.Node): string {
  return file.text.slice(node.getStart(file.sf), node.end);
}

function rewriteAccess(
  file: ParsedScript,
  out: RuleOutput,
  ref: ts.Expression,
  objectNode: ts.Expression | 'window',
  field: string,
  orgId: string | undefined,
): void {
  const ts = tsApi();
  const object = objectNode === 'window' ? objectNode : textOf(file, objectNode);
  const typed = objectNode !== 'window' && (file.lang === 'ts' || file.lang === 'tsx') && isCast(objectNode);
  let outer: ts.Node = ref;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  if (ts.isBinaryExpression(parent) && parent.left === outer && isAssignment(parent.operatorToken.kind)) {
    if (replacesWhole(parent.operatorToken.kind)) {
      out.replace(ref, configAssignmentTarget(object, field, typed));
      carryValue(file, out, parent.right, field, orgId);
    } else {
      out.report('todo', ref, `compound assignment to ${textOf(file, ref)}: rewrite it to SvyazioConfig.${field} by hand`);
    }
    return;
  }
  if (
    (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)
  ) {
    out.report('todo', ref, `update of ${textOf(file, ref)}: rewrite it to SvyazioConfig.${field} by hand`);
    return;
  }
  out.replace(ref, configRead(object, field, typed));
}

function isCast(expr: ts.Expression): boolean {
  const ts = tsApi();
  let e: ts.Expression = expr;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isAsExpression(e) || ts.isTypeAssertionExpression(e);
}

// `=`, and the logical assignments that either keep the field or replace it whole: `??=`, `||=`, `&&=`.
function replacesWhole(kind: ts.SyntaxKind): boolean {
  const { SyntaxKind } = tsApi();
  return (
    kind === SyntaxKind.EqualsToken ||
    kind === SyntaxKind.QuestionQuestionEqualsToken ||
    kind === SyntaxKind.BarBarEqualsToken ||
    kind === SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  const { SyntaxKind } = tsApi();
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

// The rules that edit inside expressions all look for one of these.
const EDITED_INSIDE = /Chatra|chatra\.|#chatra|chatraChat|chatra--|chatra-mobile/;

/**
 * The org ID a Chatra snippet assigns: `--org-id` replaces it; without it the
 * expression is carried over and listed as a to-do.
 */
function carryValue(file: ParsedScript, out: RuleOutput, value: ts.Expression, field: string, orgId: string | undefined): void {
  if (field !== 'orgId') return;
  const text = textOf(file, value);
  if (orgId === undefined) {
    out.report('todo', value, `org ID carried over from Chatra (${text}): check it is your Svyazio org ID, or pass --org-id`);
  } else if (EDITED_INSIDE.test(text)) {
    out.report('todo', value, `org ID expression ${text} left as is: set it to ${JSON.stringify(orgId)} by hand`);
  } else {
    out.replace(value, JSON.stringify(orgId));
  }
}

function rewriteDeclaration(file: ParsedScript, out: RuleOutput, id: ts.Identifier, field: string, orgId: string | undefined): void {
  const ts = tsApi();
  const binding = file.scope.resolve(id);
  if (binding?.id !== id || !file.scope.isGlobalBinding(binding)) return;
  const decl = id.parent;
  // `declare var ChatraID` is a typing: the typings rule owns it.
  if (binding.kind === 'ambient') return;
  const statement = decl.parent?.parent;
  if (
    !ts.isVariableDeclaration(decl) ||
    !decl.initializer ||
    !ts.isVariableStatement(statement) ||
    statement.declarationList.declarations.length !== 1
  ) {
    out.report('todo', id, `declaration of ${id.text}: move its value to window.${CONFIG}.${field} by hand`);
    return;
  }
  // Two splices around the value, so edits inside the value still apply.
  const valueStart = decl.initializer.getStart(file.sf);
  out.replaceRange(statement.getStart(file.sf), valueStart, `window.${CONFIG} = Object.assign(window.${CONFIG} || {}, { ${field}: `);
  out.replaceRange(decl.initializer.end, statement.end, ' });');
  carryValue(file, out, decl.initializer, field, orgId);
}
