import type { ts } from 'ts-morph';
import { SVYAZIO_GLOBALS } from '../../runtime/surface.js';
import { tsApi } from '../ts-api.js';
import { CONFIG_FIELDS } from './config-id.js';
import { GLOBAL_RENAMES } from './globals.js';
import { RuleOutput, type ParsedScript, type Rule } from './rule.js';

const CONFIG = SVYAZIO_GLOBALS.config;

function configType(field: string): string {
  return `{ ${field}?: string; [key: string]: unknown }`;
}

/**
 * `interface Window` members (and those of a `Window & { … }` type): `Chatra`, `ChatraSetup`, `ChatraIntegration`
 * renamed; `ChatraID`/`ChatraGroupID` become one `SvyazioConfig` member (or go
 * when it exists). `declare var ChatraID: string` becomes a `SvyazioConfig`
 * declaration. (`declare const Chatra` is a global binding: the globals rule renames it.)
 */
export const typingsRule: Rule = (file) => {
  const ts = tsApi();
  const out = new RuleOutput(file, 'typings');
  if (!/\bWindow\b|\bdeclare\b/.test(file.text)) return out;
  for (const node of file.nodes) {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Window') rewriteWindow(file, out, node.members);
    else if (ts.isTypeLiteralNode(node) && extendsWindow(node)) rewriteWindow(file, out, node.members);
    else if (ts.isVariableStatement(node)) rewriteAmbientConfig(file, out, node);
  }
  return out;
};

function memberName(member: ts.TypeElement): string | undefined {
  const ts = tsApi();
  const name = member.name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** `Window & { Chatra?: … }`: the type a site casts `window` to, in place or through an alias. */
function extendsWindow(literal: ts.TypeLiteralNode): boolean {
  const ts = tsApi();
  const parent = literal.parent;
  return (
    ts.isIntersectionTypeNode(parent) &&
    parent.types.some((t) => ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === 'Window')
  );
}

function rewriteWindow(file: ParsedScript, out: RuleOutput, members: ts.NodeArray<ts.TypeElement>): void {
  const ts = tsApi();
  let hasConfig = members.some((m) => memberName(m) === CONFIG);
  for (const member of members) {
    const name = memberName(member);
    if (!name || !member.name) continue;
    const renamed = GLOBAL_RENAMES.get(name);
    const field = CONFIG_FIELDS.get(name);
    if (renamed) {
      if (ts.isStringLiteral(member.name)) out.replaceString(member.name, renamed);
      else out.replace(member.name, renamed);
    } else if (field && !hasConfig && ts.isPropertySignature(member)) {
      const end = (member.type ?? member.questionToken ?? member.name).end;
      out.replaceRange(member.name.getStart(file.sf), end, `${CONFIG}?: ${configType(field)}`);
      hasConfig = true;
    } else if (field) {
      removeMember(file, out, member);
    }
  }
}

// A member on a line of its own goes with its line; otherwise just the member.
function removeMember(file: ParsedScript, out: RuleOutput, member: ts.TypeElement): void {
  const { text } = file;
  let start = member.getStart(file.sf);
  let end = member.end;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const eol = text.slice(end).match(/^[ \t]*(\r?\n)/);
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && eol) {
    start = lineStart;
    end += eol[0].length;
  } else {
    while (start > lineStart && /[ \t]/.test(text[start - 1])) start--;
  }
  out.replaceRange(start, end, '');
}

function isModuleFile(sf: ts.SourceFile): boolean {
  return Boolean((sf as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator);
}

function rewriteAmbientConfig(file: ParsedScript, out: RuleOutput, statement: ts.VariableStatement): void {
  const ts = tsApi();
  const declarations = statement.declarationList.declarations;
  for (const decl of declarations) {
    if (!ts.isIdentifier(decl.name)) continue;
    const field = CONFIG_FIELDS.get(decl.name.text);
    const binding = field && file.scope.resolve(decl.name);
    if (!field || !binding || binding.kind !== 'ambient') continue;
    if (declarations.length !== 1) {
      out.report('todo', decl.name, `declare ${decl.name.text}: replace it with a ${CONFIG} declaration by hand`);
      continue;
    }
    // In a module a top-level `declare var` is the module's own: `window.SvyazioConfig` needs a global one.
    if (ts.isSourceFile(statement.parent) && isModuleFile(file.sf)) {
      out.replace(statement, `declare global { var ${CONFIG}: ${configType(field)}; }`);
    } else {
      out.replaceRange(decl.name.getStart(file.sf), decl.end, `${CONFIG}: ${configType(field)}`);
    }
  }
}
