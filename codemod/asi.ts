import type { ts } from 'ts-morph';
import type { Edit } from './types.js';
import type { ParsedScript } from './rules/rule.js';
import { tsApi } from './ts-api.js';

// A statement starting with one of these continues an unterminated previous line.
const HAZARD_START = /^[([`+\-/]/;

/**
 * Semicolon-less code (StandardJS, prettier `semi: false`) relies on ASI. An
 * edit that makes a statement start with `(` would glue it to the previous line
 * as a call (`getKey()⏎(window.SvyazioConfig …)`), so such an edit gets the
 * leading `;` that style itself uses, and only when the previous statement
 * does not already end the line safely.
 */
export function guardAsi(file: ParsedScript, edits: Edit[]): Edit[] {
  if (!edits.some((e) => HAZARD_START.test(e.text))) return edits;
  const starts = hazardousStatementStarts(file);
  return edits.map((edit) =>
    HAZARD_START.test(edit.text) && starts.has(edit.start) && !HAZARD_START.test(file.text.slice(edit.start, edit.start + 1))
      ? { ...edit, text: `;${edit.text}` }
      : edit,
  );
}

/** Start offsets of the statements that follow an unterminated statement in the same list. */
function hazardousStatementStarts(file: ParsedScript): Set<number> {
  const ts = tsApi();
  const starts = new Set<number>();
  for (const node of [file.sf, ...file.nodes]) {
    const list = statementList(node);
    if (!list) continue;
    for (let i = 1; i < list.length; i++) {
      if (ts.isExpressionStatement(list[i]) && !endsSafely(file, list[i - 1])) starts.add(list[i].getStart(file.sf));
    }
  }
  return starts;
}

function statementList(parent: ts.Node): readonly ts.Statement[] | null {
  const ts = tsApi();
  if (ts.isSourceFile(parent) || ts.isBlock(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
    return parent.statements;
  }
  return null;
}

// A `}` ends a line safely only when it closes a block, not an expression (`f = function () {}`).
function endsSafely(file: ParsedScript, statement: ts.Statement): boolean {
  const ts = tsApi();
  const last = file.text[statement.end - 1];
  if (last === ';') return true;
  if (last !== '}') return false;
  if (ts.isIfStatement(statement)) return endsSafely(file, statement.elseStatement ?? statement.thenStatement);
  if (ts.isIterationStatement(statement, false) || ts.isLabeledStatement(statement) || ts.isWithStatement(statement)) {
    return endsSafely(file, statement.statement);
  }
  return !(
    ts.isExpressionStatement(statement) ||
    ts.isVariableStatement(statement) ||
    ts.isReturnStatement(statement) ||
    ts.isThrowStatement(statement) ||
    ts.isExportAssignment(statement) ||
    ts.isTypeAliasDeclaration(statement)
  );
}
